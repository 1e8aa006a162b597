// seq2par-corpus: race-free
// category: fa-index-tables
// race: none
#define NE 4
double flux[8];
static const int left[NE] = {0, 2, 4, 6};
static const int right[NE] = {1, 3, 5, 7};

void apply_edges(const double *f)
{
    int e;
#pragma omp parallel for
    for (e = 0; e < NE; e++) {
        flux[left[e]] += f[e];
        flux[right[e]] -= f[e];
    }
}
