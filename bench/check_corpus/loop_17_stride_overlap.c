// seq2par-corpus: racy
// category: loop
// race: line 11 write q[i] / line 12 write q[i+2]
#define N 2000
float q[N + 2];

void pairs(void)
{
    #pragma omp parallel for
    for (int i = 0; i < N; i++) {
        q[i] += 1.0f;
        q[i + 2] -= 0.5f;
    }
}
