#include <stdio.h>
#include <stdlib.h>
#define MIN(a, b) ((a) < (b) ? (a) : (b))
/* j < MIN(m, sizeof a / sizeof a[0]): a size_t operand makes the comparison unsigned */
double a[8000];
int main(int argc, char **argv) {
    int m = argc > 1 ? atoi(argv[1]) : 3000;
    int j, k;
    for (k = 0; k < 8000; k++) a[k] = k % 5;
    /*OMP*/
    for (j = 1; j < MIN(m, sizeof a / sizeof a[0] / 2); j++)
        a[j] = a[j + m] * 0.5 + 1;
    double s = 0;
    for (k = 0; k < 8000; k++) s += a[k] * (k % 3);
    printf("%.6f\n", s);
    return 0;
}
