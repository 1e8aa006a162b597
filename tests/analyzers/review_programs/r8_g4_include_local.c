#include <stdio.h>
#include <stdlib.h>
int main(void) {
    int n = 8;
    double **a = malloc(n * sizeof *a);
    for (int i = 0; i < n; i++) a[i] = malloc(n * sizeof **a);
#include "r8_merge_a.inc"
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = i * 10 + j;
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += a[i][j] * (i + 1);
    printf("%f\n", s);
    return 0;
}
