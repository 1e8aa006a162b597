// seq2par-corpus: race-free
// category: barrier
// race: none
#include <stdio.h>
double dt;

void step_ok(const double *v, int n)
{
    #pragma omp parallel
    {
        #pragma omp master
        dt = 0.01 / (1.0 + v[0]);
        #pragma omp barrier
        double my = dt * 2.0;
        printf("%f\n", my);
    }
}
