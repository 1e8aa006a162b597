#include <cstdio>
const int N = 1000;
struct Grid {
  double v[N + 2];
  double *src;
  void run() {
    /*OMP*/
    for (int i = 0; i < N; i++) v[i] = src[i + 1] * 0.5;
  }
};
Grid a;
int main() {
  for (int i = 0; i <= N; i++) a.v[i] = i;
  a.src = a.v;
  a.run();
  double s = 0; for (int i = 0; i <= N; i++) s += a.v[i] * (i + 1);
  printf("%.10g\n", s); return 0;
}
