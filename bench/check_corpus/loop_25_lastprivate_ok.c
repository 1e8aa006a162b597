// seq2par-corpus: race-free
// category: loop
// race: none
#include <stdio.h>

void lastval_ok(const double *v, int n)
{
    double last = 0.0;
    int i;
#pragma omp parallel for lastprivate(last)
    for (i = 0; i < n; i++)
        last = v[i] * 2;
    printf("%f\n", last);
}
