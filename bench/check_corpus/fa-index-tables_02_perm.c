// seq2par-corpus: race-free
// category: fa-index-tables
// race: none
static const int perm[8] = {3, 0, 6, 1, 7, 2, 5, 4};

void permute(const float *in, float *out)
{
    #pragma omp parallel for
    for (int i = 0; i < 8; i++)
        out[perm[i]] = in[i];
}
