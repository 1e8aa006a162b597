// seq2par-corpus: race-free
// category: simd
// race: none
#define R 128
#define C 128
double m[R][C], rs[R];

void rowsum(void)
{
    #pragma omp parallel for
    for (int r = 0; r < R; r++) {
        double s = 0.0;
        #pragma omp simd reduction(+:s)
        for (int c = 0; c < C; c++)
            s += m[r][c];
        rs[r] = s;
    }
}
