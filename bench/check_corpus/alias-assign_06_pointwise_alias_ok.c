// seq2par-corpus: race-free
// category: alias-assign
// race: none
void decay(float *in, float *out, int n, int steps)
{
    for (int s = 0; s < steps; s++) {
        #pragma omp parallel for
        for (int i = 0; i < n; i++)
            out[i] = in[i] * 0.9f;
        in = out;
    }
}
