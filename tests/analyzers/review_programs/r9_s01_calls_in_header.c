#include <stdio.h>
#include <stdlib.h>
static void smooth(double *x, double *y, int n) {
    /*OMP*/
    for (int i = 0; i < n - 1; i++)
        x[i] = y[i + 1] * 0.5 + 1.0;
}
#include "r9_s01_calls_in_header_h.inc"
int main(void) {
    int n = 1000;
    double *a = malloc(n * sizeof(double)), *b = malloc(n * sizeof(double));
    for (int k = 0; k < n; k++) { a[k] = k % 7; b[k] = k % 5; }
    smooth(a, b, n);
    twice(a, n);
    double s = 0;
    for (int k = 0; k < n; k++) s += a[k] * (k % 13);
    printf("%f\n", s);
    return 0;
}
