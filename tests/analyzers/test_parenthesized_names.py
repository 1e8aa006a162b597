"""A variable in parentheses before `+`, `-`, `*` or `&` (`(i)+order*(j)`, the way macros write their
parameters; `( c1345 ) * tmp1` in NPB): the grammar, which cannot tell a type from a variable, read a cast
to a type `i` of `+order`, then multiplied by `(j)`, so PRK's transpose and DGEMM wrote "through a
non-affine subscript" and stayed sequential. Such parentheses are now read as the compiler reads them, in
macro expansions and in the file itself (not in `#define` lines, whose parentheses protect arguments);
a cast to a real type stays a cast. Each statement below is judged as its form without the parentheses."""

from __future__ import annotations

import pytest

from seq2par.analyzers import analyze_source

MODES = pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])

PROGRAM = """\
#include <stdlib.h>
typedef double real;
#define A(i, j) A_p[(i)+order*(j)]
double x[4096], y[4096];
int main(int argc, char **argv) {
    long order = atol(argv[1]);
    double c = 0.5, *p = &x[7];
    int m = argc, k = 3;
    double *A_p = malloc(order * order * sizeof(double));
    for (long j = 0; j < order; j++)
        for (long i = 0; i < order; i++)
            STATEMENT;
    return (int) (A_p[3] + y[2]);
}
"""

# (the statement as written, the same without the parentheses the grammar misreads)
STATEMENTS = {
    "sum_in_subscript": ("A_p[(i)+order*(j)] = 1.0", "A_p[i+order*j] = 1.0"),
    "through_a_macro": ("A(i, j) = A(i, j) * 2.0", "A_p[i+order*j] = A_p[i+order*j] * 2.0"),
    "carried_through_a_macro": ("A(i, j) = A(i, j - 1) + 1.0", "A_p[i+order*j] = A_p[i+order*(j - 1)] + 1.0"),
    "product": ("y[i + 64 * j] = (c)*x[i]", "y[i + 64 * j] = c*x[i]"),
    "bitwise_and": ("y[i + 64 * j] = (m)&k", "y[i + 64 * j] = m&k"),
    "difference": ("A_p[(i)-0+order*(j)] = (c)-x[i]", "A_p[i-0+order*j] = c-x[i]"),
    "cast_to_a_typedef_stays_a_cast": ("y[i + 64 * j] = (real)*p", "y[i + 64 * j] = (double)*p"),
}


def verdicts(statement: str, use_libclang: bool) -> list[tuple]:
    report = analyze_source(PROGRAM.replace("STATEMENT", statement), "p.c", use_libclang=use_libclang)
    assert not report.parse_errors, [f.message for f in report.parse_errors]
    return [(loop.line, loop.verdict, tuple(loop.reductions), tuple(loop.private),
             sorted({f.code for f in loop.findings if f.blocking})) for loop in report.loops]


@MODES
@pytest.mark.parametrize("case_id", list(STATEMENTS))
def test_parenthesized_variables_are_read_as_the_compiler_reads_them(case_id: str, use_libclang: bool) -> None:
    written, plain = STATEMENTS[case_id]
    assert verdicts(written, use_libclang) == verdicts(plain, use_libclang)


@MODES
def test_the_transpose_shapes_are_parallel(use_libclang: bool) -> None:
    """What the equivalence rests on: PRK's initialization `A(i,j) = ...` through `(i)+order*(j)` is parallel
    over j, and a store that reads the column before is sequential over j only."""
    assert [v[1] for v in verdicts(STATEMENTS["through_a_macro"][0], use_libclang)] == ["parallel", "parallel"]
    carried = verdicts(STATEMENTS["carried_through_a_macro"][0], use_libclang)
    assert [v[1] for v in carried] == ["sequential", "parallel"] and "S2P201" in carried[0][4]
