#include <stdio.h>
#include <stdlib.h>
double glob;
static void sq(int i, double *p) { *p = (double)i * i + 1.0; }
static void work(double *a, int n) {
  double x = 0;
  a[0] = x;
#define x glob
  /*OMP*/
  for (int i = 0; i < n; i++) {
    sq(i, &x);
    a[i] += x;
  }
}
#undef x
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  double *a = malloc(n * sizeof *a);
  work(a, n);
  double s = 0; for (int i = 0; i < n; i++) s += a[i];
  printf("%f %f\n", s, glob);
  return 0;
}
