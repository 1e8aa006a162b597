// seq2par-corpus: race-free
// category: row-overflow
// race: none
#define N 256
#define M 256
double b[N][M];

void shift_left_ok(void)
{
    int i, j;
#pragma omp parallel for private(j)
    for (i = 0; i < N; i++)
        for (j = 1; j < M; j++)
            b[i][j] = b[i][j - 1] + 1.0;
}
