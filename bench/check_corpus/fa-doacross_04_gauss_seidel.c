// seq2par-corpus: race-free
// category: fa-doacross
// race: none
#define NX 200
#define NY 200
float u[NX][NY];

void sweep(void)
{
    int x, y;
    #pragma omp parallel for ordered(2) private(y)
    for (x = 1; x < NX - 1; x++)
        for (y = 1; y < NY - 1; y++) {
            #pragma omp ordered depend(sink: x - 1, y) depend(sink: x, y - 1)
            u[x][y] = 0.25f * (u[x - 1][y] + u[x + 1][y] + u[x][y - 1] + u[x][y + 1]);
            #pragma omp ordered depend(source)
        }
}
