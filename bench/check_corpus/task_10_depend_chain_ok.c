// seq2par-corpus: race-free
// category: task
// race: none
#define N 1024
double a[N], b[N];

void stages_ok(void)
{
    #pragma omp parallel
    #pragma omp single
    {
        #pragma omp task depend(out: a)
        for (int i = 0; i < N; i++) a[i] = i;
        #pragma omp task depend(inout: a)
        for (int i = 0; i < N; i++) a[i] *= 2.0;
        #pragma omp task depend(in: a) depend(out: b)
        for (int i = 0; i < N; i++) b[i] = a[i];
    }
}
