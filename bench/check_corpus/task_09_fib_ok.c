// seq2par-corpus: race-free
// category: task
// race: none
int fib_ok(int n)
{
    int x, y;
    if (n < 2) return n;
#pragma omp task shared(x)
    x = fib_ok(n - 1);
#pragma omp task shared(y)
    y = fib_ok(n - 2);
#pragma omp taskwait
    return x + y;
}

int run(void)
{
    int r = 0;
#pragma omp parallel
#pragma omp single
    r = fib_ok(25);
    return r;
}
