"""Tables of rows built by a helper that returns them (`double **a = alloc2d(n, m);`, the common C idiom for
matrices and grids): the rows are storage of their own when the helper allocates the table and every row
of it itself and hands the table back by `return` and in no other way; the caller's local then counts as a
table it built. Anything else the helper or the caller does with the table keeps it unknown: a copy kept
in a global, a row stored twice or from a buffer, the table handed to code that may store rows, one of two
tables returned, two definitions of the helper under `#if`.

The kernel loops below are parallel only if `out` and `in` have rows of their own and are two tables; the
OpenMP run at the end shows the generated program equal to the original."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop

BUILDER = """
    static double **alloc2d(int n, int m) {
        double **t = malloc(n * sizeof *t);
        for (int i = 0; i < n; i++)
            t[i] = malloc(m * sizeof **t);
        RETURN;
    }
"""

PROGRAM = """
    #include <stdio.h>
    #include <stdlib.h>
    double **keep;
    double gbuf[1 << 12];
    void external(double **t);
    static void link(double **t) { t[1] = t[2]; }
    BUILDER
    static void smooth(double **out, double **in, int n) {
        for (int i = 1; i < n - 1; i++)  KERNEL_MARK
            for (int j = 1; j < n - 1; j++)
                out[i][j] = 0.5 * (in[i - 1][j] + in[i + 1][j]) + 0.25 * in[i][j];
    }
    int main(void) {
        int n = 16;
        double **a = alloc2d(n, n), **b = alloc2d(n, n);
        for (int i = 0; i < n; i++)  MAIN_MARK
            for (int j = 0; j < n; j++) {
                a[i][j] = 0.0;
                b[i][j] = (i * 7 + j * 3) % 11;
            }
        AFTER;
        smooth(a, b, n);
        printf("%f\\n", a[3][4]);
        return 0;
    }
"""


def program(builder: str = BUILDER, ret: str = "return t", after: str = "(void)0", where: str = "kernel") -> str:
    code = PROGRAM.replace("BUILDER", builder).replace("RETURN", ret).replace("AFTER", after)
    return code.replace("KERNEL_MARK", "/*T*/" if where == "kernel" else "") \
        .replace("MAIN_MARK", "/*T*/" if where == "main" else "")


WRAPPER = BUILDER + """
    static double **matrix(int n) {
        double **r = alloc2d(n, n);
        return r;
    }
"""

CHECKED = """
    static double **alloc2d(int n, int m) {
        double **t = (double **) calloc(n, sizeof(double *));
        if (t == NULL)
            return NULL;
        for (int i = 0; i < n; i++) {
            t[i] = (double *) malloc(m * sizeof(double));
            if (!t[i])
                return 0;
        }
        return (double **) (t);
    }
"""

ROWS_FROM_OWN_ALLOCATOR = """
    static double *row(int m) { return malloc(m * sizeof(double)); }
    static double **alloc2d(int n, int m) {
        double **t;
        t = malloc(n * sizeof *t);
        for (int i = 0; i < n; i++) t[i] = row(m);
        return t;
    }
"""

PARALLEL = {
    "builder": dict(),
    "builder_main_loop": dict(where="main"),
    "builder_checked_for_null": dict(builder=CHECKED),
    "builder_through_a_wrapper": dict(builder=WRAPPER, after="double **w = matrix(n); (void)w"),
    "builder_with_rows_from_own_allocator": dict(builder=ROWS_FROM_OWN_ALLOCATOR),
    "builder_table_freed_after": dict(after="(void)0; smooth(a, b, n); free(b[0]); free(b)"),
}

TWO_DEFINITIONS = """
    #ifdef FRESH
    static double **alloc2d(int n, int m) {
        double **t = malloc(n * sizeof *t);
        for (int i = 0; i < n; i++) t[i] = malloc(m * sizeof **t);
        return t;
    }
    #else
    static double **alloc2d(int n, int m) {
        double **t = malloc(n * sizeof *t);
        for (int i = 0; i < n; i++) t[i] = gbuf + (i % 2) * m;
        return t;
    }
    #endif
"""

SEQUENTIAL = {
    "builder_keeps_the_table_in_a_global": dict(ret="keep = t; return t"),
    "builder_keeps_it_in_a_static": dict(ret="static double **last; last = t; return t"),
    "builder_stores_a_row_twice": dict(ret="t[1] = t[0]; return t"),
    "builder_rows_from_a_buffer": dict(builder=BUILDER.replace("malloc(m * sizeof **t)", "gbuf + (i % 2) * m")),
    "builder_hands_the_table_to_a_row_store": dict(ret="link(t); return t"),
    "builder_hands_the_table_to_unknown_code": dict(ret="external(t); return t"),
    "builder_returns_one_of_two": dict(ret="double **u = malloc(n * sizeof *u); for (int i = 0; i < n; i++) "
                                           "u[i] = t[0]; return n > 4 ? t : u"),
    "builder_returns_two_locals": dict(ret="double **u = t; if (n > 100) return u; return t"),
    "builder_returns_a_parameter_table": dict(
        builder=BUILDER.replace("(int n, int m) {", "(int n, int m) { if (n < 0) return keep;")),
    "builder_table_reassigned": dict(ret="if (n > 100) t = keep; return t"),
    "builder_defined_twice": dict(builder=TWO_DEFINITIONS),
    "caller_stores_a_row_twice": dict(after="a[1] = a[2]"),
    "caller_stores_rows_through_a_helper": dict(after="link(a)"),
    "caller_hands_the_table_out": dict(after="external(a)"),
    "caller_copies_the_table": dict(after="double **c = a; c[1] = c[2]"),
    "caller_one_table_twice": dict(after="b = a"),
}


@MODES
@pytest.mark.parametrize("case_id", list(PARALLEL))
def test_table_returned_by_its_builder_has_rows_of_its_own(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", program(**PARALLEL[case_id]), use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(SEQUENTIAL))
def test_table_a_builder_or_caller_may_share_is_sequential(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", program(**SEQUENTIAL[case_id]), use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.code == "S2P501" and f.blocking for f in loop.findings), describe(loop)


ALLOC3D = """
    #include <stdio.h>
    #include <stdlib.h>
    static double ***alloc3d(int n) {
        double ***t = malloc(n * sizeof *t);
        for (int k = 0; k < n; k++) {
            t[k] = malloc(n * sizeof **t);
            for (int j = 0; j < n; j++) t[k][j] = calloc(n, sizeof ***t);
        }
        return t;
    }
    static void relax(double ***u, double ***r, int n) {
        for (int k = 1; k < n - 1; k++)  /*T*/
            for (int j = 1; j < n - 1; j++)
                for (int i = 1; i < n - 1; i++)
                    u[k][j][i] = r[k - 1][j][i] + r[k + 1][j][i] + ALIAS;
    }
    int main(void) {
        int n = 12;
        double ***u = alloc3d(n), ***r = alloc3d(n);
        for (int k = 0; k < n; k++) for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) r[k][j][i] = k + j - i;
        relax(u, r, n);
        printf("%f\\n", u[2][3][4]);
        return 0;
    }
"""


@MODES
@pytest.mark.parametrize("alias, verdict", [("0.0", "parallel"), ("u[k - 1][j][i]", "sequential")])
def test_three_level_builder(alias: str, verdict: str, use_libclang: bool) -> None:
    """A grid from `alloc3d()`: parallel over k, unless the loop itself carries a dependence through u."""
    loop = marked_loop("alloc3d", "c", ALLOC3D.replace("ALIAS", alias), use_libclang)
    assert loop.verdict.split()[0].startswith(verdict), describe(loop)


SEQ2PAR = str(Path(sys.executable).with_name("seq2par"))


def stencil_kernel_with_openmp(tmp_path: Path, code: str) -> str:
    """The `smooth` kernel of a test program (marks removed, a 300x300 grid swept 20 times both ways) as the
    OpenMP target writes it, after checking that it validated at 1, 2, 3 threads."""
    source = tmp_path / "grid.c"
    code = code.replace("/*T*/", "").replace("int n = 16;", "int n = 300;")
    source.write_text(code.replace("smooth(a, b, n);", "for (int s = 0; s < 20; s++) { smooth(a, b, n); "
                                   "smooth(b, a, n); }"))
    out = tmp_path / "grid_omp.c"
    done = subprocess.run([SEQ2PAR, "parallelize", str(source), "--target", "openmp", "-o", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "equal to the original at threads=1, threads=2, threads=3" in done.stderr + done.stdout
    return out.read_text().split("static void smooth", 1)[1].split("int main", 1)[0]


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_builder_program_parallelized_with_openmp_is_equal(tmp_path: Path) -> None:
    """End to end: the stencil over two `alloc2d` tables gets `parallel for` in the kernel and validates at
    1, 2, 3 threads."""
    assert "#pragma omp parallel for" in stencil_kernel_with_openmp(tmp_path, program())
