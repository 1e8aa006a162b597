// seq2par-corpus: race-free
// category: fa-tiled-min
// race: none
#include <algorithm>
#include <vector>

void clamp_tiles(std::vector<float> &v, int n, int tile)
{
#pragma omp parallel for
    for (int t0 = 0; t0 < n; t0 += tile) {
        int t1 = std::min(t0 + tile, n);
        for (int i = t0; i < t1; i++)
            v[i] = std::max(0.0f, std::min(1.0f, v[i]));
    }
}
