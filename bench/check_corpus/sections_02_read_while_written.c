// seq2par-corpus: racy
// category: sections
// race: line 14 write a[i] / line 19 read a[i]
#define N 1000
double a[N], b[N];

void pipeline(void)
{
    #pragma omp parallel sections
    {
        #pragma omp section
        {
            for (int i = 0; i < N; i++)
                a[i] = i * 0.5;
        }
        #pragma omp section
        {
            for (int i = 0; i < N; i++)
                b[i] = a[i] + 1.0;
        }
    }
}
