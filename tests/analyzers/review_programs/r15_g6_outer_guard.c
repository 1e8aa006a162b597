#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 20000;
  int k = 0;
  if (n <= 0 || k < 0) exit(1);
  double *a = malloc(sizeof(double) * (4 * n + 10));
  for (int i = 0; i < 4 * n + 10; i++) a[i] = i % 7;
  double *base = a + 2 * n;
  double *b = base + n;
  for (int t = 0; t < 3; t++) {
    /*OMP*/
    for (int i = 0; i < n; i++)
      b[i + k] = base[i] * 0.5 + 1;
    k = 1 - n;
  }
  double s = 0;
  for (int i = 0; i < 4 * n + 10; i++) s += a[i] * (i % 5 + 1);
  printf("%.10f\n", s);
  return 0;
}
