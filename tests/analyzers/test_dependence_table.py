"""Independent oracle for the loop dependence analysis (docs/analysis-contract.md).

Every expectation here is derived from the semantics of the C/C++ snippet, not from the implementation.
The loop under test in each snippet is the one whose header line carries the marker comment `/*T*/`.

Checks per case:
  * verdict is exactly the expected one;
  * for a non-sequential expectation: no blocking finding, and the set of (op, var) reduction pairs is
    exactly the expected one; the kind is checked too ("scalar" for plain pairs, "array"/"minloc"/"maxloc"
    where given), and index_var for minloc/maxloc;
  * for a sequential expectation: the expected codes are a subset of the reported blocking codes (an empty
    expected set means "sequential, for whatever blocking reason");
  * where private names are given: they are all in loop.private;
  * where the case relies on a `// seq2par: independent(...)` comment: loop.assertions is non-empty.

Assertions are on codes, never on message text.
"""

from __future__ import annotations

import json
import textwrap
from typing import NamedTuple

import pytest

P = "parallel"
PP = "parallel-private"
PR = "parallel-reduction"
S = "sequential"

MARK = "/*T*/"


class Case(NamedTuple):
    id: str
    lang: str  # "c" or "cpp"
    code: str
    verdict: str
    reductions: tuple = ()  # ("+", "s") | ("+", "hist", "array") | ("min", "best", "minloc", "bi")
    codes: frozenset = frozenset()  # blocking codes that must be reported (subset check)
    private: frozenset = frozenset()  # names that must be in loop.private
    asserted: bool = False  # relies on a `// seq2par: independent(...)` comment
    lastprivate: frozenset = frozenset()  # private, with the last iteration's value used after the loop


def case(id, lang, code, verdict, reductions=(), codes=(), private=(), asserted=False, lastprivate=()):
    return Case(id, lang, code, verdict, tuple(reductions), frozenset(codes), frozenset(private), asserted,
                frozenset(lastprivate))


def nest(prefix, lang, code, **expect):
    """Two (or more) cases from one snippet whose loop headers carry /*O*/, /*I*/, /*K*/ placeholders.

    expect maps a placeholder letter to (verdict, reductions, codes[, private])."""
    out = []
    names = {"O": "outer", "I": "inner", "K": "innermost"}
    for letter, spec in expect.items():
        verdict, reductions, codes, *rest = spec
        private = rest[0] if rest else ()
        marked = code.replace(f"/*{letter}*/", MARK)
        for other in names:
            marked = marked.replace(f"/*{other}*/", "")
        out.append(case(f"{prefix}_{names[letter]}", lang, marked, verdict, reductions, codes, private))
    return out


# ---------------------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------------------


# rows 2 and 40 made one row (ALIAS) before the marked nest: it was reported parallel
ROW_TABLE = r"""
#include <stdlib.h>
#include <string.h>
void mess(double **x) { x[2] = x[40]; }
void use(double **x);
int main(void) {
    double **u = malloc(64 * sizeof *u);
    for (int i = 0; i < 64; i++) u[i] = malloc(64 * sizeof **u);
    ALIAS
    for (int i = 0; i < 64; i++) /*T*/
        for (int j = 0; j < 64; j++) u[i][j] = i + j;
    AFTER
    return (int)u[40][5];
}
"""

TABLE3 = r"""
#include <stdlib.h>
#include <string.h>
void setrows(double **r, int n) { for (int j = 1; j < n; j++) r[j] = r[0]; }
int main(void) {
    double ***t = malloc(64 * sizeof *t);
    for (int i = 0; i < 64; i++) {
        t[i] = malloc(64 * sizeof **t);
        for (int j = 0; j < 64; j++) t[i][j] = malloc(64 * sizeof ***t);
    }
    ALIAS
    for (int i = 0; i < 64; i++) /*T*/
        for (int j = 0; j < 64; j++)
            for (int k = 0; k < 64; k++) t[i][j][k] = i + j + k;
    return (int)t[40][5][1];
}
"""

CALLEE_PRELUDE = r"""
#include <string.h>
typedef struct { int count; double sum; double hist[8]; } Stats;
Stats gstats, gs;
double ghist[8], h2[8];
double out[1000];
static void addto(double *p, double x) { *p += x; }
static void inc(int *c) { (*c)++; }
"""


def callee_case(id, body, verdict, before="", **expect):
    """A loop calling `double work(double x) { BODY }` (after `before`) over the globals of CALLEE_PRELUDE:
    what the callee does to them, seen through its summary, decides the loop."""
    return case(id, "c", f"{CALLEE_PRELUDE}{before}static double work(double x) {{ {body} }}\nvoid f(void) {{\n"
                "    for (int i = 0; i < 1000; i++) /*T*/\n        out[i] = work(i * 0.5);\n}\n", verdict, **expect)


CASES: list[Case] = [
    # a pointer stepped in every iteration is no sum reduction (a review's MPI program summed addresses and did
    # not compile; OpenMP has no reduction of pointers)
    case("pointer_stepped_in_every_iteration", "c", r"""
double a[1000];
double *f(int m) {
    double *g = a;
    for (int k = 0; k < m; k++) /*T*/
        g++;
    return g;
}
""", S, codes={"S2P211"}),
    # ===== 1-D affine subscripts: flow =================================================================
    case("flow_i_minus_1", "c", r"""
double a[1000], b[1000];
void f(int n) {
    for (int i = 1; i < n; i++) /*T*/
        a[i] = a[i - 1] + b[i];
}
""", S, codes={"S2P201"}),
    case("flow_write_i_plus_1", "c", r"""
double a[1001];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i + 1] = a[i] * 2.0;
}
""", S, codes={"S2P201"}),
    case("flow_read_stmt_before_write_stmt", "c", r"""
double a[1000], b[1000], c[1000];
void f(int n) {
    for (int i = 1; i < n; i++) { /*T*/
        b[i] = a[i - 1];
        a[i] = c[i];
    }
}
""", S, codes={"S2P201"}),
    case("flow_across_two_arrays", "c", r"""
double a[1000], b[1001], c[1000];
void f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        a[i] = b[i];
        b[i + 1] = c[i];
    }
}
""", S, codes={"S2P201"}),
    case("flow_distance_2", "c", r"""
double a[1002];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i + 2] = a[i] + 1.0;
}
""", S, codes={"S2P201"}),
    case("flow_distance_3", "c", r"""
double a[1000];
void f(int n) {
    for (int i = 3; i < n; i++) /*T*/
        a[i] = 0.5 * a[i - 3];
}
""", S, codes={"S2P201"}),
    case("flow_gcd_dependent_4i_2i", "c", r"""
double a[4000];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[4 * i] = a[2 * i + 2] + 1.0;
}
""", S, codes={"S2P201"}),
    # two references bound to rows of one object may be bound to the same row (i == j): a review's program
    # ran wrong in reverse order, reported parallel
    # (2026-12-06) a method growing one element of a vector of vectors is a store to that element: each
    # iteration's own row may grow in parallel (it was S2P302 on `out[i]`, a false positive of `check`)
    case("cpp_push_back_into_the_iterations_own_row", "cpp", r"""
#include <vector>
void f(std::vector<std::vector<int>> &out, int n) {
    for (int i = 0; i < n; i++) /*T*/
        for (int d = 1; d * d <= i; d++) if (i % d == 0) out[i].push_back(d);
}
""", P),
    case("cpp_push_back_into_one_row_in_order", "cpp", r"""
#include <vector>
void f(std::vector<std::vector<int>> &out, int i, int n) {
    for (int d = 1; d < n; d++) /*T*/
        out[i].push_back(d);
}
""", S, codes={"S2P203"}),
    case("cpp_push_back_into_a_row_another_iteration_reads", "cpp", r"""
#include <vector>
std::vector<int> rows[1000];
void f(int n) {
    for (int i = 1; i < n; i++) /*T*/
        rows[i].push_back((int)rows[i - 1].size());
}
""", S, codes={"S2P201"}),
    case("cpp_push_back_through_pointers_to_rows_that_may_be_one", "cpp", r"""
#include <vector>
void f(std::vector<std::vector<int> *> &out, int n) {
    for (int i = 0; i < n; i++) /*T*/
        out[i]->push_back(i);
}
""", S),
    case("cpp_push_back_into_a_map_entry_inserts_it", "cpp", r"""
#include <map>
#include <vector>
void f(std::map<int, std::vector<int>> &m, int n) {
    for (int i = 0; i < n; i++) /*T*/
        m[i].push_back(i);
}
""", S),
    case("cpp_push_back_on_an_element_of_a_class_of_the_program", "cpp", r"""
#include <vector>
struct Log { std::vector<int> v; void push_back(int x); };
void f(std::vector<Log> &logs, int n) {
    for (int i = 0; i < n; i++) /*T*/
        logs[i].push_back(i);
}
""", S),
    case("cpp_two_references_to_rows_of_one_vector", "cpp", r"""
#include <vector>
void k1(std::vector<std::vector<double>> &m, int i, int j) {
    auto &r1 = m[i];
    auto &r2 = m[j];
    int n = r1.size();
    for (int k = 0; k < n; k++) /*T*/
        r1[k] = r2[n - 1 - k] + 1;
}
""", S, codes={"S2P201"}),
    case("cpp_two_array_references_to_rows_of_one_array", "cpp", r"""
double G[4][8];
void k1(int i, int j) {
    double (&r1)[8] = G[i];
    double (&r2)[8] = G[j];
    for (int k = 0; k < 8; k++) /*T*/
        r1[k] = r2[7 - k] + 1;
}
""", S, codes={"S2P501"}),
    # a pointer sum handed to a function that reads through it (`sum3(a + i + 1)`, `strlen(s + i + 1)`):
    # its reads are reads of that array, as for `&a[i + 1]`
    case("pointer_sum_argument_read_by_the_callee", "c", r"""
double a[40];
static double sum3(const double *p) { return p[0] + p[1] + p[2]; }
void k1(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i] = sum3(a + i + 1);
}
""", S, codes={"S2P201"}),
    case("pointer_sum_argument_of_strlen", "c", r"""
#include <string.h>
char s[64];
void k1(int n) {
    for (int i = 0; i < n; i++) /*T*/
        s[i] = (strlen(s + i + 1) % 3 == 0) ? 0 : 'b';
}
""", S, codes={"S2P201"}),
    # `front()`, `back()`, `at(k)`, `data()[k]` read an element the loop may write (a review's programs: all
    # four were reported parallel and ran wrong, at one thread too under `simd`)
    case("cpp_front_read_while_the_loop_writes_the_vector", "cpp", r"""
#include <vector>
void center(std::vector<double> &a, int n) {
    for (int i = 0; i < n; ++i) /*T*/
        a[i] -= a.front();
}
""", S, codes={"S2P201"}),
    case("cpp_back_read_while_the_loop_writes_the_vector", "cpp", r"""
#include <vector>
void shift(std::vector<double> &b, int n) {
    for (int i = 0; i < n; ++i) /*T*/
        b[i] += b.back();
}
""", S, codes={"S2P201"}),
    case("cpp_at_read_while_the_loop_writes_the_vector", "cpp", r"""
#include <vector>
void lower(std::vector<double> &c, int n) {
    for (int i = 0; i < n; ++i) /*T*/
        c[i] -= c.at(0);
}
""", S, codes={"S2P201"}),
    case("cpp_data_subscript_read_while_the_loop_writes_the_vector", "cpp", r"""
#include <vector>
void scale(std::vector<double> &d, int n) {
    for (int i = 0; i < n; ++i) /*T*/
        d[i] *= d.data()[n / 2];
}
""", S, codes={"S2P201"}),
    case("cpp_range_for_minus_front", "cpp", r"""
#include <vector>
void center(std::vector<double> &v) {
    for (auto &x : v) /*T*/
        x -= v.front();
}
""", S, codes={"S2P201"}),
    case("cpp_at_of_the_same_element_stays_parallel", "cpp", r"""
#include <vector>
void twice(std::vector<double> &y, int n) {
    for (int i = 0; i < n; ++i) /*T*/
        y[i] = y.at(i) * 2;
}
""", P),
    # std::max(x, m) over reals stores a NaN x, which the next element replaces: no reduction (a review's
    # program gave 5 where the sequential loop gives 0.999996); std::max(m, x) keeps m, and integers have no NaN
    case("cpp_std_max_element_first_over_doubles", "cpp", r"""
#include <algorithm>
#include <vector>
double top(const std::vector<double> &a, int n) {
    double mx = -2;
    for (int i = 0; i < n; ++i) /*T*/
        mx = std::max(a[i], mx);
    return mx;
}
""", S),
    case("cpp_std_max_accumulator_first_over_doubles", "cpp", r"""
#include <algorithm>
#include <vector>
double top(const std::vector<double> &a, int n) {
    double mx = -2;
    for (int i = 0; i < n; ++i) /*T*/
        mx = std::max(mx, a[i]);
    return mx;
}
""", PR, [("max", "mx")]),
    case("cpp_std_max_element_first_over_ints", "cpp", r"""
#include <algorithm>
#include <vector>
int top(const std::vector<int> &a, int n) {
    int mx = -2;
    for (int i = 0; i < n; ++i) /*T*/
        mx = std::max(a[i], mx);
    return mx;
}
""", PR, [("max", "mx")]),
    # an update inside a function-like macro whose value the code uses is a scan, as written out
    # (`ibuf[i] = (counter += i)` is S2P211); it was reported a reduction (a review's program)
    case("macro_update_whose_value_is_used", "c", r"""
#define BUMP(i) (counter += (i))
int counter;
int ibuf[64];
void k(int n) {
    for (int i = 0; i < n; i++) /*T*/
        ibuf[i] = BUMP(i);
}
""", S),
    case("macro_update_compared", "c", r"""
#define ACC(x) (sum += (x))
int sum, flag[64], a[64];
void k(int n) {
    for (int i = 0; i < n; i++) /*T*/
        if (ACC(a[i]) > 40) flag[i] = 1;
}
""", S),
    case("macro_update_as_a_statement_is_a_reduction", "c", r"""
#define ACC(x) (sum += (x))
int sum, a[64];
void k(int n) {
    for (int i = 0; i < n; i++) /*T*/
        ACC(a[i]);
}
""", PR, [("+", "sum")]),
    # subscripts split by different strides are compared as written: `a[6*i]` is row i of 6 and `a[4*i + 2]`
    # row i of 4, yet iteration 3 writes a[18], which iteration 4 reads (a review's program; reported parallel)
    case("flow_between_strides_6_and_4", "c", r"""
int a[256];
void k(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[6 * i] = a[4 * i + 2] + 1;
}
""", S, codes={"S2P201"}),
    case("anti_between_strides_2_and_3", "c", r"""
int a[256];
void k(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[2 * i] = a[3 * i] + 1;
}
""", S),
    case("flow_between_row_strides_8_and_4", "c", r"""
int a[1024];
void k(int n) {
    for (int i = 0; i < n; i++) /*T*/
        for (int j = 0; j < 4; j++)
            a[8 * i + j] = a[4 * i + j] + 1;
}
""", S, codes={"S2P201"}),
    case("flow_between_strides_in_a_dimension", "c", r"""
double A[512][16];
void k(int n) {
    for (int i = 0; i < n; i++) /*T*/
        for (int j = 0; j < 16; j++)
            A[2 * i][j] = A[4 * i][j] + 1;
}
""", S, codes={"S2P201"}),
    case("same_stride_rows_stay_independent", "c", r"""
int a[1024];
void k(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[4 * i] = a[4 * i + 2] + 1;
}
""", P),
    # ===== 1-D affine subscripts: anti / output ========================================================
    case("anti_i_plus_1", "c", r"""
double a[1001];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i] = a[i + 1];
}
""", S, codes={"S2P202"}),
    case("anti_across_statements", "c", r"""
double a[1001], b[1000], c[1000];
void f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        a[i] = c[i];
        b[i] = a[i + 1];
    }
}
""", S, codes={"S2P202"}),
    case("anti_stride_coefficient_2", "c", r"""
double a[2002];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[2 * i] = a[2 * i + 2] * 0.5;
}
""", S, codes={"S2P202"}),
    case("flow_and_anti_inplace_stencil", "c", r"""
double a[1001];
void f(int n) {
    for (int i = 1; i < n; i++) /*T*/
        a[i] = 0.5 * (a[i - 1] + a[i + 1]);
}
""", S, codes={"S2P201", "S2P202"}),
    case("output_dep_overlapping_writes", "c", r"""
double a[1001], x[1000], y[1000];
void f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        a[i] = x[i];
        a[i + 1] = y[i];
    }
}
""", S, codes={"S2P203"}),
    case("output_dep_fixed_element_from_ai", "c", r"""
double a[1000];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[5] = a[i];
}
""", S, codes={"S2P203"}),
    case("output_dep_fixed_element", "c", r"""
double a[1000], b[1000];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[0] = b[i] * 3.0;
}
""", S, codes={"S2P203"}),
    # ===== 1-D: independent ============================================================================
    case("same_element_scale", "c", r"""
double a[1000];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i] = a[i] * 2;
}
""", P),
    case("same_element_compound_add", "c", r"""
double a[1000], b[1000];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i] += b[i];
}
""", P),
    case("loop_independent_anti_only", "c", r"""
double a[1000], b[1000], c[1000];
void f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        a[i] = b[i];
        b[i] = c[i];
    }
}
""", P),
    case("map_three_arrays_le_bound", "c", r"""
double a[1001], b[1001], c[1001];
void f(int n) {
    for (int i = 0; i <= n; i++) /*T*/
        a[i] = b[i] + c[i];
}
""", P),
    case("loop_invariant_scalars_read", "c", r"""
double a[1000], b[1000];
void axpb(int n, double alpha, double beta) {
    for (int i = 0; i < n; i++) /*T*/
        b[i] = alpha * a[i] + beta;
}
""", P),
    case("index_declared_outside_map", "c", r"""
double a[1000], b[1000];
void f(int n) {
    int i;
    for (i = 0; i < n; i++) /*T*/
        a[i] = b[i] + 1.0;
}
""", P),
    case("gcd_even_write_odd_read", "c", r"""
double a[2001];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[2 * i] = a[2 * i + 1];
}
""", P),
    case("gcd_odd_write_even_read", "c", r"""
double a[2001];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[2 * i + 1] = a[2 * i] + 1.0;
}
""", P),
    case("gcd_2i_vs_4i_plus_1", "c", r"""
double a[4001];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[2 * i] = a[4 * i + 1];
}
""", P),
    case("gcd_3i_vs_3i_plus_1_and_2", "c", r"""
double a[3002];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[3 * i] = a[3 * i + 1] + a[3 * i + 2];
}
""", P),
    case("stride_2_even_write_odd_read", "c", r"""
double a[1001];
void f(int n) {
    for (int i = 0; i < n; i += 2) /*T*/
        a[i] = a[i + 1];
}
""", P),
    case("stride_2_flow", "c", r"""
double a[1002];
void f(int n) {
    for (int i = 0; i < n; i += 2) /*T*/
        a[i + 2] = a[i];
}
""", S, codes={"S2P201"}),
    case("downward_map", "c", r"""
double a[1000], b[1000];
void f(int n) {
    for (int i = n - 1; i >= 0; i--) /*T*/
        a[i] = b[i] * 2.0;
}
""", P),
    case("downward_shift_is_anti", "c", r"""
double a[1000];
void f(int n) {
    for (int i = n - 1; i > 0; i--) /*T*/
        a[i] = a[i - 1];
}
""", S, codes={"S2P202"}),
    case("downward_write_below_is_flow", "c", r"""
double a[1000];
void f(int n) {
    for (int i = n - 1; i > 0; i--) /*T*/
        a[i - 1] = a[i] + 1.0;
}
""", S, codes={"S2P201"}),
    # ===== symbolic offsets and Banerjee bounds ========================================================
    case("symbolic_offset_unknown", "c", r"""
double a[2000];
void f(int n, int m) {
    for (int i = 0; i < n; i++) /*T*/
        a[i] = a[i + m];
}
""", S),
    case("banerjee_literal_disjoint", "c", r"""
double a[200];
void f(void) {
    for (int i = 0; i < 100; i++) /*T*/
        a[i] = a[i + 100];
}
""", P),
    case("banerjee_define_disjoint", "c", r"""
#define N 100
double a[2 * N];
void f(void) {
    for (int i = 0; i < N; i++) /*T*/
        a[i] = a[i + N];
}
""", P),
    case("banerjee_literal_overlap_at_boundary", "c", r"""
double a[200];
void f(void) {
    for (int i = 0; i < 100; i++) /*T*/
        a[i] = a[i + 99];
}
""", S, codes={"S2P202"}),
    case("banerjee_disjoint_halves_flow_direction", "c", r"""
double a[100];
void f(void) {
    for (int i = 0; i < 50; i++) /*T*/
        a[i + 50] = a[i] * 2.0;
}
""", P),
    case("banerjee_reversed_disjoint", "c", r"""
double a[200];
void f(void) {
    for (int i = 0; i < 100; i++) /*T*/
        a[i] = a[199 - i];
}
""", P),
    case("reverse_in_place_symbolic", "c", r"""
double a[1000];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i] = a[n - 1 - i];
}
""", S),
    case("non_affine_division_write", "c", r"""
double a[1000], b[2000];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i / 2] = b[i];
}
""", S),
]

# ===== 2-D nests =======================================================================================
CASES += nest("row_recurrence", "c", r"""
double a[100][100], b[100][100];
void f(int n, int m) {
    for (int i = 1; i < n; i++) /*O*/
        for (int j = 0; j < m; j++) /*I*/
            a[i][j] = a[i - 1][j] + b[i][j];
}
""", O=(S, (), {"S2P201"}), I=(P, (), ()))
CASES += nest("column_recurrence", "c", r"""
double a[100][100], b[100][100];
void f(int n, int m) {
    for (int i = 0; i < n; i++) /*O*/
        for (int j = 1; j < m; j++) /*I*/
            a[i][j] = a[i][j - 1] + b[i][j];
}
""", O=(P, (), ()), I=(S, (), {"S2P201"}))
CASES += nest("diagonal_recurrence", "c", r"""
double a[100][101];
void f(int n, int m) {
    for (int i = 1; i < n; i++) /*O*/
        for (int j = 0; j < m; j++) /*I*/
            a[i][j] = a[i - 1][j + 1] * 0.5;
}
""", O=(S, (), {"S2P201"}), I=(P, (), ()))
CASES += nest("triangular_map", "c", r"""
double a[100][100], b[100][100];
void f(int n) {
    for (int i = 0; i < n; i++) /*O*/
        for (int j = 0; j < i; j++) /*I*/
            a[i][j] = b[i][j] * 2.0;
}
""", O=(P, (), ()), I=(P, (), ()))
CASES += nest("triangular_lower_from_upper", "c", r"""
double a[100][100];
void f(int n) {
    for (int i = 0; i < n; i++) /*O*/
        for (int j = 0; j < i; j++) /*I*/
            a[i][j] = a[j][i];
}
""", O=(P, (), ()), I=(P, (), ()))
CASES += nest("symmetric_fill_upper_to_lower", "c", r"""
double c[100][100], d[100][100];
void f(int n) {
    for (int i = 0; i < n; i++) /*O*/
        for (int j = i; j < n; j++) { /*I*/
            c[i][j] = d[i][j] * 0.5;
            c[j][i] = c[i][j];
        }
}
""", O=(P, (), ()), I=(P, (), ()))
CASES += nest("siblings_reusing_an_index_name", "c", r"""
double a[64][64], b[64][64];
void f(void) {
    for (int i = 0; i < 64; i++) { /*O*/
        for (int j = 0; j < 64; j++)
            a[i][j] = a[i][j] * 2 + 1;
        for (int j = i + 1; j < 64; j++)
            b[i][j] = a[j][i];
    }
}
""", O=(S, (), {"S2P201"}))
CASES += nest("triangle_one_past_the_diagonal", "c", r"""
double a[100][100];
void f(int n) {
    for (int i = 0; i < n - 1; i++) /*O*/
        for (int j = 0; j <= i + 1; j++) /*I*/
            a[i][j] = a[j][i] + 1.0;
}
""", O=(S, (), {"S2P201"}), I=(P, (), ()))
CASES += nest("square_transpose_in_place", "c", r"""
double a[100][100];
void f(int n) {
    for (int i = 0; i < n; i++) /*O*/
        for (int j = 0; j < n; j++) /*I*/
            a[i][j] = a[j][i];
}
""", O=(S, (), ()), I=(P, (), ()))
CASES += nest("jacobi_2d", "c", r"""
double u[100][100], un[100][100];
void step(int n, int m) {
    for (int i = 1; i < n - 1; i++) /*O*/
        for (int j = 1; j < m - 1; j++) /*I*/
            un[i][j] = 0.25 * (u[i - 1][j] + u[i + 1][j] + u[i][j - 1] + u[i][j + 1]);
}
""", O=(P, (), ()), I=(P, (), ()))
CASES += nest("gauss_seidel_in_place", "c", r"""
double u[100][100];
void sweep(int n, int m) {
    for (int i = 1; i < n - 1; i++) /*O*/
        for (int j = 1; j < m - 1; j++) /*I*/
            u[i][j] = 0.25 * (u[i - 1][j] + u[i + 1][j] + u[i][j - 1] + u[i][j + 1]);
}
""", O=(S, (), {"S2P201", "S2P202"}), I=(S, (), {"S2P201", "S2P202"}))
CASES += nest("linearized_define_M", "c", r"""
#define M 64
double u[64 * 64];
void f(int n) {
    for (int i = 0; i < n; i++) /*O*/
        for (int j = 0; j < M; j++) /*I*/
            u[i * M + j] = 2.0 * u[i * M + j] + 1.0;
}
""", O=(P, (), ()), I=(P, (), ()))
CASES += nest("linearized_symbolic_M", "c", r"""
double u[1 << 20];
void f(int n, int M) {
    for (int i = 0; i < n; i++) /*O*/
        for (int j = 0; j < M; j++) /*I*/
            u[i * M + j] = 2.0 * u[i * M + j];
}
""", O=(P, (), ()), I=(P, (), ()))
CASES += nest("linearized_stencil", "c", r"""
double u[1 << 20], un[1 << 20];
void step(int n, int M) {
    for (int i = 1; i < n - 1; i++) /*O*/
        for (int j = 1; j < M - 1; j++) /*I*/
            un[i * M + j] = 0.25 * (u[(i - 1) * M + j] + u[(i + 1) * M + j]
                                    + u[i * M + j - 1] + u[i * M + j + 1]);
}
""", O=(P, (), ()), I=(P, (), ()))
CASES += nest("matmul_local_accumulator", "c", r"""
double A[64][64], B[64][64], C[64][64];
void mm(int n) {
    for (int i = 0; i < n; i++) /*O*/
        for (int j = 0; j < n; j++) { /*I*/
            double s = 0.0;
            for (int k = 0; k < n; k++) /*K*/
                s += A[i][k] * B[k][j];
            C[i][j] = s;
        }
}
""", O=(P, (), ()), I=(P, (), ()), K=(PR, [("+", "s")], ()))
CASES += nest("matmul_accumulate_into_C", "c", r"""
double A[64][64], B[64][64], C[64][64];
void mm(int n) {
    for (int i = 0; i < n; i++) /*O*/
        for (int j = 0; j < n; j++) /*I*/
            for (int k = 0; k < n; k++)
                C[i][j] += A[i][k] * B[k][j];
}
""", O=(P, (), ()), I=(P, (), ()))
CASES += nest("csr_spmv", "c", r"""
double val[10000], x[1000], y[1000];
int col[10000], rowptr[1001];
void spmv(int n) {
    for (int i = 0; i < n; i++) { /*O*/
        double s = 0.0;
        for (int k = rowptr[i]; k < rowptr[i + 1]; k++) /*I*/
            s += val[k] * x[col[k]];
        y[i] = s;
    }
}
""", O=(P, (), ()), I=(PR, [("+", "s")], ()))
CASES += nest("inner_break_does_not_block_outer", "c", r"""
double a[100][100];
void f(int n, int m) {
    for (int i = 0; i < n; i++) { /*O*/
        for (int j = 0; j < m; j++) { /*I*/
            if (a[i][j] < 0) break;
            a[i][j] = a[i][j] * 2.0;
        }
    }
}
""", O=(P, (), ()), I=(S, (), {"S2P401"}))

CASES += [
    case("matmul_scalars_declared_at_top", "c", r"""
double A[64][64], B[64][64], C[64][64];
void mm(int n) {
    int i, j, k;
    double s;
    for (i = 0; i < n; i++) /*T*/
        for (j = 0; j < n; j++) {
            s = 0.0;
            for (k = 0; k < n; k++)
                s += A[i][k] * B[k][j];
            C[i][j] = s;
        }
}
""", PP, private={"s", "j", "k"}),
    case("inner_index_declared_outside", "c", r"""
double a[100][100], b[100][100];
void f(int n, int m) {
    int j;
    for (int i = 0; i < n; i++) /*T*/
        for (j = 0; j < m; j++)
            a[i][j] = b[i][j] + 1.0;
}
""", PP, private={"j"}),
    # ===== scalars: private / carried / live-out =======================================================
    case("private_temp_declared_outside", "c", r"""
double a[1000], b[1000];
void f(int n) {
    double t;
    for (int i = 0; i < n; i++) { /*T*/
        t = a[i] * 2.0;
        b[i] = t * t;
    }
}
""", PP, private={"t"}),
    case("private_two_temps", "c", r"""
double a[1000], b[1000], c[1000];
void f(int n) {
    double t, u;
    for (int i = 0; i < n; i++) { /*T*/
        t = a[i] + b[i];
        u = a[i] - b[i];
        c[i] = t * u;
    }
}
""", PP, private={"t", "u"}),
    case("private_written_in_both_branches", "c", r"""
double a[1000], b[1000];
void f(int n) {
    double t;
    for (int i = 0; i < n; i++) { /*T*/
        if (a[i] > 0) t = a[i];
        else t = -a[i];
        b[i] = t * 2.0;
    }
}
""", PP, private={"t"}),
    case("temp_declared_inside", "c", r"""
double a[1000], b[1000];
void f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        double t = a[i] * 2.0;
        b[i] = t * t;
    }
}
""", P),
    case("temp_read_before_written", "c", r"""
double a[1000], b[1000];
void f(int n) {
    double t = 0.0;
    for (int i = 0; i < n; i++) { /*T*/
        b[i] = t;
        t = a[i];
    }
}
""", S, codes={"S2P211"}),
    case("temp_written_in_one_branch_only", "c", r"""
double a[1000], b[1000];
void f(int n) {
    double t = 0.0;
    for (int i = 0; i < n; i++) { /*T*/
        if (a[i] > 0) t = a[i];
        b[i] = t;
    }
}
""", S, codes={"S2P211"}),
    case("scalar_recurrence", "c", r"""
double a[1000], b[1000];
void f(int n) {
    double x = 0.0;
    for (int i = 0; i < n; i++) { /*T*/
        x = 0.5 * x + a[i];
        b[i] = x;
    }
}
""", S, codes={"S2P211"}),
    case("live_out_last_value", "c", r"""
double a[1000];
double f(int n) {
    double last = 0.0;
    for (int i = 0; i < n; i++) /*T*/
        last = a[i];
    return last;
}
""", PP, lastprivate={"last"}),
    case("live_out_temp_also_used_in_body", "c", r"""
double a[1000], b[1000];
double f(int n) {
    double last = 0.0;
    for (int i = 0; i < n; i++) { /*T*/
        last = a[i] * 2.0;
        b[i] = last;
    }
    return last;
}
""", PP, lastprivate={"last"}),
    case("lu_linearized_rows_below_the_pivot", "c", r"""
void lu(double *A, long N) {
    for (long i = 0; i < N; i++) {
        for (long j = i + 1; j < N; j++) { /*T*/
            A[j * N + i] = A[j * N + i] / A[i * N + i];
            for (long k = i + 1; k < N; k++)
                A[j * N + k] = A[j * N + k] - A[j * N + i] * A[i * N + k];
        }
    }
}
""", P),
    case("lu_linearized_columns_right_of_the_pivot", "c", r"""
void lu(double *A, long N) {
    for (long i = 0; i < N; i++) {
        for (long j = i + 1; j < N; j++) {
            A[j * N + i] = A[j * N + i] / A[i * N + i];
            for (long k = i + 1; k < N; k++) /*T*/
                A[j * N + k] = A[j * N + k] - A[j * N + i] * A[i * N + k];
        }
    }
}
""", P),
    case("lu_linearized_pivot_step_is_sequential", "c", r"""
void lu(double *A, long N) {
    for (long i = 0; i < N; i++) { /*T*/
        for (long j = i + 1; j < N; j++) {
            A[j * N + i] = A[j * N + i] / A[i * N + i];
            for (long k = i + 1; k < N; k++)
                A[j * N + k] = A[j * N + k] - A[j * N + i] * A[i * N + k];
        }
    }
}
""", S, codes={"S2P201"}),
    case("linearized_column_may_reach_the_next_row", "c", r"""
void f(double *A, long N) {
    for (long i = 0; i < N; i++)
        for (long j = 0; j < N; j++) /*T*/
            A[j * N + i + 1] = A[j * N + i] + 1.0;
}
""", S),
    case("live_out_conditional_last_index", "c", r"""
double a[1000];
int f(int n) {
    int last = -1;
    for (int i = 0; i < n; i++) /*T*/
        if (a[i] > 0) last = i;
    return last;
}
""", PP, lastprivate={"last"}),
    case("live_out_conditional_value_and_temporary", "c", r"""
double a[1000], b[1000];
double f(int n) {
    double last = 0.0;
    for (int i = 0; i < n; i++) { /*T*/
        if (a[i] > 0) {
            last = a[i] * 2.0;
            b[i] = last;
        }
    }
    return last;
}
""", PP, lastprivate={"last"}),
    case("live_out_conditional_but_read_first", "c", r"""
double a[1000];
int f(int n) {
    int last = -1;
    for (int i = 0; i < n; i++) /*T*/
        if (a[i] > last) last = i;
    return last;
}
""", S, codes={"S2P211"}),
    case("live_out_conditional_compound", "c", r"""
double a[1000];
int f(int n) {
    int last = 1;
    for (int i = 0; i < n; i++) { /*T*/
        if (a[i] > 0) last = i;
        else last *= 1;
    }
    return last;
}
""", S),
    case("live_out_conditional_object", "cpp", r"""
#include <string>
double a[1000];
std::string f(int n) {
    std::string last;
    for (int i = 0; i < n; i++) /*T*/
        if (a[i] > 0) last = "x";
    return last;
}
""", S, codes={"S2P212"}),
    case("live_out_stored_through_pointer_after_loop", "c", r"""
double a[1000], b[1000];
void f(int n, double *out) {
    double t = 0.0;
    for (int i = 0; i < n; i++) { /*T*/
        t = a[i] + 1.0;
        b[i] = t;
    }
    *out = t;
}
""", PP, lastprivate={"t"}),
    case("live_out_assigned_only_under_a_condition", "c", r"""
double a[1000], b[1000];
double f(int n) {
    double t = 0.0;
    for (int i = 0; i < n; i++) { /*T*/
        if (a[i] > 0) { t = a[i]; b[i] = t; }
    }
    return t;
}
""", PP, lastprivate={"t"}),  # lastprivate(conditional: t)
    case("live_out_skipped_by_continue", "c", r"""
double a[1000], b[1000];
double f(int n) {
    double t = 0.0;
    for (int i = 0; i < n; i++) { /*T*/
        if (a[i] < 0) continue;
        t = a[i];
        b[i] = t;
    }
    return t;
}
""", PP, lastprivate={"t"}),  # lastprivate(conditional: t)
    # NPB's style: a file-scope scalar as the temporary of every iteration
    # NPB's style: a file-scope scalar as the temporary of every iteration, never read before it is set
    case("global_temporary_is_private", "c", r"""
static double tmp1, lhs[100][100], u[100][100];
void lhsx(int n) {
    for (int j = 1; j < n - 1; j++) /*T*/
        for (int i = 0; i < n; i++) {
            tmp1 = 1.0 / u[i][j];
            lhs[i][j] = tmp1 * tmp1;
        }
}
void lhsy(int n) {
    for (int i = 1; i < n - 1; i++) {
        tmp1 = 2.0 / u[i][0];
        lhs[i][0] = tmp1;
    }
}
""", PP, private={"tmp1"}),
    case("global_read_elsewhere_before_set_is_live_out", "c", r"""
static double tmp1, lhs[100][100], u[100][100];
void lhsx(int n) {
    for (int j = 1; j < n - 1; j++) /*T*/
        for (int i = 0; i < n; i++) {
            tmp1 = 1.0 / u[i][j];
            lhs[i][j] = tmp1 * tmp1;
        }
}
double last(void) { return tmp1; }
""", PP, lastprivate={"tmp1"}),  # assigned in the inner loop only: lastprivate(conditional: tmp1)
    # the next pass of the loop around it reads the last iteration's value (older bug: private)
    case("global_temporary_read_on_the_next_pass_is_live_out", "c", r"""
static double tmp1, a[1000], b[20];
void sweep(void) {
    tmp1 = 0.0;
    for (int k = 0; k < 20; k++) {
        b[k] = tmp1;
        for (int i = 0; i < 1000; i++) { /*T*/
            tmp1 = a[i] * 0.5 + k;
            a[i] = tmp1;
        }
    }
}
""", PP, lastprivate={"tmp1"}),
    # written first by a later loop that may not run, then read only inside it: dead (was lastprivate)
    case("global_temporary_set_by_a_later_loop_before_its_reads_is_private", "c", r"""
static double tmp1, lhs[100][100], u[100][100];
void lhsx(int n) {
    for (int j = 1; j < n - 1; j++)
        for (int i = 0; i < n; i++) { /*T*/
            tmp1 = 1.0 / u[i][j];
            lhs[i][j] = tmp1 * tmp1;
        }
    for (int i = 1; i < n - 1; i++) {
        tmp1 = 2.0 / u[i][0];
        lhs[i][0] = tmp1;
    }
}
""", PP, private={"tmp1"}),
    case("global_of_external_linkage_is_live_out", "c", r"""
double tmp1, lhs[100][100], u[100][100];
void lhsx(int n) {
    for (int j = 1; j < n - 1; j++) /*T*/
        for (int i = 0; i < n; i++) {
            tmp1 = 1.0 / u[i][j];
            lhs[i][j] = tmp1 * tmp1;
        }
}
""", PP, lastprivate={"tmp1"}),  # assigned in the inner loop only: lastprivate(conditional: tmp1)
    # ===== scalar reductions ===========================================================================
    case("red_plus_eq", "c", r"""
double x[1000];
double f(int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) /*T*/
        s += x[i];
    return s;
}
""", PR, [("+", "s")]),
    case("red_minus_eq_is_plus", "c", r"""
double x[1000];
double f(int n) {
    double s = 100.0;
    for (int i = 0; i < n; i++) /*T*/
        s -= x[i];
    return s;
}
""", PR, [("+", "s")]),
    case("red_s_eq_s_plus_x", "c", r"""
double x[1000];
double f(int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) /*T*/
        s = s + x[i];
    return s;
}
""", PR, [("+", "s")]),
    case("red_s_eq_x_plus_s", "c", r"""
double x[1000];
double f(int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) /*T*/
        s = x[i] + s;
    return s;
}
""", PR, [("+", "s")]),
    case("red_s_eq_s_minus_x", "c", r"""
double x[1000];
double f(int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) /*T*/
        s = s - x[i];
    return s;
}
""", PR, [("+", "s")]),
    case("red_times_eq", "c", r"""
double x[1000];
double f(int n) {
    double p = 1.0;
    for (int i = 0; i < n; i++) /*T*/
        p *= x[i];
    return p;
}
""", PR, [("*", "p")]),
    case("red_p_eq_p_times_x", "c", r"""
double x[1000];
double f(int n) {
    double p = 1.0;
    for (int i = 0; i < n; i++) /*T*/
        p = p * x[i];
    return p;
}
""", PR, [("*", "p")]),
    case("red_bitand", "c", r"""
unsigned flags[1000];
unsigned f(int n) {
    unsigned m = ~0u;
    for (int i = 0; i < n; i++) /*T*/
        m &= flags[i];
    return m;
}
""", PR, [("&", "m")]),
    case("red_bitor", "c", r"""
unsigned flags[1000];
unsigned f(int n) {
    unsigned m = 0;
    for (int i = 0; i < n; i++) /*T*/
        m |= flags[i];
    return m;
}
""", PR, [("|", "m")]),
    case("red_bitxor", "c", r"""
unsigned flags[1000];
unsigned f(int n) {
    unsigned m = 0;
    for (int i = 0; i < n; i++) /*T*/
        m ^= flags[i];
    return m;
}
""", PR, [("^", "m")]),
    case("red_logical_and", "c", r"""
double x[1000];
int f(int n) {
    int ok = 1;
    for (int i = 0; i < n; i++) /*T*/
        ok = ok && (x[i] > 0);
    return ok;
}
""", PR, [("&&", "ok")]),
    case("red_logical_or", "c", r"""
double x[1000];
int f(int n) {
    int any = 0;
    for (int i = 0; i < n; i++) /*T*/
        any = any || (x[i] < 0);
    return any;
}
""", PR, [("||", "any")]),
    case("red_fmax", "c", r"""
double fmax(double, double);
double x[1000];
double f(int n) {
    double m = -1e300;
    for (int i = 0; i < n; i++) /*T*/
        m = fmax(m, x[i]);
    return m;
}
""", PR, [("max", "m")]),
    case("red_fmin_undeclared", "c", r"""
double x[1000];
double f(int n) {
    double m = 1e300;
    for (int i = 0; i < n; i++) /*T*/
        m = fmin(m, x[i]);
    return m;
}
""", PR, [("min", "m")]),
    # `m = m > x ? m : x` stores a NaN element and drops it at the next one: over doubles the result
    # depends on the order ([100, NaN, 1, 2]: 2 in order, 100 in SIMD lanes), so no reduction; over
    # integers it is one, and the form that stores x only when `x > m` holds is one for doubles too
    case("red_ternary_max_keeps_on_true_is_order_dependent", "c", r"""
double x[1000];
double f(int n) {
    double m = -1e300;
    for (int i = 0; i < n; i++) /*T*/
        m = m > x[i] ? m : x[i];
    return m;
}
""", S, codes=["S2P211"]),
    case("red_ternary_max_integers", "c", r"""
int x[1000];
int f(int n) {
    int m = -1;
    for (int i = 0; i < n; i++) /*T*/
        m = m > x[i] ? m : x[i];
    return m;
}
""", PR, [("max", "m")]),
    case("red_ternary_max", "c", r"""
double x[1000];
double f(int n) {
    double m = -1e300;
    for (int i = 0; i < n; i++) /*T*/
        m = x[i] > m ? x[i] : m;
    return m;
}
""", PR, [("max", "m")]),
    case("red_ternary_min", "c", r"""
double x[1000];
double f(int n) {
    double m = 1e300;
    for (int i = 0; i < n; i++) /*T*/
        m = x[i] < m ? x[i] : m;
    return m;
}
""", PR, [("min", "m")]),
    case("red_if_max", "c", r"""
double x[1000];
double f(int n) {
    double m = x[0];
    for (int i = 1; i < n; i++) /*T*/
        if (x[i] > m) m = x[i];
    return m;
}
""", PR, [("max", "m")]),
    case("red_if_min_braced", "c", r"""
double x[1000];
double f(int n) {
    double m = x[0];
    for (int i = 1; i < n; i++) { /*T*/
        if (x[i] < m) {
            m = x[i];
        }
    }
    return m;
}
""", PR, [("min", "m")]),
    case("red_if_min_filtered", "c", r"""
int x[1000];
int f(int n) {
    int m = x[0];
    for (int i = 1; i < n; i++) { /*T*/
        if (x[i] % 2 == 1 && x[i] < m) {
            m = x[i];
        }
    }
    return m;
}
""", PR, [("min", "m")]),
    case("red_if_max_filter_after", "c", r"""
double x[1000];
double f(int n) {
    double m = x[0];
    for (int i = 1; i < n; i++) { /*T*/
        if ((x[i] > m) && (x[i] < 100.0 && x[i] != 7.0))
            m = x[i];
    }
    return m;
}
""", PR, [("max", "m")]),
    case("not_red_filter_reads_s", "c", r"""
int x[1000];
int f(int n) {
    int m = x[0];
    for (int i = 1; i < n; i++) { /*T*/
        if (x[i] < m && m % 2 == 0)
            m = x[i];
    }
    return m;
}
""", S, codes=["S2P211"]),
    case("not_red_filter_or", "c", r"""
int x[1000];
int f(int n) {
    int m = x[0];
    for (int i = 1; i < n; i++) { /*T*/
        if (x[i] % 2 == 1 || x[i] < m)
            m = x[i];
    }
    return m;
}
""", S, codes=["S2P211"]),
    case("strlen_reads_the_written_string", "c", r"""
#include <string.h>
char s[100];
int lens[100];
void f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        s[i] = 'a';
        lens[i] = (int) strlen(s);
    }
}
""", S, codes=["S2P201"]),
    case("red_conditional_sum", "c", r"""
double x[1000];
double f(int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) /*T*/
        if (x[i] > 0) s += x[i];
    return s;
}
""", PR, [("+", "s")]),
    case("red_conditional_count", "c", r"""
double x[1000];
int f(int n, double thr) {
    int count = 0;
    for (int i = 0; i < n; i++) /*T*/
        if (x[i] > thr) count++;
    return count;
}
""", PR, [("+", "count")]),
    case("red_dot_product", "c", r"""
double x[1000], y[1000];
double dot(int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) /*T*/
        s += x[i] * y[i];
    return s;
}
""", PR, [("+", "s")]),
    case("red_two_sums", "c", r"""
double x[1000];
double f(int n) {
    double s = 0.0, q = 0.0;
    for (int i = 0; i < n; i++) { /*T*/
        s += x[i];
        q += x[i] * x[i];
    }
    return q / n - (s / n) * (s / n);
}
""", PR, [("+", "s"), ("+", "q")]),
    case("red_sum_and_max", "c", r"""
double x[1000];
double f(int n) {
    double s = 0.0, m = -1e300;
    for (int i = 0; i < n; i++) { /*T*/
        s += x[i];
        m = fmax(m, x[i]);
    }
    return s + m;
}
""", PR, [("+", "s"), ("max", "m")]),
    case("red_with_map", "c", r"""
double x[1000], y[1000];
double f(int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) { /*T*/
        y[i] = 2.0 * x[i];
        s += y[i];
    }
    return s;
}
""", PR, [("+", "s")]),
    case("red_with_private_temp", "c", r"""
double x[1000];
double f(int n) {
    double t, s = 0.0;
    for (int i = 0; i < n; i++) { /*T*/
        t = x[i] * x[i];
        s += t;
    }
    return s;
}
""", PR, [("+", "s")], private={"t"}),
    case("red_counter_not_otherwise_used", "c", r"""
double a[1000], b[1000];
int f(int n) {
    int k = 0;
    for (int i = 0; i < n; i++) { /*T*/
        a[i] = b[i];
        k++;
    }
    return k;
}
""", PR, [("+", "k")]),
    case("red_conditional_decrement", "c", r"""
double a[1000];
int f(int n) {
    int left = n;
    for (int i = 0; i < n; i++) /*T*/
        if (a[i] == 0) left--;
    return left;
}
""", PR, [("+", "left")]),
    case("not_red_prefix_sum_read_in_body", "c", r"""
double x[1000], y[1000];
void f(int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) { /*T*/
        s += x[i];
        y[i] = s;
    }
}
""", S, codes={"S2P211"}),
    case("not_red_two_operators", "c", r"""
double x[1000];
double f(int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) { /*T*/
        s += x[i];
        s *= 0.5;
    }
    return s;
}
""", S, codes={"S2P211"}),
    case("not_red_x_minus_s", "c", r"""
double x[1000];
double f(int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) /*T*/
        s = x[i] - s;
    return s;
}
""", S, codes={"S2P211"}),
    # ===== minloc / maxloc =============================================================================
    case("minloc", "c", r"""
double d[1000];
int argmin(int n) {
    double best = 1e300;
    int bi = -1;
    for (int i = 0; i < n; i++) { /*T*/
        if (d[i] < best) {
            best = d[i];
            bi = i;
        }
    }
    return bi;
}
""", PR, [("min", "best", "minloc", "bi")]),
    case("maxloc", "c", r"""
double d[1000];
int argmax(int n) {
    double best = -1e300;
    int bi = -1;
    for (int i = 0; i < n; i++) { /*T*/
        if (d[i] > best) {
            best = d[i];
            bi = i;
        }
    }
    return bi;
}
""", PR, [("max", "best", "maxloc", "bi")]),
    case("minloc_reversed_comparison", "c", r"""
double d[1000];
int argmin(int n) {
    double best = 1e300;
    int bi = -1;
    for (int i = 0; i < n; i++) { /*T*/
        if (best > d[i]) {
            bi = i;
            best = d[i];
        }
    }
    return bi;
}
""", PR, [("min", "best", "minloc", "bi")]),
    # ===== array reductions and indirect accesses ======================================================
    case("array_red_hist_plus_eq_1", "c", r"""
int hist[256];
int key[1000];
void h(int n) {
    for (int i = 0; i < n; i++) /*T*/
        hist[key[i]] += 1;
}
""", PR, [("+", "hist", "array")]),
    case("array_red_hist_postincrement", "c", r"""
int hist[256];
int key[1000];
void h(int n) {
    for (int i = 0; i < n; i++) /*T*/
        hist[key[i]]++;
}
""", PR, [("+", "hist", "array")]),
    case("array_red_hist_preincrement", "c", r"""
int hist[256];
int key[1000];
void h(int n) {
    for (int i = 0; i < n; i++) /*T*/
        ++hist[key[i]];
}
""", PR, [("+", "hist", "array")]),
    case("array_red_weighted", "c", r"""
double hist[256], w[1000];
int key[1000];
void h(int n) {
    for (int i = 0; i < n; i++) /*T*/
        hist[key[i]] += w[i];
}
""", PR, [("+", "hist", "array")]),
    case("array_red_computed_bin", "c", r"""
int hist[16];
double x[1000];
void h(int n) {
    for (int i = 0; i < n; i++) /*T*/
        hist[(int)(x[i] * 10.0)] += 1;
}
""", PR, [("+", "hist", "array")]),
    case("array_red_kmeans_outer", "c", r"""
double x[1000][8], sum[16][8];
int label[1000];
void acc(int n, int D) {
    for (int p = 0; p < n; p++) /*T*/
        for (int d = 0; d < D; d++)
            sum[label[p]][d] += x[p][d];
}
""", PR, [("+", "sum", "array")]),
    case("array_red_kmeans_outer_with_count", "c", r"""
double x[1000][8], sum[16][8];
int label[1000], count[16];
void acc(int n, int D) {
    for (int p = 0; p < n; p++) { /*T*/
        count[label[p]] += 1;
        for (int d = 0; d < D; d++)
            sum[label[p]][d] += x[p][d];
    }
}
""", PR, [("+", "count", "array"), ("+", "sum", "array")]),
    case("kmeans_inner_d_loop_distinct_elements", "c", r"""
double x[1000][8], sum[16][8];
int label[1000];
void acc(int n, int D) {
    for (int p = 0; p < n; p++)
        for (int d = 0; d < D; d++) /*T*/
            sum[label[p]][d] += x[p][d];
}
""", P),
    case("array_red_also_read_in_body", "c", r"""
int hist[256], key[1000], y[1000];
void h(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        hist[key[i]] += 1;
        y[i] = hist[key[i]];
    }
}
""", S),
    # (2026-12-06) a store through `i / c` or `i % c` in a loop of more than c iterations hits one element
    # twice: a proven output dependence (`check` reports S2P701 instead of a warning), not an unknown one
    case("store_through_index_divided", "c", r"""
double a[1000], last[500];
void f(void) {
    for (int i = 0; i < 1000; i++) /*T*/
        last[i / 2] = a[i];
}
""", S, codes={"S2P203"}),
    case("store_through_index_modulo", "c", r"""
double a[1000], last[10][4];
void f(int k) {
    for (int i = 0; i < 1000; i++) /*T*/
        last[i % 10][k] = a[i];
}
""", S, codes={"S2P203"}),
    case("store_through_index_modulo_short_loop", "c", r"""
double a[1000], last[10];
void f(void) {
    for (int i = 0; i < 8; i++) /*T*/
        last[i % 10] = a[i];
}
""", S, codes={"S2P204"}),
    case("store_through_index_modulo_in_an_inner_dimension", "c", r"""
double a[1000], last[1000][10];
void f(void) {
    for (int i = 0; i < 1000; i++) /*T*/
        last[i][i % 10] = a[i];
}
""", P),
    case("indirect_plain_write", "c", r"""
double a[1000], b[1000];
int idx[1000];
void scatter(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[idx[i]] = b[i];
}
""", S, codes={"S2P204"}),
    case("indirect_read_gather", "c", r"""
double x[1000], y[1000];
int col[1000];
void gather(int n) {
    for (int i = 0; i < n; i++) /*T*/
        y[i] = x[col[i]];
}
""", P),
    case("indirect_write_asserted_independent", "c", r"""
double a[1000], b[1000];
int idx[1000];
void scatter(int n) {
    // seq2par: independent(a)
    for (int i = 0; i < n; i++) /*T*/
        a[idx[i]] = b[i];
}
""", P, asserted=True),
    # ===== induction variables =========================================================================
    case("induction_index_of_write", "c", r"""
double a[1000], b[1000];
void f(int n) {
    int k = 0;
    for (int i = 0; i < n; i++) { /*T*/
        a[k] = b[i];
        k++;
    }
}
""", S, codes={"S2P213"}),
    case("induction_step_2_after_use", "c", r"""
double a[1000], c[3000];
void f(int n) {
    int k = 1;
    for (int i = 0; i < n; i++) { /*T*/
        k += 2;
        c[k] = a[i];
    }
}
""", S, codes={"S2P213"}),
    case("induction_value_read", "c", r"""
int b[1000];
void f(int n) {
    int k = 0;
    for (int i = 0; i < n; i++) { /*T*/
        b[i] = k;
        k = k + 3;
    }
}
""", S, codes={"S2P213"}),
    case("conditional_pack", "c", r"""
double x[1000], out[1000];
int pack(int n) {
    int k = 0;
    for (int i = 0; i < n; i++) { /*T*/
        if (x[i] > 0) {
            out[k] = x[i];
            k++;
        }
    }
    return k;
}
""", S),
    # ===== calls =======================================================================================
    case("call_sqrt_undeclared", "c", r"""
double x[1000], y[1000];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        y[i] = sqrt(x[i]);
}
""", P),
    case("call_exp_declared", "c", r"""
double exp(double);
double x[1000], y[1000];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        y[i] = exp(-x[i]);
}
""", P),
    case("call_sin_with_include", "c", r"""
#include <math.h>
double x[1000], y[1000];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        y[i] = sin(x[i]) * 0.5;
}
""", P),
    case("call_pow", "c", r"""
double x[1000], y[1000];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        y[i] = pow(x[i], 2.0) + 1.0;
}
""", P),
    case("call_fabs", "c", r"""
double x[1000], y[1000];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        y[i] = fabs(x[i]);
}
""", P),
    case("io_printf", "c", r"""
#include <stdio.h>
double a[1000];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        printf("%f ", a[i]);
}
""", S, codes={"S2P303"}),
    case("io_puts_with_compute", "c", r"""
double a[1000], b[1000];
void f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        b[i] = a[i] * 2.0;
        if (b[i] < 0) puts("negative");
    }
}
""", S, codes={"S2P303"}),
    case("io_fprintf_stderr", "c", r"""
#include <stdio.h>
double a[1000];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        fprintf(stderr, "%d %f ", i, a[i]);
}
""", S, codes={"S2P303"}),
    case("io_fwrite", "c", r"""
#include <stdio.h>
double a[1000];
void dump(FILE *fp, int n) {
    for (int i = 0; i < n; i++) /*T*/
        fwrite(&a[i], sizeof(double), 1, fp);
}
""", S, codes={"S2P303"}),
    case("user_pure_function", "c", r"""
static double f(double x) { return x * x; }
double x[1000], y[1000];
void g(int n) {
    for (int i = 0; i < n; i++) /*T*/
        y[i] = f(x[i]);
}
""", P),
    case("user_pure_function_transitive", "c", r"""
static double sq(double v) { return v * v; }
static double norm2(double u, double v) { return sqrt(sq(u) + sq(v)); }
double x[1000], y[1000], r[1000];
void g(int n) {
    for (int i = 0; i < n; i++) /*T*/
        r[i] = norm2(x[i], y[i]);
}
""", P),
    case("user_function_reads_global_only", "c", r"""
static double scale = 2.5;
static double apply(double v) { return v * scale; }
double x[1000], y[1000];
void g(int n) {
    for (int i = 0; i < n; i++) /*T*/
        y[i] = apply(x[i]);
}
""", P),
    case("user_pure_function_reads_array_param", "c", r"""
static double avg3(const double *v, int i) { return (v[i - 1] + v[i] + v[i + 1]) / 3.0; }
double x[1002], y[1002];
void smooth(int n) {
    for (int i = 1; i < n - 1; i++) /*T*/
        y[i] = avg3(x, i);
}
""", P),
    case("user_function_writes_global", "c", r"""
static int counter;
static void tick(void) { counter++; }
double a[1000], b[1000];
void g(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        a[i] = b[i];
        tick();
    }
}
""", S, codes={"S2P302"}),
    case("user_function_writes_through_pointer_args", "c", r"""
static void push(double *buf, int *len, double v) {
    buf[*len] = v;
    *len = *len + 1;
}
double out[1000], x[1000];
int g(int n) {
    int len = 0;
    for (int i = 0; i < n; i++) /*T*/
        push(out, &len, x[i]);
    return len;
}
""", S, codes={"S2P302"}),
    case("unknown_external_declared_only", "c", r"""
double ext(double);
double x[1000], y[1000];
void g(int n) {
    for (int i = 0; i < n; i++) /*T*/
        y[i] = ext(x[i]);
}
""", S, codes={"S2P301"}),
    case("unknown_external_undeclared", "c", r"""
double x[1000], y[1000];
void g(int n) {
    for (int i = 0; i < n; i++) /*T*/
        y[i] = mystery_transform(x[i]);
}
""", S, codes={"S2P301"}),
    case("call_rand", "c", r"""
#include <stdlib.h>
double x[1000];
void g(int n) {
    for (int i = 0; i < n; i++) /*T*/
        x[i] = rand() / 32768.0;
}
""", S, codes={"S2P302"}),
    # ===== aliasing of pointer parameters ==============================================================
    case("alias_two_pointer_params_no_callers", "c", r"""
void add1(double *a, double *b, int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i] = b[i] + 1;
}
""", S, codes={"S2P501"}),
    case("alias_const_source_still_may_alias", "c", r"""
void copy(double *a, const double *b, int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i] = b[i];
}
""", S, codes={"S2P501"}),
    case("alias_restrict_both", "c", r"""
void add1(double *restrict a, const double *restrict b, int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i] = b[i] + 1;
}
""", P),
    case("alias_callers_pass_distinct_arrays", "c", r"""
static void add1(double *a, double *b, int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i] = b[i] + 1;
}
double x[100], y[100];
void run(void) {
    add1(x, y, 100);
    add1(y, x, 100);
}
""", P),
    case("alias_caller_passes_overlapping", "c", r"""
static void add1(double *a, double *b, int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i] = b[i] + 1;
}
double x[100];
void run(void) {
    add1(x + 1, x, 99);
}
""", S, codes={"S2P501"}),
    case("alias_one_of_two_callers_overlaps", "c", r"""
static void add1(double *a, double *b, int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i] = b[i] + 1;
}
double x[100], y[100];
void run(void) {
    add1(x, y, 100);
    add1(&y[1], y, 99);
}
""", S, codes={"S2P501"}),
    case("alias_asserted_independent", "c", r"""
void add1(double *a, double *b, int n) {
    // seq2par: independent(a, b)
    for (int i = 0; i < n; i++) /*T*/
        a[i] = b[i] + 1;
}
""", P, asserted=True),
    case("alias_read_only_pointers_reduction", "c", r"""
double dot(const double *a, const double *b, int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) /*T*/
        s += a[i] * b[i];
    return s;
}
""", PR, [("+", "s")]),
    case("single_pointer_param_map", "c", r"""
void scale(double *a, int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i] = a[i] * 2.0;
}
""", P),
    case("single_pointer_param_recurrence", "c", r"""
void prefix(double *a, int n) {
    for (int i = 1; i < n; i++) /*T*/
        a[i] = a[i] + a[i - 1];
}
""", S, codes={"S2P201"}),
    case("pointer_increment_write", "c", r"""
double x[1000];
void f(double *out, int n) {
    double *p = out;
    for (int i = 0; i < n; i++) /*T*/
        *p++ = x[i] * 2.0;
}
""", S, codes={"S2P601"}),
    # ===== control flow ================================================================================
    case("cf_break", "c", r"""
double a[1000], b[1000];
void f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        if (a[i] < 0) break;
        b[i] = a[i];
    }
}
""", S, codes={"S2P401"}),
    case("cf_return_search", "c", r"""
int a[1000];
int find(int n, int key) {
    for (int i = 0; i < n; i++) /*T*/
        if (a[i] == key) return i;
    return -1;
}
""", S, codes={"S2P401"}),
    case("cf_goto", "c", r"""
double a[1000], b[1000];
int f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        if (a[i] < 0) goto fail;
        b[i] = a[i];
    }
    return 0;
fail:
    return -1;
}
""", S, codes={"S2P401"}),
    case("cf_exit", "c", r"""
#include <stdlib.h>
double a[1000], b[1000];
void f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        if (a[i] < 0) exit(1);
        b[i] = a[i] * 2.0;
    }
}
""", S, codes={"S2P401"}),
    case("cf_continue", "c", r"""
double a[1000], b[1000];
void f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        if (a[i] < 0) continue;
        b[i] = sqrt(a[i]);
    }
}
""", P),
    case("cf_switch_with_breaks", "c", r"""
int k[1000];
double y[1000];
void f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        switch (k[i]) {
        case 0:
            y[i] = 1.0;
            break;
        default:
            y[i] = 2.0;
            break;
        }
    }
}
""", P),
    case("cf_while_counted_by_hand", "c", r"""
double a[1000], b[1000];
void f(int n) {
    int i = 0;
    while (i < n) { /*T*/
        a[i] = b[i];
        i++;
    }
}
""", P),
    case("cf_while_counted_bound_on_the_left", "c", r"""
double a[1000], b[1000];
void f(int n) {
    int i = 0;
    while (n > i) { /*T*/
        a[i] = b[i];
        i++;
    }
}
""", P),
    case("cf_while_counted_down_bound_on_the_left", "c", r"""
double a[1000];
void f(int n) {
    int i = n;
    while (0 < i) { /*T*/
        a[i] = a[i - 1] * 0.5;
        i--;
    }
}
""", S, codes={"S2P202"}),
    case("cf_while_counted_recurrence", "c", r"""
double a[1000];
void f(int n) {
    int i = 1;
    while (i < n) { /*T*/
        a[i] = a[i - 1] * 0.5;
        i++;
    }
}
""", S, codes={"S2P201"}),
    case("cf_while_index_changed_in_body", "c", r"""
double a[1000];
void f(int n) {
    int i = 0;
    while (i < n) { /*T*/
        a[i] = 1.0;
        i += 2;
        i++;
    }
}
""", S, codes={"S2P403"}),
    case("cf_while_search", "c", r"""
double a[1000];
int f(double thr) {
    int i = 0;
    while (a[i] < thr) /*T*/
        i++;
    return i;
}
""", S, codes={"S2P402"}),
    case("cf_while_linked_list", "c", r"""
struct node { double v; struct node *next; };
void f(struct node *p) {
    while (p) { /*T*/
        p->v = p->v * 2.0;
        p = p->next;
    }
}
""", S, codes={"S2P402"}),
    case("cf_do_while", "c", r"""
double f(double x, double eps) {
    int k = 0;
    do { /*T*/
        x = 0.5 * x;
        k++;
    } while (x > eps);
    return x + k;
}
""", S, codes={"S2P402"}),
    case("cf_bound_modified", "c", r"""
double a[1000], b[1000];
void f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        a[i] = b[i];
        if (b[i] < 0) n--;
    }
}
""", S, codes={"S2P403"}),
    case("cf_member_bound_modified", "c", r"""
typedef struct { int n; double a[100]; } s_t;
double f(void) {
    s_t s;
    s.n = 100;
    for (int i = 0; i < s.n; i++) { /*T*/  /* was parallel (lastprivate: s.n): runs to 60, not 100 */
        s.a[i] = i * 0.5;
        s.n = 60;
    }
    return s.a[70];
}
""", S, codes={"S2P403"}, lastprivate=("s.n",)),
    # the start is converted to the index's type: 258 is 2 for an unsigned char (a distribution's block bounds,
    # computed in long, started at 258 and the index wrapped below them forever)
    case("cf_narrow_index_start_wraps", "c", r"""
double a[300];
void f(int n) {
    for (unsigned char i = 258; i < n; i++) /*T*/
        a[i] = a[i] * 2.0;
}
""", S, codes={"S2P402"}),
    case("cf_narrow_c89_index_start_wraps", "c", r"""
double a[70000];
void f(int n) {
    short i;
    for (i = 40000; i < n; i++) /*T*/
        a[i] = a[i] * 2.0;
}
""", S, codes={"S2P402"}),
    # a bound naming the index moves with every iteration (distributed as if fixed: a sum of 100000 terms
    # for 50000); a start naming it was re-read after the loop for the index's exit value (i = 100005 for
    # 100000 at np=1)
    case("cf_bound_names_the_index", "c", r"""
double a[100000];
double f(int n) {
    int i;
    double s = 0;
    for (i = 0; i < n - i; i++) /*T*/
        s += a[i];
    return s + i;
}
""", S, codes={"S2P402"}),
    case("cf_start_names_the_index", "c", r"""
double a[100000];
double f(int n) {
    int i = 41;
    double s = 0;
    for (i = i + 5; i < n; i++) /*T*/
        s += a[i];
    return s + i;
}
""", S, codes={"S2P402"}),
    case("cf_comma_update", "c", r"""
double a[1000];
int f(int n) {
    int k = 0;
    for (int i = 0; i < n; i++, k++) /*T*/
        a[i] = k * 2.0;
    return k;
}
""", S, codes={"S2P402"}),
    # a call in the condition runs at every iteration of the sequential loop, once in a parallel one
    case("cf_bound_call_with_side_effect", "c", r"""
double a[1000];
int calls;
int lim(int n) { calls++; return n; }
void f(int n) {
    for (int i = 0; i < lim(n); i++) /*T*/
        a[i] = i * 0.5;
}
""", S, codes={"S2P403"}),
    case("cf_bound_call_reads_what_the_body_writes", "c", r"""
double a[1000];
int limit = 1000;
int getlim(void) { return limit; }
void f(int cut) {
    for (int i = 0; i < getlim(); i++) { /*T*/
        a[i] = i * 0.5;
        if (i == cut) limit = cut + 5;
    }
}
""", S, codes={"S2P403"}, lastprivate=("limit",)),
    case("cf_bound_strlen_of_what_the_body_writes", "c", r"""
#include <string.h>
char s[1000];
void f(void) {
    for (int i = 0; i < strlen(s); i++) /*T*/
        s[i] = 0;
}
""", S, codes={"S2P403"}),
    case("cf_bound_strlen_read_only", "c", r"""
#include <string.h>
char s[1000];
int out[1000];
void f(void) {
    for (int i = 0; i < strlen(s); i++) /*T*/
        out[i] = s[i] * 2;
}
""", P),
    case("cf_bound_const_method", "cpp", r"""
struct Obj { int n; int count() const { return n; } };
double a[1000];
void f(Obj obj) {
    for (int i = 0; i < obj.count(); i++) /*T*/
        a[i] = i * 0.5;
}
""", P),
    case("cf_bound_std_size_of_what_the_body_writes", "cpp", r"""
#include <iterator>
double a[1000];
void f(void) {
    for (size_t i = 0; i < std::size(a); i++) /*T*/
        a[i] = i * 0.5;
}
""", P),
    case("cf_bound_strlen_through_an_alias", "c", r"""
#include <string.h>
static char buf[1000];
void f(void) {
    char *p = buf;
    for (int i = 0; i < (int)strlen(buf); i++) /*T*/
        p[i] = i == 100 ? 0 : 'y';
}
""", S, codes={"S2P403"}),
    # `i < n` with n > 255 never ends: i wraps from 255 to 0 (review of C code, 2026-12-06)
    case("cf_narrow_index_variable_bound", "c", r"""
double a[300];
void f(int n) {
    for (unsigned char i = 255; i < n; i++) /*T*/
        a[i] = a[i] * 2.0;
}
""", S, codes={"S2P402"}),
    case("cf_narrow_index_in_range", "c", r"""
double a[300];
void f(void) {
    for (unsigned char i = 100; i < 255; i++) /*T*/
        a[i] = a[i] * 2.0;
}
""", P),
    case("alias_private_allocation_vs_members", "c", r"""
#include <stdlib.h>
typedef struct { int n; double *u, *f; } grid_t;
void relax(grid_t *g) {
    double *tmp = malloc(g->n * sizeof(double));
    for (int i = 1; i < g->n - 1; i++) /*T*/
        tmp[i] = 0.5 * (g->u[i - 1] + g->u[i + 1]) + g->f[i];
    free(tmp);
}
""", P),
    case("alias_private_allocation_vs_parameter", "c", r"""
#include <stdlib.h>
void smooth(const double *x, int n, double *out) {
    double *tmp = malloc(n * sizeof *tmp);
    for (int i = 1; i < n - 1; i++) /*T*/
        tmp[i] = x[i - 1] + x[i + 1];
    for (int i = 1; i < n - 1; i++)
        out[i] = tmp[i];
    free(tmp);
}
""", P),
    case("alias_allocation_handed_out", "c", r"""
#include <stdlib.h>
typedef struct { int n; double *u, *f; } grid_t;
void relax(grid_t *g) {
    double *tmp = malloc(g->n * sizeof(double));
    g->f = tmp;
    for (int i = 1; i < g->n - 1; i++) /*T*/
        tmp[i] = 0.5 * (g->u[i - 1] + g->u[i + 1]) + g->f[i];
}
""", S, codes={"S2P501"}),
    case("macro_subscript_rows", "c", r"""
#define IDX(i, j) ((i) * n + (j))
void f(double *restrict r, const double *restrict m, int n) {
    for (int i = 0; i < n; i++) /*T*/  /* was "write through a non-affine or indirect subscript" */
        for (int j = 0; j < n; j++)
            r[IDX(i, j)] = m[IDX(j, i)] * 2.0;
}
""", P),
    case("macro_subscript_overlapping", "c", r"""
#define AT(i, j) ((i) + (j))
void f(double *restrict r, const double *restrict m, int n) {
    for (int i = 0; i < n; i++) /*T*/
        for (int j = 0; j < n; j++)
            r[AT(i, j)] = m[j];
}
""", S, codes={"S2P203"}),
    case("libm_output_arguments_are_stores", "c", r"""
#include <math.h>
double a[1000], m[1000];
int ex[1000];
void f(void) {
    int e;
    double ip;
    for (int i = 0; i < 1000; i++) { /*T*/  /* was parallel with e and ip shared: a race */
        m[i] = frexp(a[i], &e) + modf(a[i], &ip) + ip;
        ex[i] = e;
    }
}
""", PP, private=("e", "ip")),
    case("libm_rounding_is_pure", "c", r"""
#include <math.h>
float acc[1000];
long out[1000];
void f(void) {
    for (int i = 0; i < 1000; i++) /*T*/  /* lrintf was a call of unknown effects */
        out[i] = lrintf(acc[i]) + lroundf(acc[i] * 0.5f);
}
""", P),
    case("cf_index_modified", "c", r"""
double a[1000], b[1000];
void f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        a[i] = b[i];
        i += 2;
    }
}
""", S, codes={"S2P403"}),
    case("c_cast_to_typedef_before_parentheses", "c", r"""
typedef char base;
typedef double real_t;
base seq[1000];
real_t w[1000];
void init(int n) {
    for (int i = 0; i < n; i++) { /*T*/  /* (base)(...) read as a call of `(base)`, effects unknown */
        seq[i] = (base)((i + 1) % 4);
        w[i] = (real_t)(i % 7) * 0.5 + (real_t) i;
    }
}
""", P),
    case("c_cast_to_a_type_macro_before_parentheses", "c", r"""
#define real_t double
#define LIT(x) x##f
real_t w[1000];
float v[1000];
void init(int n) {
    for (int i = 0; i < n; i++) { /*T*/  /* (real_t)(...) and LIT(0.5) were calls of unknown effects */
        w[i] = (real_t)(i % 7) / n;
        v[i] = LIT(0.5) * i;
    }
}
""", P),
    case("c_parameters_declared_through_a_macro_one_array_twice", "c", r"""
#include <stdlib.h>
#define ARR1D(var, dim) var[dim]
static void shift(int n, double ARR1D(x, n), double ARR1D(y, n)) {
    for (int i = 1; i < n; i++) /*T*/  /* x and y were taken for two globals: reported parallel */
        x[i] = y[i - 1] + 1.0;
}
int main(void) {
    double *a = calloc(1000, sizeof(double));
    shift(1000, a, a);
    free(a);
    return 0;
}
""", S, codes={"S2P501"}),
    case("c_parameters_declared_through_a_macro_two_arrays", "c", r"""
#include <stdlib.h>
#define ARR1D(var, dim) var[dim]
#define ARRAY(a) (*a)
static void shift(int n, double ARR1D(x, n), double ARR1D(y, n)) {
    for (int i = 1; i < n; i++) /*T*/
        x[i] = y[i - 1] + 1.0;
}
int main(void) {
    double (*a)[1000] = calloc(1000, sizeof(double)), (*b)[1000] = calloc(1000, sizeof(double));
    shift(1000, ARRAY(a), ARRAY(b));
    free(a); free(b);
    return 0;
}
""", P),
    case("c_extern_global_pointers_may_alias", "c", r"""
extern double *x, *y;
void shift(int n) {
    for (int i = 1; i < n; i++) /*T*/  /* was parallel: another file sets x and y, maybe to one array */
        x[i] = y[i - 1] + 1.0;
}
""", S, codes={"S2P501"}),
    case("c_library_global_pointers_it_never_sets_may_alias", "c", r"""
double *x, *y;  /* a library's globals: the program's main, in another file, sets them */
void shift(int n) {
    for (int i = 1; i < n; i++) /*T*/  /* was parallel: nothing here sets x or y, so each seemed its own */
        x[i] = y[i - 1] + 1.0;
}
""", S, codes={"S2P501"}),
    case("c_static_global_pointers_allocated_here_are_two_arrays", "c", r"""
#include <stdlib.h>
static double *x, *y;
void shift(int n) {
    for (int i = 1; i < n; i++) /*T*/
        x[i] = y[i - 1] + 1.0;
}
int main(void) {
    x = malloc(1000 * sizeof *x);
    y = calloc(1000, sizeof *y);
    shift(1000);
    return 0;
}
""", P),
    *(case(f"c_row_table_aliased_{how}", "c", ROW_TABLE.replace("ALIAS", alias).replace("AFTER", ""),
           S, codes={"S2P501"})
      for how, alias in (("through_a_copy", "double **w = u; w[2] = u[40];"), ("by_a_callee", "mess(u);"),
                         ("by_memcpy", "memcpy(&u[2], &u[40], sizeof *u);"),
                         ("through_an_offset", "*(u + 2) = u[40];"))),
    # a table of tables: its rows are t[i] and t[i][j]; a store at either level other than an allocation of
    # its own may make two rows one (`t[i][1] = t[0][0]` was reported parallel: only `t[i] = ...` was seen)
    *(case(f"c_three_level_table_{how}", "c", TABLE3.replace("ALIAS", alias), verdict, **expect)
      for how, alias, verdict, expect in (
          ("rows_allocated", "", P, {}),
          ("second_level_row_aliased", "for (int i = 0; i < 64; i++) t[i][1] = t[0][0];", S, {"codes": {"S2P501"}}),
          ("first_level_row_aliased", "t[3] = t[2];", S, {"codes": {"S2P501"}}),
          ("second_level_row_reallocated", "t[5][5] = malloc(64 * sizeof(double));", P, {}),
          # a table of rows inside it handed out: these three were reported parallel
          ("inner_table_to_a_callee", "for (int i = 0; i < 64; i++) setrows(t[i], 64);", S, {"codes": {"S2P501"}}),
          ("inner_table_copied", "double **sub = t[3]; sub[1] = t[0][0];", S, {"codes": {"S2P501"}}),
          ("inner_table_memcpy", "memcpy(t[1], t[0], 64 * sizeof(double *));", S, {"codes": {"S2P501"}}),
          ("element_row_to_a_callee", "memset(t[1][2], 0, 64 * sizeof(double));", P, {}))),
    # handing the table out after the loop changes nothing the loop did
    case("c_row_table_handed_out_only_after_the_loop", "c",
         ROW_TABLE.replace("ALIAS", "").replace("AFTER", "use(u);"), P),
    case("c_typedef_pointer_to_rows_declared", "c", r"""
#include <stdlib.h>
typedef double real;
static void scale(int n, real a[n][n], real b[n][n]) {
    for (int i = 0; i < n; i++) /*T*/  /* was S2P501: the caller's arrays were not seen as two allocations */
        for (int j = 0; j < n; j++)
            a[i][j] = 2.0 * b[i][j];
}
int main(void) {
    int n = 100;
    real (*x)[n][n] = malloc(sizeof(real) * n * n);  /* tree-sitter reads `real(*x)[n][n]` as an expression */
    real (*y)[n][n];
    y = (real (*)[n][n]) malloc(sizeof(real) * n * n);
    scale(n, *x, *y);
    free(x); free(y);
    return 0;
}
""", P),
    # ===== C++ =========================================================================================
    case("cpp_functional_casts", "cpp", r"""
#include <cstddef>
#include <vector>
void fill(std::vector<double> &a, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) /*T*/  /* double(...) was a call of unknown effects */
        a[i] = double((i * 3) % 11) / 7.0 + float(i) + int(a[i]) + std::size_t(i);
}
""", P),
    case("cpp_index_plus_constant_condition", "cpp", r"""
#include <cstddef>
#include <vector>
std::vector<double> smooth(const std::vector<double> &u) {
    std::vector<double> v(u.size());
    for (std::size_t i = 1; i + 1 < u.size(); ++i) /*T*/  /* was "condition does not compare the index" */
        v[i] = 0.5 * u[i] + 0.25 * (u[i - 1] + u[i + 1]);
    return v;
}
""", P),
    case("cpp_range_for_sum", "cpp", r"""
#include <vector>
double total(const std::vector<double> &xs) {
    double s = 0.0;
    for (double v : xs) /*T*/
        s += v;
    return s;
}
""", PR, [("+", "s")]),
    case("cpp_range_for_ref_scale", "cpp", r"""
#include <vector>
void twice(std::vector<double> &xs) {
    for (auto &v : xs) /*T*/
        v *= 2;
}
""", P),
    case("cpp_range_for_const_ref_max", "cpp", r"""
#include <vector>
double biggest(const std::vector<double> &xs) {
    double m = -1e300;
    for (const auto &v : xs) /*T*/
        if (v > m) m = v;
    return m;
}
""", PR, [("max", "m")]),
    case("cpp_vectors_of_two_element_types", "cpp", r"""
#include <vector>
void cast(std::vector<float> const &x, std::vector<long> &out) {
    for (std::size_t i = 0; i < x.size(); ++i) /*T*/
        out[i] = (long) x[i];
}
""", P),
    # PolyBench nussinov's max through a macro, on a type named by a macro (`DATA_TYPE` for int): the ternary
    # keeps its element only when the type, as the compiler sees it, is an integer (for a double it is no
    # reduction, as a NaN element reorders it)
    case("ternary_max_on_a_macro_named_integer_type", "c", r"""
#define DATA_TYPE int
#define max_score(s1, s2) ((s1 >= s2) ? s1 : s2)
DATA_TYPE table[100][100];
void k(int i, int j) {
    for (int k = i + 1; k < j; k++) /*T*/
        table[i][j] = max_score(table[i][j], table[i][k] + table[k + 1][j]);
}
""", PR, [("max", "table", "element")]),
    case("ternary_max_on_a_macro_named_real_type", "c", r"""
#define DATA_TYPE double
#define max_score(s1, s2) ((s1 >= s2) ? s1 : s2)
DATA_TYPE table[100][100];
void k(int i, int j) {
    for (int k = i + 1; k < j; k++) /*T*/
        table[i][j] = max_score(table[i][j], table[i][k] + table[k + 1][j]);
}
""", S),
    # the index is a global a callee reads: OpenMP's private copy is not what the callee sees (it read the
    # shared one, 0, at every thread count)
    case("global_index_read_by_a_callee", "c", r"""
double a[1000], b[1000];
int gi;
static double f(void) { return a[gi] * 2; }
void k(void) {
    for (gi = 0; gi < 1000; gi++) /*T*/
        b[gi] = f();
}
""", S, codes=["S2P302"]),
    case("global_index_the_callee_gets_as_an_argument", "c", r"""
double a[1000], b[1000];
int gi;
static double g(int i) { return a[i] * 2; }
void k(void) {
    for (gi = 0; gi < 1000; gi++) /*T*/
        b[gi] = g(gi);
}
""", P),
    # a std::array's elements follow the aliasing rule as a C array's do (ParEval's `std::array<size_t, 10>`
    # bins against `std::vector<double> const &x` were refused, S2P501)
    case("cpp_std_array_bins_against_a_vector_of_another_type", "cpp", r"""
#include <array>
#include <vector>
void bins10(std::vector<double> const &x, std::array<std::size_t, 10> &bins) {
    for (std::size_t i = 0; i < x.size(); i++) { /*T*/
        std::size_t b = (std::size_t)(x[i] / 10.0);
        if (b < 10) bins[b]++;
    }
}
""", PR, [("+", "bins", "array")]),
    case("cpp_std_array_against_a_pointer_of_its_element_type", "cpp", r"""
#include <array>
void shift(std::array<double, 64> &a, double *p, int n) {
    for (int i = 0; i < n; i++) /*T*/
        p[i + 1] = a[i] + 1.0;
}
""", S, codes=["S2P501"]),
    case("cpp_std_array_inside_a_vector_of_arrays", "cpp", r"""
#include <array>
#include <vector>
void fold(std::vector<std::array<double, 3>> &v, std::array<double, 3> &a, std::size_t n) {
    for (std::size_t i = 0; i < n; i++) /*T*/
        v[i][0] = a[0] + a[1];
}
""", S, codes=["S2P501"]),
    case("cpp_vectors_of_one_type_may_alias", "cpp", r"""
#include <vector>
void shift(std::vector<double> const &x, std::vector<double> &out) {
    for (std::size_t i = 1; i < x.size(); ++i) /*T*/
        out[i] = x[i - 1];
}
""", S, codes=["S2P501"]),
    case("cpp_vector_against_global_array", "cpp", r"""
#include <vector>
const int weights[3] = {1, 2, 1};
void smooth(std::vector<double> const &in, std::vector<int> &out, int n) {
    for (int i = 1; i < n - 1; ++i) { /*T*/
        double s = 0;
        for (int k = -1; k <= 1; ++k)
            s += in[i + k] * weights[k + 1];
        out[i] = s;
    }
}
""", P),
    case("cpp_pointer_may_point_into_vector", "cpp", r"""
#include <vector>
void add(std::vector<double> &v, double *p, int n) {
    for (int i = 0; i < n; ++i) /*T*/
        v[i] = p[i] + 1.0;
}
""", S, codes=["S2P501"]),
    case("cpp_complex_constructor_is_a_value", "cpp", r"""
#include <complex>
#include <vector>
void phases(std::vector<double> const &x, std::vector<std::complex<double>> &out) {
    for (std::size_t i = 0; i < x.size(); ++i) /*T*/
        out[i] = std::exp(std::complex<double>(0.0, x[i])) * std::polar(1.0, x[i]);
}
""", P),
    case("cpp_lower_bound_reads_another_vector", "cpp", r"""
#include <algorithm>
#include <vector>
void ranks(std::vector<float> const &x, std::vector<float> const &sorted, std::vector<size_t> &r) {
    for (size_t i = 0; i < x.size(); ++i) /*T*/
        r[i] = std::distance(sorted.begin(), std::lower_bound(sorted.begin(), sorted.end(), x[i]));
}
""", P),
    case("cpp_lower_bound_reads_the_written_vector", "cpp", r"""
#include <algorithm>
#include <vector>
void insertion_ranks(std::vector<float> &v) {
    for (size_t i = 1; i < v.size(); ++i) /*T*/
        v[i] = std::distance(v.begin(), std::lower_bound(v.begin(), v.begin() + i, v[i]));
}
""", S, codes=["S2P201"]),
    case("cpp_max_element_reads_the_written_array", "cpp", r"""
#include <algorithm>
void running_max(float *w, int n) {
    for (int i = 1; i < n; ++i) /*T*/
        w[i] = *std::max_element(w, w + i);
}
""", S, codes=["S2P201"]),
    case("cpp_std_map_subscript_inserts", "cpp", r"""
#include <map>
#include <vector>
void lookup(std::map<long, double> &table, std::vector<double> &out, long n) {
    for (long i = 0; i < n; ++i) /*T*/
        out[i] = table[i] * 2.0;
}
""", S, codes={"S2P302"}),
    case("cpp_unordered_map_at_is_a_read", "cpp", r"""
#include <unordered_map>
#include <vector>
void lookup(const std::unordered_map<long, double> &table, std::vector<double> &out, long n) {
    for (long i = 0; i < n; ++i) /*T*/
        out[i] = table.at(i) * 2.0;
}
""", P),
    case("cpp_vector_map", "cpp", r"""
#include <vector>
std::vector<double> twice(const std::vector<double> &x) {
    const std::size_t n = x.size();
    std::vector<double> y(n);
    for (std::size_t i = 0; i < n; ++i) /*T*/
        y[i] = 2 * x[i];
    return y;
}
""", P),
    case("cpp_vector_map_size_in_condition", "cpp", r"""
#include <vector>
std::vector<double> twice(const std::vector<double> &x) {
    std::vector<double> y(x.size());
    for (std::size_t i = 0; i < x.size(); ++i) /*T*/
        y[i] = 2 * x[i];
    return y;
}
""", P),
    case("cpp_vector_recurrence", "cpp", r"""
#include <vector>
std::vector<double> decay(int n) {
    std::vector<double> a(n);
    a[0] = 1.0;
    for (int i = 1; i < n; ++i) /*T*/
        a[i] = a[i - 1] * 0.5;
    return a;
}
""", S, codes={"S2P201"}),
    case("cpp_push_back", "cpp", r"""
#include <vector>
std::vector<double> twice(const std::vector<double> &x, int n) {
    std::vector<double> out;
    for (int i = 0; i < n; ++i) /*T*/
        out.push_back(2 * x[i]);
    return out;
}
""", S),
    case("cpp_std_sqrt", "cpp", r"""
#include <cmath>
#include <vector>
std::vector<double> roots(const std::vector<double> &x, int n) {
    std::vector<double> y(n);
    for (int i = 0; i < n; ++i) /*T*/
        y[i] = std::sqrt(x[i]);
    return y;
}
""", P),
    case("cpp_std_exp", "cpp", r"""
#include <cmath>
#include <vector>
std::vector<double> exps(const std::vector<double> &z, int n) {
    std::vector<double> e(n);
    for (int i = 0; i < n; ++i) /*T*/
        e[i] = std::exp(z[i]);
    return e;
}
""", P),
    case("cpp_vector_ref_params_same_index", "cpp", r"""
#include <vector>
void add(std::vector<double> &y, const std::vector<double> &x, int n) {
    for (int i = 0; i < n; ++i) /*T*/
        y[i] += x[i];
}
""", P),
    case("cpp_std_max_reduction", "cpp", r"""
#include <algorithm>
#include <vector>
double biggest(const std::vector<double> &x, int n) {
    double m = x[0];
    for (int i = 1; i < n; ++i) /*T*/
        m = std::max(m, x[i]);
    return m;
}
""", PR, [("max", "m")]),
    case("cpp_cout", "cpp", r"""
#include <iostream>
#include <vector>
void show(const std::vector<double> &x, int n) {
    for (int i = 0; i < n; ++i) /*T*/
        std::cout << x[i] << ' ';
}
""", S, codes={"S2P303"}),
    case("cpp_vector_histogram", "cpp", r"""
#include <vector>
std::vector<int> histogram(const std::vector<int> &key, int n) {
    std::vector<int> hist(16, 0);
    for (int i = 0; i < n; ++i) /*T*/
        hist[key[i]]++;
    return hist;
}
""", PR, [("+", "hist", "array")]),
    # ===== soundness review: hidden state, hidden names ================================================
    case("call_static_local_counter", "c", r"""
double b[1000];
int counter(void) { static int c = 0; return c++; }
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        b[i] = counter() * 0.5;
}
""", S, codes={"S2P302"}),
    case("static_local_in_body_is_carried", "c", r"""
double b[1000];
void f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        static int c = 0;
        b[i] = c * 0.5;
        c = i;
    }
}
""", S, codes={"S2P212"}),
    case("param_of_another_element_type_cannot_point_into_global", "c", r"""
static long hist[64];
void f(const int *key, int n) {
    for (int i = 0; i < n; i++) /*T*/
        hist[key[i] % 64] += 1;
}
""", PR, [("+", "hist", "array")]),
    case("param_differing_only_in_signedness_may_point_into_global", "c", r"""
static unsigned int g[1000];
void f(int *p, int n) {
    for (int i = 1; i < n; i++) /*T*/
        p[i] = g[i - 1] + 1;
}
""", S, codes={"S2P501"}),
    case("char_param_may_point_into_any_global", "c", r"""
static double g[1000];
void f(char *p, int n) {
    for (int i = 1; i < n; i++) /*T*/
        p[i] = (char)g[i - 1];
}
""", S, codes={"S2P501"}),
    case("row_pointers_into_one_buffer_may_overlap", "c", r"""
#include <stdlib.h>
void f(int n) {
    double *buf = malloc(sizeof(double) * (n + 1));
    double **rows = malloc(sizeof(double *) * n);
    for (int i = 0; i < n; i++)
        rows[i] = buf + i;
    for (int i = 0; i < n; i++) /*T*/
        rows[i][1] = rows[i][0] * 2.0;
}
""", S, codes={"S2P501"}),
    case("row_pointer_array_parameter_may_overlap", "c", r"""
void f(double *rows[], int n) {
    for (int i = 0; i < n; i++) /*T*/
        rows[i][1] = rows[i][0] * 2.0;
}
""", S, codes={"S2P501"}),
    case("pointer_declared_in_body_reaches_the_next_element", "c", r"""
double a[1001];
void f(void) {
    for (int i = 0; i < 1000; i++) { /*T*/
        double *r = a + i;
        r[1] = r[0] + 1.0;
    }
}
""", S, codes={"S2P201"}),
    case("row_pointer_declared_in_body_stays_in_its_row", "c", r"""
double flat[1000 * 64];
void f(void) {
    for (int i = 0; i < 1000; i++) { /*T*/
        double *row = &flat[i * 64];
        for (int j = 0; j < 64; j++)
            row[j] = row[j] * 2.0 + i;
    }
}
""", P),
    case("row_of_2d_array_through_body_pointer", "c", r"""
double m[1000][64];
void f(void) {
    for (int i = 0; i < 1000; i++) { /*T*/
        double *row = m[i];
        for (int j = 0; j < 64; j++)
            row[j] = i + j;
    }
}
""", P),
    case("body_pointers_to_this_and_the_previous_row", "c", r"""
double flat[1000 * 64];
void f(void) {
    for (int i = 1; i < 1000; i++) { /*T*/
        double *row = &flat[i * 64];
        double *prev = &flat[(i - 1) * 64];
        for (int j = 0; j < 64; j++)
            row[j] = prev[j] + 1.0;
    }
}
""", S, codes={"S2P201"}),
    case("body_pointer_that_moves_is_not_followed", "c", r"""
double a[1001];
void f(void) {
    for (int i = 0; i < 1000; i++) { /*T*/
        double *r = &a[i];
        r++;
        r[0] = 1.0;
    }
}
""", S, codes={"S2P601"}),
    case("one_allocation_shared_by_all_rows", "c", r"""
#include <stdlib.h>
void f(int n) {
    double **rows = malloc(sizeof(double *) * n);
    rows[0] = malloc(sizeof(double) * n * n);
    for (int i = 1; i < n; i++)
        rows[i] = rows[0] + i;
    for (int i = 0; i < n; i++) /*T*/
        rows[i][1] = rows[i][0] * 2.0;
}
""", S, codes={"S2P501"}),
    case("typedef_row_pointer_table_may_overlap", "c", r"""
typedef double *row_t;
void f(double *buf, int n) {
    row_t rows[64];
    for (int i = 0; i < 64; i++)
        rows[i] = buf + i;
    for (int i = 0; i < 64; i++) /*T*/
        rows[i][1] = rows[i][0] * 2.0;
}
""", S, codes={"S2P501"}),
    case("vector_of_row_pointers_may_overlap", "cpp", r"""
#include <vector>
void f(std::vector<double *> &rows, int n) {
    for (int i = 0; i < n; i++) /*T*/
        rows[i][1] = rows[i][0] * 2.0;
}
""", S, codes={"S2P501"}),
    case("vector_of_vectors_rows_are_disjoint", "cpp", r"""
#include <vector>
void f(std::vector<std::vector<double>> &rows, int n) {
    for (int i = 0; i < n; i++) /*T*/
        rows[i][1] = rows[i][0] * 2.0;
}
""", P),
    case("rows_allocated_one_by_one_are_disjoint", "c", r"""
#include <stdlib.h>
void f(int n) {
    double **m = malloc(sizeof(double *) * n);
    for (int i = 0; i < n; i++)
        m[i] = malloc(sizeof(double) * n);
    for (int i = 0; i < n; i++) /*T*/
        for (int j = 0; j < n; j++)
            m[i][j] = i + j;
}
""", P),
    case("address_taken_scalar_not_private", "c", r"""
#include <stdio.h>
double a[1000], c[1000];
void f(int n) {
    double u = 0, *pu = &u;
    for (int i = 0; i < n; i++) { /*T*/
        u = a[i] * 3;
        c[i] = u;
    }
    printf("%f\n", *pu);
}
""", S, codes={"S2P212"}),
    case("reference_bound_scalar_not_private", "cpp", r"""
double a[1000], c[1000];
double f(int n) {
    double u = 0;
    double &r = u;
    for (int i = 0; i < n; i++) { /*T*/
        u = a[i] * 3;
        c[i] = u;
    }
    return r;
}
""", S, codes={"S2P212"}),
    case("scanf_address_does_not_block", "c", r"""
#include <stdio.h>
double a[1000], c[1000];
void f(int n) {
    double t;
    scanf("%lf", &t);
    for (int i = 0; i < n; i++) { /*T*/
        t = a[i] * 3;
        c[i] = t;
    }
}
""", PP, private={"t"}),
    case("param_may_point_into_global", "c", r"""
double a[1000], b[1000];
void h1(double *p) {
    for (int i = 1; i < 1000; i++) /*T*/
        p[i] = a[i - 1] * 0.5 + 1;
}
void run(void) { h1(b); h1(a + 1); }
""", S, codes={"S2P501"}),
    case("param_distinct_from_global_at_every_call", "c", r"""
double a[1000], b[1000];
void h1(double *p) {
    for (int i = 1; i < 1000; i++) /*T*/
        p[i] = a[i - 1] * 0.5 + 1;
}
void run(void) { double c[1000]; h1(b); h1(c); }
""", P),
    case("param_read_global_written", "c", r"""
double a[1000];
void h2(const double *p) {
    for (int i = 1; i < 1000; i++) /*T*/
        a[i] = p[i - 1] * 0.5 + 1;
}
void run(void) { h2(a); }
""", S, codes={"S2P501"}),
    case("call_reads_through_pointer_param", "c", r"""
double a[1000];
static double rd(const double *p) { return p[-1]; }
void f(int n) {
    for (int i = 1; i < n; i++) /*T*/
        a[i] = rd(&a[i]) + 1;
}
""", S, codes={"S2P201"}),
    case("call_reads_through_pointer_param_nested", "c", r"""
double a[1000];
static double rd(const double *p) { return p[-1]; }
static double rd2(const double *p) { return rd(p); }
void f(int n) {
    for (int i = 1; i < n; i++) /*T*/
        a[i] = rd2(a + i) + 1;
}
""", S, codes={"S2P201"}),
    case("call_reads_other_array_through_param", "c", r"""
double a[1000], b[1000];
static double rd(const double *p) { return p[-1]; }
void f(int n) {
    for (int i = 1; i < n; i++) /*T*/
        b[i] = rd(&a[i]) + 1;
}
""", P),
    case("macro_hides_array_read", "c", r"""
#define PREV a[i - 1]
double a[1000];
void f(int n) {
    double t;
    for (int i = 1; i < n; i++) { /*T*/
        t = PREV;
        a[i] = t * 0.5;
    }
}
""", S, codes={"S2P602"}),
    case("constant_macros_are_fine", "c", r"""
#define N 1000
#define M (N * 2)
#define EPS 1.0e-6
double a[M], b[M];
void f(void) {
    for (int i = 0; i < M; i++) /*T*/
        b[i] = a[i] * EPS + N;
}
""", P),
    case("global_pointer_initialised_to_array", "c", r"""
double a[1000];
double *ga = a;
void f(void) {
    for (int i = 1; i < 1000; i++) /*T*/
        ga[i] = a[i - 1] * 0.5 + 1;
}
""", S, codes={"S2P501"}),
    case("global_pointer_assigned_elsewhere", "c", r"""
double a[1000];
double *gb;
void f(void) {
    for (int i = 1; i < 1000; i++) /*T*/
        gb[i] = a[i - 1] * 0.5 + 1;
}
int main(void) { gb = &a[1]; f(); return 0; }
""", S, codes={"S2P501"}),
    case("global_pointers_only_allocated", "c", r"""
#include <stdlib.h>
double *u, *v;
void f(void) {
    for (int i = 1; i < 1000; i++) /*T*/
        u[i] = v[i - 1] * 0.5 + 1;
}
int main(void) { u = malloc(8000); v = malloc(8000); f(); return 0; }
""", P),
    case("struct_pointer_field_may_alias", "c", r"""
struct S { double x[1000]; double y[1000]; } st;
void f(void) {
    struct S *q = &st;
    for (int i = 1; i < 1000; i++) /*T*/
        q->y[i] = st.y[i - 1] * 0.5 + 1;
}
""", S, codes={"S2P501"}),
    case("double_pointer_may_alias", "c", r"""
double a[1000], p6[1000];
void f(void) {
    double *p = p6;
    double **pp = &p;
    for (int i = 1; i < 1000; i++) /*T*/
        (*pp)[i] = a[i - 1] * 0.5 + 1;
}
""", S, codes={"S2P501"}),
    case("union_members_share_storage", "c", r"""
union U { double d[1000]; long l[1000]; } un;
long cvt(double x) { return (long)x; }
void f(void) {
    for (int i = 1; i < 1000; i++) /*T*/
        un.l[i] = cvt(un.d[i - 1]);
}
""", S, codes={"S2P501"}),
    case("struct_pointer_field_self_dependence", "c", r"""
struct S { double y[1001]; };
void f(struct S *q) {
    for (int i = 0; i < 1000; i++) /*T*/
        q->y[i + 1] = q->y[i] * 0.5;
}
""", S, codes={"S2P201"}),
    case("store_through_call_result", "c", r"""
double a[1000];
double *getp(void) { return a; }
void f(void) {
    for (int i = 1; i < 1000; i++) /*T*/
        getp()[i] = a[i - 1] + 1;
}
""", S, codes={"S2P601"}),
    case("cpp_reference_to_element", "cpp", r"""
double a[1000];
void f() {
    double &r = a[500];
    for (int i = 0; i < 1000; i++) /*T*/
        a[i] = r * 0.5 + 1;
}
""", S, codes={"S2P201"}),
    case("cpp_reference_to_row", "cpp", r"""
#include <vector>
void f(std::vector<std::vector<double>> &M, int n) {
    for (int i = 1; i < n; i++) { /*T*/
        auto &row = M[i];
        row[0] = M[i - 1][0] * 0.5 + 1;
    }
}
""", S, codes={"S2P201"}),
    case("cpp_reference_to_array", "cpp", r"""
double a[1000];
void f() {
    double (&arr)[1000] = a;
    for (int i = 1; i < 1000; i++) /*T*/
        arr[i] = a[i - 1] * 0.5 + 1;
}
""", S, codes={"S2P501"}),
    case("cpp_reference_to_vector", "cpp", r"""
#include <vector>
void f(std::vector<double> &w, int n) {
    std::vector<double> &wr = w;
    for (int i = 1; i < n; i++) /*T*/
        wr[i] = w[i - 1] * 0.5 + 1;
}
""", S, codes={"S2P501"}),
    case("cpp_std_swap_writes_both", "cpp", r"""
#include <utility>
#include <vector>
void f(std::vector<double> &v, int n) {
    for (int i = 0; i < n - 1; i++) /*T*/
        std::swap(v[i], v[i + 1]);
}
""", S),
    case("cpp_iterator_loop", "cpp", r"""
#include <vector>
void f(std::vector<double> &v) {
    for (auto it = v.begin() + 1; it != v.end(); ++it) /*T*/
        *it = *(it - 1) * 0.5 + 1;
}
""", S, codes={"S2P402"}),
    case("cpp_range_for_over_reference", "cpp", r"""
#include <vector>
void f(std::vector<double> &v) {
    std::vector<double> &rv = v;
    for (auto &e : rv) /*T*/
        e = v[0] * 0.5 + e;
}
""", S, codes={"S2P501"}),
]

# ===== Array shapes as C defines them, and objects bound at call sites (code written elsewhere) =========
_POLY_KERNEL = r"""
#include <stdlib.h>
static void kernel(int ni, int nj, double C[ni][nj], double A[ni][nj]) {
    for (int i = 0; i < ni; i++) /*O*/
        for (int j = 0; j < nj; j++) /*I*/
            C[i][j] = C[i][j] * 0.5 + A[i][j];
}
int main(void) {
    double (*C)[100][120]; C = (double (*)[100][120]) calloc(100 * 120, sizeof(double));
    double (*A)[100][120] = (double (*)[100][120]) malloc(100 * 120 * sizeof(double));
    kernel(100, 120, CALL_ARGS);
    free(C); free(A);
    return 0;
}
"""
CASES += nest("vla_params_pointer_to_array_args", "c", _POLY_KERNEL.replace("CALL_ARGS", "*C, *A"),
              O=(P, (), ()), I=(P, (), ()))
CASES += nest("vla_params_row_zero_args", "c", _POLY_KERNEL.replace("CALL_ARGS", "C[0], A[0]"),
              O=(P, (), ()), I=(P, (), ()))
CASES += nest("vla_params_first_element_args", "c", _POLY_KERNEL.replace("CALL_ARGS", "&(*C)[0][0], &(*A)[0][0]"),
              O=(P, (), ()), I=(P, (), ()))
# the same array passed twice: C and A are one object, A[i][j] of the next row... still a map, but the
# analysis may not assume two objects
CASES += nest("vla_params_same_object_twice", "c", _POLY_KERNEL.replace("CALL_ARGS", "*C, *C"),
              O=(S, (), {"S2P501"}))
CASES += [
    case("pointer_to_array_rows_are_one_object", "c", r"""
#include <stdlib.h>
#define NX 64
#define NY 64
int main(void) {
    double (*u)[NY] = malloc(sizeof(double[NX][NY]));
    double (*v)[NY] = malloc(sizeof(double[NX][NY]));
    for (int i = 1; i < NX - 1; i++) /*T*/
        for (int j = 0; j < NY; j++)
            v[i][j] = u[i - 1][j] + u[i + 1][j];
    free(u); free(v);
    return 0;
}
""", P),
    case("pointer_to_array_row_recurrence", "c", r"""
#include <stdlib.h>
#define NY 64
void f(int n) {
    double (*u)[NY] = malloc(sizeof(double) * n * NY);
    for (int i = 1; i < n; i++) /*T*/
        for (int j = 0; j < NY; j++)
            u[i][j] = u[i - 1][j] + 1.0;
}
""", S, codes={"S2P201"}),
    case("c99_restrict_in_brackets", "c", r"""
void f(int n, int m, double C[restrict n][m], double A[restrict n][m]) {
    for (int i = 0; i < n; i++) /*T*/
        for (int j = 0; j < m; j++)
            C[i][j] = A[i][j] * 2.0;
}
""", P),
    case("array_params_no_call_site_may_alias", "c", r"""
void f(int n, int m, double C[n][m], double A[n][m]) {
    for (int i = 0; i < n; i++) /*T*/
        for (int j = 0; j < m; j++)
            C[i][j] = A[i][j] * 2.0;
}
""", S, codes={"S2P501"}),
    # main → kernel → helper: the helper's parameters are the kernel's, which main binds to two allocations
    case("call_sites_followed_through_the_call_graph", "c", r"""
#include <stdlib.h>
static void scale(int n, double *out, const double *in) {
    for (int i = 0; i < n; i++) /*T*/
        out[i] = 2.0 * in[i];
}
static void kernel(int n, double *x, double *y) { scale(n, y, x); }
int main(void) {
    double *a = malloc(800), *b = malloc(800);
    kernel(100, a, b);
    return 0;
}
""", P),
    case("call_sites_followed_through_the_call_graph_same_object", "c", r"""
#include <stdlib.h>
static void scale(int n, double *out, const double *in) {
    for (int i = 0; i < n; i++) /*T*/
        out[i + 1] = 2.0 * in[i];
}
static void kernel(int n, double *x, double *y) { scale(n, y, x); }
int main(void) {
    double *a = malloc(800);
    kernel(100, a, a);
    return 0;
}
""", S, codes={"S2P501"}),
    case("call_site_offset_argument_may_overlap", "c", r"""
#include <stdlib.h>
static void shift(int n, double *out, const double *in) {
    for (int i = 0; i < n; i++) /*T*/
        out[i] = in[i];
}
int main(void) {
    double *a = malloc(8000);
    shift(100, a + 1, a);
    return 0;
}
""", S, codes={"S2P501"}),
    # the running value of a counter is used as a subscript: an induction variable, never a reduction
    case("induction_counter_in_subscript", "c", r"""
typedef struct { double re, im; } dcomplex;
void f(int n, int m, dcomplex u[restrict n][m], double *restrict tmp) {
    int t = 1;
    for (int j = 0; j < n; j++) /*T*/
        for (int i = 0; i < m; i++) {
            u[j][i].re = tmp[t++];
            u[j][i].im = tmp[t++];
        }
}
""", S, codes={"S2P213"}),
    case("compound_assignment_value_used", "c", r"""
void f(int n, double *restrict x, double *restrict y) {
    double s = 0.0;
    for (int i = 0; i < n; i++) /*T*/
        y[i] = (s += x[i]);
}
""", S),
    case("counter_statement_still_a_reduction", "c", r"""
int f(int n, const double *x) {
    int count = 0;
    for (int i = 0; i < n; i++) /*T*/
        if (x[i] > 0) count++;
    return count;
}
""", PR, reductions=[("+", "count")]),
    case("cpp_stream_output_is_io", "cpp", r"""
#include <fstream>
#include <vector>
void f(const std::vector<double> &v) {
    std::ofstream file("out.txt");
    for (size_t i = 0; i < v.size(); i++) /*T*/
        file << v[i] << std::endl;
}
""", S, codes={"S2P303"}),
    case("cpp_stream_input_is_io", "cpp", r"""
#include <fstream>
#include <vector>
void f(std::vector<double> &v) {
    std::ifstream file("in.txt");
    for (size_t i = 0; i < v.size(); i++) /*T*/
        file >> v[i];
}
""", S, codes={"S2P303"}),
    case("cpp_stream_in_called_function_is_io", "cpp", r"""
#include <iostream>
void show(double x) { std::cout << x << "\n"; }
void f(const double *v, int n) {
    for (int i = 0; i < n; i++) /*T*/
        show(v[i]);
}
""", S, codes={"S2P303"}),
    # triangular nests: ranges that depend on enclosing indices
    case("triangular_solve_row_reduction", "c", r"""
void trisolv(int n, double L[restrict n][n], double x[restrict n], const double b[restrict n]) {
    for (int i = 0; i < n; i++) {
        x[i] = b[i];
        for (int j = 0; j < i; j++) /*T*/
            x[i] -= L[i][j] * x[j];
        x[i] = x[i] / L[i][i];
    }
}
""", PR, reductions=[("+", "x", "element")]),
    # review (NPB rhs_norm): a local named like a function defined in the file is still a variable
    case("local_named_like_a_function_is_a_variable", "c", r"""
void add(void) { }
double a[100];
double g(void) {
    int i; double add = 0.0;
    for (i = 0; i < 100; i++) /*T*/
        add = add * a[i] + 1.0;
    return add;
}
""", S, codes={"S2P211"}),
    case("local_named_like_a_function_is_private", "c", r"""
void add(void) { }
double rhs[100], rms[5];
void norm(void) {
    double add;
    for (int m = 0; m < 5; m++) /*T*/
        for (int i = 0; i < 100; i++) { add = rhs[i] * m; rms[m] = rms[m] + add * add; }
}
""", PP, private={"add"}),
    case("triangular_solve_reads_the_element_it_reduces", "c", r"""
void f(int n, double L[restrict n][n], double x[restrict n]) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j <= i; j++) /*T*/
            x[i] -= L[i][j] * x[j];
}
""", S),
    case("lu_upper_part_reads_only_finished_columns", "c", r"""
void lu(int n, double A[restrict n][n]) {
    for (int i = 0; i < n; i++)
        for (int j = i; j < n; j++) /*T*/
            for (int k = 0; k < i; k++)
                A[i][j] -= A[i][k] * A[k][j];
}
""", P),
    case("lu_upper_part_off_by_one_reads_its_own_row", "c", r"""
void lu(int n, double A[restrict n][n]) {
    for (int i = 0; i < n; i++)
        for (int j = i; j < n; j++) /*T*/
            for (int k = 0; k <= i; k++)
                A[i][j] -= A[i][k] * A[k][j];
}
""", S),
    case("boundary_element_beyond_the_loop_range", "c", r"""
void f(int n, double *restrict a) {
    for (int j = 0; j < n; j++) /*T*/
        a[j] = 0.5 * a[n];
}
""", P),
    case("boundary_element_inside_the_loop_range", "c", r"""
void f(int n, double *restrict a) {
    for (int j = 0; j <= n; j++) /*T*/
        a[j] = 0.5 * a[n];
}
""", S),
    # a function that returns fresh storage (PolyBench's polybench_alloc_data) allocates like calloc
    case("user_allocator_binds_distinct_objects", "c", r"""
#include <stdio.h>
#include <stdlib.h>
static void kernel(int n, double A[n][n], double B[n][n]) {
    for (int i = 0; i < n; i++) /*T*/
        for (int j = 0; j < n; j++)
            B[i][j] = A[i][j] + 1.0;
}
int main(void) {
    double (*A)[64][64]; A = (double (*)[64][64]) my_alloc(64 * 64, sizeof(double));
    double (*B)[64][64]; B = (double (*)[64][64]) my_alloc(64 * 64, sizeof(double));
    kernel(64, *A, *B);
    return 0;
}
void *my_alloc(unsigned long n, int size) {
    void *ptr = calloc(n, size);
    if (ptr == NULL) { fprintf(stderr, "out of memory\n"); exit(1); }
    return ptr;
}
""", P),
    case("function_returning_a_shared_buffer_is_no_allocator", "c", r"""
static double pool[2 * 64 * 64];
static int used;
static void kernel(int n, double A[n][n], double B[n][n]) {
    for (int i = 0; i < n; i++) /*T*/
        for (int j = 0; j < n; j++)
            B[i][j] = A[i + 1][j] + 1.0;
}
void *take(int n) { void *p = pool + used; used += n; return p; }
int main(void) {
    double (*A)[64][64]; A = (double (*)[64][64]) take(64 * 64);
    double (*B)[64][64]; B = (double (*)[64][64]) take(0);
    kernel(64, *A, *B);
    return 0;
}
""", S, codes={"S2P501"}),
    # function-like macros are analyzed as their expansion, not as calls with unknown effects
    case("function_macros_that_compute", "c", r"""
#include <math.h>
#define SCALAR_VAL(x) x
#define SQRT_FUN(x) sqrt(x)
#define pow2(a) ((a)*(a))
void f(int n, double A[restrict n], const double B[restrict n]) {
    for (int i = 0; i < n; i++) /*T*/
        A[i] = SQRT_FUN(B[i]) * SCALAR_VAL(2.0) + pow2(B[i]);
}
""", P),
    case("function_macro_max_reduction", "c", r"""
#define max_score(s1, s2) ((s1 >= s2) ? s1 : s2)
int best(int n, const int *restrict score) {
    int m = 0;
    for (int k = 0; k < n; k++) /*T*/
        m = max_score(m, score[k]);
    return m;
}
""", PR, reductions=[("max", "m")]),
    case("function_macro_that_stores_into_its_argument", "c", r"""
typedef struct { double real, imag; } dcomplex;
#define cadd(c,a,b) (c.real = a.real + b.real, c.imag = a.imag + b.imag)
void f(int n, dcomplex u[restrict n], const dcomplex v[restrict n]) {
    for (int i = 1; i < n; i++) /*T*/
        cadd(u[i], u[i - 1], v[i]);
}
""", S, codes={"S2P201"}),
    case("function_macro_that_updates_a_global", "c", r"""
double total;
#define ACCOUNT(x) (total = total * 0.5 + (x))
void f(int n, const double *a) {
    for (int i = 0; i < n; i++) /*T*/
        ACCOUNT(a[i]);
}
""", S),
    # a dimension the loop changes unpredictably still leaves the others to tell iterations apart
    case("variant_dimension_other_dimension_separates", "c", r"""
static double lhs[15][64][64];
void f(int n) {
    for (int m = 0; m < 3; m++) {
        int k = (m + 1) * 5 - 5;
        for (int i = 0; i < n; i++) /*T*/
            lhs[k + 3][i][0] = lhs[k][i][1] * 2.0;
    }
}
""", P),
    case("variant_dimension_only", "c", r"""
static double v[64];
void f(int n, const int *idx) {
    for (int i = 0; i < n; i++) { /*T*/
        int k = idx[i];
        v[k] = 1.0 / (i + 1);
    }
}
""", S, codes={"S2P204"}),
    case("variant_dimension_does_not_separate", "c", r"""
static double w[64][64];
void f(int n) {
    int k = 0;
    for (int i = 0; i < n; i++) { /*T*/
        k = (k + 7) % 64;
        w[k][0] = w[k][1] + 1.0;
    }
}
""", S),
    # rows of two different true arrays passed as arguments are two objects (FT's evolve(..., dims[0]))
    case("rows_of_distinct_arrays_are_distinct_arguments", "c", r"""
static double u1[64][64];
static int dims[3][3];
static void evolve(double x[64][64], int d[3]) {
    for (int k = 0; k < d[2]; k++) /*T*/
        for (int j = 0; j < d[1]; j++)
            x[k][j] = x[k][j] * 0.5 + d[0];
}
int main(void) {
    dims[0][0] = dims[0][1] = dims[0][2] = 64;
    evolve(u1, dims[0]);
    return 0;
}
""", P),
    case("rows_of_one_array_are_not_distinct_arguments", "c", r"""
static double m[64][64];
static void shift(double *out, const double *in, int n) {
    for (int j = 0; j < n; j++) /*T*/
        out[j] = in[j + 1];
}
int main(void) {
    shift(m[1], m[0], 64);
    return 0;
}
""", S, codes={"S2P501"}),
    # a cast to a narrower integer wraps: (unsigned char) i repeats every 256 iterations
    case("narrowing_cast_in_a_subscript", "c", r"""
double a[256], b[4096];
void f(void) {
    for (int i = 0; i < 4096; i++) /*T*/
        a[(unsigned char)i] = b[i];
}
""", S),
    case("widening_cast_in_a_subscript", "c", r"""
double a[4096], b[4096];
void f(void) {
    for (int i = 0; i < 4096; i++) /*T*/
        a[(long)i] = b[i];
}
""", P),
    # comments between parameters and between arguments do not shift positions (NPB's conj_grad)
    case("call_site_positions_ignore_comments", "c", r"""
static double q[1000], r[1000];
static void step(int n, double x[],   /* x[1:n] */
                 double y[] /* y[1:n] */) {
    for (int j = 1; j <= n; j++) /*T*/
        x[j] = 2.0 * y[j - 1];
}
int main(void) {
    step(998, q, r);
    step(998, /* not w, */ q, r);
    return 0;
}
""", P),
    # a called function that writes through its argument stays inside the row it is given
    case("call_writes_the_row_it_is_given", "c", r"""
static double lhs[64][64][3][5][5], rhs[64][64][5];
static void solve(double a[5][5], double b[5][5], double r[5]) {
    for (int m = 0; m < 5; m++) { r[m] = r[m] / a[m][m]; b[m][0] = a[0][m] * r[m]; }
}
void sweep(int n) {
    for (int i = 0; i < n; i++) /*T*/
        for (int j = 0; j < n; j++)
            solve(lhs[i][j][0], lhs[i][j][2], rhs[i][j]);
}
""", P),
    case("call_writes_through_an_element_address", "c", r"""
static double u[64][64][5];
static void exact(int i, int j, double d[5]) { for (int m = 0; m < 5; m++) d[m] = i * 0.5 + j + m; }
void setbv(int n) {
    for (int i = 0; i < n; i++) /*T*/
        for (int j = 0; j < n; j++)
            exact(i, j, &u[i][j][0]);
}
""", P),
    case("call_writes_a_row_another_iteration_reads", "c", r"""
static double lhs[64][64][5];
static void smooth(double out[5], const double in[5]) { for (int m = 0; m < 5; m++) out[m] = 0.5 * in[m]; }
void sweep(int n) {
    for (int i = 1; i < n; i++) /*T*/
        for (int j = 0; j < n; j++)
            smooth(lhs[i][j], lhs[i - 1][j]);
}
""", S, codes={"S2P201"}),
    case("call_writes_through_a_plain_pointer_may_reach_anything", "c", r"""
static double v[4096];
static void put(double *p) { p[1] = p[0] + 1.0; }
void sweep(int n) {
    for (int i = 0; i < n; i++) /*T*/
        put(&v[i]);
}
""", S, codes={"S2P302"}),
    # C++ classes: member functions in or outside the body, members named directly or through this->
    case("cpp_member_function_in_class_body", "cpp", r"""
#include <vector>
class Grid {
public:
    void smooth() {
        for (int i = 1; i < n_ - 1; i++) /*T*/
            for (int j = 1; j < n_ - 1; j++)
                v_[i * n_ + j] = 0.25 * (u_[(i - 1) * n_ + j] + this->u_[(i + 1) * n_ + j]);
    }
private:
    int n_;
    std::vector<double> u_, v_;
};
""", P),
    case("cpp_member_recurrence_through_this", "cpp", r"""
class Line {
public:
    void scan() {
        for (int i = 1; i < 100; i++) /*T*/
            this->a_[i] = a_[i - 1] + 1.0;
    }
private:
    double a_[100];
};
""", S, codes={"S2P201"}),
    case("cpp_member_function_defined_outside", "cpp", r"""
#include <vector>
struct Field {
    double total() const;
    std::vector<double> u;
    int n;
};
double Field::total() const {
    double s = 0.0;
    for (int i = 0; i < n; i++) /*T*/
        s += u[i];
    return s;
}
""", PR, reductions=[("+", "s")]),
    case("cpp_constructor_body_loop", "cpp", r"""
#include <vector>
class Table {
public:
    Table(int n) : n_(n), t_(n) {
        for (int i = 0; i < n_; i++) /*T*/
            t_[i] = i * 0.5;
    }
private:
    int n_;
    std::vector<double> t_;
};
""", P),
    case("cpp_shift_of_integers_is_not_io", "cpp", r"""
void f(unsigned *restrict out, const unsigned *restrict in, int n) {
    for (int i = 0; i < n; i++) /*T*/
        out[i] = in[i] << 3;
}
""", P),
    # ParEval's map into a mask: each store rewrites a word that 63 other elements share
    case("cpp_vector_of_bool_elements_share_words", "cpp", r"""
#include <vector>
void mask_of(std::vector<int> const &x, std::vector<bool> &mask) {
    for (size_t i = 0; i < x.size(); i++) /*T*/
        mask[i] = x[i] > 0;
}
""", S, codes={"S2P203"}),
    case("cpp_bitset_elements_share_words", "cpp", r"""
#include <bitset>
std::bitset<4096> seen;
void mark(const int *v, int n) {
    for (int i = 0; i < n; i++) /*T*/
        seen[i] = v[i] != 0;
}
""", S, codes={"S2P203"}),
    # From a review: `auto` over a std::vector<bool> the loop may change is the bit proxy, not a copy
    case("cpp_auto_over_vector_of_bool_is_a_reference_to_the_bit", "cpp", r"""
#include <vector>
long flip(std::vector<bool> &v) {
    long s = 0;
    for (auto b : v) { /*T*/
        s += b;
        b = !b;
    }
    return s;
}
""", S, codes={"S2P203"}),
    case("cpp_auto_over_const_vector_of_bool_is_a_copy", "cpp", r"""
#include <vector>
long count(std::vector<bool> const &v) {
    long s = 0;
    for (auto b : v) /*T*/
        s += b;
    return s;
}
""", PR, reductions=[("+", "s")]),
    case("cpp_vector_of_char_elements_are_bytes", "cpp", r"""
#include <vector>
void mask_of(std::vector<int> const &x, std::vector<char> &mask) {
    for (size_t i = 0; i < x.size(); i++) /*T*/
        mask[i] = x[i] > 0;
}
""", P),
]

# Scratch arrays of an iteration (array privatization): every element read was stored earlier in the same
# iteration, and nothing reads the array after the loop.
SCRATCH_PARAMETER = r"""
#include <stdlib.h>
static void k(int n, int m, double A[n][m], double t[m]) {
    for (int r = 0; r < n; r++) { /*T*/
        for (int p = 0; p < m; p++)
            t[p] = A[r][p] * A[r][p];
        for (int p = 0; p < m; p++)
            A[r][p] = 0.5 * t[p];
    }
}
int main(void) {
    double (*A)[50] = calloc(100, sizeof *A);
    double *t = calloc(50, sizeof *t);
    k(100, 50, A, t);
    free(t);
    free(A);
    return 0;
}
"""

CASES += [
    case("scratch_array_stored_before_read_is_private", "c", r"""
double A[200][64], C[64][64];
void f(int n, int m) {
    double row[64];
    for (int r = 0; r < n; r++) { /*T*/
        for (int p = 0; p < m; p++) {
            row[p] = 0.0;
            for (int s = 0; s < m; s++)
                row[p] += A[r][s] * C[s][p];
        }
        for (int p = 0; p < m; p++)
            A[r][p] = row[p];
    }
}
""", PP, private={"row"}),
    case("scratch_array_element_not_stored_first_is_a_dependence", "c", r"""
double A[200][64];
void f(int n, int m) {
    double row[64];
    for (int r = 0; r < n; r++) { /*T*/
        for (int p = 1; p < m; p++)
            row[p] = A[r][p];
        for (int p = 0; p < m; p++)
            A[r][p] = row[p];
    }
}
""", S, codes={"S2P201"}),
    case("scratch_array_read_after_the_loop_is_a_dependence", "c", r"""
double A[200][64], last;
void f(int n, int m) {
    double row[64];
    for (int r = 0; r < n; r++) { /*T*/
        for (int p = 0; p < m; p++)
            row[p] = 2.0 * A[r][p];
        for (int p = 0; p < m; p++)
            A[r][p] = row[p];
    }
    last = row[0];
}
""", S, codes={"S2P203"}),
    case("scratch_parameter_no_caller_reads_is_private", "c", SCRATCH_PARAMETER, PP, private={"t"}),
    # PolyBench's original files declare, pass and free their arrays through macros (doitgen's `sum`)
    case("scratch_parameter_declared_passed_and_freed_through_macros_is_private", "c",
         SCRATCH_PARAMETER.replace("#include <stdlib.h>", "#include <stdlib.h>\n#define VEC(v, n) v[n]\n"
                                   "#define ARRAY(x) (*x)\n#define FREE_ARRAY(x) free((void *)x)")
         .replace("double t[m]", "double VEC(t, m)").replace("double *t = calloc(50, sizeof *t);",
                                                             "double (*t)[50] = calloc(1, sizeof *t);")
         .replace("k(100, 50, A, t);", "k(100, 50, A, ARRAY(t));").replace("    free(t);", "    FREE_ARRAY(t);"),
         PP, private={"t"}),
    case("scratch_parameter_the_caller_reads_is_a_dependence", "c",
         SCRATCH_PARAMETER.replace("#include <stdlib.h>", "#include <stdio.h>\n#include <stdlib.h>")
         .replace("    free(t);", '    printf("%f\\n", t[3]);\n    free(t);'), S, codes={"S2P203"}),
]


# ---------------------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------------------

def _api():
    from seq2par.analyzers import analyze_source

    return analyze_source


# From a review of 2026-12-05 (every loop called parallel run in reverse and permuted): reads the analysis
# did not see, and array members of an array's elements.
CASES += [
    case("array_member_of_previous_element_is_a_scan", "c", r"""
struct P { int v[3]; };
void step(struct P *s, int n) {
    for (int i = 1; i < n; i++) /*T*/
        s[i].v[0] = s[i].v[0] + s[i - 1].v[0];
}
""", S, codes={"S2P201"}),
    case("array_member_of_own_element_is_compared_as_one_array", "c", r"""
struct P { int x; int v[3]; };
void step(struct P *s, int n) {
    for (int i = 1; i < n; i++) /*T*/
        s[i].v[1] = s[i].v[2] + s[i].x;
}
""", S),  # conservative: `s[i].v` is judged as one array in every iteration (its writes meet)
    case("nested_array_member_of_previous_element", "c", r"""
struct In { double v[4]; };
struct O { struct In in; double m[2][2]; };
void step(struct O *o, int n) {
    for (int i = 1; i < n; i++) /*T*/
        o[i].in.v[2] *= o[i - 1].in.v[2];
}
""", S, codes={"S2P201"}),
    case("pointer_member_of_every_element_may_be_one_array", "c", r"""
struct R { double *data; };
void step(struct R *rows, int n) {
    for (int i = 0; i < n; i++) /*T*/
        rows[i].data[0] = i;
}
""", S),
    case("callee_reads_through_global_pointer_to_written_array", "c", r"""
double a[8000];
double *gp;
static double rgp(int i) { return gp[i]; }
void f(int n) {
    gp = a;
    for (int i = 1; i < n; i++) /*T*/
        a[i] = rgp(i - 1) + 1.0;
}
""", S, codes={"S2P302"}),
    case("callee_reads_through_global_pointer_to_other_array", "c", r"""
double a[8000], b[8000];
double *gp;
static double rgp(int i) { return gp[i]; }
void f(int n) {
    gp = b;
    for (int i = 1; i < n; i++) /*T*/
        a[i] = rgp(i - 1) + 1.0;
}
""", P),
    case("callee_reads_through_static_pointer_a_setter_set", "c", r"""
static double *sp;
static void setup(double *p) { sp = p; }
static double rsp(int i) { return sp[i]; }
double b[8000];
void f(int n) {
    setup(b);
    for (int i = 0; i < n - 1; i++) /*T*/
        b[i] = rsp(i + 1) * 0.5;
}
""", S, codes={"S2P302"}),
    case("read_through_the_pointer_a_call_returns", "c", r"""
double b[8000];
static double *ident(double *p) { return p; }
void f(int n) {
    for (int i = 0; i < n - 1; i++) /*T*/
        b[i] = ident(b)[i + 1] + 1.0;
}
""", S),
    case("read_through_a_pointer_returned_without_arguments", "c", r"""
double a[8000], b[8000];
static double *getp(void) { return b; }
void f(int n) {
    for (int i = 0; i < n - 1; i++) /*T*/
        b[i] = getp()[i + 1] + a[i];
}
""", S, codes={"S2P501"}),
    case("callee_reads_pointer_member_of_parameter", "c", r"""
double b[8000];
struct Ctx { double *buf; } ctx;
static double rctx(const struct Ctx *c, int i) { return c->buf[i]; }
void f(int n) {
    ctx.buf = b;
    for (int i = 0; i < n - 1; i++) /*T*/
        b[i] = rctx(&ctx, i + 1) + 1.0;
}
""", S, codes={"S2P302"}),
    case("range_for_reference_member_update_is_the_elements_own", "cpp", r"""
#include <vector>
struct P { double x, v; };
void move(std::vector<P> &ps) {
    for (auto &p : ps) /*T*/
        p.x += 0.1 * p.v;
}
""", P),
    case("scratch_array_filled_by_a_loop_then_read_element_by_element", "c", r"""
double a[1000][3], out[1000];
void f(void) {
    double tmp[3];
    for (int i = 0; i < 1000; i++) { /*T*/
        for (int k = 0; k < 3; k++) tmp[k] = a[i][k] * 2;
        out[i] = tmp[0] + tmp[1] + tmp[2];
    }
}
""", PP, private={"tmp"}),
    case("scratch_array_read_past_the_filled_range", "c", r"""
double a[1000][4], out[1000];
void f(void) {
    double tmp[4];
    for (int i = 0; i < 1000; i++) { /*T*/
        for (int k = 0; k < 3; k++) tmp[k] = a[i][k] * 2;
        out[i] = tmp[0] + tmp[3];
    }
}
""", S),
    case("constructor_with_effects_runs_in_every_iteration", "cpp", r"""
long g = 1;
struct Tr { long id; Tr(long i) : id(i) { g = (g * 7 + i) % 1000003; } };
void f(long *out, int n) {
    for (int i = 0; i < n; i++) { /*T*/
        Tr t(i);
        out[i] = t.id + 1;
    }
}
""", S, codes={"S2P302"}),
    case("free_operator_with_effects_runs_in_every_iteration", "cpp", r"""
#include <vector>
struct V { long x; static long calls; };
long V::calls = 0;
V operator+(const V &a, const V &b) { V::calls = V::calls * 2 + a.x; return V{a.x + b.x}; }
void f(std::vector<V> &c, const std::vector<V> &a, const std::vector<V> &b) {
    for (int i = 0; i < (int)c.size(); i++) /*T*/
        c[i] = a[i] + b[i];
}
""", S, codes={"S2P302"}),
    case("template_loop_when_a_class_has_operators_with_effects", "cpp", r"""
#include <vector>
long calls = 0;
struct V { long x; };
V operator+(const V &a, const V &b) { calls++; return V{a.x + b.x}; }
template <typename T>
void addv(std::vector<T> &c, const std::vector<T> &a, const std::vector<T> &b) {
    for (int i = 0; i < (int)c.size(); i++) /*T*/
        c[i] = a[i] + b[i];
}
""", S, codes={"S2P301"}),
    case("class_with_operators_that_touch_only_the_object", "cpp", r"""
#include <vector>
struct Vec3 {
    double x, y, z;
    Vec3 &operator+=(const Vec3 &o) { x += o.x; y += o.y; z += o.z; return *this; }
};
void f(std::vector<Vec3> &p, const std::vector<Vec3> &q) {
    for (int i = 0; i < (int)p.size(); i++) /*T*/
        p[i] += q[i];
}
""", P),
    case("class_accumulation_through_its_own_operator_is_no_reduction", "cpp", r"""
#include <vector>
struct H { long h; H &operator+=(long x) { h = (h * 31 + x) % 1000003; return *this; } };
long f(const std::vector<long> &a) {
    H hs{1};
    for (int i = 0; i < (int)a.size(); i++) /*T*/
        hs += a[i];
    return hs.h;
}
""", S),
    case("string_concatenation_is_no_reduction", "cpp", r"""
#include <string>
#include <vector>
std::string f(const std::vector<int> &a) {
    std::string s;
    for (int i = 0; i < (int)a.size(); i++) /*T*/
        s += char('a' + a[i]);
    return s;
}
""", S),
    case("map_at_update_reading_another_key_is_no_reduction", "cpp", r"""
#include <map>
#include <vector>
void f(std::map<int, long> &m, const std::vector<long> &w, int j) {
    for (int i = 0; i < (int)w.size(); i++) /*T*/
        m.at(1) += m.at(j) % 7 + w[i];
}
""", S),
    case("reference_to_a_functions_result_stored_through", "cpp", r"""
double g[1000];
double &gl(int i) { return g[i]; }
void f(int n) {
    for (int i = 1; i < n; i++) { /*T*/
        double &r = gl(0);
        r += i;
    }
}
""", S, codes={"S2P601"}),
    case("callee_storing_through_an_address_it_computes", "c", r"""
double a[100];
static double *get(void) { return a; }
static void put(int k) { get()[k + 1] = 0.0; }
void f(int n) {
    for (int i = 0; i < n - 1; i++) { /*T*/
        a[i] = a[i] * 2;
        put(i);
    }
}
""", S, codes={"S2P301"}),
    # from a review of this session's own changes
    case("array_member_of_an_element_the_subscript_does_not_tell_apart", "c", r"""
struct S { double v[2]; };
void f(struct S *s, int n, int k) {
    for (int i = 0; i < n; i++) /*T*/
        s[i * k].v[0] = s[i * k].v[0] * 0.5 + i;
}
""", S),
    case("array_members_through_two_parameters_that_may_alias", "c", r"""
struct S { double v[2]; };
void f(struct S *a, struct S *b, int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i].v[0] = b[i].v[0] + 1;
}
""", S),
    case("reference_to_a_functions_result_declared_twice", "cpp", r"""
double g[16], h[1000];
double &gl(int k) { return g[0]; }
void f(int n) {
    for (int i = 0; i < n; i++) { /*T*/
        double &r = gl(i);
        r = r * 1.5 + 1;
    }
    for (int i = 0; i < n; i++) { double &r = h[i]; r = r + i; }
}
""", S, codes={"S2P601"}),
    case("callee_reads_a_global_pointer_set_from_a_choice", "c", r"""
double a[1000], x[1000];
double *gp;
int choose[1];
static double get(int i) { return gp[i + 1]; }
void f(int n) {
    gp = choose[0] ? x : a;
    for (int i = 0; i < n; i++) /*T*/
        a[i] = get(i) + 1.0;
}
""", S, codes={"S2P302"}),
    case("string_through_an_alias_is_no_reduction", "cpp", r"""
#include <string>
using str = std::string;
str f(int n) {
    str s;
    for (int i = 0; i < n; i++) /*T*/
        s += (char)('a' + i % 26);
    return s;
}
""", S),
    case("static_local_arrays_of_main_passed_to_a_kernel_are_distinct", "c", r"""
typedef struct { double re, im; } cplx;
static void evolve(cplx u0[16][16], cplx u1[16][16], int n) {
    for (int j = 0; j < n; j++) /*T*/
        for (int i = 0; i < 16; i++) { u1[j][i].re = u0[j][i].re * 2.0; u1[j][i].im = u0[j][i].im; }
}
int main(void) {
    static cplx u0[16][16];
    static cplx u1[16][16];
    evolve(u0, u1, 16);
    return (int)u1[3][4].re;
}
""", P),
    case("row_zero_of_a_global_table_is_part_of_it", "c", r"""
static double coef[3][3];
static double out[64], in[65];
static void scale(double *y, const double *x, const double *c) {
    for (int i = 0; i < 64; i++) /*T*/
        y[i] = x[i + 1] * c[0];
}
int main(void) {
    coef[0][0] = 2.0;
    scale(out, in, coef[0]);
    return (int)out[3];
}
""", P),
    case("pointers_stored_in_an_array_may_alias", "c", r"""
static void kern(double *x, double *y, int n) {
    for (int i = 0; i < n; i++) /*T*/
        y[i] = x[i + 1] * 2.0;
}
int main(void) {
    double b[201];
    double *rows[2];
    rows[0] = b; rows[1] = b + 1;
    for (int i = 0; i < 201; i++) b[i] = i;
    kern(rows[0], b, 100);
    return (int)b[5];
}
""", S, codes={"S2P501"}),
    case("a_static_local_array_handed_out_and_passed_back", "c", r"""
static void kern(double *x, double *y, int n) {
    for (int i = 0; i < n; i++) /*T*/
        y[i] = x[i + 1] * 2.0;
}
static double *handed;
static void step(double *p, int n) {
    static double s[200];
    if (!handed) handed = s;
    kern(s, p, n);
}
int main(void) {
    double a[200];
    step(a, 100);
    step(handed, 100);
    return (int)a[3];
}
""", S, codes={"S2P501"}),
    case("read_through_a_loop_pointer_offset_from_the_row_pointer", "c", r"""
double a[300 * 300];
void f(void) {
    for (int i = 1; i < 300; i++) { /*T*/
        double *row = &a[i * 300];
        double *prev = row - 300;
        for (int j = 0; j < 300; j++) row[j] += prev[j];
    }
}
""", S, codes={"S2P501"}),
    case("dereference_of_a_loop_pointer_to_the_previous_element", "c", r"""
double a[1000];
void f(void) {
    for (int i = 1; i < 1000; i++) { /*T*/
        const double *left = &a[i - 1];
        a[i] += 0.5 * *left;
    }
}
""", S, codes={"S2P201"}),
    case("member_through_a_loop_pointer_to_the_previous_element", "c", r"""
typedef struct { double v, w; } Cell;
Cell cells[1000];
void f(void) {
    for (int i = 1; i < 1000; i++) { /*T*/
        const Cell *left = &cells[i - 1];
        cells[i].v += 0.5 * left->v;
    }
}
""", S, codes={"S2P201"}),
    case("member_through_a_parameter_pointer_into_the_written_array", "c", r"""
typedef struct { double v, w; } Cell;
static void relax(Cell *c, const Cell *p, int n) {
    for (int i = 0; i < n; i++) /*T*/
        c[i].v += p->v;
}
int main(void) {
    static Cell cells[100];
    relax(cells, &cells[3], 100);
    return (int)cells[7].v;
}
""", S, codes={"S2P501"}),
    callee_case("callee_counts_through_a_local_pointer_to_a_global",
                "Stats *st = &gstats; st->count++; return x * 2;",
                S),
    callee_case("callee_adds_through_a_local_copy_of_a_global_array",
                "double *h = ghist; h[1] += x; return x * 2;",
                S),
    callee_case("callee_copies_into_a_global_with_memcpy",
                "memcpy(ghist, &x, sizeof x); return x * 2;",
                S),
    callee_case("callee_hands_a_global_to_a_function_that_writes_it",
                "addto_copy(&ghist[6], x); return x * 2;",
                S, before="static void addto_copy(double *p, double x) { double *q = p; *q += x; }\n"),
    callee_case("callee_stores_through_a_pointer_member_of_a_local_union",
                "union { double *d; long l; } u; u.d = ghist; u.d[3] += x; return x * 2;",
                S),
    callee_case("callee_hands_a_global_member_to_a_writer",
                "addto(gs.hist, x); return x;",
                S, codes={"S2P302"}),
    callee_case("callee_hands_a_global_members_address_to_a_writer",
                "inc(&gs.count); return x;",
                S, codes={"S2P302"}),
    callee_case("callee_hands_a_local_pointer_to_a_global_to_a_writer",
                "double *q = h2; addto(q + 1, x); return x;",
                S, codes={"S2P302"}),
    case("a_static_array_handed_out_and_passed_back_in", "c", r"""
double *kern(const double *p, int n) {
    static double buf[1008];
    for (int i = 0; i < n; i++) /*T*/
        buf[i] = p[i + 1] + 1.0;
    return buf;
}
int main(void) {
    double x[1008] = {0};
    double *r = kern(x, 1000);
    r = kern(r, 1000);
    return (int)r[3];
}
""", S, codes={"S2P501"}),
    case("a_static_scratch_array_kept_inside_is_its_own", "c", r"""
double x[1008];
double kern(const double *p, int n) {
    static double buf[1008];
    double s = 0.0;
    for (int i = 0; i < n; i++) /*T*/
        buf[i] = p[i + 1] + 1.0;
    for (int i = 0; i < n; i++) s += buf[i];
    return s;
}
""", P),
    callee_case("callee_scratch_through_a_local_pointer_to_its_own_array",
                "double buf[4]; double *p = buf; p[0] = x; p[1] = x * x; return p[0] + p[1];",
                P),
    case("loop_pointer_stepped_by_the_inner_loop", "c", r"""
double a[64 * 64];
void f(void) {
    for (int r = 0; r < 64; r++) {
        double *p = &a[r * 64];
        for (int j = 0; j < 64; j++) { /*T*/
            a[r * 64 + j] += *p * 0.5;
            p++;
        }
    }
}
""", S),
    case("loop_pointer_moved_to_the_element_just_written", "c", r"""
double a[64][64];
void f(void) {
    for (int r = 0; r < 64; r++) {
        const double *prev = &a[r][0];
        for (int j = 1; j < 64; j++) { /*T*/
            a[r][j] += *prev * 0.5;
            prev = &a[r][j];
        }
    }
}
""", S),
    case("rows_of_a_typedef_pointer_table_are_pointers", "c", r"""
typedef double *dptr;
static void shift(double *dst, const double *src, int n) {
    for (int i = 0; i < n; i++) /*T*/
        dst[i] = src[i + 1] + 1.0;
}
int main(void) {
    static double base[101];
    dptr rows[2];
    rows[0] = base; rows[1] = base;
    shift(base, rows[0], 100);
    return (int)base[3];
}
""", S, codes={"S2P501"}),
    case("csr_row_pointer_into_a_restrict_input", "c", r"""
void spmv(int n, const int *restrict rowptr, const int *restrict col, const double *restrict val,
          const double *restrict x, double *restrict y) {
    for (int i = 0; i < n; i++) { /*T*/
        const double *v = val + rowptr[i];
        double t = 0.0;
        for (int k = 0; k < rowptr[i + 1] - rowptr[i]; k++) t += v[k] * x[col[rowptr[i] + k]];
        y[i] = t;
    }
}
""", P),
    case("string_under_a_name_another_namespace_makes_arithmetic", "cpp", r"""
#include <string>
namespace a { typedef double num; }
namespace b {
typedef std::string num;
num f(const std::string *parts, int n) {
    num s;
    for (int i = 0; i < n; i++) /*T*/
        s += parts[i];
    return s;
}
}
""", S),
    case("auto_string_is_no_reduction", "cpp", r"""
#include <string>
std::string f(int n) {
    auto u = std::string();
    for (int i = 0; i < n; i++) /*T*/
        u += (char)('a' + i % 5);
    return u;
}
""", S),
    case("constructor_with_effects_in_a_callees_local", "cpp", r"""
long made = 0;
struct V { long x; V(long i) : x(i) { made = made * 3 + i; } };
double g(int i) { V v(i); return v.x * 0.5; }
void f(double *out, int n) {
    for (int i = 0; i < n; i++) /*T*/
        out[i] = g(i);
}
""", S),
    case("constructor_with_effects_of_a_member_subobject", "cpp", r"""
long made = 0;
struct Inner { long x; Inner() : x(1) { made++; } };
struct Outer { Inner in; long y; };
void f(long *out, int n) {
    for (int i = 0; i < n; i++) { /*T*/
        Outer o;
        out[i] = o.in.x + i;
    }
}
""", S, codes={"S2P302"}),
    case("range_for_over_reference_wrappers", "cpp", r"""
#include <functional>
#include <vector>
struct P { double x; };
void f(std::vector<std::reference_wrapper<P>> &refs) {
    for (P &p : refs) /*T*/
        p.x = p.x * 1.5 + 1;
}
""", S),
    case("user_max_is_not_the_library_max", "c", r"""
#include <stdlib.h>
static int max(int a, int b) { return abs(a) >= abs(b) ? a : b; }
int f(const int *a, int n) {
    int m = 0;
    for (int i = 0; i < n; i++) /*T*/
        m = max(m, a[i]);
    return m;
}
""", S),
    case("user_min_with_a_side_effect", "c", r"""
long calls = 0;
static int min(int a, int b) { calls++; return a < b ? a : b; }
void f(int *b, const int *a, int n) {
    for (int i = 0; i < n; i++) /*T*/
        b[i] = min(a[i], 5);
}
""", S, codes={"S2P302"}),
    # from a second review of the fixes
    case("a_classs_static_max_is_not_the_library_max", "cpp", r"""
long calls = 0;
struct Acc {
    static double max(double a, double b) { calls++; return a > b ? a : b; }
    void run(double *x, int n) {
        for (int i = 0; i < n; i++) /*T*/
            x[i] = max(x[i], 0.5) + calls;
    }
};
""", S),
    case("classes_whose_constructors_make_each_others_objects", "cpp", r"""
long counter = 0;
struct B;
struct A { long v; A(long x); };
struct B { long w; B(long x); };
A::A(long x) { v = x; counter++; if (x > 1000000000) { B b(x - 1); v += b.w; } }
B::B(long x) { A a(x % 13); w = a.v + counter; }
void warm(long *o, long n) { for (long i = 0; i < n; i++) { A a(i); o[i] = a.v; } }
void run(long *out, long n) {
    for (long i = 0; i < n; i++) { /*T*/
        B b(i);
        out[i] = b.w;
    }
}
""", S),
    case("range_for_over_a_typedef_of_reference_wrapper", "cpp", r"""
#include <functional>
#include <vector>
typedef std::reference_wrapper<double> R;
void bump(std::vector<R> &refs) {
    for (double &p : refs) /*T*/
        p += 1.0;
}
""", S),
    case("a_bool_sum_is_no_reduction", "cpp", r"""
bool any_sum(const int *x, int n) {
    bool s = false;
    for (int i = 0; i < n; i++) /*T*/
        s += x[i];
    return s;
}
""", S),
    case("a_bool_or_is_a_reduction", "cpp", r"""
bool any_positive(const int *x, int n) {
    bool s = false;
    for (int i = 0; i < n; i++) /*T*/
        s = s || x[i] > 0;
    return s;
}
""", PR, reductions=[("||", "s")]),
    # from a third review
    case("c_max_from_a_header_is_no_library_max", "c", r"""
double max(double a, double b);
double f(const double *a, int n) {
    double m = 0;
    for (int i = 0; i < n; i++) /*T*/
        m = max(m, a[i]);
    return m;
}
""", S),
    case("a_typedef_bool_sum_is_no_reduction", "c", r"""
#include <stdbool.h>
typedef bool flag_t;
int f(const int *x, int n) {
    flag_t s = 0;
    for (int i = 0; i < n; i++) /*T*/
        s += x[i];
    return s;
}
""", S),
    case("range_for_over_structs_with_a_reference_member", "cpp", r"""
#include <vector>
struct R { double &r; int k; };
void f(std::vector<R> &v) {
    for (auto &e : v) /*T*/
        e.r = e.r * 0.5 + e.k;
}
""", S),
    case("a_classs_own_min_leaves_std_min_alone", "cpp", r"""
#include <algorithm>
#include <vector>
using std::min;
struct Acc { static double min(double a, double b) { return a + b; } };
void f(std::vector<double> &w, const std::vector<double> &v) {
    for (int i = 0; i < (int)v.size(); i++) /*T*/
        w[i] = min(v[i], 3.0);
}
""", P),
    case("a_function_building_objects_whose_constructor_counts", "cpp", r"""
#include <vector>
unsigned long made = 0;
struct V;
V make(int k);
struct V {
    int val;
    V operator+(const V &o) const { return make(val + o.val); }
    V(int k) : val(k) { made = made * 3 + k; }
};
V make(int k) { V r(k); return r; }
void early(std::vector<int> &out) { for (int i = 0; i < (int)out.size(); i++) { V v(i); out[i] = v.val; } }
void run(std::vector<int> &res) {
    for (int i = 0; i < (int)res.size(); i++) /*T*/
        res[i] = make(i % 5).val;
}
""", S),
    case("a_sum_of_a_using_alias_of_double_is_a_reduction", "cpp", r"""
using real2 = double;
real2 f(const real2 *x, int n) {
    real2 h = 0;
    for (int i = 0; i < n; i++) /*T*/
        h += x[i];
    return h;
}
""", PR, reductions=[("+", "h")]),
    case("a_sum_of_a_using_alias_of_bool_is_no_reduction", "cpp", r"""
using flag = bool;
int f(const int *x, int n) {
    flag s = false;
    for (int i = 0; i < n; i++) /*T*/
        s += x[i];
    return s;
}
""", S),
    case("class_method_named_like_a_container_method", "cpp", r"""
struct View { double *p; double at(int i) const { return p[i]; } };
double a[8000];
void f(int n) {
    View vw{a};
    for (int i = 1; i < n; i++) /*T*/
        a[i] = vw.at(i - 1) + 1.0;
}
""", S),
]


def _blocking(code: str) -> bool:
    from seq2par.analyzers.findings import RULES

    return RULES[code].blocking


def prepare(code: str) -> tuple[str, int]:
    """Dedented source and the 1-based line of the /*T*/ marker (exactly one)."""
    src = textwrap.dedent(code).lstrip("\n")
    lines = [n for n, text in enumerate(src.splitlines(), start=1) if MARK in text]
    assert len(lines) == 1, f"snippet must carry exactly one {MARK} marker, found {len(lines)}"
    return src, lines[0]


def analyze(lang: str, src: str):
    path = "snippet.c" if lang == "c" else "snippet.cpp"
    return _api()(src, path=path)


def loop_under_test(lang: str, code: str):
    src, line = prepare(code)
    report = analyze(lang, src)
    loop = report.loop_at_line(line)
    assert loop is not None, f"no loop found with its header on line {line}"
    assert loop.line == line
    return report, loop


def describe(loop) -> str:
    finds = [(f.code, f.line, f.vars, f.distance) for f in loop.findings]
    reds = [(r.op, r.var, r.kind, r.index_var) for r in loop.reductions]
    return (f"verdict={loop.verdict} reductions={reds} private={list(loop.private)} findings={finds} "
            f"assertions={list(loop.assertions)}")


# ---------------------------------------------------------------------------------------------------------
# Table sanity (independent of the implementation)
# ---------------------------------------------------------------------------------------------------------

def test_table_is_well_formed():
    from seq2par.analyzers.findings import RULES

    ids = [c.id for c in CASES]
    assert len(ids) == len(set(ids)), "duplicate case ids"
    assert len(CASES) >= 90
    for c in CASES:
        assert c.lang in ("c", "cpp"), c.id
        assert c.verdict in (P, PP, PR, S), c.id
        prepare(c.code)
        for code in c.codes:
            assert code in RULES and RULES[code].blocking, (c.id, code)
        if c.verdict != S:
            assert not c.codes, c.id
        if c.verdict == PR:
            assert c.reductions, c.id
        else:
            assert not c.reductions, c.id
        if c.verdict == PP:
            assert c.private or c.lastprivate, c.id


def test_table_snippets_parse_cleanly():
    """Every snippet must be valid for tree-sitter, so a failure below is about the analysis, not syntax."""
    import tree_sitter_c
    import tree_sitter_cpp
    from tree_sitter import Language, Parser

    parsers = {"c": Parser(Language(tree_sitter_c.language())),
               "cpp": Parser(Language(tree_sitter_cpp.language()))}
    for c in CASES:
        src, _ = prepare(c.code)
        tree = parsers[c.lang].parse(src.encode())
        assert not tree.root_node.has_error, c.id


# ---------------------------------------------------------------------------------------------------------
# The table test
# ---------------------------------------------------------------------------------------------------------

# Known limits of the analysis: every one errs on the safe side (a legal loop reported sequential, or a
# sequential loop reported with a less precise code). strict=True makes a fix show up as XPASS → failure.
KNOWN_LIMITS: dict[str, str] = {}


@pytest.mark.parametrize("c", [pytest.param(c, id=c.id, marks=[pytest.mark.xfail(reason=KNOWN_LIMITS[c.id],
                                                                                 strict=True)]
                                            if c.id in KNOWN_LIMITS else []) for c in CASES])
def test_dependence_table(c: Case):
    report, loop = loop_under_test(c.lang, c.code)
    info = describe(loop)

    assert loop.verdict == c.verdict, info

    blocking = {f.code for f in loop.findings if _blocking(f.code)}
    if c.verdict == S:
        assert blocking, f"sequential without a blocking finding: {info}"
        missing = set(c.codes) - blocking
        assert not missing, f"missing codes {sorted(missing)}: {info}"
    else:
        assert not blocking, f"blocking findings on a {c.verdict} loop: {info}"
        got = {(r.op, r.var) for r in loop.reductions}
        want = {(r[0], r[1]) for r in c.reductions}
        assert got == want, info
        by_pair = {(r.op, r.var): r for r in loop.reductions}
        for r in c.reductions:
            red = by_pair[(r[0], r[1])]
            kind = r[2] if len(r) > 2 else "scalar"
            assert red.kind == kind, info
            if kind in ("minloc", "maxloc"):
                assert red.index_var == r[3], info

    if c.private:
        missing = set(c.private) - set(loop.private)
        assert not missing, f"not private: {sorted(missing)}: {info}"
    assert set(loop.lastprivate) == set(c.lastprivate), info

    if c.asserted:
        assert list(loop.assertions), f"assertion comment not recorded as used: {info}"


# ---------------------------------------------------------------------------------------------------------
# Tests outside the table
# ---------------------------------------------------------------------------------------------------------

JSON_SNIPPET = r"""
double a[100][100], v[1000];
void zero(int n) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++)
            a[i][j] = 0.0;
}
double total(int n) {
    double s = 0.0;
    for (int i = 1; i < n; i++) {
        v[i] = v[i - 1] + 1.0;
        s += v[i];
    }
    return s;
}
"""


def test_to_dict_shape():
    src = textwrap.dedent(JSON_SNIPPET).lstrip("\n")
    report = analyze("c", src)
    data = report.to_dict()
    json.dumps(data)  # must be JSON-serialisable as is
    assert {"path", "mode", "loops"} <= set(data)
    assert data["path"] == "snippet.c"
    assert data["mode"] in ("treesitter", "libclang")
    loops = data["loops"]
    assert len(loops) == 3
    keys = {"id", "function", "line", "end_line", "depth", "parent", "verdict", "reductions", "private",
            "findings"}
    for entry in loops:
        assert keys <= set(entry), sorted(keys - set(entry))
    outer, inner, rec = loops  # preorder, source order
    assert (outer["function"], outer["line"], outer["depth"], outer["parent"]) == ("zero", 3, 0, None)
    assert (inner["function"], inner["line"], inner["depth"]) == ("zero", 4, 1)
    assert inner["parent"] == outer["id"]
    assert outer["end_line"] >= inner["end_line"] >= 5
    assert outer["verdict"] == inner["verdict"] == "parallel"
    assert (rec["function"], rec["line"], rec["end_line"], rec["depth"]) == ("total", 9, 12, 0)
    assert rec["verdict"] == "sequential"
    codes = {f["code"] for f in rec["findings"]}
    assert "S2P201" in codes
    for f in rec["findings"]:
        assert isinstance(f["line"], int)
    # the dict agrees with the objects
    for obj, entry in zip(report.loops, loops, strict=True):
        assert obj.id == entry["id"]
        assert obj.verdict == entry["verdict"]
        assert obj.line == entry["line"]


def test_loops_are_preorder_with_parents():
    src = textwrap.dedent(JSON_SNIPPET).lstrip("\n")
    report = analyze("c", src)
    assert [lp.line for lp in report.loops] == [3, 4, 9]
    assert [lp.depth for lp in report.loops] == [0, 1, 0]
    assert report.loops[1].parent == report.loops[0].id
    assert report.loops[0].parent is None and report.loops[2].parent is None
    assert report.loops[0].var == "i" and report.loops[1].var == "j"
    try:  # line 5 is a loop body, not a header; the contract does not say whether that is None or an error
        missing = report.loop_at_line(5)
    except LookupError:
        missing = None
    assert missing is None


SYNTAX_ERROR_SNIPPET = r"""
double g[100], b[100];
void bad(int n) {
    int x;
    x = ) + 2;
    for (int i = 0; i < n; i++) b[i] = 1;
}
void good(int n) {
    for (int i = 0; i < n; i++) /*T*/
        g[i] = g[i] * 2;
}
"""


def test_syntax_error_reports_s2p100_and_analyzes_the_rest():
    src, line = prepare(SYNTAX_ERROR_SNIPPET)
    report = analyze("c", src)
    assert report.parse_errors, "expected an S2P100 parse error"
    assert all(f.code == "S2P100" for f in report.parse_errors)
    assert any(2 <= f.line <= 6 for f in report.parse_errors), [f.line for f in report.parse_errors]
    loop = report.loop_at_line(line)
    assert loop is not None
    assert loop.function == "good"
    assert loop.verdict == "parallel", describe(loop)


def test_flow_finding_carries_distance_and_write_line():
    src, line = prepare(r"""
double a[1000], b[1000];
void f(int n) {
    for (int i = 1; i < n; i++) { /*T*/
        b[i] = b[i] * 2.0;
        a[i] = a[i - 1] + b[i];
    }
}
""")
    loop = analyze("c", src).loop_at_line(line)
    flows = [f for f in loop.findings if f.code == "S2P201"]
    assert flows, describe(loop)
    on_a = [f for f in flows if "a" in f.vars]
    assert on_a, describe(loop)
    assert any(f.distance == 1 for f in on_a), describe(loop)
    assert any(f.line == line + 2 for f in on_a), describe(loop)
    assert not [f for f in flows if "b" in f.vars], describe(loop)


def test_flow_distance_2():
    src, line = prepare(r"""
double a[1002];
void f(int n) {
    for (int i = 0; i < n; i++) /*T*/
        a[i + 2] = a[i] + 1.0;
}
""")
    loop = analyze("c", src).loop_at_line(line)
    flows = [f for f in loop.findings if f.code == "S2P201"]
    assert any(f.distance == 2 for f in flows), describe(loop)


def test_assertion_note_is_not_blocking():
    src, line = prepare(r"""
void add1(double *a, double *b, int n) {
    // seq2par: independent(a, b)
    for (int i = 0; i < n; i++) /*T*/
        a[i] = b[i] + 1;
}
""")
    loop = analyze("c", src).loop_at_line(line)
    assert loop.verdict == "parallel", describe(loop)
    assert set(loop.assertions) <= {"a", "b"} and loop.assertions, describe(loop)
    assert all(f.code != "S2P501" for f in loop.findings), describe(loop)


def test_a_comma_update_is_named_as_the_reason():
    """Review: `for (i = 0; i < n; i++, k++)` was refused with "update of `i` is not `i++`...", which it is."""
    src, line = prepare(r"""
double a[1000];
int f(int n) {
    int k = 0;
    for (int i = 0; i < n; i++, k++) /*T*/
        a[i] = k * 2.0;
    return k;
}
""")
    loop = analyze("c", src).loop_at_line(line)
    assert any("the update `i++, k++` changes more than the index `i`" in f.message for f in loop.findings), \
        describe(loop)


def test_an_assertion_that_names_the_index_array_says_it_applied_to_nothing():
    """Review: S2P204's remedy told every user to write `independent(a)` whatever the array, and an
    assertion naming the index array (`perm` of `out[perm[i]]`) or a misspelt name was ignored silently."""
    src, line = prepare(r"""
void scatter(double *restrict out, const int *restrict perm, const double *restrict vals, int n) {
    // seq2par: independent(perm)
    for (int i = 0; i < n; i++) /*T*/
        out[perm[i]] = vals[i];
}
""")
    loop = analyze("c", src).loop_at_line(line)
    assert loop.verdict == "sequential", describe(loop)
    indirect = next(f for f in loop.findings if f.code == "S2P204")
    assert "`// seq2par: independent(out)`" in indirect.remedy
    ignored = next(f for f in loop.findings if f.code == "S2P503")
    assert not ignored.blocking and ignored.vars == ("perm",)
    assert "no finding of this loop is on perm (they are on out)" in ignored.message

    fixed = analyze("c", src.replace("independent(perm)", "independent(out)")).loop_at_line(line)
    assert fixed.verdict == "parallel" and not any(f.code == "S2P503" for f in fixed.findings), describe(fixed)


@pytest.mark.parametrize("code, line, verdict", [
    # a pointer offset from an array overlaps it: p[i] = a[i] is a[i+1] = a[i]
    ("#include <stdlib.h>\nvoid f(int n) {\n double *a = malloc(8000);\n double *p = a + 1;\n"
     " for (int i = 0; i < n; i++) p[i] = a[i] * 2.0;\n}\n", 5, "sequential"),
    # a pointer copied from a global is the global
    ("double g[1000];\nvoid f(int n) {\n double *q = g;\n for (int i = 1; i < n; i++) q[i] = g[i - 1];\n}\n",
     4, "sequential"),
    # two allocations that trade places in a time loop stay distinct
    ("#include <stdlib.h>\nvoid f(int n) {\n double *u = malloc(8000), *un = malloc(8000);\n"
     " for (int t = 0; t < 10; t++) {\n  for (int i = 1; i < n; i++) un[i] = u[i - 1] + u[i];\n"
     "  double *tmp = u; u = un; un = tmp;\n }\n}\n", 5, "parallel"),
    # a plain copy (not a swap) makes them the same array
    ("#include <stdlib.h>\nvoid f(int n) {\n double *u = malloc(8000);\n double *v = malloc(8000);\n v = u;\n"
     " for (int i = 1; i < n; i++) v[i] = u[i - 1];\n}\n", 6, "sequential"),
])
def test_local_pointer_provenance(code: str, line: int, verdict: str) -> None:
    from seq2par.analyzers import analyze_source

    loop = analyze_source(code, "p.c").loop_at_line(line)
    assert loop.verdict == verdict, loop.summary()
    if verdict == "sequential":
        assert "S2P501" in {f.code for f in loop.findings}


@pytest.mark.parametrize("body, verdict", [
    ("if (x[i] > 0) t = x[i]; else t = -x[i]; y[i] = t;", "parallel-private"),
    ("if (x[i] > 0) t = x[i]; else if (x[i] < -1) t = -x[i]; y[i] = t;", "sequential"),
    ("if (x[i] > 0) { t = x[i]; } y[i] = t;", "sequential"),
    ("if (x[i] > 0) { t = x[i]; y[i] = t; } else { t = 0; y[i] = t + 1; }", "parallel-private"),
])
def test_privatization_through_if_else(body: str, verdict: str) -> None:
    from seq2par.analyzers import analyze_source

    code = f"void f(double *restrict x, double *restrict y, int n) {{\n double t;\n" \
           f" for (int i = 0; i < n; i++) {{ {body} }}\n}}\n"
    loop = analyze_source(code, "b.c").loop_at_line(3)
    assert loop.verdict == verdict, loop.summary()
