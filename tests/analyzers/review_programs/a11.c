#include <stdio.h>
#include <stdlib.h>
#define N 1000
void k(int n, double *a, double *b) {
  /*OMP*/
  for (int i = 0; i < n; i++) a[i] = b[i + 1] + 1;
}
int main(void) {
  double *x = malloc((N + 2) * sizeof(double));
  double *y = malloc((N + 2) * sizeof(double));
  double **pp = &y;
  for (int i = 0; i <= N; i++) { x[i] = i; y[i] = 0; }
  *pp = x;
  k(N, x, y);
  double s = 0; for (int i = 0; i <= N; i++) s += x[i] * (i + 1);
  printf("%.10g\n", s); return 0;
}
