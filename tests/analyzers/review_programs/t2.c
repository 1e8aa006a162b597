#include <stdio.h>
static double t;
static double *pt = &t;
double a[1000], b[1000];
void f(int n) {
  /*OMP*/
  for (int i = 0; i < n; i++) { t = a[i] * 2; b[i] = t; }
}
int main(void) { for (int i = 0; i < 1000; i++) a[i] = i; f(1000); printf("%g\n", *pt); return 0; }
