#include <stdio.h>
#include <sys/types.h>
#define N 1000000
static long a[N + 1];
static int order = 3;
int g(int j) { int off_t = 2; return (off_t)+order*(j); }
int main(void) {
    for (int i = 0; i <= N; i++) a[i] = i % 5;
    /*OMP*/
    for (int i = 0; i < N; i++)
        a[i] = (off_t)*(a + i + 1) + 1;
    long s = 0;
    for (int i = 0; i < N; i++) s += a[i] * (i % 7 + 1);
    printf("%ld %d\n", s, g(1));
    return 0;
}
