"""Reductions whose running value decides more than the result (a review of the OpenMP target, 2026-12-07,
each written as VALIDATED and wrong for other inputs):

- code that runs only while the running value allows it: `any = any || (b[i] = a[i] > th)` stores b[i] until
  `any` is true, `if (a[i] < m && (b[i] = 1)) m = a[i];` only when a[i] beats the running minimum. Each
  thread's copy starts from the identity and decides that otherwise (2 threads printed 55330 for 5329);
- a minimum or maximum kept in a type whose conversions do not keep the order: `short m` over `int`
  elements wraps (-30673 printed 0), `int best` over `unsigned` elements compares as unsigned, so OpenMP's
  start INT_MIN beats every element (999999 printed 0, at every thread count).

Such loops are sequential, and the finding says why no reduction; loops next to those shapes stay reductions.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.analyzers.ir import common_integer_type, converts_in_order, integer_type
from seq2par.generators.openmp import generate_openmp
from tests.generators.test_openmp import same_output_at_threads

LOOP = """
#include <math.h>
#include <stdlib.h>
DECLARATIONS
typedef unsigned int uint;
struct P { unsigned u; } p[4096];
int a[4096], b[4096];
char c[4096];
uint tu[4096];
unsigned u[4096];
short sh[4096];
double x[4096];
int count(void);
RESULT f(int n, int th) {
    INIT
    for (int i = 0; i < n; i++) {
        BODY
    }
    return RETURN;
}
"""


def _loop(body: str, init: str = "int m = 0;", result: str = "int", returned: str = "m",
          declarations: str = "static int k;\nstatic int sq(int v) { int t = v * v; return t; }\n"
                              "static int tally(int v) { k++; return v; }") -> object:
    source = LOOP.replace("DECLARATIONS", declarations).replace("RESULT", result).replace("INIT", init) \
        .replace("BODY", body).replace("RETURN", returned)
    [loop] = analyze_source(source, "shapes.c", use_libclang=False).loops
    return loop


@pytest.mark.parametrize(("body", "init", "why"), [
    ("m = m || (b[i] = a[i] > th);", "int m = 0;", "runs only when `m` is false"),
    ("m = m && (b[i] = a[i] < th);", "int m = 1;", "runs only when `m` is true"),
    ("m = (b[i] = a[i] > th) || m;", "int m = 0;", "stores or calls"),
    ("m = m || count() > th;", "int m = 0;", "stores or calls"),
    ("if (a[i] < m && (b[i] = 1)) m = a[i];", "int m = 1 << 30;", "an element beats the running value"),
    ("if (a[i] < m && (k++, 1)) m = a[i];", "int m = 1 << 30;", "an element beats the running value"),
    ("if (a[i] < m) { m = a[i]; k = b[i]++; }", "int m = 1 << 30;", "an element beats the running value"),
    ("m = a[i] < m ? a[i] : m; b[i] = 0;", "int m = 0;", None),  # (control: no effect in the choice)
    ("if (sq(a[i]) < m) { m = sq(a[i]); k2 = i; }", "int m = 1 << 30, k2 = 0;", None),  # a pure function
    ("if (tally(a[i]) < m) m = tally(a[i]);", "int m = 1 << 30;", "stores or calls"),
    ("m = b[i]++ < m ? b[i]++ : m;", "int m = 0;", "stores or calls"),
])
def test_code_the_running_value_decides_to_run_makes_no_reduction(body: str, init: str, why: str | None) -> None:
    loop = _loop(body, init)
    if why is None:
        assert loop.verdict.startswith("parallel"), loop.findings
        return
    assert loop.verdict == "sequential", (body, loop.verdict)
    assert any("no reduction" in f.message and why in f.message for f in loop.findings), loop.findings


@pytest.mark.parametrize(("declaration", "body", "reduced"), [
    ("short m = 0;", "if (a[i] > m) m = a[i];", False),          # int elements into a short: wraps
    ("unsigned char m = 0;", "m = a[i] > m ? a[i] : m;", False),
    ("int m = 0;", "if (u[i] > m) m = u[i];", False),            # compared as unsigned
    ("unsigned m = 0;", "if (a[i] > m) m = a[i];", True),        # compared and stored as unsigned alike
    ("uint m = 0;", "if (a[i] > m) m = a[i];", True),
    ("int m = 0;", "if (tu[i] > m) m = tu[i];", False),          # a typedef of unsigned elements
    ("int m = 0;", "if (labs(a[i]) > m) m = labs(a[i]);", False),  # a long
    ("int m = 0;", "if (p[i].u > m) m = p[i].u;", False),        # a member: its type is not read here
    ("char m = 0;", "if (c[i] > m) m = c[i];", True),            # the same type
    ("double m = 0;", "if (p[i].u > m) m = p[i].u;", True),      # into a double: in order whatever it is
    ("long m = 0;", "if (u[i] > m) m = u[i];", True),            # every unsigned int fits a long
    ("int m = 0;", "if (sh[i] > m) m = sh[i];", True),           # a short fits an int
    ("int m = 0;", "if (a[i] + 1 > m) m = a[i] + 1;", True),
    ("int m = 0;", "if (u[i] + 1 > m) m = u[i] + 1;", False),    # unsigned arithmetic
    ("double m = 0;", "if (a[i] > m) m = a[i];", True),          # rounding keeps the order
    ("int m = 0;", "if (x[i] > m) m = x[i];", True),             # so does truncation
    ("short m = 0;", "m = fmax(m, a[i]);", True),                # (fmax: compared in double)
])
def test_a_minimum_or_maximum_kept_in_a_type_that_reorders_its_values_is_no_reduction(
        declaration: str, body: str, reduced: bool) -> None:
    loop = _loop(body, declaration)
    if reduced:
        assert loop.verdict.startswith("parallel-reduction"), (declaration, body, loop.findings)
    else:
        assert loop.verdict == "sequential", (declaration, body, loop.verdict)
        assert any("no reduction" in f.message and ("other signedness" in f.message or "not known" in f.message)
                   for f in loop.findings), loop.findings


@pytest.mark.parametrize(("source", "language"), [
    # a type chosen by `#ifdef`: which one the compiler sees is not known here (a second review: `int best`
    # over `word` elements, unsigned in the build, printed 0 for 9 at every thread count)
    ("#ifndef SIGNED_WORDS\ntypedef unsigned int word;\n#else\ntypedef int word;\n#endif\n"
     "word u[100];\nint f(int n) { int m = 0; for (int i = 0; i < n; i++) if (u[i] > m) m = u[i]; return m; }\n",
     "c"),
    ("#ifdef WIDE\n#define WORD unsigned\n#else\n#define WORD int\n#endif\n"
     "WORD u[100];\nint f(int n) { int m = 0; for (int i = 0; i < n; i++) if (u[i] > m) m = u[i]; return m; }\n",
     "c"),
    # C++ overloads `std::abs`: for a long it gives a long
    ("#include <cstdlib>\nlong v[100];\nint f(int n) { int m = 0;\n"
     "  for (int i = 0; i < n; i++) if (std::abs(v[i]) > m) m = std::abs(v[i]);\n  return m; }\n", "cpp"),
    # library functions that store through an argument, in code the running value decides to run
    ("#include <math.h>\ndouble a[100]; int b[100];\ndouble f(int n) { double m = 1e300; int at = 0;\n"
     "  for (int i = 0; i < n; i++) if (a[i] < m && frexp(a[i], &b[i]) > 0) { m = a[i]; at = i; }\n"
     "  return m + at; }\n", "c"),
    # a helper with an asm statement is no pure function
    ("static int k;\nstatic int g(int v) { __asm__ volatile(\"\" ::: \"memory\"); return v; }\n"
     "int a[100];\nint f(int n) { int m = 1 << 30;\n"
     "  for (int i = 0; i < n; i++) if (a[i] < m && g(a[i]) > 0) m = a[i];\n  return m + k; }\n", "c"),
])
def test_what_the_rules_cannot_read_is_no_reduction(source: str, language: str) -> None:
    [loop] = [lp for lp in analyze_source(source, f"shapes.{'cpp' if language == 'cpp' else 'c'}",
                                          language=language, use_libclang=False).loops]
    assert loop.verdict == "sequential", (source, loop.verdict)
    assert any("no reduction" in f.message for f in loop.findings), loop.findings


def test_the_type_rules() -> None:
    assert integer_type("const unsigned long") == (64, False)
    assert integer_type("std::size_t") == (64, False)
    assert integer_type("long double") == "real"
    assert integer_type("struct S") is None
    assert common_integer_type((32, True), (32, False)) == (32, False)
    assert common_integer_type((64, True), (32, False)) == (64, True)
    assert common_integer_type((8, None), (16, False)) == (32, True)
    assert not converts_in_order((8, None), (8, True))  # plain char may be unsigned: 200 wraps in signed char
    assert converts_in_order((8, True), (8, None)) is False  # and may be signed: -1 wraps in it
    assert converts_in_order((1, False), (8, None))


PROGRAM = r"""
#include <stdio.h>
#include <stdlib.h>
int a[100000], b[100000];
unsigned v[100000];
int main(int argc, char **argv) {
    int th = argc > 1 ? atoi(argv[1]) : 500;
    for (int i = 0; i < 100000; i++) { a[i] = (i * 7) % 100000; v[i] = (i * 2654435761u) % 1000003u; }
    int any = 0;
    for (int i = 0; i < 100000; i++)
        any = any || (b[i] = a[i] > th);
    int m = 1 << 30;
    for (int i = 0; i < 100000; i++)
        if (a[i] < m && (b[i] += 2)) m = a[i];
    short s = 0;
    for (int i = 0; i < 100000; i++)
        if (a[i] > s) s = a[i];
    int best = 0;
    for (int i = 0; i < 100000; i++)
        if (v[i] > best) best = v[i];
    long t = 0;
    for (int i = 0; i < 100000; i++) t += (long)b[i] * (i + 1);
    printf("%d %d %d %d %ld\n", any, m, s, best, t);
    return 0;
}
"""


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_the_openmp_program_prints_what_the_original_prints(tmp_path: Path) -> None:
    """The review's four shapes in one program: only the last loop (a sum) runs in parallel."""
    generated = generate_openmp(analyze_source(PROGRAM, "shapes.c"))
    assert [plan.loop.line for plan in generated.parallel] == [8, 22], generated.source
    same_output_at_threads(tmp_path, PROGRAM, generated.source, ("1", "2", "3"))
