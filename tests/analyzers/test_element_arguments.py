"""`f(&x)` with x a local scalar and f a function of the file that uses its parameter only as `*p`: the call
reads and writes x and keeps no pointer to it (C's out-parameters, NPB EP's `randlc(&seed, a)`), so x can be
private like any temporary. Also: a later loop with a constant trip count surely runs, so a write at the top
of its body covers the reads after it; and a macro whose value is an integer expression of other macros
(`#define NK (1 << MK)`) has that value."""

from __future__ import annotations

import pytest

from seq2par.analyzers.ir import macro_expression_value
from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop

RNG = """
    static double next(double *seed, double a) {
        double t = a * (*seed);
        *seed = t - (long)t;
        return *seed;
    }
"""

# each iteration starts its own seed and draws from it: the seed is a temporary of the iteration
PARALLEL = {
    "seed_reset_each_iteration": RNG + """
    void draw(double *out, int n) {
        double seed, r;
        for (int i = 0; i < n; i++) {  /*T*/
            seed = 0.5 + i;
            r = next(&seed, 3.7);
            out[i] = r + next(&seed, 3.7);
        }
    }
    """,
    "out_parameter_stored_first": """
    static void square(int i, double *out) {
        *out = (double)i * i;
    }
    void fill(double *a, int n) {
        double v;
        for (int i = 0; i < n; i++) {  /*T*/
            square(i, &v);
            a[i] = v + 1.0;
        }
    }
    """,
    # NPB EP declares its seeds at the top of main and again in an inner block (the name is two objects)
    "local_declared_again_in_an_inner_block": RNG + """
    void draw(double *out, int n) {
        double seed = 0.1;
        out[0] = next(&seed, 3.7);
        {
            double seed, r;
            for (int i = 1; i < n; i++) {  /*T*/
                seed = 0.5 + i;
                r = next(&seed, 3.7);
                out[i] = r;
            }
        }
    }
    """,
    "read_only_pointer_parameter": """
    static double twice(const double *p) { return 2.0 * p[0]; }
    void scale(double *a, int n, double k) {
        for (int i = 0; i < n; i++) {  /*T*/
            a[i] = twice(&k) * a[i];
        }
    }
    """,
    "minmax_out_parameters_into_a_sum": """
    static void span(const double *v, int m, double *lo, double *hi) {
        *lo = v[0];
        *hi = v[0];
        for (int k = 1; k < m; k++) { if (v[k] < *lo) *lo = v[k]; if (v[k] > *hi) *hi = v[k]; }
    }
    double total(double rows[][8], int n) {
        double lo, hi, s = 0.0;
        for (int i = 0; i < n; i++) {  /*T*/
            span(rows[i], 8, &lo, &hi);
            s += hi - lo;
        }
        return s;
    }
    """,
}

# the value before the call matters, or the pointer reaches further than the one object
SEQUENTIAL = {
    "seed_carried_between_iterations": RNG + """
    void draw(double *out, int n) {
        double seed = 0.5;
        for (int i = 0; i < n; i++) {  /*T*/
            out[i] = next(&seed, 3.7);
        }
    }
    """,
    "out_parameter_stored_in_a_branch": """
    static void odd_only(int i, double *out) {
        if (i % 2) *out = i;
    }
    void fill(double *a, int n) {
        double v = 0.0;
        for (int i = 0; i < n; i++) {  /*T*/
            odd_only(i, &v);
            a[i] = v;
        }
    }
    """,
    "out_parameter_after_an_early_return": """
    static void positive(int i, double *out) {
        if (i < 3) return;
        *out = i;
    }
    void fill(double *a, int n) {
        double v = 0.0;
        for (int i = 0; i < n; i++) {  /*T*/
            positive(i, &v);
            a[i] = v;
        }
    }
    """,
    "pointer_kept_by_the_callee": """
    static double *kept;
    static void hold(double *p) { *p = 1.0; kept = p; }
    void fill(double *a, int n) {
        double v;
        for (int i = 0; i < n; i++) {  /*T*/
            hold(&v);
            *kept += i;
            a[i] = v;
        }
    }
    """,
    "callee_reads_its_own_store": """
    static void bump(double *p) { *p = *p + 1.0; }
    void fill(double *a, int n) {
        double v = 0.0;
        for (int i = 0; i < n; i++) {  /*T*/
            bump(&v);
            a[i] = v;
        }
    }
    """,
    "callee_moves_past_the_element": """
    static void pair(double *p) { p[0] = 1.0; p[1] = 2.0; }
    void fill(double *a, int n) {
        double v[2] = {0.0, 0.0};
        double w = 0.0;
        for (int i = 0; i < n; i++) {  /*T*/
            pair(&w);
            a[i] = w + v[1];
        }
    }
    """,
    "stored_by_a_function_like_macro": """
    #define SET(a, v) ((a) = (v))
    static void put(int i, double *p) { SET(*p, i * 2.0); }
    void fill(double *a, int n) {
        double v = 0.0;
        for (int i = 0; i < n; i++) {  /*T*/
            put(i, &v);
            a[i] = v + i;
        }
    }
    """,
    "address_of_the_element_kept": """
    static double *kept;
    static void hold(double *p) { kept = &*p; }
    void fill(double *a, int n) {
        double v = 0.0;
        for (int i = 0; i < n; i++) {  /*T*/
            hold(&v);
            *kept = i;
            a[i] = v;
        }
    }
    """,
    # from a review of the change: each was reported parallel, some validated and wrong with other inputs
    "same_local_handed_to_two_element_parameters": """
    static void f(int *out, const int *in) { *out = *in + 1; }
    void fill(int *a, int n) {
        int x = 0;
        for (int i = 0; i < n; i++) {  /*T*/
            f(&x, &x);
            a[i] = x;
        }
    }
    """,
    "return_hidden_in_a_function_like_macro": """
    #define CHECK(c) if (!(c)) return
    static void f(int *out, int i, int lim) { CHECK(i < lim); *out = i * 2; }
    void fill(int *a, int n, int lim) {
        int x = 0;
        for (int i = 0; i < n; i++) {  /*T*/
            f(&x, i, lim);
            a[i] = x;
        }
    }
    """,
    "return_hidden_in_an_object_like_macro": """
    #define BAIL return
    static void f(int *out, int i) { if (i % 3 == 0) BAIL; *out = i * 2; }
    void fill(int *a, int n) {
        int x = 0;
        for (int i = 0; i < n; i++) {  /*T*/
            f(&x, i);
            a[i] = x;
        }
    }
    """,
    "return_in_a_statement_expression": """
    static void f(int *out, int i) { *out = ({ if (i % 3 == 0) return; i * 2; }); }
    void fill(int *a, int n) {
        int x = 0;
        for (int i = 0; i < n; i++) {  /*T*/
            f(&x, i);
            a[i] = x;
        }
    }
    """,
    "global_of_the_name_of_a_local_in_another_block": """
    #include <stdlib.h>
    int x;
    int *gp = &x;
    void f(int *p, int i) { *p = i * 3; }
    int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 1000;
        int *a = malloc(n * sizeof *a);
        { int x = n; a[0] = x; }
        for (int i = 0; i < n; i++) {  /*T*/
            f(&x, i);
            a[i] = *gp;
        }
        return a[n - 1] + x;
    }
    """,
    "function_pointer_of_the_callee_name": """
    #include <stdlib.h>
    int * volatile keep;
    void store(int *p, int i) { keep = p; *p = i; }
    void f(int *p, int i) { *p = i * 2; }
    int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 1000;
        long *a = malloc(n * sizeof *a);
        int x = 0;
        for (int i = 0; i < n; i++) {  /*T*/
            void (*f)(int *, int) = store;
            f(&x, i);
            a[i] = *keep;
        }
        return (int)a[n - 1] + x;
    }
    """,
    "macro_renaming_the_callee": """
    #include <stdlib.h>
    int * volatile keep;
    void store(int *p, int i) { keep = p; *p = i; }
    void f(int *p, int i) { *p = i * 2; }
    #define f store
    int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 1000;
        long *a = malloc(n * sizeof *a);
        int x = 0;
        for (int i = 0; i < n; i++) {  /*T*/
            f(&x, i);
            a[i] = *keep;
        }
        return (int)a[n - 1] + x;
    }
    """,
}

# C++: `*p` handed to a function may bind to a reference parameter that stores into it
SEQUENTIAL_CPP = {
    "stored_through_a_reference_parameter": """
    static void setr(double &r, double v) { r = v; }
    static void put(int i, double *p) { setr(*p, i * 2.0); }
    void fill(double *a, int n) {
        double v = 0.0;
        for (int i = 0; i < n; i++) {  /*T*/
            put(i, &v);
            a[i] = v + i;
        }
    }
    """,
}


@MODES
@pytest.mark.parametrize("case_id", list(SEQUENTIAL_CPP))
def test_cpp_element_argument_stays_sequential(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "cpp", SEQUENTIAL_CPP[case_id], use_libclang)
    assert loop.verdict == "sequential", describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(PARALLEL))
def test_local_handed_to_an_element_parameter_is_private(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", PARALLEL[case_id], use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)
    assert not any(f.blocking for f in loop.findings), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(SEQUENTIAL))
def test_element_argument_whose_value_carries_stays_sequential(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", SEQUENTIAL[case_id], use_libclang)
    assert loop.verdict == "sequential", describe(loop)


LATER_LOOP = """
#define MK 2
#define NK (1 << MK)
double a[64], b[64], c[64], d[64];
double f(int n) {
    double t = 0.0;
    for (int i = 0; i < n; i++) {  /*T*/
        t = a[i] * 2.0;
        b[i] = t;
    }
    for (int j = 0; j < LATER; j++) {
        t = c[j];
        d[j] = t;
    }
    return t;
}
"""


@MODES
@pytest.mark.parametrize("bound", ["4", "NK"])
def test_write_in_a_later_loop_that_surely_runs_ends_the_value(bound: str, use_libclang: bool) -> None:
    loop = marked_loop("later", "c", LATER_LOOP.replace("LATER", bound), use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)
    assert "t" in loop.private and "t" not in loop.lastprivate, describe(loop)


@MODES
@pytest.mark.parametrize("bound", ["n", "0", "NK - 4"])
def test_write_in_a_later_loop_that_may_not_run_leaves_the_value(bound: str, use_libclang: bool) -> None:
    loop = marked_loop("later", "c", LATER_LOOP.replace("LATER", bound), use_libclang)
    assert "t" in loop.lastprivate, describe(loop)


@MODES
def test_later_loop_with_a_break_before_the_write_leaves_the_value(use_libclang: bool) -> None:
    code = LATER_LOOP.replace("t = c[j];", "if (c[j] > 0) break;\n        t = c[j];").replace("LATER", "4")
    loop = marked_loop("later-break", "c", code, use_libclang)
    assert "t" in loop.lastprivate, describe(loop)


@pytest.mark.parametrize(("text", "value"), [
    ("(1 << MK)", 1 << 16), ("2*NK", 2 * 65536), ("N + 1", 11), ("-7 / 2", -3), ("-7 % 2", -1),
    ("0x10 * 2u", None), ("0x10 * 2", 32),
    ("3 - 2 - 1", 0), ("2 * 3 + 4", 10), ("100 / 3 * 3", 99), ("1 << 31", None), ("(N", None), ("N M", None),
    ("x + 1", None), ("N / 0", None), ("N > 1", 1), ("N & 1", None), ("1.5 * N", None),
])
def test_macro_expression_value(text: str, value: int | None) -> None:
    assert macro_expression_value(text, {"MK": 16, "NK": 65536, "N": 10}) == value


@MODES
def test_only_visible_definition_under_a_dead_branch_is_not_taken(tmp_path, use_libclang: bool) -> None:
    """The live definition comes from a header (it keeps the pointer); the one under `#else` does not run."""
    from seq2par.analyzers import analyze_file

    (tmp_path / "impl.h").write_text("static int *keep;\nstatic void f(int *p, int i) { keep = p; *p = i; }\n")
    (tmp_path / "h.c").write_text(
        "#include <stdlib.h>\n#define HAVE_F 1\n#if HAVE_F\n#include \"impl.h\"\n#else\n"
        "static void f(int *p, int i) { *p = i * 2; }\n#endif\n"
        "int main(int argc, char **argv) {\n    int n = argc > 1 ? atoi(argv[1]) : 1000;\n"
        "    long *a = malloc(n * sizeof *a);\n    int x = 0;\n"
        "    for (int i = 0; i < n; i++) {\n        f(&x, i);\n        a[i] = *keep;\n    }\n"
        "    return (int)a[n - 1] + x;\n}\n")
    report = analyze_file(tmp_path / "h.c", use_libclang=use_libclang)
    loop = report.loop_at_line(12)
    assert loop is not None and loop.verdict == "sequential", describe(loop)


LATER_JUMPS = {
    "goto_over_the_later_loop": """
    if (c) goto done;
    for (int k = 0; k < 4; k++) t = 0.0;
    done:;
    """,
    "goto_into_the_later_loop": """
    int k = 0;
    if (c) goto in;
    for (k = 0; k < 1; k++) { t = 0.0; in: b[k] += t; }
    """,
    "goto_hidden_in_a_macro": """
    for (int k = 0; k < 4; k++) { if (c) BREAK_OUT; t = 0.0; }
    out:;
    """,
    "unsigned_trip_count_of_zero": """
    for (int k = 0; k < NONE; k++) t = 0.0;
    """,
}


@MODES
@pytest.mark.parametrize("case_id", list(LATER_JUMPS))
def test_later_loop_that_may_be_skipped_leaves_the_value(case_id: str, use_libclang: bool) -> None:
    code = f"""
    #define BREAK_OUT goto out
    #define NONE (1 - (0u - 1) % 2)
    double a[64], b[64];
    double f(int n, int c) {{
        double t = -1.0;
        for (int i = 0; i < n; i++) {{  /*T*/
            t = a[i] * 2.0;
            b[i] = t;
        }}
        {LATER_JUMPS[case_id]}
        return t;
    }}
    """
    loop = marked_loop(case_id, "c", code, use_libclang)
    assert "t" in loop.lastprivate, describe(loop)


@MODES
def test_unsigned_macro_offset_is_not_evaluated_as_signed(use_libclang: bool) -> None:
    # `(0u - 1) / 2147483647` is 2 in C (unsigned); as a signed expression it would be 0, hiding the dependence
    code = """
    #define D ((0u - 1) / 2147483647)
    void f(int *a, int n) {
        for (int i = 0; i < n; i++)  /*T*/
            a[i] = a[i + D] + 1;
    }
    """
    loop = marked_loop("unsigned", "c", code, use_libclang)
    assert loop.verdict == "sequential", describe(loop)
