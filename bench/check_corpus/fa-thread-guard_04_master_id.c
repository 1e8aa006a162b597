// seq2par-corpus: race-free
// category: fa-thread-guard
// race: none
#include <omp.h>
struct stats { long iters; double time; };
struct stats run_stats;

void solve(double *x, int n, int iters)
{
#pragma omp parallel
    {
        const int me = omp_get_thread_num();
        for (int it = 0; it < iters; it++) {
#pragma omp for
            for (int i = 0; i < n; i++)
                x[i] = 0.5 * x[i] + 1.0;
        }
        if (me == 0) {
            run_stats.iters = iters;
            run_stats.time = omp_get_wtime();
        }
    }
}
