#include <stdio.h>
#define N 1000000
typedef double real;
static real a[N + 1];
int main(void) {
    int t = 0;
    { int real = 3; t = real * 2; }
    for (int i = 0; i <= N; i++) a[i] = i % 5;
    /*OMP*/
    for (int i = 0; i < N; i++)
        a[i] = (real)*(a + i + 1) + 1;
    double s = 0;
    for (int i = 0; i < N; i++) s += a[i] * (i % 7 + 1);
    printf("%f %d\n", s, t);
    return 0;
}
