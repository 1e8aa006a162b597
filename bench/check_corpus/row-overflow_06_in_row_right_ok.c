// seq2par-corpus: race-free
// category: row-overflow
// race: none
#define R 100
#define C 100
float g[R][C];

void smooth_rows_ok(void)
{
    #pragma omp parallel for
    for (int r = 0; r < R; r++)
        for (int c = 0; c < C - 1; c++)
            g[r][c] = 0.5f * (g[r][c] + g[r][c + 1]);
}
