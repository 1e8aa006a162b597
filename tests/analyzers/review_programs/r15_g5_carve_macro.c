#include <stdio.h>
#include <stdlib.h>
#define GROW n *= 2
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 20000;
  if (n <= 0) { printf("bad\n"); exit(1); }
  double *a = malloc(sizeof(double) * (6 * n + 100));
  for (int i = 0; i < 6 * n + 100; i++) a[i] = i % 7;
  double *b = a + n;
  GROW;
  /*OMP*/
  for (int i = 0; i < n; i++)
    b[i] = a[i] * 0.5 + 1;
  double s = 0;
  for (int i = 0; i < 3 * n; i++) s += a[i] * (i % 5 + 1);
  printf("%.10f\n", s);
  return 0;
}
