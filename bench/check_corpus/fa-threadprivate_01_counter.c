// seq2par-corpus: race-free
// category: fa-threadprivate
// race: none
#include <omp.h>
int counter;
#pragma omp threadprivate(counter)

void count_work(int n, int *out)
{
    #pragma omp parallel
    {
        counter = 0;
        #pragma omp for
        for (int i = 0; i < n; i++)
            counter++;
        out[omp_get_thread_num()] = counter;
    }
}
