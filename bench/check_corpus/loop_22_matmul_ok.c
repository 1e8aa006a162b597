// seq2par-corpus: race-free
// category: loop
// race: none
#define N 128
double a[N][N], b[N][N], c[N][N];

void matmul(void)
{
#pragma omp parallel for collapse(2)
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) {
            double s = 0;
            for (int k = 0; k < N; k++)
                s += a[i][k] * b[k][j];
            c[i][j] = s;
        }
}
