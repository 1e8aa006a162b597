"""A C `for` body may declare a name its header declares (`for (int k = 0; ...) { int k = 7; }`): C makes the
body a block inside the loop's own. The .cu is C++, which forbids it, so nvcc refused the whole program
(exit 5 after validation, an uncompilable file with --no-validate). Each such body now gets one more pair
of braces, on host loops and on loops inside a kernel's body alike; other programs are unchanged."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.generators.cuda.generate import generate_cuda
from tests.generators.test_cuda_review import build_original_and_emulation

HIDING = r"""
#include <stdio.h>
#define N 20000
double a[N], b[N];
int main(void) {
    for (int i = 0; i < N; i++) a[i] = i * 0.5;
    for (int i = 0; i < N; i++) {
        double t = 0;
        for (int j = 0; j < 4; j++) {
            int j = 2;
            t += a[i] * j;
        }
        b[i] = t;
    }
    for (int k = 0; k < 3; k++) {
        int k = 7;
        b[k] += k;
    }
    double s = 0;
    for (int i = 0; i < N; i++) s += b[i];
    printf("%.3f\n", s);
    return 0;
}
"""


def test_bodies_that_hide_the_header_name_get_a_block_of_their_own() -> None:
    program = generate_cuda(analyze_source(HIDING, "hiding.c"))
    assert [plan.loop.line for plan in program.distributed] == [6, 7, 20]
    # the host loop at line 15, and the inner loop copied into the second kernel
    assert "for (int k = 0; k < 3; k++) {{\n        int k = 7;" in program.source
    assert "for (int j = 0; j < 4; j++) {{\n            int j = 2;" in program.source
    assert program.source.count("{{") == 2


def test_a_program_without_such_bodies_gets_no_extra_braces() -> None:
    source = HIDING.replace("int j = 2;", "int m = 2;").replace("a[i] * j", "a[i] * m")
    source = source.replace("int k = 7;", "int q = 7;").replace("b[k] += k", "b[k] += q")
    assert "{{" not in generate_cuda(analyze_source(source, "plain.c")).source


@pytest.mark.skipif(shutil.which("gcc") is None or shutil.which("g++") is None, reason="needs gcc and g++")
def test_the_program_builds_as_cxx_and_prints_what_the_original_prints(tmp_path: Path) -> None:
    program = generate_cuda(analyze_source(HIDING, "hiding.c"))
    seq, emu = build_original_and_emulation(tmp_path, HIDING, program.emulation_source)
    expected = subprocess.run([str(seq)], capture_output=True, text=True, check=True).stdout
    assert subprocess.run([str(emu)], capture_output=True, text=True, check=True).stdout == expected


@pytest.mark.skipif(shutil.which("nvcc") is None, reason="needs nvcc")
def test_nvcc_compiles_the_program(tmp_path: Path) -> None:
    (tmp_path / "hiding.cu").write_text(generate_cuda(analyze_source(HIDING, "hiding.c")).source)
    done = subprocess.run(["nvcc", "-arch=sm_75", "-c", str(tmp_path / "hiding.cu"), "-o", str(tmp_path / "h.o")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_the_finding_says_the_body_hides_the_index() -> None:
    report = analyze_source(HIDING, "hiding.c")
    loop = next(lp for lp in report.loops if lp.line == 15)
    assert loop.verdict == "sequential"
    assert any(f.code == "S2P403" and "declares another `k`, which hides loop index `k`" in f.message
               for f in loop.findings)
    plain = analyze_source("void f(int n, double *a) { for (int k = 0; k < n; k++) { k++; a[k] = 1; } }", "p.c")
    assert all("hides" not in f.message for f in plain.loops[0].findings)


@pytest.mark.parametrize("hiding", ["enum { k = 2 };", "typedef int k;\n        k k2 = 7;",
                                    "typedef double *k, kk;\n        int k2 = 7;", "enum E { k = 2 } e = k;",
                                    "typedef int (*k)(void);\n        int k2 = 7;"])
def test_enumerators_and_typedefs_hide_the_header_name_too(hiding: str) -> None:
    """A review: `enum { j = 2 };` or `typedef int k;` at the top of the body redeclares the header's name as
    much as `int k` does (nvcc refused both programs). The loop stays on the host: its `k` is not the index."""
    source = HIDING.replace("int k = 7;", hiding)
    if "k2" in hiding:
        source = source.replace("b[k] += k;", "b[k2] += k2;")
    program = generate_cuda(analyze_source(source, "hiding.c"))
    assert f"for (int k = 0; k < 3; k++) {{{{\n        {hiding}" in program.source


@pytest.mark.skipif(shutil.which("nvcc") is None, reason="needs nvcc")
def test_nvcc_compiles_bodies_that_hide_the_name_with_an_enumerator_or_a_typedef(tmp_path: Path) -> None:
    source = HIDING.replace("int j = 2;", "enum { j = 2 };").replace("int k = 7;", "typedef int k;\n        k v = 7;")
    source = source.replace("b[k] += k;", "b[v] += v;")
    (tmp_path / "hiding.cu").write_text(generate_cuda(analyze_source(source, "hiding.c")).source)
    done = subprocess.run(["nvcc", "-arch=sm_75", "-c", str(tmp_path / "hiding.cu"), "-o", str(tmp_path / "h.o")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
