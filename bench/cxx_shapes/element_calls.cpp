// Free functions taking one element by reference: `update(p, dt)` over a range-for, `relax(a[i], w)` (bench/cxx_shapes).
#include <cmath>
#include <cstdio>
#include <vector>
struct Particle { double x, v, m; };
static void update(Particle &p, double dt) {
  for (int k = 0; k < 40; k++) { double f = -std::sin(p.x) * p.m; p.v += f * dt; p.x += p.v * dt; }
}
static double energy(const Particle &p) { return 0.5 * p.m * p.v * p.v + p.m * (1 - std::cos(p.x)); }
static void relax(double &d, double w) { for (int k = 0; k < 30; k++) d = d + w * (std::sqrt(d + 1.0) - d); }
int main() {
  const int n = 200000;
  std::vector<Particle> ps(n);
  std::vector<double> a(n);
  for (int i = 0; i < n; i++) { Particle &p = ps[i]; p.x = 0.001 * (i % 1000); p.v = 0; p.m = 1.0 + i % 3; a[i] = i % 17; }
  for (int t = 0; t < 20; t++)
    for (auto &p : ps) update(p, 0.01);
  for (int t = 0; t < 10; t++)
    for (int i = 0; i < n; i++) relax(a[i], 0.3);
  double e = 0, s = 0;
  for (int i = 0; i < n; i++) e += energy(ps[i]);
  for (int i = 0; i < n; i++) s += a[i];
  printf("%.9e %.9e\n", e, s);
  return 0;
}
