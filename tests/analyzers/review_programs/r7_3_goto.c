#include <stdio.h>
#include <stdlib.h>
static double **alloc2d(int n, int m) {
    double **t = malloc(n * sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = malloc(m * sizeof **t);
    return t;
}
int main(void) {
    int n = 8, pass = 0;
    double **a = alloc2d(n, n);
again:
    /*OMP*/
    for (int i = 0; i < n; i++)
        a[i][0] = i + pass;
    if (pass++ == 0) {
        double **c = a;
        c[1] = c[0];
        goto again;
    }
    printf("%f %f\n", a[0][0], a[1][0]);
    return 0;
}
