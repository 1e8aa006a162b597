#include <stdio.h>
#include <stdlib.h>
#include <string.h>
void *last;
double gbuf[1 << 12];

static void *xmalloc(size_t n) { void *p; void *q = (p = malloc(n)); last = q; if (!p) exit(1); return p; }
static void smooth(double **out, double **in, int n) {
    /*OMP*/
    for (int i = 1; i < n - 1; i++)
        for (int j = 1; j < n - 1; j++)
            out[i][j] = 0.5 * (in[i - 1][j] + in[i + 1][j]) + 0.25 * in[i][j];
}
int main(void) {
    int n = 16;
    double **a = xmalloc(n * sizeof *a);
    double **alias = last;
    double **b = xmalloc(n * sizeof *b);
    for (int i = 0; i < n; i++) { a[i] = xmalloc(n * sizeof **a); b[i] = xmalloc(n * sizeof **b); }
    (void)0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) { a[i][j] = 0.0; b[i][j] = (i * 7 + j * 3) % 11; }
    alias[2] = b[1];
    smooth(a, b, n);
    double s = 0; for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += a[i][j] * (i + 1) + b[i][j] * (j + 2);
    printf("%f\n", s);
    return 0;
}
