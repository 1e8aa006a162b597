// seq2par-corpus: race-free
// category: fa-private
// race: none
#include <stdio.h>
#define N 4096
double xs[N], ys[N], r[N];

void polar(void)
{
    double dx, dy;
    int k;
    #pragma omp parallel for private(dx, dy) schedule(static)
    for (k = 0; k < N; k++) {
        dx = xs[k] - 0.5;
        dy = ys[k] - 0.5;
        r[k] = dx * dx + dy * dy;
    }
    printf("%f %f\n", dx, dy);
}
