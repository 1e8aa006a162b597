// seq2par-corpus: race-free
// category: task
// race: none
#include <stddef.h>
struct node { int val; struct node *next; };

int count_positive_ok(struct node *head)
{
    int count = 0;
    #pragma omp parallel
    {
        #pragma omp single
        for (struct node *p = head; p != NULL; p = p->next) {
            #pragma omp task firstprivate(p)
            if (p->val > 0) {
                #pragma omp atomic
                count++;
            }
        }
    }
    return count;
}
