// seq2par-corpus: racy
// category: loop
// race: line 11 write v[i] / line 11 read v[i-1]
#include <vector>

void smooth(std::vector<double> &v)
{
    const int n = (int)v.size();
    #pragma omp parallel for
    for (int i = 1; i < n; ++i)
        v[i] = 0.5 * (v[i] + v[i - 1]);
}
