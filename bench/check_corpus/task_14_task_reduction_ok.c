// seq2par-corpus: race-free
// category: task
// race: none
double sum_tasks(const double *v, int n)
{
    double sum = 0.0;
    #pragma omp parallel
    #pragma omp single
    {
        #pragma omp taskgroup task_reduction(+:sum)
        for (int i = 0; i < n; i += 100) {
            #pragma omp task in_reduction(+:sum)
            for (int k = i; k < i + 100 && k < n; k++)
                sum += v[k];
        }
    }
    return sum;
}
