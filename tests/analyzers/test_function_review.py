"""Shapes a review of function mode found judged parallel though they carry a dependence (each had passed
validation with a friendly driver and gave another result with a second one).

DEPENDENT loops must be sequential, GUARDS (near neighbours that are independent) must stay parallel, in
both analysis modes. The loop under test is the one whose header line carries `/*T*/`.
"""

from __future__ import annotations

import pytest

from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop  # noqa: I001

DEPENDENT = {
    # a store through pointer arithmetic was named after the expression's first identifier in sorted
    # order: `i` for `y`, so the loop wrote "the scalar i" and read "the pointer y"
    "p1_store_through_pointer_sum": ("c", r"""
        void smooth_forward(double *y, const double *x, int n) {
            for (int i = 0; i + 1 < n; i++) /*T*/
                *(y + i + 1) = 0.5 * *(y + i) + x[i];
        }
    """),
    "p2_read_through_pointer_difference": ("c", r"""
        void prefix(double *y, const double *x, int n) {
            for (int i = 1; i < n; i++) /*T*/
                y[i] = *(y + i - 1) + x[i];
        }
    """),
    "p3_integer_first": ("c", r"""
        void shift(double *out, int n) {
            for (int i = 0; i + 1 < n; i++) /*T*/
                *(1 + i + out) = out[i] * 2.0;
        }
    """),
    "p4_vector_begin_and_data": ("cpp", r"""
        #include <vector>
        void run(std::vector<double> &y, const std::vector<double> &x) {
            for (size_t i = 0; i + 1 < y.size(); i++) /*T*/
                *(y.data() + i + 1) = *(y.begin() + i) + x[i];
        }
    """),
    "p5_address_of_element_plus_one": ("cpp", r"""
        #include <vector>
        void run(std::vector<double> &y) {
            for (size_t i = 0; i + 1 < y.size(); i++) /*T*/
                *(&y[i] + 1) = y[i] * 0.5;
        }
    """),
    "p6_address_the_analysis_cannot_split": ("c", r"""
        double *pick(double *a, int k);
        void run(double *y, int n) {
            for (int i = 0; i < n; i++) /*T*/
                *(pick(y, i) + i) = 1.0;
        }
    """),
    # a reference bound by a method call or a dereference is an element of the container, not a temporary
    "r1_reference_to_front": ("cpp", r"""
        #include <vector>
        void normalize(std::vector<double> &y) {
            const auto &first = y.front();
            for (size_t i = 0; i < y.size(); ++i) /*T*/
                y[i] = y[i] / first;
        }
    """),
    "r2_reference_to_max_element": ("cpp", r"""
        #include <vector>
        #include <algorithm>
        void normalize(std::vector<double> &y) {
            const double &top = *std::max_element(y.begin(), y.end());
            for (size_t i = 0; i < y.size(); ++i) /*T*/
                y[i] = y[i] / top;
        }
    """),
    "r3_reference_to_one_of_two_arrays": ("cpp", r"""
        #include <algorithm>
        void scale(double *a, double *b, int n) {
            const double &m = std::max(a[0], b[0]);
            for (int i = 0; i < n; ++i) /*T*/
                a[i] = a[i] * m;
        }
    """),
    # `scaleBy(y, y[0])`: the parameter is y[0], which iteration 0 changes
    "s1_scalar_reference_parameter_read": ("cpp", r"""
        #include <vector>
        void scaleBy(std::vector<double> &y, double const &s) {
            for (size_t i = 0; i < y.size(); ++i) /*T*/
                y[i] = y[i] * s;
        }
    """),
    # an exception leaves the loop: OpenMP terminates the program where the caller caught it
    "t1_throw_in_the_loop": ("cpp", r"""
        #include <vector>
        #include <cmath>
        void checkedSqrt(std::vector<double> &x) {
            for (size_t i = 0; i < x.size(); ++i) { /*T*/
                if (x[i] < 0) throw -1;
                x[i] = std::sqrt(x[i]);
            }
        }
    """),
    "t2_callee_throws": ("cpp", r"""
        static double check(double v) { if (v < 0) throw 1; return v; }
        void run(double *x, int n) {
            for (int i = 0; i < n; ++i) /*T*/
                x[i] = check(x[i]) * 2.0;
        }
    """),
    # truncated at every step: {2000, -1 x 999} halved sums to 1 in order, 501 in two halves
    "n1_integer_sum_of_fractions": ("cpp", r"""
        #include <vector>
        int truncSum(std::vector<double> const &x) {
            int s = 0;
            for (size_t i = 0; i < x.size(); ++i) /*T*/
                s += x[i] * 0.5;
            return s;
        }
    """),
    # a comparison chooses which of two fractions is added: still truncated at every step
    "n3_integer_sum_of_fractions_chosen_by_a_comparison": ("c", r"""
        int halves(const double *x, int n) {
            int s = 0;
            for (int i = 0; i < n; i++) /*T*/
                s += x[i] > 0 ? 0.5 : 1.5;
            return s;
        }
    """),
    # a class's own comparison may give a fraction (a review of the comparison rule: 3065313 for 3065300)
    "n4_count_through_a_class_comparison_returning_double": ("cpp", r"""
        #include <vector>
        struct V { double x; double operator>(const V &o) const { return (x - o.x) * 0.75; } };
        long count(const std::vector<V> &a, const std::vector<V> &b) {
            long cnt = 0;
            for (size_t i = 0; i < a.size(); i++) /*T*/
                cnt += a[i] > b[i];
            return cnt;
        }
    """),
    "n5_integer_sum_of_a_function_returning_double": ("c", r"""
        static double half(int i) { return i * 0.5; }
        long total(int n) {
            long s = 0;
            for (int i = 0; i < n; i++) /*T*/
                s += half(i);
            return s;
        }
    """),
    "n2_long_sum_of_doubles_written_out": ("c", r"""
        long total(const double *w, int n) {
            long s = 0;
            for (int i = 0; i < n; i++) /*T*/
                s = s + w[i];
            return s;
        }
    """),
    # the running comparison sees the exact double, the threads' float bests do not
    "n3_argmin_kept_in_float": ("cpp", r"""
        #include <vector>
        size_t argminF(std::vector<double> const &x) {
            float bv = 1e30f;
            size_t best = 0;
            for (size_t i = 0; i < x.size(); ++i) /*T*/
                if (x[i] < bv) { bv = x[i]; best = i; }
            return best;
        }
    """),
}

GUARDS = {
    # the program's own function returning an int: counting with it adds whole numbers (it was refused as an
    # integer accumulating fractions: a call's type was not read)
    "g0_count_of_the_programs_own_int_function": ("c", r"""
        static int is_multiple(int i) { return i % 3 == 0; }
        long count(int n) {
            long c = 0;
            for (int i = 0; i < n; i++) /*T*/
                c += is_multiple(i);
            return c;
        }
    """),
    # a comparison is an int, 0 or 1: counting with it adds whole numbers (review of 2026-12-06: refused as
    # "an integer accumulating values with a fraction")
    "g0_count_of_a_comparison": ("c", r"""
        long count_positive(const double *v, int n) {
            long cnt = 0;
            for (int i = 0; i < n; i++) /*T*/
                cnt += v[i] > 0 && v[i] < 1e300;
            return cnt;
        }
    """),
    "g0_count_of_a_choice_between_whole_numbers": ("c", r"""
        long count_positive(const double *v, int n) {
            long cnt = 0;
            for (int i = 0; i < n; i++) /*T*/
                cnt += (v[i] > 0.5) ? 1 : 0;
            return cnt;
        }
    """),
    "g1_pointer_sum_own_element": ("c", r"""
        void scale(double *restrict y, const double *restrict x, int n) {
            for (int i = 0; i < n; i++) /*T*/
                *(y + i) = 2.0 * *(x + i);
        }
    """),
    "g2_integer_first_own_element": ("c", r"""
        double a[100], b[100];
        void f(void) {
            for (int i = 0; i < 100; i++) /*T*/
                *(i + a) = *(b + i) + 1.0;
        }
    """),
    "g3_copy_of_the_front": ("cpp", r"""
        #include <vector>
        void normalize(std::vector<double> &y) {
            const double first = y.front();
            for (size_t i = 0; i < y.size(); ++i) /*T*/
                y[i] = y[i] / first;
        }
    """),
    "g4_reference_to_a_temporary": ("cpp", r"""
        double step(void);
        void scale(double *y, int n) {
            const double &h = step();
            for (int i = 0; i < n; ++i) /*T*/
                y[i] = y[i] * h;
        }
    """),
    "g5_integer_sums_of_integers_and_casts": ("c", r"""
        long total(const int *k, const double *w, int n) {
            long s = 0;
            for (int i = 0; i < n; i++) /*T*/
                s += k[i] * 2 + (long)(w[i] * 0.5) + sizeof(double);
            return s;
        }
    """),
    "g6_double_argmin": ("cpp", r"""
        #include <vector>
        size_t argmin(std::vector<double> const &x) {
            double bv = 1e300;
            size_t best = 0;
            for (size_t i = 0; i < x.size(); ++i) /*T*/
                if (x[i] < bv) { bv = x[i]; best = i; }
            return best;
        }
    """),
    "g7_scalar_reference_bound_to_a_scalar": ("cpp", r"""
        void scaleBy(double *y, int n, double const &s) {
            for (int i = 0; i < n; ++i) /*T*/
                y[i] = y[i] * s;
        }
        void run(double *y, int n) { double k = 3.0; scaleBy(y, n, k); }
    """),
}


@MODES
@pytest.mark.parametrize("case_id", list(DEPENDENT))
def test_loop_carrying_a_dependence_is_sequential(case_id: str, use_libclang: bool) -> None:
    lang, code = DEPENDENT[case_id]
    loop = marked_loop(case_id, lang, code, use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.blocking for f in loop.findings), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(GUARDS))
def test_independent_neighbour_stays_parallel(case_id: str, use_libclang: bool) -> None:
    lang, code = GUARDS[case_id]
    loop = marked_loop(case_id, lang, code, use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)
    assert not any(f.blocking for f in loop.findings), describe(loop)
