// seq2par-corpus: race-free
// category: barrier
// race: none
#include <omp.h>
double psum[16];

double reduce16_ok(const double *v, int n)
{
    double total = 0.0;
#pragma omp parallel num_threads(16)
    {
        int t = omp_get_thread_num();
        double s = 0.0;
        for (int i = t; i < n; i += 16) s += v[i];
        psum[t] = s;
#pragma omp barrier
        if (t == 0) {
            for (int k = 0; k < 16; k++) total += psum[k];
        }
    }
    return total;
}
