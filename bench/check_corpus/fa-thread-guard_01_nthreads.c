// seq2par-corpus: race-free
// category: fa-thread-guard
// race: none
#include <omp.h>
#include <stdio.h>

int report_threads(void)
{
    int nthreads = 0;
#pragma omp parallel
    {
        int tid = omp_get_thread_num();
        if (tid == 0)
            nthreads = omp_get_num_threads();
    }
    printf("%d threads\n", nthreads);
    return nthreads;
}
