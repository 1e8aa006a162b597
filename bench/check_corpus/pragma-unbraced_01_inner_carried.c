// seq2par-corpus: racy
// category: pragma-unbraced
// race: line 14 write a[i][j] / line 14 read a[i][j-1]
#define N 200
#define M 200
double a[N][M];

void sweep(void)
{
    int i, j;
    for (i = 0; i < N; i++)
#pragma omp parallel for
        for (j = 1; j < M; j++)
            a[i][j] = a[i][j - 1] * 0.5 + 1.0;
}
