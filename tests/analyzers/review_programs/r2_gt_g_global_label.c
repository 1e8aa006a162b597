#include <stdio.h>
#include <stdlib.h>
static double tmp;
static double id(double x) { return x; }
static double work(int n, double *a, double *b, double *c) {
  tmp = 0;
  /*OMP*/
  for (int i = 0; i < n; i++) {
    tmp = a[i] * 2;
    b[i] = tmp + 1;
  }
  if (n > 3) goto L; tmp = 0; L: c[0] = tmp;
  return 0;
}
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  double *a = malloc(n * sizeof *a), *b = calloc(n, sizeof *b), *c = calloc(n, sizeof *c);
  for (int i = 0; i < n; i++) a[i] = i * 0.5;
  double p = work(n, a, b, c);
  double s = 0; for (int i = 0; i < n; i++) s += b[i] + c[i] * 3;
  printf("%f %f\n", s, p);
  return 0;
}
