// seq2par-corpus: race-free
// category: fa-index-tables
// race: none
#define W 16
int img[W * W];
static const int corner[4] = {0, W - 1, W * (W - 1), W * W - 1};

void mark_corners(int value)
{
#pragma omp parallel for
    for (int c = 0; c < 4; c++)
        img[corner[c]] = value + c;
}
