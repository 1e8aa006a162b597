#include <stdio.h>
#include <stdlib.h>

static void interp(double ***z, double ***u, int n) {
    /*OMP*/
    for (int i3 = 1; i3 < n - 1; i3++)
        for (int i2 = 1; i2 < n - 1; i2++)
            for (int i1 = 1; i1 < n - 1; i1++)
                u[i3][i2][i1] += 0.5 * (z[i3 - 1][i2][i1] + z[i3 + 1][i2][i1]);
}
static void up(double ****u, int levels, int n) {
    int j, k;
    for (k = 1; k < levels; k++) {
        j = k - 1;
        (void)sizeof(int[(j = k) + 1]);
        interp(u[j], u[k], n);
    }
}
int main(void) {
    int n = 16, levels = 4;
    double ****u = malloc(levels * sizeof *u);
    for (int l = 0; l < levels; l++) {
        u[l] = malloc(n * sizeof **u);
        for (int k = 0; k < n; k++) {
            u[l][k] = malloc(n * sizeof ***u);
            for (int j = 0; j < n; j++) {
                u[l][k][j] = malloc(n * sizeof ****u);
                for (int i = 0; i < n; i++) u[l][k][j][i] = (l + k + j + i) % 5;
            }
        }
    }
    up(u, levels, n);
    double s = 0;
    for (int l = 0; l < levels; l++) for (int k = 0; k < n; k++) for (int j = 0; j < n; j++) for (int i = 0; i < n; i++)
        s += u[l][k][j][i] * (1 + (k * 7 + j * 3 + i) % 11);
    printf("%.6f\n", s);
    return 0;
}
