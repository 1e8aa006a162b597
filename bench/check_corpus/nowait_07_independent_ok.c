// seq2par-corpus: race-free
// category: nowait
// race: none
#define N 10000
double a[N], b[N], c[N], d[N];

void two_loops_ok(void)
{
#pragma omp parallel
    {
#pragma omp for nowait
        for (int i = 0; i < N; i++)
            a[i] = b[i] + 1.0;
#pragma omp for
        for (int i = 0; i < N; i++)
            c[i] = d[i] * 2.0;
    }
}
