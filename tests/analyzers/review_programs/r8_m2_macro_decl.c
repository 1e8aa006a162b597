#include <stdio.h>
#include <stdlib.h>
double **g;
static double **alloc2d(int n, int m) {
    double **t = malloc(n * sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = malloc(m * sizeof **t);
    return t;
}
static void merge(int n) { for (int k = 1; k < n; k++) g[k] = g[0]; }
#define DECL double **a = g = alloc2d(n, n)
int main(void) {
    int n = 8;
    DECL;
    merge(n);
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = i * 10 + j;
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += a[i][j] * (i + 1);
    printf("%f\n", s);
    return 0;
}
