// seq2par-corpus: racy
// category: pragma-unbraced
// race: line 10 write t / line 10 read t
void maybe_scan(float *v, int n, int on)
{
    float t;
    if (on)
#pragma omp parallel for
        for (int i = 0; i < n; i++) {
            t = v[i] * 2.0f;
            v[i] = t + 1.0f;
        }
}
