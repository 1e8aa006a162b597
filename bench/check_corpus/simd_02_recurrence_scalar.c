// seq2par-corpus: racy
// category: simd
// race: line 9 write run / line 9 read run
double simd_running(const double *x, double *y, int n)
{
    double run = 0.0;
    #pragma omp simd
    for (int i = 0; i < n; i++) {
        run = run * 0.9 + x[i];
        y[i] = run;
    }
    return run;
}
