"""Which function a call runs: a local function pointer named like a function of the file, a macro renaming
a function (`#define f bump`, also through chains, `#undef` and after the call) each ran the summary of the
wrong function, so a loop calling code that writes a global was reported parallel (found by reviews)."""

from __future__ import annotations

import pytest

from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop

HEAD = """
#include <stdlib.h>
long counter;
void bump(int i) { counter += i; }
void f(int i) { (void)i; }
"""

LOOP = """
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 1000;
    int *a = malloc(n * sizeof *a);
    for (int i = 0; i < n; i++) {  /*T*/
        CALL
        a[i] = i;
    }
    return a[n - 1] + (int)counter;
}
"""


@MODES
def test_call_through_a_local_function_pointer_of_a_functions_name(use_libclang: bool) -> None:
    code = HEAD + LOOP.replace("CALL", "void (*f)(int) = bump;\n        f(i);")
    loop = marked_loop("pointer", "c", code, use_libclang)
    assert loop.verdict == "sequential", describe(loop)


@MODES
def test_call_of_a_function_a_macro_renames(use_libclang: bool) -> None:
    code = HEAD + "#define f bump\n" + LOOP.replace("CALL", "f(i);")
    loop = marked_loop("macro", "c", code, use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any("bump" in f.message and f.blocking for f in loop.findings), describe(loop)


@MODES
def test_an_if_branch_of_unknown_liveness_keeps_both_definitions(use_libclang: bool) -> None:
    # `#if LOGLEVEL > 2` with LOGLEVEL defined only under an #ifdef that is not taken: the preprocessor reads
    # it as 0 and compiles the #else branch (a review found an evaluation of `#if` taking 5)
    code = """
    #include <stdlib.h>
    long g;
    #ifdef VERBOSE
    #define LOGLEVEL 5
    #endif
    #if LOGLEVEL > 2
    static void step(int i) { (void)i; }
    #else
    static void step(int i) { g = (g * 3 + i) % 1000003; }
    #endif
    int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 1000;
        int *a = malloc(n * sizeof *a);
        for (int i = 0; i < n; i++) {  /*T*/
            a[i] = i;
            step(i);
        }
        return a[n - 1] + (int)g;
    }
    """
    loop = marked_loop("ifdef", "c", code, use_libclang)
    assert loop.verdict == "sequential", describe(loop)


SHADOW = {
    # the body writes the outer x, then declares its own (older: x was taken for the body's own, shared)
    "write_before_the_inner_declaration": ("""
    double work(double *a, int n) {
        double x = 0;
        for (int i = 0; i < n; i++) {  /*T*/
            x = (double)i * i + 1.0;
            a[i] = x * 0.5;
            double x = 2.0 * i;
            a[i] += x;
        }
        return x;
    }
    """, "sequential"),
    "use_after_the_inner_block": ("""
    double work(double *a, int n) {
        double x = 0;
        for (int i = 0; i < n; i++) {  /*T*/
            { double x = 2.0 * i; a[i] = x; }
            x = a[i] + 1.0;
        }
        return x;
    }
    """, "sequential"),
    "sibling_loops_each_with_its_own": ("""
    void work(double *a, double *b, int n) {
        for (int i = 0; i < n; i++) { double t = a[i] * 2.0; a[i] = t; }
        for (int i = 0; i < n; i++) {  /*T*/
            double t = b[i] + 1.0;
            b[i] = t;
        }
    }
    """, "parallel"),
    "outer_name_used_only_outside_the_loop": ("""
    double work(double *restrict a, int n) {
        double x = 3.0;
        for (int i = 0; i < n; i++) {  /*T*/
            double x = a[i] * 2.0;
            a[i] = x;
        }
        return x;
    }
    """, "parallel"),
}


@MODES
@pytest.mark.parametrize("case_id", list(SHADOW))
def test_a_name_declared_in_the_loop_and_outside_it(case_id: str, use_libclang: bool) -> None:
    code, verdict = SHADOW[case_id]
    loop = marked_loop(case_id, "c", code, use_libclang)
    assert loop.verdict.startswith(verdict), describe(loop)


@MODES
def test_a_file_scope_temporary_read_by_a_function_in_a_header(tmp_path, use_libclang: bool) -> None:
    """`static double tmp;` set in every iteration and read after the loop by `peek()`, defined in a header
    the file includes (older: the header's function was not seen, tmp was private and peek() read 0)."""
    from seq2par.analyzers import analyze_file

    (tmp_path / "use.h").write_text("static double peek(void) { return tmp; }\n")
    (tmp_path / "f.c").write_text(
        "static double tmp;\n#include \"use.h\"\n"
        "double work(int n, double *restrict a, double *restrict b) {\n"
        "    for (int i = 0; i < n; i++) {\n        tmp = a[i] * 2;\n        b[i] = tmp + 1;\n    }\n"
        "    return peek();\n}\n")
    loop = analyze_file(tmp_path / "f.c", use_libclang=use_libclang).loop_at_line(4)
    assert loop is not None and "tmp" in loop.lastprivate and "tmp" not in loop.private, describe(loop)


@MODES
def test_a_file_scope_temporary_with_a_header_of_declarations_only(tmp_path, use_libclang: bool) -> None:
    # NPB's shape: the temporaries declared in a header without function bodies stay temporaries
    from seq2par.analyzers import analyze_file

    (tmp_path / "header.h").write_text("static double tmp1;\nstatic double u[64], v[64];\n")
    (tmp_path / "f.c").write_text(
        "#include \"header.h\"\nvoid work(int n) {\n"
        "    for (int i = 0; i < n; i++) {\n        tmp1 = u[i] * 2;\n        v[i] = tmp1 + 1;\n    }\n}\n")
    loop = analyze_file(tmp_path / "f.c", use_libclang=use_libclang).loop_at_line(3)
    assert loop is not None and "tmp1" in loop.private, describe(loop)
