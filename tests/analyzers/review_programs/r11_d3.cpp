#include <cstdio>
#define N 1000000
double a[N + 1], b[N + 1];
int main() {
    for (int i = 0; i <= N; i++) { a[i] = i % 3; b[i] = i % 5; }
    auto U = [&](int i) -> double & { return a[i % 4]; };
    /*OMP*/
    for (int i = 0; i < N; i++)
        U(i) = U(i) + b[i];
    double s = 0; for (int i = 0; i <= N; i++) s += a[i] * (i % 5 + 1);
    printf("%f\n", s);
    return 0;
}
#define U(i) a[i]
