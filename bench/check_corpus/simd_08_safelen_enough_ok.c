// seq2par-corpus: race-free
// category: simd
// race: none
void stride_dep_ok(int *v, int n)
{
#pragma omp simd safelen(4)
    for (int i = 8; i < n; i++)
        v[i] = v[i - 8] * 3;
}
