// seq2par-corpus: race-free
// category: loop
// race: none
double norm2_ok(const double *v, int n)
{
    double s = 0.0;
#pragma omp parallel for reduction(+:s) schedule(static)
    for (int i = 0; i < n; i++)
        s += v[i] * v[i];
    return s;
}
