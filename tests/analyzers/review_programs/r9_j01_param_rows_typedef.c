#include <stdio.h>
#include <stdlib.h>
typedef double *rows_t[8];
static void fill(rows_t out, int n) {
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            out[i][j] = i * 10 + j;
}
int main(void) {
    int n = 8;
    double **a = malloc(n * sizeof(double *));
    for (int k = 0; k < n; k++) a[k] = malloc(n * sizeof(double));
    for (int k = 1; k < n; k++) a[k] = a[0];
    rows_t r; for (int k = 0; k < n; k++) r[k] = a[k];
    fill(r, n);
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += a[i][j] * (i + 1);
    printf("%f\n", s);
    return 0;
}
