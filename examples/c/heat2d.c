/* 2-D heat equation on an N x M plate: explicit Jacobi steps with double buffering and a pointer swap. */
#include <stdio.h>
#include <stdlib.h>

#define N 1200
#define M 1200
#define STEPS 500
#define ALPHA 0.2

int main(void)
{
    double *u = malloc(sizeof(double) * N * M);
    double *un = malloc(sizeof(double) * N * M);
    if (u == NULL || un == NULL) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }

    /* Hot left edge, warm top edge, cool interior; both buffers share the fixed boundary values. */
    for (int i = 0; i < N; i++) { /* expect: parallel */
        for (int j = 0; j < M; j++) { /* expect: parallel */
            double value = 10.0 + (double)((i * 7 + j * 3) % 11);
            if (j == 0)
                value = 400.0;
            else if (i == 0)
                value = 200.0;
            u[i * M + j] = value;
            un[i * M + j] = value;
        }
    }

    for (int t = 0; t < STEPS; t++) { /* expect: sequential */
        for (int i = 1; i < N - 1; i++) { /* expect: parallel */
            for (int j = 1; j < M - 1; j++) { /* expect: parallel */
                un[i * M + j] = u[i * M + j]
                    + ALPHA * (u[(i - 1) * M + j] + u[(i + 1) * M + j]
                               + u[i * M + j - 1] + u[i * M + j + 1] - 4.0 * u[i * M + j]);
            }
        }
        double *tmp = u;
        u = un;
        un = tmp;
    }

    double sum = 0.0;
    for (int i = 0; i < N; i++) { /* expect: parallel-reduction(+:sum) */
        for (int j = 0; j < M; j++) { /* expect: parallel-reduction(+:sum) */
            sum += u[i * M + j];
        }
    }

    printf("grid sum     = %.10e\n", sum);
    printf("center value = %.10e\n", u[(N / 2) * M + M / 2]);
    printf("near hot edge= %.10e\n", u[(N / 2) * M + 2]);

    free(u);
    free(un);
    return 0;
}
