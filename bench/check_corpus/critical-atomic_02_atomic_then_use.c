// seq2par-corpus: racy
// category: critical-atomic
// race: line 15 write count / line 16 read count
#define N 50000
int keep[N];
int count;

void select_neg(const double *x)
{
    count = 0;
    #pragma omp parallel for
    for (int i = 0; i < N; i++) {
        if (x[i] < 0.0) {
            #pragma omp atomic
            count++;
            keep[count - 1] = i;
        }
    }
}
