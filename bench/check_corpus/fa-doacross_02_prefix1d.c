// seq2par-corpus: race-free
// category: fa-doacross
// race: none
void prefix(double *x, int n)
{
    #pragma omp parallel for ordered(1)
    for (int i = 1; i < n; i++) {
        double v = x[i] * 0.5;
        #pragma omp ordered depend(sink: i - 1)
        x[i] = v + x[i - 1];
        #pragma omp ordered depend(source)
    }
}
