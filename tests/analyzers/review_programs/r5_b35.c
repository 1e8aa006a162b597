#include <stdio.h>
#include <stdlib.h>
#define KP kern
static void kern(double **a, int n) {
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = a[i][j] * 2 + i;
}
int main(void) {
    int n = 8;
    
    double **u = malloc(n * sizeof *u);
    for (int i = 0; i < n; i++) {
        u[i] = malloc(n * sizeof **u);
        for (int j = 0; j < n; j++) u[i][j] = i + j;
    }
    double **v = malloc(n * sizeof *v);
    for (int i = 0; i < n; i++) v[i] = u[i % 2];
    void (*fp)(double **, int) = KP;
    fp(v, n);
    kern(u, n);
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += u[i][j] * (i + 1);
    printf("%f\n", s);
    return 0;
}
