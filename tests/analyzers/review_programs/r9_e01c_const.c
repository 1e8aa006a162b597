#include <stdio.h>
int main(void) {
    int n = 16;
    double a[17];
    for (int k = 0; k < 17; k++) a[k] = k;
    /*OMP*/
    for (int i = 1; i < 16; i++)
        a[i] = a[i + 18446744073709551615u] * 0.5 + 1.0;
    double s = 0;
    for (int k = 0; k < 17; k++) s += a[k] * (k + 1);
    printf("%f\n", s);
    return 0;
}
