// seq2par-corpus: race-free
// category: fa-threadprivate
// race: none
#include <omp.h>

long tally(const int *flags, int n)
{
    static long hits;
#pragma omp threadprivate(hits)
    long total = 0;
#pragma omp parallel reduction(+:total)
    {
        hits = 0;
#pragma omp for
        for (int i = 0; i < n; i++)
            if (flags[i]) hits++;
        total += hits;
    }
    return total;
}
