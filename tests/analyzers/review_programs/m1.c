#include <stdio.h>
#define N 1000
double x_buf[N + 1], _buf[N + 1];
#define GET(name, i) name##_buf[i]
int main(void) {
  for (int i = 0; i <= N; i++) x_buf[i] = i;
  /*OMP*/
  for (int i = 0; i < N; i++) x_buf[i] = GET(x, i + 1) * 0.5;
  double s = 0; for (int i = 0; i <= N; i++) s += x_buf[i] * (i + 1);
  printf("%.10g\n", s); return 0;
}
