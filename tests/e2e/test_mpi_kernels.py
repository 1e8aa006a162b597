"""Kernels in functions, PolyBench style: C99 array parameters (`double y[n]`), arrays passed as `*A` from a
calloc'd `double (*A)[m][n]` in main. The kernel's own loops are distributed and their results made whole
where main reads them (small programs of our own, never PolyBench code)."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_file
from seq2par.generators.edits import TransformationError
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
    # t[i], which the first j loop updates on every iteration, is held in a local across it (as the OpenMP
    # target does): the compiler cannot keep it in a register while t may share storage with A or x; the j
    # loop only sums into it, in SIMD lanes
    assert re.search(r"double t_i = t\[i\];\s*#pragma omp simd reduction\(\+:t_i\)\s*"
                     r"for \(int j = 0; j < n; j\+\+\)\s*t_i = t_i \+ A\[i\]\[j\] \* x\[j\];"
                     r"\s*t\[i\] = t_i;", kernel), kernel
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message


TRIANGLES = r"""
#include <stdio.h>
#include <stdlib.h>

static void init(int n, int m, double C[n][n], double A[n][m])
{
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      A[i][j] = (double)((i * j + 1) % n) / n;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      C[i][j] = (double)((i * j + 2) % m) / m;
}

/* C = 0.5 C + 1.5 A A^T on the lower triangle (rows grow with i) */
static void lower_update(int n, int m, double C[n][n], double A[n][m])
{
  for (int i = 0; i < n; i++) {
    for (int j = 0; j <= i; j++)
      C[i][j] *= 0.5;
    for (int k = 0; k < m; k++)
      for (int j = 0; j <= i; j++)
        C[i][j] += 1.5 * A[i][k] * A[j][k];
  }
}

/* the upper triangle of C scaled by row sums of A (rows shrink with i) */
static void upper_scale(int n, int m, double U[n][n], double C[n][n], double A[n][m])
{
  for (int i = 0; i < n; i++)
    for (int j = i; j < n; j++) {
      double s = 0.0;
      for (int k = 0; k < m; k++)
        s += A[j][k];
      U[i][j] = C[i][j] * s;
    }
}

int main(void)
{
  int n = 300, m = 200;
  double (*C)[n][n] = (double (*)[n][n])calloc((size_t)n * n, sizeof(double));
  double (*U)[n][n] = (double (*)[n][n])calloc((size_t)n * n, sizeof(double));
  double (*A)[n][m] = (double (*)[n][m])calloc((size_t)n * m, sizeof(double));
  init(n, m, *C, *A);
  lower_update(n, m, *C, *A);
  upper_scale(n, m, *U, *C, *A);
  double s = 0.0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++)
      s += (*U)[i][j] * (1 + (i + j) % 7);
  printf("%.15e %.15e %.15e\n", s, (*C)[n - 1][0], (*U)[0][n - 1]);
  free(C); free(U); free(A);
  return 0;
}
"""


@pytest.mark.slow
def test_triangular_nests_get_blocks_of_equal_work(tmp_path: Path, validate_generated) -> None:
    source = tmp_path / "triangles.c"
    source.write_text(TRIANGLES)
    generated = generate_mpi(analyze_file(source))
    balance = {p.loop.function: p.balance for p in generated.distributed}
    # Before: both were split in even blocks (rank 0 of 2 did a quarter of lower_update's work).
    assert (balance["init"], balance["lower_update"], balance["upper_scale"]) == (0, 1, -1)
    lower = function_text(generated.source, "lower_update")
    upper = function_text(generated.source, "upper_scale")
    assert lower.count("s2p_balanced_block((long)(0), (long)(n), 1,") == 1
    assert upper.count("s2p_balanced_block((long)(0), (long)(n), -1,") == 1
    # the rows are gathered with the same split they were computed with
    assert lower.count("s2p_gather_balanced(&C[0][0], MPI_DOUBLE, (long)(0), (long)(n), 1,") == 1
    assert upper.count("s2p_gather_balanced(&U[0][0], MPI_DOUBLE, (long)(0), (long)(n), -1,") == 1
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message


EDGES_CHECK = r"""
int main(void)
{
    long los[] = {0, 3}, ns[] = {0, 1, 2, 5, 7, 100, 1001};
    for (int size = 1; size <= 5; size++)
        for (int b = -1; b <= 1; b += 2)
            for (int a = 0; a < 2; a++)
                for (int c = 0; c < 7; c++) {
                    long lo = los[a], n = ns[c], hi = lo + n, next = lo;
                    double total = (double)n * (n + 1) / 2, worst = 0;
                    s2p_size = size;
                    for (int r = 0; r < size; r++) {
                        long first, last;
                        s2p_balanced_block(lo, hi, b, r, &first, &last);
                        if (first != next || last < first) {
                            printf("not contiguous: size %d balance %d lo %ld n %ld rank %d [%ld, %ld)\n",
                                   size, b, lo, n, r, first, last);
                            return 1;
                        }
                        double work = 0;
                        for (long i = first; i < last; i++)
                            work += b > 0 ? (double)(i - lo + 1) : (double)(hi - i);
                        if (work > worst)
                            worst = work;
                        next = last;
                    }
                    if (next != hi || worst > total / size + n) {
                        printf("bad split: size %d balance %d n %ld: ends at %ld, largest work %g of %g\n",
                               size, b, n, next, worst, total);
                        return 1;
                    }
                }
    printf("ok\n");
    return 0;
}
"""


def test_balanced_blocks_cover_the_range_contiguously_with_equal_work(tmp_path: Path) -> None:
    from seq2par.generators.mpi.generate import _templates
    from seq2par.validators import find_mpi

    runtime = _templates().get_template("runtime.c.j2").render(
        uses_halo=False, uses_fopen=False, uses_stdin=False, uses_element=False, uses_shared=False,
        uses_ivdep=False, uses_balanced=True, shared_frees=False, shared_allocators=set())
    path = tmp_path / "edges.c"
    path.write_text(runtime + EDGES_CHECK)
    compiler = find_mpi(cxx=False).compiler.command
    built = subprocess.run([*compiler, str(path), "-o", str(tmp_path / "edges")], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    ran = subprocess.run([str(tmp_path / "edges")], capture_output=True, text=True, timeout=60)
    assert ran.stdout.strip() == "ok", ran.stdout + ran.stderr


ELEMENT_REDUCTIONS = r"""
#include <stdio.h>
#include <stdlib.h>

/* B[i][j] accumulates over k while the loop reads other rows of B (a triangular product, in place; the
   mirrored column, so that the nest is not a column nest, which the ranks would split by columns) */
static void upper_product(int m, int n, double A[m][m], double B[m][n])
{
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++) {
      for (int k = i + 1; k < m; k++)
        B[i][j] += A[k][i] * B[k][n - 1 - j];
      B[i][j] = 0.5 * B[i][j];
    }
}

int main(void)
{
  int m = 120, n = 90, len = 200000;
  double (*A)[m][m] = (double (*)[m][m])calloc((size_t)m * m, sizeof(double));
  double (*B)[m][n] = (double (*)[m][n])calloc((size_t)m * n, sizeof(double));
  double *v = (double *)calloc(len, sizeof(double));
  double acc[4] = {1.0, 2.0, 3.0, 4.0};
  for (int i = 0; i < m; i++)
    for (int j = 0; j < m; j++)
      (*A)[i][j] = (double)((i + 2 * j) % 9) / 9.0;
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      (*B)[i][j] = (double)((3 * i + j) % 7) / 7.0;
  for (int k = 0; k < len; k++)
    v[k] = (double)(k % 17) * 0.125;
  for (int k = 0; k < len; k++)
    acc[2] += v[k] * v[len - 1 - k];
  upper_product(m, n, *A, *B);
  printf("%.15e %.15e %.15e\n", acc[2], (*B)[0][0], (*B)[m / 2][n - 1]);
  free(A); free(B); free(v);
  return 0;
}
"""


@pytest.mark.slow
def test_a_reduction_into_one_element_reduces_that_element_only(tmp_path: Path, validate_generated) -> None:
    source = tmp_path / "elements.c"
    source.write_text(ELEMENT_REDUCTIONS)
    generated = generate_mpi(analyze_file(source))
    # Before: the whole array was zeroed on ranks other than 0 and reduced: B's other rows, which the k loop
    # reads, became zeros there (wrong output), and each (i, j) reduced all of B (trmm ran past a timeout).
    assert "memset(&B" not in generated.source and "&B[0][0], (int)" not in generated.source
    # The j loop runs over each rank's part of row i, made whole after it: the k loop's updates of B[i][j]
    # are then plain sequential code on the rank that owns j (they were once refused as single-element
    # reductions inside the sequential i loop).
    kernel = function_text(generated.source, "upper_product")
    assert "s2p_gather_columns(&B[i][0], MPI_DOUBLE, 1L, (long)(n), (long)(0), (long)(n));" in kernel, kernel
    main = generated.source[generated.source.index("int main"):]
    assert main.count("MPI_Allreduce(MPI_IN_PLACE, &acc[2], 1, MPI_DOUBLE, MPI_SUM") == 1
    assert "memset(&acc[2], 0, sizeof(double) * (size_t)1)" in main
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message


HISTOGRAM_BIN_OUTSIDE = r"""
#include <stdio.h>
#include <stdlib.h>
#define N 200000
double v[N];
long h[64];
int main(int argc, char **argv)
{
  int nb = argc > 1 ? atoi(argv[1]) : 8;
  int b;
  for (int i = 0; i < N; i++)
    v[i] = (double)(((long)i * 7919) % 10007) / 10007.0;
  for (int i = 0; i < N; i++) {
    b = (int)(v[i] * nb);
    h[b]++;
  }
  long s = 0;
  for (int k = 0; k < nb; k++)
    s += h[k] * (k + 1);
  printf("%ld\n", s);
  return 0;
}
"""


def test_a_histogram_whose_bin_is_a_scalar_of_the_body_reduces_the_whole_array(tmp_path: Path,
                                                                               validate_generated) -> None:
    """`h[b]++` with `b` declared before the loop and computed in its body was taken for a reduction into the
    one element h[b] (its subscript names no loop index): only h[b], at b's last value, was summed over the
    ranks, and the program printed 1649940 where the original prints 2699792 (a review's program)."""
    source = tmp_path / "bins.c"
    source.write_text(HISTOGRAM_BIN_OUTSIDE)
    generated = generate_mpi(analyze_file(source))
    assert "&h[b]" not in generated.source, generated.source
    assert "MPI_Allreduce(MPI_IN_PLACE, &h[0], (int)(sizeof(h) / sizeof(long)), MPI_LONG, MPI_SUM" in generated.source
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message


LIGHT_INNER = r"""
#include <stdio.h>
#include <stdlib.h>

/* a recurrence over k around light loops (durbin-like): each k step is n multiply-adds */
static void sweep(int n, double r[n], double y[n], double z[n])
{
  for (int k = 1; k < n; k++) {
    double sum = 0.0;
    for (int i = 0; i < k; i++)
      sum += r[k - i - 1] * y[i];
    for (int i = 0; i < k; i++)
      z[i] = y[i] + sum * y[k - i - 1] * 1e-3;
    for (int i = 0; i < k; i++)
      y[i] = z[i];
    y[k] = -sum * 1e-3;
  }
}

int main(void)
{
  int n = 400;
  double *r = (double *)calloc(n, sizeof(double)), *y = (double *)calloc(n, sizeof(double));
  double *z = (double *)calloc(n, sizeof(double));
  for (int i = 0; i < n; i++)
    r[i] = (double)(n + 1 - i) / (n * 4.0);
  y[0] = -r[0];
  sweep(n, r, y, z);
  printf("%.15e %.15e\n", y[0], y[n - 1]);
  free(r); free(y); free(z);
  return 0;
}
"""


def test_light_loops_inside_a_sequential_loop_stay_sequential(tmp_path: Path) -> None:
    source = tmp_path / "light.c"
    source.write_text(LIGHT_INNER)
    generated = generate_mpi(analyze_file(source))
    # Before: the three i loops were distributed, with a reduction and gathers on every k step (0.4x).
    assert [p.loop.function for p in generated.distributed] == ["main"]
    reasons = [why for loop, why in generated.sequential if loop.function == "sweep" and loop.parent is not None]
    assert len(reasons) == 3 and all("no inner loop" in why for why in reasons)


@pytest.mark.parametrize("program", [TRIANGLES, COLUMN_SUMS, ELEMENT_REDUCTIONS], ids=["triangles", "columns",
                                                                                      "elements"])
def test_generated_kernels_build_without_warnings(program: str, tmp_path: Path, compile_generated) -> None:
    source = tmp_path / "kernel.c"
    source.write_text(program)
    done, _ = compile_generated(generate_mpi(analyze_file(source)).source, "kernel.mpi.c", "-Wall", "-Werror", "-O2")
    assert done.returncode == 0, done.stderr


PRODUCTS = r"""
#include <stdio.h>
#include <stdlib.h>

/* P = A B (column walk of B in the innermost k loop), Q = P C with a scalar temporary (left alone), and the
   lower triangle of S = A A^T with k outside j (column walk of A in the innermost j loop) */
static void products(int n, int m, int p, double P[n][m], double A[n][p], double B[p][m], double Q[n][m],
                     double C[m][m], double S[n][n])
{
  int i, j, k;
  for (i = 0; i < n; i++)
    for (k = 0; k < p; k++)
      for (j = 0; j <= i; j++)
        S[i][j] += A[i][k] * A[j][k];
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++) {
      P[i][j] = 0.0;
      for (k = 0; k < p; k++)
        P[i][j] += A[i][k] * B[k][j];
    }
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++) {
      double t = 0.0;
      for (k = 0; k < m; k++)
        t += P[i][k] * C[k][j];
      Q[i][j] = t;
    }
}

int main(void)
{
  int n = 150, m = 130, p = 170;
  double (*P)[n][m] = (double (*)[n][m])calloc((size_t)n * m, sizeof(double));
  double (*Q)[n][m] = (double (*)[n][m])calloc((size_t)n * m, sizeof(double));
  double (*A)[n][p] = (double (*)[n][p])calloc((size_t)n * p, sizeof(double));
  double (*B)[p][m] = (double (*)[p][m])calloc((size_t)p * m, sizeof(double));
  double (*C)[m][m] = (double (*)[m][m])calloc((size_t)m * m, sizeof(double));
  double (*S)[n][n] = (double (*)[n][n])calloc((size_t)n * n, sizeof(double));
  for (int i = 0; i < n; i++)
    for (int k = 0; k < p; k++)
      (*A)[i][k] = (double)((i * k + 1) % 11) / 11.0;
  for (int k = 0; k < p; k++)
    for (int j = 0; j < m; j++)
      (*B)[k][j] = (double)((k + 3 * j) % 13) / 13.0;
  for (int k = 0; k < m; k++)
    for (int j = 0; j < m; j++)
      (*C)[k][j] = (double)((2 * k + j) % 7) / 7.0;
  products(n, m, p, *P, *A, *B, *Q, *C, *S);
  for (int i = 0; i < n; i += 29)
    printf("%.17e %.17e %.17e\n", (*P)[i][m - 1 - i % m], (*Q)[i][i % m], (*S)[i][i / 2]);
  free(P); free(Q); free(A); free(B); free(C); free(S);
  return 0;
}
"""


@pytest.mark.slow
def test_column_walks_are_interchanged_for_stride_one_inner_loops(tmp_path: Path, validate_generated) -> None:
    source = tmp_path / "products.c"
    source.write_text(PRODUCTS)
    generated = generate_mpi(analyze_file(source))
    kernel = function_text(generated.source, "products")
    # P's k loop now runs around a j loop over rows of B, in SIMD lanes; Q's nest keeps its order (a scalar
    # temporary).
    # A[i][k], the same for every j, is loaded once per k where the j loop runs
    assert len(re.findall(r"for \(k = 0; k < p; k\+\+\) if \(\(0\) < \(m\)\) \{  /\* the j loop runs \*/\s*"
                          r"const double A_i_k = A\[i\]\[k\];\s*#pragma omp simd\s*for \(j = 0; j < m; j\+\+\)\s*"
                          r"P\[i\]\[j\] \+= A_i_k \* B\[k\]\[j\];\s*\} else j = 0;", kernel)) == 1
    assert len(re.findall(r"for \(j = 0; j < m; j\+\+\) \{\s*P\[i\]\[j\] = 0\.0;\s*\}", kernel)) == 1
    # S's j loop now runs around the k loop, along rows of A, S[i][j] held in a local that the k loop sums in
    # SIMD lanes; only where the k loop runs at all (p may be 0: then S[i][j] is not touched)
    assert len(re.findall(r"if \(\(0\) < \(p\)\) \{  /\* the k loop runs \*/\s*for \(j = 0; j <= i; j\+\+\) \{\s*"
                          r"double S_i_j = S\[i\]\[j\];\s*#pragma omp simd reduction\(\+:S_i_j\)\s*"
                          r"for \(k = 0; k < p; k\+\+\)\s*S_i_j \+= A\[i\]\[k\] \* A\[j\]\[k\];\s*"
                          r"S\[i\]\[j\] = S_i_j;\s*\}\s*\}", kernel)) == 1
    assert "S[i][j] held in `S_i_j` (a SIMD sum)" in kernel
    assert kernel.count("loops interchanged") == 2
    # (no lastprivate(k): nothing reads k after that loop before a write)
    assert len(re.findall(r"#pragma omp simd reduction\(\+: t\)\s*"
                          r"for \(k = 0; k < m; k\+\+\)\s*t \+=", kernel)) == 1
    # without SIMD lanes (whose partial sums of t round differently): the same updates in the same order
    report = validate_generated(source, generated.source, flags=("-fno-openmp-simd",))
    assert report.status == "equal", report.message
    assert all(entry.max_rel_error == 0 for entry in report.entries)
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message


FIELDS = r"""
#include <stdio.h>
#include <stdlib.h>

/* three staggered fields updated in turn: the loops run over [1, n), [0, n) and [0, n - 1) */
static void leapfrog(int steps, int n, int m, double e[n][m], double f[n][m], double h[n][m])
{
  for (int t = 0; t < steps; t++) {
    for (int j = 0; j < m; j++)
      e[0][j] = 0.01 * t;
    for (int i = 1; i < n; i++)
      for (int j = 0; j < m; j++)
        e[i][j] = e[i][j] - 0.5 * (h[i][j] - h[i - 1][j]);
    for (int i = 0; i < n; i++)
      for (int j = 1; j < m; j++)
        f[i][j] = f[i][j] - 0.5 * (h[i][j] - h[i][j - 1]);
    for (int i = 0; i < n - 1; i++)
      for (int j = 0; j < m - 1; j++)
        h[i][j] = h[i][j] - 0.7 * (f[i][j + 1] - f[i][j] + e[i + 1][j] - e[i][j]);
  }
}

int main(void)
{
  int n = 160, m = 140, steps = 30;
  double (*e)[n][m] = (double (*)[n][m])calloc((size_t)n * m, sizeof(double));
  double (*f)[n][m] = (double (*)[n][m])calloc((size_t)n * m, sizeof(double));
  double (*h)[n][m] = (double (*)[n][m])calloc((size_t)n * m, sizeof(double));
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++) {
      (*e)[i][j] = (double)(i * (j + 1) % 17) / 17.0;
      (*f)[i][j] = (double)(i * (j + 2) % 19) / 19.0;
      (*h)[i][j] = (double)(i * (j + 3) % 23) / 23.0;
    }
  leapfrog(steps, n, m, *e, *f, *h);
  double s = 0.0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      s += (*e)[i][j] + 2.0 * (*f)[i][j] + 3.0 * (*h)[i][j];
  printf("%.15e %.15e\n", s, (*h)[n / 2][m / 3]);
  free(e); free(f); free(h);
  return 0;
}
"""


@pytest.mark.slow
def test_loops_over_nearby_ranges_share_one_split_and_exchange_halos(tmp_path: Path, validate_generated) -> None:
    source = tmp_path / "fields.c"
    source.write_text(FIELDS)
    generated = generate_mpi(analyze_file(source))
    kernel = function_text(generated.source, "leapfrog")
    step = kernel[kernel.index("for (int t = 0"):kernel.index("(before the function returns)")]
    # Before: three splits ([1,n), [0,n), [0,n-1)), so e, f and h were gathered in full on every step.
    assert "s2p_gather" not in step
    assert step.count("s2p_block((long)(0L), (long)(n), s2p_rank") == 3
    assert step.count("s2p_exchange_halo(&h[0][0]") == 1 and step.count("s2p_exchange_halo(&e[0][0]") == 1
    assert step.count("/* this loop's own bounds") == 2  # [1, n) and [0, n - 1) are clipped
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message



INCLUSIVE_BOUND = r"""
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
  int n = 2000, m = 300, steps = 20;
  double (*a)[m] = (double (*)[m])calloc((size_t)n, sizeof *a);
  double (*b)[m] = (double (*)[m])calloc((size_t)n, sizeof *b);
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      a[i][j] = (double)((i * 3 + j) % 7);
  for (int t = 0; t < steps; t++) {
    for (int i = 0; i <= n - 1; i++)
      for (int j = 0; j < m; j++)
        b[i][j] = 0.5 * a[i][j] + 1.0;
    for (int i = 1; i < n; i++)
      for (int j = 0; j < m; j++)
        a[i][j] = 0.25 * (b[i][j] + b[i - 1][j]);
  }
  double s = 0.0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      s += a[i][j] * (i % 5 + 1);
  printf("%.12e %.12e\n", s, b[n - 1][m - 1]);
  free(a); free(b);
  return 0;
}
"""


@pytest.mark.slow
def test_a_loop_with_an_inclusive_bound_shares_the_split_of_its_own_rows(tmp_path: Path, validate_generated) -> None:
    """`i <= n - 1` beside `i < n`: the shared split is [0, n). It was [0, n + 1) (the inclusive bound counted
    twice), so the ranks wrote and gathered a row past the end of the arrays (a crash at np=2)."""
    source = tmp_path / "inclusive.c"
    source.write_text(INCLUSIVE_BOUND)
    generated = generate_mpi(analyze_file(source))
    assert "1L + n" not in generated.source
    assert len(re.findall(r"s2p_block\(\(long\)\(0L\), \(long\)\(n\), s2p_rank", generated.source)) == 4
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message

TRANSPOSED_PRODUCT = r"""
#include <stdio.h>
#include <stdlib.h>

/* x = x + A^T y, the loop over x outermost: its innermost loop walks A down a column */
static void transposed(int n, int m, double A[m][n], double x[n], double y[m])
{
  int i, j;
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++)
      x[i] = x[i] + A[j][i] * y[j];
}

int main(void)
{
  int n = 700, m = 500, i;
  double (*A)[m][n] = (double (*)[m][n])calloc((size_t)m * n, sizeof(double));
  double (*x)[n] = (double (*)[n])calloc((size_t)n, sizeof(double));
  double (*y)[m] = (double (*)[m])calloc((size_t)m, sizeof(double));
  for (i = 0; i < m; i++) {
    (*y)[i] = (double)(i % 9) / 9.0;
    for (int j = 0; j < n; j++)
      (*A)[i][j] = (double)((i * 5 + j * 3) % 17) / 17.0;
  }
  transposed(n, m, *A, *x, *y);
  transposed(n, 0, *A, *x, *y);
  for (i = 0; i < n; i++)
    (*x)[i] = (*x)[i] * (i % 4 + 1);
  for (int k = 0; k < n; k += 70)
    printf("%.17e\n", (*x)[k]);
  printf("%d\n", i);
  free(A); free(x); free(y);
  return 0;
}
"""


@pytest.mark.slow
def test_a_column_walk_of_the_distributed_loop_runs_inside_each_ranks_rows(tmp_path: Path, validate_generated) -> None:
    source = tmp_path / "transposed.c"
    source.write_text(TRANSPOSED_PRODUCT)
    generated = generate_mpi(analyze_file(source))
    kernel = function_text(generated.source, "transposed")
    assert "each rank keeping its rows of i" in kernel
    # the rank's rows in SIMD lanes: x[i] is written and read at one place only, whatever the rows
    assert re.search(r"for \(j = 0; j < m; j\+\+\)\s*\{\s*#pragma omp simd\s*"
                     r"for \(i = s2p_lo\d+; i < s2p_hi\d+; i\+\+\)\s*x\[i\] =", kernel), kernel
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message
    assert all(entry.max_rel_error == 0 for entry in report.entries)  # same updates in the same order



UPDATE_THEN_PRODUCT = r"""
#include <stdio.h>
#include <stdlib.h>

/* a rank-one update of A, then x = x + A^T y: the update leaves A in row blocks, the product walks its columns */
static void update_product(int m, int n, double A[m][n], double u[m], double v[n], double x[n], double y[m])
{
  int i, j;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++)
      A[i][j] = A[i][j] + u[i] * v[j];
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++)
      x[i] = x[i] + A[j][i] * y[j];
}

int main(void)
{
  int m = 900, n = 700, i, j = -1;
  double (*A)[m][n] = (double (*)[m][n])calloc((size_t)m * n, sizeof(double));
  double (*u)[m] = (double (*)[m])calloc((size_t)m, sizeof(double));
  double (*v)[n] = (double (*)[n])calloc((size_t)n, sizeof(double));
  double (*x)[n] = (double (*)[n])calloc((size_t)n, sizeof(double));
  double (*y)[m] = (double (*)[m])calloc((size_t)m, sizeof(double));
  for (i = 0; i < m; i++) {
    (*u)[i] = (double)(i % 7) / 7.0;
    (*y)[i] = (double)(i % 9) / 9.0;
    for (j = 0; j < n; j++)
      (*A)[i][j] = (double)((i * 5 + j * 3) % 17) / 17.0;
  }
  for (i = 0; i < n; i++) {
    (*v)[i] = (double)(i % 5) / 5.0;
    (*x)[i] = (double)(i % 3);
  }
  update_product(m, n, *A, *u, *v, *x, *y);
  for (int k = 0; k < n; k += 50)
    printf("%.15e\n", (*x)[k]);
  printf("%.15e %d\n", (*A)[m - 1][n - 1], i);
  free(A); free(u); free(v); free(x); free(y);
  return 0;
}
"""


@pytest.mark.slow
def test_a_transposed_product_of_a_distributed_matrix_is_summed_over_its_rows(tmp_path: Path,
                                                                              validate_generated) -> None:
    source = tmp_path / "update_product.c"
    source.write_text(UPDATE_THEN_PRODUCT)
    generated = generate_mpi(analyze_file(source))
    kernel = function_text(generated.source, "update_product")
    # The product runs over the rows of A each rank updated, x summed once; before, A (m x n) was gathered
    # whole for a product over blocks of i.
    assert "gather A (read by this loop)" not in kernel
    assert re.search(r"for \(j = s2p_lo\d+; j < s2p_hi\d+; j\+\+\)\s*for \(i = 0; i < n; i\+\+\)\s*x\[i\] = ", kernel)
    assert kernel.count("MPI_Allreduce(MPI_IN_PLACE, &x[0], (int)((long)(n))") == 1
    assert re.search(r"if \(s2p_rank != 0\) memset\(&x\[0\]", kernel)
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message


@pytest.mark.parametrize("change", [
    # the nest also stores elsewhere: not a sum over j any more
    ("x[i] = x[i] + A[j][i] * y[j];", "{ x[i] = x[i] + A[j][i] * y[j]; A[j][i] = 0.5 * A[j][i]; }"),
    # not a sum: each step scales what the ones before added
    ("x[i] = x[i] + A[j][i] * y[j];", "x[i] = 0.5 * x[i] + A[j][i] * y[j];"),
])
def test_a_transposed_product_that_is_not_only_sums_keeps_blocks_of_i(change, tmp_path: Path) -> None:
    source = tmp_path / "update_product.c"
    assert change[0] in UPDATE_THEN_PRODUCT
    source.write_text(UPDATE_THEN_PRODUCT.replace(change[0], change[1]))
    generated = generate_mpi(analyze_file(source))
    kernel = function_text(generated.source, "update_product")
    assert "rows of j" not in kernel and "MPI_Allreduce" not in kernel
    assert "each rank keeping its rows of i" in kernel  # (the product itself is still distributed)

INDEX_AFTER = r"""
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
  int n = 3000000, i;
  double *v = malloc(sizeof(double) * n), s = 0.0;
  for (i = 0; i < n; i++)
    v[i] = (double)(i % 1000) * 0.5;
  for (i = 0; i < n; i++)
    v[i] = v[i] * v[i] + 1.0;
  printf("%.1f %.1f %d\n", v[17], v[n - 1], i);
  free(v);
  return 0;
}
"""


@pytest.mark.slow
def test_a_distributed_loop_leaves_its_index_where_the_sequential_loop_does(tmp_path: Path,
                                                                            validate_generated) -> None:
    """Each rank's loop stops at the end of its own block; main prints `i` after the loops (the program
    printed 1500000 at np=2 instead of 3000000)."""
    source = tmp_path / "index_after.c"
    source.write_text(INDEX_AFTER)
    generated = generate_mpi(analyze_file(source))
    assert len(generated.distributed) == 2
    assert generated.source.count("i = (0L) < (n) ? (n) : (0L);  /* the value the sequential loop leaves */") == 2
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message


# Bounds a review found mishandled after the loop (program mode): `i + 1 < n` with an unsigned n of 0 left
# i = -1 (the exit value `-1L + n` wraps), and `i < n + 0u` with a start below 0 ran the loop (C compares
# `i` with the unsigned bound as unsigned: zero trips); both programs passed validation run without
# arguments.
UNSIGNED_BOUNDS = r"""
#include <stdio.h>
#include <stdlib.h>
#define N 100000
double a[N + 1];
int main(int argc, char **argv)
{
  int i, n = N, lo = argc > 2 ? atoi(argv[2]) : 0;
  size_t m = argc > 1 ? (size_t)atoi(argv[1]) : N;
  double s = 0.0, t = 0.0;
  for (i = 0; i < N + 1; i++)
    a[i] = i * 0.5 + 1.0;
  for (i = 0; i + 1 < m; i++)
    s += a[i] * a[i];
  printf("s=%.3f i=%d\n", s, i);
  for (i = lo; i < n + 0u; i++)
    t += a[i + 1] * a[i + 1];
  printf("t=%.3f i=%d\n", t, i);
  return 0;
}
"""


@pytest.mark.slow
def test_unsigned_bounds_leave_the_index_where_the_sequential_loop_does(tmp_path: Path) -> None:
    from seq2par.validators import validate_mpi

    source = tmp_path / "unsigned_bounds.c"
    source.write_text(UNSIGNED_BOUNDS)
    generated = generate_mpi(analyze_file(source))
    reasons = {loop.line: why for loop, why in generated.sequential}
    assert 13 in [plan.loop.line for plan in generated.distributed]
    assert "`0u` in its bound `n + 0u` is unsigned" in reasons[16], reasons
    parallel = tmp_path / "unsigned_bounds.mpi.c"
    parallel.write_text(generated.source)
    for args in (("0", "-1"), ("1", "-1"), ("7", "3")):
        report = validate_mpi(source, parallel, np_list=(1, 2), runs=1, timeout=120, args=args)
        assert report.status == "equal", (args, report.message)


def test_a_bound_the_blocks_cannot_take_is_named_in_the_reason(tmp_path: Path) -> None:
    """Review: counted loops whose start or bound is not affine (`n >> 1`, a char, `k++`) were refused with
    "only counted `for` loops are distributed", which they are."""
    source = tmp_path / "bounds.c"
    source.write_text(UNSIGNED_BOUNDS.replace("for (i = 0; i + 1 < m; i++)", "for (i = 0; i < n >> 1; i++)"))
    generated = generate_mpi(analyze_file(source))
    reasons = {loop.line: why for loop, why in generated.sequential}
    assert reasons[13].startswith("the bound `n >> 1` of `i` is not a sum of integer constants"), reasons


COLUMN_NESTS = r"""
#include <stdio.h>
#include <stdlib.h>

/* the i loop carries dependences, all within column j: B[k][j] for k > i, C[k][j] for k < i */
static void triangle(int m, int n, double A[m][m], double B[m][n])
{
  int i, j = -1, k;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++) {
      for (k = i + 1; k < m; k++)
        B[i][j] += A[k][i] * B[k][j];
      B[i][j] = 0.75 * B[i][j];
    }
  printf("triangle leaves %d %d\n", i, j);
}

static void symmetric(int m, int n, double C[m][n], double A[m][m], double B[m][n])
{
  int i, j, k;
  double t;
  for (i = 0; i < m; i++)
    for (j = 0; j < n; j++) {
      t = 0.0;
      for (k = 0; k < i; k++) {
        C[k][j] += 0.5 * B[i][j] * A[i][k];
        t += B[k][j] * A[i][k];
      }
      C[i][j] = 1.25 * C[i][j] + 0.5 * B[i][j] * A[i][i] + 0.5 * t;
    }
}

/* C[i - 1][j + 1]: a neighbour's column, so the i loop stays sequential */
static void shifted(int m, int n, double B[m][n], double C[m][n])
{
  for (int i = 1; i < m; i++)
    for (int j = 0; j < n - 1; j++)
      C[i][j] = 0.5 * C[i - 1][j + 1] + B[i][j];
}

int main(void)
{
  int m = 400, n = 500;
  double (*A)[m][m] = (double (*)[m][m])malloc(sizeof(double) * m * m);
  double (*B)[m][n] = (double (*)[m][n])malloc(sizeof(double) * m * n);
  double (*C)[m][n] = (double (*)[m][n])malloc(sizeof(double) * m * n);
  for (int i = 0; i < m; i++) {
    for (int j = 0; j < m; j++)
      (*A)[i][j] = (double)((i * j) % 11) / 110.0;
    for (int j = 0; j < n; j++) {
      (*B)[i][j] = (double)((i * 7 + j * 3) % 19) / 19.0;
      (*C)[i][j] = (double)((i + j) % 5) / 5.0;
    }
  }
  triangle(m, n, *A, *B);
  triangle(0, n, *A, *B);
  symmetric(m, n, *C, *A, *B);
  shifted(m, n, *B, *C);
  for (int i = 0; i < m; i += 23)
    printf("%.17e %.17e\n", (*B)[i][(i * 13) % n], (*C)[i][(i * 7) % n]);
  free(A); free(B); free(C);
  return 0;
}
"""


@pytest.mark.slow
def test_a_column_nest_runs_whole_on_every_rank_over_its_columns(tmp_path: Path, validate_generated) -> None:
    source = tmp_path / "columns.c"
    source.write_text(COLUMN_NESTS)
    generated = generate_mpi(analyze_file(source))
    plans = {plan.loop.function: plan.describe() for plan in generated.distributed}
    assert "block of columns over j" in plans["triangle"] and "gather columns of B" in plans["triangle"]
    assert "gather columns of C" in plans["symmetric"]
    assert "shifted" not in plans
    assert function_text(generated.source, "triangle").count("s2p_gather_columns(&B[0][0], MPI_DOUBLE, (long)(m), "
                                                             "(long)(n), (long)(0), (long)(n));") == 1
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message
    assert all(entry.max_rel_error == 0 for entry in report.entries)  # each column computed as before


MIRRORED = r"""
#include <stdio.h>
#include <stdlib.h>

/* a Gram matrix: the upper triangle computed, the lower one copied from it in the same iteration */
static void gram(int m, int n, double D[n][m], double G[m][m])
{
  int i, j, k;
  for (i = 0; i < m; i++)
    for (j = i; j < m; j++) {
      G[i][j] = 0.0;
      for (k = 0; k < n; k++)
        G[i][j] += D[k][i] * D[k][j];
      G[j][i] = G[i][j];
    }
}

int main(void)
{
  int m = 300, n = 400;
  double (*D)[n][m] = (double (*)[n][m])malloc(sizeof(double) * n * m);
  double (*G)[m][m] = (double (*)[m][m])malloc(sizeof(double) * m * m);
  for (int k = 0; k < n; k++)
    for (int i = 0; i < m; i++)
      (*D)[k][i] = (double)((k * 5 + i * 11) % 23) / 23.0 - 0.5;
  gram(m, n, *D, *G);
  for (int i = 0; i < m; i += 17)
    printf("%.17e %.17e\n", (*G)[i][(i * 7) % m], (*G)[(i * 7) % m][i]);
  free(D); free(G);
  return 0;
}
"""


@pytest.mark.slow
def test_a_mirror_copy_moves_after_the_loop_so_that_the_rows_are_distributed(tmp_path: Path,
                                                                             validate_generated) -> None:
    source = tmp_path / "gram.c"
    source.write_text(MIRRORED)
    generated = generate_mpi(analyze_file(source))
    (plan,) = [p for p in generated.distributed if p.loop.function == "gram"]
    assert "mirror copies into G moved after it" in plan.describe()
    kernel = function_text(generated.source, "gram")
    assert "/* seq2par: moved after the loop (a mirror copy) */" in kernel
    assert re.search(r"s2p_gather_balanced\(&G\[0\]\[0\].*\);\s*for \(i = 0; i < m; i\+\+\)"
                     r"\s*for \(j = i; j < m; j\+\+\)\s*G\[j\]\[i\] = G\[i\]\[j\];", kernel), kernel
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message
    assert all(entry.max_rel_error == 0 for entry in report.entries)


def test_no_mirror_copy_moves_past_a_continue(tmp_path: Path) -> None:
    """`continue` skips the copy for some (i, j): run after the loop for all of them, it would copy those too."""
    skipping = MIRRORED.replace("      G[i][j] = 0.0;\n",
                                "      G[i][j] = 0.0;\n      if ((i + j) % 3 == 0) continue;\n")
    assert skipping != MIRRORED
    source = tmp_path / "gram.c"
    source.write_text(skipping)
    from seq2par.generators.edits import TransformationError

    with pytest.raises(TransformationError, match=r"writes G\[j\]\[i\], which is not a row of `i`"):
        generate_mpi(analyze_file(source))  # the loop stays sequential (main's loops are too small to pay)


LINE_RELAXATION = r"""
#include <stdio.h>
#include <stdlib.h>
#define N 300
static double u[N][N], w[N][N], cp[N][N], dp[N][N];

/* line relaxation: a tridiagonal solve along every column, then along every row, at each step; cp and dp
   are each solve's scratch rows */
static void relax(int steps, int n)
{
  for (int t = 0; t < steps; t++) {
    for (int i = 1; i < n - 1; i++) {
      cp[i][0] = 0.0;
      dp[i][0] = u[0][i];
      for (int j = 1; j < n - 1; j++) {
        double m = 2.5 - cp[i][j - 1];
        cp[i][j] = 1.0 / m;
        dp[i][j] = (u[j][i] + dp[i][j - 1]) / m;
      }
      w[n - 1][i] = u[n - 1][i];
      for (int j = n - 2; j >= 1; j--)
        w[j][i] = dp[i][j] + cp[i][j] * w[j + 1][i];
    }
    for (int i = 1; i < n - 1; i++) {
      cp[i][0] = 0.0;
      dp[i][0] = w[i][0];
      for (int j = 1; j < n - 1; j++) {
        double m = 2.5 - cp[i][j - 1];
        cp[i][j] = 1.0 / m;
        dp[i][j] = (0.5 * (w[i - 1][j] + w[i + 1][j]) + dp[i][j - 1]) / m;
      }
      u[i][n - 1] = w[i][n - 1];
      for (int j = n - 2; j >= 1; j--)
        u[i][j] = dp[i][j] + cp[i][j] * u[i][j + 1];
    }
  }
}

int main(void)
{
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      u[i][j] = (double)((i * 7 + j * 3) % 11) / 11.0;
      w[i][j] = 0.0;
    }
  relax(40, N);
  double s = 0.0;
  for (int i = 0; i < N; i++)
    s += u[i][i] + cp[i][N / 2] + dp[N / 2][i];
  printf("%.12e\n", s);
  for (int i = 0; i < N; i += 29)
    printf("%.12e %.12e\n", u[i][N - 1 - i], w[N - 1 - i][i]);
  return 0;
}
"""


@pytest.mark.slow
def test_scratch_rows_a_sequential_sweep_stores_before_reading_are_not_gathered(tmp_path: Path,
                                                                               validate_generated) -> None:
    """The row solves are distributed; the column solves, sequential on every rank, read only elements of
    cp and dp that they stored first (`cp[i][j - 1]` after `cp[i][0]` and `cp[i][j]`, then `cp[i][j]` over
    the range the first j loop stored): their distributed rows are not gathered on every step, only u is."""
    source = tmp_path / "relax.c"
    source.write_text(LINE_RELAXATION)
    generated = generate_mpi(analyze_file(source))
    kernel = function_text(generated.source, "relax")
    step = kernel[kernel.index("for (int t = 0"):kernel.index("(before the function returns)")]
    assert "s2p_gather_rows(&u[0][0]" in step
    assert "&cp[0][0]" not in step and "&dp[0][0]" not in step, step
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message
    assert all(entry.max_rel_error == 0 for entry in report.entries)


@pytest.mark.parametrize("change", [
    ("      cp[i][0] = 0.0;\n      dp[i][0] = u[0][i];\n", "      dp[i][0] = u[0][i];\n"),  # cp[i][0] read first
    ("double m = 2.5 - cp[i][j - 1];\n        cp[i][j] = 1.0 / m;\n        dp[i][j] = (u[j][i]",
     "double m = 2.5 - cp[i][j + 1];\n        cp[i][j] = 1.0 / m;\n        dp[i][j] = (u[j][i]"),  # a later one
    ("for (int j = 1; j < n - 1; j++) {\n        double m = 2.5 - cp[i][j - 1];\n        cp[i][j] = 1.0 / m;\n"
     "        dp[i][j] = (u[j][i]", "for (int j = 1; j < n - 2; j++) {\n        double m = 2.5 - cp[i][j - 1];\n"
     "        cp[i][j] = 1.0 / m;\n        dp[i][j] = (u[j][i]"),  # the back substitution reads one more
    ("        cp[i][j] = 1.0 / m;\n        dp[i][j] = (u[j][i]",
     "        if (m > 1e9) break;\n        cp[i][j] = 1.0 / m;\n        dp[i][j] = (u[j][i]"),  # may stop early
    ("        cp[i][j] = 1.0 / m;\n        dp[i][j] = (u[j][i]",
     "        cp[i][j] = 1.0 / m;\n        if (m > 1e9) j++;\n        dp[i][j] = (u[j][i]"),  # skips an element
], ids=["no-first-store", "reads-ahead", "shorter-range", "break", "index-moved"])
def test_a_sweep_that_reads_an_element_it_did_not_store_gathers_it(change, tmp_path: Path) -> None:
    old, new = change
    program = LINE_RELAXATION.replace(old, new, 1)
    assert program != LINE_RELAXATION
    source = tmp_path / "relax.c"
    source.write_text(program)
    kernel = function_text(generate_mpi(analyze_file(source)).source, "relax")
    step = kernel[kernel.index("for (int t = 0"):kernel.index("(before the function returns)")]
    assert "s2p_gather_rows(&cp[0][0]" in step, step


ROW_SOLVES = r"""
#include <stdio.h>
#include <stdlib.h>

/* L X = B, L lower triangular, one row of X at a time: row i from the rows above it, its ends then tied
   together (which a split of the columns over the whole i loop could not do) */
static void solve_rows(int n, int m, double L[n][n], double B[n][m], double X[n][m])
{
  for (int i = 0; i < n; i++) {
    for (int j = 0; j < m; j++) {
      double s = B[i][j];
      for (int k = 0; k < i; k++)
        s -= L[i][k] * X[k][j];
      X[i][j] = s / L[i][i];
    }
    X[i][0] = 0.5 * (X[i][0] + X[i][m - 1]);
  }
}

int main(void)
{
  int n = 240, m = 330;
  double (*L)[n] = (double (*)[n])calloc((size_t)n * n, sizeof(double));
  double (*B)[m] = (double (*)[m])calloc((size_t)n * m, sizeof(double));
  double (*X)[m] = (double (*)[m])calloc((size_t)n * m, sizeof(double));
  for (int i = 0; i < n; i++) {
    for (int k = 0; k < i; k++)
      L[i][k] = (double)((i * 5 + k * 3) % 7 - 3) / (double)(4 * n);
    L[i][i] = 2.0 + (double)(i % 5) / 5.0;
    for (int j = 0; j < m; j++)
      B[i][j] = (double)((i * 11 + j * 13) % 17) / 17.0;
  }
  solve_rows(n, m, L, B, X);
  double s = 0.0;
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++)
      s += X[i][j] * (double)((i + 2 * j) % 5 + 1);
  printf("%.15e %.15e %.15e\n", s, X[n - 1][0], X[n / 2][m - 1]);
  free(L); free(B); free(X);
  return 0;
}
"""

BLUR = r"""
#include <stdio.h>
#include <stdlib.h>

/* separable recursive smoothing: along the rows, then down and up the columns */
static void blur(int w, int h, float in[w][h], float tmp[w][h], float out[w][h], float a)
{
  for (int i = 0; i < w; i++) {
    float run = in[i][0];
    for (int j = 0; j < h; j++) {
      run = a * run + (1.0f - a) * in[i][j];
      tmp[i][j] = run;
      out[i][j] = 0.0f;
    }
  }
  for (int j = 0; j < h; j++) {
    float run = tmp[0][j];
    for (int i = 0; i < w; i++) {
      run = a * run + (1.0f - a) * tmp[i][j];
      tmp[i][j] = run;
    }
  }
  for (int j = 0; j < h; j++) {
    float run = tmp[w - 1][j];
    for (int i = w - 1; i >= 0; i--) {
      run = a * run + (1.0f - a) * tmp[i][j];
      out[i][j] = run;
    }
  }
}

int main(void)
{
  int w = 520, h = 610;
  float (*in)[h] = (float (*)[h])calloc((size_t)w * h, sizeof(float));
  float (*tmp)[h] = (float (*)[h])calloc((size_t)w * h, sizeof(float));
  float (*out)[h] = (float (*)[h])calloc((size_t)w * h, sizeof(float));
  for (int i = 0; i < w; i++)
    for (int j = 0; j < h; j++)
      in[i][j] = (float)((i * 7 + j * 3) % 29) / 29.0f;
  blur(w, h, in, tmp, out, 0.8f);
  double s = 0.0;
  for (int i = 0; i < w; i++)
    for (int j = 0; j < h; j++)
      s += (double)out[i][j] * (double)((i + j) % 3 + 1);
  printf("%.9e %.9e %.9e\n", s, (double)out[w / 2][h / 3], (double)tmp[w - 1][h - 1]);
  free(in); free(tmp); free(out);
  return 0;
}
"""


@pytest.mark.slow
def test_a_loop_writing_one_row_segment_per_outer_step_gathers_that_segment(tmp_path: Path,
                                                                           validate_generated) -> None:
    """X[i][j] over j: the ranks split row i's columns, and row i is made whole right after (the next rows
    read it), instead of the loop staying sequential ("not a row of j")."""
    source = tmp_path / "rows.c"
    source.write_text(ROW_SOLVES)
    generated = generate_mpi(analyze_file(source))
    (plan,) = [p for p in generated.distributed if p.loop.function == "solve_rows"]
    assert plan.loop.var == "j"
    kernel = function_text(generated.source, "solve_rows")
    assert "s2p_gather_columns(&X[i][0], MPI_DOUBLE, 1L, (long)(m), (long)(0), (long)(m));" in kernel, kernel
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message  # (main's checksum is a distributed sum: not bit-exact)


@pytest.mark.slow
def test_column_passes_are_distributed_over_columns(tmp_path: Path, validate_generated) -> None:
    """The passes down and up the columns split the columns. tmp, read there, is made whole first, and its
    columns are gathered after the pass; out, which the last pass stores whole before anything reads it,
    stays in columns and is gathered once, as the function returns."""
    source = tmp_path / "blur.c"
    source.write_text(BLUR)
    generated = generate_mpi(analyze_file(source))
    over = sorted((p.loop.line, p.loop.var) for p in generated.distributed if p.loop.function == "blur")
    assert [var for _, var in over] == ["i", "j", "j"], over
    kernel = function_text(generated.source, "blur")
    for name in ("tmp", "out"):
        gather = f"s2p_gather_columns(&{name}[(0L)][0], MPI_FLOAT, (long)(w), (long)(h), (long)(0), (long)(h));"
        assert kernel.count(gather) == 1, name
    assert kernel.count("s2p_gather_rows(&tmp[0][0]") == 1  # before the first column pass
    assert "s2p_gather_rows(&out[0][0]" not in kernel
    assert kernel.index("s2p_gather_columns(&out") > kernel.index("(before the function returns)")
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message
    assert all(entry.max_rel_error == 0 for entry in report.entries)



SEPARABLE = r"""
#include <stdio.h>
#include <stdlib.h>

/* a running sum along each row, another down each column, then both combined row by row */
static void separable(int h, int w, double in[h][w], double across[h][w], double down[h][w], double out[h][w])
{
  int i, j;
  for (i = 0; i < h; i++) {
    double run = 0.0;
    for (j = 0; j < w; j++) {
      run = 0.5 * run + in[i][j];
      across[i][j] = run;
    }
  }
  for (j = 0; j < w; j++) {
    double run = 0.0;
    for (i = 0; i < h; i++) {
      run = 0.5 * run + in[i][j];
      down[i][j] = run;
    }
  }
  for (i = 0; i < h; i++)
    for (j = 0; j < w; j++)
      out[i][j] = across[i][j] - down[i][j];
}

int main(void)
{
  int h = 430, w = 370;
  double (*in)[w] = (double (*)[w])calloc((size_t)h * w, sizeof(double));
  double (*across)[w] = (double (*)[w])calloc((size_t)h * w, sizeof(double));
  double (*down)[w] = (double (*)[w])calloc((size_t)h * w, sizeof(double));
  double (*out)[w] = (double (*)[w])calloc((size_t)h * w, sizeof(double));
  for (int i = 0; i < h; i++)
    for (int j = 0; j < w; j++)
      in[i][j] = (double)((i * 7 + j * 3) % 29) / 29.0;
  separable(h, w, in, across, down, out);
  double s = 0.0;
  for (int i = 0; i < h; i++)
    for (int j = 0; j < w; j++)
      s += out[i][j] * (double)((i + j) % 3 + 1);
  printf("%.15e %.15e %.15e\n", s, out[h / 2][w / 3], down[h - 1][w - 1]);
  free(in); free(across); free(down); free(out);
  return 0;
}
"""


@pytest.mark.slow
def test_columns_a_pass_left_are_turned_into_the_rows_the_next_loop_reads(tmp_path: Path,
                                                                          validate_generated) -> None:
    """down stays in the column pass's columns; the row loop after it receives its rows from the other
    ranks' columns (an all-to-all) instead of a gather of the whole array, and main's read gathers it whole."""
    source = tmp_path / "separable.c"
    source.write_text(SEPARABLE)
    generated = generate_mpi(analyze_file(source))
    kernel = function_text(generated.source, "separable")
    assert kernel.count("s2p_columns_to_rows(&down[(0L)][0], MPI_DOUBLE, (long)(0L), (long)(h), (long)(w), "
                        "(long)(0), (long)(w));") == 1, kernel
    turn, loop = kernel.index("s2p_columns_to_rows"), kernel.index("out[i][j] = ")
    assert turn < loop and "s2p_gather_columns(&down" not in kernel[:loop]
    assert kernel.count("s2p_gather_rows(&down[0][0]") == 1  # as the function returns (main reads it)
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message  # (main's checksum is a distributed sum: not bit-exact)


@pytest.mark.parametrize("change", [
    # the pass covers rows [0, h - 1) and the row loop [0, h): their rows do not line up
    ("    for (i = 0; i < h; i++) {\n      run = 0.5 * run + in[i][j];",
     "    for (i = 0; i < h - 1; i++) {\n      run = 0.5 * run + in[i][j];"),
    # the row loop reads a neighbouring row
    ("out[i][j] = across[i][j] - down[i][j];", "out[i][j] = across[i][j] - down[h - 1 - i][j];"),
])
def test_columns_that_do_not_line_up_with_the_rows_read_are_gathered(change, tmp_path: Path) -> None:
    source = tmp_path / "separable.c"
    assert change[0] in SEPARABLE
    source.write_text(SEPARABLE.replace(change[0], change[1]))
    generated = generate_mpi(analyze_file(source))
    kernel = function_text(generated.source, "separable")
    assert "s2p_columns_to_rows" not in kernel
    assert "s2p_gather_columns(&down" in kernel

def test_a_column_pass_inside_a_sequential_loop_stays_sequential(tmp_path: Path) -> None:
    """With a row pass beside it in a time loop, each run of the time loop would gather the whole array: the
    column pass is left sequential, with the reason (alone in the loop, it would be a column nest)."""
    opening = "  for (int i = 0; i < w; i++) {\n    float run = in[i][0];"
    program = BLUR.replace(opening, "  for (int t = 0; t < 3; t++) {\n" + opening)
    closing = "      tmp[i][j] = run;\n    }\n  }\n"
    program = program.replace(closing, closing + "  }\n")
    assert program.count("for (int t") == 1 and program.count("  }\n  }\n  }\n") == 1
    source = tmp_path / "blur.c"
    source.write_text(program)
    generated = generate_mpi(analyze_file(source))
    reasons = [why for loop, why in generated.sequential if loop.function == "blur" and loop.var == "j"]
    assert any("each of its runs would gather the whole array" in why for why in reasons), reasons


SCRATCH_RESULT = r"""
#include <stdio.h>
#include <stdlib.h>

/* out = (A B) C through a scratch product the caller never looks at */
static void chain(int n, double A[n][n], double B[n][n], double C[n][n], double S[n][n], double out[n][n])
{
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      double s = 0.0;
      for (int k = 0; k < n; k++)
        s += A[i][k] * B[k][j];
      S[i][j] = s;
    }
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      double s = 0.0;
      for (int k = 0; k < n; k++)
        s += S[i][k] * C[k][j];
      out[i][j] = s;
    }
}

int main(void)
{
  int n = 160;
  double (*A)[n] = (double (*)[n])calloc((size_t)n * n, sizeof(double));
  double (*B)[n] = (double (*)[n])calloc((size_t)n * n, sizeof(double));
  double (*C)[n] = (double (*)[n])calloc((size_t)n * n, sizeof(double));
  double (*S)[n] = (double (*)[n])calloc((size_t)n * n, sizeof(double));
  double (*out)[n] = (double (*)[n])calloc((size_t)n * n, sizeof(double));
  for (int i = 0; i < n; i++)
    for (int j = 0; j < n; j++) {
      A[i][j] = (double)((i + 3 * j) % 7) / 7.0;
      B[i][j] = (double)((2 * i + j) % 5) / 5.0;
      C[i][j] = (double)((i * j) % 3) / 3.0;
    }
  chain(n, A, B, C, S, out);
  for (int i = 0; i < n; i += 13)
    printf("%.15e %.15e\n", out[i][0], out[n - 1 - i][n / 2]);
  free((void *)A); free((void *)B); free((void *)C); free((void *)S); free((void *)out);
  return 0;
}
"""


def _return_gathers(program: str, tmp_path: Path) -> str:
    source = tmp_path / "chain.c"
    source.write_text(program)
    kernel = function_text(generate_mpi(analyze_file(source)).source, "chain")
    return kernel[kernel.rindex("/* seq2par: gather"):]


@pytest.mark.slow
def test_a_result_no_caller_reads_is_not_gathered_as_the_function_returns(tmp_path: Path,
                                                                           validate_generated) -> None:
    """S is only freed after the call: its rows stay where they were computed. out, printed, is gathered."""
    at_return = _return_gathers(SCRATCH_RESULT, tmp_path)
    assert "s2p_gather_rows(&out[0][0]" in at_return and "&S[0][0]" not in at_return, at_return
    source = tmp_path / "chain.c"
    report = validate_generated(source, generate_mpi(analyze_file(source)).source)
    assert report.status == "equal", report.message


@pytest.mark.parametrize("change", [
    ("    printf(\"%.15e %.15e\\n\", out[i][0], out[n - 1 - i][n / 2]);",
     "    printf(\"%.15e %.15e\\n\", out[i][0], S[n - 1 - i][n / 2]);"),  # main reads S
    ("  chain(n, A, B, C, S, out);", "  for (int r = 0; r < 2; r++)\n    chain(n, A, B, C, S, out);"),  # runs again
    ("  chain(n, A, B, C, S, out);", "  chain(n, A, B, C, S, out);\n  chain(n, S, B, C, A, out);"),  # S read by a call
], ids=["printed", "called-in-a-loop", "passed-on"])
def test_a_result_read_after_the_call_is_gathered_as_the_function_returns(change, tmp_path: Path) -> None:
    program = SCRATCH_RESULT.replace(*change)
    assert program != SCRATCH_RESULT
    assert "&S[0][0]" in _return_gathers(program, tmp_path)


COLUMNS_BEFORE_A_TIME_LOOP = r"""
#include <stdio.h>
#include <stdlib.h>

static void run(int h, int w, int steps, double in[h][w], double down[h][w], double out[h][w])
{
  int i, j, t;
  for (j = 0; j < w; j++) {
    double run = 0.0;
    for (i = 0; i < h; i++) {
      run = 0.5 * run + in[i][j];
      down[i][j] = run;
    }
  }
  for (t = 0; t < steps; t++) {
    for (i = 0; i < h; i++)
      for (j = 0; j < w; j++)
        out[i][j] = 0.25 * out[i][j] + down[i][j];
    for (i = 0; i < h; i++)
      for (j = 0; j < w; j++)
        down[i][j] = down[i][j] * 0.99 + 0.01 * out[i][j];
  }
}

int main(void)
{
  int h = 300, w = 260, steps = 12;
  double (*in)[w] = calloc((size_t)h * w, sizeof(double));
  double (*down)[w] = calloc((size_t)h * w, sizeof(double));
  double (*out)[w] = calloc((size_t)h * w, sizeof(double));
  for (int i = 0; i < h; i++)
    for (int j = 0; j < w; j++)
      in[i][j] = (double)((i * 7 + j * 3) % 29) / 29.0;
  run(h, w, steps, in, down, out);
  printf("%.15e %.15e %.15e\n", out[h / 2][w / 3], down[h - 1][w - 1], out[7][w - 2]);
  free(in); free(down); free(out);
  return 0;
}
"""


@pytest.mark.slow
def test_columns_left_before_a_time_loop_are_gathered_as_columns_on_entry(tmp_path: Path,
                                                                          validate_generated) -> None:
    """down leaves its column pass in columns; the time loop after it keeps its arrays in rows from step to
    step, so down is made whole as columns once before the loop (not turned on the first step only, which
    would leave the loop's entry state different on later steps)."""
    source = tmp_path / "columns_then_steps.c"
    source.write_text(COLUMNS_BEFORE_A_TIME_LOOP)
    generated = generate_mpi(analyze_file(source))
    kernel = function_text(generated.source, "run")
    gather = kernel.index("s2p_gather_columns(&down[(0L)][0], MPI_DOUBLE, (long)(h), (long)(w), (long)(0), (long)(w));")
    assert gather < kernel.index("for (t = 0; t < steps; t++)")
    assert "s2p_columns_to_rows" not in kernel
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message
    assert all(entry.max_rel_error == 0 for entry in report.entries)


ROW_PASSES = r"""
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* each row scaled and shifted; then each row's own square roots */
__attribute__((noinline)) static void scale_rows(int m, int n, double A[m][n], double s[m], double B[m][n])
{
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      B[i][j] = s[i] * A[i][j] + 1.0;
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      A[i][j] = sqrt(B[i][j]);
}

int main(void)
{
  int m = 600, n = 501;
  double (*A)[m][n] = (double (*)[m][n])calloc((size_t)m * n, sizeof(double));
  double (*B)[m][n] = (double (*)[m][n])calloc((size_t)m * n, sizeof(double));
  double (*s)[m] = (double (*)[m])calloc(m, sizeof(double));
  for (int i = 0; i < m; i++) {
    (*s)[i] = 1.0 + (double)(i % 7) / 7.0;
    for (int j = 0; j < n; j++)
      (*A)[i][j] = (double)((i * 5 + j * 3) % 11) / 11.0;
  }
  scale_rows(m, n, *A, *s, *B);
  double total = 0.0;
  for (int i = 0; i < m; i++)
    for (int j = 0; j < n; j++)
      total += (*A)[i][j];
  printf("%.12e %.15e\n", total, (*B)[m - 1][n - 1]);
  free(A); free(B); free(s);
  return 0;
}
"""


@pytest.mark.slow
def test_inner_loops_of_a_distributed_nest_run_in_simd_lanes(tmp_path: Path, validate_generated,
                                                             compile_generated) -> None:
    from seq2par.validators.validate import MPI_FLAGS

    source = tmp_path / "rows.c"
    source.write_text(ROW_PASSES)
    generated = generate_mpi(analyze_file(source))
    kernel = function_text(generated.source, "scale_rows")
    # the first nest's j loop is marked; the second calls sqrt, which lanes would turn into libmvec calls
    assert kernel.count("#pragma omp simd") == 1
    assert re.search(r"#pragma omp simd\n\s*for \(int j = 0; j < n; j\+\+\)\n\s*B\[i\]\[j\] = ", kernel)
    # s[i], the same for every j, loaded once before it (where the j loop runs)
    assert re.search(r"if \(\(0\) < \(n\)\) \{  /\* the j loop runs \*/\s*const double s_i = s\[i\];\s*"
                     r"#pragma omp simd", kernel), kernel
    # a sum over the rank's rows: its inner loop reduces in lanes, then across ranks
    assert "#pragma omp simd reduction(+: total)" in generated.source
    assert "mpicc -O2 -fopenmp-simd" in generated.source[:generated.source.index("*/")]
    # gcc -O2 leaves the j loop (trip count unknown) scalar unless the pragma is honoured, with the flag the
    # validator builds with
    line = generated.source[:generated.source.index("B[i][j] = s_i")].count("\n") + 1
    marked, _ = compile_generated(generated.source, "rows.mpi.c", "-O2", "-fopt-info-vec-optimized")
    assert marked.returncode == 0, marked.stderr
    assert f"rows.mpi.c:{line}:" in marked.stderr
    assert f"{MPI_FLAGS[0]} " in " ".join(marked.args)
    plain, _ = compile_generated(generated.source, "rows.mpi.c", "-O2", "-fno-openmp-simd", "-fopt-info-vec-optimized")
    assert f"rows.mpi.c:{line}:" not in plain.stderr
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message
    assert "-fopenmp-simd" in next(command for label, command in report.commands.items() if "parallel" in label)


GRAM_SCHMIDT = r"""
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

/* QR by modified Gram-Schmidt, in place: column k of V is normalized, then every later column loses its
   component along it */
static void orthonormalize(int rows, int cols, double V[rows][cols], double R[cols][cols])
{
  int i, j, k;
  double norm, dot;
  for (k = 0; k < cols; k++) {
    norm = 0.0;
    for (i = 0; i < rows; i++)
      norm += V[i][k] * V[i][k];
    R[k][k] = sqrt(norm);
    for (i = 0; i < rows; i++)
      V[i][k] = V[i][k] / R[k][k];
    for (j = k + 1; j < cols; j++) {
      dot = 0.0;
      for (i = 0; i < rows; i++)
        dot += V[i][k] * V[i][j];
      R[k][j] = dot;
      for (i = 0; i < rows; i++)
        V[i][j] -= dot * V[i][k];
    }
  }
  printf("j=%d k=%d\n", j, k);
}

int main(void)
{
  int rows = 150, cols = 100;
  double (*V)[rows][cols] = (double (*)[rows][cols])calloc((size_t)rows * cols, sizeof(double));
  double (*R)[cols][cols] = (double (*)[cols][cols])calloc((size_t)cols * cols, sizeof(double));
  for (int i = 0; i < rows; i++)
    for (int j = 0; j < cols; j++)
      (*V)[i][j] = 1.0 / (double)(i + j + 1) + (i == j ? 2.0 : 0.0);
  orthonormalize(rows, cols, *V, *R);
  for (int i = 0; i < rows; i += 7)
    printf("%.15e %.15e\n", (*V)[i][i % cols], (*V)[i][cols - 1]);
  for (int k = 0; k < cols; k += 9)
    printf("%.15e %.15e\n", (*R)[k][k], (*R)[k][cols - 1]);
  free(V); free(R);
  return 0;
}
"""


@pytest.mark.slow
def test_a_pivot_column_nest_deals_panels_of_columns_and_sends_the_pivot_column(tmp_path: Path,
                                                                                validate_generated) -> None:
    source = tmp_path / "mgs.c"
    source.write_text(GRAM_SCHMIDT)
    generated = generate_mpi(analyze_file(source))
    kernel = function_text(generated.source, "orthonormalize")
    plans = [p for p in generated.distributed if p.loop.function == "orthonormalize"]
    # one plan for the whole k loop: the j loop over this rank's panels of columns, column k of V and R sent
    # by its owner at the top of each step; before, the k loop and every loop in it stayed sequential
    assert [(p.loop.var, p.inner.var, p.pivots) for p in plans] == [("k", "j", ["R", "V"])]
    assert "for (j = s2p_panel_first((long)(k + 1)); j < (long)(cols); j = s2p_panel_next(j))" in kernel
    top = kernel.index("for (k = 0; k < cols; k++) {")
    assert kernel.index("s2p_bcast_column(&V[0][0]", top) < kernel.index("norm = 0.0;", top)
    assert "s2p_gather_panels(&V[0][0]" in kernel and "s2p_gather_panels(&R[0][0]" in kernel
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message


@pytest.mark.slow
def test_a_nest_that_reads_another_column_before_the_parallel_loop_stays_sequential(tmp_path: Path) -> None:
    # the norm also reads column k + 1, which its owner alone has up to date
    source = tmp_path / "mgs_next.c"
    source.write_text(GRAM_SCHMIDT.replace("norm += V[i][k] * V[i][k];", "norm += V[i][k] * V[i][k + 1];"))
    with pytest.raises(TransformationError, match=r"line 12: \[S2P201\]"):
        generate_mpi(analyze_file(source))


GRAM_MATRIX = r"""
#include <stdio.h>
#include <stdlib.h>

/* the scaled Gram matrix G = D^T D / (rows - 1) of a data table, upper triangle computed and mirrored; the
   k loop walks D down two columns */
static void gram(int rows, int cols, double scale, double D[rows][cols], double G[cols][cols])
{
  int i, j, k;
  for (i = 0; i < cols; i++)
    for (j = i; j < cols; j++) {
      G[i][j] = 0.0;
      for (k = 0; k < rows; k++)
        G[i][j] += D[k][i] * D[k][j];
      G[i][j] /= scale;
      G[j][i] = G[i][j];
    }
}

int main(void)
{
  int rows = 170, cols = 130;
  double (*D)[rows][cols] = (double (*)[rows][cols])calloc((size_t)rows * cols, sizeof(double));
  double (*G)[cols][cols] = (double (*)[cols][cols])calloc((size_t)cols * cols, sizeof(double));
  for (int k = 0; k < rows; k++)
    for (int j = 0; j < cols; j++)
      (*D)[k][j] = (double)((k * 5 + j * 3) % 17) / 17.0 - 0.4;
  gram(rows, cols, rows - 1.0, *D, *G);
  for (int i = 0; i < cols; i += 11)
    printf("%.17e %.17e\n", (*G)[i][cols - 1 - i], (*G)[cols - 1][i]);
  free(D); free(G);
  return 0;
}
"""


@pytest.mark.slow
def test_statements_after_a_column_walk_get_a_loop_of_their_own(tmp_path: Path, validate_generated) -> None:
    """`for j { X = 0; for k X += D[k][i]*D[k][j]; X /= s; mirror }` (covariance's shape): the k loop runs
    around the j loop, the statements after it in a j loop of their own, the mirror copy after the nest;
    the same updates in the same order, so the results are bit-identical."""
    source = tmp_path / "gram.c"
    source.write_text(GRAM_MATRIX)
    generated = generate_mpi(analyze_file(source))
    kernel = function_text(generated.source, "gram")
    assert re.search(r"for \(j = i; j < cols; j\+\+\) \{\s*G\[i\]\[j\] = 0\.0;\s*\}\s*"
                     r"for \(k = 0; k < rows; k\+\+\) if \(\(i\) < \(cols\)\) \{  /\* the j loop runs \*/\s*"
                     r"const double D_k_i = D\[k\]\[i\];\s*"
                     r"#pragma omp simd\s*for \(j = i; j < cols; j\+\+\)\s*"
                     r"G\[i\]\[j\] \+= D_k_i \* D\[k\]\[j\];\s*\} else j = i;\s*"
                     r"for \(j = i; j < cols; j\+\+\) \{\s*G\[i\]\[j\] /= scale;\s*\}\s*"
                     r"/\* seq2par: moved after the loop \(a mirror copy\) \*/", kernel), kernel
    assert "j/k loops interchanged" in kernel
    assert re.search(r"for \(j = i; j < cols; j\+\+\)\s*G\[j\]\[i\] = G\[i\]\[j\];", kernel)  # after the nest
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message
    assert all(entry.max_rel_error == 0 for entry in report.entries)


ROW_SUMS = r"""
#include <stdio.h>
#include <stdlib.h>

/* w += alpha A x, PolyBench gemver's last nest: nothing beside the j loop touches w[i] */
static void row_sums(int n, int m, double alpha, double A[n][m], double x[m], double w[n])
{
  int i, j;
  for (i = 0; i < n; i++)
    for (j = 0; j < m; j++)
      w[i] = w[i] + alpha * A[i][j] * x[j];
}

int main(void)
{
  int n = 310, m = 290;
  double (*A)[n][m] = (double (*)[n][m])calloc((size_t)n * m, sizeof(double));
  double (*x)[m] = (double (*)[m])calloc(m, sizeof(double));
  double (*w)[n] = (double (*)[n])calloc(n, sizeof(double));
  unsigned seed = 7;  /* filled by a recurrence: the kernel's j loop is the program's only SIMD loop */
  for (int i = 0; i < n; i++)
    for (int j = 0; j < m; j++) {
      seed = seed * 1103515245u + 12345u;
      (*A)[i][j] = (double)(seed % 31) / 9.0;
    }
  for (int j = 0; j < m; j++) {
    seed = seed * 1103515245u + 12345u;
    (*x)[j] = (double)(seed % 11) / 5.0 - 1.0;
  }
  row_sums(n, m, 1.5, *A, *x, *w);
  for (int i = 0; i < n; i += 17)
    printf("%.15e\n", (*w)[i]);
  free(A); free(x); free(w);
  return 0;
}
"""


@pytest.mark.slow
def test_an_element_summed_over_a_loop_that_may_not_run_is_held_under_a_guard(tmp_path: Path,
                                                                               validate_generated) -> None:
    source = tmp_path / "row_sums.c"
    source.write_text(ROW_SUMS)
    generated = generate_mpi(analyze_file(source))
    kernel = function_text(generated.source, "row_sums")
    assert re.search(r"if \(\(0\) < \(m\)\) \{  /\* the j loop runs \*/\s*double w_i = w\[i\];\s*"
                     r"#pragma omp simd reduction\(\+:w_i\)\s*for \(j = 0; j < m; j\+\+\)\s*"
                     r"w_i = w_i \+ alpha \* A\[i\]\[j\] \* x\[j\];\s*w\[i\] = w_i;\s*\} else j = 0;", kernel), kernel
    # the program's only `omp simd` line: the header still says how to build it
    assert "mpicc -O2 -fopenmp-simd" in generated.source[:generated.source.index("*/")]
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message


FILE_READ_BACK = r"""
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
  int n = 3000;
  double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), s = 0.0;
  FILE *f = fopen("MODE_FILE", "MODE");
  for (int i = 0; i < n; i++) fprintf(f, "%d\n", (i * 37) % 101);
  REOPEN
  for (int i = 0; i < n; i++) { int v; if (fscanf(f, "%d", &v) != 1) v = -1; a[i] = v; }
  fclose(f);
  for (int i = 0; i < n; i++) {
    double x = 0.0;
    for (int k = 0; k < 200; k++) x += sqrt(a[i] + k);
    b[i] = x;
  }
  for (int i = 0; i < n; i++) s += b[i];
  printf("%.6f\n", s);
  remove("MODE_FILE");
  free(a); free(b);
  return 0;
}
"""


def test_a_file_written_then_read_back_is_read_after_rank_0_wrote_it(tmp_path: Path, validate_generated) -> None:
    """Only rank 0 writes files; the other ranks read the file back as soon as they reached the fopen, while
    rank 0 could still be writing it (a review saw -nan at np=2). Opening for reading after a file was
    opened for writing now waits for every rank (rank 0 has closed what it wrote by then). A file opened
    for reading and writing (`w+`) cannot be read back on the other ranks: refused."""
    source = tmp_path / "readback.c"
    source.write_text(FILE_READ_BACK.replace("MODE_FILE", str(tmp_path / "numbers.txt")).replace('"MODE"', '"w"')
                      .replace("REOPEN", 'fclose(f); f = fopen("' + str(tmp_path / "numbers.txt") + '", "r");'))
    generated = generate_mpi(analyze_file(source))
    assert "MPI_Barrier(MPI_COMM_WORLD);" in generated.source[generated.source.index("s2p_fopen"):]
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message
    both = tmp_path / "both.c"
    both.write_text(FILE_READ_BACK.replace("MODE_FILE", str(tmp_path / "both.txt")).replace('"MODE"', '"w+"')
                    .replace("REOPEN", "rewind(f);"))
    with pytest.raises(TransformationError, match="reading and writing"):
        generate_mpi(analyze_file(both))


COLUMN_PASS_OVER_SHARED_ARRAYS = r"""
#include <stdio.h>
#define N 300
#define M 300
double A[N][M], B[N][M], c[M];
int main(void)
{
    for (int i = 0; i < N; i++) for (int j = 0; j < M; j++) A[i][j] = (i + 2 * j) % 11 + 1.0;
    for (int j = 0; j < M; j++) c[j] = j + 1.0;
    for (int j = 0; j < M; j++) for (int i = 0; i < N; i++) B[i][j] = A[i][j] / c[j];
    double s = 0; for (int i = 0; i < N; i++) for (int j = 0; j < M; j++) s += B[i][j] * ((i + j) % 7);
    printf("%.17g\n", s);
    return 0;
}
"""


def test_a_column_pass_interchanged_over_shared_arrays_builds(tmp_path: Path, validate_generated) -> None:
    """`for j for i B[i][j] = A[i][j] / c[j]` over file-scope arrays: the interchange put `#pragma omp simd` on
    the new inner loop and the sharing hint put `S2P_IVDEP` between it and its `for` ("for statement
    expected before '#pragma'": exit 5, and --no-validate wrote a program that did not build)."""
    source = tmp_path / "columns.c"
    source.write_text(COLUMN_PASS_OVER_SHARED_ARRAYS)
    generated = generate_mpi(analyze_file(source)).source
    assert "#pragma omp simd\n  S2P_IVDEP" not in generated
    report = validate_generated(source, generated)
    assert report.status == "equal", report.message


@pytest.mark.parametrize("pragma", ["#pragma omp simd", "#pragma GCC ivdep", "#pragma GCC unroll 4"])
def test_a_distributed_loop_keeps_its_own_pragma_next_to_it(tmp_path: Path, validate_generated, pragma: str) -> None:
    """A loop the source gives `#pragma omp simd` (or `GCC ivdep`, `GCC unroll 4`) got the distribution's
    opening `{ ...` between the pragma and its `for` ("for statement expected before '{'")."""
    source = tmp_path / "hint.c"
    source.write_text("#include <stdio.h>\n#define N 400\n#define M 300\ndouble a[N][M];\nint main(void)\n{\n"
                      "    for (int i = 0; i < N; i++)\n"
                      "        for (int j = 0; j < M; j++) a[i][j] = (i * 3 + j) % 11;\n"
                      f"    {pragma}\n    for (int j = 0; j < M; j++) a[0][j] = -1;\n"
                      "    double t = 0;\n    for (int i = 0; i < N; i++) for (int j = 0; j < M; j++) t += a[i][j];\n"
                      '    printf("%.17g\\n", t);\n    return 0;\n}\n')
    report = validate_generated(source, generate_mpi(analyze_file(source)).source)
    assert report.status == "equal", report.message


ROWS_IN_TIME = r"""
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv)
{
  int n = argc > 1 ? atoi(argv[1]) : 300, m = argc > 2 ? atoi(argv[2]) : 200;
  double *a = calloc((size_t)n * m + 16, sizeof(double)), *b = calloc((size_t)n * m + 16, sizeof(double));
  for (int t = 0; t < 5; t++) {
    for (int i = 0; i < n; i++)
      for (int j = 0; j < m; j++)
        a[i * m + j] = b[i * m + j] * 0.5 + i - j + t + 1.0 / (1.0 + i + j);
    for (int i = 0; i < n; i++)
      for (int j = 0; j < m; j++)
        b[i * m + j] = a[i * m + j] + 1.0;
  }
  double s = 0;
  for (long k = 0; k < (long)n * m; k++)
    s += b[k] * (k % 7);
  printf("%.10e\n", s);
  free(a); free(b);
  return 0;
}
"""


def test_a_gather_past_an_int_count_goes_in_pieces(tmp_path: Path, validate_generated) -> None:
    """A gather of more elements than an int counts (a 3.3e9-byte array: MPI_Allgatherv's int displacements
    overflowed) travels rank by rank in pieces. The limits are macros: built here with a 100-element count
    and 40-byte pieces, every gather of this program takes that path."""
    source = tmp_path / "rows.c"
    source.write_text(ROWS_IN_TIME)
    generated = generate_mpi(analyze_file(source))
    assert "s2p_gather" in generated.source and "#define S2P_MAX_COUNT" in generated.source
    report = validate_generated(source, generated.source, flags=("-DS2P_MAX_COUNT=100", "-DS2P_PIECE=40"))
    assert report.status == "equal", report.message


AT_EXIT = r"""
#include <stdio.h>
#include <stdlib.h>
#define N 400000
double a[N];
static void report(void) { double s = 0; for (int i = 0; i < N; i += 1000) s += a[i]; printf("report %.6f\n", s); }
int main(int argc, char **argv) {
  int verbose = argc > 1 ? atoi(argv[1]) : 0, fail = argc > 2 ? atoi(argv[2]) : 0;
  if (verbose) atexit(report);
  for (int i = 0; i < N; i++) a[i] = (i % 13) * 1.5;
  for (int i = 0; i < N; i++) a[i] = a[i] * a[i] + 1.0;
  if (fail) exit(3);
  printf("a0 %.3f\n", a[0]);
  return 0;
}
"""

DESTRUCTOR = r"""
#include <cstdio>
#define N 400000
double a[N];
struct Reporter {
  bool on;
  explicit Reporter(bool o) : on(o) {}
  ~Reporter() {
    if (on) { double s = 0; for (int i = 0; i < N; i += 1000) s += a[i]; std::printf("report %.6f\n", s); }
  }
};
int main(int argc, char **) {
  Reporter rep(argc > 1);
  for (int i = 0; i < N; i++) a[i] = (i % 13) * 1.5;
  for (int i = 0; i < N; i++) a[i] = a[i] * a[i] + 1.0;
  std::printf("a0 %.3f\n", a[0]);
  return 0;
}
"""


AT_EXIT_IN_A_CALLEE = AT_EXIT.replace(
    "int main(", "static void finish(int code) { if (code) exit(code); }\nint main(").replace(
    "if (fail) exit(3);", "finish(fail);")


@pytest.mark.parametrize("name, program", [("atexit.c", AT_EXIT), ("destructor.cpp", DESTRUCTOR),
                                           ("callee.c", AT_EXIT_IN_A_CALLEE)])
def test_arrays_are_whole_for_code_that_runs_at_exit(name: str, program: str, tmp_path: Path,
                                                     compile_generated) -> None:
    """Review of MPI program mode: an `atexit` handler (registered when argv asks), a C++ destructor of a
    local of main and an `exit()` after the loops read `a` after main's last statement; nothing was
    gathered there, so rank 0 summed its own block (25710 for 51049), and the default run validated."""
    from seq2par.validators import find_mpi

    source = tmp_path / name
    source.write_text(program)
    generated = generate_mpi(analyze_file(source))
    built, binary = compile_generated(generated.source, "par" + source.suffix)
    assert built.returncode == 0, built.stderr
    compiler = "g++" if name.endswith(".cpp") else "gcc"
    subprocess.run([compiler, "-O2", str(source), "-o", str(tmp_path / "seq")], check=True)
    toolchain = find_mpi(cxx=False)
    for args, shared in itertools.product((["1"], ["1", "1"], ["0", "1"]), ("1", "0")):
        expected = subprocess.run([str(tmp_path / "seq"), *args], capture_output=True, text=True)
        got = subprocess.run(toolchain.launch_command(3, [str(binary), *args]), capture_output=True, text=True,
                             stdin=subprocess.DEVNULL, timeout=120, env={**os.environ, "S2P_SHARED": shared})
        assert (got.stdout, got.returncode) == (expected.stdout, expected.returncode), \
            (args, shared, got.stderr[-800:])


def test_a_vector_of_structs_is_refused_for_what_it_is(tmp_path: Path) -> None:
    """Review of MPI program mode: `std::vector<Body>` (Body a struct of three doubles in the file) was
    refused as "neither a basic C type nor a struct of them defined in this file", which it is."""
    source = tmp_path / "bodies.cpp"
    source.write_text("#include <cstdio>\n#include <vector>\nstruct Body { double x, v, f; };\n"
                      "int main() {\n  std::vector<Body> b(200000);\n"
                      "  for (int i = 0; i < 200000; i++) { b[i].x = i * 0.5; b[i].v = 1.0; b[i].f = 0.0; }\n"
                      "  std::printf(\"%f\\n\", b[7].x);\n  return 0;\n}\n")
    with pytest.raises(TransformationError) as refused:
        generate_mpi(analyze_file(source))
    assert "`b` is a std::vector of `Body`" in str(refused.value), str(refused.value)
