"""Rows of one table handed to a function as two parameters: `j = k - 1; smooth(u[k], u[j], n, k);` (NPB MG's
`rprj3(r[k], ..., r[j], ...)`). The two rows are distinct when the indices differ by a constant; since
2026-12-07 what forward substitution knows of `j` at the call counts (it counted `u[k]` against `u[k - 1]`
as written only). Two things kept it from being known: the call's argument `k` was taken as one the call may
set (C passes a function its value, and a macro that sets nothing sets nothing), and so was the loop's index
`k` handed to a call in its body. Not when j may hold k at the call: set again, set by a macro, or through a
pointer."""

from __future__ import annotations

import textwrap

import pytest

from seq2par.analyzers import analyze_source
from tests.analyzers.test_member_and_view_aliasing import MODES, describe

PROGRAM = """
    #include <stdio.h>
    #include <stdlib.h>
    #define L 4
    #define N 300
    #define RESET(x) ((x) = 1)
    #define SUM(x, y) ((x) + (y))
    static void smooth(double **out, double **in, int n, int k) {
        int i, j;
        for (i = 1; i < n - 1; i++)
            for (j = 1; j < n - 1; j++)
                out[i][j] = 0.25 * (in[i - 1][j] + in[i + 1][j] + in[i][j - 1] + in[i][j + 1]) + k;
    }
    int main(void) {
        double ***u = malloc(L * sizeof(double **));
        int k, j, i, m;
        for (k = 0; k < L; k++) {
            u[k] = malloc(N * sizeof(double *));
            for (i = 0; i < N; i++) {
                u[k][i] = malloc(N * sizeof(double));
                for (m = 0; m < N; m++) u[k][i][m] = (i * 7 + m * 3 + k) % 11;
            }
        }
        for (k = 1; k < L; k++) {
            j = k - 1;
            SETUP
            smooth(u[k], u[j], N, k);
        }
        double s = 0;
        for (k = 0; k < L; k++) for (i = 0; i < N; i++) for (m = 0; m < N; m++) s += u[k][i][m] * (m % 5);
        printf("%.3f\\n", s);
        return 0;
    }
"""

DISTINCT = {
    "the_next_row": "",
    "the_index_given_to_a_macro_of_an_expression": "m = SUM(k, 1);",
}

SAME_ROW = {
    "set_again": "j = k;",
    "set_by_a_macro": "RESET(j);",
    "set_through_a_pointer": "int *p = &j; *p = k;",
    # (a review of the change: each was taken for a call that cannot set j)
    "set_by_a_lowercase_macro_of_a_header_not_read": ("#include <s2p_setters.h>", "getpos(0, j);", ""),
    "set_by_a_macro_the_file_undefines_later": ("#define bump(x) ((x) = (x) + 1)", "bump(j);", "#undef bump"),
    "set_in_an_array_size": "int vla[(j = k) + 1]; vla[0] = 0; m += vla[0];",
    "set_through_the_address_of_a_macro": ("#define ID(x) (x)", "int *p = &ID(j); *p = k;", ""),
}


def smoothing_loop(setup: str | tuple[str, str, str], use_libclang: bool):
    before, setup, after = setup if isinstance(setup, tuple) else ("", setup, "")
    code = before + "\n" + textwrap.dedent(PROGRAM.replace("SETUP", setup)).lstrip("\n") + after + "\n"
    report = analyze_source(code, "levels.c", use_libclang=use_libclang)
    assert not report.parse_errors, [f.message for f in report.parse_errors]
    line = next(n for n, text in enumerate(code.splitlines(), 1) if "for (i = 1; i < n - 1; i++)" in text)
    return report.loop_at_line(line)


@MODES
@pytest.mark.parametrize("case_id", list(DISTINCT))
def test_two_rows_whose_indices_differ_at_the_call_are_distinct(case_id: str, use_libclang: bool) -> None:
    loop = smoothing_loop(DISTINCT[case_id], use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(SAME_ROW))
def test_a_row_index_that_may_hold_the_other_keeps_the_parameters_apart_unproven(case_id: str,
                                                                                use_libclang: bool) -> None:
    loop = smoothing_loop(SAME_ROW[case_id], use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.code == "S2P501" for f in loop.findings), describe(loop)


VLA = """
    #include <stdio.h>
    int a[2000000];
    int main(void) {
        int i, j;
        for (i = 0; i < 2000000; i++) {
            j = i;
            int vla[(j = 0) + 1]; vla[0] = 1;
            a[j] = a[j] + vla[0];
        }
        printf("%d\\n", a[0]);
        return 0;
    }
"""


@MODES
def test_a_store_in_an_array_size_ends_a_definition(use_libclang: bool) -> None:
    """Older than the change, found by its review: `int vla[(j = 0) + 1]` sets j, which the IR records nowhere,
    so `a[j]` was read as `a[i]` and the loop called parallel with j private (4 threads printed 1551200 for
    2000000). Now every iteration may add into any element: an array reduction, or sequential."""
    code = textwrap.dedent(VLA).lstrip("\n")
    loop = analyze_source(code, "vla.c", use_libclang=use_libclang).loop_at_line(5)
    assert loop.verdict == "sequential" or "reduction" in loop.summary(), describe(loop)
