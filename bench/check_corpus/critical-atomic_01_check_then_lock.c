// seq2par-corpus: racy
// category: critical-atomic
// race: line 14 write best / line 12 read best
#define N 100000
double a[N];

double find_max(void)
{
    double best = -1e300;
#pragma omp parallel for
    for (int i = 0; i < N; i++) {
        if (a[i] > best) {
#pragma omp critical
            best = a[i];
        }
    }
    return best;
}
