#include <cstdio>
#include <vector>
const int N = 1000;
class Grid {
public:
  std::vector<double> v;
  Grid() : v(N + 2) { for (int i = 0; i <= N; i++) v[i] = i; }
  void add(const Grid &o) {
    /*OMP*/
    for (int i = 0; i < N; i++) v[i] += o.v[i + 1];
  }
};
int main() {
  Grid a;
  a.add(a);
  double s = 0; for (int i = 0; i <= N; i++) s += a.v[i] * (i + 1);
  printf("%.10g\n", s); return 0;
}
