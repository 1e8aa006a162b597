#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
static double tmp;
static jmp_buf jb;
static void check(int k) { if (k) longjmp(jb, 1); }
static double work(double *a, double *b, int n, int k) {
  tmp = 0;
  if (setjmp(jb)) return tmp;
  /*OMP*/
  for (int i = 0; i < n; i++) {
    tmp = a[i] * 2;
    b[i] = tmp + 1;
  }
  check(k);
  return 0;
}
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  int k = argc > 2 ? atoi(argv[2]) : 1;
  double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b);
  for (int i = 0; i < n; i++) a[i] = i * 0.5;
  double r = work(a, b, n, k);
  double s = 0; for (int i = 0; i < n; i++) s += b[i];
  printf("%f %f\n", s, r);
  return 0;
}
