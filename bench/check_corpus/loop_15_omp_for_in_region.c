// seq2par-corpus: racy
// category: loop
// race: line 14 write scale / line 15 read scale
#define N 5000
double a[N], b[N];

void region_for(void)
{
    double scale = 1.0;
#pragma omp parallel
    {
#pragma omp for
        for (int i = 0; i < N; i++) {
            scale = a[i] > 0 ? 2.0 : 0.5;
            b[i] = a[i] * scale;
        }
    }
}
