#include <cstdio>
double y[2000000];
int other(int k) { int real = k * 2; return real + 1; }
namespace ns { typedef double real; }
using ns::real;
int main() {
    double *p = &y[1000005];
    for (int i = 0; i < 2000000; i++) y[i] = i;
    /*OMP*/
    for (int i = 0; i < 2000000; i++)
        y[i] = (real)*p + 1.0;
    double s = 0; for (int i = 0; i < 2000000; i++) s += y[i] * (i % 3);
    std::printf("%f %d\n", s, other(1));
    return 0;
}
