// seq2par-corpus: racy
// category: sections
// race: line 16 write last / line 23 write last
#include <float.h>

void extremes(const double *x, int n, double *lo, double *hi)
{
    double last = 0.0;
    #pragma omp parallel sections
    {
        #pragma omp section
        {
            double m = DBL_MAX;
            for (int i = 0; i < n; i++) if (x[i] < m) m = x[i];
            *lo = m;
            last = m;
        }
        #pragma omp section
        {
            double m = -DBL_MAX;
            for (int i = 0; i < n; i++) if (x[i] > m) m = x[i];
            *hi = m;
            last = m;
        }
    }
    *lo += last * 0.0;
}
