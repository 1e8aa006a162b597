// seq2par-corpus: racy
// category: loop
// race: line 9 write p / line 9 read p
double product(const double *v, int n)
{
    double p = 1.0;
#pragma omp parallel for reduction(+:p)
    for (int i = 0; i < n; i++)
        p *= v[i];
    return p;
}
