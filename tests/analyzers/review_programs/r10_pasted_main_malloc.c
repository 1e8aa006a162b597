#include <stdio.h>
#include <stdlib.h>
#include <string.h>
void *last;
double gbuf[1 << 12];
#define ALIASROW a##a[2] = a##a[1]

static void smooth(double **out, double **in, int n) {
    /*OMP*/
    for (int i = 1; i < n - 1; i++)
        for (int j = 1; j < n - 1; j++)
            out[i][j] = 0.5 * (in[i - 1][j] + in[i + 1][j]) + 0.25 * in[i][j];
}
int main(void) {
    int n = 16;
    double **aa = malloc(n * sizeof *aa);
    (void)0;
    double **b = malloc(n * sizeof *b);
    for (int i = 0; i < n; i++) { aa[i] = malloc(n * sizeof **aa); b[i] = malloc(n * sizeof **b); }
    (void)0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { aa[i][j] = 0.0; b[i][j] = (i * 7 + j * 3) % 11; }
    ALIASROW;
    smooth(aa, b, n);
    double s = 0; for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += aa[i][j] * (i + 1) + b[i][j] * (j + 2);
    printf("%f\n", s);
    return 0;
}
