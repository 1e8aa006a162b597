#include <stdio.h>
#include <stdlib.h>

static double work(int n, double *a, double *b) {
  double acc = 0, tmp;
  int rounds = 0;
  tmp = 0;
again:
  acc += tmp;
  /*OMP*/
  for (int i = 0; i < n; i++) {
    tmp = a[i] * 2 + rounds;
    b[i] += tmp;
  }
  if (++rounds < 3) goto again;
  return acc;
}
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  double *a = malloc(n * sizeof *a), *b = calloc(n, sizeof *b);
  for (int i = 0; i < n; i++) a[i] = i * 0.5;
  double p = work(n, a, b);
  double s = 0; for (int i = 0; i < n; i++) s += b[i];
  printf("%f %f\n", s, p);
  return 0;
}
