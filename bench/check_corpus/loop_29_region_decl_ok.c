// seq2par-corpus: race-free
// category: loop
// race: none
#define N 5000
double a[N], b[N];

void region_for_ok(void)
{
#pragma omp parallel
    {
        double scale;
#pragma omp for
        for (int i = 0; i < N; i++) {
            scale = a[i] > 0 ? 2.0 : 0.5;
            b[i] = a[i] * scale;
        }
    }
}
