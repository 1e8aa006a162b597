// seq2par-corpus: racy
// category: row-overflow
// race: line 13 write g[r][c] / line 13 read g[r][c+1]
#define R 100
#define C 100
float g[R][C];

void smooth_rows(void)
{
    #pragma omp parallel for
    for (int r = 0; r < R; r++)
        for (int c = 0; c < C; c++)
            g[r][c] = 0.5f * (g[r][c] + g[r][c + 1]);
}
