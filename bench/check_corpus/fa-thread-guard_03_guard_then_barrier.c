// seq2par-corpus: race-free
// category: fa-thread-guard
// race: none
#include <omp.h>
#define N 2048
double a[N];
double scale;

void rescale(double target)
{
#pragma omp parallel
    {
        if (omp_get_thread_num() == 0) {
            double m = 0.0;
            for (int i = 0; i < N; i++)
                if (a[i] > m) m = a[i];
            scale = m > 0.0 ? target / m : 1.0;
        }
#pragma omp barrier
#pragma omp for
        for (int i = 0; i < N; i++)
            a[i] *= scale;
    }
}
