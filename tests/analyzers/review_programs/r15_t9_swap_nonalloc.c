#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 20000;
  if (n <= 0) return 1;
  double *x = malloc(sizeof(double) * (n + 10));
  double *z = malloc(sizeof(double) * (n + 10));
  for (int i = 0; i < n + 10; i++) { x[i] = i % 7; z[i] = i % 3; }
  double *w = z + 5;
  double *t = x; x = w; w = t;
  double *p = x + 1;
  /*OMP*/
  for (int i = 0; i < n - 6; i++)
    p[i] = z[i] * 0.5 + 1;
  double s = 0;
  for (int i = 0; i < n + 10; i++) s += z[i] * (i % 5 + 1) + w[i];
  printf("%.10f\n", s);
  return 0;
}
