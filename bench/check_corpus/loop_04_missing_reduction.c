// seq2par-corpus: racy
// category: loop
// race: line 9 write s / line 9 read s
double norm2(const double *v, int n)
{
    double s = 0.0;
    #pragma omp parallel for
    for (int i = 0; i < n; i++)
        s += v[i] * v[i];
    return s;
}
