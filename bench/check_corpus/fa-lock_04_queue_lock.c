// seq2par-corpus: race-free
// category: fa-lock
// race: none
#include <omp.h>
#define CAP 1024
int queue[CAP];
int tail;
omp_lock_t qlock;

void enqueue_positive(const int *v, int n)
{
    omp_init_lock(&qlock);
    tail = 0;
#pragma omp parallel for schedule(dynamic, 16)
    for (int i = 0; i < n; i++) {
        if (v[i] > 0) {
            omp_set_lock(&qlock);
            queue[tail] = v[i];
            tail = tail + 1;
            omp_unset_lock(&qlock);
        }
    }
    omp_destroy_lock(&qlock);
}
