#include <stdio.h>
#include <stdlib.h>
#define DEBUG 0
int g;
void note(int i) {
  if (i % 3 == 0) goto log;
  return;
  if (DEBUG) {
  log:
    g = (g * 3 + i) % 1000003;
  }
}
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  double *a = malloc(n * sizeof *a);
  for (int i = 0; i < n; i++) a[i] = i;
  /*OMP*/
  for (int i = 0; i < n; i++) {
    a[i] = a[i] * 2;
    note(i);
  }
  double s = 0; for (int i = 0; i < n; i++) s += a[i];
  printf("%f %d\n", s, g);
  return 0;
}
