/* 1-D Poisson problem -u'' = f solved by in-place Gauss-Seidel sweeps (each update uses the fresh left neighbour). */
#include <stdio.h>
#include <stdlib.h>

#define N 200000
#define SWEEPS 2000

int main(void)
{
    double *u = malloc(sizeof(double) * (N + 2));
    double *f = malloc(sizeof(double) * (N + 2));
    if (u == NULL || f == NULL) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    const double h2 = 1.0 / ((double)(N + 1) * (double)(N + 1));

    /* Source term and initial guess from a linear congruential generator (carried state). */
    unsigned seed = 2024u;
    for (int i = 0; i < N + 2; i++) { /* expect: sequential(S2P211) */
        seed = seed * 1664525u + 1013904223u;
        f[i] = 1.0 + (double)(seed >> 24) / 256.0;
        u[i] = (double)((seed >> 16) & 0xffu) / 2560.0;
    }
    u[0] = 0.0;
    u[N + 1] = 0.0;

    for (int sweep = 0; sweep < SWEEPS; sweep++) { /* expect: sequential(S2P201) */
        for (int i = 1; i <= N; i++) { /* expect: sequential(S2P201, S2P202) */
            u[i] = 0.5 * (u[i - 1] + u[i + 1] + h2 * f[i]);
        }
    }

    for (int i = 1; i <= N; i += N / 8) { /* expect: sequential(S2P303) */
        printf("u[%6d] = %.10e\n", i, u[i]);
    }
    printf("u[%6d] = %.10e\n", N / 2, u[N / 2]);

    free(u);
    free(f);
    return 0;
}
