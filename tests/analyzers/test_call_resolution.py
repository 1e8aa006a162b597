"""Which function a call runs: a local function pointer named like a function of the file, a macro renaming
a function (`#define f bump`, also through chains, `#undef` and after the call) each ran the summary of the
wrong function, so a loop calling code that writes a global was reported parallel (found by reviews)."""

from __future__ import annotations

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
