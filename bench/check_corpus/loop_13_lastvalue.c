// seq2par-corpus: racy
// category: loop
// race: line 12 write last / line 12 write last
#include <stdio.h>

void lastval(const double *v, int n)
{
    double last = 0.0;
    int i;
#pragma omp parallel for
    for (i = 0; i < n; i++)
        last = v[i] * 2;
    printf("%f\n", last);
}
