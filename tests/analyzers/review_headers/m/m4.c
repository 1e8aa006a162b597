#include <stdio.h>
#define N 2000000
double a[N + 8], b[N + 8];
#include "h1.h"
static void first(void) {
    for (int i = 0; i < N; i++)
        work(i);
}
#include "h2.h"
int main(void) {
    for (int i = 0; i < N + 8; i++) a[i] = i % 10;
    first();
    for (int i = 0; i < N; i++)
        work(i);
    double s = 0; for (int i = 0; i < N; i++) s += a[i] * (i % 7 + 1) + b[i];
    printf("%f\n", s);
    return 0;
}
