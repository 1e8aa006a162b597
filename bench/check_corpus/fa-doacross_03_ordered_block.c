// seq2par-corpus: race-free
// category: fa-doacross
// race: none
#include <stdio.h>

void print_squares(const int *v, int n)
{
    int i;
#pragma omp parallel for ordered schedule(dynamic)
    for (i = 0; i < n; i++) {
        int sq = v[i] * v[i];
#pragma omp ordered
        {
            printf("%d\n", sq);
        }
    }
}
