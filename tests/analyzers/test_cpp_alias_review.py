"""Loops a review of C++ code (2026-12-06) found reported parallel although they are not: each program here
gave a different result from its OpenMP program (g++ -fopenmp) for another input than the validation run's,
so validation passed and wrote a wrong program. The loop under test is the one whose header line carries
the marker `/*T*/`: it must be sequential, with a blocking finding that names the cause. Beside them,
neighbours that differ in the one thing that makes them safe, which must stay parallel."""

from __future__ import annotations

import textwrap

import pytest

from seq2par.analyzers import analyze_source

MARK = "/*T*/"

# id -> (source, a word the blocking finding's message must contain)
SEQUENTIAL = {
    # sum(total): the reduction into `s` writes the global the loop reads
    "reference_parameter_bound_to_a_global_the_loop_reads": (r"""
        #include <cmath>
        const int N = 1000;
        double a[N], b[N], total = 0;
        void sum(double &s) {
            for (int i = 0; i < N; i++) { s += a[i]; b[i] = std::sqrt(total + 1.0); } /*T*/
        }
        int main(int argc, char **) { double part = 0; if (argc > 1) sum(total); else sum(part); return 0; }
    """, "total"),
    # wsum(x, x): the factor is the sum being reduced
    "two_reference_parameters_bound_to_one_variable": (r"""
        double a[1000];
        void wsum(double &acc, const double &alpha) {
            for (int i = 0; i < 1000; i++) acc += a[i] * alpha; /*T*/
        }
        int main() { double x = 1.0; wsum(x, x); return (int)x; }
    """, "alpha"),
    # c.add(v, c.sum): the scale is the member being reduced
    "reference_parameter_bound_to_the_member_reduced": (r"""
        #include <vector>
        struct Acc {
            double sum = 0;
            void add(const std::vector<double> &x, const double &scale) {
                int n = x.size();
                for (int i = 0; i < n; i++) sum += x[i] * scale; /*T*/
            }
        };
        int main(int argc, char **) {
            std::vector<double> a(1000, 1e-3);
            Acc c; double k = 1.0;
            if (argc > 1) c.add(a, c.sum); else c.add(a, k);
            return (int)c.sum;
        }
    """, "sum"),
    # a library function: nothing says its two references are two objects
    "two_reference_parameters_without_callers": (r"""
        double a[1000];
        void wsum(double &acc, const double &alpha) {
            for (int i = 0; i < 1000; i++) acc += a[i] * alpha; /*T*/
        }
    """, "alpha"),
    # Solver s(x, x): two reference members bound to one vector
    "reference_members_bound_to_one_vector": (r"""
        #include <vector>
        struct Solver {
            std::vector<double> &u;
            std::vector<double> &v;
            Solver(std::vector<double> &a, std::vector<double> &b) : u(a), v(b) {}
            void step() {
                int n = v.size();
                for (int i = 1; i < n; i++) v[i] = u[i - 1] * 0.5 + 1.0; /*T*/
            }
        };
        int main() { std::vector<double> x(100, 1.0); Solver s(x, x); s.step(); return (int)x[99]; }
    """, "v"),
    # C c{ga}: an array reference member bound to the global the loop writes
    "array_reference_member_bound_to_a_global": (r"""
        double ga[1000];
        struct C {
            double (&arr)[1000];
            void step() { for (int i = 1; i < 1000; i++) ga[i] = arr[i - 1] + 1.0; /*T*/ }
        };
        int main() { C c{ga}; c.step(); return (int)ga[999]; }
    """, "arr"),
    # cells[i].left = &cells[i - 1]: the pointer member leads to the cell the previous iteration wrote
    "pointer_member_into_the_array_written": (r"""
        #include <vector>
        struct Cell { double val; Cell *left; };
        int main(int argc, char **) {
            std::vector<Cell> cells(1000);
            for (int i = 1; i < 1000; i++) cells[i].left = &cells[i - (argc > 1)];
            for (int i = 1; i < 1000; i++) cells[i].val = cells[i].left->val * 0.5 + 1.0; /*T*/
            return (int)cells[999].val;
        }
    """, "*cells[i].left"),
    # each thread has an errno of its own: the main thread does not see log(-1)'s EDOM
    "math_errors_checked_through_errno": (r"""
        #include <cerrno>
        #include <cmath>
        #include <cstdio>
        double x[1000], y[1000];
        int main() {
            errno = 0;
            for (int i = 0; i < 1000; i++) y[i] = std::log(x[i]) + sqrt(x[i] + 2.0); /*T*/
            if (errno == EDOM) std::puts("domain error");
            return 0;
        }
    """, "errno"),
    # the exception a caller catches would end the program inside a parallel loop
    "at_throwing_to_a_caller_that_catches": (r"""
        #include <stdexcept>
        #include <vector>
        static void fill(std::vector<double> &w, const std::vector<double> &v, const std::vector<int> &idx) {
            for (int i = 0; i < (int)w.size(); i++) w[i] = v.at(idx[i]) * 2.0; /*T*/
        }
        int main() {
            std::vector<double> v(10), w(10);
            std::vector<int> idx(10, 20);
            try { fill(w, v, idx); } catch (const std::out_of_range &) { return 1; }
            return 0;
        }
    """, "v.at()"),
    # (session of 2026-12-06, later) the loop itself inside a `try` of main: it was not analyzed at all
    "at_in_a_loop_inside_a_try": (r"""
        #include <stdexcept>
        #include <vector>
        int main(int argc, char **) {
            std::vector<double> v(10), w(10);
            int n = argc > 1 ? 20 : 10;
            try {
                for (int i = 0; i < n; i++) w[i % 10] += v.at(i); /*T*/
            } catch (const std::out_of_range &) { return 1; }
            return (int)w[0];
        }
    """, "v.at()"),
    # the `.at()` in a function the loop calls
    "at_in_a_callee_under_a_callers_try": (r"""
        #include <stdexcept>
        #include <vector>
        static double get(const std::vector<double> &v, int i) { return v.at(i); }
        static void scale(std::vector<double> &w, const std::vector<double> &v, int n) {
            for (int i = 0; i < n; i++) w[i] = get(v, i) * 2.0; /*T*/
        }
        int main(int argc, char **) {
            std::vector<double> v(10), w(20);
            try { scale(w, v, argc > 1 ? 20 : 10); } catch (const std::out_of_range &) { return 1; }
            return (int)w[0];
        }
    """, "get"),
    # a math call in a function the loop calls, in a program that reads errno
    "errno_set_in_a_callee": (r"""
        #include <cerrno>
        #include <cmath>
        #include <cstdio>
        double x[1000], y[1000];
        static double f(double v) { return std::log(v) * 2.0; }
        int main() {
            errno = 0;
            for (int i = 0; i < 1000; i++) y[i] = f(x[i]); /*T*/
            if (errno == EDOM) std::puts("domain error");
            return 0;
        }
    """, "errno"),
    # two definitions of one name: the loop's call may run the one that writes a global (the second one
    # replaced the first in the IR, and the first's loops were not analyzed at all)
    "overload_that_writes_a_global": (r"""
        double g = 0;
        double f(double x) { g += x; return x * 2; }
        int f(int x) { return x * 3; }
        double a[1000];
        int main() {
            for (int i = 0; i < 1000; i++) a[i] = f((double)i); /*T*/
            return (int)(a[5] + g);
        }
    """, "f"),
    # a running count kept across iterations, one per thread
    "thread_local_count": (r"""
        double a[1000];
        void f() {
            for (int i = 0; i < 1000; i++) { /*T*/
                thread_local long q = 0;
                q += i % 3;
                a[i] = q * 0.5;
            }
        }
    """, "q"),
    # Acc acc{v[n / 2]}: the reduction adds into an element of the vector it reads (review of the fixes)
    "scalar_reference_member_bound_to_an_element": (r"""
        #include <vector>
        struct Acc {
            double &total;
            void add(const std::vector<double> &v) {
                for (std::size_t i = 0; i < v.size(); i++) total += v[i]; /*T*/
            }
        };
        int main() { std::vector<double> v(1000, 1.0); Acc acc{v[500]}; acc.add(v); return (int)v[500]; }
    """, "total"),
    # int &lim = a[k]: the first iterations may change the bound
    "bound_read_through_a_local_reference": (r"""
        int main(int argc, char **) {
            int a[100];
            for (int i = 0; i < 100; i++) a[i] = 50;
            int &lim = a[argc];
            for (int i = 0; i < lim; i++) a[i] = i; /*T*/
            return a[7];
        }
    """, "lim"),
}

# id -> source whose marked loop must stay parallel
PARALLEL = {
    # every call binds the reference to a local of its own, and the global the loop reads is not passed
    "reference_parameter_bound_to_locals_only": r"""
        #include <cmath>
        const int N = 1000;
        double a[N], b[N], total = 0;
        void sum(double &s) {
            for (int i = 0; i < N; i++) { s += a[i]; b[i] = std::sqrt(total + 1.0); } /*T*/
        }
        int main(int argc, char **) { double part = 0, more = 0; sum(part); sum(more); return (int)part; }
    """,
    # two references bound to two different locals at every call
    "two_reference_parameters_bound_apart": r"""
        double a[1000];
        void wsum(double &acc, const double &alpha) {
            for (int i = 0; i < 1000; i++) acc += a[i] * alpha; /*T*/
        }
        int main() { double x = 1.0, w = 2.0; wsum(x, w); return (int)x; }
    """,
    # a reduction into the only reference parameter of a library function that touches no global (and
    # cannot name an element of the int vector it reads)
    "one_reference_parameter_without_callers": r"""
        #include <vector>
        void total(const std::vector<int> &k, double &s) {
            for (int i = 0; i < (int)k.size(); i++) s += k[i] * 0.5; /*T*/
        }
    """,
    # members held by value are the object's own vectors
    "vector_members_held_by_value": r"""
        #include <vector>
        struct Solver {
            std::vector<double> u, v;
            void step() {
                int n = v.size();
                for (int i = 1; i < n; i++) v[i] = u[i - 1] * 0.5 + 1.0; /*T*/
            }
        };
    """,
    # a reference member of ints cannot be bound to the vector of doubles the loop writes
    "reference_member_of_another_element_type": r"""
        #include <vector>
        struct Scale {
            const std::vector<int> &k;
            std::vector<double> out;
            void step() { for (int i = 0; i < (int)out.size(); i++) out[i] = k[i] * 0.5; /*T*/ }
        };
    """,
    # nothing reads errno: the math calls are pure
    "math_without_errno": r"""
        #include <cmath>
        double x[1000], y[1000];
        void f() { for (int i = 0; i < 1000; i++) y[i] = std::log(x[i]) + sqrt(x[i] + 2.0); /*T*/ }
    """,
    # nothing catches: an out-of-range index ends the program either way
    "at_without_a_catch": r"""
        #include <vector>
        void fill(std::vector<double> &w, const std::vector<float> &v, const std::vector<int> &idx) {
            for (int i = 0; i < (int)w.size(); i++) w[i] = v.at(idx[i]) * 2.0; /*T*/
        }
    """,
    # a loop inside a `try` with nothing that throws
    "loop_inside_a_try_that_cannot_throw": r"""
        #include <vector>
        int main() {
            std::vector<double> v(10), w(10);
            try {
                for (int i = 0; i < 10; i++) w[i] = v[i] * 2.0; /*T*/
            } catch (...) { return 1; }
            return (int)w[0];
        }
    """,
    # the only `try` is around argument parsing: nothing can catch what the loop throws (review of the fix)
    "at_where_no_catch_encloses_the_call": r"""
        #include <string>
        #include <vector>
        static void fill(std::vector<double> &w, const std::vector<float> &v) {
            for (int i = 0; i < (int)w.size(); i++) w[i] = v.at(i) * 2.0; /*T*/
        }
        int main(int argc, char **argv) {
            int n = 10;
            try { n = std::stoi(argc > 1 ? argv[1] : "10"); } catch (...) { return 2; }
            std::vector<double> w(n); std::vector<float> v(n);
            fill(w, v);
            return (int)w[0];
        }
    """,
    # a Body cannot live inside an array of doubles: reading bodies[i]->mass cannot read force (the first
    # fix for pointers read from memory refused it)
    "pointers_to_records_against_an_array_of_numbers": r"""
        #include <vector>
        struct Body { double mass, x; };
        void weigh(const std::vector<Body *> &bodies, std::vector<double> &force) {
            for (std::size_t i = 0; i < bodies.size(); i++) force[i] = bodies[i]->mass * 9.81; /*T*/
        }
    """,
}


def marked(code: str, use_libclang: bool, path: str = "t.cpp"):
    """The report of the loop whose header line carries MARK in `code` (analyzed as the file `path`)."""
    src = textwrap.dedent(code).lstrip("\n")
    line = next(n for n, text in enumerate(src.splitlines(), start=1) if MARK in text)
    report = analyze_source(src, path=path, use_libclang=use_libclang)
    assert not report.parse_errors, [f.message for f in report.parse_errors]
    return report.loop_at_line(line)


@pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])
@pytest.mark.parametrize("case_id", sorted(SEQUENTIAL))
def test_the_marked_loop_is_sequential_and_says_why(case_id: str, use_libclang: bool) -> None:
    code, word = SEQUENTIAL[case_id]
    loop = marked(code, use_libclang)
    assert loop.verdict == "sequential", loop.summary()
    assert any(f.blocking and f"`{word}`" in f.message for f in loop.findings), loop.summary()


@pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])
@pytest.mark.parametrize("case_id", sorted(PARALLEL))
def test_the_neighbours_stay_parallel(case_id: str, use_libclang: bool) -> None:
    loop = marked(PARALLEL[case_id], use_libclang)
    assert loop.verdict.startswith("parallel"), loop.summary()
