// Rows of std::vector<std::vector<double>>: row references, nested range-for, `g[i].size()` bounds (bench/cxx_shapes).
#include <cmath>
#include <cstdio>
#include <vector>
static void smooth_row(std::vector<double> &r) { for (size_t j = 1; j + 1 < r.size(); j++) r[j] = std::sqrt(r[j] * r[j] + 1.0); }
int main() {
  const int n = 1500;
  std::vector<std::vector<double>> g(n, std::vector<double>(n)), h(n, std::vector<double>(n));
  for (int i = 0; i < n; i++) { auto &row = g[i]; for (int j = 0; j < n; j++) row[j] = (i * 7 + j * 3) % 11; }
  for (int t = 0; t < 20; t++) {
    for (int i = 0; i < n; i++) {
      std::vector<double> &dst = h[i];
      const auto &src = g[i];
      for (int j = 0; j < n; j++) dst[j] = std::sin(src[j]) + 0.5 * src[j];
    }
    for (auto &row : g) for (auto &x : row) x = x * 0.99 + 0.01;
    for (size_t i = 0; i < g.size(); i++) smooth_row(g[i]);
  }
  double s = 0;
  for (auto &row : h) for (double x : row) s += x;
  for (size_t i = 0; i < g.size(); i++) for (size_t j = 0; j < g[i].size(); j++) s += g[i][j];
  printf("%.9e\n", s);
  return 0;
}
