// seq2par-corpus: race-free
// category: nowait
// race: none
#define N 2000
int u[N], w[N];

void last_nowait(void)
{
    #pragma omp parallel
    {
        #pragma omp for
        for (int i = 0; i < N; i++)
            u[i] = i;
        #pragma omp for nowait
        for (int i = 1; i < N; i++)
            w[i] = u[i - 1];
    }
}
