// seq2par-corpus: racy
// category: critical-atomic
// race: line 11 write sy / line 11 read sy
double sums(const double *x, const double *y, int n)
{
    double sx = 0.0, sy = 0.0;
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
#pragma omp atomic
        sx += x[i];
        sy += y[i];
    }
    return sx + sy;
}
