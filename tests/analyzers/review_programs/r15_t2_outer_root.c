#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 6000;
  if (n <= 0) exit(1);
  double *a = malloc(sizeof(double) * (10 * n));
  for (int i = 0; i < 10 * n; i++) a[i] = i % 7;
  double *b = a + n;
  for (int t = 0; t < 3; t++) {
    /*OMP*/
    for (int i = 1; i < n; i++)
      b[i] = a[i - 1] * 0.5 + 1;
    a = b;
  }
  double s = 0;
  for (int i = 0; i < n; i++) s += b[i] * (i % 5 + 1);
  printf("%f\n", s);
  return 0;
}
