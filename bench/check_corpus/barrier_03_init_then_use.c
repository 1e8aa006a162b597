// seq2par-corpus: racy
// category: barrier
// race: line 15 write flags[i] / line 17 read flags[i]
#include <omp.h>
#define N 1024
int flags[N];

int scan_flags(void)
{
    int total = 0;
#pragma omp parallel reduction(+:total)
    {
        int me = omp_get_thread_num(), nt = omp_get_num_threads();
        for (int i = me; i < N; i += nt)
            flags[i] = i % 3 == 0;
        for (int i = 0; i < N; i++)
            total += flags[i];
    }
    return total;
}
