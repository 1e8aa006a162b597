// seq2par-corpus: race-free
// category: fa-linear
// race: none
#define N 4096
double in[N], out[N + 8];

void shift_copy(void)
{
    int j = 8;
    int i;
    #pragma omp parallel for simd linear(j)
    for (i = 0; i < N; i++) {
        out[j] = in[i] * 2.0;
        j = j + 1;
    }
}
