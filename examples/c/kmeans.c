/* k-means clustering (Lloyd's algorithm) of synthetic points in D dimensions, fixed iteration count. */
#include <stdio.h>

#define NPOINTS 400000
#define DIM 8
#define K 16
#define ITERS 40

static double x[NPOINTS][DIM];
static double centroid[K][DIM];
static double sum[K][DIM];
static long members[K];
static int label[NPOINTS];

int main(void)
{
    /* Points scattered around K hidden centres; the scatter is an integer hash of (p, d). */
    for (int p = 0; p < NPOINTS; p++) { /* expect: parallel */
        for (int d = 0; d < DIM; d++) { /* expect: parallel */
            unsigned h = ((unsigned)p * 2654435761u) ^ ((unsigned)d * 40503u);
            double centre = 10.0 * (double)((p % K + d * 5) % K);
            x[p][d] = 5.0 + centre + (double)(h % 10007) / 10007.0 * 24.0;
        }
    }

    /* Initial centroids: the first K points. */
    for (int k = 0; k < K; k++) { /* expect: parallel */
        for (int d = 0; d < DIM; d++) { /* expect: parallel */
            centroid[k][d] = x[k * 7][d];
        }
    }

    double inertia = 0.0;
    long changes = 0;
    for (int it = 0; it < ITERS; it++) { /* expect: sequential(S2P201) */
        inertia = 0.0;
        changes = 0;

        /* Assignment step: nearest centroid of every point. */
        for (int p = 0; p < NPOINTS; p++) { /* expect: parallel-reduction(+:inertia, +:changes) */
            double best = 1e300;
            int bestk = 0;
            for (int k = 0; k < K; k++) { /* expect: parallel-reduction(minloc:best) */
                double dist = 0.0;
                for (int d = 0; d < DIM; d++) { /* expect: parallel-reduction(+:dist) */
                    double diff = x[p][d] - centroid[k][d];
                    dist += diff * diff;
                }
                if (dist < best) {
                    best = dist;
                    bestk = k;
                }
            }
            if (label[p] != bestk)
                changes++;
            label[p] = bestk;
            inertia += best;
        }

        /* Update step: per-cluster coordinate sums, an array reduction indexed by the label. */
        for (int k = 0; k < K; k++) { /* expect: parallel */
            members[k] = 0;
            for (int d = 0; d < DIM; d++) { /* expect: parallel */
                sum[k][d] = 0.0;
            }
        }
        for (int p = 0; p < NPOINTS; p++) { /* expect: parallel-reduction(+:sum[], +:members[]) */
            members[label[p]] += 1;
            for (int d = 0; d < DIM; d++) { /* expect: parallel */
                sum[label[p]][d] += x[p][d];
            }
        }
        for (int k = 0; k < K; k++) { /* expect: parallel */
            if (members[k] > 0) {
                for (int d = 0; d < DIM; d++) { /* expect: parallel */
                    centroid[k][d] = sum[k][d] / (double)members[k];
                }
            }
        }
    }

    double csum = 0.0;
    for (int k = 0; k < K; k++) { /* expect: parallel-reduction(+:csum) */
        for (int d = 0; d < DIM; d++) { /* expect: parallel-reduction(+:csum) */
            csum += centroid[k][d];
        }
    }

    printf("inertia (last assignment) = %.10e\n", inertia);
    printf("label changes (last iter) = %ld\n", changes);
    printf("centroid checksum         = %.10e\n", csum);
    for (int k = 0; k < 4; k++) { /* expect: sequential(S2P303) */
        printf("cluster %d: %ld points, first coordinate %.6f\n", k, members[k], centroid[k][0]);
    }
    return 0;
}
