"""The OpenMP target on loops that reach one element through another name (`P &p = ps[i]; p.step(dt)`,
`update(p, dt)` on a range-for's element, `P *p = &ps[i]; p->x = ...`), built with the real g++/gcc -fopenmp
and run at 2 and 3 threads against the original. Also: a reduction into a member of a struct element (`P &q =
ps[0]; q.x += a[i]`) is left sequential with the reason (`reduction(+: ps)` did not build, and validation then
refused the whole program), and a range-for of unknown length inside a sequential loop runs in parallel under
a `size()` guard (it was left sequential: no bound to test). Rows of a `std::vector<std::vector<double>>`
reached as `auto &row = g[i]`, through a range-for, up to `g[i].size()` or handed to a function taking
`std::vector<double> &` are rows of their own (they were S2P501, S2P601, S2P403)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.generators.openmp import generate_openmp

PARTICLES = """\
#include <cmath>
#include <cstdio>
#include <vector>
struct P {
    double x, v, m;
    void step(double dt) {
        for (int k = 0; k < 8; k++) { double f = -std::sin(x) * m; v += f * dt; x += v * dt; }
    }
};
static void kick(P &p, double dt) { p.v *= 1.0 - dt; }
int main() {
    const int n = 20000;
    std::vector<P> ps(n);
    for (int i = 0; i < n; i++) {
        P &p = ps[i];
        p.x = 0.001 * (i % 1000); p.v = 0.0; p.m = 1.0 + (i % 3);
    }
    std::vector<double> a(n);
    for (int i = 0; i < n; i++) a[i] = (i % 7) * 0.5;
    P total{0, 0, 0};
    for (int i = 0; i < n; i++) {
        P &q = total;
        q.x += a[i];
    }
    for (int t = 0; t < 5; t++) {
        for (int i = 0; i < n; i++) {
            P &p = ps[i];
            p.step(0.01);
        }
        for (auto &p : ps) kick(p, 0.01);
    }
    std::vector<P> acc(1);
    for (int i = 0; i < n; i++) {
        P &q = acc[0];
        q.x += a[i];
    }
    double e = 0;
    for (int i = 0; i < n; i++) e += ps[i].x * ps[i].x + ps[i].v;
    std::printf("%.12e %.6f %.6f\\n", e, total.x, acc[0].x);
    return 0;
}
"""

POINTERS = """\
#include <stdio.h>
#include <stdlib.h>
typedef struct { double x, v; } P;
int main(void) {
    int n = 30000;
    P *ps = malloc(sizeof(P) * n);
    for (int i = 0; i < n; i++) {
        P *p = &ps[i];
        p->x = 0.5 * (i % 11);
        p->v = 1.0 / (1 + i % 5);
    }
    for (int i = 0; i < n; i++) {
        P *p = ps + i;
        p->x += p->v * p->x;
    }
    double s = 0;
    for (int i = 0; i < n; i++) s += ps[i].x;
    printf("%.12e\\n", s);
    free(ps);
    return 0;
}
"""


GRID = """\
#include <cmath>
#include <cstdio>
#include <vector>
static void smooth_row(std::vector<double> &r) {
    for (size_t j = 1; j + 1 < r.size(); j++) r[j] = std::sqrt(r[j] * r[j] + 1.0);
}
int main() {
    const int n = 300;
    std::vector<std::vector<double>> g(n, std::vector<double>(n)), h(n, std::vector<double>(n));
    for (int i = 0; i < n; i++) {
        auto &row = g[i];
        for (int j = 0; j < n; j++) row[j] = (i * 7 + j * 3) % 11;
    }
    for (int t = 0; t < 3; t++) {
        for (int i = 0; i < n; i++) {
            std::vector<double> &dst = h[i];
            const auto &src = g[i];
            for (int j = 0; j < n; j++) dst[j] = std::sin(src[j]) + 0.5 * src[j];
        }
        for (auto &row : g)
            for (auto &x : row) x = x * 0.99 + 0.01;
        for (size_t i = 0; i < g.size(); i++) smooth_row(g[i]);
    }
    double s = 0;
    for (size_t i = 0; i < g.size(); i++)
        for (size_t j = 0; j < g[i].size(); j++) s += g[i][j] * (1 + i % 3);
    for (auto &row : h)
        for (double x : row) s += x;
    std::printf("%.8e\\n", s);
    return 0;
}
"""


def pragma_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#pragma omp")]


def same_output(tmp_path: Path, language: str, original: str, parallel: str) -> str:
    """Build both with -O2 (the parallel one with -fopenmp), run the parallel one at 2 and 3 threads, assert
    each prints what the original prints; returns that output."""
    compiler, suffix = ("g++", "cpp") if language == "cpp" else ("gcc", "c")
    if shutil.which(compiler) is None:
        pytest.fail(f"{compiler} is needed")
    for name, text, flags in (("seq", original, []), ("omp", parallel, ["-fopenmp"])):
        (tmp_path / f"{name}.{suffix}").write_text(text)
        subprocess.run([compiler, "-O2", f"{name}.{suffix}", "-o", name, *flags, "-lm"], cwd=tmp_path, check=True)
    expected = subprocess.run([str(tmp_path / "seq")], capture_output=True, text=True, check=True).stdout
    for threads in ("2", "3"):
        got = subprocess.run([str(tmp_path / "omp")], capture_output=True, text=True, check=True,
                             env={**os.environ, "OMP_NUM_THREADS": threads}).stdout
        assert got == expected, (threads, got, expected)
    return expected


def test_particles_through_references_run_in_parallel_and_agree(tmp_path: Path) -> None:
    report = analyze_source(PARTICLES, "particles.cpp", language="cpp")
    generated = generate_openmp(report, min_work=1)
    lines = PARTICLES.splitlines()
    planned = {plan.loop.line for plan in generated.parallel}
    step = next(n for n, text in enumerate(lines, 1) if "for (int i = 0; i < n; i++) {" in text and
                "P &p = ps[i];" in lines[n] and "p.step" in lines[n + 1])
    kick = next(n for n, text in enumerate(lines, 1) if "for (auto &p : ps) kick(p, 0.01);" in text)
    init = next(n for n, text in enumerate(lines, 1) if "P &p = ps[i];" in lines[n] and "p.x = 0.001" in lines[n + 1])
    assert {init, step, kick} <= planned, (planned, generated.sequential)
    # the range-for inside the time loop runs in parallel when the container is large enough
    assert "if ((long)(ps.size()) >= 1L)" in generated.source
    # sums into a member of one struct: no OpenMP reduction for them, said why
    reasons = {loop.line: why for loop, why in generated.sequential}
    for text in ("P &q = total;", "P &q = acc[0];"):
        line = next(n for n, row in enumerate(lines, 1) if text in lines[n])
        assert line not in planned
        assert line in reasons, (line, reasons)
    member = next(n for n, row in enumerate(lines, 1) if "P &q = acc[0];" in lines[n])
    assert "whose elements are `P`, a struct or class" in reasons[member]
    same_output(tmp_path, "cpp", PARTICLES, generated.source)


def test_pointer_to_an_element_with_arrow_runs_in_parallel_and_agrees(tmp_path: Path) -> None:
    report = analyze_source(POINTERS, "pointers.c", language="c")
    generated = generate_openmp(report, min_work=1)
    lines = POINTERS.splitlines()
    loops = [n for n, text in enumerate(lines, 1) if text.strip().startswith("for (int i = 0; i < n; i++) {")]
    assert set(loops) <= {plan.loop.line for plan in generated.parallel}, generated.sequential
    same_output(tmp_path, "c", POINTERS, generated.source)


def test_rows_of_a_vector_of_vectors_run_in_parallel_and_agree(tmp_path: Path) -> None:
    report = analyze_source(GRID, "grid.cpp", language="cpp")
    generated = generate_openmp(report, min_work=1)
    lines = GRID.splitlines()

    def header_above(text: str) -> int:
        return next(n for n, row in enumerate(lines, 1) if text in lines[n])

    planned = {plan.loop.line for plan in generated.parallel}
    expected = {header_above("auto &row = g[i];"), header_above("std::vector<double> &dst = h[i];"),
                next(n for n, row in enumerate(lines, 1) if "for (auto &row : g)" in row),
                next(n for n, row in enumerate(lines, 1) if "smooth_row(g[i]);" in row),
                header_above("for (size_t j = 0; j < g[i].size(); j++)"),
                next(n for n, row in enumerate(lines, 1) if "for (auto &row : h)" in row)}
    assert expected <= planned, (planned, generated.sequential)
    same_output(tmp_path, "cpp", GRID, generated.source)
