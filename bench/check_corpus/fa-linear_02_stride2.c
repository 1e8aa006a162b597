// seq2par-corpus: race-free
// category: fa-linear
// race: none
#define N 1000
float re[N], im[N], packed[2 * N];

void interleave(void)
{
    int k = 0;
    #pragma omp parallel for linear(k:2)
    for (int i = 0; i < N; i++) {
        packed[k] = re[i];
        packed[k + 1] = im[i];
        k += 2;
    }
}
