#include <stdio.h>
#include <stdlib.h>
#define N 2000000
#define R
static double * R a;
#undef R
#define R(i) a[(i) + 1]
int main(void) {
    a = malloc((N + 8) * sizeof(double));
    for (int i = 0; i < N + 8; i++) a[i] = i % 10;
    /*OMP*/
    for (int i = 0; i < N; i++)
        a[i] = R(i) * 0.5 + 1.0;
    double s = 0; for (int i = 0; i < N; i++) s += a[i] * (i % 7 + 1);
    printf("%f\n", s);
    return 0;
}
