// seq2par-corpus: racy
// category: target
// race: line 11 write d[i] / line 13 read d[i]
#define N 1024
double d[N];

void produce_consume(double *out)
{
    #pragma omp target enter data map(alloc: d)
    #pragma omp target nowait depend(out: d)
    for (int i = 0; i < N; i++) d[i] = i;
    #pragma omp target nowait map(from: out[0:N])
    for (int i = 0; i < N; i++) out[i] = d[i];
    #pragma omp taskwait
    #pragma omp target exit data map(delete: d)
}
