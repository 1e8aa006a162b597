// seq2par-corpus: race-free
// category: static-local
// race: none
#include <stdio.h>

void banner(void)
{
    #pragma omp parallel
    {
        #pragma omp single
        {
            static int runs = 0;
            runs++;
            printf("run %d\n", runs);
        }
    }
}
