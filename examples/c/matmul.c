/* Dense matrix product C = A * B of two N x N matrices (i-k-j loop order), with trace and checksum. */
#include <stdio.h>

#define N 1500

static double a[N][N];
static double b[N][N];
static double c[N][N];

int main(void)
{
    for (int i = 0; i < N; i++) { /* expect: parallel */
        for (int j = 0; j < N; j++) { /* expect: parallel */
            a[i][j] = 1.0 + (double)((i + 2 * j) % 17) / 16.0;
            b[i][j] = 0.5 + (double)((3 * i + j) % 13) / 26.0;
            c[i][j] = 0.0;
        }
    }

    /* Each iteration of k adds a rank-one contribution to row i of C, so the k loop is an array reduction. */
    for (int i = 0; i < N; i++) { /* expect: parallel */
        for (int k = 0; k < N; k++) { /* expect: parallel-reduction(+:c[]) */
            double aik = a[i][k];
            for (int j = 0; j < N; j++) { /* expect: parallel */
                c[i][j] += aik * b[k][j];
            }
        }
    }

    double trace = 0.0;
    for (int i = 0; i < N; i++) { /* expect: parallel-reduction(+:trace) */
        trace += c[i][i];
    }

    double total = 0.0;
    double largest = 0.0;
    for (int i = 0; i < N; i++) { /* expect: parallel-reduction(+:total, max:largest) */
        for (int j = 0; j < N; j++) { /* expect: parallel-reduction(+:total, max:largest) */
            total += c[i][j];
            if (c[i][j] > largest)
                largest = c[i][j];
        }
    }

    printf("trace   = %.10e\n", trace);
    printf("sum     = %.10e\n", total);
    printf("max     = %.10e\n", largest);
    printf("c[7][9] = %.10e\n", c[7][9]);
    return 0;
}
