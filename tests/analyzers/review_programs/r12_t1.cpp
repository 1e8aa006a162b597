#include <cstdio>
#define N 2000000
double a[N + 8], b[N];
template <int S> double bump(int i) { a[i + S] += 1.0; return a[i]; }
int main() {
    for (int i = 0; i < N + 8; i++) a[i] = i % 10;
    /*OMP*/
    for (int i = 0; i < N; i++)
        b[i] = bump<1>(i)+1.0;
    double s = 0; for (int i = 0; i < N; i++) s += b[i] * (i % 7 + 1) + a[i];
    std::printf("%f\n", s);
    return 0;
}
