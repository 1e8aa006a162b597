#include <stdio.h>
#define N 1000
double c[N + 2];
int main(void) {
  int t, x = 0;
  /*OMP*/
  for (t = 1; t < N; t++) {
    do {
      c[t] = x * 0.5;
    } while ((x = t) < 0);
  }
  double s = 0;
  for (t = 0; t < N; t++) s += c[t] * (t + 1);
  printf("%.6f %d\n", s, x);
  return 0;
}
