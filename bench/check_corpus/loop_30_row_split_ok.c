// seq2par-corpus: race-free
// category: loop
// race: none
#define R 64
#define C 64
float img[R][C], blurred[R][C];

void blur_rows(void)
{
    int r, c;
#pragma omp parallel for private(c) schedule(dynamic, 4)
    for (r = 0; r < R; r++) {
        blurred[r][0] = img[r][0];
        for (c = 1; c < C; c++)
            blurred[r][c] = 0.5f * (img[r][c] + img[r][c - 1]);
    }
}
