// seq2par-corpus: race-free
// category: fa-tiled-min
// race: none
#define N 256
#define T 16
#define min(a, b) ((a) < (b) ? (a) : (b))
double A[N][N], B[N][N], C[N][N];

void matmul_tiled(void)
{
    int it, kt, i, j, k;
#pragma omp parallel for private(kt, i, j, k)
    for (it = 0; it < N; it += T)
        for (kt = 0; kt < N; kt += T)
            for (i = it; i < min(it + T, N); i++)
                for (k = kt; k < min(kt + T, N); k++)
                    for (j = 0; j < N; j++)
                        C[i][j] += A[i][k] * B[k][j];
}
