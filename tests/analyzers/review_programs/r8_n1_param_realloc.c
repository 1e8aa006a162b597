#include <stdio.h>
#include <stdlib.h>
static double **alloc2d(int n, int m) {
    double **t = malloc(n * sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = malloc(m * sizeof **t);
    return t;
}
static double **alloc_shared(int n) {
    double **t = malloc(n * sizeof *t);
    double *row = malloc(n * sizeof *row);
    for (int i = 0; i < n; i++)
        t[i] = row;
    return t;
}
static double kern(double **a, int n) {
    a = alloc_shared(n);
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = i * 10 + j;
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += a[i][j] * (i + 1);
    return s;
}
int main(void) {
    int n = 8;
    double **a = alloc2d(n, n);
    printf("%f\n", kern(a, n));
    return 0;
}
