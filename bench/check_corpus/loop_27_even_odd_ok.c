// seq2par-corpus: race-free
// category: loop
// race: none
#define N 1000
int v[N];

void even_from_odd(void)
{
#pragma omp parallel for
    for (int i = 0; i < N / 2; i++)
        v[2 * i] = v[2 * i + 1] + 1;
}
