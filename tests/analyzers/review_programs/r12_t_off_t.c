#include <stdio.h>
#include <stdint.h>
#include <stddef.h>
#include <math.h>
#include <sys/types.h>
#define N 2000000
long y[N];
int main(void) {
    long *p = &y[1000005];
    for (int i = 0; i < N; i++) y[i] = i;
    /*OMP*/
    for (int i = 0; i < N; i++)
        y[i] = (off_t)*p + 1;
    long s = 0; for (int i = 0; i < N; i++) s += y[i] * (i % 3);
    printf("%ld\n", s);
    return 0;
}
