#include <cstdio>
const int N = 1000;
struct Grid { double v[N + 2]; };
struct Two {
  double *v; double w[N + 2];
  void q() {
    /*OMP*/
    for (int i = 0; i < N; i++) w[i] = v[i] + 1;
  }
};
int main() {
  Two t; for (int i = 0; i <= N; i++) t.w[i] = i;
  t.v = t.w + 1; t.q();
  double s = 0; for (int i = 0; i <= N; i++) s += t.w[i] * (i + 1);
  printf("%.10g\n", s); return 0;
}
