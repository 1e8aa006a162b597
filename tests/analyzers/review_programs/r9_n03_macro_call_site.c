#include <stdio.h>
#include <stdlib.h>
#define RUN fill(b, n)
static void fill(double **out, int n) {
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            out[i][j] = i * 10 + j;
}
int main(void) {
    int n = 8;
    double **a = malloc(n * sizeof(double *));
    for (int k = 0; k < n; k++) a[k] = malloc(n * sizeof(double));
    double **b = malloc(n * sizeof(double *));
    for (int k = 0; k < n; k++) b[k] = a[0];
    fill(a, n);
    RUN;
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += b[i][j] * (i + 1) + a[i][j];
    printf("%f\n", s);
    return 0;
}
