"""For headers that set more than the index: `for (checksum = 0.0, i = 0; ...)` (PRK's checksum and sparse
loops), `for (int i = 0, e = v.size(); i != e; i++)` (the LLVM idiom). The other parts run once, before
the first iteration, so the loop is counted like `t = 0.0; for (i = 0; ...)` (it was "not analyzable",
S2P402), and a name the header declares beside the index lives across the iterations (it is not private
to one). The backends write such a loop with those parts moved before it (generators/headers.py).

Each case marks one loop with /*T*/. The sequential ones: a value carried from one iteration to the next
in a name the header declares, and the headers whose parts cannot move before the loop unchanged (a part
after the index's that reads the index or sets what its start reads, a call that may change the start, a
`#pragma` line above the loop, an update that steps a variable read after the loop); the review of 2026-12-06 found the
start changed by a later part through a call, a macro or a pointer, and a header over two lines that moved
every later line up."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.generators.backends import GenerateOptions, get_backend, hoisted_headers_report
from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop
from tests.cli.test_parallelize_cli import seq2par
from tests.generators.test_openmp import same_output_at_threads

C_PROGRAM = """
    #include <stdio.h>
    #include <stdlib.h>
    double a[5000], b[5000];
    int g;
    int next(void) { return g++; }
    int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 5000;
        int i, j, k, t;
        double temp, checksum;
        for (i = 0; i < n; i++) { a[i] = i % 13; b[i] = 0; }
        KERNEL
        double s = 0;
        for (i = 0; i < n; i++) s += b[i] * (i % 7);
        printf("%.3f %d %d\\n", s, k, t);
        return 0;
    }
"""

CPP_PROGRAM = """
    #include <cstdio>
    #include <vector>
    int main() {
        std::vector<double> v(5000), w(5000);
        for (int i = 0; i < 5000; i++) v[i] = i % 11;
        KERNEL
        double s = 0;
        for (int i = 0; i < 5000; i++) s += w[i] * (i % 5);
        std::printf("%.3f\\n", s);
        return 0;
    }
"""


def c(kernel: str) -> str:
    return C_PROGRAM.replace("KERNEL", kernel)


def cpp(kernel: str) -> str:
    return CPP_PROGRAM.replace("KERNEL", kernel)


PARALLEL = {
    "sum_started_in_the_header": ("c", c("k = t = 0; for (checksum = 0.0, i = 0; i < n; i++) /*T*/ "
                                         "checksum += a[i]; b[0] = checksum;")),
    "inner_sum_started_in_the_header": ("c", c("""
        k = t = 0;
        for (i = 0; i < n; i++) {  /*T*/
            for (temp = 0.0, j = 0; j <= i % 50; j++) temp += a[j];
            b[i] = temp;
        }""")),
    "several_parts_before_the_index": ("c", c("for (k = 3, t = 5, i = 0; i < n; i++) /*T*/ b[i] = a[i] * k + t;")),
    "a_part_after_the_index": ("c", c("t = 1; for (i = 0, k = 7; i < n; i++) /*T*/ b[i] = a[i] * k;")),
    "a_call_before_the_index": ("c", c("t = 0; for (k = next(), i = 0; i < n; i++) /*T*/ b[i] = a[i] + k;")),
    "bound_set_in_the_header": ("cpp", cpp("for (int i = 0, e = (int)v.size(); i < e; i++) /*T*/ w[i] = 2 * v[i];")),
    "llvm_idiom_unsigned_not_equal": ("cpp", cpp(
        "for (size_t i = 0, e = v.size(); i != e; ++i) /*T*/ w[i] = v[i] * v[i];")),
    "declared_beside_the_index_and_read": ("cpp", cpp(
        "for (int i = 0, scale = 3; i < 5000; i++) /*T*/ w[i] = v[i] * scale;")),
    "declared_beside_the_index_summed": ("cpp", cpp(
        "double total = 0; for (int i = 0, t = 0; i < 5000; i++) /*T*/ { t = i % 3; total += v[i] * t; } "
        "w[0] = total;")),
}

SEQUENTIAL = {
    # a name declared in the header holds its value from one iteration to the next
    "declared_beside_the_index_carried": ("cpp", cpp(
        "for (int i = 0, t = 0; i < 5000; i++) /*T*/ { w[i] = t; t = (int)v[i]; }")),
    "declared_beside_the_index_recurrence": ("cpp", cpp(
        "int last = 0; for (int i = 0, t = 1; i < 5000; i++) /*T*/ { t = t * 3 % 7 + (int)v[i]; w[i] = t; }")),
    "started_in_the_header_and_carried": ("c", c("k = 0; for (t = 0, i = 0; i < n; i++) /*T*/ { t = t + 1; "
                                                 "b[i] = t; }")),
    # parts that moving before the loop would change
    "a_part_after_the_index_reads_it": ("c", c("k = 0; for (i = 0, t = i + 5; i < n; i++) /*T*/ b[i] = t;")),
    "a_part_after_the_index_sets_its_start": ("c", c("t = 0; for (i = t, t = 3, k = 0; i < n; i++) /*T*/ "
                                                     "b[i] = k;")),
    "a_call_after_a_start_that_reads": ("c", c("t = 0; for (i = g, k = next(); i < n; i++) /*T*/ b[i] = k;")),
    # (review of 2026-12-06: moved before the start, these changed where the loop starts or what it reads)
    "the_start_calls_what_a_later_part_sets": ("c", c("k = t = 0; g = 3; for (i = next(), g = 0; i < n; i++) "
                                                      "/*T*/ b[i] = a[i];")),
    "a_call_after_the_start_of_an_index_declared_outside": ("c", c("t = 0; for (i = 0, k = next(); i < n; i++) "
                                                                   "/*T*/ b[i] = a[i] + k;")),
    "a_later_call_reads_the_global_index": ("c", c("k = t = 0; for (g = 0, k = next(); g < n; g++) /*T*/ "
                                                   "b[g] = a[g] + k;")),
    "the_start_through_a_macro": ("c", "#define START t\n" + c("k = 0; t = 3; for (i = START, t = 0; i < n; "
                                                                 "i++) /*T*/ b[i] = a[i];")),
    "a_later_part_through_a_macro": ("c", "#define CUR i\n" + c("k = 0; for (i = 0, t = CUR; i < n; i++) /*T*/ "
                                                                  "b[i] = a[i] + t;")),
    "the_start_through_a_pointer": ("c", c("k = 4; t = 0; int *p = &k; for (i = *p, k = 0; i < n; i++) /*T*/ "
                                           "b[i] = a[i];")),
    "a_later_part_over_two_lines": ("c", c("k = 0; for (i = 0, t = /*T*/\n 2; i < n; i++) b[i] = a[i] + t;")),
    # (second review: side effects in or after the start, and memory read beside an index declared outside)
    "a_later_part_steps_what_the_start_reads": ("c", c("k = t = 0; for (i = k, t = k++; i < n; i++) /*T*/ "
                                                       "b[i] = a[i] + t;")),
    "a_later_part_stores_through_a_pointer": ("c", c("k = t = 0; int *p = &k; for (i = k, t = (*p = 3); i < n; "
                                                     "i++) /*T*/ b[i] = a[i] + t;")),
    "the_start_has_a_side_effect": ("c", c("k = t = 0; for (i = (k = 3), t = k; i < n; i++) /*T*/ b[i] = t;")),
    "a_later_part_reads_the_index_through_a_pointer": ("c", c("k = 0; int *q = &i; i = 7; for (i = 0, t = *q; "
                                                              "i < n; i++) /*T*/ b[i] = a[i] + t;")),
    # (third review: the index read through a C++ reference, or named in a lambda a later part calls)
    "a_later_part_reads_the_index_through_a_reference": ("cpp", cpp(
        "int j = 7, e; int &rj = j; for (j = 0, e = rj + 10; j < e; j++) /*T*/ w[j] = v[j];")),
    "a_later_part_calls_a_lambda_naming_the_index": ("cpp", cpp(
        "int i = 50; for (int i = 0, e = [&] { return i + 10; }(); i < e; i++) /*T*/ w[i] = v[i]; w[1] = i;")),
    "two_starts_of_the_index": ("c", c("k = t = 0; for (i = 0, i = 1; i < n; i++) /*T*/ b[i] = 1;")),
    "update_steps_two_variables": ("c", c("t = 0; for (i = 0, k = n - 1; i < n; i++, k--) /*T*/ b[i] = a[k];")),
    "pragma_above_the_loop": ("c", c("k = 0;\n#pragma GCC ivdep\n        for (t = 0, i = 0; i < n; i++) /*T*/ "
                                     "b[i] = a[i];")),
}


@MODES
@pytest.mark.parametrize("case_id", list(PARALLEL))
def test_a_header_that_sets_more_than_the_index_is_counted(case_id: str, use_libclang: bool) -> None:
    lang, code = PARALLEL[case_id]
    loop = marked_loop(case_id, lang, code, use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(SEQUENTIAL))
def test_a_value_carried_or_a_part_that_cannot_move_keeps_the_loop_sequential(case_id: str,
                                                                               use_libclang: bool) -> None:
    lang, code = SEQUENTIAL[case_id]
    loop = marked_loop(case_id, lang, code, use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.blocking for f in loop.findings), describe(loop)


def test_the_findings_say_what_blocks_the_header() -> None:
    """The reason names the part and what would unblock the loop."""
    _, code = SEQUENTIAL["a_part_after_the_index_reads_it"]
    loop = marked_loop("reads_it", "c", code, False)
    message = next(f.message for f in loop.findings if f.code == "S2P402")
    assert "`t = i + 5` after the index `i`" in message and "set it before the loop" in message, message
    _, code = SEQUENTIAL["update_steps_two_variables"]
    loop = marked_loop("two", "c", code, False)
    message = next(f.message for f in loop.findings if f.code == "S2P213")  # (test_derived_inductions.py)
    assert "`k`, which the header steps beside the index `i`, is read after the loop" in message, message


KERNELS = """
    k = 0;
    for (checksum = 0.0, i = 0; i < n; i++) checksum += a[i] * a[i];
    for (i = 0; i < n; i++) {
        for (temp = 0.0, j = 0; j <= i % 400; j++) temp += a[j] * 0.5;
        b[i] = temp + checksum;
    }
    for (int i = 0, t = 2; i < n; i++) b[i] += a[i] * t;
    if (n > 10)
        for (t = 1, i = 0; i < n; i++) b[i] = b[i] * 0.5 + t;
    for (t = 0, j = 0; j < 3; j++) t += j;
"""


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_the_openmp_program_moves_the_parts_before_the_loop_and_prints_the_same(tmp_path: Path) -> None:
    """End to end: each loop whose header sets more than its index gets its directive, with the other parts
    set just before it (in a block of their own for a declaration or an unbraced body), on the same line,
    so the program prints what the original prints at 1, 2, 3 threads; a loop that gets no directive
    (three iterations) keeps its header as written."""
    code = textwrap.dedent(c(KERNELS)).lstrip("\n")
    report = analyze_source(code, "parts.c")
    program = get_backend("openmp").generate(report, GenerateOptions())
    text = program.source
    assert "checksum = 0.0; \n#pragma omp parallel for" in text.replace("    ", ""), text
    assert "{ int t = 2; " in text and "for (int i = 0; i < n; i++) b[i] += a[i] * t; }" in text, text
    assert "{ t = 1; " in text and "for (i = 0; i < n; i++) b[i] = b[i] * 0.5 + t;" in text, text
    assert "temp = 0.0; " in text and "for (j = 0; j <= i % 400; j++)" in text, text
    assert "for (t = 0, j = 0; j < 3; j++) t += j;" in text, text  # (no directive: as written)
    assert len(program.parallel) >= 4, [p.pragma for p in program.parallel]
    original_lines = code.splitlines()
    for loop in report.loops:  # every loop is still on its line, but for the directives added above it
        assert original_lines[loop.line - 1].lstrip().split(" ")[0] in ("for", "if", "k")
    same_output_at_threads(tmp_path, code, text, ("1", "2", "3"))


@pytest.mark.skipif(shutil.which("mpicc") is None or shutil.which("mpiexec") is None, reason="needs MPI")
def test_the_mpi_program_distributes_a_loop_whose_header_sets_a_sum(tmp_path: Path) -> None:
    """End to end through the CLI: validated at np=2 and 3, and written."""
    source = tmp_path / "parts.c"
    source.write_text(textwrap.dedent(c(KERNELS)).lstrip("\n"))
    done = seq2par("parallelize", "parts.c", "--target", "mpi", "--np", "2,3", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    written = (tmp_path / "parts.mpi.c").read_text()
    assert "checksum = 0.0; {" in written and "reduction +:checksum" in written, written


MULTILINE = """
    #include <stdio.h>
    #include <stdlib.h>
    int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 100000;
        double *a = calloc(n, sizeof *a), *b = calloc(n, sizeof *b);
        double s = 0;
        for (int i = 0,
                 e = n;
             i < e; i++)
            a[i] = i * 0.5;
        for (int i = 0; i < n; i++)
            b[i] = a[i] + 1;
        for (int i = 0; i < n; i++) s += b[i];
        printf("%.1f\\n", s);
        return 0;
    }
"""


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_an_initialization_over_several_lines_keeps_every_line_in_place(tmp_path: Path) -> None:
    """A header whose initialization spans lines kept them when its parts moved: the file read again had
    its later loops a line up, and the backend refused the whole file (review of 2026-12-06)."""
    code = textwrap.dedent(MULTILINE).lstrip("\n")
    program = get_backend("openmp").generate(analyze_source(code, "lines.c"), GenerateOptions())
    assert {p.loop.line for p in program.parallel} >= {7, 11, 13}, [p.loop.line for p in program.parallel]
    assert "{ int e = n; " in program.source, program.source
    same_output_at_threads(tmp_path, code, program.source, ("1", "2", "3"))


RETYPED = """
    #include <stdio.h>
    #include <stdlib.h>
    double a[100000];
    int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 100000;
        int t = 0;
        for (int i = 0; i < n; i++) a[i] = (i % 3 == 0) ? 1.7 : -0.6;
        { double t = 2; for (int i = 0; i < n; i++) a[i] += t; }
        for (int i = 0; i < n; i++) t += a[i];  /*T*/
        printf("%d\\n", t);
        return 0;
    }
"""


@MODES
def test_a_sum_into_a_name_declared_with_two_types_is_no_reduction(use_libclang: bool) -> None:
    """`int t` summing doubles truncates at every step; the analysis took `t` for the `double t` of a block
    declared later in the function (names are looked up by name), called the loop a `+` reduction, and the
    OpenMP program printed other sums at 2 and 3 threads. Found by the second review; older than header
    parts, which made such names more common (`for (int i = 0, t = 2; ...)`)."""
    loop = marked_loop("retyped", "c", RETYPED, use_libclang)
    assert loop.verdict == "sequential", describe(loop)


def test_the_distributed_targets_leave_a_header_that_declares_a_name_as_it_is() -> None:
    """MPI writes its gathers and reductions after the loop, where a name the header declares is out of
    scope (an outer `e` of the same name gathered 10 rows of 100000): MPI and CUDA keep such a loop
    sequential with the reason; OpenMP, which writes nothing after the loop's block, moves the name out."""
    code = textwrap.dedent(cpp("for (int i = 0, e = (int)v.size(); i < e; i++) w[i] = 2 * v[i];")).lstrip("\\n")
    report = analyze_source(code, "decl.cpp")
    line = next(r.line for r in report.loops if "e = (int)v.size()" in code.splitlines()[r.line - 1])
    for target in ("mpi", "cuda"):
        program = get_backend(target).generate(report, GenerateOptions())
        reasons = [why for loop, why in program.sequential if loop.line == line]
        assert reasons and "its header also runs `int e = (int)v.size();`" in reasons[0], (target, program.sequential)
    program = get_backend("openmp").generate(report, GenerateOptions())
    assert any(p.loop.line == line for p in program.parallel), program.sequential


RETYPED_MORE = {
    # a global int and a block's double of one name (third review)
    "a_global_and_a_block_local": ("""
        #include <stdio.h>
        int t;
        int main(void) {
            int i;
            { double t = 0; for (i = 0; i < 1000000; i++) t += 0.5; printf("%f\\n", t); }
            t = -5;
            for (i = 0; i < 1000000; i++) t += 0.6;  /*T*/
            printf("%d\\n", t);
            return 0;
        }""", "sequential"),
    # a pointer and an int of one name, both spelled `int`: `t += 2` steps the pointer
    "a_pointer_and_a_scalar": ("""
        #include <stdio.h>
        int b[3000000];
        int main(void) {
            int i;
            { int *t = b; for (i = 0; i < 1000000; i++) t += 2; /*T*/ printf("%ld\\n", (long)(t - b)); }
            { int t = 0; for (i = 0; i < 1000000; i++) t += i % 3; printf("%d\\n", t); }
            return 0;
        }""", "sequential"),
    # one type spelled two ways is one kind of type: still a reduction
    "one_type_spelled_two_ways": ("""
        #include <stdio.h>
        int a[1000];
        int main(void) {
            { unsigned s = 0; for (int i = 0; i < 1000; i++) s += a[i]; printf("%u\\n", s); }
            { unsigned int s = 0; for (int i = 0; i < 1000; i++) s += a[i]; /*T*/ printf("%u\\n", s); }
            return 0;
        }""", "parallel-reduction"),
}


@MODES
@pytest.mark.parametrize("case_id", list(RETYPED_MORE))
def test_names_declared_with_two_kinds_of_type(case_id: str, use_libclang: bool) -> None:
    code, verdict = RETYPED_MORE[case_id]
    loop = marked_loop(case_id, "c", code, use_libclang)
    assert loop.verdict == verdict, describe(loop)


LATER_REAL = """
    #include <stdio.h>
    #include <stdlib.h>
    double a[100000];
    int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 100000;
        for (int x = 0; x < n; x++) a[x] = x * 0.5;
        double x = 0.25;
        for (int k = 0; k < n; k++) a[k] += x;
        printf("%f\\n", a[n - 1]);
        return 0;
    }
"""


def test_an_integer_index_named_like_a_later_double_is_still_parallel() -> None:
    """The floating-point index check looked the index up by name and found the later `double x` (third
    review): OpenMP and MPI refused `for (int x = 0; ...)`."""
    code = textwrap.dedent(LATER_REAL).lstrip("\\n")
    report = analyze_source(code, "later.c")
    for target in ("openmp", "mpi"):
        program = get_backend(target).generate(report, GenerateOptions())
        assert not any("not an integer" in why for _, why in program.sequential), (target, program.sequential)


FUNCTION_MODE = """
    #include <vector>
    #include <cstddef>
    double total;
    void kern(const std::vector<double> &a, std::vector<double> &b, int m) {
        double s;
        int i;
        for (s = 0.0, i = 0; i < (int)a.size(); i++) s += a[i];
        total = s;
        for (int r = 0, rn = (int)a.size(); r < rn; r++)
            for (int c = 0, cm = m; c < cm; c++)
                b[(size_t)r * m + c] = a[r] * c + total;
    }
    void other(std::vector<double> &b) {
        int i; double t;
        for (t = 1.0, i = 0; i < (int)b.size(); i++) b[i] *= t;
    }
"""


def test_function_mode_moves_header_parts_in_the_function_alone_after_its_contract() -> None:
    """With `--distinct-params` the headers to rewrite were chosen before the contract made the nest
    parallel (the nest kept "its header also runs"), and MPI rewrote a header of another function (third
    review)."""
    code = textwrap.dedent(FUNCTION_MODE).lstrip("\n")
    report = analyze_source(code, "lib.cpp")
    program = get_backend("openmp").generate(report, GenerateOptions(function="kern", distinct_params=True))
    assert not any("its header also runs" in why for loop, why in program.sequential if loop.function == "kern"), \
        program.sequential
    assert "for (t = 1.0, i = 0; i < (int)b.size(); i++) b[i] *= t;" in program.source, program.source
    assert "void kern(const std::vector<double> &a, std::vector<double> &b, int m)" in program.source
    # what MPI's function mode writes from: the other function as written
    plain = hoisted_headers_report(report, (), "kern")
    assert "for (t = 1.0, i = 0; i < (int)b.size(); i++) b[i] *= t;" in plain.program.source.decode()
    assert "s = 0.0; for (i = 0;" in plain.program.source.decode()
