#include <stdio.h>
#include <stdlib.h>
static double shared[64];
static void *pick(size_t c, size_t s) { return shared; }
static void kern(double *a, double *b, int n) {
    /*OMP*/
    for (int i = 0; i < n - 1; i++)
        a[i] = b[i + 1] + 1.0;
}
static double go(int n, void *(*calloc)(size_t, size_t)) {
    double *p = calloc(n, sizeof *p), *q = calloc(n, sizeof *q);
    for (int i = 0; i < n; i++) p[i] = i;
    kern(p, q, n);
    double s = 0;
    for (int i = 0; i < n; i++) s += p[i] * (i + 1);
    return s;
}
int main(void) {
    printf("%f\n", go(32, pick));
    return 0;
}
