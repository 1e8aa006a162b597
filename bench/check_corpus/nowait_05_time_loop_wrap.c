// seq2par-corpus: racy
// category: nowait
// race: line 16 write u[i] / line 13 read u[i+1]
#define N 5000
double u[N], un[N];

void heat(int steps)
{
#pragma omp parallel
    for (int t = 0; t < steps; t++) {
#pragma omp for
        for (int i = 1; i < N - 1; i++)
            un[i] = u[i] + 0.1 * (u[i - 1] - 2 * u[i] + u[i + 1]);
#pragma omp for nowait
        for (int i = 1; i < N - 1; i++)
            u[i] = un[i];
    }
}
