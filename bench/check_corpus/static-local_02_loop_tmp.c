// seq2par-corpus: racy
// category: static-local
// race: line 12 write tmp / line 13 read tmp
#define N 10000
double a[N], b[N];

void square_all(void)
{
    #pragma omp parallel for
    for (int i = 0; i < N; i++) {
        static double tmp;
        tmp = a[i] * a[i];
        b[i] = tmp + 1.0;
    }
}
