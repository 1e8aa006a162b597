#include <stdio.h>
#include <stdlib.h>
void *last;
static void *xmalloc(size_t n) { void *p; last = p = malloc(n); if (!p) exit(1); return p; }
static void relax(double ***u, double ***r, int n) {
    /*OMP*/
    for (int k = 1; k < n - 1; k++)
        for (int j = 1; j < n - 1; j++)
            for (int i = 1; i < n - 1; i++)
                u[k][j][i] = r[k - 1][j][i] + r[k + 1][j][i];
}
int main(void) {
    int n = 12;
    double ***u = xmalloc(n * sizeof *u); double ***ualias = last; double ***r = xmalloc(n * sizeof *r);
    for (int k = 0; k < n; k++) {
        u[k] = xmalloc(n * sizeof **u);
        (void)0;
        r[k] = xmalloc(n * sizeof **r);
        for (int j = 0; j < n; j++) { u[k][j] = xmalloc(n * sizeof ***u); r[k][j] = xmalloc(n * sizeof ***r); }
    }
    for (int k = 0; k < n; k++) for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) { u[k][j][i] = 0; r[k][j][i] = k + j - i; }
    ualias[3][1] = r[2][1];
    relax(u, r, n);
    double s = 0; for (int k = 0; k < n; k++) for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) s += u[k][j][i] * (k + 1) + r[k][j][i] * (j + 2);
    printf("%f\n", s);
    return 0;
}
