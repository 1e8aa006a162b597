#include <stdio.h>
#include <stddef.h>
#ifdef DEBUG_ALLOC
#include "dbg_alloc.h"
#else
void *my_alloc(size_t n);
#endif
#define N 2000000
int main(void) {
    double *a = (double *)my_alloc(N * sizeof(double));
    double *b = (double *)my_alloc(N * sizeof(double));
    for (int i = 0; i < N; i++) { a[i] = i % 10; }
    for (int i = 0; i < N - 1; i++)
        b[i + 1] = a[i] * 0.5 + 1.0;
    double s = 0;
    for (int i = 0; i < N; i++) s += a[i] * (i % 7 + 1);
    printf("%f\n", s);
    return 0;
}
