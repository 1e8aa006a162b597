#include <cstdio>
#define N 2000000
static double out[N];
int main() {
    double in = 1.5;
    if (double x_t = 1.0; in > 0) {
        /*OMP*/
        for (int i = 0; i < N; i++) {
            out[i] = (x_t)*in + 1.0;
            x_t = out[i] * 0.5 + i % 3;
        }
    }
    double s = 0; for (int i = 0; i < N; i++) s += out[i] * (i % 7 + 1);
    printf("%.6e\n", s);
}
