#include <stdio.h>
#define N 1000
#define JUMP(l) goto l
double a[2 * N + 2];
int main(void) {
  int i, j, t, x;
  for (i = 0; i < 2 * N + 2; i++) a[i] = i % 7;
  x = 0; t = 0; again: ;
  /*OMP*/
  for (j = 1; j < N; j++) {
    a[j + x] = a[j] * 0.5 + j;
  }
  x = 1;
  t++;
  if (t < 2) JUMP(again);
  double s = 0;
  for (i = 0; i < 2 * N + 2; i++) s += a[i] * (i + 1);
  printf("%.6f\n", s);
  return 0;
}
