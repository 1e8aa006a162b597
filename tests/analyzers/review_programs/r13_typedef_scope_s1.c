#include <stdio.h>
#define N 1000000
static double a[N + 1];
double v = 2.0;
int main(void) {
    for (int i = 0; i <= N; i++) a[i] = i % 5;
    /*OMP*/
    for (int i = 0; i < N; i++) {
        typedef double v;
        a[i] = (v)*(a + i + 1) + 1;
    }
    double s = 0;
    for (int i = 0; i < N; i++) s += a[i] * (i % 7 + 1);
    printf("%f %f\n", s, v);
    return 0;
}
