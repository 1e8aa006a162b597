// seq2par-corpus: racy
// category: target
// race: line 11 write a[i] / line 11 read a[i-1]
#define N 100000
double a[N];

void offload_scan(void)
{
#pragma omp target teams distribute parallel for map(tofrom: a)
    for (int i = 1; i < N; i++)
        a[i] = a[i - 1] + 1.0;
}
