#include <stdio.h>
#include <stdlib.h>
static double work(double *a, double *b, double *c, int n, int k) {
  double t = 0;
  /*OMP*/
  for (int i = 0; i < n; i++) {
    t = a[i] * 2;
    b[i] = t + 1;
  }
  int j = 0;
  switch (k) {
  case 0:
    for (j = 0; j < 4; j++) {
      t = j;
  case 1:
      c[j] = t;
    }
  }
  return c[0];
}
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  int k = argc > 2 ? atoi(argv[2]) : 1;
  double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), c[4] = {0};
  for (int i = 0; i < n; i++) a[i] = i * 0.5;
  double r = work(a, b, c, n, k);
  double s = 0; for (int i = 0; i < n; i++) s += b[i];
  printf("%f %f %f %f %f\n", s, r, c[1], c[2], c[3]);
  return 0;
}
