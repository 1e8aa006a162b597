// seq2par-corpus: racy
// category: pragma-unbraced
// race: line 10 write s / line 10 read s
double dot_rows(double (*m)[64], const double *v, int rows)
{
    double s = 0.0;
    for (int r = 0; r < rows; r++)
        #pragma omp parallel for
        for (int c = 0; c < 64; c++)
            s += m[r][c] * v[c];
    return s;
}
