#include <cstdio>
#define N 200000
const int k = 0;
double a[12 * N + 64];
#define AT(k) a[1'0 * (k) + 1'0 + (k)]
int main() {
    for (int i = 0; i < 12 * N + 64; i++) a[i] = i % 10;
    /*OMP*/
    for (int i = 0; i < N; i++)
        AT(i) = a[i + 10] * 0.5 + 1.0;
    double s = 0; for (int i = 0; i < 12 * N + 64; i++) s += a[i] * (i % 7 + 1);
    std::printf("%f %d\n", s, k);
    return 0;
}
