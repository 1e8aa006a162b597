#include <stdio.h>
#define N 1000
double a[3 * N + 2];
int main(void) {
  int i;
  for (i = 0; i < 3 * N + 2; i++) a[i] = i % 7;
  /*OMP*/
  for (i = 0; i < N; i++) {
    long x = i - 1000u;
    a[x - 4294967296L + 2000] = a[i + 1001] * 0.5 + i;
  }
  double s = 0;
  for (i = 0; i < 3 * N + 2; i++) s += a[i] * (i + 1);
  printf("%.6f\n", s);
  return 0;
}
