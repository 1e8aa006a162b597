// seq2par-corpus: race-free
// category: fa-private
// race: none
void scale_rows(int n, int m, double *a, const double *s)
{
    int i, j;
    double f;
#pragma omp parallel for private(j, f)
    for (i = 0; i < n; i++) {
        f = s[i] * 2.0;
        for (j = 0; j < m; j++)
            a[i * m + j] *= f;
    }
    f = 0.0;
    a[0] += f;
}
