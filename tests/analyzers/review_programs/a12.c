#include <stdio.h>
#include <stdlib.h>
#define N 1000
double *gx, *gy;
void k(int n, double *a, double *b) {
  /*OMP*/
  for (int i = 0; i < n; i++) a[i] = b[i + 1] + 1;
}
void setup(void) { gx = malloc((N + 2) * sizeof(double)); gy = malloc((N + 2) * sizeof(double)); }
void share(double **p) { *p = gx; }
int main(void) {
  setup(); share(&gy);
  for (int i = 0; i <= N; i++) { gx[i] = i; }
  k(N, gx, gy);
  double s = 0; for (int i = 0; i <= N; i++) s += gx[i] * (i + 1);
  printf("%.10g\n", s); return 0;
}
