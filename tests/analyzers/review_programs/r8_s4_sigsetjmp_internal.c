#include <stdio.h>
#include <stdlib.h>
#include <setjmp.h>
static double **alloc2d(int n, int m) {
    double **t = malloc(n * sizeof *t);
    for (int i = 0; i < n; i++)
        t[i] = malloc(m * sizeof **t);
    return t;
}
static sigjmp_buf env;
static void back(void) { siglongjmp(env, 1); }
int main(void) {
    int n = 8;
    static int pass = 0;
    double **a = alloc2d(n, n);
    __sigsetjmp(env, 0);
    /*OMP*/
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = i * 10 + j + pass;
    if (pass++ == 0) {
        double **c = a;
        for (int k = 1; k < n; k++) c[k] = c[0];
        back();
    }
    double s = 0;
    for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) s += a[i][j] * (i + 1);
    printf("%f\n", s);
    return 0;
}
