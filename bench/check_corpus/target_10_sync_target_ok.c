// seq2par-corpus: race-free
// category: target
// race: none
#include <stdio.h>
#define N 4096
float v[N];

void sync_fill(void)
{
    #pragma omp target map(from: v)
    for (int i = 0; i < N; i++)
        v[i] = i * 2.0f;
    printf("%f\n", v[10]);
}
