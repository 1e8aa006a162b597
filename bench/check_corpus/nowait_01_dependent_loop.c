// seq2par-corpus: racy
// category: nowait
// race: line 13 write a[i] / line 16 read a[i-1]
#define N 10000
double a[N], b[N], c[N];

void two_loops(void)
{
#pragma omp parallel
    {
#pragma omp for nowait
        for (int i = 0; i < N; i++)
            a[i] = b[i] + 1.0;
#pragma omp for
        for (int i = 1; i < N; i++)
            c[i] = a[i - 1] * 2.0;
    }
}
