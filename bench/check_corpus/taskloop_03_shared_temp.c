// seq2par-corpus: racy
// category: taskloop
// race: line 16 write t / line 17 read t
#define N 5000
double x[N], y[N];

void tl_temp(void)
{
    double t;
    #pragma omp parallel
    {
        #pragma omp master
        {
            #pragma omp taskloop num_tasks(8)
            for (int i = 0; i < N; i++) {
                t = x[i] * 3.0;
                y[i] = t - 1.0;
            }
        }
    }
}
