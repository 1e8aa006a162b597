// seq2par-corpus: race-free
// category: sections
// race: none
#define N 100
int v[N];

void fill_ok(void)
{
#pragma omp parallel sections
    {
#pragma omp section
        for (int i = 0; i < N / 2; i++)
            v[i] = 1;
#pragma omp section
        for (int i = N / 2; i < N; i++)
            v[i] = 2;
    }
}
