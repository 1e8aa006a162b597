// seq2par-corpus: race-free
// category: pragma-unbraced
// race: none
double total(double (*m)[32], int rows)
{
    double s = 0.0;
    for (int r = 0; r < rows; r++)
        #pragma omp parallel for reduction(+:s)
        for (int c = 0; c < 32; c++)
            s += m[r][c];
    return s;
}
