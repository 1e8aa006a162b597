// seq2par-corpus: race-free
// category: fa-linear
// race: none
void copy_offset(const int *src, int *dst, int n, int base)
{
    int p = base;
#pragma omp simd linear(p)
    for (int i = 0; i < n; i++) {
        dst[p] = src[i] + 1;
        p++;
    }
}
