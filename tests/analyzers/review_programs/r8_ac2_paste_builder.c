#include <stdio.h>
#include <stdlib.h>
struct G { double **x; };
union U { double **x; long l; };
#define MERGE(x, n) for (int k = 1; k < n; k++) x##x[k] = x##x[0]
static double **alloc2d(int n, int m) {
    double **tt = malloc(n * sizeof *tt);
    for (int i = 0; i < n; i++)
        tt[i] = malloc(m * sizeof **tt);
    MERGE(t, n);
    return tt;
}
static void fill(double **out, int n) {
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            out[i][j] = i * 10 + j;
}
int main(void) {
    int n = 8;
    double **a = alloc2d(n, n);
    fill(a, n);
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += a[i][j] * (i + 1);
    printf("%f\n", s);
    return 0;
}
