// seq2par-corpus: racy
// category: loop
// race: line 11 write hist[k] / line 11 read hist[k]
#define B 16
int hist[B];

void histo(const unsigned *keys, int n)
{
    #pragma omp parallel for
    for (int i = 0; i < n; i++)
        hist[keys[i] % B]++;
}
