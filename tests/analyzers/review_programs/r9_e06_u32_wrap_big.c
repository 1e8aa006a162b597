#include <stdio.h>
#define N 1000000
static double a[N + 1];
int main(void) {
    for (int k = 0; k <= N; k++) a[k] = k % 7;
    /*OMP*/
    for (int i = 1; i < N; i++)
        a[i] = a[i + 4294967295u] * 0.5 + 1.0;
    double s = 0;
    for (int k = 0; k <= N; k++) s += a[k] * (k % 13);
    printf("%f\n", s);
    return 0;
}
