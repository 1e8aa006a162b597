// seq2par-corpus: racy
// category: taskloop
// race: line 15 write v[i] / line 16 read v[N-1]
#include <stdio.h>
#define N 2000
int v[N];

void tl_nogroup(void)
{
#pragma omp parallel
#pragma omp single
    {
#pragma omp taskloop nogroup
        for (int i = 0; i < N; i++)
            v[i] = i * i;
        printf("%d\n", v[N - 1]);
    }
}
