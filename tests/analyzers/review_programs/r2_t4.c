#include <stdio.h>
#include <stdlib.h>
#define DEBUG 0
int g;
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  double *a = malloc(n * sizeof *a);
  for (int i = 0; i < n; i++) a[i] = i;
  /*OMP*/
  for (int i = 0; i < n; i++) {
    a[i] = a[i] * 2;
    switch (i % 3) {
    case 0:
      if (DEBUG) {
    case 1:
        g = (g * 3 + i) % 1000003;
      }
      break;
    default: break;
    }
  }
  double s = 0; for (int i = 0; i < n; i++) s += a[i];
  printf("%f %d\n", s, g);
  return 0;
}
