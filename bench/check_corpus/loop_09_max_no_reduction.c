// seq2par-corpus: racy
// category: loop
// race: line 10 write m / line 9 read m
float maxval(const float *v, int n)
{
    float m = v[0];
#pragma omp parallel for
    for (int i = 1; i < n; i++)
        if (v[i] > m)
            m = v[i];
    return m;
}
