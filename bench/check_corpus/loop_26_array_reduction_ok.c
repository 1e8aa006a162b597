// seq2par-corpus: race-free
// category: loop
// race: none
#define B 16
int hist[B];

void histo_ok(const unsigned *keys, int n)
{
    #pragma omp parallel for reduction(+:hist[:B])
    for (int i = 0; i < n; i++)
        hist[keys[i] % B]++;
}
