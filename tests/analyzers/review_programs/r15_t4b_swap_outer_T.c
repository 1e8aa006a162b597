#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 20000;
  if (n <= 0) exit(1);
  double *x = malloc(sizeof(double) * (n + 1));
  double *y = malloc(sizeof(double) * (n + 1));
  for (int i = 0; i <= n; i++) { x[i] = i % 7; y[i] = i % 3; }
  double *p = x + 1;
  int T = argc > 2 ? atoi(argv[2]) : 1;
  for (int t = 0; t < T; t++) {
    /*OMP*/
    for (int i = 0; i < n; i++)
      p[i] = y[i] * 0.5 + 1;
    double *tmp = x; x = y; y = tmp;
  }
  double s = 0;
  for (int i = 0; i <= n; i++) s += (x[i] + 2 * y[i]) * (i % 5 + 1);
  printf("%.10f\n", s);
  return 0;
}
