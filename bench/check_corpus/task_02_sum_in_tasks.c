// seq2par-corpus: racy
// category: task
// race: line 13 write sum / line 13 read sum
double tree_sum(const double *v, int n)
{
    double sum = 0.0;
    #pragma omp parallel
    #pragma omp single
    for (int i = 0; i < n; i += 64) {
        #pragma omp task
        {
            for (int k = i; k < i + 64 && k < n; k++)
                sum += v[k];
        }
    }
    return sum;
}
