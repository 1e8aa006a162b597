// seq2par-corpus: racy
// category: target
// race: line 9 write s / line 9 read s
double target_sum(const double *x, int n)
{
    double s = 0.0;
#pragma omp target parallel for map(to: x[0:n]) map(tofrom: s)
    for (int i = 0; i < n; i++)
        s += x[i];
    return s;
}
