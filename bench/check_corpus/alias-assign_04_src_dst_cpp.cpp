// seq2par-corpus: racy
// category: alias-assign
// race: line 10 write dst[i] / line 9 read src[i+1]
void diffuse(double *src, double *dst, int n, int iters)
{
    for (int it = 0; it < iters; ++it) {
        #pragma omp parallel for
        for (int i = 1; i < n - 1; ++i) {
            double lap = src[i - 1] - 2.0 * src[i] + src[i + 1];
            dst[i] = src[i] + 0.2 * lap;
        }
        src = dst;
    }
}
