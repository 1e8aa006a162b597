#include <stdio.h>
#include <stdlib.h>
#define MIN(a, b) ((a) < (b) ? (a) : (b))
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 4000;
    int tile = argc > 2 ? atoi(argv[2]) : 64;
    if (tile <= 0) return 1;
    double *a = malloc(sizeof(double) * (n + 1));
    int i, it, k;
    for (k = 0; k < n; k++) a[k] = k % 5;
    /*OMP*/
    for (i = 0; i < n; i += tile) {
        enum { tile = 64 };
        int pos = 0;
        for (it = i; it < MIN(n, i + tile); it++) {
            pos++;
            a[it] = a[it] * 0.5 + pos;
        }
    }
    double s = 0;
    for (k = 0; k < n; k++) s += a[k] * (k % 3);
    printf("%.3f\n", s);
    return 0;
}
