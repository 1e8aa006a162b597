// seq2par-corpus: race-free
// category: fa-parity-buffer
// race: none
#define NX 512
float grid[2][NX][NX];

void life(int gens)
{
    int cur = 0;
    for (int g = 0; g < gens; g++) {
        #pragma omp parallel for collapse(2)
        for (int x = 1; x < NX - 1; x++)
            for (int y = 1; y < NX - 1; y++)
                grid[1 - cur][x][y] = (grid[cur][x - 1][y] + grid[cur][x + 1][y]
                                     + grid[cur][x][y - 1] + grid[cur][x][y + 1]) * 0.25f;
        cur = 1 - cur;
    }
}
