// seq2par-corpus: racy
// category: taskloop
// race: line 11 write s / line 11 read s
double tl_sum(const double *x, int n)
{
    double s = 0.0;
    #pragma omp parallel
    #pragma omp single
    #pragma omp taskloop
    for (int i = 0; i < n; i++)
        s += x[i];
    return s;
}
