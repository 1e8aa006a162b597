#include <stdio.h>
#include <stdlib.h>
static void kern(double ***a, int n) {
    {
        double ***a = malloc(n * sizeof *a);
        for (int i = 0; i < n; i++) {
            a[i] = malloc(n * sizeof **a);
            for (int j = 0; j < n; j++) a[i][j] = calloc(n, sizeof ***a);
        }
        a[0][0][0] = 1;
    }
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++)
                a[i][j][k] = a[i][j][k] * 2 + i;
}
int main(void) {
    int n = 8;
    double ***w = malloc(n * sizeof *w);
    for (int i = 0; i < n; i++) {
        w[i] = malloc(n * sizeof **w);
        for (int j = 0; j < n; j++) {
            w[i][j] = malloc(n * sizeof ***w);
            for (int k = 0; k < n; k++) w[i][j][k] = i + j + k;
        }
    }
    w[1][0] = w[2][0];
    kern(w, n);
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) for (int k = 0; k < n; k++) s += w[i][j][k] * (i + 1);
    printf("%f\n", s);
    return 0;
}
