#include <stdio.h>
#include <stdlib.h>
int g;
static void quiet(int i) { (void)i; }
static void bump(int i) { g = (g * 3 + i) % 1000003; }
static void step(int i) { g = g + i; }
#define step quiet
#define quiet bump
static void work(int n, double *a) {
  /*OMP*/
  for (int i = 0; i < n; i++) {
    a[i] = a[i] * 2;
    step(i);
  }
}
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  double *a = malloc(n * sizeof *a);
  for (int i = 0; i < n; i++) a[i] = i;
  work(n, a);
  double s = 0; for (int i = 0; i < n; i++) s += a[i];
  printf("%f %d\n", s, g);
  return 0;
}
