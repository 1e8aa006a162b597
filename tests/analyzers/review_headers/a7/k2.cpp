#include <cstdio>
#include <cstddef>
#include "alloc.h"
#define N 2000000
static double buf[N];
struct S {
    double *get(std::size_t n) { (void)n; return buf; }
    double run() {
        double *a = get(N);
        double *b = get(N);
        for (int i = 0; i < N; i++) { a[i] = i % 10; }
        for (int i = 0; i < N - 1; i++)
            b[i + 1] = a[i] * 0.5 + 1.0;
        double s = 0;
        for (int i = 0; i < N; i++) s += a[i] * (i % 7 + 1);
        return s;
    }
};
int main() { S s; std::printf("%f\n", s.run()); return 0; }
