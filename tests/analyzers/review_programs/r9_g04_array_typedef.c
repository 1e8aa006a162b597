#include <stdio.h>
#include <stdlib.h>
typedef double *rows_t[8];
int main(void) {
    int n = 8;
    double **a = malloc(n * sizeof(double *));
    for (int k = 0; k < n; k++) a[k] = malloc(n * sizeof(double));
    for (int k = 1; k < n; k++) a[k] = a[0];
    rows_t r; for (int k = 0; k < n; k++) r[k] = a[k];
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            r[i][j] = i * 10 + j;
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += a[i][j] * (i + 1);
    printf("%f\n", s);
    return 0;
}
