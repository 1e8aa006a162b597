"""A nest of unknown size that runs many times (inside a sequential loop, or in a function some loop calls)
starts a parallel region each time: NPB FT's butterfly `for k < lk { for j < ny }` inside the FFT's pass
loop, lk = 1, 2, 4, ..., ran the whole program 10x slower than the original at 2 threads. Such a nest now
runs in parallel only when its trip counts multiply to enough work, and as written otherwise (a flat loop
of unknown length inside a sequential loop had that guard already)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.generators.openmp import generate_openmp
from tests.generators.test_openmp import same_output_at_threads

BUTTERFLY = r"""
#include <stdio.h>
#define NX 512
#define BLOCK 64
static double x[NX][BLOCK], y[NX][BLOCK];
static void pass(int lk, int ny, int li) {
    for (int i = 0; i < li; i++) {
        int i11 = i * lk, i21 = 2 * i * lk;
        for (int k = 0; k < lk; k++)
            for (int j = 0; j < ny; j++)
                y[i21 + k][j] = x[i11 + k][j] * 0.5 + y[i21 + k][j];
        x[i11][0] += y[i21][1];
    }
}
int main(void) {
    for (int r = 0; r < NX; r++)
        for (int c = 0; c < BLOCK; c++) x[r][c] = (r * 7 + c) % 13;
    double s = 0;
    for (int rep = 0; rep < 3; rep++)
        for (int lk = 1; lk <= NX / 4; lk *= 2) {
            pass(lk, BLOCK, NX / (2 * lk));
            s += y[lk][3] + x[lk][0];
        }
    printf("%.3f\n", s);
    return 0;
}
"""

GUARD = "(double)lk * (double)ny * 3 >= 4096.0"  # (12 accesses an innermost iteration: 3 units of work)


def _plan(source: str, var: str):
    generated = generate_openmp(analyze_source(source, "fft.c"))
    return generated, next(plan for plan in generated.parallel if plan.loop.var == var)


def test_a_nest_of_unknown_size_in_a_sequential_loop_runs_in_parallel_only_with_enough_work() -> None:
    generated, plan = _plan(BUTTERFLY, "k")
    assert plan.guard == GUARD, plan
    parallel, original = generated.source.split(f"if ({GUARD}) {{", 1)[1].split("} else {", 1)
    assert "#pragma omp parallel for" in parallel
    assert "#pragma omp" not in original.split("x[i11][0]")[0] and "for (int k = 0; k < lk; k++)" in original


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_both_branches_print_what_the_original_prints(tmp_path: Path) -> None:
    """lk = 1 .. 128 over 64 columns: the small passes run the original loop, lk >= 64 the parallel one."""
    same_output_at_threads(tmp_path, BUTTERFLY, _plan(BUTTERFLY, "k")[0].source, ("1", "2", "3"))


def test_a_bound_that_an_iteration_changes_gives_no_guard() -> None:
    """`m`, private to each k, is not known before the nest: planned as before, without a guard."""
    source = BUTTERFLY.replace("for (int j = 0; j < ny; j++)", "for (int j = 0; j < m; j++)").replace(
        "        for (int k = 0; k < lk; k++)\n",
        "        for (int k = 0; k < lk; k++) {\n            int m = ny - k % 2;\n",
    ).replace("+ y[i21 + k][j];\n", "+ y[i21 + k][j];\n        }\n")
    _, plan = _plan(source, "k")
    assert plan.guard == ""


def test_a_nest_of_a_function_called_inside_two_loops_is_guarded_and_under_one_loop_is_not() -> None:
    """Two loops around the calls: a region per iteration of both (guarded). One: a region per iteration of
    one loop, like NPB BT's block solvers once per time step, whose few heavy iterations (5x5 blocks) the
    count of iterations would misjudge (the guard sent them to one thread: 2.0x -> 0.9x). Unguarded, as
    before."""
    copy = r"""
static double a[256][64], b[256][64];
static void copy(int n, int m) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) b[i][j] = a[i][j];
}
static void step(int n) { copy(n, 64); }
int main(void) {
    for (int t = 0; t < 10; t++)
        for (int r = 0; r < 3; r++) step(256);
    return (int)b[3][3];
}
"""
    _, plan = _plan(copy, "i")
    assert plan.guard == "(double)n * (double)m * 1.5 >= 4096.0", plan
    _, plan = _plan(copy.replace("for (int r = 0; r < 3; r++) step(256);", "step(256);"), "i")
    assert plan.guard == ""
    in_a_loop = copy.replace("for (int i = 0; i < n; i++)\n",
                             "for (int s = 0; s < 2; s++)\n    for (int i = 0; i < n; i++)\n")
    _, plan = _plan(in_a_loop.replace("for (int r = 0; r < 3; r++) step(256);", "step(256);"), "i")
    assert plan.guard != ""


def test_a_nest_of_known_size_gets_no_guard() -> None:
    source = BUTTERFLY.replace("for (int k = 0; k < lk; k++)", "for (int k = 0; k < 64; k++)").replace(
        "for (int j = 0; j < ny; j++)", "for (int j = 0; j < 64; j++)")
    _, plan = _plan(source, "k")
    assert plan.guard == ""


@pytest.mark.parametrize("bound", ["WIDTH(ny)", "count(ny)"])
def test_a_bound_that_may_call_something_gives_no_guard(bound: str) -> None:
    """Read before the nest, a bound that calls a function would call it once more, and a function-like
    macro may hide a call (this one does not: the rule does not look inside)."""
    source = BUTTERFLY.replace("for (int j = 0; j < ny; j++)", f"for (int j = 0; j < {bound}; j++)").replace(
        "static void pass", "static int count(int n) { return n; }\n"
        "#define WIDTH(n) (n)\nstatic void pass")
    _, plan = _plan(source, "k")
    assert plan.guard == ""


def test_calls_that_come_back_around_are_counted_once() -> None:
    """`even` and `odd` call each other inside loops: counting the loops around `odd`'s calls ends, and a
    function that calls itself back through another may run any number of times: its nest is guarded."""
    source = r"""
static double g[128][128];
static void odd(int n, int d);
static void even(int n, int d) {
    for (int r = 0; r < 2; r++)
        if (d > 0) odd(n, d - 1);
}
static void odd(int n, int d) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) g[i][j] += 1.0;
    for (int r = 0; r < 2; r++)
        if (d > 0) even(n, d - 1);
}
int main(void) {
    even(128, 4);
    return (int)g[1][1];
}
"""
    _, plan = _plan(source, "i")
    assert plan.guard.endswith(">= 4096.0"), plan


# Shapes a review found (2026-12-07): the first version read every inner bound before the nest.
UNDER_AN_IF = r"""
#include <stdio.h>
#include <stdlib.h>
struct S { int m; };
double a[64][64];
static void f(int n, const struct S *restrict p, int d) {
    for (int i = 0; i < n; i++) {
        if (p != NULL)
            for (int j = 0; j < p->m; j++)
                a[i][j] += i * 0.5 + j;
    }
    for (int i = 0; i < n; i++) {
        if (d != 0)
            for (int j = 0; j < 64 / d; j++)
                a[i][j] += 1.0;
    }
}
int main(int argc, char **argv) {
    int none = argc > 1 ? atoi(argv[1]) : 1;
    struct S s = {64};
    for (int r = 0; r < 3; r++)
        for (int q = 0; q < 4; q++)
            f(64, none ? NULL : &s, none ? 0 : 2);
    double t = 0;
    for (int i = 0; i < 64; i++) for (int j = 0; j < 64; j++) t += a[i][j];
    printf("%.3f\n", t);
    return 0;
}
"""


def test_an_inner_bound_the_nest_may_never_read_is_not_read_by_a_guard() -> None:
    """`p->m` under `if (p != NULL)`, `64 / d` under `if (d != 0)`: a guard reading them before the nest
    crashed where the original reads neither (SIGSEGV, SIGFPE). Only chains of loops, each the whole body of
    the one above, get a guard, and each level's bounds are read after the levels above are known to run."""
    generated = generate_openmp(analyze_source(UNDER_AN_IF, "under_if.c"))
    assert [plan.guard for plan in generated.parallel if plan.loop.function == "f"] == ["", ""]


@pytest.mark.parametrize("before", ["enum { M = 64 };", "typedef int M;", "extern int M;", "int M = 64;"])
def test_a_name_declared_above_an_inner_loop_is_not_read_by_a_guard(before: str) -> None:
    """`enum { M = 64 };` (or a typedef, an extern) before the inner loop: the guard named M outside its
    scope and the program did not build."""
    bound = "(int)sizeof(M) * 16" if before.startswith("typedef") else "M"
    source = BUTTERFLY.replace("        for (int k = 0; k < lk; k++)\n",
                               f"        for (int k = 0; k < lk; k++) {{\n            {before}\n").replace(
        "for (int j = 0; j < ny; j++)", f"for (int j = 0; j < {bound}; j++)").replace(
        "+ y[i21 + k][j];\n", "+ y[i21 + k][j];\n        }\n")
    generated = generate_openmp(analyze_source(source.replace("static double x", "int M = 64;\nstatic double x"),
                                               "declared.c"))
    assert all(plan.guard == "" for plan in generated.parallel if plan.loop.function == "pass"), generated.source


def test_every_level_counts_and_the_guard_reads_plain_values_only() -> None:
    """A second review: bounds read through a pointer, an array, a header's macro or an overloaded operator
    could fault or not build where the nest never reads them (an unsigned bound made a middle level look
    non-empty). The guard now reads only plain scalars, integer macros and literals, as doubles."""
    source = BUTTERFLY.replace("for (int k = 0; k < lk; k++)", "for (int k = 0; k < lk; k++)\n"
                               "            for (int h = 0; h < li; h++)")
    generated, plan = _plan(source, "k")
    assert plan.guard == "(double)lk * (double)li * (double)ny * 3 >= 4096.0", plan.guard


COLUMNS = r"""
#include <stdio.h>
#define M 300
static double A[M][M], B[M][M];
static void trmm(int m, int n, double alpha) {
    for (int k = 0; k < m; k++)
        for (int j = 0; j < n; j++) {
            for (int i = k + 1; i < m; i++)
                B[k][j] += A[i][k] * B[i][j];
            B[k][j] = alpha * B[k][j];
        }
}
int main(void) {
    for (int i = 0; i < M; i++) for (int j = 0; j < M; j++) { A[i][j] = ((i * j) % 7) / 7.0; B[i][j] = (i + j) % 5; }
    for (int r = 0; r < 2; r++) trmm(M, M, 0.999);
    double s = 0;
    for (int i = 0; i < M; i++) for (int j = 0; j < M; j++) s += B[i][j];
    printf("%.6e\n", s);
    return 0;
}
"""


def test_a_column_nest_keeps_its_one_region_around_the_sequential_loop() -> None:
    """The j loop under the sequential k loop is a column nest: one region around the k loop, the j loop
    shared out in it. The guard took that plan away (a region per k: 2.2 s -> 22 s at 2 threads)."""
    generated = generate_openmp(analyze_source(COLUMNS, "columns.c"))
    [plan] = [plan for plan in generated.parallel if plan.loop.function == "trmm"]
    assert plan.around is not None and plan.guard == "", plan



@pytest.mark.parametrize("bound", ["p->m", "len[0]", "ROWLEN", "m++", "(m = 64)", "*q"])
def test_a_bound_that_is_not_a_plain_value_gives_no_guard(bound: str) -> None:
    source = BUTTERFLY.replace("for (int j = 0; j < ny; j++)", f"for (int j = 0; j < {bound}; j++)").replace(
        "static void pass(int lk, int ny, int li) {",
        "struct S { int m; };\nstatic int len[1] = {64};\n#define ROWLEN (len[0])\n"
        "static void pass(int lk, int ny, int li) {\n    struct S s = {ny}, *p = &s; int m = ny; int *q = &m;")
    generated = generate_openmp(analyze_source(source, "plain.c"))
    assert all(plan.guard == "" for plan in generated.parallel if plan.loop.function == "pass"), generated.source


def test_an_outer_start_with_an_effect_is_not_read_twice() -> None:
    source = BUTTERFLY.replace("for (int k = 0; k < lk; k++)", "for (int k = base++; k < lk; k++)").replace(
        "static void pass", "static int base;\nstatic void pass")
    generated = generate_openmp(analyze_source(source, "effect.c"))
    assert all(plan.guard == "" for plan in generated.parallel if plan.loop.function == "pass")


def test_a_nest_across_preprocessor_lines_gets_no_copy() -> None:
    """`#else`/`#endif` inside the nest: the parsed text has them blanked, the copy would not."""
    source = BUTTERFLY.replace("            for (int j = 0; j < ny; j++)\n",
                               "#ifdef ALT\n            for (int j = 0; j < ny - 1; j++)\n#else\n"
                               "            for (int j = 0; j < ny; j++)\n#endif\n")
    generated = generate_openmp(analyze_source(source, "ifdef.c"))
    assert "} else {" not in generated.source


def test_heavy_iterations_count_as_more_work() -> None:
    """48 x 48 iterations of a long body (a review's program: 1.31 s on one thread of the guarded copy
    against 0.19 s in parallel): each innermost iteration weighs its accesses / WORK_ACCESSES."""
    body = " + ".join(f"x[i11 + k][(j + {d}) % 64]" for d in range(40))
    source = BUTTERFLY.replace("y[i21 + k][j] = x[i11 + k][j] * 0.5 + y[i21 + k][j];",
                               f"y[i21 + k][j] = {body};")
    _, plan = _plan(source, "k")
    assert plan.guard == "(double)lk * (double)ny * 41 >= 4096.0", plan.guard  # (164 accesses)



def test_a_count_of_several_terms_is_bracketed() -> None:
    """A third review: `j < m - 70` gave `(double)lk * (double)m-70.0 * 1.5`, which C reads otherwise."""
    source = BUTTERFLY.replace("for (int j = 0; j < ny; j++)", "for (int j = 0; j < ny - 1; j++)")
    _, plan = _plan(source, "k")
    assert plan.guard == "(double)lk * ((double)ny-1.0) * 3 >= 4096.0", plan.guard
