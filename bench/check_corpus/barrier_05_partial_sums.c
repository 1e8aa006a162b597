// seq2par-corpus: racy
// category: barrier
// race: line 15 write psum[t] / line 17 read psum[k]
#include <omp.h>
double psum[16];

double reduce16(const double *v, int n)
{
    double total = 0.0;
#pragma omp parallel num_threads(16)
    {
        int t = omp_get_thread_num();
        double s = 0.0;
        for (int i = t; i < n; i += 16) s += v[i];
        psum[t] = s;
        if (t == 0) {
            for (int k = 0; k < 16; k++) total += psum[k];
        }
    }
    return total;
}
