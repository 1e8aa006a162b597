// seq2par-corpus: race-free
// category: critical-atomic
// race: none
#define N 50000
int keep[N];
int count;

void select_neg_ok(const double *x)
{
    count = 0;
    #pragma omp parallel for
    for (int i = 0; i < N; i++) {
        if (x[i] < 0.0) {
            int slot;
            #pragma omp atomic capture
            slot = count++;
            keep[slot] = i;
        }
    }
}
