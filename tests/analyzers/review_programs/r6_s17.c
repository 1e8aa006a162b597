#include <stdio.h>
#define M 40
double s[M][M], r[2 * M + 8][2 * M + 8];
static void f(int m, int d1) {
  int j2, j1, i1;
  double x1[2 * M + 8];
  /*OMP*/
  for (j2 = 1; j2 < m - 1; j2++) {
    for (j1 = 1; j1 < m; j1++) {
      i1 = 2 * j1 - d1;
      x1[i1] = r[j2][i1] + r[j2 + 1][i1];
    }
    if (j2 == 1) { x1[2 * m - d1] = 7.0; x1[m] = 7.0; }
    for (j1 = 1; j1 < m - 1; j1++) {
      j1 += 2;
      i1 = 2 * j1 - d1;
      s[j2][j1 - 2] = x1[i1];
      j1 -= 2;
    }
  }
}
int main(void) {
  int i, j;
  for (i = 0; i < 2 * M + 8; i++) for (j = 0; j < 2 * M + 8; j++) r[i][j] = (i * 3 + j) % 11;
  f(M, 1);
  double t = 0;
  for (i = 0; i < M; i++) for (j = 0; j < M; j++) t += s[i][j] * (i + 2 * j + 1);
  printf("%.6f\n", t);
  return 0;
}
