#include <stdio.h>
#include <stdlib.h>
struct G { double **x; };
int main(void) {
    int n = 8;
    struct G s[2], g;
    double *row = malloc(n * sizeof *row);
    double **tab = malloc(n * sizeof *tab);
    for (int k = 0; k < n; k++) tab[k] = row;
    s[0].x = tab;
    g.x = tab;
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            s[0].x[i][j] = i * 10 + j;
    double t = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) t += s[0].x[i][j] * (i + 1);
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            g.x[i][j] = i * 10 + j;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) t += g.x[i][j] * (i + 1);
    printf("%f\n", t);
    return 0;
}
