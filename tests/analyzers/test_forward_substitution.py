"""Forward substitution: a subscript that names a scalar set just before it to an affine value reads as that
value (`i1 = 2*j1 - d1; x1[i1] = ...` is x1[2*j1 - d1]), as NPB's MG `rprj3` and SP's `x_solve` (`n =
(m-3+1)*5; lhs[n+3][i][j][k]`) write their subscripts. Such a subscript was "non-affine" (S2P204), so every
loop around it was sequential.

A definition reaches a subscript only when nothing between can change the scalar or a name of its value:
the cases below each break one condition (a store in a branch, a store later in the loop, the definition
in another branch or an inner loop, a block that declares the name again, an address taken, a C++
reference or call, a macro, a label, a type whose arithmetic wraps). Each case marks one loop with /*T*/."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.generators.backends import GenerateOptions, get_backend
from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop
from tests.generators.test_openmp import same_output_at_threads

PROGRAM = """
    #include <stdio.h>
    #include <stdlib.h>
    double a[4096], b[4096];
    void touch(int *p) { *p = 3; }
    int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 1000;
        int i, j, k, m, d = argc > 2 ? 1 : 0;
        long wide;
        unsigned u;
        short s;
        for (i = 0; i < 4096; i++) { a[i] = i % 7; b[i] = 0; }
        j = k = m = 0; wide = 0; u = 0; s = 0;
        KERNEL
        double t = 0;
        for (i = 0; i < 4096; i++) t += b[i] * (i % 5);
        printf("%.3f %d %d %d\\n", t, j, k, m);
        return 0;
    }
"""


def program(kernel: str) -> str:
    return PROGRAM.replace("KERNEL", kernel)


PARALLEL = {
    "a_shifted_index": "for (i = 0; i < n; i++) { /*T*/ j = i + 5; b[j] = a[i] * 2.0; }",
    "a_strided_index_less_an_invariant": "for (i = 1; i < n; i++) { /*T*/ j = 2 * i - d; b[j] = a[j] + 1.0; }",
    "a_chain_of_definitions": "for (i = 0; i < n; i++) { /*T*/ j = i * 2; k = j + 1; b[j] = 1.0; b[k] = 2.0; }",
    "a_definition_in_the_outer_loop": """
        for (m = 0; m < 3; m++) {  /*T*/
            k = (m + 1) * 1000;
            for (i = 0; i < 1000; i++) b[k + i] = a[i] * m;
        }""",
    "a_declared_definition": "for (i = 0; i < n; i++) { /*T*/ int q = i + 7; b[q] = a[i]; }",
    "a_long_from_ints": "for (i = 0; i < n; i++) { /*T*/ wide = i + 3; b[wide] = a[i]; }",
    "a_store_in_a_branch_before_the_definition": """
        for (i = 0; i < n; i++) {  /*T*/
            if (a[i] > 3) j = 0;
            j = i + 2;
            b[j] = a[i];
        }""",
}

SEQUENTIAL = {
    # the scalar, or a name of its value, is stored between the definition and the subscript
    "stored_in_a_branch": "for (i = 0; i < n; i++) { /*T*/ j = i; if (a[i] > 3) j = 0; b[j] = a[i]; }",
    "a_name_of_the_value_stored": "for (i = 0; i < n; i++) { /*T*/ k = d; j = i + k; k = 5; b[j + k - 5] += 1; "
                                  "d = i % 2; }",
    "stepped_after_the_definition": "for (i = 0; i < n; i++) { /*T*/ j = i; j++; b[j] = a[i]; b[j - 1] += 1; }",
    # the definition does not reach the subscript
    "defined_in_the_other_branch": "for (i = 0; i < n; i++) { /*T*/ if (a[i] > 3) j = i; else b[j] = 1; }",
    "defined_after_the_subscript": "for (i = 0; i < n; i++) { /*T*/ b[j] = a[i]; j = i; }",
    "defined_in_an_inner_loop": """
        for (m = 0; m < n; m++) {  /*T*/
            for (k = 0; k < 3; k++) j = m + k;
            b[j] += 1;
        }""",
    "defined_before_a_loop_that_changes_it": """
        j = 0;
        for (i = 0; i < n; i++) {  /*T*/
            b[j] = a[i];
            j = i;
        }""",
    "the_block_declares_the_name_again": "for (i = 0; i < n; i++) { /*T*/ j = 0; { int j = i; b[j] = 1; } "
                                         "b[j] += a[i]; }",
    "a_header_declares_the_name": "for (i = 0; i < n; i++) /*T*/ for (int j = i; j < i + 2; j++) b[j] = a[i];",
    # the scalar may change where no store to it is seen
    "its_address_is_taken": "for (i = 0; i < n; i++) { /*T*/ j = i; touch(&j); b[j] = a[i]; }",
    "a_macro_sets_it": "\n#define SETJ(v) (j = (v))\n        for (i = 0; i < n; i++) { /*T*/ j = i; SETJ(0); "
                       "b[j] = a[i]; }",
    "after_a_label": "for (i = 0; i < n; i++) { /*T*/ j = i; if (i > 5) goto out; j = 0; out: b[j] += a[i]; }",
    # a store the IR does not see as one: `sizeof` of a variable-length array runs its size expression
    "set_in_a_sizeof": "for (i = 0; i < n; i++) { /*T*/ j = i; (void)sizeof(int[(j = 0) + 1]); b[j] = a[i]; }",
    # the index itself changed in the body: the analysis reads `i` as the iteration's value
    "the_index_moved_in_the_body": "for (i = 0; i < n - 2; i++) { /*T*/ i += 2; j = 2 * i; b[j] = a[i]; "
                                   "i -= 2; b[2 * i + 2] += 1; }",
    "a_while_loop_index": "i = 0; while (i < n) { /*T*/ i++; j = i; b[j] = a[i]; b[j - 1] += 1; }",
    # types whose arithmetic is not the integers'
    "an_unsigned_value": "for (u = 0; u < 100; u++) { /*T*/ j = u - 1; b[j + 1] = a[u]; b[j + 2] += 1; }",
    "a_short_scalar": "for (i = 0; i < n; i++) { /*T*/ s = i + 30000; b[s - 29000] = a[i]; }",
}


@MODES
@pytest.mark.parametrize("case_id", list(PARALLEL))
def test_a_subscript_through_a_defined_scalar_is_tested(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", program(PARALLEL[case_id]), use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(SEQUENTIAL))
def test_a_definition_that_may_not_hold_is_not_used(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", program(SEQUENTIAL[case_id]), use_libclang)
    assert loop.verdict == "sequential", describe(loop)


CPP = {
    "a_reference_parameter": """
        void reset(int &x) { x = 0; }
        double a[4096], b[4096];
        int main() {
            int j = 0;
            for (int i = 0; i < 1000; i++) { /*T*/ j = i; reset(j); b[j] += a[i]; }
            return (int)b[0];
        }""",
    "a_lambda_that_sets_it": """
        double a[4096], b[4096];
        int main() {
            int j = 0;
            auto zero = [&]() { j = 0; };
            for (int i = 0; i < 1000; i++) { /*T*/ j = i; zero(); b[j] += a[i]; }
            return (int)b[0];
        }""",
    "a_reference_bound_to_it": """
        double a[4096], b[4096];
        int main() {
            int j = 0;
            int &r = j;
            for (int i = 0; i < 1000; i++) { /*T*/ j = i; r = 0; b[j] += a[i]; }
            return (int)b[0];
        }""",
}


@MODES
@pytest.mark.parametrize("case_id", list(CPP))
def test_cpp_may_set_a_scalar_without_a_store_to_its_name(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "cpp", CPP[case_id], use_libclang)
    assert loop.verdict == "sequential", describe(loop)


RESTRICTION = """
    #include <stdio.h>
    #include <stdlib.h>
    int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 300000;
        int d1 = argc > 2 ? 0 : 1, j1, i1, m, off;
        double *r = malloc((2 * n + 2) * sizeof(double)), *x = calloc(2 * n + 2, sizeof(double));
        double *l = calloc(12 * n + 16, sizeof(double));
        for (j1 = 0; j1 < 2 * n + 2; j1++) r[j1] = (j1 % 11) * 0.25;
        for (j1 = 1; j1 < n; j1++) {
            i1 = 2 * j1 - d1;
            x[i1] = r[i1 - 1] + r[i1] + r[i1 + 1];
        }
        for (m = 3; m < 5; m++) {
            off = (m - 3 + 1) * 5;
            for (j1 = 0; j1 < n; j1++) l[(off + 3) * n + j1] = l[(off + 2) * n + j1] * 0.5 + r[j1];
        }
        double s = 0;
        for (j1 = 0; j1 < 2 * n + 2; j1++) s += x[j1] * (j1 % 3);
        for (j1 = 0; j1 < 12 * n + 16; j1++) s += l[j1];
        printf("%.4f %d %d\\n", s, i1, off);
        return 0;
    }
"""


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_openmp_parallelizes_the_restriction_and_prints_the_same(tmp_path: Path) -> None:
    """End to end (MG's restriction and SP's band offsets, in small): both loops get a directive, the scalars
    their subscripts go through are private with their last values kept, and the program prints what the
    original prints at 1, 2, 3 threads."""
    code = textwrap.dedent(RESTRICTION).lstrip("\n")
    report = analyze_source(code, "restriction.c")
    lines = code.splitlines()
    restrict_line = next(n for n, text in enumerate(lines, 1) if "for (j1 = 1; j1 < n; j1++)" in text)
    band_line = next(n for n, text in enumerate(lines, 1) if "for (m = 3; m < 5; m++)" in text)
    for line in (restrict_line, band_line):
        assert report.loop_at_line(line).verdict.startswith("parallel"), describe(report.loop_at_line(line))
    program_ = get_backend("openmp").generate(report, GenerateOptions())
    assert {restrict_line, band_line} <= {p.loop.line for p in program_.parallel} | {
        p.loop.line for p in program_.parallel}, [p.loop.line for p in program_.parallel]
    same_output_at_threads(tmp_path, code, program_.source, ("1", "2", "3"))


SKELETON = """
    #include <stdio.h>
    #include <stdlib.h>
    #include <setjmp.h>
    int a[100002];
    GLOBALS
    int main(int argc, char **argv) {
        int n = argc > 1 ? atoi(argv[1]) : 50000;
        int i, j = 0, t;
        for (i = 0; i < n + 1; i++) a[i] = i % 5;
        BEFORE
        for (i = 0; i < n; i++) a[i + j] = a[i] + 1;  /*T*/
        AFTER
        long s = 0;
        for (i = 0; i < n; i++) s += a[i] * (i % 7);
        printf("%ld %d\\n", s, j);
        return 0;
    }
"""


def skeleton(before: str, after: str = "", globals_: str = "") -> str:
    return SKELETON.replace("BEFORE", before).replace("AFTER", after).replace("GLOBALS", globals_)


# (a review of 2026-12-06: each was reported parallel and its OpenMP program printed other sums; j is 1 when
# the loop runs, though the last store to its name before it is `j = 0`)
HIDDEN_STORES = {
    "a_narrowing_conversion": skeleton("").replace(
        "a[i + j] = a[i] + 1;  /*T*/", "{ j = i * 65536L * 65536L; a[j] = a[j] * 3 % 1000003 + i; }  /*T*/"),
    "an_address_in_two_parentheses": skeleton("int *p = &((j)); j = 0; *p = 1;"),
    "a_macro_defined_in_the_function": skeleton("\n#define SETJ j = 1\n        j = 0; SETJ;"),
    "asm_sets_it": skeleton('j = 0; __asm__ volatile("movl $1, %0" : "=r"(j));'),
    "a_backward_goto": skeleton("int once = 0; j = 0;\n        for (t = 0; t < 2; t++) {",
                                "again:;\n        }\n        if (!once) { once = 1; j = 1; t = 0; goto again; }"),
    "a_macro_of_a_header_not_read": skeleton("j = 0; SETJ;"),
    "an_unsigned_literal": skeleton("").replace("a[i + j] = a[i] + 1;  /*T*/",
                                                "{ long w = i - 1u; a[w + 1] = i; }  /*T*/"),
    "a_global_of_the_name": skeleton("{ int k = 0; a[k] = a[k]; } k = 0; j = k; setk();",
                                     globals_="int k; void setk(void) { k = 1; }").replace(
        "a[i + j] = a[i] + 1;  /*T*/", "a[i + k] = a[i + j] + 1;  /*T*/"),
    # (a second review: the `#if` branch compiled overwritten by the one that is not, a store in two
    # parentheses later in the loop, a macro of the file's own header that was not found)
    "an_if_of_the_preprocessor": skeleton("").replace(
        "a[i + j] = a[i] + 1;  /*T*/",
        "{  /*T*/\n#ifndef S2P_NOT_DEFINED\n        j = i + 1;\n#else\n        j = i;\n#endif\n"
        "        a[j] = a[i] + 1; }"),
    "a_store_in_two_parentheses_later_in_the_loop": skeleton("").replace(
        "a[i + j] = a[i] + 1;  /*T*/",
        "{ j = i; for (t = 0; t < 3; t++) { a[j] = a[j] * 3 + t + 1; ((j))++; } }  /*T*/"),
    "a_macro_of_a_header_that_was_not_found": skeleton("j = 0; k = BUMPJ();", globals_='#include "s2p_not_here.h"\n'
                                                       "    int k;"),
    "volatile_with_setjmp": skeleton("static jmp_buf env; volatile int v = 0; int r = setjmp(env); j = v;",
                                     "if (r == 0) { v = 1; longjmp(env, 1); }"),
}


@MODES
@pytest.mark.parametrize("case_id", list(HIDDEN_STORES))
def test_a_store_the_analysis_does_not_see_keeps_the_definition_out(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "c", HIDDEN_STORES[case_id], use_libclang)
    assert loop.verdict == "sequential", describe(loop)


def test_the_skeleton_is_parallel_when_the_definition_holds() -> None:
    """(The cases above fail for the reason they name: with `j = 0;` alone the loop is parallel.)"""
    loop = marked_loop("plain", "c", skeleton("j = 0;"), False)
    assert loop.verdict.startswith("parallel"), describe(loop)


SET_IN_THE_LOOP = """
    #include <stdio.h>
    #include <stdlib.h>
    double h[8], B[200000], A[4][200000];
    int main(int argc, char **argv) {
        int m = argc > 1 ? atoi(argv[1]) : 5, j, b = 0, r = 0;
        for (j = 0; j < 200000; j++) B[j] = (j % 17) * 0.25;
        for (j = 0; j < 200000; j++) { b = m; h[b] += B[j] * B[j]; b = 1; }
        for (j = 0; j < 200000; j++) { r = m - 3; A[r][j] = B[j] * 2.0 + 1.0; r = 3; }
        b = 0; r = 7;
        printf("%.3f %.3f %.3f %.3f %d %d\\n", h[5], h[1], A[2][199999], A[3][5], b, r);
        return 0;
    }
"""


def test_the_distributed_targets_refuse_a_subscript_through_a_scalar_the_loop_sets() -> None:
    """MPI checked `h[b]` as h[m] and `A[r][j]` as A[m - 3][j], then wrote `h[b]` and `&A[r][0]` into its
    zeroing, combining and gathering after the loop, where b and r hold other values: it reduced and
    gathered other elements (a review found both). MPI and CUDA keep such loops sequential with the reason;
    OpenMP, which writes nothing after the loop but its directive, takes them."""
    code = textwrap.dedent(SET_IN_THE_LOOP).lstrip("\n")
    report = analyze_source(code, "set.c")
    lines = [n for n, text in enumerate(code.splitlines(), 1) if "b = m;" in text or "r = m - 3;" in text]
    for target in ("mpi", "cuda"):
        program = get_backend(target).generate(report, GenerateOptions())
        reasons = {loop.line: why for loop, why in program.sequential}
        for line in lines:
            assert "goes through a scalar the loop sets" in reasons.get(line, ""), (target, line, reasons)
