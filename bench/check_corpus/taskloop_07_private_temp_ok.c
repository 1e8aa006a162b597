// seq2par-corpus: race-free
// category: taskloop
// race: none
#define N 5000
double x[N], y[N];

void tl_temp_ok(void)
{
    double t;
    #pragma omp parallel
    #pragma omp single
    #pragma omp taskloop private(t)
    for (int i = 0; i < N; i++) {
        t = x[i] * 3.0;
        y[i] = t - 1.0;
    }
}
