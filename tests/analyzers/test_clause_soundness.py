"""Clauses and verdicts a second review found wrong: a private scalar still live after the loop, a store in
one `switch` case taken to come before a read in another, algorithms handed code to run, a lambda holding a
reference to a scalar, a structured binding taken for the outer variable of that name, and a scalar
reference parameter that may name an element of the array the loop reads. Each program here gave a
different result under the clause the analysis proposed (checked with gcc -fopenmp). The loop under test
is the one whose header line carries the marker comment `/*T*/`."""

from __future__ import annotations

import textwrap

import pytest

from seq2par.analyzers import analyze_source

MARK = "/*T*/"

# id → (language, source, what the marked loop must not be reported as)
CASES = {
    # the later loop may run zero times: `t` keeps the marked loop's last value, so it is not just private
    "write_in_a_later_loop_does_not_end_its_life": ("c", r"""
        double a[1000], b[1001];
        double f(int n, int m) {
            double t = 0;
            for (int i = 0; i < n; i++) { t = a[i] * 2; b[i] = t; } /*T*/
            for (int k = 0; k < m; k++) { t = 5; b[k + 1] = b[k]; }
            return t;
        }
    """, "private"),
    # the outer loop's next pass reads `u` before the inner loop writes it again
    "read_on_the_next_pass_of_an_outer_loop": ("c", r"""
        double a[1000], b[1000], c[4];
        double f(int n) {
            double u = 0;
            for (int o = 0; o < 4; o++) {
                c[o] = u;
                for (int i = 0; i < n; i++) { u = a[i] * o; b[i] = u; } /*T*/
            }
            u = 0;
            return u + c[3];
        }
    """, "private"),
    # case 1 reads the `t` that case 0 stored in an earlier iteration
    "store_in_one_case_read_in_another": ("c", r"""
        double a[1000], b[1000];
        int key[1000];
        void f(int n) {
            double t = 0;
            for (int i = 0; i < n; i++) { /*T*/
                switch (key[i]) { case 0: t = a[i]; break; case 1: b[i] = t; break; }
            }
        }
    """, "parallel"),
    # the operation runs the caller's code, which adds to `acc` in every iteration
    "algorithm_given_a_lambda_that_writes": ("cpp", r"""
        #include <numeric>
        #include <vector>
        double f(int n) {
            std::vector<double> v(n + 4, 1.0), w(n);
            double acc = 0;
            for (int i = 0; i < n; i++) /*T*/
                w[i] = std::accumulate(v.begin() + i, v.begin() + i + 4, 0.0,
                                       [&](double a, double b) { acc += b; return a + b; });
            return acc;
        }
    """, "parallel"),
    # `show` reads `t` after the loop through the reference it captured
    "lambda_capturing_by_reference": ("cpp", r"""
        #include <vector>
        double f(const std::vector<double> &a, std::vector<double> &b, int n) {
            double t = 0;
            auto show = [&] { return t; };
            for (int i = 0; i < n; i++) { t = a[i] * 2; b[i] = t; } /*T*/
            return show();
        }
    """, "parallel"),
    # f(a[5], a, n): the reduction reads its own partial sums
    "scalar_reference_parameter_into_the_array_read": ("cpp", r"""
        #include <vector>
        void f(double &s, const double *a, int n) {
            for (int i = 0; i < n; i++) s += a[i]; /*T*/
        }
        int main() {
            std::vector<double> a(1000, 1.0);
            f(a[5], a.data(), 1000);
            return (int)a[5];
        }
    """, "parallel"),
}


def marked(lang: str, code: str, use_libclang: bool):
    src = textwrap.dedent(code).lstrip("\n")
    line = next(n for n, text in enumerate(src.splitlines(), start=1) if MARK in text)
    report = analyze_source(src, path="t.c" if lang == "c" else "t.cpp", use_libclang=use_libclang)
    assert not report.parse_errors, [f.message for f in report.parse_errors]
    return report, report.loop_at_line(line)


@pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])
@pytest.mark.parametrize("case_id", list(CASES))
def test_the_marked_loop_keeps_what_sequential_execution_keeps(case_id: str, use_libclang: bool) -> None:
    lang, code, wrong = CASES[case_id]
    _, loop = marked(lang, code, use_libclang)
    if wrong == "private":  # legal only with lastprivate (or sequential): never plain private
        assert loop.verdict == "sequential" or "t" in loop.lastprivate or "u" in loop.lastprivate, loop.summary()
        assert not {"t", "u"} & set(loop.private), loop.summary()
    else:
        assert loop.verdict == "sequential", loop.summary()
        assert any(f.blocking for f in loop.findings), loop.summary()


@pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])
def test_neighbours_stay_parallel(use_libclang: bool) -> None:
    """A comparator that only compares, a reference parameter every caller binds to a scalar of its own,
    and the names of a structured binding, which belong to the iteration's element."""
    _, loop = marked("cpp", r"""
        #include <algorithm>
        #include <vector>
        void f(const std::vector<double> &v, std::vector<double> &w, int n) {
            for (int i = 0; i < n; i++) /*T*/
                w[i] = std::max(v[i], 2.0 * v[i], [](double a, double b) { return a < b; });
        }
    """, use_libclang)
    assert loop.verdict == "parallel", loop.summary()
    _, loop = marked("cpp", r"""
        #include <vector>
        void f(double &s, const double *a, int n) {
            for (int i = 0; i < n; i++) s += a[i]; /*T*/
        }
        int main() {
            std::vector<double> a(1000, 1.0);
            double total = 0;
            f(total, a.data(), 1000);
            return (int)total;
        }
    """, use_libclang)
    assert loop.verdict == "parallel-reduction", loop.summary()
    report, loop = marked("cpp", r"""
        #include <utility>
        #include <vector>
        double f(std::vector<std::pair<int, double>> &pv) {
            double val = 42;
            for (auto &[k, val] : pv) { val = k * 2.0; } /*T*/
            return val;
        }
    """, use_libclang)
    assert loop.verdict == "parallel" and "val" not in loop.lastprivate, loop.summary()
