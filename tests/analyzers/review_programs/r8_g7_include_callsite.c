#include <stdio.h>
#include <stdlib.h>
static double **alloc2d(int n, int m) {
    double **t = malloc(n * sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = malloc(m * sizeof **t);
    return t;
}
static void smooth(double **out, double **in, int n) {
    /*OMP*/
    for (int i = 1; i < n - 1; i++)
        for (int j = 0; j < n; j++)
            out[i][j] = in[i - 1][j] + in[i + 1][j];
}
int main(void) {
    int n = 8;
    double **a = alloc2d(n, n);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) a[i][j] = i * 10 + j;
    double **b = alloc2d(n, n);
    smooth(b, a, n);
#include "r8_call.inc"
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += a[i][j] + b[i][j] * (i + 1);
    printf("%f\n", s);
    return 0;
}
