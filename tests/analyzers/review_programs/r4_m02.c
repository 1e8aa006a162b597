#include <stdio.h>
#include <stdlib.h>
static double ***u;
static void kern(double ***a, int n) {
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++)
                a[i][j][k] = a[i][j][k] * 2 + i;
}
static void setup(int n) {
    u = malloc(n * sizeof *u);
    for (int i = 0; i < n; i++) {
        u[i] = malloc(n * sizeof **u);
        for (int j = 0; j < n; j++) {
            u[i][j] = malloc(n * sizeof ***u);
            for (int k = 0; k < n; k++) u[i][j][k] = i + j + k;
        }
    }
    u[1][0] = u[2][0];
}
int main(void) {
    int n = 8;
    setup(n);
    {
        double ***u = malloc(n * sizeof *u);
        for (int i = 0; i < n; i++) {
            u[i] = malloc(n * sizeof **u);
            for (int j = 0; j < n; j++) u[i][j] = calloc(n, sizeof ***u);
        }
        kern(u, n);
    }
    kern(u, n);
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int k = 0; k < n; k++) s += u[i][j][k] * (i + 1);
    printf("%f\n", s);
    return 0;
}
