#include <cstdio>
#include "alloc.h"
#define N 2000000
int main() {
    double *a = get(N);
    double *b = get(N);
    for (int i = 0; i < N; i++) { a[i] = i % 10; }
    for (int i = 0; i < N - 1; i++)
        b[i + 1] = a[i] * 0.5 + 1.0;
    double s = 0;
    for (int i = 0; i < N; i++) s += a[i] * (i % 7 + 1);
    std::printf("%f\n", s);
    return 0;
}
