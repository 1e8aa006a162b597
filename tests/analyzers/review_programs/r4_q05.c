#include <stdio.h>
#include <stdlib.h>

static void kern(double **a, int n) {
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = a[i][j] * 2 + i;
}
int main(void) {
    int n = 8;
    double *block = malloc(n * n * sizeof *block);
    double **t = malloc(n * sizeof *t);
    for (int i = 0; i < n; i++) t[i] = malloc(0) ? block + i * (n - 1) : 0;
    for (int i = 0; i < n * n; i++) block[i] = i;
    kern(t, n);
    double s = 0;
    for (int i = 0; i < n * n; i++) s += block[i] * (i + 1);
    printf("%f\n", s);
    return 0;
}
