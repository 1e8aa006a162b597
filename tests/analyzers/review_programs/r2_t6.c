#include <stdio.h>
#include <stdlib.h>
#ifdef VERBOSE
#define LOGLEVEL 5
#endif
int g;
#if LOGLEVEL > 2
static void step(int i) { (void)i; }
#else
static void step(int i) { g = (g * 3 + i) % 1000003; }
#endif
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  double *a = malloc(n * sizeof *a);
  for (int i = 0; i < n; i++) a[i] = i;
  /*OMP*/
  for (int i = 0; i < n; i++) {
    a[i] = a[i] * 2;
    step(i);
  }
  double s = 0; for (int i = 0; i < n; i++) s += a[i];
  printf("%f %d\n", s, g);
  return 0;
}
