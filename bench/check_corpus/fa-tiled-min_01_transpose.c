// seq2par-corpus: race-free
// category: fa-tiled-min
// race: none
#define N 512
#define TS 32
static inline int imin(int a, int b) { return a < b ? a : b; }

void transpose_tiled(double A[N][N], double B[N][N])
{
    int ii, jj, i, j;
#pragma omp parallel for private(jj, i, j)
    for (ii = 0; ii < N; ii += TS)
        for (jj = 0; jj < N; jj += TS)
            for (i = ii; i < imin(ii + TS, N); i++)
                for (j = jj; j < imin(jj + TS, N); j++)
                    B[j][i] = A[i][j];
}
