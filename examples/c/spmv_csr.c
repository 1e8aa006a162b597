/* Power iteration with a sparse CSR matrix: repeated y = A x (indirect reads x[col[k]]), normalized each step. */
#include <stdio.h>
#include <stdlib.h>

#define NROWS 1000000
#define ITERS 25

static unsigned mix(unsigned v)
{
    v ^= v >> 16;
    v *= 0x7feb352du;
    v ^= v >> 15;
    v *= 0x846ca68bu;
    v ^= v >> 16;
    return v;
}

int main(void)
{
    /* Row i holds a diagonal, its two neighbours and 4..11 hashed long-range couplings. */
    int *row_start = malloc(sizeof(int) * (NROWS + 1));
    double *x = malloc(sizeof(double) * NROWS);
    double *y = malloc(sizeof(double) * NROWS);
    if (row_start == NULL || x == NULL || y == NULL) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }

    /* Row lengths vary, so the row offsets are a prefix sum. */
    row_start[0] = 0;
    for (int i = 0; i < NROWS; i++) { /* expect: sequential(S2P201) */
        row_start[i + 1] = row_start[i] + 3 + 4 + (int)(mix((unsigned)i) % 8u);
    }
    int nnz = row_start[NROWS];

    int *col = malloc(sizeof(int) * nnz);
    double *val = malloc(sizeof(double) * nnz);
    if (col == NULL || val == NULL) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }

    /* Rows own disjoint ranges [row_start[i], row_start[i+1]) of col and val: the analysis cannot prove
       that row_start is increasing, so we assert it. */
    // seq2par: independent(col, val)
    for (int i = 0; i < NROWS; i++) { /* expect: parallel */
        int first = row_start[i];
        int len = row_start[i + 1] - first;
        for (int k = 0; k < len; k++) { /* expect: parallel */
            int j;
            if (k == 0)
                j = i;
            else if (k == 1)
                j = (i + 1) % NROWS;
            else if (k == 2)
                j = (i + NROWS - 1) % NROWS;
            else
                j = (int)(mix((unsigned)(i * 16 + k)) % NROWS);
            col[first + k] = j;
            val[first + k] = (k == 0) ? 4.0 : 1.0 / (double)(1 + (k + i) % 5);
        }
    }

    for (int i = 0; i < NROWS; i++) { /* expect: parallel */
        x[i] = 1.0 / NROWS;
    }

    double growth = 0.0;
    for (int it = 0; it < ITERS; it++) { /* expect: sequential(S2P201) */
        for (int i = 0; i < NROWS; i++) { /* expect: parallel */
            double s = 0.0;
            for (int k = row_start[i]; k < row_start[i + 1]; k++) { /* expect: parallel-reduction(+:s) */
                s += val[k] * x[col[k]];
            }
            y[i] = s;
        }

        double norm = 0.0;
        for (int i = 0; i < NROWS; i++) { /* expect: parallel-reduction(+:norm) */
            norm += y[i];
        }
        growth = norm;
        for (int i = 0; i < NROWS; i++) { /* expect: parallel */
            x[i] = y[i] / norm;
        }
    }

    double weighted = 0.0;
    for (int i = 0; i < NROWS; i++) { /* expect: parallel-reduction(+:weighted) */
        weighted += x[i] * (double)(i % 100);
    }

    printf("nonzeros            = %d\n", nnz);
    printf("dominant eigenvalue ~ %.10e\n", growth);
    printf("weighted checksum   = %.10e\n", weighted);
    printf("x[123456]           = %.10e\n", x[123456]);

    free(row_start);
    free(col);
    free(val);
    free(x);
    free(y);
    return 0;
}
