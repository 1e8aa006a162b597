// seq2par-corpus: race-free
// category: fa-private
// race: none
#include <math.h>

float normalize(float *x, float *y, int n)
{
    float len = 1.0f;
    int i;
#pragma omp parallel for private(len)
    for (i = 0; i < n; i++) {
        len = sqrtf(x[i] * x[i] + y[i] * y[i]);
        if (len > 0.0f) {
            x[i] /= len;
            y[i] /= len;
        }
    }
    return len;
}
