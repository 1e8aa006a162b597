/* Dot product, extrema, threshold count and p-norms of two synthetic signals. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define N 16000000
#define NORMS 4
#define THRESHOLD 1.5

int main(void)
{
    double *x = malloc(sizeof(double) * N);
    double *y = malloc(sizeof(double) * N);
    if (x == NULL || y == NULL) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }

    for (int i = 0; i < N; i++) { /* expect: parallel */
        x[i] = 1.25 + 0.001 * (double)(i % 1000) + (double)(i % 7) * 0.25;
        y[i] = 0.5 + (double)((i * 2654435761u) % 1000) * 0.002;
    }

    double dot = 0.0;
    double xmax = x[0];
    double ymin = y[0];
    long above = 0;
    for (int i = 0; i < N; i++) { /* expect: parallel-reduction(+:dot, max:xmax, min:ymin, +:above) */
        dot += x[i] * y[i];
        if (x[i] > xmax)
            xmax = x[i];
        if (y[i] < ymin)
            ymin = y[i];
        if (x[i] > THRESHOLD)
            above++;
    }

    /* ||x||_p for p = 1.5, 2.5, 3.5, 4.5: each norm is independent, each sum a reduction. */
    double norms[NORMS];
    for (int k = 0; k < NORMS; k++) { /* expect: parallel */
        double p = 1.5 + (double)k;
        double s = 0.0;
        for (int i = 0; i < N; i++) { /* expect: parallel-reduction(+:s) */
            s += pow(x[i], p);
        }
        norms[k] = pow(s, 1.0 / p);
    }

    printf("dot        = %.10e\n", dot);
    printf("max x      = %.10e\n", xmax);
    printf("min y      = %.10e\n", ymin);
    printf("x > %.2f   = %ld\n", THRESHOLD, above);
    for (int k = 0; k < NORMS; k++) { /* expect: sequential(S2P303) */
        printf("norm_%.1f   = %.10e\n", 1.5 + (double)k, norms[k]);
    }

    free(x);
    free(y);
    return 0;
}
