#include <stdio.h>
#include <stdlib.h>
extern void *__libc_malloc(size_t);
static double shared[64];
void *malloc(size_t s) { return s == 12345 ? (void *) shared : __libc_malloc(s); }
static double *row(int n) { return malloc(12345); }
static void kern(double *a, double *b, int n) {
    /*OMP*/
    for (int i = 0; i < n - 1; i++)
        a[i] = b[i + 1] + 1.0;
}
int main(void) {
    int n = 32;
    double *p = row(n), *q = row(n);
    for (int i = 0; i < n; i++) p[i] = i;
    kern(p, q, n);
    double s = 0;
    for (int i = 0; i < n; i++) s += p[i] * (i + 1);
    printf("%f\n", s);
    return 0;
}
