#include <stdio.h>
#define N 2000000
double a[N], b[N];
#define R(i) a[(i) % 4]
static void first(void) {
    /*OMP*/
    for (int i = 0; i < N; i++)
        a[i] = R(i) + b[i];
}
#undef R
#define R(i) b[i]
int main(void) {
    for (int i = 0; i < N; i++) { b[i] = (i % 7) * 0.5; a[i] = 1; }
    first();
    double s = 0; for (int i = 0; i < N; i++) s += a[i] * (i % 5 + 1) + R(i);
    printf("%f\n", s);
    return 0;
}
