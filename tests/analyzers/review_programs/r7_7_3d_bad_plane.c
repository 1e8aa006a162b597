#include <stdio.h>
#include <stdlib.h>
static double **bad2d(int n, int m) {
    double **u = malloc(n * sizeof *u);
    double *buf = calloc(m, sizeof *buf);
    for (int i = 0; i < n; i++)
        u[i] = buf;
    return u;
}
static double ***alloc3d(int n) {
    double ***t = malloc(n * sizeof *t);
    for (int k = 0; k < n; k++)
        t[k] = bad2d(n, n);
    return t;
}
int main(void) {
    int n = 6;
    double ***u = alloc3d(n);
    for (int k = 0; k < n; k++)
        /*OMP*/
        for (int j = 0; j < n; j++)
            for (int i = 0; i < n; i++)
                u[k][j][i] = k * 100 + j * 10 + i;
    printf("%f\n", u[2][0][3]);
    return 0;
}
