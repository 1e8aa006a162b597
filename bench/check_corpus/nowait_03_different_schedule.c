// seq2par-corpus: racy
// category: nowait
// race: line 10 write v[i] / line 13 read v[i]
void scale_then_sum(double *v, double *w, int n)
{
#pragma omp parallel
    {
#pragma omp for schedule(dynamic) nowait
        for (int i = 0; i < n; i++)
            v[i] = v[i] * 2.0;
#pragma omp for schedule(static)
        for (int i = 0; i < n; i++)
            w[i] = v[i] + 1.0;
    }
}
