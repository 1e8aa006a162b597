#include <stdio.h>
#include <string.h>
#define N 1000
double a[N + 2];
void cp(double *p, const double *q) { memcpy(p, q, sizeof(double)); }
int main(void) {
  for (int i = 0; i <= N; i++) a[i] = i;
  /*OMP*/
  for (int i = 0; i < N; i++) cp(&a[i], &a[i + 1]);
  double s = 0; for (int i = 0; i <= N; i++) s += a[i] * (i + 1);
  printf("%.10g\n", s); return 0;
}
