#include <stdio.h>
#include <string.h>
#define N 20000
#define M 16
double a[N + 1][M];
void cp(double *p) { for (int k = 0; k < M; k++) p[k] = p[k + M]; }
int main(void) {
  for (int i = 0; i <= N; i++) for (int k = 0; k < M; k++) a[i][k] = i;
  /*OMP*/
  for (int i = 0; i < N; i++) cp(a[i]);
  double s = 0; for (int i = 0; i <= N; i++) for (int k = 0; k < M; k++) s += a[i][k] * (i + 1);
  printf("%.10g\n", s); return 0;
}
