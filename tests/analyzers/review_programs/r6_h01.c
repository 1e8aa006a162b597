#include <stdio.h>
#define N 1000
double a[N + 2];
int main(void) {
  int i, x;
  for (i = 0; i < N; i++) a[i] = i % 7;
  /*OMP*/
  for (i = 1; i < N; i++) {
    x = i;
    (void)sizeof(int[(x = 0) + 1]);
    a[x] = a[x] * 0.5 + i;
  }
  double s = 0;
  for (i = 0; i < N; i++) s += a[i] * (i + 1);
  printf("%.6f\n", s);
  return 0;
}
