#include <vector>
#include <cstdio>
int main() {
  static double cell[4] = {0, 0, 0, 0};
  std::vector<double*> ptrs(100000);
  for (size_t i = 0; i < ptrs.size(); i++) ptrs[i] = &cell[i % 4];
  /*OMP*/
  for (double *p : ptrs) *p += 1;
  printf("%g %g %g %g\n", cell[0], cell[1], cell[2], cell[3]); return 0;
}
