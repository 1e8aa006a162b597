// seq2par-corpus: race-free
// category: loop
// race: none
void offset_all(double *v, int n, double base)
{
    double off = base * 2.0;
    #pragma omp parallel for firstprivate(off)
    for (int i = 0; i < n; i++) {
        off = off + 0.0;
        v[i] += off;
    }
}
