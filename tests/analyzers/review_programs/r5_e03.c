#include <stdio.h>
#include <stdlib.h>
static double shared[64];
static void *pick(size_t s) { return shared; }
int main(void) {
    int n = 8;
    double **u = calloc(n, sizeof *u);
    void *(*malloc)(size_t) = pick;
    for (int i = 0; i < n; i++) {
        u[i] = malloc(n * sizeof **u);
        for (int j = 0; j < n; j++) u[i][j] = i + j;
    }
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            u[i][j] = u[i][j] * 2 + i;
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += u[i][j] * (i + 1);
    printf("%f\n", s);
    return 0;
}
