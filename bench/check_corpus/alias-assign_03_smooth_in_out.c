// seq2par-corpus: racy
// category: alias-assign
// race: line 10 write out[i] / line 10 read in[i-1]
void smooth(float *in, float *out, int n, int passes)
{
    int p, i;
    for (p = 0; p < passes; p++) {
        #pragma omp parallel for
        for (i = 2; i < n; i++)
            out[i] = (in[i] + in[i - 1] + in[i - 2]) / 3.0f;
        in = out;
    }
}
