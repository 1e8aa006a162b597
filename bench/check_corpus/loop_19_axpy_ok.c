// seq2par-corpus: race-free
// category: loop
// race: none
void axpy(int n, float alpha, const float *x, float *y)
{
    #pragma omp parallel for
    for (int i = 0; i < n; i++)
        y[i] += alpha * x[i];
}
