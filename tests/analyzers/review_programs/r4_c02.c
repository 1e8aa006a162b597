#include <stdio.h>
#include <stdlib.h>
int main(void) {
    int n = 8;
    double **t = malloc(n * sizeof *t);
    for (int i = 0; i < n; i++) {
        t[i] = malloc(n * sizeof **t);
        for (int j = 0; j < n; j++) t[i][j] = i + j;
    }
    double **sl = &t[1]; *sl = t[2];
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            t[i][j] = t[i][j] * 2 + i;
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += t[i][j] * (i + 1);
    printf("%f\n", s);
    return 0;
}
