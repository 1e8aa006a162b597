#include <stdio.h>
#define N 1000
double a[6002], b[6002];
int k;
int main(void) {
  int i;
  for (i = 0; i < 6002; i++) a[i] = i % 7;
  {
    int k = 5000;
    b[k] = 1;
  }
  /*OMP*/
  for (i = 0; i < N; i++) {
    a[i + k] = a[i + 1] * 0.5 + i;
  }
  double s = 0;
  for (i = 0; i < 6002; i++) s += a[i] * (i + 1) + b[i];
  printf("%.6f\n", s);
  return 0;
}
