// seq2par-corpus: race-free
// category: fa-threadprivate
// race: none
#define W 64
static double scratch[W];
#pragma omp threadprivate(scratch)

void smooth_rows(int rows, double (*img)[W])
{
    int r, c;
#pragma omp parallel for private(c)
    for (r = 0; r < rows; r++) {
        for (c = 0; c < W; c++)
            scratch[c] = img[r][c];
        for (c = 1; c < W - 1; c++)
            img[r][c] = (scratch[c - 1] + scratch[c] + scratch[c + 1]) / 3.0;
    }
}
