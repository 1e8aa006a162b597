// seq2par-corpus: racy
// category: sections
// race: line 12 write done / line 14 write done
#include <stdio.h>

int main(void)
{
    int done = 0;
#pragma omp parallel sections
    {
#pragma omp section
        done = done + 1;
#pragma omp section
        done = done + 2;
    }
    printf("%d\n", done);
    return 0;
}
