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
