#include <stdio.h>
#include <stdlib.h>
#define LEAVE goto out
#define OUT LEAVE
static double work(double *a, double *b, int n, int k) {
  double t = 0, r = 0;
  /*OMP*/
  for (int i = 0; i < n; i++) {
    t = a[i] * 2;
    b[i] = t + 1;
  }
  if (k) OUT;
  t = 0;
  { out: r = t; }
  return r;
}
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  int k = argc > 2 ? atoi(argv[2]) : 1;
  double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
  for (int i = 0; i < n; i++) a[i] = i * 0.5;
  double r = work(a, b, n, k);
  double s = 0; for (int i = 0; i < n; i++) s += b[i];
  printf("%f %f\n", s, r);
  return 0;
}
