"""Conditional compilation: `#if 0` code is dead and never analyzed, `#if 1` drops its `#else`, and a
condition the analysis cannot evaluate (`#ifdef FAST`) keeps every branch, each loop reported once."""

from __future__ import annotations

from pathlib import Path

from seq2par.analyzers import analyze_source
from seq2par.cli.check_cmd import run_check
from seq2par.cli.check_config import CheckConfig

SOURCE = """
#define N 100
double a[N], b[N];
#if 0
void dead(void) { for (int i = 1; i < N; i++) a[i] = a[i - 1]; }
#endif
void f(void) {
#ifdef FAST
    for (int i = 1; i < N; i++) a[i] = a[i - 1] + 1;      /* line 9 */
#else
    for (int i = 0; i < N; i++) a[i] = i;                 /* line 11 */
#endif
#if 0
    for (int i = 1; i < N; i++) b[i] = b[i - 1] * 2;
#elif 1
    for (int i = 0; i < N; i++) b[i] = 2 * i;             /* line 16 */
#  if 0
    for (int i = 1; i < N; i++) b[i] = b[i - 1];
#  endif
#else
    for (int i = 1; i < N; i++) b[i] = b[i - 1] - 1;
#endif
}
"""


def test_dead_branches_are_skipped_and_unknown_ones_kept_once() -> None:
    report = analyze_source(SOURCE, path="pp.c", use_libclang=False)
    # Before: the #if 0 loops were analyzed as live code, and the #else branch of #ifdef was never seen.
    assert [(loop.line, loop.verdict) for loop in report.loops] == [
        (9, "sequential"), (11, "parallel"), (16, "parallel")]
    assert "dead" not in report.program.functions


def test_check_ignores_an_openmp_pragma_in_dead_code(tmp_path: Path) -> None:
    path = tmp_path / "omp.c"
    path.write_text("#define N 100\ndouble a[N];\nvoid f(void) {\n#if 0\n#pragma omp parallel for\n"
                    "    for (int i = 0; i < N - 1; i++) a[i + 1] = a[i];\n#endif\n}\n")
    result = run_check([path], CheckConfig())
    assert result.exit_code == 0, [finding for f in result.files for finding in f.findings]


def test_a_range_for_in_a_conditional_branch_is_seen() -> None:
    """Review: a C++ range-for inside #ifdef in a loop body was dropped, so the outer loop was judged
    parallel although the range-for carries a dependence across its iterations."""
    source = """
#include <vector>
void f(std::vector<double> &v, int n) {
    double carry = 0.0;
    for (int i = 0; i < n; i++) {
#ifdef TRACE
        for (double x : v) carry += x;
#endif
        v[i] = carry;
    }
}
"""
    report = analyze_source(source, path="pp.cpp", use_libclang=False)
    assert [loop.verdict for loop in report.loops if loop.depth == 0] == ["sequential"]
    assert len(report.loops) == 2


DEFAULTED = """
#include <stdio.h>
#ifndef OFF
#define OFF 0
#endif
#ifdef BIG
#define STEP 1
#else
#define STEP 0
#endif
double a[1000], b[1000];
int main(void) {
  for (int i = 0; i < 999; i++)
    a[i + OFF] = a[i] + 1;                  /* line 14 */
  for (int i = 0; i < 999; i++)
    b[i + STEP] = b[i] * 2;                 /* line 16 */
  printf("%f %f\\n", a[998], b[998]);
  return 0;
}
"""


def _verdicts(flags: list[str], use_libclang: bool) -> dict[int, str]:
    report = analyze_source(DEFAULTED, path="defaulted.c", flags=flags, use_libclang=use_libclang)
    return {loop.line: loop.verdict for loop in report.loops}


def test_a_default_in_the_file_does_not_override_the_command_line() -> None:
    """`#ifndef OFF / #define OFF 0` is a default: with -DOFF=1 the compiler's OFF is 1 and `a[i + OFF] =
    a[i]` carries a flow dependence. The file's #define was applied over the flag (in both modes, and in
    `check`), so the loop was reported parallel."""
    for use_libclang in (False, True):
        assert _verdicts(["-DOFF=1"], use_libclang)[13] == "sequential", use_libclang
        assert _verdicts([], use_libclang)[13] == "parallel", use_libclang


def test_a_macro_defined_in_two_branches_is_not_taken_at_either_value() -> None:
    """`#ifdef BIG / #define STEP 1 / #else / #define STEP 0`: the last definition in the text (0) was taken
    whatever BIG was. A macro the file defines twice is unknown (conservative), in both modes."""
    for use_libclang in (True, False):
        assert _verdicts(["-DBIG"], use_libclang)[15] == "sequential"
        assert _verdicts([], use_libclang)[15] == "sequential"  # not evaluated here: either value may hold


REDEFINED = """
double a[3000000];
#define D 1
void f1(void) {
    for (int i = 0; i < 1000000; i++)
        a[i + D] = a[i] * 0.5 + 1;
}
#undef D
#define D 1000000
void f2(void) {
    for (int i = 0; i < 1000000; i++)
        a[i + D] = a[i] * 0.5 + 1;
}
"""


def test_a_macro_redefined_later_in_the_file_is_not_taken_at_its_last_value() -> None:
    """With libclang the file's own #define lines were ignored for one value (the last), so f1's
    `a[i + D]` with D = 1 was judged with D = 1000000 and reported parallel. A macro the file defines twice
    (or #undefs) is unknown now, everywhere (conservative)."""
    for use_libclang in (False, True):
        report = analyze_source(REDEFINED, path="redefined.c", use_libclang=use_libclang)
        verdicts = {loop.function: loop.verdict for loop in report.loops}
        assert verdicts["f1"] == "sequential", (use_libclang, verdicts)


def test_a_header_macro_redefined_in_the_file_holds_its_header_value_before(tmp_path) -> None:
    """With libclang every macro got its value at the end of the file: `a[i + OFF]` with the header's OFF 1,
    before the file's `#undef OFF` / `#define OFF 0`, was judged with 0 and reported parallel."""
    from seq2par.analyzers import analyze_file

    (tmp_path / "h1.h").write_text("#define OFF 1\n")
    source = tmp_path / "m2.c"
    source.write_text('#include "h1.h"\ndouble a[1000];\nvoid f(void) {\n    for (int i = 0; i < 999; i++)\n'
                      "        a[i + OFF] = a[i] + 1;\n}\n#undef OFF\n#define OFF 0\nvoid g(void) {\n"
                      "    for (int i = 0; i < 999; i++)\n        a[i + OFF] = a[i] + 1;\n}\n")
    for use_libclang in (False, True):
        verdicts = {loop.function: loop.verdict for loop in analyze_file(source, [], use_libclang=use_libclang).loops}
        assert verdicts["f"] == "sequential", (use_libclang, verdicts)


def test_a_macro_the_file_defines_after_a_loop_is_not_its_value_there() -> None:
    """libclang gives a macro's value at the end of the file: `OFF` there is a variable (1), and the file's
    `#define OFF 0` after the loop does not reach it (a review's program: reported parallel, wrong)."""
    code = ("int OFF = 1;\ndouble a[1000];\nvoid f(void) {\n    for (int i = 0; i < 999; i++)\n"
            "        a[i + OFF] = a[i] * 0.5 + 1;\n}\n#if 1\n#define OFF 0\n#endif\n")
    for use_libclang in (False, True):
        report = analyze_source(code, path="late.c", use_libclang=use_libclang)
        assert report.loops[0].verdict == "sequential", use_libclang
