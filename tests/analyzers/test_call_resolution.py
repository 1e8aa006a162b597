"""Which function a call runs: a local function pointer named like a function of the file, a macro renaming
a function (`#define f bump`), and a definition under an `#if` branch that is not compiled each ran the
summary of the wrong function, so a loop calling code that writes a global was reported parallel (found by a
review; older than the element parameters)."""

from __future__ import annotations

from seq2par.analyzers import analyze_file
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
def test_call_of_a_function_whose_compiled_definition_is_in_a_header(tmp_path, use_libclang: bool) -> None:
    (tmp_path / "impl.h").write_text("long counter;\nstatic void g(int i) { counter += i; }\n")
    (tmp_path / "h.c").write_text(
        "#include <stdlib.h>\n#define HAVE_G 1\n#if HAVE_G\n#include \"impl.h\"\n#else\n"
        "static long counter;\nstatic void g(int i) { (void)i; }\n#endif\n"
        + LOOP.replace("CALL", "g(i);").replace("/*T*/", ""))
    report = analyze_file(tmp_path / "h.c", use_libclang=use_libclang)
    loop = report.loop_at_line(13)
    assert loop is not None and loop.verdict == "sequential", describe(loop)


@MODES
def test_a_known_preprocessor_condition_keeps_only_its_branch(use_libclang: bool) -> None:
    # `#if LEVEL > 1` with LEVEL 2: the #else branch's printing helper is not the program's
    code = """
    #include <stdio.h>
    #define LEVEL 2
    static double a[1000];
    #if LEVEL > 1
    static double scale(double v) { return 2.0 * v; }
    #else
    static double scale(double v) { printf("%f\\n", v); return v; }
    #endif
    void run(int n) {
        for (int i = 0; i < n; i++)  /*T*/
            a[i] = scale(a[i]);
    }
    """
    loop = marked_loop("level", "c", code, use_libclang)
    assert loop.verdict == "parallel", describe(loop)
