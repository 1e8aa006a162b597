// seq2par-corpus: racy
// category: barrier
// race: line 12 write dt / line 13 read dt
#include <stdio.h>
double dt;

void step(const double *v, int n)
{
    #pragma omp parallel
    {
        #pragma omp master
        dt = 0.01 / (1.0 + v[0]);
        double my = dt * 2.0;
        printf("%f\n", my);
    }
}
