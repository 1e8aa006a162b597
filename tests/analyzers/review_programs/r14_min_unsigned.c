#include <stdio.h>
#include <stdlib.h>
#define MIN(a, b) ((a) < (b) ? (a) : (b))
/* j < MIN(m, n) with int m and unsigned n: the comparison is unsigned, so for m < 0 the "min"
   is n, yet the analysis bounds j by m - 1 (the first operand) */
int main(int argc, char **argv) {
    int m = argc > 1 ? atoi(argv[1]) : 3000;
    unsigned n = argc > 2 ? (unsigned)atoi(argv[2]) : 4000;
    double *a = malloc(sizeof(double) * 8000);
    int j, k;
    for (k = 0; k < 8000; k++) a[k] = k % 5;
    /*OMP*/
    for (j = 1; j < MIN(m, n); j++)
        a[j] = a[j + m] * 0.5 + 1;
    double s = 0;
    for (k = 0; k < 8000; k++) s += a[k] * (k % 3);
    printf("%.6f\n", s);
    return 0;
}
