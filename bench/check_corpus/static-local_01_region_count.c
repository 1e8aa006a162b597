// seq2par-corpus: racy
// category: static-local
// race: line 11 write count / line 11 read count
#include <stdio.h>

void visits(void)
{
#pragma omp parallel
    {
        static int count = 0;
        count++;
        printf("%d\n", count);
    }
}
