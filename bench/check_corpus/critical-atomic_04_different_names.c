// seq2par-corpus: racy
// category: critical-atomic
// race: line 11 write total / line 13 write total
double total;

void add_parts(const double *a, const double *b, int n)
{
    #pragma omp parallel for
    for (int i = 0; i < n; i++) {
        #pragma omp critical(first)
        total += a[i];
        #pragma omp critical(second)
        total += b[i];
    }
}
