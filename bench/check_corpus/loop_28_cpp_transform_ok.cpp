// seq2par-corpus: race-free
// category: loop
// race: none
#include <vector>
#include <cmath>

void sqrt_all(std::vector<double> &out, const std::vector<double> &in)
{
    const long n = static_cast<long>(in.size());
#pragma omp parallel for
    for (long i = 0; i < n; ++i)
        out[i] = std::sqrt(in[i]);
}
