// seq2par-corpus: race-free
// category: nowait
// race: none
#define N 4096
float x[N], y[N];

void same_iter(void)
{
    #pragma omp parallel
    {
        #pragma omp for schedule(static) nowait
        for (int i = 0; i < N; i++)
            x[i] = i * 0.5f;
        #pragma omp for schedule(static)
        for (int i = 0; i < N; i++)
            y[i] = x[i] + 1.0f;
    }
}
