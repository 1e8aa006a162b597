// seq2par-corpus: racy
// category: critical-atomic
// race: line 16 write energy / line 17 write energy
#include <omp.h>
double energy;

void accumulate(const double *e, int n)
{
    #pragma omp parallel
    {
        double local = 0.0;
        #pragma omp for
        for (int i = 0; i < n; i++)
            local += e[i];
        #pragma omp critical
        energy += local;
        energy *= 0.5;
    }
}
