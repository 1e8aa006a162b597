#include <stdio.h>
#include <stdlib.h>
typedef double *row_t;
static void kern(row_t **a, int n) {
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++)
                a[i][j][k] = a[i][j][k] * 2 + i;
}
static void link(row_t *d, row_t *s) { d[0] = s[0]; }
int main(void) {
    int n = 8;
    row_t **u = malloc(n * sizeof *u);
    for (int i = 0; i < n; i++) {
        u[i] = malloc(n * sizeof **u);
        for (int j = 0; j < n; j++) {
            u[i][j] = malloc(n * sizeof ***u);
            for (int k = 0; k < n; k++) u[i][j][k] = i + j + k;
        }
    }
    link(u[1], u[2]);
    kern(u, n);
    printf("%f\n", u[1][0][0]);
    return 0;
}
