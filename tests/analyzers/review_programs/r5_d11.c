#include <stdio.h>
#include <stdlib.h>
static double shared[64];
static double *row(int n) { double *p = malloc(n * sizeof *p); double **pp = &p; *pp = shared; return p; }
static void kern(double *a, double *b, int n) {
    /*OMP*/
    for (int i = 0; i < n - 1; i++)
        a[i] = b[i + 1] + 1.0;
}
int main(void) {
    int n = 32;
    double *p = row(n), *q = row(n);
    for (int i = 0; i < n; i++) p[i] = i;
    kern(p, q, n);
    double s = 0;
    for (int i = 0; i < n; i++) s += p[i] * (i + 1);
    printf("%f\n", s);
    return 0;
}
