// seq2par-corpus: race-free
// category: fa-lock
// race: none
#include <omp.h>
#define NB 64
int hist[NB];
omp_lock_t locks[NB];

void histogram(const int *keys, int n)
{
    int i;
    for (i = 0; i < NB; i++)
        omp_init_lock(&locks[i]);
    #pragma omp parallel for
    for (i = 0; i < n; i++) {
        int b = keys[i] % NB;
        omp_set_lock(&locks[b]);
        hist[b]++;
        omp_unset_lock(&locks[b]);
    }
}
