"""A local integer set by `x = e;` (e affine in other integer locals) and not changed since stands for e in
the subscripts that follow (`i1 = i + 1; a[i1] = ...`, NPB SP's `n = (m-3+1)*5; lhs[n+3][i]...`, MG's
`i1 = 2*j1 - d1; x1[i1] = ...`). It must not stand for e where the program may have changed x or what e
reads: a later store, a store in a branch, a store later in an enclosing loop (the next pass), a store
through a pointer, a jump, a macro; nor where the conversion to x's type may wrap. Also: a local array
stored with a stride (`x1[2*j1 - d1]`) and read within that range by a later loop is private."""

from __future__ import annotations

import pytest

from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop

PARALLEL = {
    "index_plus_one": """
        void f(double *restrict a, const double *restrict b, int n) {
            int i, i1;
            for (i = 0; i < n; i++) {  /*T*/
                i1 = i + 1;
                a[i1] = b[i1] * 2.0;
            }
        }
    """,
    "declared_with_its_value": """
        void f(double *restrict c, const double *restrict a, int n, int m) {
            for (int i = 0; i < n; i++)  /*T*/
                for (int j = 0; j < m; j++) {
                    int k = i * m + j;
                    c[k] = 2.0 * a[k];
                }
        }
    """,
    "value_of_the_outer_index_in_a_constant_range": """
        double lhs[15][64];
        void f(void) {
            int m, n, i;
            for (m = 3; m < 5; m++) {  /*T*/
                n = (m - 3 + 1) * 5;
                for (i = 0; i < 64; i++) {
                    lhs[n + 3][i] = lhs[n + 3][i] / lhs[n + 2][i];
                    lhs[n + 4][i] = lhs[n + 4][i] / lhs[n + 2][i];
                }
            }
        }
    """,
    "value_through_another_value": """
        void f(double *restrict a, const double *restrict b, int n) {
            int i, j, x;
            for (i = 0; i < n; i++) {  /*T*/
                j = 2 * i;
                x = j + 1;
                j = j + 5;
                a[x] = b[i] + j;
            }
        }
    """,
    # MG's rprj3: x1 stored at 2*j1 - d1 for j1 in [1, m) and read at that and two further by a later loop
    "strided_private_array": """
        void f(double s[restrict 64][64], double r[restrict 130][130], int m, int d1) {
            int j2, j1, i1;
            double x1[130];
            for (j2 = 1; j2 < m - 1; j2++) {  /*T*/
                for (j1 = 1; j1 < m; j1++) {
                    i1 = 2 * j1 - d1;
                    x1[i1] = r[j2][i1] + r[j2 + 1][i1];
                }
                for (j1 = 1; j1 < m - 1; j1++) {
                    i1 = 2 * j1 - d1;
                    s[j2][j1] = x1[i1] + x1[i1 + 2];
                }
            }
        }
    """,
}

SEQUENTIAL = {
    # a[i] = a[i - 1] + 1: x is 0 only in the first pass
    "value_from_before_the_loop_changed_in_it": """
        void f(double *restrict a, const double *restrict b, int n) {
            int i, x = 0;
            for (i = 1; i < n; i++) {  /*T*/
                a[i] = a[x] + 1.0;
                x = i;
            }
        }
    """,
    "changed_in_a_branch": """
        void f(double *restrict a, const double *restrict b, const int *c, int n) {
            int i, x;
            for (i = 0; i < n; i++) {  /*T*/
                x = i;
                if (c[i]) x = 0;
                a[x] = b[i] * 2.0;
            }
        }
    """,
    "set_only_in_a_branch": """
        void f(double *restrict a, const double *restrict b, const int *c, int n) {
            int i, x = 0;
            for (i = 0; i < n; i++) {  /*T*/
                if (c[i]) x = i;
                a[x] = b[i] * 2.0;
            }
        }
    """,
    "changed_through_a_pointer": """
        void f(double *restrict a, const double *restrict b, int n) {
            int i, x;
            int *p = &x;
            for (i = 0; i < n; i++) {  /*T*/
                x = i;
                *p = 0;
                a[x] = b[i] * 2.0;
            }
        }
    """,
    "changed_by_a_macro": """
        #define RESET(v) ((v) = 0)
        void f(double *restrict a, const double *restrict b, int n) {
            int i, x;
            for (i = 0; i < n; i++) {  /*T*/
                x = i;
                RESET(x);
                a[x] = b[i] * 2.0;
            }
        }
    """,
    "a_jump_over_the_store": """
        void f(double *restrict a, const double *restrict b, int n) {
            int i, x = 0;
            for (i = 0; i < n; i++) {  /*T*/
                if (i % 2) goto use;
                x = i;
            use:
                a[x] = b[i] * 2.0;
            }
        }
    """,
    # 7 * i wraps in a short: two iterations may store the same element
    "narrow_type": """
        void f(double *restrict a, const double *restrict b, int n) {
            for (int i = 0; i < n; i++) {  /*T*/
                short x = 7 * i;
                a[x + 40000] = b[i];
            }
        }
    """,
    "unsigned_type": """
        void f(double *restrict a, const double *restrict b, int n) {
            for (int i = 0; i < n; i++) {  /*T*/
                unsigned x = i - 1;
                a[x % 4] = b[i];
            }
        }
    """,
    "global_changed_by_a_call": """
        int g;
        static void bump(void) { g = 0; }
        void f(double *restrict a, const double *restrict b, int n) {
            for (int i = 0; i < n; i++) {  /*T*/
                g = i;
                bump();
                a[g] = b[i];
            }
        }
    """,
    # the array is read at two past the last element the first loop stores
    "strided_read_past_the_stored_range": """
        void f(double s[restrict 64][64], double r[restrict 130][130], int m, int d1) {
            int j2, j1, i1;
            double x1[140];
            for (j2 = 1; j2 < m - 1; j2++) {  /*T*/
                for (j1 = 1; j1 < m; j1++) {
                    i1 = 2 * j1 - d1;
                    x1[i1] = r[j2][i1] + r[j2 + 1][i1];
                }
                for (j1 = 1; j1 < m; j1++) {
                    i1 = 2 * j1 - d1;
                    s[j2][j1] = x1[i1] + x1[i1 + 2];
                }
            }
        }
    """,
    "strided_read_between_stored_elements": """
        void f(double s[restrict 64][64], double r[restrict 130][130], int m, int d1) {
            int j2, j1, i1;
            double x1[140];
            for (j2 = 1; j2 < m - 1; j2++) {  /*T*/
                for (j1 = 1; j1 < m; j1++) {
                    i1 = 2 * j1 - d1;
                    x1[i1] = r[j2][i1] + r[j2 + 1][i1];
                }
                for (j1 = 1; j1 < m - 1; j1++) {
                    i1 = 2 * j1 - d1;
                    s[j2][j1] = x1[i1] + x1[i1 + 1];
                }
            }
        }
    """,
}


@MODES
@pytest.mark.parametrize("case_id", list(PARALLEL))
def test_known_index_value_is_used(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", PARALLEL[case_id], use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(SEQUENTIAL))
def test_index_value_that_may_have_changed_is_not_used(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", SEQUENTIAL[case_id], use_libclang)
    assert loop.verdict == "sequential", describe(loop)
