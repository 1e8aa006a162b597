"""Subscripts through a local set earlier (`i1 = i + 1; a[i1] = ...`) are not taken as affine: the value a
local holds where it is used is not followed (an attempt to, on 2026-12-06, was withdrawn after a review
found 60 programs where the program may have changed it unseen: stores in VLA sizes, `(x) = 1`, calls
through a program's own `max`, values outliving their block, a `goto` behind a macro). These loops must stay
sequential whatever the analysis learns. Also: a local array stored with a stride (`x1[2*j1 - d1]`) and read
within that range by a later loop is private (NPB MG's rprj3 shape, written with the subscript inline).
From a helper's review (2026-12-07): an inner loop's index is within its header's range only inside that
loop and only when its body does not write it (read after a search loop it may be the bound: the next row's
first element), and a cast of a sum that names a `double` truncates the real sum."""

from __future__ import annotations

import pytest

from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop

PARALLEL = {
    "strided_private_array": """
        void f(double s[restrict 64][64], double r[restrict 130][130], int m, int d1) {
            int j2, j1;
            double x1[130];
            for (j2 = 1; j2 < m - 1; j2++) {  /*T*/
                for (j1 = 1; j1 < m; j1++)
                    x1[2 * j1 - d1] = r[j2][2 * j1 - d1] + r[j2 + 1][2 * j1 - d1];
                for (j1 = 1; j1 < m - 1; j1++)
                    s[j2][j1] = x1[2 * j1 - d1] + x1[2 * j1 - d1 + 2];
            }
        }
    """,
    # the controls of the inner-index and cast cases below: the index read only inside its loop (and, after
    # it, as a value, not a subscript), a cast of a sum of integers
    "inner_index_within_its_loop": """
        void f(int *restrict a, int *restrict c, int n, int m) {
            int i, j;
            for (i = 0; i < n; i++) {  /*T*/
                for (j = 0; j < m; j++)
                    a[i * m + j] = i + j;
                c[i] = j;
            }
        }
    """,
    # the index read after its loop by a subscript of an array the loop does not write: the loop's own
    # stores inside the inner loop keep their range (a review of the first version found them refused)
    "inner_index_read_after_its_loop_from_an_unwritten_array": """
        double tot[1000];
        void f(int n, int m, const double *restrict x, double *restrict y) {
            for (int i = 0; i < n; i++) {  /*T*/
                int j;
                for (j = 0; j < m; j++) y[i*m + j] = 2 * x[i*m + j];
                tot[i] = x[i*m + j - 1];
            }
        }
    """,
    # casts of sums of integers named through an enumerator, a typedef, a macro
    "cast_of_integers_of_other_spellings": """
        enum { OFF = 3 };
        #define NOFF 5
        typedef int idx_t;
        void f(double *restrict a, idx_t n, idx_t o) {
            for (idx_t i = 0; i < n; i++)  /*T*/
                a[(long)(i + o + OFF + NOFF)] = i;
        }
    """,
    "cast_of_an_integer_sum": """
        int b[400000];
        void f(int n, int k, int h) {
            for (int i = 0; i < n; i++)  /*T*/
                b[(long)(i + k) + h] = i + 1;
        }
    """,
}

SEQUENTIAL = {
    # a[i] = a[i - 1] + 1: x is 0 only in the first pass
    "value_from_before_the_loop_changed_in_it": """
        void f(double *restrict a, int n) {
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
    "changed_in_a_vla_size": """
        void f(double *restrict a, const double *restrict b, int n) {
            int i, x;
            for (i = 0; i < n; i++) {  /*T*/
                x = i;
                (void)sizeof(int[(x = 0) + 1]);
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
    # the read loop bumps its own index: it reads past the range the store loop covered
    "strided_read_loop_bumps_its_index": """
        void f(double s[restrict 64][64], double r[restrict 140][140], int m, int d1) {
            int j2, j1;
            double x1[140];
            for (j2 = 1; j2 < m - 1; j2++) {  /*T*/
                for (j1 = 1; j1 < m; j1++)
                    x1[2 * j1 - d1] = r[j2][2 * j1 - d1];
                for (j1 = 1; j1 < m - 1; j1++) {
                    j1 += 2;
                    s[j2][j1 - 2] = x1[2 * j1 - d1];
                    j1 -= 2;
                }
            }
        }
    """,
    # the array is read at two past the last element the first loop stores
    "strided_read_past_the_stored_range": """
        void f(double s[restrict 64][64], double r[restrict 140][140], int m, int d1) {
            int j2, j1;
            double x1[140];
            for (j2 = 1; j2 < m - 1; j2++) {  /*T*/
                for (j1 = 1; j1 < m; j1++)
                    x1[2 * j1 - d1] = r[j2][2 * j1 - d1];
                for (j1 = 1; j1 < m; j1++)
                    s[j2][j1] = x1[2 * j1 - d1] + x1[2 * j1 - d1 + 2];
            }
        }
    """,
    "strided_read_between_stored_elements": """
        void f(double s[restrict 64][64], double r[restrict 140][140], int m, int d1) {
            int j2, j1;
            double x1[140];
            for (j2 = 1; j2 < m - 1; j2++) {  /*T*/
                for (j1 = 1; j1 < m; j1++)
                    x1[2 * j1 - d1] = r[j2][2 * j1 - d1];
                for (j1 = 1; j1 < m - 1; j1++)
                    s[j2][j1] = x1[2 * j1 - d1] + x1[2 * j1 - d1 + 1];
            }
        }
    """,
    # each pass reads the x the previous pass's condition stored (the condition was walked before the body)
    "do_while_condition_stores_what_the_body_read": """
        double c[1002];
        int f(void) {
            int t, x = 0;
            for (t = 1; t < 1000; t++) {  /*T*/
                do {
                    c[t] = x * 0.5;
                } while ((x = t) < 0);
            }
            return x;
        }
    """,
    # iteration j = 0 continues before x = i: the update adds the previous pass's x (it was taken as private)
    "continue_skips_the_store_the_update_reads": """
        double c[1002];
        int f(void) {
            int i, j, x = 0;
            for (i = 1; i < 1000; i++) {  /*T*/
                for (j = 0; j < 2; j++, c[i] += x) {
                    if (j == 0) continue;
                    x = i;
                }
            }
            return x;
        }
    """,
    # an inner index the inner body steps past its bound: a[i*m + m] is the next row's first element (a
    # helper's review, 2026-12-07: OpenMP and MPI programs wrong whenever `skip` hit a row's last entry)
    "inner_index_stepped_in_its_body": """
        int a[1000064], x[1000000];
        void f(int n, int m, int skip) {
            for (int i = 0; i < n; i++)  /*T*/
                for (int j = 0; j < m; j++) {
                    if (x[j] == skip) j++;
                    a[i * m + j] = i * 3 + j;
                }
        }
    """,
    # read after its loop, the index is the bound when the loop ran out or no `break` was taken
    "inner_index_read_after_a_search_loop": """
        int a[1000064], x[1000000];
        void f(int n, int m, int key) {
            for (int i = 0; i < n; i++) {  /*T*/
                int j;
                for (j = 0; j < m; j++)
                    if (x[i * m + j] == key) break;
                a[i * m + j] = i + 1;
            }
        }
    """,
    "inner_index_read_after_its_loop_ran_out": """
        void f(int *restrict a, int n, int m) {
            int i, j;
            for (i = 0; i < n; i++) {  /*T*/
                for (j = 0; j < m; j++)
                    a[i * m + j] = i;
                a[i * m + j] = -1;
            }
        }
    """,
    # a later loop whose bounds name the index read after its search loop: k runs to j == m (the next row)
    # when nothing matched, or from j == -1 for a search downwards
    "bound_of_a_later_loop_from_a_search_loop": """
        int a[1000064], x[1000064];
        void f(int n, int m, int key) {
            for (int i = 0; i < n; i++) {  /*T*/
                int j;
                for (j = 0; j < m; j++)
                    if (x[i * m + j] == key) break;
                for (int k = 0; k <= j; k++)
                    a[i * m + k] = i + 1;
            }
        }
    """,
    "lower_bound_of_a_later_loop_from_a_downward_search": """
        int a[1000064], x[1000064];
        void f(int n, int m, int key) {
            for (int i = 0; i < n; i++) {  /*T*/
                int j;
                for (j = m - 1; j >= 0; j--)
                    if (x[i * m + j] == key) break;
                for (int k = j; k < m; k++)
                    a[m + i * m + k] = i + 1;
            }
        }
    """,
    # a cast of a real sum truncates the sum: (long)(i - 0.5) is 0 for i = 0 and for i = 1
    "cast_of_a_sum_with_a_double": """
        int b[400000];
        void f(int n, double shift, int h) {
            for (int i = 0; i < n; i++)  /*T*/
                b[(long)(i + shift) + h] = i + 1;
        }
    """,
    "cast_of_a_sum_whose_double_cancels": """
        int b[400000];
        void f(int n, double shift, int h) {
            for (int i = 0; i < n; i++)  /*T*/
                b[(long)(i + shift - shift) + h] = i + 1;
        }
    """,
    "cast_of_a_sum_with_a_real_macro": """
        #define SHIFT (-0.5)
        int b[400000];
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[(int)(i + SHIFT) + 8] = i + 1;
        }
    """,
    # (int) of a long wraps: a[(int) l + i] is not a[l + i]
    "int_cast_of_a_long": """
        double a[3002];
        void f(long l) {
            for (int i = 0; i < 1000; i++)  /*T*/
                a[(int)l + i] = a[l - 4294967296L + i + 1] * 0.5;
        }
    """,
}


@MODES
@pytest.mark.parametrize("case_id", list(PARALLEL))
def test_loop_without_a_carried_dependence_is_parallel(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", PARALLEL[case_id], use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(SEQUENTIAL))
def test_loop_that_may_carry_a_dependence_stays_sequential(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", SEQUENTIAL[case_id], use_libclang)
    assert loop.verdict == "sequential", describe(loop)
