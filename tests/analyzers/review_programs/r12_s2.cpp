#include <cstdio>
#define N 2000000
const long off = 101;
double a[2 * N + 8];
template <typename off>
static void run() {
    /*OMP*/
    for (long i = 0; i < N; i++)
        a[2 * i] = a[2 * i + (off)+2] * 0.5 + 1.0;
}
int main() {
    for (long i = 0; i < 2 * N + 8; i++) a[i] = i % 10;
    run<long>();
    double s = 0; for (long i = 0; i < 2 * N + 8; i++) s += a[i] * (i % 7 + 1);
    std::printf("%f %ld\n", s, off);
    return 0;
}
