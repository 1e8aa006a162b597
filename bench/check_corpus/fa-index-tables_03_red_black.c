// seq2par-corpus: race-free
// category: fa-index-tables
// race: none
#define N 10
double x[N];
const int red[5] = {0, 2, 4, 6, 8};
const int black[5] = {1, 3, 5, 7, 9};

void relax(void)
{
    int k;
    #pragma omp parallel for
    for (k = 0; k < 5; k++)
        x[red[k]] = 0.5 * (x[black[k]] + 1.0);
}
