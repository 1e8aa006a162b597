"""OpenMP 5.0 range-based `for` loops: parallel over random-access containers only; built and run with the
real g++ -fopenmp at 2 threads against the original."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.generators.edits import TransformationError
from seq2par.generators.openmp import generate_openmp

PROGRAM = """\
#include <cstdio>
#include <vector>

double mean(std::vector<double> const& x) {
    double sum = 0;
    for (double v : x) {
        sum += v;
    }
    return sum / x.size();
}

void negate(std::vector<double> &x) {
    for (auto &e : x) {
        e = -e * 0.5;
    }
}

int main() {
    std::vector<double> x(300000);
    for (size_t i = 0; i < x.size(); i++) x[i] = (double)(i % 13) / 3.0;
    negate(x);
    std::printf("%.12e %.12e\\n", mean(x), x[12345]);
    return 0;
}
"""

LIST = """\
#include <list>
double total(std::list<double> const& x) {
    double sum = 0;
    for (double v : x) sum += v;
    return sum;
}
"""


def pragmas(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#pragma omp")]


def test_range_for_over_vectors_is_parallel_and_correct(tmp_path: Path) -> None:
    generated = generate_openmp(analyze_source(PROGRAM, "prog.cpp", language="cpp"), min_work=1)
    found = pragmas(generated.source)
    # run over the vectors' indices, so that the loops can take `simd` (gcc refuses it on a range-for)
    assert found.count("#pragma omp parallel for simd reduction(+: sum)") == 1
    assert found.count("#pragma omp parallel for simd") == 2
    assert "for (std::size_t s2p_k0 = 0; s2p_k0 < x.size(); ++s2p_k0) { double v = x[s2p_k0]; {" in generated.source
    assert "{ auto &e = x[s2p_k1]; {" in generated.source
    compiler = shutil.which("g++") or pytest.fail("g++ is needed")
    outputs = []
    for name, text, flags in (("seq", PROGRAM, []), ("omp", generated.source, ["-fopenmp"])):
        (tmp_path / f"{name}.cpp").write_text(text)
        subprocess.run([compiler, "-O2", f"{name}.cpp", "-o", name, *flags], cwd=tmp_path, check=True)
        done = subprocess.run([f"./{name}"], cwd=tmp_path, capture_output=True, text=True, check=True,
                              env={**os.environ, "OMP_NUM_THREADS": "2"})
        outputs.append([float(word) for word in done.stdout.split()])
    assert outputs[0][1] == outputs[1][1]
    assert outputs[1][0] == pytest.approx(outputs[0][0], rel=1e-12)


BOOLS = """\
#include <vector>
long count(std::vector<bool> const& flags, std::vector<long> const& w) {
    long n = 0;
    for (bool f : flags) n += f;
    for (long v : w) n += v;
    return n;
}
"""


def test_range_for_over_vector_of_bool_walks_with_iterators_not_indices() -> None:
    """The elements of a std::vector<bool> are proxies: never `flags[k]`; each thread walks its block with the
    container's iterators (OpenMP's own range-for computes `begin + k` per element, slow for bits)."""
    generated = generate_openmp(analyze_source(BOOLS, "bools.cpp", language="cpp"), min_work=1)
    assert "flags[" not in generated.source
    assert "++s2p_it) { bool f = *s2p_it; n += f; }" in generated.source
    assert "{ long v = w[s2p_k" not in generated.source  # an integer sum: no simd, so no rewrite either


def test_range_for_over_a_list_stays_sequential() -> None:
    with pytest.raises(TransformationError, match="random-access"):
        generate_openmp(analyze_source(LIST, "list.cpp", language="cpp"), min_work=1)


RECURSIVE = """\
#include <vector>
void halve(std::vector<double> &x, int n) {
    if (n < 2) return;
    for (int i = 0; i < n; i++)
        x[i] = x[i] * 0.5;
    halve(x, n / 2);
}
"""


def test_loops_of_a_recursive_function_stay_sequential() -> None:
    with pytest.raises(TransformationError, match="calls itself"):
        generate_openmp(analyze_source(RECURSIVE, "rec.cpp", language="cpp"), min_work=1)


NEGATIVE = """\
double a[21];
void fill(void) {
    for (int k = -10; k <= 10; ++k)
        a[k + 10] = k * 0.5;
}
"""

NESTED = """\
void pixels(int *restrict out, long n, long m) {
    for (long t = 0; t < n; t++)
        for (long i = 1; i < n; i++) {
            out[i * m] += out[(i - 1) * m];
            for (long j = 1; j < m; j++)
                out[i * m + j] += (int)t;
        }
}
"""


def test_small_constant_loop_with_a_negative_bound_gets_no_region() -> None:
    with pytest.raises(TransformationError, match="too little work"):
        generate_openmp(analyze_source(NEGATIVE, "fill.c"))


def test_no_region_inside_two_sequential_loops() -> None:
    report = analyze_source(NESTED, "pixels.c")
    inner = next(lp for lp in report.loops if lp.var == "j")
    assert report.analyses[inner.id].parallel and inner.depth == 2
    with pytest.raises(TransformationError, match="inside 2 sequential loops"):
        generate_openmp(report)


HISTOGRAM = """\
#include <array>
#include <cstdio>
#include <vector>

void count(std::vector<int> const& x, std::array<long, 8> &bins, std::vector<double> &weights) {
    for (size_t i = 0; i < x.size(); i++) {
        bins[x[i] % 8]++;
        weights[x[i] % 5] += 0.25;
    }
}

int main() {
    std::vector<int> x(400000);
    for (size_t i = 0; i < x.size(); i++) x[i] = (int)((i * 7919) % 1000);
    std::array<long, 8> bins{};
    bins[2] = 100;  // the initial contents stay in the result, as sequentially
    std::vector<double> weights(5, 1.0);
    count(x, bins, weights);
    for (long b : bins) std::printf("%ld ", b);
    for (double w : weights) std::printf("%.6f ", w);
    std::printf("\\n");
    return 0;
}
"""


def test_histograms_into_std_containers_get_a_declared_reduction(tmp_path: Path) -> None:
    generated = generate_openmp(analyze_source(HISTOGRAM, "hist.cpp", language="cpp"), min_work=1)
    found = pragmas(generated.source)
    assert len([p for p in found if p.startswith("#pragma omp declare reduction(")]) == 2, found
    assert any(p.startswith("#pragma omp parallel for reduction(s2p_sum_") and ": bins)" in p for p in found)
    compiler = shutil.which("g++") or pytest.fail("g++ is needed")
    outputs = []
    for name, text, flags, threads in (("seq", HISTOGRAM, [], "1"), ("omp", generated.source, ["-fopenmp"], "3")):
        (tmp_path / f"{name}.cpp").write_text(text)
        subprocess.run([compiler, "-O2", f"{name}.cpp", "-o", name, *flags], cwd=tmp_path, check=True)
        done = subprocess.run([f"./{name}"], cwd=tmp_path, capture_output=True, text=True, check=True,
                              env={**os.environ, "OMP_NUM_THREADS": threads, "OMP_WAIT_POLICY": "passive"})
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]


BIT_REVERSAL = """\
void reverse(int *restrict out, int n, int m) {
    for (int i = 0; i < n; i++) {
        int j = i;
        for (int k = 0; k < m; k++)
            j = j ^ (1 << k);
        out[i] = j;
    }
}
"""


def test_no_region_for_a_flat_loop_of_unknown_length_in_a_sequential_loop() -> None:
    """A loop of unknown length without inner loops, inside a sequential loop (the bit loop over k < m) runs
    in parallel only under a guard that it has enough iterations, and as written otherwise: no region is set
    up on every outer iteration for a few XORs (ParEval's bit reversal ran at 0.08x with one). A range-for
    over a standard container gets the guard on its `size()`; a loop whose length cannot be written as a
    condition is left sequential."""
    report = analyze_source(BIT_REVERSAL.replace("out[i] = j;", "out[i] = j + out[i - 1];"), "rev.c")
    generated = generate_openmp(report)
    [plan] = generated.parallel
    assert plan.loop.var == "k" and plan.guard == "(long)(m) - (long)(0) >= 4096L", plan
    guarded = generated.source.split("if ((long)(m) - (long)(0) >= 4096L) {", 1)
    assert len(guarded) == 2 and "#pragma omp parallel for" in guarded[1].split("} else {", 1)[0], generated.source
    assert "#pragma omp" not in guarded[1].split("} else {", 1)[1], generated.source  # the original loop
    ranged = analyze_source("#include <vector>\nvoid f(std::vector<int> &v, std::vector<int> &out) {\n"
                            "    for (size_t i = 1; i < out.size(); i++) {\n        int j = 0;\n"
                            "        for (int x : v) j ^= x;\n        out[i] = j + out[i - 1];\n    }\n}\n",
                            "ranged.cpp", language="cpp")
    [plan] = generate_openmp(ranged).parallel
    assert plan.loop.kind == "range" and plan.guard == "(long)(v.size()) >= 4096L", plan
    strided = analyze_source("void f(int *v, int *out, int n, int m) {\n    for (int i = 1; i < n; i++) {\n"
                             "        int j = 0;\n        for (int k = 0; k < m; k += 2) j ^= v[k];\n"
                             "        out[i] = j + out[i - 1];\n    }\n}\n", "strided.c")
    with pytest.raises(TransformationError, match="without inner loops, inside a sequential loop"):
        generate_openmp(strided)
    generated = generate_openmp(analyze_source(BIT_REVERSAL, "rev.c"))  # the outer loop is parallel itself
    assert [plan.loop.var for plan in generated.parallel] == ["i"]


REDEFINED_IN_THE_LOOP = """\
#include <stdio.h>
#define SCALE 2
long run(long *out, int n, int T) {
    long s = 0;
    for (int t = 0; t < T; t++) {
        int m = (t % 2 == 0) ? n : 100;
        for (int i = 0; i < m; i++) {
            out[i] = i * SCALE;
#undef SCALE
#define SCALE 3
        }
        s += out[t];
    }
    return s;
}
"""


@pytest.mark.parametrize("inside", ["", "static int calls; calls++;", "out[i] += __LINE__ % 2;"])
def test_a_loop_whose_copy_would_mean_otherwise_gets_no_guarded_copy(inside: str) -> None:
    """The guarded parallel loop sits beside a copy of the original: a `#define` in the loop (the copy
    compiles with the new value: a review's program printed 3 for 2), a `static` (two objects) or `__LINE__`
    would make the copy another loop. Such a loop is left sequential."""
    code = REDEFINED_IN_THE_LOOP if not inside else REDEFINED_IN_THE_LOOP.replace(
        "#undef SCALE\n#define SCALE 3\n", f"            {inside}\n")
    report = analyze_source(code, "redefined.c")
    inner = next(lp for lp in report.program.functions["run"].loops if lp.var == "i")
    with pytest.raises(TransformationError) as refused:
        generate_openmp(report)
    if report.analyses[inner.id].parallel:  # (a static's update may also make the loop sequential)
        assert "without inner loops, inside a sequential loop" in str(refused.value)
