// seq2par-corpus: race-free
// category: fa-tiled-min
// race: none
#define MIN(a, b) ((a) < (b) ? (a) : (b))

void blocked_axpy(int n, double alpha, const double *x, double *y)
{
    const int bs = 256;
    #pragma omp parallel for
    for (int b = 0; b < n; b += bs) {
        int end = MIN(b + bs, n);
        for (int i = b; i < end; i++)
            y[i] += alpha * x[i];
    }
}
