// seq2par-corpus: race-free
// category: target
// race: none
#define N 8192
double x[N], y[N];

void two_kernels_ok(void)
{
#pragma omp target teams distribute parallel for map(tofrom: x) nowait depend(out: x)
    for (int i = 0; i < N; i++)
        x[i] = i;
#pragma omp target teams distribute parallel for map(to: x) map(from: y) nowait depend(in: x)
    for (int i = 0; i < N; i++)
        y[i] = 2.0 * x[i];
#pragma omp taskwait
}
