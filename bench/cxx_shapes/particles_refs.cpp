// Particles through element references: `P &p = ps[i]; p.step(dt)` in a time loop, `const P &p = ps[i]` in a sum (bench/cxx_shapes).
#include <cmath>
#include <cstdio>
#include <vector>
struct P {
  double x, v, m;
  void step(double dt) {
    for (int k = 0; k < 50; k++) { double f = -std::sin(x) * m; v += f * dt; x += v * dt; }
  }
  double energy() const { return 0.5 * m * v * v + m * (1 - std::cos(x)); }
};
int main() {
  const int n = 200000;
  std::vector<P> ps(n);
  for (int i = 0; i < n; i++) {
    P &p = ps[i];
    p.x = 0.001 * (i % 1000); p.v = 0.0; p.m = 1.0 + (i % 3);
  }
  for (int t = 0; t < 20; t++)
    for (int i = 0; i < n; i++) {
      P &p = ps[i];
      p.step(0.01);
    }
  double e = 0;
  for (int i = 0; i < n; i++) {
    const P &p = ps[i];
    e += p.energy();
  }
  printf("%.9e\n", e);
  return 0;
}
