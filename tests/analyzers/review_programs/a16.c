#include <stdio.h>
#include <stdlib.h>
#define N 1000
double X[N + 2], Y[N + 2];
void k(int n, double *a, double *b) {
  /*OMP*/
  for (int i = 0; i < n; i++) a[i] = b[i + 1] + 1;
}
void (*kernel)(int, double *, double *) = k;
int main(void) {
  for (int i = 0; i <= N; i++) X[i] = i;
  k(N, Y, X);
  kernel(N, X, X);
  double s = 0; for (int i = 0; i <= N; i++) s += X[i] * (i + 1) + Y[i];
  printf("%.10g\n", s); return 0;
}
