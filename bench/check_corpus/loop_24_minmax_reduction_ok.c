// seq2par-corpus: race-free
// category: loop
// race: none
#include <float.h>

void range(const double *v, int n, double *lo, double *hi)
{
    double mn = DBL_MAX, mx = -DBL_MAX;
#pragma omp parallel for reduction(min:mn) reduction(max:mx)
    for (int i = 0; i < n; i++) {
        if (v[i] < mn) mn = v[i];
        if (v[i] > mx) mx = v[i];
    }
    *lo = mn;
    *hi = mx;
}
