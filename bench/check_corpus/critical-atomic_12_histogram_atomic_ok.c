// seq2par-corpus: race-free
// category: critical-atomic
// race: none
#define BINS 32
int hist[BINS];

void bin(const float *v, int n)
{
    int i;
#pragma omp parallel for
    for (i = 0; i < n; i++) {
        int b = (int)(v[i] * BINS);
        if (b < 0) b = 0;
        if (b >= BINS) b = BINS - 1;
#pragma omp atomic update
        hist[b] += 1;
    }
}
