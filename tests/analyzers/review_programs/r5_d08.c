#include <stdio.h>
#include <stdlib.h>
static void kern(double *a, double *b, int n);
struct ops { int id; void (*f)(double *, double *, int); };
static struct ops OPS = { 1, kern };
static void kern(double *a, double *b, int n) {
    /*OMP*/
    for (int i = 0; i < n - 1; i++)
        a[i] = b[i + 1] + 1.0;
}
int main(void) {
    int n = 32;
    double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    for (int i = 0; i < n; i++) { p[i] = i; q[i] = 2 * i; }
    kern(p, q, n);
    OPS.f(p, p, n);
    double s = 0;
    for (int i = 0; i < n; i++) s += p[i] * (i + 1);
    printf("%f\n", s);
    return 0;
}
