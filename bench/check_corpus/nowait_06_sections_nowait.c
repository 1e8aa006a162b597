// seq2par-corpus: racy
// category: nowait
// race: line 14 write p[i] / line 20 read p[N-1-i]
#define N 512
int p[N], q[N];

void prep(void)
{
    #pragma omp parallel
    {
        #pragma omp sections nowait
        {
            #pragma omp section
            for (int i = 0; i < N; i++) p[i] = i;
            #pragma omp section
            for (int i = 0; i < N; i++) q[i] = -i;
        }
        #pragma omp for
        for (int i = 0; i < N; i++)
            q[i] += p[N - 1 - i];
    }
}
