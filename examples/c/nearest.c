/* Brute-force nearest neighbour of each query point among a set of reference points in 3-D. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#define NREF 100000
#define NQUERY 9000

static double ref[NREF][3];
static double query[NQUERY][3];
static int nearest[NQUERY];
static double nearest_dist2[NQUERY];

/* Pseudo-random coordinate in [0, 1) from an integer hash of (point, axis, stream). */
static double hashed_coordinate(unsigned point, unsigned axis, unsigned stream)
{
    unsigned h = (point * 2654435761u) ^ ((axis + 1u) * 0x9e3779b9u) ^ (stream * 0x85ebca6bu);
    h ^= h >> 15;
    h *= 0x2c1b3c6du;
    h ^= h >> 12;
    return (double)(h & 0xfffffu) / 1048576.0;
}

int main(void)
{
    for (int i = 0; i < NREF; i++) { /* expect: parallel */
        for (int d = 0; d < 3; d++) { /* expect: parallel */
            ref[i][d] = hashed_coordinate((unsigned)i, (unsigned)d, 1u);
        }
    }
    for (int q = 0; q < NQUERY; q++) { /* expect: parallel */
        for (int d = 0; d < 3; d++) { /* expect: parallel */
            query[q][d] = hashed_coordinate((unsigned)q, (unsigned)d, 2u);
        }
    }

    for (int q = 0; q < NQUERY; q++) { /* expect: parallel */
        double best = 1e300;
        int besti = -1;
        for (int i = 0; i < NREF; i++) { /* expect: parallel-reduction(minloc:best) */
            double dx = ref[i][0] - query[q][0];
            double dy = ref[i][1] - query[q][1];
            double dz = ref[i][2] - query[q][2];
            double d = dx * dx + dy * dy + dz * dz;
            if (d < best) {
                best = d;
                besti = i;
            }
        }
        nearest[q] = besti;
        nearest_dist2[q] = best;
    }

    /* Closest and farthest query-to-neighbour distances, and the mean distance. */
    double closest = nearest_dist2[0];
    int closest_q = 0;
    double farthest = 0.0;
    double dist_sum = 0.0;
    for (int q = 0; q < NQUERY; q++) { /* expect: parallel-reduction(minloc:closest, max:farthest, +:dist_sum) */
        if (nearest_dist2[q] < closest) {
            closest = nearest_dist2[q];
            closest_q = q;
        }
        farthest = fmax(farthest, nearest_dist2[q]);
        dist_sum += sqrt(nearest_dist2[q]);
    }

    printf("mean nn distance = %.10e\n", dist_sum / NQUERY);
    printf("closest pair     = query %d, reference %d, distance %.10e\n",
           closest_q, nearest[closest_q], sqrt(closest));
    printf("farthest nn      = %.10e\n", sqrt(farthest));
    printf("nearest[0]       = %d\n", nearest[0]);
    return 0;
}
