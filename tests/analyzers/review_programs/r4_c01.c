#include <stdio.h>
#include <stdlib.h>
int main(void) {
    int n = 8;
    double **t = malloc(n * sizeof *t);
    for (int i = 0; i < n; i++) {
        t[i] = malloc(n * sizeof **t);
        for (int j = 0; j < n; j++) t[i][j] = i + j;
    }
    t[1] = malloc(8) ? t[2] : 0;
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            t[i][j] = t[i][j] * 2 + i;
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += t[i][j] * (i + 1);
    printf("%f\n", s);
    return 0;
}
