#include <stdio.h>
#define N 4000
#define A(i) /* row i
  of a */ a[(i) * N]
static double a[(N + 3) * N];
int order = 3;
int g(int i, int j) { return (i)+order*(j); }
int main(void) {
    for (int k = 0; k < (N + 3) * N; k++) a[k] = k % 7;
    /*OMP*/
    for (int j = 0; j < N; j++)
        A(j + 1) = A(j + 2) + 1.0;
    double s = 0;
    for (int k = 0; k < (N + 3) * N; k += N) s += a[k] * (k % 5 + 1);
    printf("%.6e %d\n", s, g(1, 2));
    return 0;
}
