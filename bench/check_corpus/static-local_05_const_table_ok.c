// seq2par-corpus: race-free
// category: static-local
// race: none
#define N 4096
float out[N];

void lookup(const unsigned char *codes)
{
#pragma omp parallel for
    for (int i = 0; i < N; i++) {
        static const float table[4] = {0.0f, 0.25f, 0.5f, 1.0f};
        out[i] = table[codes[i] & 3];
    }
}
