// seq2par-corpus: racy
// category: target
// race: line 11 write x[i] / line 14 read x[i]
#define N 8192
double x[N], y[N];

void two_kernels(void)
{
#pragma omp target teams distribute parallel for map(tofrom: x) nowait
    for (int i = 0; i < N; i++)
        x[i] = i;
#pragma omp target teams distribute parallel for map(to: x) map(from: y) nowait
    for (int i = 0; i < N; i++)
        y[i] = 2.0 * x[i];
#pragma omp taskwait
}
