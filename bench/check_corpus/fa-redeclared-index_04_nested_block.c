// seq2par-corpus: race-free
// category: fa-redeclared-index
// race: none
#define R 128
#define C 128
int grid[R][C], rowsum[R];

void sums(void)
{
    int r, c = 0;
    #pragma omp parallel for
    for (r = 0; r < R; r++) {
        int t = 0;
        {
            int c;
            for (c = 0; c < C; c++)
                t += grid[r][c];
        }
        rowsum[r] = t;
    }
    rowsum[0] += c;
}
