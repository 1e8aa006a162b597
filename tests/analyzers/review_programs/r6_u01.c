#include <stdio.h>
#define N 1000
double b[N + 2];
int main(void) {
  int i, j, x = 0;
  for (i = 0; i < N; i++) b[i] = i % 7;
  /*OMP*/
  for (i = 1; i < N; i++) {
    for (j = 0; j < 2; b[x] = b[x] * 0.5 + i, j++) {
      if (j == 0) continue;
      x = i;
    }
  }
  double s = 0;
  for (i = 0; i < N; i++) s += b[i] * (i + 1);
  printf("%.6f\n", s);
  return 0;
}
