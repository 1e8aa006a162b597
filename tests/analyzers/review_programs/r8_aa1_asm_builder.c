#include <stdio.h>
#include <stdlib.h>
struct G { double **x; };
union U { double **x; long l; };
static double **alloc2d(int n, int m) {
    double **t = malloc(n * sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = malloc(m * sizeof **t);
    for (int k = 1; k < n; k++) __asm__("" : "=r"(t[k]) : "0"(t[0]));
    return t;
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
