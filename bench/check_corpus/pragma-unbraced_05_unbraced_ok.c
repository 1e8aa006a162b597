// seq2par-corpus: race-free
// category: pragma-unbraced
// race: none
#define N 200
#define M 200
double a[N][M];

void scale(void)
{
    int i, j;
    for (i = 0; i < N; i++)
#pragma omp parallel for
        for (j = 0; j < M; j++)
            a[i][j] = a[i][j] * 0.5 + 1.0;
}
