// seq2par-corpus: racy
// category: pragma-unbraced
// race: line 13 write x[i+1] / line 13 read x[i]
#define N 1000
int x[N];

void bump(int rounds)
{
    int i;
    while (rounds-- > 0)
        #pragma omp parallel for
        for (i = 0; i < N - 1; i++)
            x[i + 1] = x[i] + 1;
}
