#include <stdio.h>
#define N 2000000
/* element i of lane L, with long arithmetic */
#define AT(i, L) a[(i) * 1L + (L)]
double a[2 * N + 2];
int main(void) {
    for (int i = 0; i < 2 * N + 2; i++) a[i] = i % 7;
    /*OMP*/
    for (int i = 0; i < N; i++)
        AT(i, 0) = a[2 * i + 1] + 1.0;
    double z = 0; for (int i = 0; i < 2 * N + 2; i++) z += a[i] * (i % 5 + 1);
    printf("%f\n", z);
    return 0;
}
