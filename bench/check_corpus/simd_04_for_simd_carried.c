// seq2par-corpus: racy
// category: simd
// race: line 12 write c[i] / line 12 read c[i-2]
#define N 2048
double c[N];

void psimd(void)
{
    int i;
    #pragma omp parallel for simd
    for (i = 2; i < N; i++)
        c[i] = c[i - 2] + 1.0;
}
