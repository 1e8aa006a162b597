"""OpenMP target, two shapes a review found wrong: the minloc combination's critical section must not be the
program's unnamed one (a caller running the function inside its own `omp critical` waited on itself), and a
conditional store may become a select only into memory the program can write (a string literal or a `const`
table handed to the function crashed where the original stores nothing)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.generators.openmp import generate_openmp

ARGMIN = r"""
int argmin(const double *a, int n, double *best) {
    int k = 0;
    double m = a[0];
    for (int i = 1; i < n; i++) {
        if (a[i] < m) { m = a[i]; k = i; }
    }
    *best = m;
    return k;
}
"""

# the library call under the caller's own (unnamed) critical section
CRITICAL_DRIVER = r"""
#include <stdio.h>
int argmin(const double *a, int n, double *best);
static double x[4][5000];
int main(void) {
    for (int r = 0; r < 4; r++)
        for (int i = 0; i < 5000; i++) x[r][i] = (i * 37 + r * 11) % 1001;
    double gbest = 1e300; int grow = -1, gk = -1;
    #pragma omp parallel for
    for (int r = 0; r < 4; r++) {
        double b; int k;
        #pragma omp critical
        {
            k = argmin(x[r], 5000, &b);
            if (b < gbest || (b == gbest && r < grow)) { gbest = b; grow = r; gk = k; }
        }
    }
    printf("%g %d %d\n", gbest, grow, gk);
    return 0;
}
"""

DETAB_RELU = r"""
void detab(char *s, int n) {
    for (int i = 0; i < n; i++)
        if (s[i] == '\t') s[i] = ' ';
}
void relu(double *x, int n) {
    for (int i = 0; i < n; i++)
        if (x[i] < 0) x[i] = 0;
}
"""

READ_ONLY_DRIVER = r"""
#include <stdio.h>
#include <string.h>
void detab(char *s, int n);
void relu(double *x, int n);
static const double table[4096] = {1.0, 2.0, 3.0};
int main(void) {
    char *msg = "no tabs in this constant message, which lives in read-only memory..........................";
    detab(msg, (int)strlen(msg));
    relu((double *)table, 4096);
    printf("%s %g\n", msg, table[2]);
    return 0;
}
"""

WHOLE_PROGRAM = r"""
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#define N 20000
static double y[N];
static const double table[N] = {-1.0, 2.0, -3.0};
static void clamp(double *x, int n) {
    for (int i = 0; i < n; i++)
        if (x[i] < 0) x[i] = 0;
}
static void floor_at(double *x, int n) {
    for (int i = 0; i < n; i++)
        if (x[i] < -5.0) x[i] = -5.0;
}
static void detab(char *s, int n) {
    for (int i = 0; i < n; i++)
        if (s[i] == '\t') s[i] = ' ';
}
int main(void) {
    double *buf = malloc(N * sizeof *buf);
    double own[N];
    char *msg = "no tabs in this constant message, which lives in read-only memory";
    for (int i = 0; i < N; i++) { y[i] = (i % 13) - 6; buf[i] = (i % 7) - 3; own[i] = (i % 11) - 5; }
    clamp(y, N);
    clamp(buf, N);
    for (int i = 0; i < N; i++)
        if (own[i] > 3.0) own[i] = 3.0;
    floor_at((double *)table, N);
    detab(msg, (int)strlen(msg));
    double s = 0.0;
    for (int i = 0; i < N; i++) s += y[i] + buf[i] + own[i] + table[i];
    printf("%s %.1f\n", msg, s);
    free(buf);
    return 0;
}
"""


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines()]


def _assert_branch_kept(source: str, path: str, statement: str = "if (x[i] < 0) x[i] = 0;") -> None:
    """The OpenMP program of `source` keeps the conditional store `statement` as it is (no select)."""
    lines = _lines(generate_openmp(analyze_source(source, path)).source)
    assert statement in lines, "\n".join(lines)


def _pragma_of(lines: list[str], statement: str) -> str:
    """The directive two lines above `statement` (its loop's, for a one-statement loop body)."""
    return lines[lines.index(statement) - 2]


def _build_and_run(tmp_path: Path, name: str, files: dict[str, str], threads: tuple[str, ...],
                   openmp: bool = True) -> list[subprocess.CompletedProcess]:
    """Build the files together (gcc -O2, with -fopenmp when `openmp`) and run the program once per thread
    count, each run under a timeout; a run that does not finish fails the test."""
    paths = []
    for file_name, text in files.items():
        (tmp_path / file_name).write_text(text)
        paths.append(str(tmp_path / file_name))
    binary = tmp_path / name
    flags = ["-fopenmp"] if openmp else []
    built = subprocess.run(["gcc", "-O2", *flags, *paths, "-o", str(binary)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr
    runs = []
    for count in threads:
        try:
            runs.append(subprocess.run([str(binary)], capture_output=True, text=True, timeout=20,
                                       env={"OMP_NUM_THREADS": count, "PATH": "/usr/bin:/bin"}))
        except subprocess.TimeoutExpired:
            pytest.fail(f"{name} did not finish in 20 s at OMP_NUM_THREADS={count} (deadlock)")
    return runs


def test_the_minloc_combination_runs_in_a_critical_section_of_its_own_name() -> None:
    """All unnamed critical sections of a program are one lock: seq2par's takes a name the program does not
    use, so that it never nests inside the caller's."""
    lines = _lines(generate_openmp(analyze_source(ARGMIN, "argmin.c")).source)
    assert "#pragma omp critical(s2p_minloc)" in lines
    assert not [line for line in lines if re.fullmatch(r"#\s*pragma\s+omp\s+critical\s*", line)]


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_a_caller_inside_its_own_critical_section_does_not_wait_on_itself(tmp_path: Path) -> None:
    """The review's driver: argmin called under the caller's unnamed `omp critical` hung at 1-3 threads."""
    parallel = generate_openmp(analyze_source(ARGMIN, "argmin.c")).source
    original = _build_and_run(tmp_path, "original", {"argmin.c": ARGMIN, "driver.c": CRITICAL_DRIVER}, ("1",))
    runs = _build_and_run(tmp_path, "parallel", {"argmin.omp.c": parallel, "driver.c": CRITICAL_DRIVER},
                          ("1", "2", "3"))
    for run in runs:
        assert run.returncode == 0 and run.stdout == original[0].stdout, run.stderr


def test_conditional_stores_through_parameters_of_unknown_origin_stay_branches() -> None:
    """A file without `main` (function mode): the callers are not seen, so the memory behind a pointer
    parameter may be read-only. The store stays a branch, and the loop runs in threads without `simd`
    (masked stores were slower than the plain loop)."""
    lines = _lines(generate_openmp(analyze_source(DETAB_RELU, "lib.c")).source)
    assert "if (s[i] == '\\t') s[i] = ' ';" in lines and "if (x[i] < 0) x[i] = 0;" in lines
    assert not [line for line in lines if "?" in line]
    for statement in ("if (s[i] == '\\t') s[i] = ' ';", "if (x[i] < 0) x[i] = 0;"):
        pragma = _pragma_of(lines, statement)
        assert pragma.startswith("#pragma omp parallel for") and "simd" not in pragma, pragma


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_read_only_memory_handed_to_the_function_is_not_written(tmp_path: Path) -> None:
    """The review's drivers: a string literal to detab and a `const` table through a cast to relu. The
    original stores nothing there; the selects stored every element and crashed."""
    parallel = generate_openmp(analyze_source(DETAB_RELU, "lib.c")).source
    original = _build_and_run(tmp_path, "original", {"lib.c": DETAB_RELU, "driver.c": READ_ONLY_DRIVER}, ("1",),
                              openmp=False)
    assert original[0].returncode == 0, original[0].stderr
    for run in _build_and_run(tmp_path, "parallel", {"lib.omp.c": parallel, "driver.c": READ_ONLY_DRIVER},
                              ("1", "2")):
        assert run.returncode == 0 and run.stdout == original[0].stdout, (run.returncode, run.stderr)


def test_selects_stay_for_memory_the_program_owns_and_only_there() -> None:
    """In a whole program the analysis sees every call: a parameter bound only to the program's own arrays
    and allocations (and its own local array) still becomes a select in a SIMD loop; one bound to a `const`
    table through a cast, or to a string literal, stays a branch."""
    lines = _lines(generate_openmp(analyze_source(WHOLE_PROGRAM, "whole.c")).source)
    assert "x[i] = (x[i] < 0) ? (0) : x[i];" in lines  # clamp(y, N), clamp(buf, N)
    assert "simd" in _pragma_of(lines, "x[i] = (x[i] < 0) ? (0) : x[i];")
    assert "own[i] = (own[i] > 3.0) ? (3.0) : own[i];" in lines
    assert "if (x[i] < -5.0) x[i] = -5.0;" in lines  # floor_at((double *)table, N)
    assert "if (s[i] == '\\t') s[i] = ' ';" in lines  # detab(msg, ...) with msg a string literal
    for statement in ("if (x[i] < -5.0) x[i] = -5.0;", "if (s[i] == '\\t') s[i] = ' ';"):
        assert "simd" not in _pragma_of(lines, statement)


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_the_whole_program_with_a_const_table_and_a_literal_runs(tmp_path: Path) -> None:
    parallel = generate_openmp(analyze_source(WHOLE_PROGRAM, "whole.c")).source
    original = _build_and_run(tmp_path, "original", {"whole.c": WHOLE_PROGRAM}, ("1",), openmp=False)
    for run in _build_and_run(tmp_path, "parallel", {"whole.omp.c": parallel}, ("1", "2")):
        assert run.returncode == 0 and run.stdout == original[0].stdout, (run.returncode, run.stderr)


# A review of the first version (2026-12-07): a `const` the declaration does not spell out, a name that a block
# declares again, an allocation made read-only, and a library's global pointer that its callers may set.
HIDDEN_CONST = r"""
#include <stdlib.h>
#define N 4096
DECLARATION
static void relu(double *x, int n) {
    for (int i = 0; i < n; i++)
        if (x[i] < 0) x[i] = 0;
}
int main(int argc, char **argv) {
    double mine[N];
    for (int i = 0; i < N; i++) mine[i] = i - 9;
    relu(argc > 1 ? (double *)tab : mine, N);
    relu(mine, N);
    return (int)mine[3];
}
"""


@pytest.mark.parametrize("declaration", [
    "typedef const double cdouble; static cdouble tab[N] = {1.0};",
    "typedef const double ctab[N]; static ctab tab = {1.0};",
    "#define TABLE_T const double\nstatic TABLE_T tab[N] = {1.0};",
    "static __typeof__(const double) tab[N] = {1.0};",
])
def test_a_const_the_declaration_does_not_spell_out_keeps_the_branch(declaration: str) -> None:
    source = HIDDEN_CONST.replace("DECLARATION", declaration)
    _assert_branch_kept(source, "hidden.c")


def test_an_array_declared_again_in_a_block_is_not_known_to_be_the_writable_one() -> None:
    source = r"""
#define N 4096
static const double tab[N] = {1.0};
static void relu(double *x, int n) {
    for (int i = 0; i < n; i++)
        if (x[i] < 0) x[i] = 0;
}
int main(void) {
    relu((double *)tab, N);
    {
        double tab[N];
        for (int i = 0; i < N; i++) tab[i] = i - 9;
        relu(tab, N);
        return (int)tab[3];
    }
}
"""
    _assert_branch_kept(source, "shadow.c")


def test_an_allocation_the_program_may_protect_keeps_the_branch() -> None:
    source = r"""
#include <stdlib.h>
#include <sys/mman.h>
#define N 4096
int main(int argc, char **argv) {
    double *x = aligned_alloc(4096, N * sizeof *x);
    for (int i = 0; i < N; i++) x[i] = i + 1;
    if (argc > 1) mprotect(x, N * sizeof *x, PROT_READ);
    for (int i = 0; i < N; i++)
        if (x[i] < 0) x[i] = 0;
    return (int)x[3];
}
"""
    _assert_branch_kept(source, "protect.c")


def test_a_library_global_pointer_may_be_set_by_its_callers() -> None:
    source = r"""
#include <stdlib.h>
double *g;
int gn;
void setup(int n) { g = malloc(n * sizeof *g); gn = n; }
void relu_g(void) {
    for (int i = 0; i < gn; i++)
        if (g[i] < 0) g[i] = 0;
}
"""
    _assert_branch_kept(source, "lib.c", "if (g[i] < 0) g[i] = 0;")


# A second review (2026-12-07): call sites the recorded calls do not show (a lambda's body, a constructor's
# member initializers, a file-scope initializer), a pointer swapped with one holding a table, raw syscalls and
# mmap64, a standard name typedef'd `const`.
CLAMP = r"""
#include <cstdlib>
#define N 4096
static const double table[N] = {1.0};
static double mine[N];
void clamp(double *x, int n) {
    for (int i = 0; i < n; i++)
        if (x[i] < 0) x[i] = 0;
}
HIDDEN
int main(int argc, char **argv) {
    for (int i = 0; i < N; i++) mine[i] = (i % 7) - 3;
    clamp(mine, N);
    return (int)mine[3];
}
"""


@pytest.mark.parametrize("hidden", [
    "static auto check = [] { clamp((double *)table, N); };",
    "static int checked = std::getenv(\"CHECK\") ? (clamp((double *)table, N), 1) : 0;",
    "struct Check { int k; Check(int on) : k(on ? (clamp((double *)table, N), 1) : 0) {} };",
])
def test_calls_the_recorded_calls_do_not_show_keep_the_branch(hidden: str) -> None:
    source = CLAMP.replace("HIDDEN", hidden)
    _assert_branch_kept(source, "hidden.cpp")


@pytest.mark.parametrize(("extra", "step"), [
    ("", "if (argc > 1) { double *t = x; x = y; y = t; }"),
    ("#include <unistd.h>\n#include <sys/syscall.h>", "if (argc > 1) syscall(SYS_mprotect, x, 4096, 1);"),
])
def test_allocations_that_may_hold_read_only_memory_keep_the_branch(extra: str, step: str) -> None:
    source = f"""
#include <stdlib.h>
{extra}
#define N 4096
static const double table[N] = {{1.0}};
int main(int argc, char **argv) {{
    double *x = aligned_alloc(4096, N * sizeof *x);
    double *y = (double *)table;
    for (int i = 0; i < N; i++) x[i] = i - 9;
    {step}
    for (int i = 0; i < N; i++)
        if (x[i] < 0) x[i] = 0;
    return (int)x[3] + (int)y[0];
}}
"""
    _assert_branch_kept(source, "alloc.c")


def test_a_standard_name_the_program_typedefs_is_not_trusted() -> None:
    source = HIDDEN_CONST.replace("DECLARATION", "typedef const double float64_t;\nstatic float64_t tab[N] = {1.0};")
    _assert_branch_kept(source, "hidden.c")
