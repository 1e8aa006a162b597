// seq2par-corpus: race-free
// category: barrier
// race: none
#include <omp.h>
#define MAXT 64
double part[MAXT], left[MAXT];

void exchange_ok(void)
{
#pragma omp parallel num_threads(8)
    {
        int me = omp_get_thread_num();
        int n = omp_get_num_threads();
        part[me] = me * 1.5;
#pragma omp barrier
        left[me] = part[(me + n - 1) % n];
    }
}
