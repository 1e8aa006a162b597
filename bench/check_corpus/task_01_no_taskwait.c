// seq2par-corpus: racy
// category: task
// race: line 11 write x / line 14 read x
#include <stdio.h>

int fib(int n)
{
    int x, y;
    if (n < 2) return n;
#pragma omp task shared(x)
    x = fib(n - 1);
#pragma omp task shared(y)
    y = fib(n - 2);
    return x + y;
}

int main(void)
{
    int r;
#pragma omp parallel
#pragma omp single
    r = fib(20);
    printf("%d\n", r);
    return 0;
}
