// seq2par-corpus: racy
// category: barrier
// race: line 14 write part[me] / line 15 read part[(me+n-1)%n]
#include <omp.h>
#define MAXT 64
double part[MAXT], left[MAXT];

void exchange(void)
{
#pragma omp parallel num_threads(8)
    {
        int me = omp_get_thread_num();
        int n = omp_get_num_threads();
        part[me] = me * 1.5;
        left[me] = part[(me + n - 1) % n];
    }
}
