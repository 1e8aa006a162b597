"""Code that runs in a loop body with no call in sight (a helper's review, 2026-12-07: each was called parallel,
validated with an input that did not take the rare branch, and the OpenMP or MPI program was wrong for one that
did): the size of a variable-length array, which C evaluates where the declaration, `typedef`, `sizeof` or
cast is reached (`double t[width(a[i])];` with a `width` that counts large elements in a global: 49979 for
99979 at np=2); an `asm` statement, whose operands the analysis does not read (`"+m"(count)`); and the
function a `cleanup` attribute calls where the variable goes out of scope; in C++, a converting constructor
with effects that a call runs on its argument or return value (`take(a[i])` of `double take(M m)`). The
controls: a VLA whose size is a plain value, `sizeof` of a type without one, a class without effects, a
pointer parameter."""

from __future__ import annotations

import pytest

from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop

HEADER = """
    static double limit;
    static int nbig = 0;
    static int width(double x) { if (x > limit) nbig++; return 4; }
    static void release(double *p) { if (*p > limit) nbig++; }
    double a[100000], b[100000];
"""

SEQUENTIAL = {
    "vla_size_calls": """
        void f(int n) {
            for (int i = 0; i < n; i++) {  /*T*/
                double tmp[width(a[i])];
                for (int k = 0; k < 4; k++) tmp[k] = a[i] * k;
                b[i] = tmp[1] + tmp[3];
            }
        }
    """,
    "vla_pointer_size_calls": """
        void f(int n) {
            for (int i = 0; i < n; i++) {  /*T*/
                double (*row)[width(a[i])] = 0;
                b[i] = a[i] + (row != 0);
            }
        }
    """,
    "vla_typedef_size_calls": """
        void f(int n) {
            for (int i = 0; i < n; i++) {  /*T*/
                typedef double row[width(a[i])];
                b[i] = a[i] * 2;
            }
        }
    """,
    "vla_sizeof_calls": """
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = a[i] * sizeof(double[width(a[i])]);
        }
    """,
    "vla_cast_calls": """
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = a[i] + ((double (*)[width(a[i])]) &b[i] != 0);
        }
    """,
    "vla_size_calls_in_a_callee": """
        static double g(double x) { double t[width(x)]; t[0] = x; return t[0]; }
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = g(a[i]);
        }
    """,
    "vla_parameter_size_calls": """
        static double g(int k, const double v[width(k)]) { return v[0] * k; }
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = g(4, &a[i]);
        }
    """,
    "typeof_of_a_vla_type_calls": """
        void f(int n) {
            for (int i = 0; i < n; i++) {  /*T*/
                __typeof__(double[width(a[i])]) tmp;
                tmp[0] = a[i];
                b[i] = tmp[0];
            }
        }
    """,
    "asm_stores_a_global": """
        void f(int n) {
            for (int i = 0; i < n; i++) {  /*T*/
                if (a[i] > limit) { __asm__ __volatile__("incl %0" : "+m"(nbig)); }
                b[i] = a[i] * 2;
            }
        }
    """,
    "cleanup_function_writes_a_global": """
        void f(int n) {
            for (int i = 0; i < n; i++) {  /*T*/
                __attribute__((cleanup(release))) double t = a[i] * 3;
                b[i] = t + 1;
            }
        }
    """,
    "cleanup_underscored_and_spaced": """
        void f(int n) {
            for (int i = 0; i < n; i++) {  /*T*/
                __attribute__ ( (__cleanup__(release)) ) double t = a[i] * 3;
                b[i] = t + 1;
            }
        }
    """,
    "cleanup_as_a_standard_attribute": """
        void f(int n) {
            for (int i = 0; i < n; i++) {  /*T*/
                [[gnu::cleanup(release)]] double t = a[i] * 3;
                b[i] = t + 1;
            }
        }
    """,
    "cleanup_function_in_a_callee": """
        static double g(double x) { __attribute__((cleanup(release))) double t = x; return t + 1; }
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = g(a[i]);
        }
    """,
}

PARALLEL = {
    "vla_of_a_plain_size": """
        void f(int n, int m) {
            for (int i = 0; i < n; i++) {  /*T*/
                double tmp[m];
                for (int k = 0; k < m; k++) tmp[k] = a[i] * k;
                b[i] = tmp[0];
            }
        }
    """,
    "sizeof_of_a_fixed_type": """
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = a[i] * sizeof(double[4]);
        }
    """,
}


@MODES
@pytest.mark.parametrize("case_id", list(SEQUENTIAL))
def test_code_the_loop_runs_without_a_call_is_seen(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", HEADER + SEQUENTIAL[case_id], use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.blocking and f.code in ("S2P301", "S2P302") for f in loop.findings), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(PARALLEL))
def test_plain_sizes_stay_parallel(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", HEADER + PARALLEL[case_id], use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


# C++: a converting constructor with effects runs where a call converts its argument or its return value
CPP_HEADER = """
    static double limit;
    static int nbig = 0;
    struct M { double v; M(double x) : v(x) { if (x > limit) nbig++; } };
    struct P { double v; P(double x) : v(x) {} };
    double a[100000], b[100000];
"""

CPP_SEQUENTIAL = {
    "argument_converted_by_value": """
        static double take(M m) { return m.v * 2; }
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = take(a[i]);
        }
    """,
    "argument_converted_to_a_const_reference": """
        static double take(const M &m) { return m.v * 2; }
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = take(a[i]);
        }
    """,
    "return_value_converted": """
        static M conv(double x) { return x; }
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = conv(a[i]).v * 2;
        }
    """,
    "conversion_two_calls_deep": """
        static double take(M m) { return m.v * 2; }
        static double twice(double x) { return take(x) * 2; }
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = twice(a[i]);
        }
    """,
    "alias_of_the_class": """
        using MM = M;
        static double take(MM m) { return m.v * 2; }
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = take(a[i]);
        }
    """,
    "static_member_function": """
        struct W { static double take(M m) { return m.v * 2; } };
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = W::take(a[i]);
        }
    """,
    "operator_taking_the_class": """
        struct N { double operator+(M m) const { return m.v * 2; } };
        void f(int n) {
            N q;
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = q + a[i];
        }
    """,
    "temporary_holding_the_class": """
        struct W { M m; };
        static double take(W w) { return w.m.v * 2; }
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = take(W{a[i]});
        }
    """,
}

CPP_PARALLEL = {
    "class_without_effects": """
        static double take(P p) { return p.v * 2; }
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = take(a[i]);
        }
    """,
    "pointer_parameter_makes_no_object": """
        static double peek(const M *m, double x) { return m ? m->v : x; }
        void f(int n) {
            for (int i = 0; i < n; i++)  /*T*/
                b[i] = peek(nullptr, a[i]);
        }
    """,
}


@MODES
@pytest.mark.parametrize("case_id", list(CPP_SEQUENTIAL))
def test_conversion_at_a_call_runs_the_constructor(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "cpp", CPP_HEADER + CPP_SEQUENTIAL[case_id], use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.blocking and f.code == "S2P302" for f in loop.findings), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(CPP_PARALLEL))
def test_calls_that_make_no_object_with_effects_stay_parallel(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "cpp", CPP_HEADER + CPP_PARALLEL[case_id], use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


HEADER_CLASS = """
struct M { double v; M(double x) : v(x) { if (x > limit) nbig++; } };
"""

IN_HEADER = {
    "object_of_a_header_class": "for (int i = 0; i < n; i++) { M m(a[i]); b[i] = m.v; }",
    "call_converting_to_a_header_class": "for (int i = 0; i < n; i++) b[i] = take(a[i]);",
}


def _header_loop(tmp_path, header_class: str, loop: str, use_libclang: bool):
    from seq2par.analyzers import analyze_file

    (tmp_path / "m.h").write_text("static double limit = 1e300;\nstatic int nbig = 0;\n" + header_class)
    (tmp_path / "k.cpp").write_text(
        '#include "m.h"\ndouble a[1000], b[1000];\n'
        "static double take(const M &m) { return m.v * 2; }\n"
        f"void f(int n) {{\n    {loop}\n}}\n")
    report = analyze_file(tmp_path / "k.cpp", [], use_libclang=use_libclang)
    found = report.loop_at_line(5)
    assert found is not None, report.loops
    return found


@MODES
@pytest.mark.parametrize("case_id", list(IN_HEADER))
def test_a_class_of_an_own_header_is_judged_by_its_code(case_id: str, use_libclang: bool, tmp_path) -> None:
    """A class defined in the file's own header (read as a program of its own): its constructor's effect
    makes the loop sequential, where its code was not looked at (a named `M m(a[i])` was called parallel)."""
    loop = _header_loop(tmp_path, HEADER_CLASS, IN_HEADER[case_id], use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.blocking and "M::M" in f.message for f in loop.findings), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(IN_HEADER))
def test_a_trivial_class_of_an_own_header_stays_parallel(case_id: str, use_libclang: bool, tmp_path) -> None:
    """The control (a review of the first version found every header class refused, complex numbers and
    3-vectors with trivial constructors too)."""
    loop = _header_loop(tmp_path, "struct M { double v; M() {} M(double x) : v(x) {} };\n", IN_HEADER[case_id],
                        use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


@MODES
def test_a_class_of_an_own_header_whose_constructor_is_elsewhere(use_libclang: bool, tmp_path) -> None:
    """Declared in the header, defined in a file not given: its code is not known."""
    loop = _header_loop(tmp_path, "struct M { double v; M(double x); };\n", IN_HEADER["object_of_a_header_class"],
                        use_libclang)
    assert loop.verdict == "sequential", describe(loop)


def test_a_call_in_a_lambda_makes_the_parameters_may_alias() -> None:
    """`shift(b, b, n)` only in a lambda: the recorded call sites all pass distinct arrays, but this one
    does not (a review's program printed 4199999.5 for 4200005.5 at 2 threads)."""
    from seq2par.analyzers import analyze_source

    source = """
#define N 1000
static double a[N + 1], b[N + 1];
void shift(double *dst, const double *src, int n) {
    for (int i = 0; i < n; i++)
        dst[i] = src[i + 1] * 0.5 + 1;
}
int main(int argc, char **argv) {
    shift(a, b, N);
    auto inplace = [] { shift(b, b, N); };
    if (argc > 1) inplace();
    return (int)a[3];
}
"""
    loop = analyze_source(source, "lam.cpp").loops[0]
    assert loop.verdict == "sequential", describe(loop)
