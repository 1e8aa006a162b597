// seq2par-corpus: race-free
// category: nowait
// race: none
#define N 10000
double a[N], c[N];

void explicit_barrier(const double *b)
{
#pragma omp parallel
    {
#pragma omp for nowait
        for (int i = 0; i < N; i++)
            a[i] = b[i] + 1.0;
#pragma omp barrier
#pragma omp for
        for (int i = 1; i < N; i++)
            c[i] = a[i - 1] * 2.0;
    }
}
