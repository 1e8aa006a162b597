// seq2par-corpus: race-free
// category: fa-lock
// race: none
#include <omp.h>
#include <stdio.h>

int main(void)
{
    int found = 0;
    omp_lock_t guard;
    omp_init_lock(&guard);
#pragma omp parallel
    {
        int mine = omp_get_thread_num() * 3;
        omp_set_lock(&guard);
        if (mine > found)
            found = mine;
        omp_unset_lock(&guard);
    }
    omp_destroy_lock(&guard);
    printf("%d\n", found);
    return 0;
}
