// seq2par-corpus: racy
// category: barrier
// race: line 11 write nthreads / line 11 write nthreads
#include <omp.h>
int nthreads;

int count_threads(void)
{
    #pragma omp parallel
    {
        nthreads = omp_get_num_threads();
    }
    return nthreads;
}
