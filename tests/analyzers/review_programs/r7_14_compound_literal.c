#include <stdio.h>
#include <stdlib.h>
#include <string.h>
double **keep; double *grow;
struct G { double **x; };
static double **alloc2d(int n, int m) {
    double **t = malloc(n * sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = malloc(m * sizeof **t);
    return t;
}

int main(void) {
    int n = 8;
    double **a = alloc2d(n, n);
    (struct G){ a }.x[1] = a[0];
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = i * 10 + j;
    printf("%f\n", a[0][3]);
    return 0;
}
