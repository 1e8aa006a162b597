"""A `#define` or `#undef` of a name the loop's code also declares (its index, an array, a function) makes
the compiled text name something other than what the analysis, reading names, takes it for: `for (...) {
#define i 3  a[i] += 1.0; #undef i }` adds to a[3] in every iteration and was parallel (a data race), and
`#define a b` before a loop over `a[i] = c[i + 1]`, with `b` pointing into `c`, hid the shift between them.
Such a loop is sequential (S2P602) with the finding at the directive. A macro that is only a macro
(`#define IDX 5`) stays the same text in every iteration and changes nothing."""

from __future__ import annotations

import pytest

from seq2par.analyzers import analyze_source
from seq2par.generators.openmp import generate_openmp
from tests.generators.test_openmp import same_output_at_threads

IN_BODY = """
#define N 100000
double a[N], b[N];
void f(void) {
    for (int i = 0; i < N; i++) {
DIRECTIVES
    }
}
"""


@pytest.mark.parametrize("directives", [
    "#define i 3\n        a[i] += 1.0;\n#undef i",          # the index: every iteration adds to a[3]
    "#define a b\n        a[0] += 1.0;\n#undef a",          # an array: the loop sums into b[0], not a
])
@pytest.mark.parametrize("use_libclang", [False, True])
def test_a_directive_inside_the_loop_on_a_name_it_uses_keeps_it_sequential(directives: str,
                                                                           use_libclang: bool) -> None:
    report = analyze_source(IN_BODY.replace("DIRECTIVES", directives), "names.c", use_libclang=use_libclang)
    [loop] = report.loops
    assert loop.verdict == "sequential", (directives, loop.findings)
    [finding] = [f for f in loop.findings if f.code == "S2P602"]
    assert finding.line == 6 and "inside the loop" in finding.message, finding


SHIFTED = r"""
#include <stdio.h>
#define N 100000
double c[N + 1];
double a[N];
double *b = c;
int main(void) {
    int i;
    for (i = 0; i <= N; i++) c[i] = i;
#define a b
    for (i = 0; i < N; i++)
        a[i] = c[i + 1] * 2.0;
#undef a
    double s = 0;
    for (i = 0; i < N; i++) s += c[i] * (i % 7);
    printf("%.1f %.1f %.1f\n", c[0], c[N - 1], s);
    return 0;
}
"""


@pytest.mark.parametrize("use_libclang", [False, True])
def test_a_macro_renaming_an_array_before_the_loop_keeps_it_sequential(use_libclang: bool) -> None:
    """`a` is `b` there, a pointer into `c`: the loop reads c[i + 1] and writes c[i] (an anti-dependence)."""
    fill, shifted, total = analyze_source(SHIFTED, "shift.c", use_libclang=use_libclang).loops
    assert fill.verdict == "parallel" and total.verdict.startswith("parallel")
    assert shifted.verdict == "sequential"
    assert any(f.code == "S2P602" and f.line == 10 and "before the loop" in f.message for f in shifted.findings)


def test_the_openmp_program_leaves_the_renamed_loop_as_written(tmp_path) -> None:
    generated = generate_openmp(analyze_source(SHIFTED, "shift.c"))
    assert [plan.loop.line for plan in generated.parallel] == [9, 15]
    same_output_at_threads(tmp_path, SHIFTED, generated.source, ("1", "2", "3"))


@pytest.mark.parametrize("source", [
    # a macro that is only a macro: the same text in every iteration
    IN_BODY.replace("DIRECTIVES", "#define IDX 5\n        a[IDX] += b[i];"),
    # a name #defined and #undef'd in another function, before this one declares it as a variable
    """
double a[1000];
static void g(void) {
#define x 3
    a[x] = 1;
#undef x
}
void f(void) {
    g();
    for (int x = 0; x < 1000; x++) a[x] += x;
}
""",
    # a macro that stands for itself (as <stdio.h> defines `stdin`)
    "double a[1000];\n#define a a\nvoid f(void) { for (int i = 0; i < 1000; i++) a[i] = i; }\n",
])
def test_macros_that_do_not_rename_what_the_loop_uses_change_nothing(source: str) -> None:
    loops = analyze_source(source, "plain.c").loops
    assert loops[-1].verdict.startswith("parallel"), loops[-1].findings
    assert not any(f.code == "S2P602" for f in loops[-1].findings)
