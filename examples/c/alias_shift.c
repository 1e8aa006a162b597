/* Causal smoothing done in place by a helper whose two pointer arguments overlap (dst = a + 1, src = a). */
#include <stdio.h>
#include <stdlib.h>

#define N 1000000
#define PASSES 600

/* dst[i] = w * dst[i] + (1 - w) * src[i]. Called with dst == src + 1, iteration i reads what i - 1 wrote. */
static void blend_shifted(double *dst, const double *src, int n, double w)
{
    for (int i = 0; i < n; i++) { /* expect: sequential(S2P501) */
        dst[i] = w * dst[i] + (1.0 - w) * src[i];
    }
}

int main(void)
{
    double *a = malloc(sizeof(double) * N);
    if (a == NULL) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }

    /* Input from a linear congruential generator: its state is carried from one sample to the next. */
    unsigned seed = 7u;
    for (int i = 0; i < N; i++) { /* expect: sequential(S2P211) */
        seed = seed * 1103515245u + 12345u;
        a[i] = (double)((seed >> 10) % 4096u) / 4096.0;
    }

    for (int pass = 0; pass < PASSES; pass++) { /* expect: sequential(S2P302) */
        blend_shifted(a + 1, a, N - 1, 0.5);
    }

    for (int i = 0; i < N; i += N / 8) { /* expect: sequential(S2P303) */
        printf("a[%7d] = %.10e\n", i, a[i]);
    }
    printf("a[%7d] = %.10e\n", N - 1, a[N - 1]);

    free(a);
    return 0;
}
