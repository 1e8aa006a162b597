// seq2par-corpus: race-free
// category: alias-assign
// race: none
void jacobi_swap(double *a, double *b, int n, int steps)
{
    for (int t = 0; t < steps; t++) {
#pragma omp parallel for
        for (int i = 1; i < n - 1; i++)
            b[i] = 0.5 * (a[i - 1] + a[i + 1]);
        double *tmp = a;
        a = b;
        b = tmp;
    }
}
