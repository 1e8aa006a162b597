#include <stdio.h>
#include <sys/types.h>
#define N 1000000
static uint a[N + 1];
static int order = 3;
int g(int j) { int uint = 2; return (uint)+order*(j); }
int main(void) {
    for (int i = 0; i <= N; i++) a[i] = i % 5;
    /*OMP*/
    for (int i = 0; i < N; i++)
        a[i] = (uint)*(a + i + 1) + 1;
    unsigned long s = 0;
    for (int i = 0; i < N; i++) s += a[i] * (i % 7 + 1);
    printf("%lu %d\n", s, g(1));
    return 0;
}
