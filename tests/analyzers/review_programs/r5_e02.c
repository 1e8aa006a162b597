#include <stdio.h>
#include <stdlib.h>
double **g_table;
static double step(int first, int n) {
    static double **u;
    if (first) {
        u = malloc(n * sizeof *u);
        for (int i = 0; i < n; i++) {
            u[i] = malloc(n * sizeof **u);
            for (int j = 0; j < n; j++) u[i][j] = i + j;
        }
    }
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            u[i][j] = u[i][j] * 2 + i;
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += u[i][j] * (i + 1);
    g_table = u;
    return s;
}
static void other(void) { g_table[1] = g_table[2]; }
int main(void) {
    double s = step(1, 8);
    other();
    s += step(0, 8);
    printf("%f\n", s);
    return 0;
}
