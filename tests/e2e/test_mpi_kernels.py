"""Kernels in functions, PolyBench style: C99 array parameters (`double y[n]`), arrays passed as `*A` from a
calloc'd `double (*A)[m][n]` in main. The kernel's own loops are distributed and their results made whole
where main reads them (small programs of our own, never PolyBench code)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_file
from seq2par.generators.mpi import generate_mpi

COLUMN_SUMS = r"""
#include <stdio.h>
#include <stdlib.h>

static void fill(int m, int n, double A[m][n], double x[n])
{
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      A[i][j] = (double)((i * 3 + j * 7) % 13) / 13.0;
  for (int j = 0; j < n; j++)
    x[j] = 1.0 + (double)(j % 5) / 5.0;
}

/* y = A^T (A x), row-major sweep: the second j loop adds into every y[j] */
static void column_sums(int m, int n, double A[m][n], double x[n], double y[n], double t[m])
{
  for (int j = 0; j < n; j++)
    y[j] = 0.0;
  for (int i = 0; i < m; i++) {
    t[i] = 0.0;
    for (int j = 0; j < n; j++)
      t[i] = t[i] + A[i][j] * x[j];
    for (int j = 0; j < n; j++)
      y[j] = y[j] + A[i][j] * t[i];
  }
}

int main(void)
{
  int m = 390, n = 410;
  double (*A)[m][n] = (double (*)[m][n])calloc((size_t)m * n, sizeof(double));
  double (*x)[n] = (double (*)[n])calloc(n, sizeof(double));
  double (*y)[n] = (double (*)[n])calloc(n, sizeof(double));
  double (*t)[m] = (double (*)[m])calloc(m, sizeof(double));
  fill(m, n, *A, *x);
  column_sums(m, n, *A, *x, *y, *t);
  for (int j = 0; j < n; j += 37)
    printf("%.15e\n", (*y)[j]);
  printf("%.15e\n", (*t)[m - 1]);
  free(A); free(x); free(y); free(t);
  return 0;
}
"""


def function_text(source: str, name: str) -> str:
    start = source.index(f"void {name}(")
    return source[start:source.index("\n}\n", start)]


@pytest.mark.slow
def test_column_order_reduction_into_an_array_parameter_reduces_the_whole_vector(tmp_path: Path,
                                                                                validate_generated) -> None:
    source = tmp_path / "column_sums.c"
    source.write_text(COLUMN_SUMS)
    generated = generate_mpi(analyze_file(source))
    kernel = function_text(generated.source, "column_sums")
    # The i loop is distributed and y is reduced once over its n elements. Before: the count was
    # sizeof(y) / sizeof(double), i.e. 1 for a parameter (a pointer), and the output was wrong.
    reducing = [p for p in generated.distributed if p.loop.function == "column_sums" and p.array_reductions]
    assert [(p.loop.var, [r.var for r, *_ in p.array_reductions]) for p in reducing] == [("i", ["y"])]
    assert len(re.findall(r"MPI_Allreduce\(MPI_IN_PLACE, &y\[0\], \(int\)\(\(long\)\(n\)\)", kernel)) == 1
    assert "sizeof(y)" not in generated.source
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message
