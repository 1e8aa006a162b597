#include <stdio.h>
#include <stdlib.h>
static double **bad2d(int n, int m) {
    double **u = malloc(n * sizeof *u);
    double *buf = calloc(m, sizeof *buf);
    for (int i = 0; i < n; i++)
        u[i] = buf;
    return u;
}
int main(void) {
    int n = 8;
    double **a = malloc(n * sizeof *a);
    for (int i = 0; i < n; i++)
        a[i] = malloc(n * sizeof **a);
    if (n > 4)
        a = bad2d(n, n);
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = i * 10 + j;
    printf("%f\n", a[0][3]);
    return 0;
}
