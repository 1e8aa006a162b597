#include <stdio.h>
#define N 2000000
double a[N], b[N];
#define A2(i) a[(i) % 4]
#ifdef FAST
#define U(i) a[i]
#else
#define U A2
#endif
int main(void) {
    for (int i = 0; i < N; i++) { b[i] = (i % 7) * 0.5; a[i] = 0; }
    /*OMP*/
    for (int i = 0; i < N; i++)
        U(i) = U(i) + b[i];
    double s = 0; for (int i = 0; i < N; i++) s += a[i] * (i % 5 + 1);
    printf("%f\n", s);
    return 0;
}
