#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void kern(double **a, int n) {
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = a[i][j] * 2 + i;
}
static void mid(double ***t, int n) { for (int l = 0; l < 2; l++) kern(t[l], n); }
int main(void) {
    int n = 8;
    double ***u = malloc(2 * sizeof *u);
    for (int l = 0; l < 2; l++) {
        u[l] = malloc(n * sizeof **u);
        for (int i = 0; i < n; i++) {
            u[l][i] = malloc(n * sizeof ***u);
            for (int j = 0; j < n; j++) u[l][i][j] = i + j;
        }
    }
    double **v = malloc(n * sizeof *v);
    for (int i = 0; i < n; i++) { v[i] = malloc(n * sizeof *v[i]); for (int j = 0; j < n; j++) v[i][j] = i * j; }
    v[1] = malloc(1) ? v[2] : 0;
    mid(u, n);
    kern(v, n);
    double s = 0;
    for (int l = 0; l < 2; l++) for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += u[l][i][j] * (i + 1);
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += v[i][j] * (i + 1) * 3;
    printf("%f\n", s);
    return 0;
}
