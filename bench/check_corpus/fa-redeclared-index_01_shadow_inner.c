// seq2par-corpus: race-free
// category: fa-redeclared-index
// race: none
void weighted(const double *w, const double *x, double *out, int n)
{
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        double acc = 0.0;
        for (int i = 0; i < 8; i++)
            acc += w[i];
        out[i] = acc * x[i];
    }
}
