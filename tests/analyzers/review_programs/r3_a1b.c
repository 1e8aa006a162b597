#include <stdio.h>
#include <stdlib.h>
double x;
static void sq(int i, double *p) { *p = (double)i * i + 1.0; }
static double peek(void) { return x; }
static void work(double *a, int n) {
  extern double x;
  /*OMP*/
  for (int i = 0; i < n; i++) {
    x = (double)i * i + 1.0;
    a[i] = x * 0.5;
  }
}
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  double *a = malloc(n * sizeof *a);
  work(a, n);
  double s = 0; for (int i = 0; i < n; i++) s += a[i];
  printf("%f %f\n", s, peek());
  return 0;
}
