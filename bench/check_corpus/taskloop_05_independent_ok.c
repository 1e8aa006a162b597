// seq2par-corpus: race-free
// category: taskloop
// race: none
#define N 10000
float a[N], b[N];

void tl_map(void)
{
#pragma omp parallel
#pragma omp single
#pragma omp taskloop grainsize(256)
    for (int i = 0; i < N; i++)
        b[i] = 2.0f * a[i] + 1.0f;
}
