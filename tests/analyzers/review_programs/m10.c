#include <stdio.h>
#define N 1000
double x[N + 2], g[N + 2];
#ifndef SAFE
#define G(i) (x[(i) + 1])
#else
#define G(i) (g[i])
#endif
int main(void) {
  for (int i = 0; i <= N; i++) { x[i] = i; g[i] = 1; }
  /*OMP*/
  for (int i = 0; i < N; i++) x[i] = G(i) * 0.5;
  double s = 0; for (int i = 0; i <= N; i++) s += x[i] * (i + 1);
  printf("%.10g\n", s); return 0;
}
