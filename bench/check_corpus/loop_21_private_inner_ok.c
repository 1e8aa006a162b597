// seq2par-corpus: race-free
// category: loop
// race: none
#define N 200
double A[N][N], x[N], y[N];

void mv_ok(void)
{
    int i, j;
    #pragma omp parallel for private(j)
    for (i = 0; i < N; i++) {
        double s = 0.0;
        for (j = 0; j < N; j++)
            s += A[i][j] * x[j];
        y[i] = s;
    }
}
