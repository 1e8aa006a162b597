// seq2par-corpus: racy
// category: loop
// race: line 10 write cur / line 9 read cur
void fill_ptr(double *p, int n)
{
    double *cur = p;
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        *cur = i;
        cur++;
    }
}
