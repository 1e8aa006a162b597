#include <stdio.h>
#include <stdlib.h>
static double shared[64];
static void *pick(size_t s) { return shared; }
static void kern(double *a, double *b, int n) {
    /*OMP*/
    for (int i = 0; i < n - 1; i++)
        a[i] = b[i + 1] + 1.0;
}
int main(void) {
    int n = 32;
    void *(*malloc)(size_t) = pick;
    double *p = malloc(n * sizeof *p), *q = malloc(n * sizeof *q);
    for (int i = 0; i < n; i++) p[i] = i;
    kern(p, q, n);
    double s = 0;
    for (int i = 0; i < n; i++) s += p[i] * (i + 1);
    printf("%f\n", s);
    return 0;
}
