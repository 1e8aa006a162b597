#include <stdio.h>
typedef double real;
double y[4096];
int main(void) {
    double *p = &y[7];
    for (int i = 0; i < 4096; i++) y[i] = i;
    /*OMP*/
    for (int i = 0; i < 4096; i++)
        y[i] = (real)*p + 1.0;
    double s = 0; for (int i = 0; i < 4096; i++) s += y[i] * (i % 3);
    printf("%f\n", s);
    return 0;
}
