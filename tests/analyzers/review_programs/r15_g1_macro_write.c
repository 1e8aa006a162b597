#include <stdio.h>
#include <stdlib.h>
#define SHIFT_BACK if (argc > 3) off = 1 - n
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 20000;
  int off = argc > 2 ? atoi(argv[2]) : 2;
  if (n <= 0 || off < 0) { printf("bad\n"); exit(1); }
  SHIFT_BACK;
  double *a = malloc(sizeof(double) * (6 * n + 100));
  double *base = a + 3 * n;
  for (int i = 0; i < 6 * n + 100; i++) a[i] = i % 7;
  double *b = base + n + off;
  /*OMP*/
  for (int i = 0; i < n; i++)
    b[i] = base[i] * 0.5 + 1;
  double s = 0;
  for (int i = 0; i < 6 * n + 100; i++) s += a[i] * (i % 5 + 1);
  printf("%.10f\n", s);
  return 0;
}
