#include <stdio.h>
static double t;
double a[1000], b[1000];
void f(int n) {
  t = -1;
  /*OMP*/
  for (int i = 0; i < n; i++) { t = a[i] * 2; b[i] = t; }
  printf("%g\n", t);
}
int main(void) { for (int i = 0; i < 1000; i++) a[i] = i; f(1000); return 0; }
