#include <stdio.h>
#include <stdlib.h>
int g;
static void quiet(int i) { (void)i; }
static void step(int i) { g = (g * 3 + i) % 1000003; }
#define step quiet
static void prep(int n, double *a) { for (int i = 0; i < n; i++) { a[i] = i; step(i); } }
#undef step
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  double *a = malloc(n * sizeof *a);
  prep(n, a);
  /*OMP*/
  for (int i = 0; i < n; i++) {
    a[i] = a[i] * 2;
    step(i);
  }
  double s = 0; for (int i = 0; i < n; i++) s += a[i];
  printf("%f %d\n", s, g);
  return 0;
}
