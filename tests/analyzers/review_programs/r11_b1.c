#include <stdio.h>
#define N 2000000
double a[N], b[N];
#define U(i) a[(i) % 4]
static void first(void) {
    /*OMP*/
    for (int i = 0; i < N; i++)
        U(i) = b[i] + U(i);
}
#undef U
#define U(i) a[i]
static void second(void) {
    for (int i = 0; i < N; i++)
        U(i) = b[i] * 2.0;
}
int main(void) {
    for (int i = 0; i < N; i++) { b[i] = (i % 7) * 0.5; a[i] = 0; }
    first(); second(); first();
    double s = 0; for (int i = 0; i < N; i++) s += a[i] * (i % 5 + 1);
    printf("%f\n", s);
    return 0;
}
