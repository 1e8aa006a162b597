// seq2par-corpus: race-free
// category: fa-thread-guard
// race: none
#include <omp.h>
#include <stdio.h>
#define N 1000
double field[N];

void step(void)
{
    double elapsed = 0.0;
    #pragma omp parallel
    {
        double t0 = omp_get_wtime();
        #pragma omp for
        for (int i = 0; i < N; i++)
            field[i] *= 0.99;
        if (omp_get_thread_num() == 0)
            elapsed = omp_get_wtime() - t0;
    }
    printf("%g\n", elapsed);
}
