// seq2par-corpus: racy
// category: loop
// race: line 13 write j / line 13 read j
#define N 200
double A[N][N], x[N], y[N];

void mv(void)
{
    int i, j;
    #pragma omp parallel for
    for (i = 0; i < N; i++) {
        y[i] = 0;
        for (j = 0; j < N; j++)
            y[i] += A[i][j] * x[j];
    }
}
