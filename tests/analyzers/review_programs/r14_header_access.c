#include <stdio.h>
#include <stdlib.h>
#define MIN(a, b) ((a) < (b) ? (a) : (b))
/* the point loop's condition reads and writes cnt[i] (the tile start) on every test; tiles at or past m
   have empty point loops but still write cnt[T]; the analysis bounds the renamed index by m - 1 */
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 4000;
    int m = argc > 2 ? atoi(argv[2]) : 2000;
    int tile = argc > 3 ? atoi(argv[3]) : 1;
    long *cnt = calloc(3 * n + 8, sizeof(long));
    int i, it, k;
    for (k = 0; k < 3 * n + 8; k++) cnt[k] = k % 7;
    /*OMP*/
    for (i = 0; i < n; i += tile) {
        for (it = i; it < MIN(m, MIN(i + tile, i + tile + 0 * cnt[i]++)); it++)
            cnt[it + m] = cnt[it + m] * 3 + 1;
    }
    long s = 0;
    for (k = 0; k < 3 * n + 8; k++) s = (s * 31 + cnt[k]) % 1000000007;
    printf("%ld\n", s);
    return 0;
}
