// seq2par-corpus: racy
// category: alias-assign
// race: line 9 write b[i] / line 9 read a[i+1]
void jacobi(double *a, double *b, int n, int steps)
{
    for (int t = 0; t < steps; t++) {
#pragma omp parallel for
        for (int i = 1; i < n - 1; i++)
            b[i] = 0.5 * (a[i - 1] + a[i + 1]);
        a = b;
    }
}
