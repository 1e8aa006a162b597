#include <stdio.h>
#define N 1000
double a[N + 2];
int main(void) {
  int t, x = 0;
  for (t = 0; t < N; t++) a[t] = t % 7;
  /*OMP*/
  for (t = 1; t < N; t++) {
    x = 0;
    do {
      a[x] = a[x] * 0.5 + t;
    } while (({ x = t; 0; }));
  }
  double s = 0;
  for (t = 0; t < N; t++) s += a[t] * (t + 1);
  printf("%.6f\n", s);
  return 0;
}
