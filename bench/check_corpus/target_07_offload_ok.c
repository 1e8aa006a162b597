// seq2par-corpus: race-free
// category: target
// race: none
#define N 100000
double a[N], b[N];

void offload_axpy(double s)
{
#pragma omp target teams distribute parallel for map(to: a) map(tofrom: b)
    for (int i = 0; i < N; i++)
        b[i] += s * a[i];
}
