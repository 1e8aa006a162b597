#include <stdio.h>
#include <stdlib.h>
#define MIN(a, b) ((a) < (b) ? (a) : (b))
/* int tile index, long step: `i += tile` converts i + tile back to int (implementation-defined, gcc:
   modulo 2^32), so tile = 2^32 + 3 advances i by 3 while the point loop `it < MIN(n, i + tile)`
   (computed in long) runs to n: the tiles' point ranges overlap */
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 4000;
    long tile = argc > 2 ? atol(argv[2]) : 64;
    double *a = malloc(sizeof(double) * (n + 1));
    int i, it, k;
    for (k = 0; k < n; k++) a[k] = k % 5;
    /*OMP*/
    for (i = 0; i < n; i += tile) {
        for (it = i; it < MIN(n, i + tile); it++)
            a[it] = a[it] + 1;
    }
    double s = 0;
    for (k = 0; k < n; k++) s += a[k] * (k % 7);
    printf("%.6f\n", s);
    return 0;
}
