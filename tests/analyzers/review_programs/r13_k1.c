#include <stdio.h>
#define N 1000
double run(out, in, n, x_t) double *out; double in; int n; double x_t; {
    /*OMP*/
    for (int i = 0; i < n; i++) {
        out[i] = (x_t)*in + 1.0;
        x_t = out[i] * 0.5;
    }
    return x_t;
}
int main() {
    static double out[N];
    run(out, 1.5, N, 1.0);
    double s = 0; for (int i = 0; i < N; i++) s += out[i] * (i % 7 + 1);
    printf("%.6e\n", s);
}
