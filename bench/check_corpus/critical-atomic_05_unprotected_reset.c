// seq2par-corpus: racy
// category: critical-atomic
// race: line 16 write pending / line 13 write pending
#include <omp.h>
int pending;

void worker(int jobs)
{
#pragma omp parallel
    {
        for (int j = 0; j < jobs; j++) {
#pragma omp atomic
            pending += 1;
        }
        if (omp_get_thread_num() == 1)
            pending = 0;
    }
}
