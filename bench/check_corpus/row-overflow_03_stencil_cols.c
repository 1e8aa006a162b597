// seq2par-corpus: racy
// category: row-overflow
// race: line 14 write u[x][y] / line 15 read u[x][y-1]
#define NX 64
#define NY 64
double u[NX][NY], v[NX][NY];

void lap(void)
{
    int x, y;
    #pragma omp parallel for private(y)
    for (x = 0; x < NX; x++)
        for (y = 0; y < NY; y++) {
            u[x][y] = 4 * v[x][y];
            v[x][y] = u[x][y - 1] - u[x][y];
        }
}
