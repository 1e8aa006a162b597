// seq2par-corpus: racy
// category: loop
// race: line 11 write v[i] / line 11 read v[i+1]
#define N 1000
double v[N];

void shift_down(void)
{
    #pragma omp parallel for
    for (int i = 0; i < N - 1; i++)
        v[i] = v[i + 1];
}
