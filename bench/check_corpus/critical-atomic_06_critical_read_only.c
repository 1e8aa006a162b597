// seq2par-corpus: racy
// category: critical-atomic
// race: line 18 write norm / line 18 read norm
#include <stdio.h>
#define N 4096
double x[N];

void normalize_running(void)
{
    double norm = 1.0;
    #pragma omp parallel for
    for (int i = 0; i < N; i++) {
        double v;
        #pragma omp critical
        {
            v = x[i] / norm;
        }
        norm = norm + v * v;
        x[i] = v;
    }
    printf("%f\n", norm);
}
