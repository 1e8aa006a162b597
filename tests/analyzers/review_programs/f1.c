#include <stdio.h>
#define N 1000
double a[2 * N + 2];
int main(void) {
  for (int i = 0; i < 2 * N + 2; i++) a[i] = i;
  double *p = a + N;
  /*OMP*/
  for (int i = 0; i < N; i++) { p[i] = p[i] + 1; p--; }
  double s = 0; for (int i = 0; i < 2 * N + 2; i++) s += a[i] * (i + 1);
  printf("%.10g\n", s); return 0;
}
