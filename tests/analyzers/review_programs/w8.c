#include <stdio.h>
#define N 1000
#define M 16
double a[N + 1][M];
void step(double *p, int i) { p[0] = p[-M] + p[M]; }
int main(void) {
  for (int i = 0; i <= N; i++) for (int k = 0; k < M; k++) a[i][k] = i + k;
  /*OMP*/
  for (int i = 1; i < N; i++) step(&a[i][0], i);
  double s = 0; for (int i = 0; i <= N; i++) for (int k = 0; k < M; k++) s += a[i][k] * (i + 1);
  printf("%.10g\n", s); return 0;
}
