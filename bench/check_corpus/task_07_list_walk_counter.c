// seq2par-corpus: racy
// category: task
// race: line 16 write count / line 16 read count
#include <stddef.h>
struct node { int val; struct node *next; };

int count_positive(struct node *head)
{
    int count = 0;
    #pragma omp parallel
    {
        #pragma omp single
        for (struct node *p = head; p != NULL; p = p->next) {
            #pragma omp task firstprivate(p)
            if (p->val > 0)
                count++;
        }
    }
    return count;
}
