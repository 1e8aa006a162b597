// seq2par-corpus: racy
// category: target
// race: line 12 write v[i] / line 13 read v[10]
#include <stdio.h>
#define N 4096
float v[N];

void async_fill(void)
{
    #pragma omp target map(tofrom: v) nowait
    for (int i = 0; i < N; i++)
        v[i] = i * 2.0f;
    printf("%f\n", v[10]);
    #pragma omp taskwait
}
