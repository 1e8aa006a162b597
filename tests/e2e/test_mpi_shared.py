"""Node-shared arrays: which arrays the MPI generator puts in one shared-memory copy per node, and that the
programs stay equal to the original both with the shared copy and with the private fallback (the path taken
when ranks span several nodes, forced here with S2P_SHARED=0)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_file
from seq2par.generators.mpi import generate_mpi

ROOT = Path(__file__).resolve().parents[2]

# Global 2-D arrays with boundary rows no loop writes (they must read as zero), a stencil in a time loop
# (halo reads of other ranks' rows), a sequential read of single elements, and a malloc'ed vector.
STENCIL = r"""
#include <stdio.h>
#include <stdlib.h>
#define N 300
static double u[N][N], un[N][N];
static double edge[N];
int main(void) {
    double *w = malloc(sizeof(double) * N);
    if (w == NULL)
        return 1;
    for (int i = 1; i < N - 1; i++)
        for (int j = 0; j < N; j++)
            u[i][j] = (i * 31 + j * 17) % 100 * 0.01;
    for (int t = 0; t < 40; t++) {
        for (int i = 1; i < N - 1; i++)
            for (int j = 1; j < N - 1; j++)
                un[i][j] = 0.25 * (u[i - 1][j] + u[i + 1][j] + u[i][j - 1] + u[i][j + 1]);
        for (int i = 1; i < N - 1; i++)
            for (int j = 1; j < N - 1; j++)
                u[i][j] = un[i][j] + 0.001 * un[N - 1 - i][j];
        double corner = u[1][1] + u[N - 2][N - 2];
        for (int i = 0; i < N; i++) {  /* an inner loop: light loops inside the time loop stay sequential */
            double acc = 0.0;
            for (int k = 0; k < 4; k++)
                acc += corner * (i + k);
            w[i] = acc;
        }
    }
    for (int i = 0; i < N; i++)
        edge[i] = u[0][i] + u[N - 1][i] + w[N - 1 - i];
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += edge[i] * (i % 7) + u[i][i];
    printf("%.12e %.12e\n", s, w[N - 1]);
    free(w);
    return 0;
}
"""

# Arrays that must stay private: one stored by sequential code, one handed to a function, one reduced;
# c qualifies (stored by its owners, read reversed: a gather).
NOT_SHARED = r"""
#include <stdio.h>
#define N 200000
static double a[N], b[N], c[N];
static int hist[16];
static double total(const double *v) { double s = 0; for (int i = 0; i < N; i++) s += v[i]; return s; }
int main(void) {
    for (int i = 0; i < N; i++) { a[i] = i * 0.5; b[i] = i % 3; c[i] = 1.0 / (i + 1); }
    a[0] = 7.0;
    for (int i = 0; i < N; i++) hist[i % 16] += 1;
    double r = 0.0;
    for (int i = 0; i < N; i++) r += c[N - 1 - i] * (i % 5);
    printf("%.6e %.6e %.6e %d\n", a[N / 2] + a[0], total(b), r, hist[3]);
    return 0;
}
"""


def _main_body(source: str) -> str:
    return source[source.index("int main"):]


def test_arrays_stored_only_by_their_owners_are_shared() -> None:
    spmv = generate_mpi(analyze_file(ROOT / "examples/c/spmv_csr.c", use_libclang=False))
    body = _main_body(spmv.source)
    # x is stored only by distributed loops and gathered every step; y is stored the same way but each rank
    # only ever reads its own rows (nothing to share); the CSR arrays are built by sequential loops
    assert re.search(r"double \*x = s2p_shared_malloc\(", body)
    assert "double *y = malloc(" in body
    assert "int *row_start = malloc(" in body and "int *col = malloc(" in body
    assert "s2p_shared_free(x);" in body and "free(row_start);" in body
    # every distributed loop that stores into a shared array first waits for the ranks still reading it
    for loop in re.finditer(r"\{ /\* seq2par: distributed over MPI ranks.*?\n(.*?)\n\s*for \(", body, re.S):
        if "x[i] =" in body[loop.end():loop.end() + 200].split("}")[0]:
            assert "s2p_before_write(x);" in loop.group(1)

    matmul = generate_mpi(analyze_file(ROOT / "examples/c/matmul.c", use_libclang=False)).source
    assert "static double (*b)[N];" in matmul
    assert "b = (double (*)[N])s2p_shared_alloc(sizeof(*b) * (size_t)(N), 1);" in matmul


def test_arrays_other_code_stores_into_stay_private(tmp_path: Path) -> None:
    """Also: an array each rank reads only in its own rows is not shared (nothing to exchange)."""
    source = tmp_path / "private.c"
    source.write_text(NOT_SHARED)
    generated = generate_mpi(analyze_file(source, use_libclang=False)).source
    assert "static double a[N], b[N], (*c);" not in generated  # the declarator edit keeps the others
    assert "static double a[N], b[N], *c;" in generated
    assert "static int hist[16];" in generated
    assert "c = (double *)s2p_shared_alloc(" in generated


@pytest.mark.parametrize("shared", ["1", "0"])
def test_shared_and_private_fallback_both_match_the_original(shared: str, tmp_path: Path, validate_generated,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("S2P_SHARED", shared)
    source = tmp_path / "stencil.c"
    source.write_text(STENCIL)
    generated = generate_mpi(analyze_file(source, use_libclang=False))
    body = _main_body(generated.source)
    assert "static double (*u)[N], (*un)[N];" in generated.source
    assert "double *w = s2p_shared_malloc(" in body
    assert "s2p_exchange_halo(&u[0][0]" in body  # the halo exchange is still there for the private path
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message


GUARDED = {
    # stores hidden in a macro body are invisible to the analysis
    "macro.c": r"""
#include <stdio.h>
#define N 100000
#define SET(i, v) (a[i] = (v))
static double a[N];
int main(void) {
    for (int i = 0; i < N; i++) a[i] = i * 0.5;
    SET(0, 3.0);
    double s = 0.0;
    for (int i = 0; i < N; i++) s += a[N - 1 - i] * (i % 3);
    printf("%.6e\n", s);
    return 0;
}
""",
    # a second (tentative) definition would keep the array type next to the pointer
    "redeclared.c": r"""
#include <stdio.h>
#define N 100000
static double a[N];
static double a[N];
int main(void) {
    for (int i = 0; i < N; i++) a[i] = i * 0.5;
    double s = 0.0;
    for (int i = 0; i < N; i++) s += a[N - 1 - i] * (i % 3);
    printf("%.6e\n", s);
    return 0;
}
""",
    # a lambda runs wherever it is called, not where it is written
    "lambda.cpp": r"""
#include <cstdio>
#include <cstdlib>
constexpr int N = 100000;
int main() {
    double *a = static_cast<double *>(std::malloc(sizeof(double) * N));
    if (a == nullptr) return 1;
    auto reset = [&]() { a[0] = 3.0; };
    for (int i = 0; i < N; i++) a[i] = i * 0.5;
    reset();
    double s = 0.0;
    for (int i = 0; i < N; i++) s += a[N - 1 - i] * (i % 3);
    std::printf("%.6e\n", s);
    std::free(a);
    return 0;
}
""",
    # stores through an element's address, a reference parameter, std::swap, a method the analysis does not
    # see (found by review: each made every rank apply the same update to the one shared copy)
    "address.c": r"""
#include <stdio.h>
#define N 4000
double x[N];
void inc(double *p) { *p += 1.0; }
int main(void) {
    for (int i = 0; i < N; i++) x[i] = 2.0 * i;
    double m = 0.0;
    for (int k = 0; k < N; k++) m = m * 0.5 + x[k];
    inc(&x[5]);
    double s = 0.0;
    for (int i = 0; i < N; i++) s += x[i];
    printf("%f %f %f\n", m, s, x[5]);
    return 0;
}
""",
    "reference.cpp": r"""
#include <cstdio>
#include <utility>
#define N 4000
double x[N];
void bump(double &v) { v += 1.0; }
int main() {
    for (int i = 0; i < N; i++) x[i] = 2.0 * i;
    double m = 0.0;
    for (int k = 0; k < N; k++) m = m * 0.5 + x[k];
    std::swap(x[0], x[N - 1]);
    bump(x[7]);
    double s = 0.0;
    for (int i = 0; i < N; i++) s += x[i] * (i % 3);
    printf("%f %f %f %f\n", m, s, x[0], x[7]);
    return 0;
}
""",
    "method.cpp": r"""
#include <cstdio>
#define N 4000
double x[N];
struct Bumper {
    void bump(int k) { x[k] += 1.0; }
};
int main() {
    Bumper b;
    for (int i = 0; i < N; i++) x[i] = 2.0 * i;
    double m = 0.0;
    for (int k = 0; k < N; k++) m = m * 0.5 + x[k];
    b.bump(7);
    double s = 0.0;
    for (int i = 0; i < N; i++) s += x[i] * (i % 3);
    printf("%f %f %f\n", m, s, x[7]);
    return 0;
}
""",
    # C++ lvalues that carry an element elsewhere (second review): comma, conditional, a reference member
    "lvalue_wrappers.cpp": r"""
#include <cstdio>
#define N 4000
double x[N];
struct Alias { double &r = x[4]; };
int main() {
    for (int i = 0; i < N; i++) x[i] = 2.0 * i;
    double m = 0.0;
    for (int k = 0; k < N; k++) m = m * 0.5 + x[k];
    (m, x[1]) += 1.0;
    (m > 0 ? x[2] : x[3]) = 7.0;
    Alias a;
    a.r += 1.0;
    double s = 0.0;
    for (int i = 0; i < N; i++) s += x[i] * (i % 3);
    printf("%f %f %f %f\n", m, s, x[1], x[2]);
    return 0;
}
""",
    # a row's address escapes: stores through it are not stores into `a` for the analysis
    "row_pointer.c": r"""
#include <stdio.h>
#define N 600
static double a[N][N];
int main(void) {
    for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) a[i][j] = i + 0.5 * j;
    double m = 0.0;
    for (int k = 0; k < N; k++) m = m * 0.5 + a[N - 1 - k][k];
    double *row = a[3];
    row[4] += 1.0;
    printf("%f %f\n", m, a[3][4]);
    return 0;
}
""",
}


@pytest.mark.parametrize("name", sorted(GUARDED))
def test_arrays_reached_in_ways_the_analysis_cannot_see_stay_private(name: str, tmp_path: Path) -> None:
    source = tmp_path / name
    source.write_text(GUARDED[name])
    generated = generate_mpi(analyze_file(source, use_libclang=False)).source
    assert "One copy per node" not in generated, generated[:1500]


NEVER_FREED = r"""
#include <stdio.h>
#include <stdlib.h>
#define N 4000
int main(void) {
    double *x = malloc(sizeof(double) * N);
    for (int i = 0; i < N; i++) x[i] = 2.0 * i;
    double m = 0.0;
    for (int k = 0; k < N; k++) m = m * 0.5 + x[k];
    printf("%f\n", m);
    return 0;
}
"""


@pytest.mark.parametrize("name", ["c/spmv_csr.c", "c/matmul.c", "c/nbody.c", "never_freed.c"])
def test_shared_runtime_compiles_without_warnings(name: str, tmp_path: Path, compile_generated) -> None:
    """Only the runtime helpers a program uses are emitted (review: unused shared-memory helpers broke
    builds with -Wall -Werror, also when a shared heap array is never freed)."""
    path = ROOT / "examples" / name
    if name == "never_freed.c":
        path = tmp_path / name
        path.write_text(NEVER_FREED)
    generated = generate_mpi(analyze_file(path, use_libclang=False)).source
    assert "One copy per node" in generated
    done, _ = compile_generated(generated, "prog.mpi.c", "-Wall", "-Werror", "-O2")
    assert done.returncode == 0, done.stderr


def test_loops_over_shared_global_arrays_stay_vectorized(compile_generated) -> None:
    """Regression: matmul's `b` became a pointer into the shared window, GCC -O2 could no longer tell it from
    `c`, and left the j loop scalar where the original was vectorized (2.7x slower at one rank). The j loop
    now runs in SIMD lanes (`#pragma omp simd`, which says more than the S2P_IVDEP hint it replaces there);
    the hint is left where no such pragma goes and every indexed array was a true array in the original:
    spmv's malloc'ed arrays were pointers there too, so they get none."""
    generated = generate_mpi(analyze_file(ROOT / "examples/c/matmul.c", use_libclang=False)).source
    lines = generated.splitlines()
    product = next(k for k, line in enumerate(lines) if "c[i][j] += aik * b[k][j];" in line)
    assert lines[product - 2].strip() == "#pragma omp simd", lines[product - 3:product + 1]
    done, _ = compile_generated(generated, "matmul.mpi.c", "-O2", "-fopt-info-vec-optimized", "-c")
    assert done.returncode == 0, done.stderr
    # the j loop (gcc names the line of its body, 1-based, for a loop under `omp simd`)
    assert f"matmul.mpi.c:{product + 1}:" in done.stderr, done.stderr

    spmv = generate_mpi(analyze_file(ROOT / "examples/c/spmv_csr.c", use_libclang=False)).source
    assert "One copy per node" in spmv and "S2P_IVDEP" not in spmv


def test_no_hint_between_a_pragma_and_its_loop(tmp_path: Path, compile_generated) -> None:
    """Review: the hint went between `#pragma omp simd` and its `for`, which does not compile."""
    loop = "            for (int j = 0; j < N; j++) { /* expect: parallel */\n                c[i][j] += aik"
    source = (ROOT / "examples/c/matmul.c").read_text().replace(loop, "#pragma omp simd\n" + loop)
    assert "#pragma omp simd" in source
    path = tmp_path / "simd.c"
    path.write_text(source)
    generated = generate_mpi(analyze_file(path, use_libclang=False)).source
    assert "#pragma omp simd\n            for (int j" in generated
    # the initialisation loop gets its own pragma, the user's loop keeps the user's alone
    assert generated.count("#pragma omp simd\n") == 2 and "S2P_IVDEP" not in generated
    done, _ = compile_generated(generated, "simd.mpi.c", "-fopenmp", "-O2", "-c")
    assert done.returncode == 0, done.stderr
