#include <stdio.h>
#define N 400
double L[N], x[N], y[N];
int idx[N];
void f5(int n) {
  int m = 0;
  /*OMP*/
  for (int j = 0; j < n; j++) { m = idx[j]; x[m] += L[j]; y[j] = x[m + 1]; }
}
int main(void) {
  for (int j = 0; j < N; j++) { idx[j] = j % 4; L[j] = j; }
  f5(N);
  double s = 0; for (int j = 0; j < N; j++) s += y[j] * (j + 1) + x[j];
  printf("%g\n", s); return 0;
}
