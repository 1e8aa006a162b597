// seq2par-corpus: race-free
// category: fa-parity-buffer
// race: none
#define N 4000
double w[2][N];

void wave(int steps, double c2)
{
    int src = 0;
    for (int s = 0; s < steps; s++) {
        int dst = 1 - src;
        #pragma omp parallel for
        for (int i = 1; i < N - 1; i++)
            w[dst][i] = 2.0 * w[src][i] - w[dst][i] + c2 * (w[src][i + 1] - 2.0 * w[src][i] + w[src][i - 1]);
        src = dst;
    }
}
