#include <stdio.h>
#define N 1000
double a[2 * N + 2];
int g;
static int max(int p, int q) { g = g + 1; return p > q ? p : q; }
int main(int argc, char **argv) {
  int i, j, x;
  for (i = 0; i < 2 * N + 2; i++) a[i] = i % 7;
  g = argc - 1;
  x = g;
  i = max(1, 2);
  /*OMP*/
  for (j = 1; j < N; j++) {
    a[j + x] = a[j + g] * 0.5 + j;
  }
  double s = 0;
  for (i = 0; i < 2 * N + 2; i++) s += a[i] * (i + 1);
  printf("%.6f %d\n", s, i);
  return 0;
}
