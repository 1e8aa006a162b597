#include <stdio.h>
#include <stdlib.h>
static double shared[64];
static void *pick(size_t s) { return shared; }
static void kern(double **a, int n) {
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = a[i][j] * 2 + i;
}
int main(void) {
    int n = 8;
    void *(*malloc)(size_t) = pick;
    double **u = calloc(n, sizeof *u);
    for (int i = 0; i < n; i++) {
        u[i] = malloc(n * sizeof **u);
        for (int j = 0; j < n; j++) u[i][j] = i + j;
    }
    
    kern(u, n);
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += u[i][j] * (i + 1);
    printf("%f\n", s);
    return 0;
}
