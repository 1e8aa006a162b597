"""For loops whose header steps more than the index: `for (ig = ii, i = 0; ig < ii + B; ig++, i++)` (PRK's
DGEMM tiles), `for (i = 0, k = n - 1; i < n; i++, k--)` (a reversal), rodinia b+tree's copies. The index is
the variable the condition tests; each other one is, at every iteration's start, its start plus its amount
times the iterations before, so the loop is analyzed as if the body began with `k = (n - 1) - (i - 0);`
(it was "not analyzable", S2P402). A backend that writes such a loop computes the variable so at the top of
the body (generators/headers.py). Also here: a tile loop of a constant step (`ii += 16` with point loops
`ig < ii + 16`), which was tested like any loop of step 16 and found to carry an output dependence.

Each case marks one loop with /*T*/. The sequential ones: a carried dependence through the other variable
(it is a value of the index, so `a[i] = a[k] + 1` with k = i - 1 is a recurrence), the other variable read
after the loop (its value there is no iteration's), and the shapes where it is not the index's function
(the body sets it, its start reads what the loop sets, the condition tests both, the index steps by 2)."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.generators.backends import GenerateOptions, get_backend
from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop
from tests.generators.test_openmp import same_output_at_threads

C_PROGRAM = """
    #include <stdio.h>
    #include <stdlib.h>
    double a[6000], b[6000], c[96][96];
    int g;
    int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 5000;
        int i, j, k, ii, ig, jj, jg, m = 3;
        unsigned u;
        long off;
        for (i = 0; i < n; i++) { a[i] = i % 13; b[i] = 0; }
        KERNEL
        double s = 0;
        for (i = 0; i < n; i++) s += b[i] * (i % 7);
        printf("%.3f %d\\n", s, m);
        return 0;
    }
"""


def c(kernel: str) -> str:
    return C_PROGRAM.replace("KERNEL", kernel)


PARALLEL = {
    "reversal": c("for (i = 0, k = n - 1; i < n; i++, k--) /*T*/ b[i] = a[k];"),
    "tile_copy": c("for (ii = 0; ii < 5000; ii += 50) for (ig = ii, j = 0; ig < ii + 50; ig++, j++) /*T*/ "
                   "b[ig] = a[j] * 2;"),
    "declared_in_the_header": c("for (int p = 0, q = 3; p < n - 3; p++, q++) /*T*/ b[p] = a[q];"),
    "stepped_by_two": c("for (i = 0, k = 0; i < n / 2; i++, k += 2) /*T*/ { b[k] = a[i]; b[k + 1] = -a[i]; }"),
    "descending_index": c("for (i = n - 1, k = 0; i >= 0; i--, k++) /*T*/ b[k] = a[i];"),
    "start_from_a_variable": c("for (i = m, k = m + 10; i < n - 10; i++, k++) /*T*/ b[i] = a[k] * 2;"),
    "macro_step": "#define STEP 3\n" + c("for (i = 0, k = 0; i < n / 3; i++, k += STEP) /*T*/ b[k] = a[i];"),
    "unbraced_in_a_block": c("{ for (i = 0, k = 1; i < n - 1; i++, k++) /*T*/ b[i] = a[k] - a[i]; }"),
    # point loops of a constant-step tile loop: tiles of 16 never share an element
    "constant_step_tiles": c("for (ii = 0; ii < 96; ii += 16) /*T*/ for (jj = 0; jj < 96; jj += 16) "
                             "for (ig = ii; ig < ii + 16; ig++) for (jg = jj; jg < jj + 16; jg++) "
                             "c[ig][jg] = ig * 0.5 + jg;"),
    # PRK DGEMM's copies: the element through a macro of an expression, which sets neither argument (it was
    # taken for one that may set them, and nothing could be substituted through it)
    "a_tile_copy_through_an_element_macro": "#define C_(i, j) c[i][j]\n#define A_(i) a[(i) + 0 * n]\n" + c(
        "for (jj = 0; jj < 96; jj += 16) for (jg = jj, j = 0; jg < jj + 16; jg++, j++) /*T*/ "
        "C_(jg, j) = A_(jg);"),
    "constant_step_tiles_of_derived_points": c("for (ii = 0; ii < 96; ii += 16) /*T*/ "
                                               "for (ig = ii, j = 0; ig < ii + 16; ig++, j++) c[ig][j] = ig + j;"),
}

SEQUENTIAL = {
    # the other variable is a value of the index: these are recurrences
    "recurrence_through_the_other": c("for (i = 1, k = 0; i < n; i++, k++) /*T*/ a[i] = a[k] + 1;"),
    "reversal_in_place": c("for (i = 0, k = n - 1; i < n; i++, k--) /*T*/ a[i] = a[k] + 1;"),
    # its value after the loop is its start plus its amount times the trips, which no iteration has
    "read_after_the_loop": c("for (i = 0, m = 0; i < n; i++, m += 2) /*T*/ b[i] = a[i] + m;"),
    # not a function of the index
    "the_body_sets_it": c("for (i = 0, k = 0; i < n - 1; i++, k++) /*T*/ { if (a[i] > 6) k++; b[i] = k; }"),
    "its_start_reads_what_the_loop_sets": c("j = 0; for (i = 0, k = j; i < n; i++, k++) /*T*/ "
                                            "{ b[i] = k; j = i; }"),
    "the_condition_tests_both": c("for (i = 0, k = 0; i < n && k < 4000; i++, k++) /*T*/ b[i] = a[k];"),
    "the_index_steps_by_two": c("for (i = 0, k = 0; i < n; i += 2, k++) /*T*/ b[i] = a[k];"),
    "a_global": c("for (i = 0, g = 0; i < n; i++, g++) /*T*/ b[i] = a[g];"),
    "its_address_is_taken": c("int *p = &k; for (i = 0, k = 0; i < n; i++, k++) /*T*/ b[i] = a[*p];"),
    # what a backend could not write as the analysis reads it (review of 2026-12-07): the variable is computed
    # in braces at the top of an unbraced body, which must follow the header and not expand from a macro
    "a_pragma_between_the_header_and_the_body": c("for (i = 0, k = n - 1; i < n; i++, k--) /*T*/\n"
                                                  "#pragma GCC ivdep\n"
                                                  "    for (j = 0; j < 2; j++) b[k] += a[i] + j;"),
    "a_macro_body_of_two_statements": "#define STORE(x) x; m++\n" + c(
        "for (i = 0, k = n - 1; i < n; i++, k--) /*T*/ STORE(b[k] = a[i] * 2);"),
    # a macro that sets what it is given: k is 0 at the store, not 2 * i
    "a_macro_that_sets_its_argument": "#define RESET(x) ((x) = 0)\n" + c(
        "for (i = 0; i < n / 2; i++) /*T*/ { k = 2 * i; RESET(k); a[k] = i; }"),
    "a_macro_that_sets_the_other_variable": "#define RESET(x) ((x) = 0)\n" + c(
        "for (i = 0, k = 0; i < n; i++, k++) /*T*/ { RESET(k); b[k] = a[i]; }"),
    # (third review: the body sets it through a macro that looks like an expression)
    "set_through_a_macro_store_target": "#define ID(x) x\n" + c(
        "for (i = 0, k = 0; i < n; i++, k++) /*T*/ { b[k] = a[i]; ID(k) = 0; }"),
    "stepped_through_a_macro_store_target": "#define ID(x) x\n" + c(
        "for (i = 0, k = 0; i < n / 2; i++, k++) /*T*/ { b[k] = a[i]; ++ID(k); }"),
    "set_by_a_macro_passed_to_a_macro": "#define SETK(x) ((x) = 0)\n#define CALL(f, x) f(x)\n" + c(
        "for (i = 0, k = 0; i < n; i++, k++) /*T*/ { b[k] = a[i]; CALL(SETK, k); }"),
    "stepped_by_a_pasted_operator": "#define INC(x) (x + ## +)\n" + c(
        "for (i = 0, k = 0; i < n / 2; i++, k++) /*T*/ { b[k] = a[i]; INC(k); }"),
    # the tile index in a subscript through the other variable: tile 16 writes b[16..46], tile 0 b[0..30]
    "tile_index_through_the_other": c("for (ii = 0; ii < 2048; ii += 16) /*T*/ "
                                      "for (ig = ii, k = 0; ig < ii + 16; ig++, k++) b[ig + k] = a[ig] + ig;"),
}


@MODES
@pytest.mark.parametrize("case_id", list(PARALLEL))
def test_a_header_stepping_variables_beside_the_index_is_counted(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", PARALLEL[case_id], use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(SEQUENTIAL))
def test_a_carried_value_or_a_variable_that_is_not_the_index_s_keeps_the_loop_sequential(
        case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", SEQUENTIAL[case_id], use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.blocking for f in loop.findings), describe(loop)


def test_the_findings_say_what_blocks_the_header() -> None:
    loop = marked_loop("after", "c", SEQUENTIAL["read_after_the_loop"], False)
    message = next(f.message for f in loop.findings if f.code == "S2P213")
    assert "`m`, which the header steps beside the index `i`, is read after the loop" in message, message
    loop = marked_loop("sets", "c", SEQUENTIAL["the_body_sets_it"], False)
    message = next(f.message for f in loop.findings if f.code == "S2P402")
    assert "steps `k` beside the index `i`, and the body also sets `k`" in message, message
    loop = marked_loop("both", "c", SEQUENTIAL["the_condition_tests_both"], False)
    message = next(f.message for f in loop.findings if f.code == "S2P402")
    assert "the condition tests more than one of them" in message, message


def test_a_store_the_checks_miss_still_uncounts_the_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """The last line of defence: a write to the other variable that the IR records in the body (here through a
    macro, with the syntactic check that sees `ID(k) = 0` switched off) makes the loop uncounted."""
    from seq2par.analyzers import ir

    monkeypatch.setattr(ir, "_given_in_stores", lambda node, program: set())
    loop = marked_loop("net", "c", SEQUENTIAL["set_through_a_macro_store_target"], False)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.code == "S2P402" and "the body also sets it (line" in f.message for f in loop.findings), \
        describe(loop)


def test_cpp_keeps_several_induction_variables_uncounted() -> None:
    """C only (the other variable may be a reference or an object in C++): as before, not analyzable."""
    code = "int main() { int b[100], a[100] = {0}; int k;\n for (int i = 0, k = 99; i < 100; i++, k--) b[i] = " \
           "a[k];\n return b[3]; }\n"
    report = analyze_source(code, "t.cpp", use_libclang=False)
    assert report.loops[0].verdict == "sequential"
    assert any(f.code == "S2P402" for f in report.loops[0].findings)


REVIEWED = """
    { int h = n / 2 - 1; for (i = h, m = 3; i >= 0; i--, m += 2) b[m] = a[i] + 1; }
    for (j = 0; j < 3; j++)
        for (i = 0, k = 1999; i < 2000; i++, k--) b[j * 2000 + k] = a[i] * j + a[k];
    for (i = 0; i < 96; i++)
        for (j = 0, k = 95; j < 96; j++, k--)
            b[i] = b[i] + c[i][j] * a[k];
    for (i = 0, k = n - 1  // k walks down from the last element
                 - 0;
         i < n; i++, k--)
        b[k] = a[i] * 2;
    m = 0;
"""


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_the_openmp_program_builds_and_prints_the_same_for_the_reviewed_shapes(tmp_path: Path) -> None:
    """Review of 2026-12-07, each an OpenMP program that did not build or a file whose rewrite failed: a
    `collapse(2)` and an `omp simd` (an element summed in a local) on a loop inside a parallel loop whose header
    steps two variables, which stays as written; a `//` comment in a start, put on one line (now the loop is
    left as written, and the others still get their directives); a descending index with an amount of 2
    (`... * (-2)` was no affine value when the file was read again: the loop was left sequential)."""
    code = textwrap.dedent(c(REVIEWED)).lstrip("\n")
    report = analyze_source(code, "reviewed.c")
    program = get_backend("openmp").generate(report, GenerateOptions())
    text = program.source
    assert "collapse" not in text and "omp simd" not in text.split("for (j = 0, k = 95")[1][:200], text
    assert "for (i = h; i >= 0; i--) { m = (3) - ((long long)(i) - (long long)(h)) * 2; b[m]" in text, text
    assert {p.loop.line for p in program.parallel} >= {12, 13, 15}, [p.loop.line for p in program.parallel]
    assert "for (i = 0, k = n - 1  // k walks down" in text, text
    same_output_at_threads(tmp_path, code, text, ("1", "2", "3"))


KERNELS = """
    for (i = 0, k = n - 1; i < n; i++, k--) b[i] = a[k] * 0.5;
    for (int p = 0, q = 2; p < n - 2; p++, q++) {
        a[p] = b[q] + b[p];
    }
    for (ii = 0; ii < 96; ii += 16)
        for (jj = 0; jj < 96; jj += 16)
            for (ig = ii, i = 0; ig < ii + 16; ig++, i++)
                for (jg = jj, j = 0; jg < jj + 16; jg++, j++)
                    c[ig][jg] = a[i * 16 + j] + ig;
    for (i = 0, m = 0; i < n; i++, m += 2) b[i] = a[i] + m;
    for (i = 0; i < 96; i++) b[i] += c[i][i % 96];
"""


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_the_openmp_program_computes_the_other_variables_from_the_index(tmp_path: Path) -> None:
    """End to end: the loops that get a directive have the header's other variables computed at the top of
    their bodies, on the same lines; the point loops inside a parallel tile loop run as written (their
    variables private); the loop whose variable is read after it keeps its header and no directive; the
    program prints what the original prints at 1, 2, 3 threads."""
    code = textwrap.dedent(c(KERNELS)).lstrip("\n")
    report = analyze_source(code, "derived.c")
    program = get_backend("openmp").generate(report, GenerateOptions())
    text = program.source
    assert "for (i = 0; i < n; i++) { k = (n - 1) - ((long long)(i) - (long long)(0)); b[i] = a[k] * 0.5; }" \
        in text, text
    assert "for (int p = 0; p < n - 2; p++) { int q = (2) + ((long long)(p) - (long long)(0));" in text, text
    assert "for (ig = ii, i = 0; ig < ii + 16; ig++, i++)" in text, text
    assert "for (i = 0, m = 0; i < n; i++, m += 2) b[i] = a[i] + m;" in text, text
    lines = {p.loop.line for p in program.parallel}
    for line, first in ((12, "for (i = 0, k"), (13, "for (int p"), (16, "for (ii")):
        assert code.splitlines()[line - 1].lstrip().startswith(first), code
        assert line in lines, (line, sorted(lines))
    assert 21 not in lines, sorted(lines)
    same_output_at_threads(tmp_path, code, text, ("1", "2", "3"))


@pytest.mark.skipif(shutil.which("mpicc") is None or shutil.which("mpiexec") is None, reason="needs MPI")
def test_the_mpi_program_distributes_a_loop_that_steps_a_start_offset(tmp_path: Path) -> None:
    """End to end through the CLI: a loop whose other variable only offsets a value (no subscript) is
    distributed with the variable computed from the index, validated at np=2 and 3, and written."""
    from tests.cli.test_parallelize_cli import seq2par

    source = tmp_path / "offset.c"
    source.write_text(textwrap.dedent(c(
        "for (i = 0, k = 7; i < n; i++, k += 3) b[i] = a[i] * k;")).lstrip("\n"))
    done = seq2par("parallelize", "offset.c", "--target", "mpi", "--np", "2,3", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    written = (tmp_path / "offset.mpi.c").read_text()
    assert "k = (7) + ((long long)(i) - (long long)(0)) * 3;" in written, written


NEST = """
    #include <stdio.h>
    double a[400000], c[8][8];
    int main(void) {
        int i, j, k;
        for (j = 1; j < 8; j++) {
            for (i = 0, k = 2; i < 4; i++, k++) c[j][k] = c[j - 1][k] + 1;
            for (i = 0; i < 400000; i++) a[i] = a[i] * 0.5 + j;
        }
        printf("%f %f\\n", a[7], c[7][3]);
        return 0;
    }
"""


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_a_loop_without_a_directive_keeps_its_header_in_a_nest_with_one(tmp_path: Path) -> None:
    """The OpenMP patch changes only the loops that get a directive: a parallel loop of four iterations whose
    header steps two variables, beside a loop that gets one, stays as written (it was rewritten because its
    nest got a directive; PRK DGEMM's tile zeroing loop)."""
    code = textwrap.dedent(NEST).lstrip("\n")
    program = get_backend("openmp").generate(analyze_source(code, "nest.c"), GenerateOptions())
    assert [p.loop.line for p in program.parallel] == [7], [p.loop.line for p in program.parallel]
    assert "for (i = 0, k = 2; i < 4; i++, k++) c[j][k] = c[j - 1][k] + 1;" in program.source, program.source
    same_output_at_threads(tmp_path, code, program.source, ("1", "2", "3"))
