#include <stdio.h>
#include <stdlib.h>
#define N 8
static void kern2(double ***a, double *p, int n) {
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++)
                a[i][j][k] = p[k] + i;
}
static double *step(double *p) {
    static double ***u;
    static int built;
    if (!built) {
        built = 1;
        u = malloc(N * sizeof *u);
        for (int i = 0; i < N; i++) {
            u[i] = malloc(N * sizeof **u);
            for (int j = 0; j < N; j++) u[i][j] = calloc(N, sizeof ***u);
        }
    }
    kern2(u, p, N);
    printf("%f ", u[0][0][1]);
    return u[N - 1][0];
}
int main(void) {
    double x[N] = {1, 2, 3, 4, 5, 6, 7, 8};
    double *r = step(x);
    r = step(r);
    printf("%f %f\n", r[3], r[0]);
    return 0;
}
