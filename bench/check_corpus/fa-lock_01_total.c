// seq2par-corpus: race-free
// category: fa-lock
// race: none
#include <omp.h>

double locked_sum(const double *a, int n)
{
    double total = 0.0;
    omp_lock_t lk;
    omp_init_lock(&lk);
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        double v = a[i] * a[i];
        omp_set_lock(&lk);
        total += v;
        omp_unset_lock(&lk);
    }
    omp_destroy_lock(&lk);
    return total;
}
