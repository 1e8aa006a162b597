// seq2par-corpus: race-free
// category: task
// race: none
#include <stdio.h>
#define N 256
int part[4];

void groups(const int *v)
{
#pragma omp parallel
#pragma omp single
    {
#pragma omp taskgroup
        {
            for (int t = 0; t < 4; t++) {
#pragma omp task firstprivate(t)
                {
                    int s = 0;
                    for (int i = t * (N / 4); i < (t + 1) * (N / 4); i++) s += v[i];
                    part[t] = s;
                }
            }
        }
        printf("%d\n", part[0] + part[1] + part[2] + part[3]);
    }
}
