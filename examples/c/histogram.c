/* Hash-partitioning statistics: bucket counts and per-bucket weight sums of hashed record keys. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define NREC 60000000
#define NBUCKETS 4096

static unsigned short key[NREC];
static long count[NBUCKETS];
static double weight[NBUCKETS];

/* A few rounds of integer mixing (murmur3 finalizer); pure function of the record number. */
static unsigned hash_record(unsigned r)
{
    unsigned h = r * 2654435761u + 0x9e3779b9u;
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
}

int main(void)
{
    for (int r = 0; r < NREC; r++) { /* expect: parallel */
        key[r] = (unsigned short)(hash_record((unsigned)r) % NBUCKETS);
    }

    for (int b = 0; b < NBUCKETS; b++) { /* expect: parallel */
        count[b] = 0;
        weight[b] = 0.0;
    }

    /* hist[key[r]] += ...: different records may hit the same bucket, so this is an array reduction. */
    for (int r = 0; r < NREC; r++) { /* expect: parallel-reduction(+:count[], +:weight[]) */
        count[key[r]] += 1;
        weight[key[r]] += log1p(0.001 * (double)(r % 1000) + 0.01 * (double)key[r]);
    }

    long cmin = count[0];
    long cmax = count[0];
    double wtotal = 0.0;
    for (int b = 0; b < NBUCKETS; b++) { /* expect: parallel-reduction(min:cmin, max:cmax, +:wtotal) */
        if (count[b] < cmin)
            cmin = count[b];
        if (count[b] > cmax)
            cmax = count[b];
        wtotal += weight[b];
    }

    printf("records         = %d\n", NREC);
    printf("smallest bucket = %ld\n", cmin);
    printf("largest bucket  = %ld\n", cmax);
    printf("count[17]       = %ld\n", count[17]);
    printf("total weight    = %.10e\n", wtotal);
    printf("weight[17]      = %.10e\n", weight[17]);
    return 0;
}
