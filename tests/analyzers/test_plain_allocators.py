"""Tables whose rows the caller allocates through the program's own checked allocator (`a = xmalloc(n *
sizeof *a); for (...) a[i] = xmalloc(m * sizeof **a);`, the usual C wrapper that exits when malloc
fails). Such an allocator is plain when it hands back storage it does not touch: what it returns was set
only from allocations and otherwise only tested against null. Its result is then like malloc's, and the
rows the caller stores from it are rows of their own. An allocator that stores into what it returns, keeps
or hands out a copy of the pointer, or may return something else, leaves the table unproven.

The kernel loops below are parallel only if `out` and `in` have rows of their own and are two tables; the
OpenMP run at the end shows the generated program equal to the original."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop
from tests.analyzers.test_table_builders import stencil_kernel_with_openmp

XMALLOC = """
    static void *xmalloc(size_t n) {
        void *p = malloc(n);
        if (p == NULL) {
            fprintf(stderr, "out of memory\\n");
            exit(1);
        }
        BODY;
        return p;
    }
"""

PROGRAM = """
    #include <stdio.h>
    #include <stdlib.h>
    #include <string.h>
    void *last;
    double gbuf[1 << 12];
    double *pool[64];
    void external(void *p);
    ALLOCATOR
    static void smooth(double **out, double **in, int n) {
        for (int i = 1; i < n - 1; i++)  /*T*/
            for (int j = 1; j < n - 1; j++)
                out[i][j] = 0.5 * (in[i - 1][j] + in[i + 1][j]) + 0.25 * in[i][j];
    }
    int main(void) {
        int n = 16;
        double **a = xmalloc(n * sizeof *a), **b = xmalloc(n * sizeof *b);
        for (int i = 0; i < n; i++) {
            a[i] = xmalloc(n * sizeof **a);
            b[i] = xmalloc(n * sizeof **b);
        }
        for (int i = 0; i < n; i++)
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


def program(allocator: str = XMALLOC, body: str = "(void)0", after: str = "(void)0") -> str:
    return PROGRAM.replace("ALLOCATOR", allocator.replace("BODY", body)).replace("AFTER", after)


PARALLEL = {
    "checked_malloc": dict(),
    "tested_with_not": dict(allocator=XMALLOC.replace("p == NULL", "!p")),
    "tested_in_if": dict(allocator=XMALLOC.replace("if (p == NULL) {", "if (p) return p; else {")),
    "calloc_and_cast": dict(allocator=XMALLOC.replace("malloc(n)", "calloc(1, n)").replace(
        "return p;", "return (void *) (p);")),
    "set_after_declaration": dict(allocator=XMALLOC.replace("void *p = malloc(n);", "void *p;\n p = malloc(n);")),
    "retried": dict(allocator=XMALLOC.replace("if (p == NULL) {", "if (p == NULL) p = malloc(n);\n"
                                                                  "        if (p == NULL) {")),
    "wrapper_of_a_wrapper": dict(allocator=XMALLOC.replace("xmalloc", "checked") + """
    static void *xmalloc(size_t n) { return checked(n); }
    """),
    "direct_return": dict(allocator="""
    static void *xmalloc(size_t n) { return malloc(n); }
    """),
    "posix_memalign": dict(allocator="""
    static void *xmalloc(size_t n) {
        void *p = NULL;
        if (posix_memalign(&p, 64, n) != 0)
            exit(1);
        return p;
    }
    """),
    "table_freed_after": dict(after="smooth(a, b, n); free(b[0]); free(b)"),
}

SEQUENTIAL = {
    # the allocator keeps a copy of what it returns, and the caller stores a row through that copy
    "keeps_a_copy": dict(body="last = p", after="((double **) last)[1] = ((double **) last)[2]"),
    "hands_it_out": dict(body="external(p)"),
    "stores_into_it": dict(allocator=XMALLOC.replace("void *p", "double **p").replace(
        "static void *", "static double **"), body="p[0] = gbuf"),
    "fills_it_with_a_copy": dict(body="memcpy(p, pool, n < sizeof pool ? n : sizeof pool)"),
    "falls_back_to_a_buffer": dict(body="if (n > 1u << 30) p = gbuf"),
    "copy_in_another_local": dict(body="double **q = p; q[0] = gbuf"),
    "macro_keeps_a_copy": dict(allocator="\n    #define KEEP last = p\n" + XMALLOC, body="KEEP",
                               after="((double **) last)[1] = ((double **) last)[2]"),
    "function_macro_keeps_a_copy": dict(allocator="\n    #define KEEP(x) last = x\n" + XMALLOC, body="KEEP(p)",
                                        after="((double **) last)[1] = ((double **) last)[2]"),
    "returns_a_static_pool": dict(allocator="""
    static void *xmalloc(size_t n) {
        static double store[1 << 14];
        static size_t used;
        void *p = malloc(n);
        if (!p) return store + (used++ % 2);
        return p;
    }
    """),
    "defined_twice": dict(allocator="""
    #ifdef CHECKED
    static void *xmalloc(size_t n) { void *p = malloc(n); if (!p) exit(1); return p; }
    #else
    static void *xmalloc(size_t n) { void *p = malloc(n); last = p; return p; }
    #endif
    """, after="((double **) last)[1] = ((double **) last)[2]"),
    "caller_stores_a_row_twice": dict(after="a[1] = a[2]"),
}


@MODES
@pytest.mark.parametrize("case_id", list(PARALLEL))
def test_rows_from_a_plain_allocator_are_rows_of_their_own(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", program(**PARALLEL[case_id]), use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(SEQUENTIAL))
def test_an_allocator_that_touches_or_keeps_its_storage_is_not_plain(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", program(**SEQUENTIAL[case_id]), use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.code == "S2P501" and f.blocking for f in loop.findings), describe(loop)


GRID3D = """
    #include <stdio.h>
    #include <stdlib.h>
    static void *xmalloc(size_t n) {
        void *p = malloc(n);
        if (!p) exit(1);
        return p;
    }
    static void relax(double ***u, double ***r, int n) {
        for (int k = 1; k < n - 1; k++)  /*T*/
            for (int j = 1; j < n - 1; j++)
                for (int i = 1; i < n - 1; i++)
                    u[k][j][i] = r[k - 1][j][i] + r[k + 1][j][i] + ALIAS;
    }
    int main(void) {
        int n = 12;
        double ***u = xmalloc(n * sizeof *u), ***r = xmalloc(n * sizeof *r);
        for (int k = 0; k < n; k++) {
            u[k] = xmalloc(n * sizeof **u);
            r[k] = xmalloc(n * sizeof **r);
            for (int j = 0; j < n; j++) {
                u[k][j] = xmalloc(n * sizeof ***u);
                r[k][j] = ROW;
            }
        }
        for (int k = 0; k < n; k++) for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) r[k][j][i] = k + j - i;
        relax(u, r, n);
        printf("%f\\n", u[2][3][4]);
        return 0;
    }
"""


@MODES
@pytest.mark.parametrize("alias, row, verdict", [
    ("0.0", "xmalloc(n * sizeof ***r)", "parallel"),
    ("u[k - 1][j][i]", "xmalloc(n * sizeof ***r)", "sequential"),  # the loop itself carries a dependence
    ("0.0", "u[k][j]", "sequential"),  # a plane of r made of u's rows
])
def test_three_levels_from_a_plain_allocator(alias: str, row: str, verdict: str, use_libclang: bool) -> None:
    """Every level of a grid from the program's allocator: the planes (`u[k] = xmalloc(...)`) count too."""
    loop = marked_loop("grid3d", "c", GRID3D.replace("ALIAS", alias).replace("ROW", row), use_libclang)
    assert loop.verdict.split()[0].startswith(verdict), describe(loop)


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_plain_allocator_program_parallelized_with_openmp_is_equal(tmp_path: Path) -> None:
    """End to end: the stencil over two tables from `xmalloc` gets `parallel for` in the kernel and validates
    at 1, 2, 3 threads."""
    assert "#pragma omp parallel for" in stencil_kernel_with_openmp(tmp_path, program())
