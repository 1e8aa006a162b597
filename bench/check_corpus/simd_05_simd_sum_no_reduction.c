// seq2par-corpus: racy
// category: simd
// race: line 9 write s / line 9 read s
float dotp(const float *a, const float *b, int n)
{
    float s = 0.0f;
#pragma omp simd
    for (int i = 0; i < n; i++)
        s += a[i] * b[i];
    return s;
}
