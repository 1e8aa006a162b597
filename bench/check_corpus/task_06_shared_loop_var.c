// seq2par-corpus: racy
// category: task
// race: line 11 write i / line 13 read i
#include <stdio.h>

void report(const int *v, int n)
{
    int i;
#pragma omp parallel
#pragma omp single
    for (i = 0; i < n; i++) {
#pragma omp task
        printf("%d %d\n", i, v[i]);
    }
}
