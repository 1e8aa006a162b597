// seq2par-corpus: race-free
// category: taskloop
// race: none
#define R 300
#define C 300
double m[R][C];

void tl_rows(void)
{
    #pragma omp parallel
    {
        #pragma omp single
        {
            #pragma omp taskloop
            for (int r = 0; r < R; r++)
                for (int c = 0; c < C; c++)
                    m[r][c] = r * C + c;
        }
    }
}
