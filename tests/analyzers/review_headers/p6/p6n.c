#include <stdio.h>
#include <mytypes.h>
#define N 2000000
double y[N];
int other(int k) { return k + 1; }
int main(void) {
    double *p = &y[1000005];
    for (int i = 0; i < N; i++) y[i] = i;
    for (int i = 0; i < N; i++)
        y[i] = (real)*p + 1.0;
    double s = 0; for (int i = 0; i < N; i++) s += y[i] * (i % 3);
    printf("%f %d\n", s, other(1));
    return 0;
}
