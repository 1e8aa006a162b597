// seq2par-corpus: race-free
// category: barrier
// race: none
#define N 4096
double a[N];
double mean;

void center(void)
{
#pragma omp parallel
    {
#pragma omp single
        {
            double s = 0;
            for (int i = 0; i < N; i++) s += a[i];
            mean = s / N;
        }
#pragma omp for
        for (int i = 0; i < N; i++)
            a[i] -= mean;
    }
}
