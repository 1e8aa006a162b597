#ifndef USE_FRESH
#define USE_FRESH 0
#endif
#include <stdio.h>
#if USE_FRESH
#include "fresh_alloc.h"
#else

void *my_alloc(unsigned long n);
#endif
#define N 2000000
int main(void) {
    double *a = (double *)my_alloc(N * sizeof(double));
    double *b = (double *)my_alloc(N * sizeof(double));
    for (int i = 0; i < N; i++) { a[i] = i; }
    for (int i = 0; i < N - 1; i++)
        b[i + 1] = a[i] * 2.0 + 1.0;
    double s = 0;
    for (int i = 0; i < N; i++) s += a[i] * (i % 7 + 1);
    printf("%f\n", s);
    return 0;
}
