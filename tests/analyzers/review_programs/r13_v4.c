_Thread_local double x_t = 1.0;
#include <stdio.h>
#define N 1000
static double out[N];
int main(void) {
    double in = 1.5;
    
    /*OMP*/
    for (int i = 0; i < N; i++) {
        out[i] = (x_t)*in + 1.0;
        x_t = out[i] * 0.5;
    }
    double s = 0; for (int i = 0; i < N; i++) s += out[i] * (i % 7 + 1);
    printf("%.6e\n", s);
    return 0;
}
