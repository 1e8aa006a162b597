#include <cstdio>
#define N 1000000
double a[N + 1], b[N + 1];
struct Acc { double &operator()(int i) { return a[i % 4]; } };
#define U(i) a[i]
void f() {
    for (int i = 0; i < N; i++)
        U(i) = b[i] * 2;
}
#undef U
int main() {
    Acc U;
    for (int i = 0; i <= N; i++) { a[i] = i % 3; b[i] = i % 5; }
    f();
    /*OMP*/
    for (int i = 0; i < N; i++)
        U(i) = U(i) + b[i];
    double s = 0; for (int i = 0; i <= N; i++) s += a[i] * (i % 5 + 1);
    printf("%f\n", s);
    return 0;
}
