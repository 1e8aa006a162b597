"""Tiled loops: a loop whose step is known only at run time (`for (ii = 0; ii < n; ii += tile)`), with point
loops `for (i = ii; i < MIN(n, ii + tile); i++)` in its body, as PRK's transpose and stencil write them.
Different tiles give the point index disjoint ranges, so the tile loop carries a dependence only where two
different values of the point index meet: the tests rename the point index to the tile index. They were
"not analyzable" (S2P402: the step is no constant), and the point loops' `MIN` bound hid the row length
that splits `a[i + n*j]` into rows.

Each case marks one loop with /*T*/; the sequential ones break one condition of the renaming (the tile index
read in the body, a point index read after its loop or changed in it, point ranges not confined to the tile,
two point loops nested, a step or index that may wrap)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.generators.cuda.generate import generate_cuda
from seq2par.generators.mpi.generate import generate_mpi
from seq2par.generators.openmp import generate_openmp
from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop
from tests.generators.test_openmp import same_output_at_threads

PROGRAM = """
    #include <stdio.h>
    #include <stdlib.h>
    #define MIN(x, y) ((x) < (y) ? (x) : (y))
    DEFINES
    int main(int argc, char **argv) {
        long n = argc > 1 ? atol(argv[1]) : 301, tile = argc > 2 ? atol(argv[2]) : 7;
        long i, j, it, jt, k;
        double *a = malloc((n + 2) * (n + 2) * sizeof(double)), *b = malloc((n + 2) * (n + 2) * sizeof(double));
        for (k = 0; k < (n + 2) * (n + 2); k++) { a[k] = k % 11; b[k] = 0; }
        KERNEL
        double s = 0;
        for (k = 0; k < (n + 2) * (n + 2); k++) s += (a[k] + 2 * b[k]) * (k % 13);
        printf("%.3f\\n", s);
        return 0;
    }
"""

TRANSPOSE = """
        for (i = 0; i < n; i += tile)  /*T*/
            for (j = 0; j < n; j += tile)
                for (it = i; it < MIN(n, i + tile); it++)
                    for (jt = j; jt < MIN(n, j + tile); jt++) {
                        b[jt + n * it] += a[it + n * jt];
                        a[it + n * jt] += 1.0;
                    }
"""

ROWS = """
        for (i = 0; i < n; i += tile)  /*T*/
            for (it = i; it < POINT_END; it++)
                for (j = 0; j < n; j++)
                    b[it * n + j] = BODY;
"""


def program(kernel: str, defines: str = "") -> str:
    return PROGRAM.replace("KERNEL", kernel).replace("DEFINES", defines)


def rows(point_end: str = "MIN(n, i + tile)", body: str = "a[it * n + j] * 0.5") -> str:
    return program(ROWS.replace("POINT_END", point_end).replace("BODY", body))


PARALLEL = {
    "transpose": program(TRANSPOSE),
    "point_end_without_min": rows("i + tile"),
    "min_written_out": rows("(i + tile < n ? i + tile : n)"),
    "min_the_other_way": rows("(n > i + tile ? i + tile : n)"),
    "min_inclusive": rows("MIN(n, i + tile)").replace("it < MIN(n, i + tile)", "it <= MIN(n - 1, i + tile - 1)"),
    "tile_loop_inclusive": rows().replace("i < n; i += tile", "i <= n - 1; i += tile"),
    "step_written_long": rows().replace("i += tile", "i = i + tile"),
    "step_an_expression": rows("MIN(n, i + 2 * tile)").replace("i += tile", "i += 2 * tile"),
    "in_place_update": rows(body="a[it * n + j] * 0.5 + b[it * n + j]"),
    "neighbour_rows_of_another_array": rows(body="a[(it + 1) * n + j] - a[it * n + j]"),
    "declared_in_headers": rows().replace("for (i = 0;", "for (long i = 0;").replace(
        "for (it = i;", "for (long it = i;").replace("long i, j, it, jt, k;", "long j, jt, k;"),
}

SEQUENTIAL = {
    # the next tile's first row is read before that tile writes it
    "reads_the_next_row": rows(body="b[(it + 1) * n + j] + a[it * n + j]"),
    # the tile's start row is read by every row of the tile
    "tile_index_in_the_body": rows(body="b[i * n + j] + a[it * n + j]"),
    "tile_index_through_a_macro": program(ROWS.replace("POINT_END", "MIN(n, i + tile)").replace(
        "BODY", "b[START * n + j] + 1"), defines="#define START i"),
    # the point range runs past the tile: tiles overlap
    "point_range_not_confined": rows("n", "b[it * n + j] * 0.5 + 1"),
    "point_range_one_past_the_tile": rows("MIN(n, i + tile + 1)", "b[it * n + j] * 0.5 + 1"),
    "point_starts_before_the_tile": rows().replace("it = i;", "it = i - 1;").replace(
        "b[it * n + j] = BODY", "b[(it + 1) * n + j] = b[(it + 1) * n + j] + 1"),
    "point_end_with_another_step": rows("MIN(n, i + 2 * tile)", "b[it * n + j] * 0.5 + 1"),
    "max_not_min": program(ROWS.replace("POINT_END", "BIG(n, i + tile)").replace("BODY", "b[it * n + j] * 0.5 + 1"),
                           defines="#define BIG(x, y) ((x) > (y) ? (x) : (y))"),
    "misnamed_max": program(ROWS.replace("POINT_END", "MIN(n, i + tile)").replace("BODY", "b[it * n + j] * 0.5 + 1"),
                            defines="#undef MIN\n#define MIN(x, y) ((x) < (y) ? (y) : (x))"),
    # the point index after its loop is the next tile's first row
    "point_index_after_its_loop": program("""
        for (i = 0; i + tile < n; i += tile) {  /*T*/
            for (it = i; it < i + tile; it++)
                b[it] += 1;
            b[it] *= 2;
        }
    """),
    "point_index_changed_in_the_body": program("""
        for (i = 0; i < n; i += tile)  /*T*/
            for (it = i; it < MIN(n, i + tile); it++) {
                b[it] = b[it] * 2 + 1;
                if (it > i + 2) it -= 3;
            }
    """),
    # two point loops of one tile, nested: `it - 2*jt` meets in two tiles
    "nested_points": program("""
        for (i = 0; i < n; i += tile)  /*T*/
            for (it = i; it < MIN(n, i + tile); it++)
                for (jt = i; jt < MIN(n, i + tile); jt++)
                    b[it - 2 * jt + 2 * n] = b[it - 2 * jt + 2 * n] * 0.5 + 1;
    """),
    "step_changed_in_the_body": rows(body="a[it * n + j] + (tile = tile + 0)"),
    "the_step_is_the_array_length": program("""
        for (i = 0; i < n; i += tile)  /*T*/
            for (it = i; it < MIN(n, i + tile); it++)
                b[it] = b[it + tile] + 1;
    """),
}

# an unsigned step counts down: `i += (unsigned long) -1` runs i = lo, lo - 1, ..., 0, then wraps past n
UNSIGNED = {
    "unsigned_index": rows().replace("long i, j,", "unsigned long i; long j,"),
    "size_t_step": rows().replace("for (i = 0; i < n; i += tile)", "size_t st = tile;\n        "
                                  "for (i = 0; i < n; i += st)"),
    "narrow_index": rows().replace("long i, j,", "short i; long j,"),
}


@MODES
@pytest.mark.parametrize("case_id", list(PARALLEL))
def test_tile_loop_is_parallel(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", PARALLEL[case_id], use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)
    assert loop.analysis.loop.tile_step, describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(SEQUENTIAL))
def test_tile_loop_that_carries_or_may_carry_a_dependence_is_sequential(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", SEQUENTIAL[case_id], use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.blocking for f in loop.findings), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(UNSIGNED))
def test_a_step_or_index_that_may_wrap_is_no_tile(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", UNSIGNED[case_id], use_libclang)
    assert loop.verdict == "sequential" and any(f.code == "S2P402" for f in loop.findings), describe(loop)


@MODES
def test_min_bound_splits_rows(use_libclang: bool) -> None:
    """The point loop's own `MIN(n, i + tile)` bound: `it < n` splits `a[it + n * jt]` into rows, so the
    point loop over `it` is parallel too (it was sequential: "distance unknown")."""
    code = program(TRANSPOSE.replace("  /*T*/", "").replace("for (it = i;", "for (it = i; /*T*/"))
    loop = marked_loop("point", "c", code, use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_tiled_transpose_with_openmp_is_equal_and_the_other_targets_refuse_the_tile_loop(tmp_path: Path) -> None:
    """End to end: the OpenMP program parallelizes the tile loop (a tile of 7 rows, 301 not a multiple) and
    prints what the original prints at 1, 2, 3 threads; MPI and CUDA keep the tile loop sequential and say
    why (their blocks of iterations assume a unit step)."""
    code = program(TRANSPOSE.replace("  /*T*/", ""))
    report = analyze_source(code, "transpose.c")
    generated = generate_openmp(report)
    tile_loop = next(lp for lp in report.program.functions["main"].loops if lp.tile_step)
    assert any(plan.loop.id == tile_loop.id for plan in generated.parallel), generated.source
    same_output_at_threads(tmp_path, code, generated.source, ("1", "2", "3"))
    for other in (generate_mpi(report), generate_cuda(report)):
        reasons = [why for lp, why in other.sequential if lp.id == tile_loop.id]
        assert reasons and "known only at run time" in reasons[0], other.sequential


@MODES
def test_a_step_wider_than_the_index_is_refused_with_the_remedy(use_libclang: bool) -> None:
    """`int i` stepped by a `long tile` (PRK's Transpose) may wrap in int: the finding says to declare the
    index with the step's type, which makes the tile loop parallel."""
    code = rows().replace("long i, j, it, jt, k;", "int i, it; long j, jt, k;")
    loop = marked_loop("wider_step", "c", code, use_libclang)
    found = next(f for f in loop.findings if f.code == "S2P402")
    assert "declare `i` with the step's type `long`" in found.message, describe(loop)
    assert marked_loop("same_width", "c", rows(), use_libclang).verdict.startswith("parallel")
