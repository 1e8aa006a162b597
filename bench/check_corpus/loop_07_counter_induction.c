// seq2par-corpus: racy
// category: loop
// race: line 11 write k / line 10 read k
void compact(const int *in, int *out, int n)
{
    int k = 0;
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        if (in[i] != 0) {
            out[k] = in[i];
            k++;
        }
    }
}
