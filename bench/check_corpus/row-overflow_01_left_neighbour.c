// seq2par-corpus: racy
// category: row-overflow
// race: line 14 write b[i][j] / line 14 read b[i][j-1]
#define N 256
#define M 256
double b[N][M];

void shift_left(void)
{
    int i, j;
#pragma omp parallel for private(j)
    for (i = 0; i < N; i++)
        for (j = 0; j < M; j++)
            b[i][j] = b[i][j - 1] + 1.0;
}
