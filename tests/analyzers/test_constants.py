"""Compile-time constants in subscripts and bounds: `#define` macros apply everywhere (the preprocessor
substitutes them), while a global `const`/`constexpr` integer is a name that a parameter or local can hide."""

from __future__ import annotations

from seq2par.analyzers import analyze_source


def _verdicts(source: str, path: str) -> dict[str, str]:
    report = analyze_source(source, path=path, use_libclang=False)
    return {loop.function: loop.verdict for loop in report.loops}


def test_global_constexpr_is_a_known_value() -> None:
    source = """
constexpr int K = 0;
void shift(double *__restrict a, int n) {
    for (int i = 0; i < n; i++) a[i + K] = a[i] * 2.0;
}
"""
    assert _verdicts(source, "k.cpp")["shift"] == "parallel"


def test_parameter_hiding_a_global_constexpr_is_not_that_constant() -> None:
    # With the global's value (0) the loop would look independent; the parameter K carries a dependence.
    source = """
constexpr int K = 0;
void shift(double *__restrict a, int n, int K) {
    for (int i = 0; i < n; i++) a[i + K] = a[i] * 2.0;
}
"""
    assert _verdicts(source, "k.cpp")["shift"] != "parallel"


def test_local_hiding_a_global_const_is_not_that_constant() -> None:
    source = """
static const int M = 0;
void shift(double *restrict a, int n, int step) {
    int M = step;
    for (int i = 0; i < n; i++) a[i + M] = a[i] * 2.0;
}
"""
    assert _verdicts(source, "m.c")["shift"] != "parallel"


def test_macro_is_a_known_value_in_every_function() -> None:
    source = """
#define K 0
void shift(double *restrict a, int n) {
    for (int i = 0; i < n; i++) a[i + K] = a[i] * 2.0;
}
"""
    assert _verdicts(source, "d.c")["shift"] == "parallel"
