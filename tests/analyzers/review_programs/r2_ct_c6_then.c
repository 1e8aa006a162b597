#include <stdio.h>
#include <stdlib.h>
#define M 0xFFFFFFFF
int g; int v = 0;
static int zero(void) { return 0; }
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  double *a = calloc(n, sizeof *a);
  /*OMP*/
  for (int i = 0; i < n; i++) {
    a[i] = i;
    if (M == -1) g = (g * 3 + i) % 1000003;
  }
  printf("%d %f\n", g, a[n-1]);
  return 0;
}
