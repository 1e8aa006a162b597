"""An `if` whose condition is made of integer literals and macros of known value runs one branch only: the
other (a debug print under `if (DEBUG)`, NPB's `if (TIMERS_ENABLED == TRUE) timer_start(3);`) has no effect
on the loop around it. A condition the analysis cannot evaluate keeps both branches."""

from __future__ import annotations

import pytest

from seq2par.analyzers.ir import macro_expression_value
from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop

PROGRAM = """
#include <stdio.h>
#define TRUE 1
#define FALSE 0
DEFINES
static double a[1000], b[1000];
double f(int n) {
    double s = 0.0;
    for (int i = 0; i < n; i++) {  /*T*/
        b[i] = a[i] * 2.0;
        if (CONDITION) printf("b[%d] = %f\\n", i, b[i]);
        else s += b[i];
    }
    return s;
}
"""


def source(defines: str, condition: str) -> str:
    return PROGRAM.replace("DEFINES", defines).replace("CONDITION", condition)


@MODES
@pytest.mark.parametrize(("defines", "condition"), [
    ("#define DEBUG 0", "DEBUG"),
    ("#define TIMERS_ENABLED FALSE", "TIMERS_ENABLED == TRUE"),
    ("#define LEVEL 2", "LEVEL > 3 && LEVEL != 0"),
    ("#define VERBOSE 1", "!VERBOSE"),
    ("", "0"),
])
def test_a_branch_that_never_runs_does_not_block_the_loop(defines: str, condition: str, use_libclang: bool) -> None:
    loop = marked_loop("dead", "c", source(defines, condition), use_libclang)
    assert loop.verdict == "parallel-reduction", describe(loop)
    assert [(r.var, r.op) for r in loop.reductions] == [("s", "+")], describe(loop)


@MODES
@pytest.mark.parametrize(("defines", "condition"), [
    ("#define DEBUG 1", "DEBUG"),  # the print runs
    ("#define DEBUG 0\n#undef DEBUG\n#define DEBUG 1", "DEBUG"),  # defined twice: its value here is not known
    ("static int debug = 0;", "debug"),  # a variable, which the program may change
    ("#define DEBUG 0", "DEBUG || a[0] > 1"),  # not made of constants only
])
def test_a_branch_that_may_run_keeps_its_effects(defines: str, condition: str, use_libclang: bool) -> None:
    loop = marked_loop("live", "c", source(defines, condition), use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.code == "S2P303" for f in loop.findings), describe(loop)


@pytest.mark.parametrize(("text", "value"), [
    ("FALSE == TRUE", 0), ("TRUE == TRUE", 1), ("!FALSE", 1), ("2 > 1 && 0", 0), ("0 || 3", 1),
    ("1 + 2 == 3", 1), ("1 << 2 > 3", 1), ("!0 == 1", 1), ("1 < 2 < 3", 1), ("4 != 4", 0),
])
def test_macro_conditions(text: str, value: int) -> None:
    assert macro_expression_value(text, {"TRUE": 1, "FALSE": 0}) == value


@MODES
def test_a_variable_named_like_a_later_headers_macro_is_not_the_macro(tmp_path, use_libclang: bool) -> None:
    """`int DEBUG = 1;` is read by `if (DEBUG)` in work(); a header included after work() defines DEBUG 0
    (found by a review: the header's value was taken, and the loop reported parallel)."""
    from seq2par.analyzers import analyze_file

    (tmp_path / "dbg.h").write_text("#define DEBUG 0\n")
    (tmp_path / "a.c").write_text(
        "#include <stdio.h>\nint g;\nint DEBUG = 1;\nvoid work(int n, double *a) {\n"
        "    for (int i = 0; i < n; i++) {\n        a[i] = a[i] * 2;\n"
        "        if (DEBUG) g = (g * 3 + i) % 1000003;\n    }\n}\n#include \"dbg.h\"\n"
        "int main(void) { static double a[100]; work(100, a); printf(\"%d %d\\n\", g, DEBUG); return 0; }\n")
    loop = analyze_file(tmp_path / "a.c", use_libclang=use_libclang).loop_at_line(5)
    assert loop is not None and loop.verdict == "sequential", describe(loop)
