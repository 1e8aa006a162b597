"""Tables of rows built by nested allocations in one function and handed down the call graph (NPB MG: main
builds `double ****u` with a malloc per row at every level and passes `u[k]` through mg3P to psinv, resid,
comm3...). A kernel's loop over such a table is parallel when every row of it is an allocation of its own
and stays so: no row stored from anything but an allocation, no table inside it handed to code that could
(an unknown function, a pointer copy, a row address), and no other table the loop reads sharing its rows.
Two parameters bound to the same table at a call (`resid(u[k], r[k], r[k])`) are judged as one table."""

from __future__ import annotations

import pytest

from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop

GRID = """
    #include <stdio.h>
    #include <stdlib.h>
    void external(double ***t);
    static void link(double ***t) { t[1] = t[2]; }
    static void smooth(double ***r, double ***u, double c[2], int n) {
        for (int i3 = 1; i3 < n - 1; i3++)  /*S*/
            for (int i2 = 1; i2 < n - 1; i2++)
                for (int i1 = 1; i1 < n - 1; i1++)
                    u[i3][i2][i1] += c[0] * r[i3][i2][i1] + c[1] * (r[i3 - 1][i2][i1] + r[i3 + 1][i2][i1]);
    }
    static void resid(double ***u, double ***v, double ***r, int n) {
        for (int i3 = 1; i3 < n - 1; i3++)  /*R*/
            for (int i2 = 1; i2 < n - 1; i2++)
                for (int i1 = 1; i1 < n - 1; i1++)
                    r[i3][i2][i1] = V - 0.5 * (u[i3 - 1][i2][i1] + u[i3 + 1][i2][i1]);
    }
    static void cycle(double ****u, double ****r, double c[2], int levels, int n) {
        for (int k = 0; k < levels; k++) {
            RESID;
            smooth(r[k], u[k], c, n);
        }
    }
    int main(void) {
        int n = 16, levels = 2;
        double c[2] = {0.5, 0.25};
        double ****u = malloc(levels * sizeof *u), ****r = malloc(levels * sizeof *r);
        for (int l = 0; l < levels; l++) {
            u[l] = malloc(n * sizeof **u);
            r[l] = malloc(n * sizeof **r);
            for (int k = 0; k < n; k++) {
                u[l][k] = malloc(n * sizeof ***u);
                r[l][k] = malloc(n * sizeof ***r);
                for (int j = 0; j < n; j++) {
                    u[l][k][j] = calloc(n, sizeof ****u);
                    r[l][k][j] = malloc(n * sizeof ****r);
                    for (int i = 0; i < n; i++) r[l][k][j][i] = (l + k + j + i) % 7;
                }
            }
        }
        ALIAS;
        cycle(u, r, C, levels, n);
        printf("%f\\n", u[1][3][4][5]);
        return 0;
    }
"""


def grid(loop: str, alias: str = "", c: str = "c", resid: str = "resid(u[k], r[k], r[k], n)",
         v: str = "v[i3][i2][i1]") -> tuple[str, str]:
    code = GRID.replace(f"/*{loop}*/", "/*T*/").replace("ALIAS", alias or "(void)0").replace("C,", f"{c},")
    return "c", code.replace("RESID", resid).replace(" V ", f" {v} ")


# interp(u[k - 1], ..., u[k], ...): two tables of one fresh table, told apart by their indices as written (not
# through `j = k - 1;` before the call: what a local holds at the call is not followed)
LEVELS = """
    #include <stdio.h>
    #include <stdlib.h>
    #define STEP(x) ((x)++)
    int g = 3;
    static void touch(void) { g--; }
    static void bump(int *p) { (*p)++; }
    static void interp(double ***z, double ***u, int n) {
        for (int i3 = 1; i3 < n - 1; i3++)  /*T*/
            for (int i2 = 1; i2 < n - 1; i2++)
                for (int i1 = 1; i1 < n - 1; i1++)
                    u[i3][i2][i1] += 0.5 * (z[i3 - 1][i2][i1] + z[i3 + 1][i2][i1]);
    }
    static void up(double ****u, int levels, int n) {
        int j, k;
        for (k = 1; k < levels; k++) {
            CALLS
        }
    }
    int main(void) {
        int n = 16, levels = 4;
        double ****u = malloc(levels * sizeof *u);
        for (int l = 0; l < levels; l++) {
            u[l] = malloc(n * sizeof **u);
            for (int k = 0; k < n; k++) {
                u[l][k] = malloc(n * sizeof ***u);
                for (int j = 0; j < n; j++) {
                    u[l][k][j] = malloc(n * sizeof ****u);
                    for (int i = 0; i < n; i++) u[l][k][j][i] = (l + k + j + i) % 5;
                }
            }
        }
        up(u, levels, n);
        printf("%f\n", u[3][3][4][5]);
        return 0;
    }
"""


def levels(*statements: str) -> tuple[str, str]:
    return "c", LEVELS.replace("CALLS", "\n            ".join(statements))


PARALLEL = {
    "index_and_index_minus_one": levels("interp(u[k - 1], u[k], n);"),
    "literal_indices": levels("interp(u[0], u[1], n);"),
    # every level of u and r allocated row by row in main, handed down as u[k], r[k]
    "kernel_two_levels_below_the_builder": grid("S"),
    # resid(u[k], r[k], r[k]): v and r are one table, read and written at the same element
    "same_table_twice_same_element": grid("R"),
    "distinct_tables_in_one_call": grid("R", resid="resid(u[k], u[k], r[k], n)"),
    # a fresh allocation stored as a row keeps the rows distinct
    "row_reallocated": grid("S", alias="u[0][3][2] = malloc(16 * sizeof(double))"),
    # the address of an element, not of a row
    "element_address_taken": grid("S", alias="double *e = &u[0][3][2][0]; *e = 1.0"),
}

SEQUENTIAL = {
    # the two tables may be one: the index changed between, or was never shown apart
    "index_incremented_between": levels("j = k - 1;", "j++;", "interp(u[j], u[k], n);"),
    "index_changed_through_its_address": levels("j = k - 1;", "bump(&j);", "interp(u[j], u[k], n);"),
    "index_offset_zero": levels("j = k - 0;", "interp(u[j], u[k], n);"),
    "global_index_changed_by_a_call": levels("j = g - 1;", "touch();", "interp(u[j], u[g], n);"),
    "same_index": levels("interp(u[k], u[k], n);"),
    "index_changed_by_a_macro": levels("j = k - 1;", "STEP(j);", "interp(u[j], u[k], n);"),
    "global_index_changed_through_a_pointer": levels("int *pg = &g;", "j = g - 1;", "*pg = j;",
                                                     "interp(u[j], u[g], n);"),
    "index_changed_through_a_pointer": levels("int *pk = &k;", "j = k - 1;", "*pk = j;", "interp(u[j], u[k], n);"),
    # v and r are one table, and the loop reads v a row ahead of the row it writes
    "same_table_twice_row_ahead": grid("R", v="v[i3 + 1][i2][i1]"),
    # two rows of u made one: iterations i3 = 3 and 4 store into the same row
    "rows_made_one_in_the_builder": grid("S", alias="u[0][3] = u[0][4]"),
    # u's rows at level 1 are r's: the loop writes what its neighbours read
    "rows_shared_with_the_other_table": grid("S", alias="u[1][2] = r[1][2]"),
    "rows_made_one_by_a_callee": grid("S", alias="link(u[0])"),
    "table_handed_to_an_unknown_function": grid("S", alias="external(u[1])"),
    "row_address_taken": grid("S", alias="double ***slot = &u[0][3]; *slot = u[0][4]"),
    "table_copied": grid("S", alias="double ***w = u[0]; w[3] = w[4]"),
    # c is a row of u: smooth writes u[1][1][1] (c[1]) while other iterations read c[1]
    "plain_parameter_is_a_row_of_the_table": grid("S", c="u[0][1][1]"),
    # a table whose rows were copied from the table the loop writes (it was reported parallel)
    "local_table_of_copied_rows": ("c", """
        #include <stdio.h>
        #include <stdlib.h>
        int main(void) {
            int n = 100;
            double **t = malloc(n * sizeof *t);
            for (int i = 0; i < n; i++) {
                t[i] = malloc(n * sizeof **t);
                for (int j = 0; j < n; j++) t[i][j] = j;
            }
            double **w = malloc(n * sizeof *w);
            for (int i = 0; i < n; i++) w[i] = t[i];
            for (int i = 0; i < n - 1; i++)  /*T*/
                for (int j = 0; j < n; j++)
                    t[i][j] = w[i + 1][j] + 1;
            printf("%f\\n", t[0][5]);
            return 0;
        }
    """),
    # a table whose row is the array handed beside it (it was reported parallel: u and c were two objects)
    "row_of_a_table_is_the_other_argument": ("c", """
        #include <stdio.h>
        #include <stdlib.h>
        static void f(double **w, double *c, int n) {
            for (int i = 0; i < n - 1; i++)  /*T*/
                c[i] = w[0][i + 1] + 1.0;
        }
        int main(void) {
            int n = 100;
            double *c = malloc(n * sizeof *c);
            for (int i = 0; i < n; i++) c[i] = i;
            double **u = malloc(4 * sizeof *u);
            u[0] = c;
            f(u, c, n);
            printf("%f\\n", c[0]);
            return 0;
        }
    """),
}


@MODES
@pytest.mark.parametrize("case_id", list(PARALLEL))
def test_fresh_table_handed_down_is_parallel(case_id: str, use_libclang: bool) -> None:
    lang, code = PARALLEL[case_id]
    loop = marked_loop(case_id, lang, code, use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(SEQUENTIAL))
def test_table_whose_rows_may_meet_is_sequential(case_id: str, use_libclang: bool) -> None:
    lang, code = SEQUENTIAL[case_id]
    loop = marked_loop(case_id, lang, code, use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.code == "S2P501" and f.blocking for f in loop.findings), describe(loop)


HEADER_MACRO = """
#include <stdio.h>
#include <stdlib.h>
#include "alias.h"
static void kern(double **a, int n) {
    for (int i = 0; i < n; i++)  /*T*/
        for (int j = 0; j < n; j++)
            a[i][j] = a[i][j] * 2 + i;
}
int main(void) {
    int n = 8;
    double **u = malloc(n * sizeof *u);
    for (int i = 0; i < n; i++) {
        u[i] = malloc(n * sizeof **u);
        for (int j = 0; j < n; j++) u[i][j] = i + j;
    }
    STORE;
    kern(u, n);
    printf("%f\\n", u[1][2]);
    return 0;
}
"""


@pytest.mark.parametrize("store", ["ALIAS_ROWS", "R1 = u[2]", "TBL[1] = u[2]"])
@pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])
def test_row_store_in_a_header_macro_is_seen(tmp_path, store: str, use_libclang: bool) -> None:
    """A row store hidden in an object-like macro of the user's header (libclang mode dropped the macro's
    text: the kernel over the aliased rows was reported parallel)."""
    from seq2par.analyzers import analyze_file

    (tmp_path / "alias.h").write_text("#define ALIAS_ROWS u[1] = u[2]\n#define R1 u[1]\n#define TBL u\n")
    source = tmp_path / "prog.c"
    source.write_text(HEADER_MACRO.replace("STORE", store))
    report = analyze_file(source, use_libclang=use_libclang)
    line = next(n for n, text in enumerate(source.read_text().splitlines(), start=1) if "/*T*/" in text)
    loop = report.loop_at_line(line)
    assert loop.verdict == "sequential", loop.summary()


def test_header_code_macro_used_as_a_bound_hides_nothing(tmp_path) -> None:
    """A header's object-like macro that is no integer and no word (`#define LIMIT BOUND(N, n)`, PolyBench's
    `_PB_N`) is kept only to look for row stores in: used as a loop bound it is expanded as before (it was
    taken for code hiding effects, S2P602, and 20 PolyBench kernels lost their parallel loops)."""
    from seq2par.analyzers import analyze_file

    (tmp_path / "bounds.h").write_text("#define N 100\n#define BOUND(x, y) y\n#define LIMIT BOUND(N, n)\n")
    source = tmp_path / "prog.c"
    source.write_text('#include "bounds.h"\nvoid f(int n, double a[restrict 100][100], double b[restrict 100][100]) {\n'
                      "    for (int i = 0; i < 100; i++)\n        for (int j = 0; j < LIMIT; j++)\n"
                      "            a[i][j] = 2.0 * b[i][j];\n}\n")
    loop = analyze_file(source, use_libclang=True).loop_at_line(3)
    assert loop.verdict == "parallel", loop.summary()


@pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])
def test_posix_memalign_wrapper_is_an_allocator(use_libclang: bool) -> None:
    """`void *ret; posix_memalign(&ret, ...); return ret;` (PolyBench's xmalloc) allocates: taking ret's
    address to allocate into it is not a store that could replace the storage."""
    source = """
        #include <stdlib.h>
        static void *xmalloc(size_t n) {
            void *ret = NULL;
            if (posix_memalign(&ret, 64, n) != 0) exit(1);
            return ret;
        }
        static void scale(int n, double *a, double *b) {
            for (int i = 0; i < n; i++)  /*T*/
                a[i] = 2.0 * b[i];
        }
        int main(void) {
            double *a = xmalloc(100 * sizeof(double)), *b = xmalloc(100 * sizeof(double));
            for (int i = 0; i < 100; i++) b[i] = i;
            scale(100, a, b);
            return (int)a[7];
        }
    """
    loop = marked_loop("posix_memalign", "c", source, use_libclang)
    assert loop.verdict == "parallel", describe(loop)


WRAPPED_ROWS = """
    #include <stdlib.h>
    static double *row(int n) { return malloc(n * sizeof(double)); }
    static void kern(double **a, int n) {
        for (int i = 0; i < n; i++)  /*T*/
            for (int j = 0; j < n; j++) a[i][j] = a[i][j] * 2 + i;
    }
    int main(void) {
        int n = 8;
        double **u = malloc(n * sizeof *u);
        for (int i = 0; i < n; i++) u[i] = row(n);
        ALIAS;
        kern(u, n);
        return (int)u[1][2];
    }
"""


@MODES
@pytest.mark.parametrize("alias, verdict", [("(void)0", "parallel"), ("u[1] = u[2]", "sequential")])
def test_rows_from_the_programs_own_allocator(alias: str, verdict: str, use_libclang: bool) -> None:
    """`u[i] = row(n)` with row() returning malloc's storage: rows of their own, unless another store at that
    level makes two rows one."""
    loop = marked_loop("wrapped_rows", "c", WRAPPED_ROWS.replace("ALIAS", alias), use_libclang)
    assert loop.verdict == verdict, describe(loop)
