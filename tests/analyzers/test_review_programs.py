"""Loops a soundness review found reported parallel although they are not (see review_programs/README.md).

Each program marks the loop under test with `/*OMP*/` on the line before it. The loop must now be
sequential, or carry the clause that makes it right (a temporary whose last value is used: lastprivate).
The OpenMP backend's program for each one must print what the original prints."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.generators.edits import TransformationError
from seq2par.generators.openmp import generate_openmp

PROGRAMS = Path(__file__).parent / "review_programs"
# the loop's value after it is used: legal with lastprivate, wrong as plain private
LASTPRIVATE = {"t7.c": "t", "t2.c": "t", "t5.c": "t", "r2_f2.c": "tmp", "r2_f4.c": "tmp", "r2_f4l.c": "tmp",
               "r2_gt_g_global_label.c": "tmp", "r2_gt_g_global_ternary.c": "tmp", "r2_gt_g_local_label.c": "tmp",
               "r2_gt_g_local_ternary.c": "tmp", "r3_a1b.c": "x", "r3_g4.c": "t", "r3_g3.c": "tmp", "r3_g3b.c": "tmp",
               "r3_g1.c": "t", "r3_g1b.c": "t"}


def marked_line(source: str) -> int:
    lines = source.splitlines()
    return next(i for i, line in enumerate(lines, start=1) if "/*OMP*/" in line) + 1


@pytest.mark.parametrize("name", sorted(p.name for p in PROGRAMS.glob("*.c*")))
@pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])
def test_the_marked_loop_is_not_reported_parallel_without_its_clause(name: str, use_libclang: bool) -> None:
    source = (PROGRAMS / name).read_text()
    loop = analyze_source(source, name, use_libclang=use_libclang).loop_at_line(marked_line(source))
    if name in LASTPRIVATE:
        assert LASTPRIVATE[name] in loop.lastprivate and LASTPRIVATE[name] not in loop.private, loop.summary()
    else:
        assert loop.verdict == "sequential", loop.summary()


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("gcc") is None or shutil.which("g++") is None, reason="needs gcc/g++")
def test_the_openmp_programs_print_what_the_originals_print(tmp_path: Path) -> None:
    for path in sorted(PROGRAMS.glob("*.c*")):
        source = path.read_text()
        try:
            program = generate_openmp(analyze_source(source, path.name), min_work=0)
        except TransformationError:
            continue  # nothing parallel: nothing to compare
        compiler = "g++" if path.suffix == ".cpp" else "gcc"
        parallel = tmp_path / f"omp_{path.name}"
        parallel.write_text(program.source)
        # (-I: a program may include a file beside it inside a function body, review r8_g*)
        subprocess.run([compiler, "-O2", "-I", str(PROGRAMS), str(path), "-o", str(tmp_path / "seq"), "-lm"],
                       check=True)
        subprocess.run([compiler, "-O2", "-fopenmp", "-I", str(PROGRAMS), str(parallel), "-o", str(tmp_path / "omp"),
                        "-lm"], check=True)
        expected = subprocess.run([str(tmp_path / "seq")], capture_output=True, text=True, timeout=60).stdout
        for _ in range(3):
            got = subprocess.run([str(tmp_path / "omp")], capture_output=True, text=True, timeout=60,
                                 env={**os.environ, "OMP_NUM_THREADS": "4"}).stdout
            assert got == expected, (path.name, program.parallel)
