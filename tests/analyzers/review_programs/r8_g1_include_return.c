#include <stdio.h>
#include <stdlib.h>
double **keep;
static void init(int n) {
    keep = malloc(n * sizeof *keep);
    double *row = calloc(n, sizeof *row);
    for (int i = 0; i < n; i++) keep[i] = row;
}
static double **alloc2d(int n, int m) {
#include "r8_ret.inc"
    double **t = malloc(n * sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = malloc(m * sizeof **t);
    return t;
}
static void fill(double **out, int n) {
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            out[i][j] = i * 10 + j;
}
int main(void) {
    int n = 8;
    init(n);
    double **a = alloc2d(n, n);
    fill(a, n);
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += a[i][j] * (i + 1);
    printf("%f\n", s);
    return 0;
}
