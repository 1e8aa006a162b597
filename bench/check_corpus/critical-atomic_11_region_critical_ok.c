// seq2par-corpus: race-free
// category: critical-atomic
// race: none
double energy2;

void accumulate_ok(const double *e, int n)
{
    #pragma omp parallel
    {
        double local = 0.0;
        #pragma omp for
        for (int i = 0; i < n; i++)
            local += e[i];
        #pragma omp critical
        {
            energy2 += local;
            energy2 *= 0.5;
        }
    }
}
