#include <stdio.h>
#include <stdlib.h>
typedef double *row_t;
struct G { row_t const x[8]; };
int main(void) {
    int n = 8;
    double **a = malloc(n * sizeof(double *));
    for (int k = 0; k < n; k++) a[k] = malloc(n * sizeof(double));
    for (int k = 1; k < n; k++) a[k] = a[0];
    struct G g = {{a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7]}};
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            g.x[i][j] = i * 10 + j;
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += a[i][j] * (i + 1);
    printf("%f\n", s);
    return 0;
}
