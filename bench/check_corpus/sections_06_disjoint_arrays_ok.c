// seq2par-corpus: race-free
// category: sections
// race: none
#define N 1000
double a[N], b[N], c[N];

void init_all(void)
{
#pragma omp parallel sections
    {
#pragma omp section
        for (int i = 0; i < N; i++)
            a[i] = 1.0;
#pragma omp section
        for (int i = 0; i < N; i++)
            b[i] = 2.0;
#pragma omp section
        for (int i = 0; i < N; i++)
            c[i] = 3.0;
    }
}
