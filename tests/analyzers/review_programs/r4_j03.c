#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void kern(double ***a, int n) {
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            for (int k = 0; k < n; k++)
                a[i][j][k] = a[i][j][k] * 2 + i;
}
int main(void) {
    int n = 8;
    double ***u = malloc(n * sizeof *u);
    for (int i = 0; i < n; i++) {
        u[i] = malloc(n * sizeof **u);
        for (int j = 0; j < n; j++) {
            u[i][j] = malloc(n * sizeof ***u);
            for (int k = 0; k < n; k++) u[i][j][k] = i + j + k;
        }
    }
    memcpy(&((u[1][0])), &u[2][0][0] - 0, 0); memcpy(&((u[1][0])), &((u[2][0])), sizeof(double *));
    kern(u, n);
    printf("%f\n", u[1][0][0]);
    return 0;
}
