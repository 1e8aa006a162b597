// seq2par-corpus: race-free
// category: fa-linear
// race: none
void gather_even(const double *a, double *c, int n)
{
    int i, j = 0;
#pragma omp parallel for linear(j:1)
    for (i = 0; i < n; i += 2) {
        c[j] = a[i];
        j++;
    }
}
