#include <stdio.h>
#include <stdlib.h>
#define MIN(a, b) ((a) < (b) ? (a) : (b))
/* int index, unsigned bound n, negative tile: `i < n` compares as unsigned, so after i += tile
   (i < 0) the loop ends; with tile < 0 the sequential loop runs exactly one tile, and that tile's
   point loop `it < MIN(n, i + tile)` (unsigned min) covers all of [0, n). */
int main(int argc, char **argv) {
    unsigned n = argc > 1 ? (unsigned)atoi(argv[1]) : 4000;
    int tile = argc > 2 ? atoi(argv[2]) : 64;
    double *a = malloc(sizeof(double) * (n + 1));
    int i, it, k;
    for (k = 0; k < (int)n; k++) a[k] = k % 5;
    /*OMP*/
    for (i = 0; i < n; i += tile) {
        for (it = i; it < MIN(n, i + tile); it++)
            a[it] = a[it] * 3 + 1;
    }
    double s = 0;
    for (k = 0; k < (int)n; k++) s += a[k] * (k % 3);
    printf("%.3f\n", s);
    return 0;
}
