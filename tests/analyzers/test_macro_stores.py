"""Stores through an accessor macro (`#define U(i, j) u[(i) * N + (j)]`, then `U(i, j) = ...`), the usual
way C ported from Fortran names its arrays. Reads through such a macro were expanded; a store was "a write
through a computed pointer" (S2P601), so every loop storing through one was sequential for no reason the
user could act on. A store's target is now expanded as the compiler expands it: each statement below is
judged as its hand-written expansion is."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source

MODES = pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])

PROGRAM = """\
#define N 64
#define U(i, j) u[(i) * N + (j)]
#define V(i, j) v[(i) * N + (j)]
#define W(k) w[k]
#define IDX(k) ((k) + 1)
#define AT(p, k) (*((p) + (k)))
double u[N * N], v[N * N], w[N];
double f(double *p, double x) {
    double s = 0.0;
    for (int i = 1; i < N - 1; i++)
        for (int j = 0; j < N - 1; j++)
            STATEMENT;
    return s + x;
}
"""

# (the statement through the macros, the same statement written out)
STATEMENTS = {
    "store": ("U(i, j) = V(i, j) * 2.0", "u[(i) * N + (j)] = v[(i) * N + (j)] * 2.0"),
    "compound": ("U(i, j) += V(i, j)", "u[(i) * N + (j)] += v[(i) * N + (j)]"),
    "postfix": ("U(i, j)++", "u[(i) * N + (j)]++"),
    "prefix": ("--U(i, j)", "--u[(i) * N + (j)]"),
    "recurrence": ("U(i, j) = U(i - 1, j) + 1.0", "u[(i) * N + (j)] = u[(i - 1) * N + (j)] + 1.0"),
    "carried_by_j": ("U(i, j + 1) = U(i, j) * 0.5", "u[(i) * N + (j + 1)] = u[(i) * N + (j)] * 0.5"),
    "reduction": ("W(0) += V(i, j)", "w[0] += v[(i) * N + (j)]"),
    "one_element": ("W(3) = V(i, j)", "w[3] = v[(i) * N + (j)]"),
    "nested_macros": ("U(IDX(i), j) = V(i, j)", "u[(((i) + 1)) * N + (j)] = v[(i) * N + (j)]"),
    "value_used": ("s += (U(i, j) = V(i, j))", "s += (u[(i) * N + (j)] = v[(i) * N + (j)])"),
    "through_a_pointer": ("AT(p, i * N + j) = 1.0", "(*((p) + (i * N + j))) = 1.0"),
    "parenthesized": ("(U(i, j)) = 2.0", "(u[(i) * N + (j)]) = 2.0"),
}


def verdicts(statement: str, use_libclang: bool) -> list[tuple]:
    report = analyze_source(PROGRAM.replace("STATEMENT", statement), "m.c", use_libclang=use_libclang)
    assert not report.parse_errors, [f.message for f in report.parse_errors]
    return [(loop.line, loop.verdict, tuple(loop.reductions), tuple(loop.private),
             sorted({f.code for f in loop.findings if f.blocking})) for loop in report.loops]


@MODES
@pytest.mark.parametrize("case_id", list(STATEMENTS))
def test_a_store_through_a_macro_is_judged_as_its_expansion(case_id: str, use_libclang: bool) -> None:
    through_macro, written_out = STATEMENTS[case_id]
    got, expected = verdicts(through_macro, use_libclang), verdicts(written_out, use_libclang)
    assert got == expected
    assert all("S2P601" not in codes for *_, codes in got) or case_id == "through_a_pointer"


@MODES
def test_the_verdicts_through_macros(use_libclang: bool) -> None:
    """What the equivalence above rests on, for three of them: a map is parallel at both levels, a
    recurrence over i is sequential at i only and names the dependence on u."""
    store = verdicts(STATEMENTS["store"][0], use_libclang)
    assert [v[1] for v in store] == ["parallel", "parallel"]
    recurrence = verdicts(STATEMENTS["recurrence"][0], use_libclang)
    assert [v[1] for v in recurrence] == ["sequential", "parallel"]
    assert "S2P201" in recurrence[0][4]
    reduction = verdicts(STATEMENTS["reduction"][0], use_libclang)
    assert all(v[1].startswith("parallel") for v in reduction) and reduction[0][2]


STENCIL = """\
#include <stdio.h>
#define N 700
#define U(i, j) u[(i) * N + (j)]
#define V(i, j) v[(i) * N + (j)]
static double u[N * N], v[N * N];
int main(void) {
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            U(i, j) = (i * 3 + j) % 7;
    for (int t = 0; t < 30; t++) {
        for (int i = 1; i < N - 1; i++)
            for (int j = 1; j < N - 1; j++)
                V(i, j) = 0.25 * (U(i - 1, j) + U(i + 1, j) + U(i, j - 1) + U(i, j + 1));
        for (int i = 1; i < N - 1; i++)
            for (int j = 1; j < N - 1; j++)
                U(i, j) += 0.1 * V(i, j);
    }
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += U(i, i) * (i % 5 + 1);
    printf("%.10f\\n", s);
    return 0;
}
"""

SEQ2PAR = str(Path(sys.executable).with_name("seq2par"))


@pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")
def test_a_stencil_written_with_accessor_macros_is_parallelized_and_equal(tmp_path: Path) -> None:
    """End to end: the two sweeps get `parallel for` and the program validates at 1, 2, 3 threads."""
    source = tmp_path / "stencil.c"
    source.write_text(STENCIL)
    out = tmp_path / "stencil_omp.c"
    done = subprocess.run([SEQ2PAR, "parallelize", str(source), "--target", "openmp", "--allow-slower", "-o",
                           str(out)], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "equal to the original at threads=1, threads=2, threads=3" in done.stderr + done.stdout
    lines = out.read_text().splitlines()
    sweeps = [n for n, line in enumerate(lines) if line.strip().startswith("for (int i = 1; i < N - 1; i++)")]
    assert len(sweeps) == 2 and all("#pragma omp parallel for" in lines[n - 1] for n in sweeps), out.read_text()
