// seq2par-corpus: racy
// category: loop
// race: line 14 write h[i][j] / line 14 read h[i-1][j]
#define N 300
#define M 300
float h[N][M];

void rows(void)
{
    int i, j;
#pragma omp parallel for private(j)
    for (i = 1; i < N; i++)
        for (j = 0; j < M; j++)
            h[i][j] = h[i - 1][j] * 0.5f;
}
