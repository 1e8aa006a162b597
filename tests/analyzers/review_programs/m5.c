#include <stdio.h>
#define N 1000
double x[3 * N + 4];
#define EVEN(a, i) a[i * 2]
int main(void) {
  for (int i = 0; i < 3 * N + 4; i++) x[i] = i;
  /*OMP*/
  for (int i = 0; i < N; i++) x[2 * i + 1] = EVEN(x, i + 1) + 1;
  double s = 0; for (int i = 0; i < 3 * N + 4; i++) s += x[i] * (i + 1);
  printf("%.10g\n", s); return 0;
}
