#include <stdio.h>
#include <stdlib.h>
static double tmp;
static double last(int skip) {
  if (skip) goto out;
  tmp = 0;
out:
  return tmp;
}
static void work(int n, double *a, double *b) {
  /*OMP*/
  for (int i = 0; i < n; i++) {
    tmp = a[i] * 2;
    b[i] = tmp + 1;
  }
}
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
  for (int i = 0; i < n; i++) a[i] = i * 0.5;
  work(n, a, b);
  double s = 0; for (int i = 0; i < n; i++) s += b[i];
  printf("%f %f\n", s, last(1));
  return 0;
}
