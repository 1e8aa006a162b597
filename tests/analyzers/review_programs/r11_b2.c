#include <stdio.h>
#define N 2000000
double a[N], b[N];
static void first(void) {
#define U(i) a[(i) % 4]
    /*OMP*/
    for (int i = 0; i < N; i++)
        U(i) = b[i] + 1.0;
#undef U
}
static void second(void) {
#define U(i) a[i]
    for (int i = 0; i < N; i++)
        U(i) = b[i] * 2.0;
#undef U
}
int main(void) {
    for (int i = 0; i < N; i++) { b[i] = (i % 7) * 0.5; a[i] = 0; }
    second(); first();
    double s = 0; for (int i = 0; i < N; i++) s += a[i] * (i % 5 + 1);
    printf("%f\n", s);
    return 0;
}
