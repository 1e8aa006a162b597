// seq2par-corpus: racy
// category: sections
// race: line 16 write v[i] / line 19 write v[i]
#define N 100
int v[N];

void fill(void)
{
    int i;
#pragma omp parallel
    {
#pragma omp sections private(i)
        {
#pragma omp section
            for (i = 0; i <= N / 2; i++)
                v[i] = 1;
#pragma omp section
            for (i = N / 2; i < N; i++)
                v[i] = 2;
        }
    }
}
