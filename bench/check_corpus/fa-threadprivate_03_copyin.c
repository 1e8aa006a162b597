// seq2par-corpus: race-free
// category: fa-threadprivate
// race: none
#include <stdio.h>
double seed = 1.0;
#pragma omp threadprivate(seed)

void jitter(double *v, int n)
{
    seed = 42.0;
#pragma omp parallel copyin(seed)
    {
#pragma omp for
        for (int i = 0; i < n; i++) {
            seed = seed * 1.000001 + 0.5;
            v[i] += seed * 1e-9;
        }
    }
}
