// seq2par-corpus: racy
// category: taskloop
// race: line 13 write a[i] / line 13 read a[i-1]
#define N 10000
int a[N];

void taskloop_scan(void)
{
#pragma omp parallel
#pragma omp single
#pragma omp taskloop grainsize(100)
    for (int i = 1; i < N; i++)
        a[i] = a[i - 1] + 1;
}
