// seq2par-corpus: race-free
// category: critical-atomic
// race: none
#define N 100000
double a[N];

double find_max_ok(void)
{
    double best = -1e300;
#pragma omp parallel for
    for (int i = 0; i < N; i++) {
#pragma omp critical
        {
            if (a[i] > best)
                best = a[i];
        }
    }
    return best;
}
