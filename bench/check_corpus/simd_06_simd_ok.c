// seq2par-corpus: race-free
// category: simd
// race: none
#define N 1024
float a[N], b[N], c[N];

void simd_add(void)
{
#pragma omp simd
    for (int i = 0; i < N; i++)
        c[i] = a[i] + b[i];
}
