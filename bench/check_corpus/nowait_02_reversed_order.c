// seq2par-corpus: racy
// category: nowait
// race: line 14 write x[i] / line 17 read x[N-1-i]
#define N 4096
float x[N], y[N];

void rev(void)
{
    int i;
    #pragma omp parallel private(i)
    {
        #pragma omp for nowait
        for (i = 0; i < N; i++)
            x[i] = i * 0.5f;
        #pragma omp for
        for (i = 0; i < N; i++)
            y[i] = x[N - 1 - i];
    }
}
