// seq2par-corpus: race-free
// category: fa-doacross
// race: none
#define N 500
#define M 500
double a[N][M];

void wavefront(void)
{
    int i, j;
#pragma omp parallel for ordered(2)
    for (i = 1; i < N; i++)
        for (j = 1; j < M; j++) {
#pragma omp ordered depend(sink: i - 1, j) depend(sink: i, j - 1)
            a[i][j] = 0.5 * (a[i - 1][j] + a[i][j - 1]);
#pragma omp ordered depend(source)
        }
}
