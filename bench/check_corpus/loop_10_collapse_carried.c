// seq2par-corpus: racy
// category: loop
// race: line 12 write g[i][j] / line 12 read g[i-1][j]
#define N 100
double g[N][N];

void sweep2(void)
{
    #pragma omp parallel for collapse(2)
    for (int i = 1; i < N; i++)
        for (int j = 0; j < N; j++)
            g[i][j] = g[i - 1][j] + 1.0;
}
