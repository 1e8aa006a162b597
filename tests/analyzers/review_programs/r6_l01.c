#include <stdio.h>
#define N 1000
double a[2 * N + 2];
int main(void) {
  int i, t, j, x;
  for (i = 0; i < 2 * N + 2; i++) a[i] = i % 7;
  x = 0;
  for (t = 0; t < 2; t++) {
    /*OMP*/
    for (j = 1; j < N; j++) {
      a[j + x] = a[j] * 0.5 + j;
    }
    (x) = 1;
  }
  double s = 0;
  for (i = 0; i < 2 * N + 2; i++) s += a[i] * (i + 1);
  printf("%.6f\n", s);
  return 0;
}
