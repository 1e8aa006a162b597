// seq2par-corpus: racy
// category: simd
// race: line 11 write a[i+1] / line 11 read a[i]
#define N 1024
float a[N + 1], b[N];

void simd_flow(void)
{
#pragma omp simd
    for (int i = 0; i < N; i++)
        a[i + 1] = a[i] + b[i];
}
