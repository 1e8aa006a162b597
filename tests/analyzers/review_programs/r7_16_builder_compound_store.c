#include <stdio.h>
#include <stdlib.h>
struct G { double **x; };
double **keep;
static double **alloc2d(int n, int m) {
    double **t = malloc(n * sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = malloc(m * sizeof **t);
    (struct G){ t }.x[1] = t[0];
    return t;
}
static void merge_rows(void) { keep[1] = keep[0]; }
int main(void) {
    int n = 8;
    double **a = alloc2d(n, n);

    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = i * 10 + j;
    printf("%f\n", a[0][3]);
    return 0;
}
