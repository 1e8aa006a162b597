// seq2par-corpus: race-free
// category: taskloop
// race: none
double tl_sum_ok(const double *x, int n)
{
    double s = 0.0;
    #pragma omp parallel
    #pragma omp single
    #pragma omp taskloop reduction(+:s)
    for (int i = 0; i < n; i++)
        s += x[i];
    return s;
}
