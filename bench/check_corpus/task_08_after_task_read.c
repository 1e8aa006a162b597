// seq2par-corpus: racy
// category: task
// race: line 14 write buf[i] / line 15 read buf[0]
#define N 4096
float buf[N];

float produce_then_peek(void)
{
    float first = 0.0f;
#pragma omp parallel
#pragma omp master
    {
#pragma omp task
        for (int i = 0; i < N; i++) buf[i] = i * 0.5f;
        first = buf[0];
    }
    return first;
}
