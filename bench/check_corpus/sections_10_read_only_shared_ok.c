// seq2par-corpus: race-free
// category: sections
// race: none
#define N 512
const double coef = 0.25;
double in[N], o1[N], o2[N];

void split(void)
{
    #pragma omp parallel
    {
        #pragma omp sections
        {
            #pragma omp section
            for (int i = 0; i < N; i++) o1[i] = in[i] * coef;
            #pragma omp section
            for (int i = 0; i < N; i++) o2[i] = in[i] + coef;
        }
        #pragma omp single
        o1[0] += o2[0];
    }
}
