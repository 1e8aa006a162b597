// seq2par-corpus: race-free
// category: fa-parity-buffer
// race: none
#define N 10000
double u[2][N];

void heat(int steps)
{
    int t, i;
    for (t = 0; t < steps; t++) {
        int p = t % 2;
#pragma omp parallel for
        for (i = 1; i < N - 1; i++)
            u[1 - p][i] = 0.5 * u[p][i] + 0.25 * (u[p][i - 1] + u[p][i + 1]);
    }
}
