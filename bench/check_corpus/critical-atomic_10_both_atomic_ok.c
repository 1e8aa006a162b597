// seq2par-corpus: race-free
// category: critical-atomic
// race: none
double sums_ok(const double *x, const double *y, int n)
{
    double sx = 0.0, sy = 0.0;
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
#pragma omp atomic
        sx += x[i];
#pragma omp atomic
        sy += y[i];
    }
    return sx + sy;
}
