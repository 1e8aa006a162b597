// seq2par-corpus: race-free
// category: loop
// race: none
#define N 10000
double in[N], out[N];

void stencil3(void)
{
    int i;
    #pragma omp parallel for schedule(guided)
    for (i = 1; i < N - 1; i++)
        out[i] = (in[i - 1] + in[i] + in[i + 1]) / 3.0;
}
