// seq2par-corpus: race-free
// category: fa-redeclared-index
// race: none
#include <vector>

void blur(std::vector<double> &dst, const std::vector<double> &src, int n)
{
    int j = 0;
    #pragma omp parallel for
    for (int i = 2; i < n - 2; i++) {
        double s = 0;
        for (int j = -2; j <= 2; j++)
            s += src[i + j];
        dst[i] = s / 5.0;
    }
    dst[0] = j;
}
