#include <iostream>
const int N = 1000;
double a[N];
void out2() {
  auto &os = std::cout;
  /*OMP*/
  for (int i = 0; i < N; i++) os << a[i] << "\n";
}
int main() { for (int i = 0; i < N; i++) a[i] = i; out2(); return 0; }
