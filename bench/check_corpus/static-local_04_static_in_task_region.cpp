// seq2par-corpus: racy
// category: static-local
// race: line 13 write seq / line 12 read seq
#include <omp.h>

int next_id()
{
    int last = 0;
    #pragma omp parallel
    {
        static int seq = 0;
        int mine = seq;
        seq = mine + 1;
        if (omp_get_thread_num() == 0)
            last = mine;
    }
    return last;
}
