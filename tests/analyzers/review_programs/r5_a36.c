#include <stdio.h>
#include <stdlib.h>
static void interp(double ***z, double ***u, int n) {
    /*OMP*/
    for (int i3 = 1; i3 < n - 1; i3++)
        for (int i2 = 1; i2 < n - 1; i2++)
            for (int i1 = 1; i1 < n - 1; i1++)
                u[i3][i2][i1] += 0.5 * (z[i3 - 1][i2][i1] + z[i3 + 1][i2][i1]);
}
static double run(int depth) {
    static int k = 1;
    int j, n = 16, levels = 2;
    double ****u = malloc(levels * sizeof *u);
    for (int l = 0; l < levels; l++) {
        u[l] = malloc(n * sizeof **u);
        for (int a = 0; a < n; a++) {
            u[l][a] = malloc(n * sizeof ***u);
            for (int b = 0; b < n; b++) {
                u[l][a][b] = malloc(n * sizeof ****u);
                for (int i = 0; i < n; i++) u[l][a][b][i] = (l + a + b + i) % 5;
            }
        }
    }
    double s = 0;
    j = k - 1;
    if (depth == 0) s += run(1);
    interp(u[j], u[k], n);
    k = 0;
    for (int l = 0; l < levels; l++) for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) for (int i = 0; i < n; i++)
        s += u[l][a][b][i] * (1 + (a * 7 + b * 3 + i) % 11);
    return s;
}
int main(void) {
    printf("%.6f\n", run(0));
    return 0;
}
