// seq2par-corpus: racy
// category: nowait
// race: line 14 write pivot / line 17 read pivot
#include <stdio.h>
#define N 1000
double a[N];
double pivot;

void use_pivot(void)
{
    #pragma omp parallel
    {
        #pragma omp single nowait
        pivot = a[0] * 0.5;
        #pragma omp for
        for (int i = 0; i < N; i++)
            a[i] -= pivot;
    }
}
