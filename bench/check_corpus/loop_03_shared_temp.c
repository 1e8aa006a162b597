// seq2par-corpus: racy
// category: loop
// race: line 13 write tmp / line 14 read tmp
#define N 10000
double x[N], y[N], z[N];

void compute(void)
{
    int i;
    double tmp;
#pragma omp parallel for
    for (i = 0; i < N; i++) {
        tmp = x[i] + y[i];
        z[i] = tmp * tmp;
    }
}
