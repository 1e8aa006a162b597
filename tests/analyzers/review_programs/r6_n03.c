#include <stdio.h>
#define N 1000
double a[3 * N + 2];
int main(int argc, char **argv) {
  int i;
  long l = argc + 4294967295L;
  for (i = 0; i < 3 * N + 2; i++) a[i] = i % 7;
  /*OMP*/
  for (i = 0; i < N; i++) {
    a[(int)l + i] = a[l - 4294967296L + i + 1] * 0.5 + i;
  }
  double s = 0;
  for (i = 0; i < 3 * N + 2; i++) s += a[i] * (i + 1);
  printf("%.6f\n", s);
  return 0;
}
