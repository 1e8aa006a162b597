// seq2par-corpus: racy
// category: loop
// race: line 11 write acc.sum / line 11 read acc.sum
struct Acc { double sum; long n; };

Acc gather(const double *v, int n)
{
    Acc acc{0.0, 0};
#pragma omp parallel for
    for (int i = 0; i < n; ++i) {
        acc.sum += v[i];
        acc.n += 1;
    }
    return acc;
}
