// seq2par-corpus: racy
// category: simd
// race: line 8 write v[i] / line 8 read v[i-4]
void stride_dep(int *v, int n)
{
#pragma omp simd safelen(8)
    for (int i = 4; i < n; i++)
        v[i] = v[i - 4] * 3;
}
