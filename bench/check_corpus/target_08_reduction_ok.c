// seq2par-corpus: race-free
// category: target
// race: none
double target_sum_ok(const double *x, int n)
{
    double s = 0.0;
#pragma omp target teams distribute parallel for reduction(+:s) map(to: x[0:n]) map(tofrom: s)
    for (int i = 0; i < n; i++)
        s += x[i];
    return s;
}
