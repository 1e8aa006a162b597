#include <cstdio>
const int N = 1000;
struct Grid;
void poke(Grid *g, int i);
struct Grid {
  double v[N + 2];
  void run() {
    /*OMP*/
    for (int i = 0; i < N; i++) { v[i] = v[i] * 0.5; poke(this, i); }
  }
};
void poke(Grid *g, int i) { g->v[i + 1] += 1; }
Grid a;
int main() {
  for (int i = 0; i <= N; i++) a.v[i] = i;
  a.run();
  double s = 0; for (int i = 0; i <= N; i++) s += a.v[i] * (i + 1);
  printf("%.10g\n", s); return 0;
}
