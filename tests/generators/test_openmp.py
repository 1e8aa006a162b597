"""OpenMP backend: pragmas with the clauses the analysis proves, nothing else changed, and the program built
with -fopenmp prints what the original prints at 1, 2 and 3 threads."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.cli.check_cmd import check_findings
from seq2par.cli.check_config import CheckConfig
from seq2par.cli.hazards import analyze_for_check
from seq2par.generators.edits import TransformationError
from seq2par.generators.openmp import generate_openmp
from seq2par.generators.openmp.generate import THREAD_BLOCK
from seq2par.validators.compare import compare_outputs

PROGRAM = r"""
#include <stdio.h>
#define N 30000
static double a[N], b[N], hist[16], L[N / 100][N / 100];
int main(void) {
    int i, j;
    double s = 0.0, t = 0.0, last = 0.0, lo = 1e30;
    for (i = 0; i < N; i++) {
        a[i] = (i % 17) * 0.25;
        b[i] = (i % 5) - 2.0;
    }
    for (i = 0; i < N; i++) {
        t = a[i] * b[i];
        s += t;
        last = t;
        hist[i % 16] += 1.0;
        if (b[i] < lo) lo = b[i];
    }
    for (i = 0; i < N / 100; i++)
        for (j = 0; j <= i; j++)
            L[i][j] = a[i] + b[j];
    double tri = 0.0;
    for (i = 0; i < N / 100; i++) tri += L[i][i / 2];
    printf("%.6f %.6f %.6f %d %.1f %.6f %d\n", s, last, lo, (int)hist[3], tri, t, i);
    return 0;
}
"""


def _check_codes(text: str) -> list[str]:
    """The failing findings of `seq2par check` (the OpenMP target's second gate) over a generated program."""
    return sorted({f.code for f, level in check_findings(analyze_for_check(text, "generated.c"), CheckConfig())
                   if level == "error"})


def same_output_at_threads(tmp_path: Path, original_text: str, parallel_text: str, threads: tuple[str, ...],
                           rtol: float = 0.0) -> str:
    """Build the original (gcc -O2) and the OpenMP program (-fopenmp), run the latter at each thread count and
    assert it prints what the original prints (with `rtol`: numbers within that relative error, as the
    validator compares them); returns the original's output."""
    original, parallel = tmp_path / "original.c", tmp_path / "parallel.c"
    original.write_text(original_text)
    parallel.write_text(parallel_text)
    subprocess.run(["gcc", "-O2", str(original), "-o", str(tmp_path / "seq")], check=True)
    subprocess.run(["gcc", "-O2", "-fopenmp", str(parallel), "-o", str(tmp_path / "omp")], check=True)
    expected = subprocess.run([str(tmp_path / "seq")], capture_output=True, text=True, check=True).stdout
    for count in threads:
        env = {**os.environ, "OMP_NUM_THREADS": count}
        got = subprocess.run([str(tmp_path / "omp")], capture_output=True, text=True, check=True, env=env).stdout
        if rtol:
            comparison = compare_outputs(expected, got, rtol=rtol, atol=0.0)
            assert comparison.equal and comparison.max_rel_error > 0, (count, comparison, got, expected)
        else:
            assert got == expected, (count, got, expected)
    return expected


MIXED_SIGNS = r"""
#include <stdio.h>
#define LEN 300000u
double a[300008];
struct cfg { unsigned n; } C;
unsigned k = 300000, un = 300000, lims[1] = {300000};
double sum(void) { double t = 0; for (int i = 0; i < 300008; i++) t += a[i]; return t; }
int main(int argc, char **argv) {
    int s = argc - 2;  /* -1: C compares it with an unsigned bound as unsigned, so these loops run 0 times */
    C.n = 300000;
    for (int i = s; i < LEN; i++) a[i + 4] = i * 0.5;
    printf("%f\n", sum());
    for (int i = s; i < C.n; i++) a[i + 4] += 1.0;
    printf("%f\n", sum());
    for (int i = s; i < k; i++) a[i + 4] += 2.0;
    printf("%f\n", sum());
    unsigned u = 7;
    for (u = s; u < un; u++) a[u % 300000] += 3.0;
    printf("%u %f\n", u, sum());
    for (int i = s; i < (long)C.n; i++) a[i + 4] += 4.0;
    printf("%f\n", sum());
    for (int i = s; i < lims[0]; i++) a[i + 4] += 5.0;
    printf("%f\n", sum());
    return 0;
}
"""


SIGNEDNESS_THROUGH_THE_FILE = r"""
#include <stdio.h>
typedef unsigned int uint;
enum { NN = 300000 };
struct grid { int n; } g;
static int getn(void) { return 300000; }
double a[300008];
double sum(void) { double t = 0; for (int i = 0; i < 300008; i++) t += a[i]; return t; }
int main(int argc, char **argv) {
    int s = argc - 2;  /* -1 */
    uint un = 300000;
    unsigned k = 300000;
    g.n = 300000;
    for (int i = s; i < un; i++) a[i + 4] = i * 0.5;     /* 0 trips: uint is unsigned */
    printf("%f\n", sum());
    for (int i = s; i < NN; i++) a[i + 4] += 1.0;        /* enum constants are int */
    for (int i = s; i < g.n; i++) a[i + 4] += 2.0;       /* an int member */
    for (int i = s; i < getn(); i++) a[i + 4] += 3.0;    /* a function returning int */
    for (long i = s; i < k; i++) a[i + 4] += 4.0;        /* a long holds every unsigned int */
    printf("%f\n", sum());
    return 0;
}
"""


def test_signedness_is_read_through_typedefs_enums_members_and_functions(tmp_path: Path) -> None:
    """Review: `typedef unsigned int uint;` hid an unsigned bound (wrong OpenMP and MPI programs from a start
    below 0), while enum constants, int members, functions returning int and a `long` index against an
    unsigned int were refused though C compares them as signed."""
    program = generate_openmp(analyze_source(SIGNEDNESS_THROUGH_THE_FILE, "signs.c"))
    reasons = {loop.line: why for loop, why in program.sequential}
    assert "`un` in its bound `un` is unsigned" in reasons.get(14, ""), reasons
    assert not {16, 17, 18, 19} & reasons.keys(), reasons
    same_output_at_threads(tmp_path, SIGNEDNESS_THROUGH_THE_FILE, program.source, ("1", "2", "3"))


def test_a_start_below_0_against_an_unsigned_bound_keeps_the_loop_sequential(tmp_path: Path) -> None:
    """Review: OpenMP counts in the index's type, so from -1 below an unsigned bound (a macro `300000u`, a
    struct member, a variable) it ran every iteration where C runs none; an unsigned index started from a
    negative int started at -1 (C: a huge value, zero trips). A bound whose signedness cannot be told is
    refused too; a signed cast makes it signed."""
    program = generate_openmp(analyze_source(MIXED_SIGNS, "mixed.c"))
    reasons = {loop.line: why for loop, why in program.sequential}
    assert "`LEN` in its bound `LEN` is unsigned" in reasons[11], reasons
    assert "`C.n` in its bound `C.n` is unsigned" in reasons[13], reasons  # the file's struct says so
    assert "`k` in its bound `k` is unsigned" in reasons[15], reasons
    assert "`u` is unsigned and `s` in its start `s` is signed" in reasons[18], reasons
    assert "`lims` in its bound `lims[0]` is unsigned" in reasons[22], reasons
    from seq2par.generators.plan import _signedness

    report = analyze_source(MIXED_SIGNS, "mixed.c")
    main = report.program.functions["main"]
    assert _signedness(report.program, main, "ext_limit(s)") == (None, "ext_limit")  # not in the file
    assert _signedness(report.program, main, "(size_t)s + k")[0] == "u64"
    assert 20 not in reasons and "for (int i = s; i < (long)C.n; i++)" in program.source
    same_output_at_threads(tmp_path, MIXED_SIGNS, program.source, ("1", "2", "3"))


ZERO_TRIP_NEST = r"""
#include <stdio.h>
#define W 200000
#define N 300000
double img[4][W];
double a[N];
int main(int argc, char **argv) {
    int n = argc + 3;  /* 4 */
    int m = argc - 4;  /* -3: the inner loop runs zero times */
    int c = 99, p = 99;
    for (c = 0; c < n; c++)
        for (p = 0; p < m; p++)
            img[c][p] = c * 1.5 + p;
    printf("c=%d p=%d\n", c, p);
    for (int k = 0; k < N; k++)
        a[k] = (double)((k * 7919L) % 1000);
    double best = -1;
    int bi = -1, i = -5, s = N - 1 + argc;  /* N: zero trips */
    for (i = s; i < N; i++)
        if (a[i] > best) { best = a[i]; bi = i; }
    printf("i=%d best=%f bi=%d\n", i, best, bi);
    i = -5;
    if (argc < 0)  /* false: the region (with its guard) is this unbraced `if`'s body */
        for (i = s; i < N; i++)
            if (a[i] > best) { best = a[i]; bi = i; }
    printf("i=%d\n", i);
    return 0;
}
"""


def test_indices_of_loops_that_run_zero_times_keep_the_sequential_value(tmp_path: Path) -> None:
    """Review: an inner loop under `simd lastprivate(p)` that ran zero times assigned nothing, and the outer
    loop's lastprivate copied out p = 99 (or garbage) where the sequential nest leaves 0; a maximum kept
    with its index (`omp parallel` + `critical`) left i = -5 where the sequential loop leaves its start."""
    program = generate_openmp(analyze_source(ZERO_TRIP_NEST, "zero.c"))
    assert "#pragma omp simd lastprivate(p)" in program.source and "#pragma omp critical" in program.source
    output = same_output_at_threads(tmp_path, ZERO_TRIP_NEST, program.source, ("1", "2", "3"))
    assert output == "c=4 p=0\ni=300000 best=-1.000000 bi=-1\ni=-5\n", output


def test_an_index_that_outlives_a_loop_with_a_call_in_its_bound_gets_the_right_reason() -> None:
    """Review: `for (i = 0; i < strlen(s); i++)` with i used after it was refused for "a step other than 1"."""
    source = ("#include <stdio.h>\n#include <string.h>\nchar s[300001];\nint out[300000];\n"
              "int main(void) {\n    int i;\n    memset(s, 'x', 300000);\n"
              "    for (i = 0; i < strlen(s); i++) out[i] = s[i] * 2;\n    printf(\"%d %d\\n\", i, out[5]);\n"
              "    return 0;\n}\n")
    with pytest.raises(TransformationError, match=r"line 8: .* is not expressed for a start or bound that is "
                                                  r"not affine \(`strlen\(s\)`\)"):
        generate_openmp(analyze_source(source, "len.c"))


def test_clauses_come_from_the_analysis() -> None:
    program = generate_openmp(analyze_source(PROGRAM, "p.c"))
    pragmas = [p.pragma for p in program.parallel]
    assert len(pragmas) == 3, pragmas  # the 300-iteration sum is too small for a parallel region
    main_loop = pragmas[1]
    # a min of a real number: seq2par's declared reduction, which keeps a NaN the loop starts from
    assert "reduction(+: s, hist)" in main_loop and "reduction(s2p_min_double: lo)" in main_loop, main_loop
    assert "lastprivate(last, t)" in main_loop, main_loop
    # `i`: the next loop's `i = 0` writes it before anything reads it, so no exit value is needed (the
    # printf reads the value of the last loop, which stays sequential)
    assert " i" not in main_loop.split("lastprivate(")[1] and "lastprivate(i" not in main_loop, main_loop
    assert "schedule(static, 1)" in pragmas[2]  # triangular: j <= i
    # nothing but pragma lines was added (and the braces that keep `#pragma omp simd` with the unbraced inner
    # loop of the triangle)
    added = [line for line in program.source.splitlines() if line not in PROGRAM.splitlines()]
    assert all(line.strip().startswith("#pragma omp ") or line.strip() in "{}" for line in added), added
    assert sum(line.strip() == "#pragma omp simd" for line in added) == 1, added  # j: read by nothing after


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_the_program_prints_what_the_original_prints(tmp_path: Path) -> None:
    same_output_at_threads(tmp_path, PROGRAM, generate_openmp(analyze_source(PROGRAM, "p.c")).source, ("1", "2", "3"))


MINLOC = r"""
#include <stdio.h>
#define N 300000
double x[N];
int argmin(int n, double start, int at) {
    double v = start;
    int best = at;
    for (int i = 1; i < n; i++)
        if (x[i] < v) {
            v = x[i];
            best = i;
        }
    return best;
}
long argmax(int n) {
    double v = -1.0;
    long best = -7;
    for (int i = 0; i < n; i++) {
        double d = x[i] * 2.0;
        if (d > v) { v = d; best = i; }
    }
    return best;
}
int main(void) {
    for (int i = 0; i < N; i++) x[i] = (double) ((i * 37) % 1000);  /* every value 300 times */
    printf("%d %d %d %ld\n", argmin(N, 1e30, -1), argmin(N, -5.0, 42), argmin(N, 0.0, 3), argmax(N));
    return 0;
}
"""


def test_minloc_runs_in_threads_and_keeps_the_first_of_equal_values(tmp_path: Path) -> None:
    program = generate_openmp(analyze_source(MINLOC, "m.c"))
    regions = [p for p in program.parallel if p.after]
    assert len(regions) == 2, [p.describe() for p in program.parallel]
    assert all("firstprivate(v, best)" in p.describe() and "simd" not in p.pragma for p in regions)
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    expected = same_output_at_threads(tmp_path, MINLOC, program.source, ("1", "2", "3", "7"))
    assert expected.split()[1:3] == ["42", "3"]  # nothing below the start value: the start index stays


def test_what_openmp_cannot_express_stays_sequential() -> None:
    source = """
double x[100000];
int argmin_last(int n) {
    int best = 0; double v = x[0];
    for (int i = 1; i < n; i++) if (x[i] <= v) { v = x[i]; best = i; }
    return best;
}
"""
    with pytest.raises(TransformationError, match="last of equal values"):
        generate_openmp(analyze_source(source, "m.c"))


def test_innermost_loops_without_array_reductions_get_simd() -> None:
    program = generate_openmp(analyze_source(PROGRAM, "p.c"))
    by_line = {p.loop.line: p.pragma for p in program.parallel}
    assert by_line[8].startswith("#pragma omp parallel for simd")  # a map without inner loops
    assert "simd" not in by_line[12]  # an array reduction into hist: one copy per lane
    assert "simd" not in by_line[19]  # a nest: the lanes would be the outer loop's...
    (nest,) = [p for p in program.parallel if p.loop.line == 19]
    assert [(loop.line, pragma) for loop, pragma in nest.inner] == [(20, "#pragma omp simd")]


def test_small_loops_and_loops_in_unbraced_bodies() -> None:
    source = """
double a[100000], c[4];
void f(int n, int flag) {
    for (int k = 0; k < 4; k++) c[k] = 0.0;
    if (flag)
        for (int i = 0; i < n; i++) a[i] = i * 0.5;
}
"""
    program = generate_openmp(analyze_source(source, "u.c"))
    assert [p.loop.line for p in program.parallel] == [6]  # the 4-iteration loop is not worth a region
    assert any("too little work" in why for _, why in program.sequential)
    # the pragma and its loop stay one statement under the unbraced if
    tree_text = program.source
    assert "if (flag)\n        {\n        #pragma omp parallel for" in tree_text
    assert not analyze_source(tree_text, "u.omp.c").parse_errors


def test_read_only_scalars_are_firstprivate_and_containers_are_not() -> None:
    source = """
#include <vector>
void axpy(std::vector<double> &y, const std::vector<double> &x, double alpha, int n, const int *w) {
    std::vector<double> table(16, 1.0);
    double scale = 2.0;
    int touched = 0;
    for (int i = 0; i < n; i++) {
        double t = alpha * x[i] * table[i % 16];
        y[i] = t * scale + w[i];
        touched = i;
    }
    y[0] += touched;
}
"""
    (plan,) = generate_openmp(analyze_source(source, "a.cpp")).parallel
    listed = [name for clause in plan.pragma.split("firstprivate(")[1:] for name in clause.split(")")[0].split(", ")]
    # not the vectors, t or i; `touched` (lastprivate) is also firstprivate since the loop may run zero times
    assert sorted(listed) == ["alpha", "n", "scale", "touched", "w"], plan.pragma


GEMM_LIKE = r"""
#include <stdio.h>
#define N 300
double A[N][N], B[N][N], C[N][N];
int main(void) {
    int i, j, k;
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++) {
            A[i][j] = (i * j % 7) * 0.5;
            B[i][j] = (i + j) % 5 - 2.0;
        }
    for (i = 0; i < N; i++)
        for (j = 0; j < N; j++) {
            C[i][j] = 0.0;
            for (k = 0; k < N; k++)
                C[i][j] += A[i][k] * B[k][j];
        }
    double s = 0.0;
    for (i = 0; i < N; i++)
        s += C[i][i] + C[i][N - 1 - i];
    printf("%.6f\n", s);
    return 0;
}
"""


def test_column_walks_are_interchanged_and_the_new_inner_loop_is_simd(tmp_path: Path) -> None:
    program = generate_openmp(analyze_source(GEMM_LIKE, "g.c"))
    (product,) = [p for p in program.parallel if p.loop.line == 12]
    assert [(j.var, k.var) for j, k in product.swaps] == [("j", "k")]
    assert "j/k loops interchanged" in product.describe()
    lines = [line.strip() for line in program.source.splitlines()]
    at = lines.index("for (k = 0; k < N; k++)")
    assert lines[at + 1:at + 3] == ["#pragma omp simd", "for (j = 0; j < N; j++)"], lines[at - 4:at + 4]
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    same_output_at_threads(tmp_path, GEMM_LIKE, program.source, ("1", "2", "3"))


LAST_MATCH = r"""
#include <stdio.h>
#define N 200000
int x[N];
int main(void) {
    for (int i = 0; i < N; i++) x[i] = (i * 7919) % 1000;
    int last = -5, none = -7;
    double value = 0.0;
    for (int i = 0; i < N; i++) {
        if (x[i] == 3) {
            last = i;
            value = x[i] * 0.5 + i;
        }
        if (x[i] > 5000) none = i;  /* never true: the value before the loop stays */
    }
    printf("%d %d %.1f\n", last, none, value);
    return 0;
}
"""


def test_last_match_is_lastprivate_conditional_and_runs(tmp_path: Path) -> None:
    program = generate_openmp(analyze_source(LAST_MATCH, "l.c"))
    (search,) = [p for p in program.parallel if p.loop.line == 9]
    assert "lastprivate(conditional: last, none, value)" in search.pragma and "simd" not in search.pragma
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    expected = same_output_at_threads(tmp_path, LAST_MATCH, program.source, ("1", "2", "3", "7"))
    assert expected.split()[1] == "-7"


def test_no_simd_on_loops_that_call_libm_or_reduce_integers() -> None:
    source = """
#include <math.h>
double x[100000], y[100000], z[100000];
long count;
void f(int n) {
    for (int i = 0; i < n; i++) y[i] = sin(x[i]);
    for (int i = 0; i < n; i++) z[i] = fabs(x[i]) + y[i];
    double s = 0.0;
    for (int i = 0; i < n; i++) s += x[i] * y[i];
    long c = 0;
    for (int i = 0; i < n; i++) if (x[i] > 0.5) c++;
    z[0] = s;
    count = c;
}
"""
    program = generate_openmp(analyze_source(source, "s.c"))
    simd = {p.loop.line: "simd" in p.pragma for p in program.parallel}
    assert simd == {6: False, 7: True, 9: True, 11: False}, [p.pragma for p in program.parallel]


MATVEC = r"""
#include <stdio.h>
#include <stdlib.h>
static double helper(double v) { return v > 0.0 ? v : 0.0; }
static void kernel(int n, int m, double A[n][m], double x[m], double y[n], double z[n], int count[n]) {
    int i, j;
    for (i = 0; i < n; i++) {
        y[i] = 0.0;
        z[i] = 1.0;
        count[i] = 0;
        for (j = 0; j < m; j++) {
            y[i] = y[i] + A[i][j] * x[j];
            if (A[i][j] > x[j]) count[i]++;
        }
        for (j = 0; j < m; j++)
            z[i] += helper(A[i][j] - x[j]);  /* a call of the file's own: z[i] stays in memory */
    }
}
int main(void) {
    int n = 300, m = 200;
    double (*A)[200] = malloc(sizeof(double[300][200]));
    double *x = malloc(m * sizeof(double)), *y = malloc(n * sizeof(double)), *z = malloc(n * sizeof(double));
    int *count = malloc(n * sizeof(int));
    for (int i = 0; i < n; i++)
        for (int j = 0; j < m; j++) A[i][j] = ((i * 31 + j * 17) % 101) / 7.0;
    for (int j = 0; j < m; j++) x[j] = (j % 13) / 3.0;
    kernel(n, m, A, x, y, z, count);
    for (int i = 0; i < n; i++) printf("%.17g %.17g %d\n", y[i], z[i], count[i]);  /* every bit */
    return 0;
}
"""


def test_an_element_updated_across_an_inner_loop_is_held_in_a_local(tmp_path: Path) -> None:
    """gcc cannot tell the arrays apart inside the outlined parallel region and would store and reload y[i]
    on every j (PolyBench gesummv: 0.64x at 2 threads); the analysis can, so y[i] is held in a local."""
    program = generate_openmp(analyze_source(MATVEC, "m.c"))
    (rows,) = [p for p in program.parallel if p.loop.function == "kernel"]
    assert sorted((acc.element, acc.name, acc.c_type) for acc in rows.held) == [
        ("count[i]", "count_i", "int"), ("y[i]", "y_i", "double")]  # z[i] is passed near a call: kept
    assert "y[i] held in `y_i`" in rows.describe()
    lines = [line.strip() for line in program.source.splitlines()]
    at = lines.index("for (j = 0; j < m; j++) {")
    assert lines[at - 3:at] == ["{", "int count_i = count[i];", "double y_i = y[i];"], lines[at - 4:at]
    assert lines[at + 1:at + 3] == ["y_i = y_i + A[i][j] * x[j];", "if (A[i][j] > x[j]) count_i++;"]
    assert lines[at + 4:at + 9] == ["count[i] = count_i;", "y[i] = y_i;", "}", "for (j = 0; j < m; j++)",
                                    "z[i] += helper(A[i][j] - x[j]);  /* a call of the file's own: z[i] stays in "
                                    "memory */"], lines[at + 3:at + 9]
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    same_output_at_threads(tmp_path, MATVEC, program.source, ("1", "2", "3"))


def test_no_local_for_an_element_another_pointer_may_reach() -> None:
    """The same kernel called once with y and x the same array: x[j] may be y[i], so y[i] must stay in memory.
    The i loop itself is still parallel only where the analysis proves it; nothing is held either way."""
    aliased = MATVEC.replace("kernel(n, m, A, x, y, z, count);", "kernel(n, m, A, x, y, z, count);\n"
                             "    kernel(n, m, A, y, y, z, count);")
    report = analyze_source(aliased, "m.c")
    fn = report.program.functions["kernel"]
    assert not report.program_analysis.distinct_objects(fn, "y", "x")
    assert report.program_analysis.distinct_objects(fn, "y", "A")
    assert report.program_analysis.distinct_objects(fn, "count", "x")  # int and double: C's aliasing rule
    try:
        program = generate_openmp(report)
    except TransformationError:
        return
    assert all(acc.element != "y[i]" for plan in program.parallel for acc in plan.held)


def test_distinct_objects_follows_storage_and_call_sites() -> None:
    source = """
#include <stdlib.h>
#include <vector>
double g[100];
double *gp;
void k(double *a, double *b, double *c, std::vector<double> v, const std::vector<double> &w) {
    double local[10];
    double *fresh = (double *)malloc(80);
    double *alias = a + 1;
    for (int i = 0; i < 10; i++) local[i] = fresh[i] + alias[i] + a[i] + b[i] + c[i] + v[i] + w[i] + g[i] + gp[i];
}
int main() {
    double x[10], y[10];
    std::vector<double> v(10);
    gp = x;
    k(x, y, g, v, v);
    k(y, x, g, v, v);
}
"""
    report = analyze_source(source, "d.cpp")
    fn = report.program.functions["k"]
    apart = report.program_analysis.distinct_objects
    assert apart(fn, "a", "b") and apart(fn, "local", "a") and apart(fn, "fresh", "local")
    assert apart(fn, "v", "w")  # v is a copy
    assert not apart(fn, "alias", "a") and not apart(fn, "a", "gp") and not apart(fn, "a", "a")
    assert not apart(fn, "c", "g")  # c is g at every call
    assert apart(fn, "a", "g")


DOT_PRODUCTS = r"""
#include <stdio.h>
#include <stdlib.h>
static void product(int n, double A[n][n], double B[n][n], double C[n][n]) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double sum = 0.0;
            for (int k = 0; k < n; k++)
                sum += A[i][k] * B[k][j];
            C[i][j] = sum;
        }
}
static void narrow(int n, double A[n][n], double B[n][n], double C[n][n]) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            float sum = 0.0f;  /* rounded to float on every step: C's doubles would not be */
            for (int k = 0; k < n; k++)
                sum += A[i][k] * B[k][j];
            C[i][j] = sum;
        }
}
int main(void) {
    int n = 150;
    double (*A)[150] = malloc(sizeof(double[150][150])), (*B)[150] = malloc(sizeof(double[150][150]));
    double (*C)[150] = malloc(sizeof(double[150][150])), (*D)[150] = malloc(sizeof(double[150][150]));
    double (*E)[150] = malloc(sizeof(double[150][150])), (*F)[150] = malloc(sizeof(double[150][150]));
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            A[i][j] = ((i * 7 + j * 3) % 23) / 9.0;
            B[i][j] = ((i * 5 + j * 11) % 19) / 7.0;
            E[i][j] = (i * 7 + j * 3) % 23;  /* whole numbers: float sums exact in any order */
            F[i][j] = (i * 5 + j * 11) % 19;
        }
    product(n, A, B, C);
    narrow(n, E, F, D);
    for (int i = 0; i < n; i += 7)
        printf("%.17g %.17g\n", C[i][(i * 3) % n], D[i][(i * 5) % n]);
    return 0;
}
"""


def test_a_dot_product_down_a_column_becomes_row_updates(tmp_path: Path) -> None:
    """`sum += A[i][k] * B[k][j]` walks B down a column; accumulated in C[i][j] in k-then-j order, the inner
    loop runs along B's rows (ParEval gemm: 0.26x -> 1.56x against its best sequential code)."""
    program = generate_openmp(analyze_source(DOT_PRODUCTS, "d.c"))
    by_function = {p.loop.function: p for p in program.parallel}
    assert [(j.var, k.var, element, init) for j, k, element, init, _ in by_function["product"].dots] == [
        ("j", "k", "C[i][j]", "0.0")]
    assert by_function["narrow"].dots == ()  # float sum, double C: not the same additions
    lines = [line.strip() for line in program.source.splitlines()]
    at = lines.index("C[i][j] = 0.0;")
    # the j loop was the unbraced body of the i loop: the two loops that replace it are braced
    assert lines[at - 1:at + 5] == ["{ for (int j = 0; j < n; j++)", "C[i][j] = 0.0;", "for (int k = 0; k < n; k++)",
                                    "#pragma omp simd", "for (int j = 0; j < n; j++)",
                                    "C[i][j] += A[i][k] * B[k][j];"], lines[at - 2:at + 6]
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    same_output_at_threads(tmp_path, DOT_PRODUCTS, program.source, ("1", "2", "3"))


def test_no_row_updates_when_the_result_may_be_an_input() -> None:
    aliased = DOT_PRODUCTS.replace("product(n, A, B, C);", "product(n, A, B, C);\n    product(n, A, B, B);")
    report = analyze_source(aliased, "d.c")
    try:
        program = generate_openmp(report)
    except TransformationError:
        return
    assert all(plan.dots == () for plan in program.parallel)


RANK_UPDATE = r"""
#include <stdio.h>
#include <stdlib.h>
#define M 120
static void rank_update(int n, int m, double C[n][n], double A[n][m]) {
    for (int i = 0; i < n; i++)
        for (int k = 0; k < M; k++)  /* at least one k: C[i][j] is reached whatever n is */
            for (int j = 0; j <= i; j++)
                C[i][j] += 1.5 * A[i][k] * A[j][k];
}
int main(void) {
    int n = 160, m = 120;
    double (*C)[160] = calloc(1, sizeof(double[160][160])), (*A)[120] = malloc(sizeof(double[160][120]));
    for (int i = 0; i < n; i++)
        for (int k = 0; k < m; k++) A[i][k] = ((i * 13 + k * 7) % 29) / 11.0;
    rank_update(n, m, C, A);
    for (int i = 0; i < n; i += 9)
        printf("%.17g\n", C[i][i / 2]);
    return 0;
}
"""


def test_interchanged_rank_update_holds_its_element_across_the_new_inner_loop(tmp_path: Path) -> None:
    """`for k for j C[i][j] += A[i][k]*A[j][k]` (syrk) walks A down a column; as `for j for k` it updates
    one element per j, held in a local (PolyBench syrk at 2 threads: 0.30-0.35 s -> 0.29 s, MPI 0.30 s)."""
    program = generate_openmp(analyze_source(RANK_UPDATE, "r.c"))
    (plan,) = [p for p in program.parallel if p.loop.function == "rank_update"]
    assert [(j.var, k.var) for j, k in plan.swaps] == [("j", "k")]
    assert [(acc.element, acc.name) for acc in plan.swap_held] == [("C[i][j]", "C_i_j")]
    lines = [line.strip() for line in program.source.splitlines()]
    at = lines.index("double C_i_j = C[i][j];")
    # a sum into one local: in SIMD lanes
    assert lines[at - 1:at + 6] == ["for (int j = 0; j <= i; j++) {", "double C_i_j = C[i][j];",
                                    "#pragma omp simd reduction(+:C_i_j)",
                                    "for (int k = 0; k < M; k++)  /* at least one k: C[i][j] is reached whatever "
                                    "n is */",
                                    "C_i_j += 1.5 * A[i][k] * A[j][k];",
                                    "C[i][j] = C_i_j;", "}"], lines[at - 2:at + 6]
    # with `k < m` the k loop may run zero times: held only where it runs (else the element is not touched)
    guarded = RANK_UPDATE.replace("k < M;", "k < m;")
    other = generate_openmp(analyze_source(guarded, "r.c"))
    (plan,) = [p for p in other.parallel if p.loop.function == "rank_update"]
    assert [(acc.element, acc.guard) for acc in plan.swap_held] == [("C[i][j]", "(0) < (m)")]
    lines = [line.strip() for line in other.source.splitlines()]
    at = lines.index("double C_i_j = C[i][j];")
    assert lines[at - 2:at] == ["if ((0) < (m)) {  /* the k loop runs */", "for (int j = 0; j <= i; j++) {"]
    assert lines[at + 4:at + 7] == ["C[i][j] = C_i_j;", "}", "}"]
    # a product is not a sum: held, not in lanes
    product = generate_openmp(analyze_source(RANK_UPDATE.replace("C[i][j] += 1.5 *", "C[i][j] *= 1.5 +"), "r.c"))
    (plan,) = [p for p in product.parallel if p.loop.function == "rank_update"]
    assert [(acc.element, acc.simd) for acc in plan.swap_held] == [("C[i][j]", "")]
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    # partial sums per lane round differently from the one sum: equal within 1e-14, not bit for bit
    same_output_at_threads(tmp_path, RANK_UPDATE, program.source, ("1", "2", "3"), rtol=1e-14)
    same_output_at_threads(tmp_path, guarded, other.source, ("1", "2", "3"), rtol=1e-14)


CLAMP = r"""
#include <stdio.h>
#define N 100000
double x[N], y[N];
int calls;
static double noisy(int i) { calls++; return i * 0.5; }
int main(void) {
    for (int i = 0; i < N; i++) {
        x[i] = ((i * 7919) % 1001 - 500) / 3.0;
        y[i] = x[i];
    }
    for (int i = 0; i < N; i++)
        if (x[i] < 0)
            x[i] = 0;
    for (int i = 0; i < N; i++) {
        if (y[i] > 100.0) { y[i] = 100.0 + (y[i] - 100.0) * 0.5; }
    }
    for (int i = 0; i < N; i++)
        if (y[i] < -100.0) y[i] = noisy(i);  /* a call with an effect: stays a branch */
    for (int i = 0; i < N; i += 997) printf("%.17g %.17g\n", x[i], y[i]);
    printf("%d\n", calls);
    return 0;
}
"""


def test_conditional_stores_in_simd_loops_become_selects(tmp_path: Path) -> None:
    """A store to the iteration's own element under a condition would keep gcc from vectorizing (it may not
    store elements the program leaves alone); in a loop proven parallel, storing the old value back is
    harmless, and the select vectorizes (ParEval ReLU 0.14x against its best sequential code before)."""
    program = generate_openmp(analyze_source(CLAMP, "c.c"))
    lines = [line.strip() for line in program.source.splitlines()]
    assert "x[i] = (x[i] < 0) ? (0) : x[i];" in lines
    assert "y[i] = (y[i] > 100.0) ? (100.0 + (y[i] - 100.0) * 0.5) : y[i];" in lines
    assert "if (y[i] < -100.0) y[i] = noisy(i);  /* a call with an effect: stays a branch */" in lines
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    same_output_at_threads(tmp_path, CLAMP, program.source, ("1", "2", "3"))


def test_rewrites_stay_away_from_guards_macros_and_hidden_uses() -> None:
    """Each rewrite must see every use of what it moves: a bounds guard stays a branch (the element may not
    exist), a sum read inside its own term stays a dot product, an element a macro also updates stays in
    memory."""
    source = r"""
#define BUMP(v) tmp[i] += (v)
double x[5000], y[5000], A[300][300], B[300][300], C[300][300], tmp[300];
void guards(int m, int n) {
    for (int i = 0; i < m; i++)
        if (i < n) x[i] = 0.0;
    for (int i = 0; i < m; i++)
        if (i < n && y[i] < 0.0) y[i] = 0.0;
}
void self_term(int n) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < n; j++) {
            double sum = 0.0;
            for (int k = 0; k < n; k++)
                sum += A[i][k] * B[k][j] + sum * 0.5;
            C[i][j] = sum;
        }
}
void hidden(int n) {
    for (int i = 0; i < n; i++) {
        tmp[i] = 0.0;
        for (int j = 0; j < n; j++) {
            tmp[i] = tmp[i] + A[i][j];
            BUMP(B[i][j]);
        }
    }
}
"""
    program = generate_openmp(analyze_source(source, "g.c"))
    lines = [line.strip() for line in program.source.splitlines()]
    assert "if (i < n) x[i] = 0.0;" in lines and "if (i < n && y[i] < 0.0) y[i] = 0.0;" in lines
    by_function = {p.loop.function: p for p in program.parallel}
    assert by_function["self_term"].dots == ()
    assert by_function["hidden"].held == ()
    assert "tmp[i] = tmp[i] + A[i][j];" in lines


def test_held_elements_and_selects_found_wrong_by_review_stay_as_written() -> None:
    """Four shapes a review found: an element whose subscript changes through a reference, an element the
    inner loop may never reach (zero trips: holding it would load and store memory the program never
    touches, so it is held only under a guard that the loop runs), an integer element that a select would
    pass through double, and an element touched beside the loop (held)."""
    source = r"""
double A[64][64], x[64], tmp[64], out[8];
int cnt[1 << 16];
long long big[4096];
void through_reference(void) {
    for (int i = 0; i < 64; i++) {
        int k = 0;
        int &r = k;
        for (int j = 0; j < 64; j++) {
            tmp[i * 0 + k] = tmp[i * 0 + k] + A[i][j] * x[j];
            r = (j > 30);
        }
    }
}
void zero_trips(int n) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < cnt[i]; j++)
            out[i] = out[i] + x[j];
}
void touched(int n) {
    for (int i = 0; i < n; i++) {
        out[i] = 0.0;
        for (int j = 0; j < cnt[i]; j++)
            out[i] = out[i] + x[j];
    }
}
void widening(void) {
    for (int i = 0; i < 4096; i++)
        if (big[i] < 0) big[i] = 0.5;
    for (int i = 0; i < 4096; i++)
        if (big[i] > 100) big[i] = 100;
}
"""
    report = analyze_source(source, "r.cpp")
    program = generate_openmp(report)
    held = {p.loop.function: [acc.element for acc in p.held] for p in program.parallel}
    assert held.get("through_reference", []) == []
    assert held["touched"] == ["out[i]"] and held["zero_trips"] == ["out[i]"]
    guards = {p.loop.function: [acc.guard for acc in p.held] for p in program.parallel}
    assert guards["touched"] == [""] and guards["zero_trips"] == ["(0) < (cnt[i])"]
    lines = [line.strip() for line in program.source.splitlines()]
    at = lines.index("if ((0) < (cnt[i])) {  /* the j loop runs */")
    assert lines[at + 1:at + 6] == ["double out_i = out[i];", "#pragma omp simd reduction(+:out_i)",
                                    "for (int j = 0; j < cnt[i]; j++)", "out_i = out_i + x[j];",
                                    "out[i] = out_i;"], lines[at:at + 7]
    assert "if (big[i] < 0) big[i] = 0.5;" in lines  # 9007199254740995 would come back ...996
    assert "big[i] = (big[i] > 100) ? (100) : big[i];" in lines


TRANSPOSED = r"""
#include <stdio.h>
static void products(int n, int m, double A[m][n], double C[n][m], double x[n], double y[m], double z[n])
{
    int i, j;
    for (i = 0; i < n; i++)             /* A walked down a column: each thread keeps its block of i */
        for (j = 0; j < m; j++)
            x[i] = x[i] + A[j][i] * y[j] + C[i][0];
    for (i = 0; i < n; i++)             /* already along rows: left as written */
        for (j = 0; j < m; j++)
            z[i] += C[i][j] * y[j];
    printf("after: %d\n", i);
}

static void kept(int n, int m, double B[m][n], double x[n], double y[m])
{
    int i, j;
    for (i = 0; i < n; i++)             /* triangular: the inner bounds move with i */
        for (j = i; j < m; j++)
            x[i] += B[j][i];
    for (i = 0; i < n; i++) {           /* not a perfect nest */
        x[i] *= 0.5;
        for (j = 0; j < m; j++)
            x[i] += B[j][i] * y[j];
    }
}

static double A[400][300], B[400][300], C[300][400], x[300], y[400], z[300];

int main(void)
{
    for (int r = 0; r < 400; r++) {
        y[r] = (r % 7) * 0.125;
        for (int c = 0; c < 300; c++) {
            B[r][c] = ((r * 31 + c * 17) % 23) / 23.0;
            A[r][c] = ((r + 3 * c) % 11) / 11.0;
            C[c][r] = ((r + 5 * c) % 13) / 13.0;
        }
    }
    products(300, 400, A, C, x, y, z);
    products(300, 0, A, C, x, y, z);    /* the inner loop runs zero times: i still ends at n */
    kept(300, 400, B, x, y);
    double s = 0.0;
    for (int k = 0; k < 300; k++) s += x[k] * (k + 1) + z[k];
    printf("%.17g\n", s);
    return 0;
}
"""


def test_a_column_walk_of_the_parallel_loop_runs_inside_each_threads_block(tmp_path: Path) -> None:
    program = generate_openmp(analyze_source(TRANSPOSED, "t.c"))
    swapped = {p.loop.line: p.block_swap.var for p in program.parallel if p.block_swap is not None}
    assert swapped == {6: "j"}, [p.describe() for p in program.parallel]
    text = program.source
    lines = [line.split("/*")[0].strip() for line in text.splitlines()]
    at = lines.index("for (i = s2p_lo; i < s2p_hi; i++)")
    # each thread's block of i, the same at every j, walked in SIMD lanes (x[i] is read and written at one
    # place, so no two lanes touch a common element whatever the block)
    assert lines[at - 7:at + 2] == [
        "#pragma omp parallel private(j, i) firstprivate(n, m)", "{", "long s2p_lo, s2p_hi;",
        "s2p_thread_block((long)(0), (long)(n), &s2p_lo, &s2p_hi);", "for (j = 0; j < m; j++)", "{",
        "#pragma omp simd", "for (i = s2p_lo; i < s2p_hi; i++)", "x[i] = x[i] + A[j][i] * y[j] + C[i][0];"], \
        lines[at - 8:at + 4]
    assert text.startswith(THREAD_BLOCK) and text.count("s2p_thread_block(") == 2
    assert _check_codes(text) == []
    assert "i = (0L) < (n) ? (n) : (0L);" in text
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    expected = same_output_at_threads(tmp_path, TRANSPOSED, text, ("1", "2", "3"))
    assert expected.count("after: 300") == 2


COLUMN_NESTS = r"""
#include <stdio.h>
static void triangle(int m, int n, double A[m][m], double B[m][n])
{
    int i, j = -1, k;
    for (i = 0; i < m; i++)             /* every dependence i carries stays in column j */
        for (j = 0; j < n; j++) {
            for (k = i + 1; k < m; k++)
                B[i][j] += A[k][i] * B[k][j];
            B[i][j] = 0.5 * B[i][j];
        }
    printf("triangle leaves %d %d\n", i, j);
}

static void shifted(int m, int n, double B[m][n], double C[m][n])
{
    int i, j;
    for (i = 1; i < m; i++)             /* C[i - 1][j + 1]: a neighbour's column */
        for (j = 0; j < n - 1; j++) {
            double s = 0.0;
            for (int q = 1; q < 4; q++)
                s += B[i][j] / q;
            C[i][j] = 0.5 * C[i - 1][j + 1] + s;
        }
    printf("shifted leaves %d %d\n", i, j);
}

static double A[300][300], B[300][400], C[300][400];

int main(void)
{
    for (int r = 0; r < 300; r++)
        for (int c = 0; c < 400; c++) {
            B[r][c] = ((r * 7 + c * 3) % 19) / 19.0;
            C[r][c] = ((r + c) % 5) / 5.0;
            if (c < 300) A[r][c] = ((r * c) % 11) / 110.0;
        }
    triangle(300, 400, A, B);
    triangle(0, 400, A, B);             /* the outer loop runs zero times: j keeps its value */
    shifted(300, 400, B, C);
    for (int r = 0; r < 300; r += 23)
        printf("%.17g %.17g\n", B[r][(r * 13) % 400], C[r][(r * 7) % 400]);
    return 0;
}
"""


def test_a_column_nest_runs_in_one_region_each_thread_keeping_its_columns(tmp_path: Path) -> None:
    program = generate_openmp(analyze_source(COLUMN_NESTS, "c.c"))
    plans = {p.loop.function: p for p in program.parallel}
    assert plans["triangle"].around is not None and plans["triangle"].around.line == 6, plans["triangle"].describe()
    assert "each thread keeps its columns" in plans["triangle"].describe()
    assert plans["shifted"].around is None and plans["shifted"].pragma.startswith("#pragma omp parallel for")
    text = program.source
    assert "#pragma omp parallel private(i, k)" in text and text.count("#pragma omp for schedule(static) nowait") == 1
    assert "i = (0L) < (m) ? (m) : (0L);\n    if (i != (0L)) j = (0L) < (n) ? (n) : (0L);" in text
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    expected = same_output_at_threads(tmp_path, COLUMN_NESTS, text, ("1", "2", "3"))
    assert "triangle leaves 300 400" in expected and "triangle leaves 0 -1" in expected
    assert "shifted leaves 300 399" in expected


def test_no_interchange_of_the_parallel_loop_when_its_inner_loop_breaks() -> None:
    """`break` leaves the loop over j for one i; run as `for j for i`, it would leave the loop over i."""
    leaving = TRANSPOSED.replace("            x[i] = x[i] + A[j][i] * y[j] + C[i][0];",
                                 "        {   if (x[i] > 1e9) break;\n"
                                 "            x[i] = x[i] + A[j][i] * y[j] + C[i][0]; }")
    assert leaving != TRANSPOSED
    program = generate_openmp(analyze_source(leaving, "t.c"))
    plan = next(p for p in program.parallel if p.loop.line == 6)
    assert plan.block_swap is None and plan.pragma.startswith("#pragma omp parallel for"), plan.describe()


def test_a_column_nest_whose_outer_index_is_declared_in_its_header_keeps_a_region_per_iteration(
        tmp_path: Path) -> None:
    """`for (int i ...)` around `for (j ...)` with `j` declared before: after the nest, `j` must hold the
    sequential value only if the loop over i ran, which nothing outside that loop can tell. This raised
    "internal error: the exit value of `j`" for both targets."""
    from seq2par.generators.mpi import generate_mpi

    text = COLUMN_NESTS.replace("    int i, j = -1, k;\n    for (i = 0; i < m; i++)",
                                "    int j = -1, k, i = 0;\n    for (int i = 0; i < m; i++)")
    assert text != COLUMN_NESTS
    report = analyze_source(text, "c.c")
    program = generate_openmp(report)
    (plan,) = [p for p in program.parallel if p.loop.function == "triangle"]
    assert plan.around is None and plan.pragma.startswith("#pragma omp parallel for"), plan.describe()
    assert not any("columns" in p.describe() for p in generate_mpi(report).distributed)
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    assert "triangle leaves 0 400" in same_output_at_threads(tmp_path, text, program.source, ("1", "2", "3"))


SCRATCH = r"""
#include <stdio.h>
#include <stdlib.h>

/* a tensor contraction, one (r, q) row at a time through a scratch vector t */
static void contract(int nr, int nq, int np, double A[nr][nq][np], double C[np][np], double t[np])
{
  int r, q, p, s;
  for (r = 0; r < nr; r++)
    for (q = 0; q < nq; q++) {
      for (p = 0; p < np; p++) {
        t[p] = 0.0;
        for (s = 0; s < np; s++)
          t[p] += A[r][q][s] * C[s][p];
      }
      for (p = 0; p < np; p++)
        A[r][q][p] = t[p];
    }
}

int main(void)
{
  int nr = 40, nq = 30, np = 50;
  double (*A)[nq][np] = (double (*)[nq][np])calloc((size_t)nr * nq * np, sizeof(double));
  double (*C)[np] = (double (*)[np])calloc((size_t)np * np, sizeof(double));
  double *t = (double *)calloc((size_t)np, sizeof(double));
  for (int i = 0; i < nr; i++)
    for (int j = 0; j < nq; j++)
      for (int k = 0; k < np; k++)
        A[i][j][k] = (double)((i * j + k) % 11) / 11.0;
  for (int i = 0; i < np; i++)
    for (int j = 0; j < np; j++)
      C[i][j] = (double)(i * j % 7) / 7.0;
  contract(nr, nq, np, A, C, t);
  for (int i = 0; i < nr; i += 7)
    printf("%.15e %.15e\n", A[i][nq / 2][np / 3], A[i][nq - 1][np - 1]);
  free(t);
  free(A);
  free(C);
  return 0;
}
"""


def test_a_scratch_array_of_each_iteration_is_declared_in_the_loop_body(tmp_path: Path) -> None:
    """t is stored before it is read in every r iteration and main never reads it: the r loop runs in
    parallel, each iteration with a t of its own (a local array shadowing the parameter; `private(t)`
    would copy the pointer). Before, the loop was sequential (output dependence on t[p])."""
    report = analyze_source(SCRATCH, "scratch.c")
    program = generate_openmp(report)
    (outer,) = [plan for plan in program.parallel if plan.loop.function == "contract"]
    assert outer.loop.var == "r", outer.pragma
    assert "private(p, q, s)" in outer.pragma and "t" not in outer.pragma.split("firstprivate")[0].split("(")[-1]
    assert program.source.count("double t[np];  /* seq2par: this iteration's own scratch array") == 1
    same_output_at_threads(tmp_path, SCRATCH, program.source, ("1", "2", "3"))


def test_a_scratch_array_main_reads_keeps_the_loop_sequential() -> None:
    source = SCRATCH.replace("  free(t);\n", "  printf(\"%.15e\\n\", t[1]);\n  free(t);\n")
    program = generate_openmp(analyze_source(source, "scratch.c"))
    assert not [plan for plan in program.parallel if plan.loop.function == "contract" and plan.loop.var == "r"]


@pytest.mark.slow
def test_the_mpi_target_gives_each_rank_its_own_scratch_array(tmp_path: Path) -> None:
    """The same r loop distributed over ranks: each keeps its own t (declared in the loop body, so the
    compiler also knows it apart from A), only A's rows are gathered, and the output is the original's.
    The GPU target says why it leaves the loop alone."""
    from seq2par.generators.cuda import generate_cuda
    from seq2par.generators.mpi import generate_mpi
    from seq2par.validators import validate_mpi

    source, parallel = tmp_path / "scratch.c", tmp_path / "scratch.mpi.c"
    source.write_text(SCRATCH)
    report = analyze_source(SCRATCH, str(source))
    generated = generate_mpi(report)
    assert [p.loop.var for p in generated.distributed if p.loop.function == "contract"] == ["r"]
    assert generated.source.count("double t[np];  /* seq2par: this iteration's own scratch array") == 1
    assert "s2p_gather_rows(t" not in generated.source and "s2p_gather_rows(&t" not in generated.source
    parallel.write_text(generated.source)
    validation = validate_mpi(source, parallel, np_list=(2, 3), runs=1, timeout=120)
    assert validation.status == "equal", validation.message
    try:
        reasons = [why for loop, why in generate_cuda(report).sequential if loop.function == "contract"]
    except TransformationError as error:  # nothing offloaded at all: the reasons are in the message
        reasons = [str(error)]
    assert any("private arrays are not made per GPU thread" in why for why in reasons), reasons


UPDATE_THEN_TRANSPOSE = r"""
#include <stdio.h>
#include <stdlib.h>

/* scale the rows of M, then s = M^T w: the second nest walks M down its columns */
static void scaled_columns(int n, float M[n][n], float d[n], float w[n], float s[n])
{
  int r, c;
  for (r = 0; r < n; r++)
    for (c = 0; c < n; c++)
      M[r][c] = d[r] * M[r][c];
  for (c = 0; c < n; c++)
    for (r = 0; r < n; r++)
      s[c] = s[c] + M[r][c] * w[r];
}

int main(void)
{
  int n = 600;
  float (*M)[n] = (float (*)[n])malloc(sizeof(float) * (size_t)n * n);
  float *d = (float *)malloc(sizeof(float) * n), *w = (float *)malloc(sizeof(float) * n);
  float *s = (float *)calloc((size_t)n, sizeof(float));
  for (int r = 0; r < n; r++) {
    d[r] = 1.0f + (float)(r % 3);
    w[r] = (float)(r % 5) / 5.0f;
    for (int c = 0; c < n; c++)
      M[r][c] = (float)((r + 2 * c) % 7) / 7.0f;
  }
  scaled_columns(n, M, d, w, s);
  for (int c = 0; c < n; c += 60)
    printf("%.4e\n", (double)s[c]);
  free(M); free(d); free(w); free(s);
  return 0;
}
"""


def test_a_transposed_product_after_a_row_update_sums_over_the_rows_each_thread_wrote(tmp_path: Path) -> None:
    """The product runs over r (the rows the update just gave each thread), s reduced as an array section;
    it was run over each thread's block of c, taking half of every row of M."""
    program = generate_openmp(analyze_source(UPDATE_THEN_TRANSPOSE, "transpose.c"))
    kernel = program.source[program.source.index("static void scaled_columns"):program.source.index("int main")]
    assert "reduction(+: s[:" in kernel and "omp for schedule(static) nowait" not in kernel, kernel
    # the new inner loop over c in SIMD lanes: gcc -O2 leaves it scalar in the outlined region
    assert kernel.index("for (r = 0; r < n; r++)\n    #pragma omp simd\n    for (c = 0; c < n; c++)\n      s[c]") > 0
    same_output_at_threads(tmp_path, UPDATE_THEN_TRANSPOSE, program.source, ("1", "2", "3"))


def test_a_transposed_product_of_a_matrix_no_loop_wrote_keeps_each_threads_block() -> None:
    source = UPDATE_THEN_TRANSPOSE.replace("      M[r][c] = d[r] * M[r][c];", "      d[r] = d[r] + M[r][c];")
    program = generate_openmp(analyze_source(source, "transpose.c"))
    kernel = program.source[program.source.index("static void scaled_columns"):program.source.index("int main")]
    assert "s2p_thread_block(" in kernel and "reduction(+: s[:" not in kernel, kernel


ROW_UPDATES = r"""
#include <stdio.h>
static void eliminate(int n, double A[n][n])
{
    int i, j, k;
    for (i = 0; i < n; i++) {
        for (j = i; j < n; j++)         /* reads A[i][k], k < i <= j: columns before the block */
            for (k = 0; k < i; k++)
                A[i][j] -= A[i][k] * A[k][j];
    }
    printf("ends at %d %d\n", i, j);
}

int main(void)
{
    static double A[160][160];
    for (int r = 0; r < 160; r++)
        for (int c = 0; c < 160; c++)
            A[r][c] = ((r * 7 + c * 3) % 17) / 17.0 + (r == c ? 4.0 : 0.0);
    eliminate(160, A);
    for (int r = 0; r < 160; r++)
        printf("%.17g %.17g\n", A[r][r], A[r][159 - r]);
    return 0;
}
"""


def test_a_swapped_nest_whose_proof_needs_the_loop_bounds_runs_each_block_without_simd(tmp_path: Path) -> None:
    """lu's shape: the j loop is parallel because the k < i <= j its body reads lie before j's lower bound.
    Run over a thread's block, the bound is the block's, and `seq2par check` (the second gate) could no
    longer prove SIMD lanes legal: the block stays scalar, and the program passes the gate."""
    program = generate_openmp(analyze_source(ROW_UPDATES, "rows.c"))
    swapped = {p.loop.var: p.block_swap.var for p in program.parallel if p.block_swap is not None}
    assert swapped == {"j": "k"}, [p.describe() for p in program.parallel]
    text = program.source
    lines = [line.split("/*")[0].strip() for line in text.splitlines()]
    at = lines.index("for (j = s2p_lo; j < s2p_hi; j++)")
    assert lines[at - 2:at] == ["s2p_thread_block((long)(i), (long)(n), &s2p_lo, &s2p_hi);",
                                "for (k = 0; k < i; k++)"], lines[at - 6:at + 2]
    assert "#pragma omp simd" not in text[text.index("static void eliminate"):text.index("int main")]
    assert _check_codes(text) == []
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    expected = same_output_at_threads(tmp_path, ROW_UPDATES, text, ("1", "2", "3"))
    assert "ends at 160 160" in expected



def test_a_scratch_parameter_whose_declared_size_is_smaller_than_its_use_is_not_declared_again() -> None:
    """`double t[8]` is a pointer: the function may index past 8 (here up to np - 1). A local `double t[8]`
    would be overrun, so OpenMP leaves the r loop alone with the reason; MPI still distributes it (each
    rank's copy of the caller's storage is its own) without the local copy."""
    from seq2par.generators.mpi import generate_mpi

    source = SCRATCH.replace("double C[np][np], double t[np])", "double C[np][np], double t[8])")
    assert source != SCRATCH
    report = analyze_source(source, "scratch.c")
    program = generate_openmp(report)
    assert not [plan for plan in program.parallel if plan.loop.function == "contract" and plan.loop.var == "r"]
    assert any("declared size is not proven to cover" in why for loop, why in program.sequential
               if loop.function == "contract"), program.sequential
    generated = generate_mpi(report)
    assert [p.loop.var for p in generated.distributed if p.loop.function == "contract"] == ["r"]
    assert "double t[8];" not in generated.source


GRAM = r"""
#include <stdio.h>
#include <stdlib.h>
static void gram(int rows, int cols, double scale, double D[rows][cols], double G[cols][cols]) {
    for (int i = 0; i < cols; i++)
        for (int j = i; j < cols; j++) {
            G[i][j] = 0.0;
            for (int k = 0; k < rows; k++)
                G[i][j] += D[k][i] * D[k][j];
            G[i][j] /= scale;
            G[j][i] = G[i][j];
        }
}
int main(void) {
    int rows = 170, cols = 130;
    double (*D)[130] = malloc(sizeof(double[170][130])), (*G)[130] = malloc(sizeof(double[130][130]));
    for (int k = 0; k < rows; k++)
        for (int j = 0; j < cols; j++) D[k][j] = ((k * 5 + j * 3) % 17) / 17.0 - 0.4;
    gram(rows, cols, rows - 1.0, D, G);
    for (int i = 0; i < cols; i += 11) printf("%.17g %.17g\n", G[i][cols - 1 - i], G[cols - 1][i]);
    return 0;
}
"""


def test_statements_after_an_interchanged_column_walk_run_in_a_loop_of_their_own(tmp_path: Path) -> None:
    """Covariance's shape: `for j { X = 0; for k X += D[k][i]*D[k][j]; X /= s; G[j][i] = X; }` becomes `for
    j X = 0; for k for j X += ...; for j { X /= s; G[j][i] = X; }` (PolyBench covariance at LARGE,
    2 threads: 0.97-1.11 s -> 0.17 s; MPI np=2: 1.02 s -> 0.19 s). Same updates in the same order: bit-identical."""
    program = generate_openmp(analyze_source(GRAM, "g.c"))
    (plan,) = [p for p in program.parallel if p.loop.function == "gram"]
    assert [(j.var, k.var) for j, k in plan.swaps] == [("j", "k")]
    lines = [line.strip() for line in program.source.splitlines()]
    at = lines.index("G[i][j] += D_k_i * D[k][j];")
    # D[k][i], the same for every j, is loaded once per k (where the j loop runs)
    assert lines[at - 7:at + 6] == [
        "{ for (int j = i; j < cols; j++) {", "G[i][j] = 0.0;", "}",
        "for (int k = 0; k < rows; k++) if ((i) < (cols)) {  /* the j loop runs */", "const double D_k_i = D[k][i];",
        "#pragma omp simd", "for (int j = i; j < cols; j++)", "G[i][j] += D_k_i * D[k][j];", "}",
        "for (int j = i; j < cols; j++) {", "G[i][j] /= scale;", "G[j][i] = G[i][j];", "}"], lines[at - 8:at + 7]
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    same_output_at_threads(tmp_path, GRAM, program.source, ("1", "2", "3"))


ROW_SUMS = r"""
#include <stdio.h>
#include <stdlib.h>
static void row_sums(int n, int m, double alpha, double A[n][m], double x[m], double w[n]) {
    int i, j;
    for (i = 0; i < n; i++)
        for (j = 0; j < m; j++)
            w[i] = w[i] + alpha * A[i][j] * x[j];
    printf("j=%d\n", j);
}
int main(int argc, char **argv) {
    int n = 300, m = argc > 1 ? atoi(argv[1]) : 400;
    double (*A)[400] = malloc(sizeof(double[300][400])), *x = malloc(400 * sizeof(double));
    double *w = malloc(300 * sizeof(double));
    for (int i = 0; i < n; i++) {
        w[i] = i % 7 - 3.0;
        for (int j = 0; j < 400; j++) A[i][j] = ((i * 13 + j * 7) % 31) / 9.0;
    }
    for (int j = 0; j < 400; j++) x[j] = (j % 11) / 5.0 - 1.0;
    row_sums(n, m, 1.5, A, x, w);
    for (int i = 0; i < n; i += 23) printf("%.17g\n", w[i]);
    return 0;
}
"""


def test_an_element_summed_over_a_loop_that_may_not_run_is_held_under_a_guard(tmp_path: Path) -> None:
    """gemver's `w[i] = w[i] + alpha * A[i][j] * x[j]` with no statement beside the j loop: held in a local
    only where the loop runs (else j still gets its first value), and summed in SIMD lanes (PolyBench gemver
    at EXTRALARGE: w[i] was stored and reloaded at every j)."""
    program = generate_openmp(analyze_source(ROW_SUMS, "w.c"))
    (plan,) = [p for p in program.parallel if p.loop.function == "row_sums"]
    assert [(acc.element, acc.guard, acc.simd) for acc in plan.held] == [
        ("w[i]", "(0) < (m)", "#pragma omp simd reduction(+:w_i)")]
    lines = [line.strip() for line in program.source.splitlines()]
    at = lines.index("if ((0) < (m)) {  /* the j loop runs */")
    assert lines[at + 1:at + 7] == ["double w_i = w[i];", "#pragma omp simd reduction(+:w_i)",
                                    "for (j = 0; j < m; j++)", "w_i = w_i + alpha * A[i][j] * x[j];",
                                    "w[i] = w_i;", "} else j = 0;"], lines[at:at + 8]
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    same_output_at_threads(tmp_path, ROW_SUMS, program.source, ("1", "2", "3"), rtol=1e-14)


INVARIANT_READS = r"""
#include <stdio.h>
#include <stdlib.h>
/* C += alpha A B with k outside j; a row scaled by an element of s that exists only where the j loop runs
   (m may be 0); a read under a condition (a bounds guard) and a read of the array being written */
static void kernels(int n, int m, int p, double alpha, double C[n][m], double A[n][p], double B[p][m],
                    double s[n], double T[n][m], int lim)
{
    int i, j, k;
    for (i = 0; i < n; i++)
        for (k = 0; k < p; k++) {
            for (j = 0; j < m; j++)
                C[i][j] += alpha * A[i][k] * B[k][j];
        }
    for (i = 0; i < n; i++)
        for (j = 0; j < m; j++)
            T[i][j] = s[i] * C[i][j] + (j < lim ? A[i][lim] : 0.0) + (j > 2 && s[i + 1 < n ? i : 0] > 0 ? 1.0 : 0.0);
    for (i = 0; i < n; i++)
        for (j = 1; j < m; j++)
            C[i][j] = C[i][0] * 0.5 + B[0][j];
}
int main(void) {
    int n = 300, m = 260, p = 240;
    double (*C)[m] = malloc(sizeof(double[n][m])), (*A)[p] = malloc(sizeof(double[n][p]));
    double (*B)[m] = malloc(sizeof(double[p][m])), (*T)[m] = malloc(sizeof(double[n][m]));
    double *s = malloc(n * sizeof *s);
    for (int i = 0; i < n; i++) {
        s[i] = (i % 13) / 13.0 - 0.3;
        for (int j = 0; j < m; j++) C[i][j] = ((i * 7 + j) % 11) / 11.0;
        for (int k = 0; k < p; k++) A[i][k] = ((i + 3 * k) % 17) / 17.0;
    }
    for (int k = 0; k < p; k++)
        for (int j = 0; j < m; j++) B[k][j] = ((k * 5 + j) % 19) / 19.0 - 0.5;
    kernels(n, m, p, 1.5, C, A, B, s, T, 7);
    for (int i = 0; i < n; i += 23)
        printf("%.17e %.17e %.17e\n", C[i][(i * 3) % m], T[i][(i * 5) % m], T[i][m - 1]);
    free(C); free(A); free(B); free(T); free(s);
    return 0;
}
"""


def test_elements_an_inner_loop_reads_at_one_place_are_loaded_once(tmp_path: Path) -> None:
    """In the outlined region gcc cannot tell the arrays apart, so an inner loop that stores doubles reloads
    `A[i][k]` on every iteration (PolyBench gemm at LARGE, 2 threads: 0.19 s; with the element in a `const`
    local, 0.13 s). Loaded once where the loop runs at least once (its trip count is a parameter), never
    when the read is under a condition (it may be a bounds guard) or the array is written in the loop."""
    program = generate_openmp(analyze_source(INVARIANT_READS, "k.c"))
    kernel = program.source[program.source.index("static void kernels"):program.source.index("int main")]
    assert re.search(r"if \(\(0\) < \(m\)\) \{  /\* the j loop runs \*/\s*const double A_i_k = A\[i\]\[k\];\s*"
                     r"#pragma omp simd[^\n]*\n\s*for \(j = 0; j < m; j\+\+\)\s*"
                     r"C\[i\]\[j\] \+= alpha \* A_i_k \* B\[k\]\[j\];\s*\} else j = 0;", kernel), kernel
    assert "const double s_i = s[i];" in kernel and "T[i][j] = s_i * C[i][j]" in kernel
    # under `?:` and `&&`: read only on some iterations
    assert "A[i][lim]" in kernel and "s[i + 1 < n ? i : 0]" in kernel
    # C is written in the last loop: C[i][0] is read there as written; B[0][j] changes with j
    assert "C[i][j] = C[i][0] * 0.5 + B[0][j];" in kernel
    assert kernel.count("const double") == 2
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    same_output_at_threads(tmp_path, INVARIANT_READS, program.source, ("1", "2", "3"))


def test_arrays_of_the_file_scope_are_left_to_the_compiler() -> None:
    """gcc tells true arrays of the file scope apart by itself: no local for their elements."""
    program = generate_openmp(analyze_source(GEMM_LIKE, "g.c"))
    assert "const double" not in program.source


ZERO_TRIPS = r"""
#include <stdio.h>
double b[1000];
int main(int argc, char **argv)
{
    int n = argc - 1;  /* 0 when run without arguments: the loop does not run */
    double t = 42.0;
    int j = 7, i;
    for (i = 0; i < n; i++) {
        t = i * 2.0;
        for (j = 0; j < 3; j++)
            b[i] = t + j;
    }
    printf("%f %d %d\n", t, j, i);
    return 0;
}
"""


def test_a_loop_that_runs_zero_times_leaves_its_lastprivate_scalars_as_they_were(tmp_path: Path) -> None:
    """gcc's lastprivate copies out a private copy even when no iteration ran: `t` came out 0, not 42. Each
    lastprivate scalar other than the loop's own index is now firstprivate too when the loop may run zero
    times, so that copy holds the original value."""
    program = generate_openmp(analyze_source(ZERO_TRIPS, "z.c"))
    (loop,) = [p for p in program.parallel if p.loop.line == 9]
    assert re.search(r"firstprivate\([^)]*\bt\b", loop.pragma) and re.search(r"firstprivate\([^)]*\bj\b",
                                                                              loop.pragma), loop.pragma
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    expected = same_output_at_threads(tmp_path, ZERO_TRIPS, program.source, ("1", "2", "3"))
    assert expected.split() == ["42.000000", "7", "0"]


ZERO_TRIP_INDEX = r"""
#include <stdio.h>
double a[1000];
int main(int argc, char **argv)
{
    int lo = argc > 5 ? 0 : 10, hi = argc > 5 ? 900 : 3;  /* 10..3 when run without arguments */
    int i = -7;
    for (i = lo; i < hi; i++)
        a[i] = 2.0 * i;
    printf("%d %f\n", i, a[5]);
    return 0;
}
"""


def test_an_index_that_outlives_a_loop_run_zero_times_gets_its_start_value(tmp_path: Path) -> None:
    """The sequential loop sets `i` to 10 even when it runs no iteration; `lastprivate(i)` copied nothing
    out and `i` stayed -7. The target now sets it after the loop when the loop did not run."""
    program = generate_openmp(analyze_source(ZERO_TRIP_INDEX, "zi.c"))
    (loop,) = [p for p in program.parallel if p.loop.line == 8]
    assert "lastprivate(i)" in loop.pragma and "i = lo;" in program.source, program.source
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    expected = same_output_at_threads(tmp_path, ZERO_TRIP_INDEX, program.source, ("1", "2", "3"))
    assert expected.split()[0] == "10"


LOGICAL = r"""
int all_set(const int *flags, int n)
{
    int ok = 5;  /* not 0 or 1: a loop that runs zero times returns 5 */
    for (int i = 0; i < n; i++)
        ok = ok && flags[i];
    return ok;
}
int any_set(const int *flags)
{
    int seen = 0;
    for (int i = 0; i < 100000; i++)
        seen = seen || flags[i];
    return seen;
}
"""


def test_logical_reductions_only_over_loops_that_run() -> None:
    """`reduction(&&: ok)` combines the original value too, so over zero iterations OpenMP returned 1 where
    the sequential function returns 5. Such a loop stays sequential unless it surely runs."""
    program = generate_openmp(analyze_source(LOGICAL, "l.c"))
    assert [p.loop.line for p in program.parallel] == [12], [p.pragma for p in program.parallel]
    assert any("may run zero times" in why for _, why in program.sequential), program.sequential


CHANNELS = r"""
#include <stdio.h>
#include <stdlib.h>
#define C 3
static double img[C][5000], out[C][5000], tri[C][5000], sums[C];
int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 5000, c = -1, i = -1;
    for (c = 0; c < C; c++)
        for (i = 0; i < n; i++)
            img[c][i] = (double)((i * 7 + c * 13) % 255);  /* sums of these are exact in any order */
    double s = 0.0;
    long odd = 0;
    for (c = 0; c < C; c++)
        for (i = 0; i < n; i++) {
            out[c][i] = img[c][i] * img[c][i] + 0.5;
            s += out[c][i];
            odd += (long)img[c][i] % 2;  /* an integer sum: the inner loop gets no SIMD lanes */
        }
    printf("%d %d %.6f %ld\n", c, i, s, odd);
    for (c = 0; c < C; c++)
        for (i = 0; i < n - c; i++)       /* its length depends on c: not a rectangle */
            tri[c][i] = img[c][i] + 1.0;
    for (c = 0; c < C; c++) {
        sums[c] = 0.0;                   /* a statement between the two loops */
        for (i = 0; i < n; i++)
            out[c][i] = out[c][i] * 2.0;
    }
    for (c = 0; c < C; c++)
        for (i = 1; i < n; i++)          /* the inner loop carries a dependence */
            tri[c][i] = tri[c][i - 1] + img[c][i];
    printf("%d %.6f %.6f %.6f\n", c, tri[1][n > 10 ? 10 : 0], out[2][n / 2], sums[0]);
    return 0;
}
"""


def test_a_few_channels_over_pixels_are_collapsed_into_one_iteration_space(tmp_path: Path) -> None:
    """3 channels on 2 threads are 2 + 1 channels: at most 1.5x (by hand 0.67 s against 1.00 s sequential);
    collapsed with their pixels 0.52 s. Only a rectangle of two independent loops with nothing between
    them, the inner one without SIMD lanes to lose, is collapsed, and when the inner loop runs zero times
    (n = 0) the outer index still gets the value the sequential nest leaves (the collapsed space is empty,
    so lastprivate copies nothing out)."""
    program = generate_openmp(analyze_source(CHANNELS, "channels.c"))
    by_line = {p.loop.line: p for p in program.parallel}
    assert "collapse(2)" in by_line[14].pragma and by_line[14].collapse.line == 15, by_line[14].pragma
    assert "reduction(+: s, odd)" in by_line[14].pragma
    # the inner loop of the first nest runs in SIMD lanes, which a collapsed loop loses (gcc leaves it
    # scalar); then a triangle, a statement between the loops, a dependent inner loop
    for line in (9, 21, 24, 29):
        assert line in by_line and "collapse" not in by_line[line].pragma, by_line[line].pragma
    assert "if ((long)(0) >= (long)(n)) { c = 3; i = 0; }" in program.source, program.source
    assert _check_codes(program.source) == []
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    same_output_at_threads(tmp_path, CHANNELS, program.source, ("1", "2", "3"))
    for argument in ("0", "1", "2"):  # zero pixels, and fewer pixels than threads
        results = []
        for binary in ("seq", "omp"):
            run = subprocess.run([str(tmp_path / binary), argument], capture_output=True, text=True, check=True,
                                 env={**os.environ, "OMP_NUM_THREADS": "3"})
            results.append(run.stdout)
        assert results[0] == results[1], (argument, results)


ESCAPE_TIME = r"""
#include <stdio.h>
#define W 128
#define H 48
static int escape[H][W];
static double tri[H][H], flat[H][W];
int main(void)
{
    long total = 0;
    for (int py = 0; py < H; py++) {
        double ci = -0.1 + 1.3 * (double)py / (double)(H - 1);
        for (int px = 0; px < W; px++) {
            double cr = -2.2 + 3.2 * (double)px / (double)(W - 1), zr = 0.0, zi = 0.0;
            int n = 0;
            while (n < 500 && zr * zr + zi * zi <= 4.0) {
                double t = zr * zr - zi * zi + cr;
                zi = 2.0 * zr * zi + ci;
                zr = t;
                n++;
            }
            escape[py][px] = n;
            total += n;
        }
    }
    for (int i = 0; i < H; i++)
        for (int j = 0; j <= i; j++)
            tri[i][j] = escape[i][j] + 0.5;
    for (int i = 0; i < H; i++)
        for (int j = 0; j < W; j++)
            flat[i][j] = escape[i][j] * 2.0;
    printf("%ld %d %.1f %.1f\n", total, escape[H / 2][W / 3], tri[H - 1][H / 2], flat[H / 3][W - 1]);
    return 0;
}
"""


def test_an_escape_time_nest_is_dealt_in_dynamic_chunks(tmp_path: Path) -> None:
    """Rows whose cost depends on the data (an inner `while` that runs until the point escapes) follow no
    order a static deal can balance; they get `schedule(dynamic, 16)`. A triangle keeps `static, 1`, and a
    rectangle of counted loops the default static blocks."""
    program = generate_openmp(analyze_source(ESCAPE_TIME, "escape.c"))
    by_line = {p.loop.line: p for p in program.parallel}
    assert "schedule(dynamic, 16)" in by_line[10].pragma and by_line[10].schedule == "dynamic, 16", by_line[10]
    assert "schedule(static, 1)" in by_line[25].pragma and by_line[25].schedule == "static, 1"
    assert "schedule" not in by_line[28].pragma and by_line[28].schedule == "static"
    assert _check_codes(program.source) == []
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    same_output_at_threads(tmp_path, ESCAPE_TIME, program.source, ("1", "2", "3"))


EXTREMA = r"""
#include <stdio.h>
#include <math.h>
#define N 100000
static double x[N];
static float y[N];
static int k[N];
int main(int argc, char **argv)
{
    for (int i = 0; i < N; i++) { x[i] = (i * 37 % 1001) * 0.5; y[i] = (float)x[i]; k[i] = i * 37 % 1001; }
    if (argc > 1) { x[0] = NAN; y[0] = NAN; }
    double m = x[0], lo = x[0];
    float fm = y[0];
    int km = 0;
    for (int i = 1; i < N; i++)
        if (x[i] > m) m = x[i];
    for (int i = 1; i < N; i++)
        lo = x[i] < lo ? x[i] : lo;
    for (int r = 0; r < 3; r++)
        for (int i = 1; i < N; i++)
            if (y[i] + r > fm) fm = y[i] + r;
    for (int i = 0; i < N; i++)
        if (k[i] > km) km = k[i];
    printf("%g %g %g %d\n", m, lo, fm, km);
    return 0;
}
"""


def test_real_min_and_max_keep_a_nan_they_start_from(tmp_path: Path) -> None:
    """`double m = x[0]` with x[0] NaN: no comparison with m holds, so the sequential loop keeps NaN; OpenMP's
    own reduction(max) started each thread from -inf and came out with 500 (at 1 thread too). Real min/max
    now use seq2par's declared reduction (each thread starts from the original, fmin/fmax combination),
    also in the inner `simd` loop; integers keep OpenMP's own."""
    program = generate_openmp(analyze_source(EXTREMA, "extrema.c"))
    pragmas = [p.pragma for p in program.parallel]
    assert any("reduction(s2p_max_double: m)" in p for p in pragmas), pragmas
    assert any("reduction(s2p_min_double: lo)" in p for p in pragmas), pragmas
    assert any("reduction(s2p_max_float: fm)" in p for p in pragmas), pragmas
    assert any("reduction(max: km)" in p for p in pragmas), pragmas
    assert "#pragma omp simd reduction(s2p_max_float: fm)" in program.source, program.source
    assert program.source.count("#pragma omp declare reduction(s2p_max_double : double") == 1
    assert _check_codes(program.source) == []
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    same_output_at_threads(tmp_path, EXTREMA, program.source, ("1", "2", "3"))
    for count in ("1", "2", "3"):  # x[0] is NaN
        outputs = [subprocess.run([str(tmp_path / binary), "nan"], capture_output=True, text=True, check=True,
                                  env={**os.environ, "OMP_NUM_THREADS": count}).stdout for binary in ("seq", "omp")]
        assert outputs[0] == outputs[1] and outputs[0].split()[:3] == ["nan", "nan", "nan"], (count, outputs)


REAL_BOUNDS = r"""
#include <stdio.h>
#include <stdlib.h>
static double a[8][100], b[100000];
int main(int argc, char **argv)
{
    double lim = argc > 1 ? atof(argv[1]) : 50.5;
    int i = -1, j = -1;
    for (i = 0; i < 100000; i++)
        b[i] = i * 2.0;
    for (i = 0; i < lim; i++)
        b[i] = b[i] + 1.0;
    for (i = 0; i < 8; i++)
        for (j = 0; j < lim; j++)
            a[i][j] = i + j * 0.5 + b[j];
    printf("%d %d %.1f %.1f\n", i, j, a[7][0], b[3]);
    return 0;
}
"""


def test_a_loop_with_a_real_bound_is_left_to_the_loops_around_it(tmp_path: Path) -> None:
    """gcc refuses `i < lim` with a double lim under `omp for` and `omp simd` ("invalid controlling
    predicate"): the program failed to build and no loop of the file was parallelized. Such a loop is now
    left sequential with the reason, and the loops around it are still parallel."""
    program = generate_openmp(analyze_source(REAL_BOUNDS, "real_bounds.c"))
    by_line = {p.loop.line: p for p in program.parallel}
    assert 9 in by_line and 13 in by_line and 11 not in by_line, by_line.keys()
    assert "collapse" not in by_line[13].pragma and "simd" not in program.source.split("\n")[14]
    assert any("`lim` is not an integer" in why for _, why in program.sequential), program.sequential
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    same_output_at_threads(tmp_path, REAL_BOUNDS, program.source, ("1", "2", "3"))


NAN_TERNARY = r"""
#include <stdio.h>
#include <math.h>
#define N 100000
static double x[N];
typedef double real;
double keep_nan_order(void) { double m = -1e300; for (int i = 0; i < N; i++) m = m > x[i] ? m : x[i]; return m; }
double skip_nan(void) { double m = -1e300; for (int i = 0; i < N; i++) m = x[i] > m ? x[i] : m; return m; }
real typedef_max(void) { real m = x[0]; for (int i = 1; i < N; i++) if (x[i] > m) m = x[i]; return m; }
int main(void) { for (int i = 0; i < N; i++) x[i] = i % 17; x[3] = NAN;
                 printf("%g %g %g\n", keep_nan_order(), skip_nan(), typedef_max()); return 0; }
"""


def test_min_max_forms_a_nan_can_reorder_stay_sequential() -> None:
    """`m = m > x ? m : x` stores a NaN x and drops it at the next element: order-dependent, not a max of
    real numbers (the form that stores x only when `x > m` holds is). A max of a typedef'd type cannot be
    told real or integer: OpenMP's own max would lose a NaN start, so it is refused with the reason."""
    program = generate_openmp(analyze_source(NAN_TERNARY, "nan_ternary.c"))
    parallel = {p.loop.function for p in program.parallel}
    assert parallel == {"skip_nan", "main"}, [(p.loop.function, p.pragma) for p in program.parallel]
    assert any("typedef" in why for _, why in program.sequential), program.sequential


COMPLEX_SUMS = r"""
#include <complex>
#include <cstdio>
#include <vector>
int main() {
    const int n = 20000;
    std::vector<std::complex<double>> x(n);
    for (int i = 0; i < n; i++)
        x[i] = std::complex<double>((i % 7) * 0.25, (i % 3) - 1.0);
    std::complex<double> s(1.0, -2.0);
    std::complex<float> f = 0;
    std::complex<double> p(1.0, 0.0);
    for (int i = 0; i < n; i++) {
        s += x[i] * x[i];
        f += std::complex<float>(1.0f, 0.5f);
    }
    for (int i = 0; i < 64; i++)
        p *= std::complex<double>(1.0, (i % 5) * 0.01);
    std::printf("%.3f %.3f %.1f %.1f %.6f %.6f\n", s.real(), s.imag(), f.real(), f.imag(), p.real(), p.imag());
    return 0;
}
"""


def test_sums_and_products_of_std_complex_get_a_reduction_declared_for_the_type(tmp_path: Path) -> None:
    """OpenMP's own `reduction(+: s)` takes arithmetic types only: on a std::complex it did not compile
    ("user defined reduction not found"), so the whole file was refused at build time (exit 5). A reduction
    declared for the type before the loop does, each thread starting from 0 (1 for `*`), the original value
    combined in as the sequential loop has it."""
    program = generate_openmp(analyze_source(COMPLEX_SUMS, "complex.cpp"), min_work=1)
    source = program.source
    assert "#pragma omp declare reduction(s2p_complex_sum_1 : std::complex<double> : omp_out += omp_in) " \
           "initializer(omp_priv = std::complex<double>(0))" in source, source
    assert "std::complex<float> : omp_out += omp_in" in source
    assert "s2p_complex_product_2 : std::complex<double> : omp_out *= omp_in" in source
    assert re.search(r"reduction\(s2p_complex_sum_1: (s, f|f, s)\)|reduction\(s2p_complex_sum_1: s\).*"
                     r"reduction\(s2p_complex_sum_1: f\)", source), source
    if shutil.which("g++") is None:
        pytest.skip("needs g++")
    (tmp_path / "seq.cpp").write_text(COMPLEX_SUMS)
    (tmp_path / "omp.cpp").write_text(source)
    subprocess.run(["g++", "-O2", str(tmp_path / "seq.cpp"), "-o", str(tmp_path / "seq")], check=True)
    subprocess.run(["g++", "-O2", "-fopenmp", str(tmp_path / "omp.cpp"), "-o", str(tmp_path / "omp")], check=True)
    expected = subprocess.run([str(tmp_path / "seq")], capture_output=True, text=True, check=True).stdout
    for count in ("1", "2", "3"):
        got = subprocess.run([str(tmp_path / "omp")], capture_output=True, text=True, check=True,
                             env={**os.environ, "OMP_NUM_THREADS": count}).stdout
        assert got == expected, (count, got, expected)


REALLOCATED_BINS = r"""
#include <stdio.h>
#include <stdlib.h>
#define N 600000
double v[N];
int main(int argc, char **argv) {
    int nb = argc > 1 ? atoi(argv[1]) : 8;
    for (int i = 0; i < N; i++) v[i] = (double)(((long)i * 7919) % 10007) / 10007.0;
    long *h = calloc(8, sizeof(long));
    if (nb > 8) h = calloc(nb, sizeof(long));
    for (int i = 0; i < N; i++) { int b = (int)(v[i] * nb); h[b]++; }
    long s = 0;
    for (int b = 0; b < nb; b++) s += h[b] * (b + 1);
    printf("%ld\n", s);
    return 0;
}
"""


def test_an_array_section_is_not_sized_by_an_allocation_the_pointer_may_no_longer_hold() -> None:
    """`h` is allocated with 8 bins and again with nb when nb > 8: the reduction section `h[:8]` came from
    the first allocation, and with nb = 40 the program crashed at every thread count (the review's program;
    validation's default input, 8, passed). A pointer assigned again, or whose address is taken, has no
    known extent; one allocated once keeps its section."""
    program = generate_openmp(analyze_source(REALLOCATED_BINS, "bins.c"))
    assert "h[:" not in program.source, program.source
    assert not any("reduction(+: h" in p.pragma for p in program.parallel)
    once = REALLOCATED_BINS.replace("    if (nb > 8) h = calloc(nb, sizeof(long));\n", "")
    once = once.replace("calloc(8, sizeof(long))", "calloc(nb, sizeof(long))")
    assert "reduction(+: h[:(((size_t)(nb) * (sizeof(long))) / sizeof(long))])" in \
        generate_openmp(analyze_source(once, "bins.c")).source
    taken = once.replace("    long s = 0;", "    long **where = &h;\n    long s = 0;")
    assert "h[:" not in generate_openmp(analyze_source(taken, "bins.c")).source


TEMPLATE_SUM = r"""
#include <complex>
#include <cstdio>
#include <vector>
template <typename T> T sum(const std::vector<T> &a) {
    T s = T();
    for (size_t i = 0; i < a.size(); i++) s += a[i];
    return s;
}
template <class V> struct Acc {
    V total;
    void add(const std::vector<V> &xs) { V t = V(); for (size_t i = 0; i < xs.size(); i++) t += xs[i]; total = t; }
};
int main() {
    const int N = 300000;
    std::vector<std::complex<double>> z(N);
    std::vector<double> d(N);
    for (int i = 0; i < N; i++) { z[i] = {i * 1e-3, 1.0}; d[i] = i % 5; }
    std::complex<double> q = sum(z);
    Acc<std::complex<double>> acc;
    acc.add(z);
    std::printf("%.10g %.10g %.10g %.10g\n", q.real(), q.imag(), sum(d), acc.total.imag());
    return 0;
}
"""


def test_no_openmp_reduction_on_a_variable_of_a_template_parameter_type(tmp_path: Path) -> None:
    """`T s` in `template <typename T> T sum(...)` got `reduction(+: s)`, which does not compile once T is
    std::complex<double> (a review's program): OpenMP's own reductions take arithmetic types only. Such a
    loop stays sequential with the reason; the rest of the file is still parallelized."""
    program = generate_openmp(analyze_source(TEMPLATE_SUM, "tsum.cpp"))
    assert "reduction" not in program.source, program.source
    # the analysis takes no reduction of a template parameter's type: `s` is carried from one iteration on
    assert any("`s` is read before it is written" in why for _, why in program.sequential), program.sequential
    if shutil.which("g++") is None:
        pytest.skip("needs g++")
    (tmp_path / "omp.cpp").write_text(program.source)
    subprocess.run(["g++", "-O2", "-fopenmp", str(tmp_path / "omp.cpp"), "-o", str(tmp_path / "omp")], check=True)


MACRO_TYPED_MAX = r"""
#include <stdio.h>
#define DATA_TYPE double
#define N 200000
static DATA_TYPE x[N];
int main(void) {
    for (int i = 0; i < N; i++) x[i] = (i * 37 % 1001) * 0.5;
    DATA_TYPE m = x[0];
    for (int i = 1; i < N; i++)
        if (x[i] > m) m = x[i];
    printf("%.1f\n", m);
    return 0;
}
"""


@pytest.mark.parametrize(("spelled", "clause"), [("double", "reduction(s2p_max_double: m)"),
                                                 ("int", "reduction(max: m)")])
def test_a_min_or_max_of_a_type_named_by_a_macro_is_typed_as_the_compiler_sees_it(spelled: str, clause: str) -> None:
    """PolyBench's `DATA_TYPE` is a macro for double or int: a max over it was refused as of a type seq2par
    cannot tell (real or integer). The macro is now read through: double gets the NaN-keeping reduction,
    int OpenMP's own."""
    source = MACRO_TYPED_MAX.replace("#define DATA_TYPE double", f"#define DATA_TYPE {spelled}")
    program = generate_openmp(analyze_source(source, "max.c"))
    assert any(clause in p.pragma for p in program.parallel), [p.pragma for p in program.parallel]


CLASS_SUM = r"""
#include <cstdio>
#include <vector>
struct Vec3 {
    double x, y, z;
    Vec3 &operator+=(const Vec3 &o) { x += o.x; y += o.y; z += o.z; return *this; }
};
int main() {
    const int n = 200000;
    std::vector<Vec3> p(n);
    for (int i = 0; i < n; ++i) p[i] = Vec3{i * 0.5, 1.0, -i * 0.25};
    Vec3 s{0, 0, 0};
    for (int i = 0; i < n; ++i) s += p[i];
    std::printf("%.1f %.1f %.1f\n", s.x, s.y, s.z);
    return 0;
}
"""


def test_no_openmp_reduction_on_a_class_of_the_file(tmp_path: Path) -> None:
    """`Vec3 s; s += p[i]` with Vec3's own operator+= got `reduction(+: s)`, which does not compile (a
    review's program: exit 5, nothing written, for the whole file). The loop stays sequential with the
    reason; the others are still parallelized."""
    program = generate_openmp(analyze_source(CLASS_SUM, "vec3.cpp"))
    assert "reduction" not in program.source, program.source
    assert any("`s` is read before it is written" in why for _, why in program.sequential), program.sequential
    assert program.parallel
    if shutil.which("g++") is None:
        pytest.skip("needs g++")
    (tmp_path / "omp.cpp").write_text(program.source)
    subprocess.run(["g++", "-O2", "-fopenmp", str(tmp_path / "omp.cpp"), "-o", str(tmp_path / "omp")], check=True)


STATIC_MEMBER_TEMPORARY = r"""
#include <cstdio>
#include <vector>
struct S {
    std::vector<long> d, out;
    static long st;
    S() : d(200000), out(200000) { for (int i = 0; i < 200000; i++) d[i] = (i * 7) % 1001; }
    void g() { for (int i = 0; i < 200000; i++) { st = d[i] * 3; out[i] += st; } }
};
long S::st = -1;
int main() {
    S s;
    s.g();
    std::printf("%ld %ld\n", S::st, s.out[7]);
    return 0;
}
"""


def test_a_static_member_is_no_private_copy(tmp_path: Path) -> None:
    """`st = d[i] * 3` with `st` a static data member got `lastprivate(st)`: gcc refuses it ("predetermined
    shared"), so the whole file failed to build (exit 5, nothing written). The loop stays sequential."""
    program = generate_openmp(analyze_source(STATIC_MEMBER_TEMPORARY, "static.cpp"))
    assert "lastprivate(st)" not in program.source
    assert any("static data member" in why for _, why in program.sequential), program.sequential
    if shutil.which("g++") is None:
        pytest.skip("needs g++")
    (tmp_path / "omp.cpp").write_text(program.source)
    subprocess.run(["g++", "-O2", "-fopenmp", str(tmp_path / "omp.cpp"), "-o", str(tmp_path / "omp")], check=True)


@pytest.mark.parametrize(("histogram", "section"), [
    # C does not hold a caller to a parameter's declared size: `long h[16]` may be given 32 elements
    ("void hist(long h[16], const int *ix, int n) {\n for (int i = 0; i < n; i++) h[ix[i] & 31] += 1;\n}", None),
    # the size parameter changed before the loop: h[:nb] was half the histogram
    ("void hist(int nb, long h[nb], const int *ix, int n) {\n int full = nb;\n nb = nb / 2;\n"
     " for (int i = 0; i < n; i++) h[ix[i] % full] += 1;\n}", None),
    # every access inside [0, n): the declared size bounds it
    ("void acc(int n, double y[n]) {\n for (int k = 0; k < 100; k++)\n  for (int i = 0; i < n; i++) y[i] += k;\n}",
     "y[:n]"),
])
def test_an_array_section_comes_from_a_parameters_size_only_when_the_loop_stays_inside_it(
        histogram: str, section: str | None) -> None:
    """A review's programs crashed (SIGSEGV, munmap_chunk) with `reduction(+: h[:16])` and `h[:nb]`."""
    if section is None:
        with pytest.raises(TransformationError, match="extent is not known"):
            generate_openmp(analyze_source(histogram, "hist.c"))
    else:
        program = generate_openmp(analyze_source(histogram, "hist.c"))
        assert f"reduction(+: {section})" in program.source, program.source


SUM_OVER_ROWS_DECLARED_INDEX = r"""
#include <stdio.h>
#define N 700
double A[N][N], x[N], y[N];
int main(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) A[i][j] = (i * j) % 11 - 5;
    for (int i = 0; i < N; i++) { x[i] = 1; y[i] = i % 7 - 3; }
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++) x[i] = x[i] + A[j][i] * y[j];
    double s = 0;
    for (int k = 0; k < N; k++) s += x[k] * (k % 3);
    printf("%.17g\n", s);
    return 0;
}
"""


def test_a_swapped_nest_gets_no_copy_of_an_index_its_header_declares(tmp_path: Path) -> None:
    """The sum over rows (`x[i] += A[j][i] * y[j]`, run as `for j for i`) got `firstprivate(i)` above the
    swapped `for (int j...)`, where no `i` is declared (gcc: 'i' undeclared; a review's gemver/mvt shapes)."""
    program = generate_openmp(analyze_source(SUM_OVER_ROWS_DECLARED_INDEX, "rows.c"))
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    (tmp_path / "omp.c").write_text(program.source)
    built = subprocess.run(["gcc", "-O2", "-fopenmp", str(tmp_path / "omp.c"), "-o", str(tmp_path / "omp")],
                           capture_output=True, text=True)
    assert built.returncode == 0, built.stderr


HEADER_BOUNDS = r"""
#include <stdio.h>
#include "limits_hdr.h"
double a[300008];
double sum(void) { double t = 0; for (int i = 0; i < 300008; i++) t += a[i]; return t; }
int main(int argc, char **argv) {
    int s = argc - 2;  /* -1: C compares it with an unsigned bound as unsigned, so these loops run 0 times */
    for (int i = s; i < HDR_LEN; i++) a[i + 4] = i * 0.5;
    printf("%f\n", sum());
    for (int i = s; i < FLAG_LEN; i++) a[i + 4] += 1.0;
    printf("%f\n", sum());
    for (long i = s; i < 0x80000000; i++) if (i < 300000) a[i + 4] += 2.0;
    printf("%f\n", sum());
    for (int i = s; i < HDR_INT; i++) a[i + 4] += 3.0;
    printf("%f\n", sum());
    return 0;
}
"""


@pytest.mark.parametrize("use_libclang", [False, True])
def test_unsigned_macros_of_headers_and_flags_keep_a_signed_start_sequential(tmp_path: Path,
                                                                             use_libclang: bool) -> None:
    """Review: a macro defined in a header (`#define HDR_LEN 300000u`) or by `-DFLAG_LEN=300000u` was taken
    as int, so from a start of -1 the OpenMP loop ran every iteration where C runs none; `0x80000000` (an
    unsigned int in C) was an int too. A long index below it compares as signed and stays parallel."""
    (tmp_path / "limits_hdr.h").write_text("#define HDR_LEN 300000u\n#define HDR_INT 300000\n")
    flags = [f"-I{tmp_path}", "-DFLAG_LEN=300000u"]
    source = tmp_path / "hdr.c"
    source.write_text(HEADER_BOUNDS)
    from seq2par.analyzers import analyze_file

    program = generate_openmp(analyze_file(source, flags=flags, use_libclang=use_libclang))
    reasons = {loop.line: why for loop, why in program.sequential}
    assert "`HDR_LEN` in its bound `HDR_LEN` is unsigned" in reasons.get(8, ""), reasons
    assert "`FLAG_LEN` in its bound `FLAG_LEN` is unsigned" in reasons.get(10, ""), reasons
    assert not {12, 14} & reasons.keys(), reasons  # a long index; an int macro
    define = "#define FLAG_LEN 300000u\n"  # what -D gives the compiler
    same_output_at_threads(tmp_path, define + HEADER_BOUNDS, define + program.source, ("1", "2", "3"))


def test_a_real_bound_stays_sequential_in_the_mpi_and_cuda_programs_too() -> None:
    """Review of the CUDA target: `i < x` with a double x became `s2p_hi = (long)(x)`, which runs 10
    iterations for x = 10.5 where C runs 11; MPI's program mode distributed such a loop the same way (blocks
    of `(long)(lim)`). Only function mode and OpenMP checked the bound's type."""
    from seq2par.generators.cuda.generate import generate_cuda
    from seq2par.generators.mpi import generate_mpi

    report = analyze_source(REAL_BOUNDS, "real_bounds.c")
    for generate in (generate_mpi, generate_cuda):
        reasons = {loop.line: why for loop, why in generate(report).sequential}
        assert "`lim` is not an integer" in reasons.get(11, ""), (generate.__name__, reasons)


def test_a_member_temporary_is_refused_with_the_reason_not_a_build_failure() -> None:
    """Review of C code: a struct temporary assigned member by member in each iteration and read after the
    loop got `lastprivate(bt.hi, bt.lo)`, which does not compile (the build failed, exit 5)."""
    source = ("struct bits { unsigned lo : 12, hi : 20; };\nlong e[100000];\nunsigned f(void) {\n"
              "    struct bits bt;\n    for (int i = 0; i < 100000; i++) { bt.lo = i; bt.hi = i >> 12; "
              "e[i] += bt.lo + bt.hi; }\n    return bt.lo;\n}\n")
    try:
        program = generate_openmp(analyze_source(source, "bits.c"), min_work=0)
    except TransformationError as error:
        assert "`bt." in str(error) and "whole variables" in str(error), str(error)
        return
    reasons = {loop.line: why for loop, why in program.sequential}
    assert "whole variables" in reasons.get(5, ""), (reasons, program.source)


BIG_HISTOGRAM = r"""
#include <stdio.h>
#define BINS (1 << 21)
static int hist[BINS];
static long small[64];
static int key[4000000];
int main(void) {
    for (int i = 0; i < 4000000; i++) key[i] = (int)((i * 2654435761u) % BINS);
    for (int i = 0; i < 4000000; i++) hist[key[i]] += 1;
    for (int i = 0; i < 4000000; i++) small[key[i] % 64] += 1;
    long s = 0;
    for (int b = 0; b < BINS; b++) s += (long)hist[b] * b;
    printf("%ld %ld\n", s, small[7]);
    return 0;
}
"""


def test_a_reduced_array_too_big_for_a_thread_stack_stays_sequential(tmp_path: Path) -> None:
    """NPB CG: `reduction(+: colidx)` over 2,198,001 ints. gcc puts each thread's copy of a reduced array on
    its stack, and the program crashed at every thread count (validation refused the whole program). A
    reduced array over 1 MiB now stays sequential with the reason; a small one is still reduced."""
    program = generate_openmp(analyze_source(BIG_HISTOGRAM, "hist.c"))
    reasons = {loop.line: why for loop, why in program.sequential}
    assert "private copy of 8,388,608 bytes" in reasons.get(9, ""), reasons
    assert "reduction(+: small)" in program.source
    same_output_at_threads(tmp_path, BIG_HISTOGRAM, program.source, ("1", "2"))


RUNTIME_SECTION = r"""
#include <stdio.h>
#include <stdlib.h>

void colsum(int n, int m, const double *restrict a, double s[m], double t[n]) {
    for (int i = 0; i < n; i++) {
        t[i] = 0.0;
        for (int j = 0; j < m; j++) {
            s[j] += a[(long)i * m + j];
            t[i] += a[(long)i * m + j] * 0.5;
        }
    }
}

int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 64, m = argc > 2 ? atoi(argv[2]) : 3000;
    double *a = malloc(sizeof(double) * n * m), *s = calloc(m, sizeof(double)), *t = malloc(sizeof(double) * n);
    for (long k = 0; k < (long)n * m; k++) a[k] = (double)(k % 7) - 3.0;
    colsum(n, m, a, s, t);
    double x = 0.0, y = 0.0;
    for (int j = 0; j < m; j++) x += s[j] * (j % 5);
    for (int i = 0; i < n; i++) y += t[i];
    printf("%.1f %.1f\n", x, y);
    return 0;
}
"""


def test_a_reduced_section_sized_at_run_time_falls_back_to_the_original_loop_when_too_big(tmp_path: Path) -> None:
    """`reduction(+: s[:m])` validated at m = 3000 crashed (SIGSEGV) at m = 3,000,000: gcc puts each thread's
    copy on its stack. The parallel loop now runs only when the copies fit (1 MiB); the original otherwise."""
    program = generate_openmp(analyze_source(RUNTIME_SECTION, "colsum.c"))
    assert "if ((double)(m) * sizeof(s[0]) <= 1048576.0 && (m) > 0) {" in program.source
    assert "reduction(+: s[:m])" in program.source
    (tmp_path / "seq.c").write_text(RUNTIME_SECTION)
    (tmp_path / "omp.c").write_text(program.source)
    subprocess.run(["gcc", "-O2", str(tmp_path / "seq.c"), "-o", str(tmp_path / "seq")], check=True)
    subprocess.run(["gcc", "-O2", "-fopenmp", str(tmp_path / "omp.c"), "-o", str(tmp_path / "omp")], check=True)
    # (m = 0: gcc 12's code for a zero-length section crashed, a review found; the original loop runs then)
    for sizes in (["64", "3000"], ["3", "3000000"], ["64", "0"]):
        expected = subprocess.run([str(tmp_path / "seq"), *sizes], capture_output=True, text=True, check=True).stdout
        got = subprocess.run([str(tmp_path / "omp"), *sizes], capture_output=True, text=True,
                             env={**os.environ, "OMP_NUM_THREADS": "2"})
        assert got.returncode == 0 and got.stdout == expected, (sizes, got)


CSR_PRODUCT = r"""
#include <stdio.h>
#define N 20000
static int rowstr[N + 1], colidx[N * 8];
static double a[N * 8], p[N], w[N];
int main(void)
{
    int nz = 0;
    for (int j = 0; j < N; j++) {
        rowstr[j] = nz;
        for (int t = 0; t < 1 + (j * 7) % 15; t++, nz++) {
            colidx[nz] = (j * 31 + t * 17) % N;
            a[nz] = 1.0 / (1 + t);
        }
        p[j] = (double)(j % 11);
    }
    rowstr[N] = nz;
    for (int j = 0; j < N; j++) {
        double sum = 0.0;
        for (int k = rowstr[j]; k < rowstr[j + 1]; k++)
            sum += a[k] * p[colidx[k]];
        w[j] = sum;
    }
    double s = 0.0;
    for (int j = 0; j < N; j++) s += w[j] * (j % 3);
    printf("%d %.6f\n", nz, s);
    return 0;
}
"""


def test_rows_whose_bounds_are_read_through_the_index_are_dealt_in_static_blocks(tmp_path: Path) -> None:
    """A CSR product's rows run from rowstr[j] to rowstr[j + 1]: no triangle. They were dealt one row at a time
    (`static, 1`, taken for a triangle), which put the threads' w[j] in shared cache lines: NPB CG class A at
    2 threads took 0.70 s against 0.28 s in static blocks (sequential 0.81 s)."""
    program = generate_openmp(analyze_source(CSR_PRODUCT, "csr.c"))
    by_line = {p.loop.line: p for p in program.parallel}
    assert by_line[18].schedule == "static" and "schedule" not in by_line[18].pragma, by_line[18].pragma
    same_output_at_threads(tmp_path, CSR_PRODUCT, program.source, ("1", "2", "3"))


C89_INDICES = r"""
#include <stdio.h>
static int grid[3] = {40000, 3, 0};
static double u[40000], v[40000];
static void smooth(int k)
{
    int i, j;
    for (i = 1; i < grid[0] - 1; i++)
        v[i] = 0.5 * (u[i - 1] + u[i + 1]);
    for (i = 1; i < grid[0] - 1; i++)
        for (j = 0; j < grid[1]; j++)
            u[i] = v[i] + k + j;
}
static int last_index(void)
{
    int i;
    for (i = 1; i < grid[0] - 1; i++)
        v[i] = u[i] * 2.0;
    return i;
}
int main(void)
{
    for (int i = 0; i < 40000; i++) u[i] = (i % 13) * 0.5;
    for (int k = 0; k < 3; k++) smooth(k);
    printf("%.4f %.4f %d\n", u[777], v[39000], last_index());
    return 0;
}
"""


def test_an_index_declared_at_the_top_and_read_by_nothing_after_needs_no_exit_value(tmp_path: Path) -> None:
    """NPB's C89 functions declare `int i, j, k;` at the top and bound loops by `grid_points[0]-1`: OpenMP's
    exit value of such an index cannot be written for a loop that may run zero times, so 89 of BT's loops
    stayed sequential (BT class W at 2 threads: 0.93x). Nothing reads those indices after the loop: no
    exit value is needed, the loops run in parallel (BT class W: 1.93x). One whose value is returned still
    needs it and stays sequential with the reason."""
    program = generate_openmp(analyze_source(C89_INDICES, "c89.c"))
    by_line = {p.loop.line: p.pragma for p in program.parallel}
    reasons = {loop.line: why for loop, why in program.sequential}
    assert 8 in by_line and 10 in by_line and "lastprivate" not in by_line[8] + by_line[10], (by_line, reasons)
    assert "the value `i` keeps after the loop" in reasons.get(17, ""), reasons
    same_output_at_threads(tmp_path, C89_INDICES, program.source, ("1", "2", "3"))


GOTO_BACK = r"""
#include <stdio.h>
static double a[100000];
int main(void)
{
    int i, pass = 0;
    long seen = 0;
again:
    seen += pass ? i : 0;
    for (i = 0; i < 100000 - pass; i++)
        a[i] = a[i] * 0.5 + pass;
    if (++pass < 3)
        goto again;
    printf("%ld %.3f\n", seen, a[99990]);
    return 0;
}
"""


def test_an_index_a_goto_may_read_again_keeps_its_exit_value(tmp_path: Path) -> None:
    """The liveness scan follows the text: a `goto` back to code before the loop reads `i` after it. Such a
    function keeps every index's exit value (the parallel loop left `i` unset: `seen` went wrong)."""
    program = generate_openmp(analyze_source(GOTO_BACK, "goto.c"))
    (plan,) = [p for p in program.parallel if p.loop.line == 10]
    assert "lastprivate(i)" in plan.pragma, plan.pragma
    same_output_at_threads(tmp_path, GOTO_BACK, program.source, ("1", "2", "3"))


# From a review of the index-liveness change (each printed the wrong index or scalar at every thread count)
LIVE_AFTER_THE_LOOP = {
    # a macro naming the index (`#define LAST i`)
    "m1.c": r"""#include <stdio.h>
#include <stdlib.h>
#define LAST i
int main(int argc, char **argv) {
  int i, n = argc > 1 ? atoi(argv[1]) : 5;
  double a[1000];
  for (i = 0; i < n; i++) { int q; double s = 0; for (q = 0; q < i; q++) s += q; a[i] = s; }
  printf("%d\n", LAST);
  return 0;
}
""",
    # a `break` of the enclosing loop skipping the write after the loop
    "n1.c": r"""#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  int i, r, n = argc > 1 ? atoi(argv[1]) : 5;
  double a[1000];
  for (r = 0; r < 3; r++) {
    for (i = 0; i < n; i++) { int q; double s = 0; for (q = 0; q < i; q++) s += q; a[i] = s; }
    if (r == 2) break;
    i = 0;
  }
  printf("%d %g\n", i, a[n > 0 ? n-1 : 0]);
  return 0;
}
""",
    # a write to another `i` declared in an inner block
    "p1.c": r"""#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  int i, n = argc > 1 ? atoi(argv[1]) : 5;
  double a[1000];
  for (i = 0; i < n; i++) { int q; double s = 0; for (q = 0; q < i; q++) s += q; a[i] = s; }
  { int i; i = 0; a[0] += i; }
  printf("%d\n", i);
  return 0;
}
""",
    # the index in a VLA's size (`double tmp[i + 1]`)
    "t1.c": r"""#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  int i, n = argc > 1 ? atoi(argv[1]) : 5;
  double a[1000];
  for (i = 0; i < n; i++) { int q; double s = 0; for (q = 0; q < i; q++) s += q; a[i] = s; }
  double tmp[i + 1]; printf("%zu\n", sizeof tmp);
  return 0;
}
""",
    # a write under an `if` at the top of the enclosing loop's next pass
    "f1.c": r"""#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  int i = -1, r, n = argc > 1 ? atoi(argv[1]) : 5;
  double a[1000];
  for (r = 0; r < 3; r++) {
    if (r > 5) i = 0;
    printf("%d\n", i);
    for (i = 0; i < n; i++) { int q; double s = 0; for (q = 0; q < i; q++) s += q; a[i] = s; }
  }
  return 0;
}
""",
    # a reference made by `std::tie(i, n)`
    "c7.cpp": r"""#include <cstdio>
#include <cstdlib>
#include <tuple>
int main(int argc, char **argv) {
  int i, n = argc > 1 ? atoi(argv[1]) : 5;
  auto t = std::tie(i, n);
  double a[1000];
  for (i = 0; i < n; i++) { int q; double s = 0; for (q = 0; q < i; q++) s += q; a[i] = s; }
  printf("%d\n", std::get<0>(t));
  return 0;
}
""",
    # a scalar temporary, the same `break` (older than the index change)
    "scalar_break.c": r"""#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  int r, n = argc > 1 ? atoi(argv[1]) : 5;
  double a[1000], t = -1.0;
  for (r = 0; r < 3; r++) {
    for (int i = 0; i < n; i++) { int q; double s = 0; for (q = 0; q < i; q++) s += q; t = s; a[i] = t; }
    if (r == 2) break;
    t = 0;
  }
  printf("%g %g\n", t, a[n > 0 ? n - 1 : 0]);
  return 0;
}
""",
}


@pytest.mark.parametrize("name", sorted(LIVE_AFTER_THE_LOOP))
def test_a_value_read_after_the_loop_in_ways_the_accesses_do_not_show_is_kept(tmp_path: Path, name: str) -> None:
    source = LIVE_AFTER_THE_LOOP[name]
    program = generate_openmp(analyze_source(source, name))
    cxx = name.endswith(".cpp")
    compiler = "g++" if cxx else "gcc"
    (tmp_path / name).write_text(source)
    (tmp_path / f"omp_{name}").write_text(program.source)
    subprocess.run([compiler, "-O2", str(tmp_path / name), "-o", str(tmp_path / "seq")], check=True)
    subprocess.run([compiler, "-O2", "-fopenmp", str(tmp_path / f"omp_{name}"), "-o", str(tmp_path / "omp")],
                   check=True)
    for n in ("0", "1", "5"):
        expected = subprocess.run([str(tmp_path / "seq"), n], capture_output=True, text=True).stdout
        got = subprocess.run([str(tmp_path / "omp"), n], capture_output=True, text=True,
                             env={**os.environ, "OMP_NUM_THREADS": "2"}).stdout
        assert got == expected, (n, got, expected, [p.pragma for p in program.parallel])


SIBLING_TEMPORARIES = r"""
#include <stdio.h>
static double u[50000], v[50000], w[50000];
int main(void)
{
    int i;
    double fac1, fac2;
    for (i = 0; i < 50000; i++) u[i] = (i % 7) * 0.5;
    for (i = 1; i < 50000; i++) {
        v[i] = u[i];
        if (u[i] > 1.0) {
            fac1 = 1.0 / (1.0 + u[i]);
            fac2 = fac1 * 2.0;
            v[i] = fac1 + fac2;
        }
    }
    for (i = 1; i < 50000; i++) {
        fac1 = 2.0 / (1.0 + v[i]);
        w[i] = fac1 * u[i];
    }
    printf("%.6f %.6f\n", v[777], w[4321]);
    return 0;
}
"""


def test_a_later_directive_naming_a_temporary_is_not_a_use_of_it(tmp_path: Path) -> None:
    """The liveness check counts the names in the text after a loop against the recorded accesses; the
    `private(fac1)` of the next loop's directive counted as a read, so `check` called the generated program's
    fac1 live after the first loop and refused NPB SP and LU (exit 4). Directive lines are not code."""
    program = generate_openmp(analyze_source(SIBLING_TEMPORARIES, "temps.c"))
    assert sum("fac1" in p.pragma for p in program.parallel) >= 2, [p.pragma for p in program.parallel]
    assert _check_codes(program.source) == []
    same_output_at_threads(tmp_path, SIBLING_TEMPORARIES, program.source, ("1", "2", "3"))


BIG_STD_ARRAY = r"""
#include <cstdio>
#include <cstdlib>
#include <array>
static std::array<long, 1200000> h{};
static std::array<long, 64> small{};
int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 100000;
  for (int i = 0; i < n; i++) h[(i * 7919L) % 1200000] += i & 7;
  for (int i = 0; i < n; i++) small[(i * 7919L) % 64] += i & 7;
  printf("%ld %ld %ld\n", h[7919], h[0], small[5]);
  return 0;
}
"""


def test_a_std_array_too_big_for_a_thread_stack_is_not_reduced(tmp_path: Path) -> None:
    """A review: `std::array<long, 1200000>` got a declared reduction whose private copies (values, on the
    threads' stacks) crashed the program at every thread count. Over 1 MiB it stays sequential now."""
    program = generate_openmp(analyze_source(BIG_STD_ARRAY, "big.cpp"))
    reasons = {loop.line: why for loop, why in program.sequential}
    assert "private copy of 9,600,000 bytes" in reasons.get(9, ""), reasons
    assert any("s2p_sum" in p.pragma and p.loop.line == 10 for p in program.parallel), program.parallel
    (tmp_path / "big.cpp").write_text(BIG_STD_ARRAY)
    (tmp_path / "omp.cpp").write_text(program.source)
    subprocess.run(["g++", "-O2", str(tmp_path / "big.cpp"), "-o", str(tmp_path / "seq")], check=True)
    subprocess.run(["g++", "-O2", "-fopenmp", str(tmp_path / "omp.cpp"), "-o", str(tmp_path / "omp")], check=True)
    expected = subprocess.run([str(tmp_path / "seq")], capture_output=True, text=True, check=True).stdout
    got = subprocess.run([str(tmp_path / "omp")], capture_output=True, text=True,
                         env={**os.environ, "OMP_NUM_THREADS": "2"})
    assert got.returncode == 0 and got.stdout == expected, got


USER_SIMD_INSIDE = r"""
#include <stdio.h>
static double a[400][3000], s[3000], t[400];
int main(void)
{
    int i;
    for (i = 0; i < 400; i++)
        for (int j = 0; j < 3000; j++)
            a[i][j] = (double)((i * 3000 + j) % 7) - 3.0;
    for (i = 0; i < 400; i++) {
        double tt = 0.0;
        #pragma omp simd reduction(+: tt)
        for (int j = 0; j < 3000; j++)
            tt += a[i][j] * 0.5;
        t[i] = tt;
    }
    double y = 0.0;
    for (i = 0; i < 400; i++) y += t[i];
    printf("%.1f %d\n", y, i);
    return 0;
}
"""


def test_a_nest_whose_inner_loop_has_the_users_pragma_is_left_as_written(tmp_path: Path) -> None:
    """A review: the nest's rewrite put `#pragma omp simd reduction(+: tt)` (and held elements) between the
    user's `#pragma omp simd` and its loop, and the program did not build (exit 5, nothing written). Such a
    nest is left as written, with the reason; the rest of the file is still parallelized."""
    program = generate_openmp(analyze_source(USER_SIMD_INSIDE, "user.c"))
    reasons = {loop.line: why for loop, why in program.sequential}
    assert "is under the user's `#pragma omp simd reduction(+: tt)`" in reasons.get(10, ""), reasons
    assert any(p.loop.line == 7 for p in program.parallel), [p.loop.line for p in program.parallel]
    assert _check_codes(program.source) == []
    same_output_at_threads(tmp_path, USER_SIMD_INSIDE, program.source, ("1", "2", "3"))


REAL_INDEX = r"""
#include <stdio.h>
#include <stdlib.h>
double b[100000];
int main(int argc, char **argv)
{
    int n = argc > 1 ? atoi(argv[1]) : 100000;
    double s = 0;
    for (double x = 0; x < n; x++)
        s += x * 0.5;
    for (int i = 0; i < n; i++)
        b[i] = b[i] * 0.5 + s;
    printf("%.1f %.1f\n", b[2], b[n - 2]);
    return 0;
}
"""


def test_a_loop_with_a_real_index_stays_sequential_and_the_file_still_builds(tmp_path: Path) -> None:
    """gcc refuses `for (double x = 0; x < n; x++)` under `omp for` ("invalid type for iteration variable"):
    the program did not build, and no loop of the file was parallelized. That loop is now sequential with
    the reason, and the next one is parallel."""
    program = generate_openmp(analyze_source(REAL_INDEX, "real_index.c"))
    by_line = {p.loop.line: p for p in program.parallel}
    assert 11 in by_line and 9 not in by_line, by_line.keys()
    assert any("index `x` is not an integer" in why for _, why in program.sequential), program.sequential
    if shutil.which("gcc") is None:
        pytest.skip("needs gcc")
    same_output_at_threads(tmp_path, REAL_INDEX, program.source, ("1", "2", "3"))
