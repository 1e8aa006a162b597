// seq2par-corpus: racy
// category: task
// race: line 14 write data / line 16 read data
#include <stdio.h>

void produce_consume(void)
{
    int data = 0;
#pragma omp parallel
    {
#pragma omp single
        {
#pragma omp task shared(data)
            data = 42;
#pragma omp task shared(data)
            printf("%d\n", data);
        }
    }
}
