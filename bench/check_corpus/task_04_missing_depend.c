// seq2par-corpus: racy
// category: task
// race: line 15 write a[i] / line 17 read a[i]
#define N 1024
double a[N], b[N];

void stages(void)
{
    #pragma omp parallel
    #pragma omp single
    {
        #pragma omp task depend(out: a)
        for (int i = 0; i < N; i++) a[i] = i;
        #pragma omp task
        for (int i = 0; i < N; i++) a[i] *= 2.0;
        #pragma omp task depend(in: a)
        for (int i = 0; i < N; i++) b[i] = a[i];
    }
}
