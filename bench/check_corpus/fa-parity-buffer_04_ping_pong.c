// seq2par-corpus: race-free
// category: fa-parity-buffer
// race: none
#define N 2048
int cells[2][N];

void automaton(int steps)
{
    for (int t = 0; t < steps; t++) {
        const int p = t & 1;
#pragma omp parallel for
        for (int i = 1; i < N - 1; i++)
            cells[1 - p][i] = cells[p][i - 1] ^ cells[p][i + 1];
    }
}
