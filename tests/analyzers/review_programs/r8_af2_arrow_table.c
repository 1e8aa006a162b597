#include <stdio.h>
#include <stdlib.h>
struct G { double **x; };
static void fill(struct G *p, int n) {
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            p->x[i][j] = i * 10 + j;
}
int main(void) {
    int n = 8;
    struct G g;
    double *row = malloc(n * sizeof *row);
    double **tab = malloc(n * sizeof *tab);
    for (int k = 0; k < n; k++) tab[k] = row;
    g.x = tab;
    fill(&g, n);
    double t = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) t += g.x[i][j] * (i + 1);
    printf("%f\n", t);
    return 0;
}
