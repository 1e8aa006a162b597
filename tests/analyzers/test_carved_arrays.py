"""Arrays carved from one allocation (`a = malloc(3 * n * ...); b = a + n + off; c = b + n + off;`, as PRK's
stream triad, reduce and sparse kernels write them). `b[j]` is then `a[n + off + j]`: the loop over j < n
touches a's elements [0, n) and [n + off, 2n + off) through its two names, which never meet when off >= 0. A
guard before the loop that leaves the program (`if (off < 0) { ...; exit(1); }`) says so. Two pointers
carved from two different allocations are two objects (pointer arithmetic stays inside its object).

The loop marked /*T*/ was "`b` is a pointer set from a + n + off: `a` and `b` may overlap" (S2P501); each
sequential case breaks one condition (no guard, a guard that does not leave, an offset or a pointer changed
after the carving, ranges that do meet)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.generators.mpi.generate import generate_mpi
from seq2par.generators.openmp import generate_openmp
from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop
from tests.generators.test_openmp import same_output_at_threads

PROGRAM = """
    #include <stdio.h>
    #include <stdlib.h>
    GLOBALS
    int main(int argc, char **argv) {
        long length = argc > 1 ? atol(argv[1]) : 5000, offset = argc > 2 ? atol(argv[2]) : 3;
        GUARD
        DECLARE
        a = malloc((3 * length + 2 * offset + 8) * sizeof(double));
        b = BSET;
        c = b + length + offset;
        long j;
        AFTER
        for (j = 0; j < 3 * length + 2 * offset; j++) a[j] = j % 5;
        for (int it = 0; it < 4; it++)
            for (j = 0; j < length; j++)  /*T*/
                a[j] += b[j] + 3.0 * c[j];
        double s = 0;
        for (j = 0; j < length; j++) s += a[j] * (j % 7);
        printf("%f\\n", s);
        return 0;
    }
"""

GUARD = 'if (length < 0 || offset < 0) { printf("bad input\\n"); exit(1); }'


def program(guard: str = GUARD, bset: str = "a + length + offset", after: str = "", globals_: str = "",
            declare: str = "double *a, *b, *c;") -> str:
    return (PROGRAM.replace("GLOBALS", globals_).replace("GUARD", guard).replace("DECLARE", declare)
            .replace("BSET", bset).replace("AFTER", after))


STATIC_GLOBALS = dict(globals_="static double *a, *b, *c;", declare="")

PARALLEL = {
    "locals": program(),
    "file_scope_pointers_set_in_main": program(**STATIC_GLOBALS),
    "guard_with_le": program(guard="if (length < 0 || offset <= -1) exit(2);"),
    "guard_reversed_and_return": program(guard="if (0 > offset || 0 > length) return 1;"),
    "two_guards": program(guard="if (length < 0) exit(1);\n    if (offset < 0) { puts(\"no\"); exit(1); }"),
    # no guard needed: `b = a + length` puts b's [0, length) right after a's
    "adjacent_without_guard": program(guard="", bset="a + length").replace("c = b + length + offset;",
                                                                           "c = b + length;"),
    "offset_written_in_another_order": program(bset="offset + a + length"),
}

SEQUENTIAL = {
    "no_guard": program(guard=""),
    "guard_that_does_not_leave": program(guard='if (offset < 0) printf("negative\\n");'),
    "guard_with_an_else": program(guard="if (offset < 0) { exit(1); } else { offset = offset + 0; }"),
    "guard_too_weak": program(guard="if (length < 0 || offset < -1) exit(2);"),
    "guard_in_a_branch": program(guard="if (argc > 1) { if (offset < 0 || length < 0) exit(1); }"),
    "overlap_by_one": program(bset="a + length - 1"),
    "offset_changed_after": program(after="offset = -5;"),
    "offset_changed_through_a_pointer": program(after="long *po = &offset; *po = -3;"),
    "length_changed_after": program(after="length = length * 2;"),
    "pointer_moved_after": program(after="b = a + 1;"),
    "root_moved_after": program(after="a = b;"),
    "pointer_stepped_after": program(after="b++;"),
    "global_pointer_set_elsewhere_too": program(
        **STATIC_GLOBALS, after="(void) 0;").replace("int main", "void shift(void) { b = a + 1; }\nint main"),
}


@MODES
@pytest.mark.parametrize("case_id", list(PARALLEL))
def test_arrays_carved_apart_are_parallel(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", PARALLEL[case_id], use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(SEQUENTIAL))
def test_carved_arrays_that_may_meet_are_sequential(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", SEQUENTIAL[case_id], use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.code == "S2P501" for f in loop.findings), describe(loop)


SPARSE = """
    #include <stdio.h>
    #include <stdlib.h>
    int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 300, width = 5;
        double *matrix = malloc(sizeof(double) * n * width);
        int *cols = malloc(sizeof(int) * n * width);
        double *vector = malloc(sizeof(double) * 2 * n);
        double *result = vector + n;
        for (int k = 0; k < n * width; k++) { matrix[k] = k % 3; cols[k] = (k * 7) % n; }
        for (int k = 0; k < 2 * n; k++) vector[k] = k % 4;
        for (int row = 0; row < n; row++)  /*T*/
            for (int k = row * width; k < row * width + width; k++)
                result[row] += matrix[k] * READ;
        double s = 0;
        for (int k = 0; k < 2 * n; k++) s += vector[k];
        printf("%f\\n", s);
        return 0;
    }
"""


@MODES
@pytest.mark.parametrize("read, verdict", [
    ("matrix[k]", "parallel"),  # result is carved from vector, matrix is another allocation
    ("vector[cols[k]]", "sequential"),  # cols[k] may name any element of vector, result's among them
])
def test_carved_pointer_against_another_allocation(read: str, verdict: str, use_libclang: bool) -> None:
    loop = marked_loop("sparse", "c", SPARSE.replace("READ", read), use_libclang)
    assert loop.verdict.startswith(verdict), describe(loop)


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_stream_triad_with_openmp_is_equal_and_reductions_into_the_root_are_refused(tmp_path: Path) -> None:
    """End to end: the triad inside its time loop gets `parallel for` under a guard that it runs enough
    iterations (its length is known only at run time) and prints what the original prints at 1, 2, 3
    threads. The time loop itself is an array reduction into `a` (each step adds the same amounts), which
    OpenMP and MPI would run on zeroed copies of all of a's storage, b's and c's included: both refuse it."""
    code = program().replace("/*T*/", "")
    report = analyze_source(code, "triad.c")
    loops = report.program.functions["main"].loops
    time_loop = next(lp for lp in loops if lp.var == "it")
    triad = next(lp for lp in loops if lp.parent == time_loop.id)
    generated = generate_openmp(report)
    plan = next(plan for plan in generated.parallel if plan.loop.id == triad.id)
    assert plan.guard == "(long)(length) - (long)(0) >= 4096L", plan
    same_output_at_threads(tmp_path, code, generated.source, ("1", "2", "3"))
    for other in (generated, generate_mpi(report)):
        reasons = [why for lp, why in other.sequential if lp.id == time_loop.id]
        assert reasons and "also point into" in reasons[0], other.sequential


GLOBAL_INTO = """
#include <stdio.h>
#include <stdlib.h>
#define M 300
static double *g;
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 400;
    if (n <= 0) { printf("bad\\n"); exit(1); }
    double *a = malloc(sizeof(double) * (M + n * M));
    for (int k = 0; k < M + n * M; k++) a[k] = k % 11;
    g = a + M;
    for (int i = 0; i < n; i++)
        for (int j = 0; j < M; j++)
            a[j] += g[i * M + j];
    double s = 0;
    for (int j = 0; j < M; j++) s += a[j] * (j % 3 + 1);
    printf("%.6f\\n", s);
    return 0;
}
"""


def test_a_reduction_into_an_array_a_global_pointer_points_into_is_refused() -> None:
    """The loop over i sums rows of `a` seen through `g = a + M` into a's first row: legal (a reduction),
    but MPI's other ranks would zero all of a, g's rows included, before reading them (a review found the
    MPI program wrong at 2 and 3 ranks: only local pointers into `a` were looked for). OpenMP too."""
    report = analyze_source(GLOBAL_INTO, "into.c")
    outer = next(lp for lp in report.program.functions["main"].loops if lp.var == "i")
    assert report.analyses[outer.id].parallel
    for generated in (generate_mpi(report), generate_openmp(report)):
        reasons = [why for lp, why in generated.sequential if lp.id == outer.id]
        assert reasons and "`g` also point into" in reasons[0], generated.sequential
