#include <stdio.h>
double a[1000], b[1000];
void f(int n) {
  double t = 0;
  /*OMP*/
  for (int i = 0; i < n; i++) { a[i] > 0 && (t = a[i]); b[i] = t; }
}
void g(int n) {
  double t = 0;
  for (int i = 0; i < n; i++) { a[i] > 0 ? (t = a[i]) : 0; b[i] = t; }
}
void h(int n) {
  double t = 0;
  for (int i = 0; i < n; i++) { if (a[i] > 0 || (t = a[i]) > -3) b[i] = 1; b[i] += t; }
}
int main(void) { for (int i = 0; i < 1000; i++) a[i] = (i % 3) ? -i : i; f(1000);
  double s = 0; for (int i = 0; i < 1000; i++) s += b[i] * (i + 1); printf("%g\n", s); return 0; }
