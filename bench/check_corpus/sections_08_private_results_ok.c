// seq2par-corpus: race-free
// category: sections
// race: none
#include <stdio.h>

void stats(const double *x, int n)
{
    double mean = 0.0, var = 0.0;
    #pragma omp parallel sections
    {
        #pragma omp section
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += x[i];
            mean = s / n;
        }
        #pragma omp section
        {
            double s = 0;
            for (int i = 0; i < n; i++) s += x[i] * x[i];
            var = s / n;
        }
    }
    printf("%f %f\n", mean, var - mean * mean);
}
