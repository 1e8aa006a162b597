// seq2par-corpus: racy
// category: loop
// race: line 11 write last[i/2] / line 11 write last[i/2]
#define N 1000
int last[N / 2 + 1];

void fold(const int *v)
{
    #pragma omp parallel for
    for (int i = 0; i < N; i++)
        last[i / 2] = v[i];
}
