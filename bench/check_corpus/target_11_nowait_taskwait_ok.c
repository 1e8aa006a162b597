// seq2par-corpus: race-free
// category: target
// race: none
#include <stdio.h>
#define N 4096
float w[N];

void async_fill_ok(void)
{
    #pragma omp target map(tofrom: w) nowait
    for (int i = 0; i < N; i++)
        w[i] = i * 2.0f;
    #pragma omp taskwait
    printf("%f\n", w[10]);
}
