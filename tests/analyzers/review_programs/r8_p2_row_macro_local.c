#include <stdio.h>
#include <stdlib.h>
static double *row(int m) { return malloc(m * sizeof(double)); }
double shared[64];
#define row(m) shared
int main(void) {
    int n = 8;
    double **a = malloc(n * sizeof *a);
    for (int k = 0; k < n; k++)
        a[k] = row(n);
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = i * 10 + j;
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += a[i][j] * (i + 1);
    printf("%f\n", s);
    return 0;
}
