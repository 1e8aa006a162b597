// seq2par-corpus: race-free
// category: task
// race: none
void scale_blocks(double *v, int n)
{
#pragma omp parallel
    {
#pragma omp single
        {
            for (int b = 0; b < n; b += 256) {
#pragma omp task firstprivate(b)
                for (int i = b; i < b + 256 && i < n; i++)
                    v[i] *= 3.0;
            }
        }
    }
}
