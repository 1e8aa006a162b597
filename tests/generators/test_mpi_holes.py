"""MPI programs (program mode) that printed something other than the original for inputs validation does not
try, each found by running the generated program at np=1..4 with several inputs from argv (2026-12-07):

- a statement reading an array both under its own name and through a pointer to one of its elements
  (`long *p = &y[K];` before the loop filling y, then `printf(..., y[0], *p)` or `y[1] = *p;`): the
  placement judged the statement by its accesses under the array's name alone (a store, or one element to
  fetch), and the read through the pointer got rank 0's stale copy.

Each program is generated, built with mpicc/mpicxx and run under mpiexec against the original built with
gcc/g++ (its output and exit status), with the arguments that exposed it."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.generators.mpi import generate_mpi

RANKS = (2, 3, 4)

POINTER = """\
#include <stdio.h>
#include <stdlib.h>
#define N 4000
#define K 3000
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : N;
    int q = argc > 2 ? atoi(argv[2]) : K;
    DECLARATION
    BEFORE
    for (int i = 0; i < n; i++) {
        long t = 0;
        for (int k = 0; k < 3; k++) t += (i * 3 + k) % 7 + i;
        y[i] = t;
    }
    AFTER
    long s = 0;
    for (int i = 0; i < n; i++) s += y[i] * (i % 3);
    printf("%ld\\n", s);
    return 0;
}
"""


def _pointer(before: str, after: str, declaration: str = "long *y = calloc(N + 8, sizeof(long));") -> str:
    return POINTER.replace("DECLARATION", declaration).replace("BEFORE", before).replace("AFTER", after)


# a statement reading y under its own name and through a pointer into it
POINTER_PROGRAMS = {
    # the review's shape: a sequential loop storing every y[i] from `*p` (np=2 printed 1000007999993 for
    # 2000011999988 with the review's N; validation's default input found it)
    "sequential_loop_storing_from_the_pointer": _pointer("long *p = &y[K];",
                                                         "for (int i = 0; i < N; i++) y[i] = *p + 1;",
                                                         "static long y[N + 8];"),
    # the same loop over a pointer `y` and `i < n`: the analysis took it for parallel (each rank read its own
    # copy of y[q] before the loop); the generator keeps it sequential itself
    "loop_storing_from_the_pointer_into_a_pointer": _pointer("long *p = &y[q];",
                                                             "for (int i = 0; i < n; i++) y[i] = *p + 1;"),
    "store_of_one_element_from_the_pointer": _pointer("long *p = &y[K];", "y[1] = *p;"),
    "store_from_a_subscripted_pointer": _pointer("long *p = &y[q];", "y[2] = p[1] + 1;"),
    "print_of_an_element_and_the_pointer": _pointer("long *p = &y[q];", 'printf("%ld %ld\\n", y[0], *p);'),
    "print_of_an_element_and_an_offset_pointer": _pointer("long *p = y + q;", 'printf("%ld %ld\\n", y[0], p[1]);'),
    "print_of_an_element_and_a_copy": _pointer("long *c = y;", 'printf("%ld %ld\\n", y[0], c[q]);'),
    "pointer_declared_after_the_fill_read_later": _pointer(
        "long *p;", "p = &y[q];\n    for (int i = 0; i < n; i++) y[i] = *p + 1;"),
}

ARGUMENTS = ("", "1000 999", "50 30", "4000 3500", "3100 31")


def _env() -> dict:
    return {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}


def _run(command: list[str], cwd: Path) -> tuple[str, int]:
    done = subprocess.run(command, capture_output=True, text=True, timeout=120, env=_env(), cwd=cwd)
    return done.stdout + done.stderr, done.returncode


def _compare(source: str, ext: str, arguments: tuple[str, ...], tmp_path: Path, compile_generated) -> None:
    """Generate, build and run the MPI program at RANKS with each of `arguments` against the original."""
    from seq2par.validators import find_mpi

    original = tmp_path / f"prog.{ext}"
    original.write_text(source)
    generated = generate_mpi(analyze_source(source, f"prog.{ext}"))
    assert generated.distributed, generated.sequential
    built, binary = compile_generated(generated.source, f"prog.mpi.{ext}")
    assert built.returncode == 0, built.stderr
    mpi = find_mpi(cxx=ext == "cpp")
    compiler = "g++" if ext == "cpp" else "gcc"
    subprocess.run([compiler, "-O2", str(original), "-o", str(tmp_path / "seq"), "-lm"], check=True)
    for args in arguments:
        expected = _run([str(tmp_path / "seq"), *args.split()], tmp_path)
        for np in RANKS:
            got = _run(mpi.launch_command(np, [str(binary), *args.split()]), tmp_path)
            assert got == expected, (args, np, got, expected)


def _line_of(source: str, code: str) -> int:
    return next(number for number, line in enumerate(source.splitlines(), 1) if code in line)


@pytest.mark.parametrize("case_id", sorted(POINTER_PROGRAMS))
def test_a_read_through_a_pointer_into_a_distributed_array_prints_what_the_original_prints(
        case_id: str, tmp_path: Path, compile_generated) -> None:
    _compare(POINTER_PROGRAMS[case_id], "c", ARGUMENTS, tmp_path, compile_generated)


@pytest.mark.parametrize("case_id", sorted(POINTER_PROGRAMS))
def test_the_fill_stays_distributed_and_gathers_before_the_read(case_id: str) -> None:
    source = POINTER_PROGRAMS[case_id]
    generated = generate_mpi(analyze_source(source, "prog.c"))
    fill = _line_of(source, "y[i] = t;") - 3
    assert fill in {plan.loop.line for plan in generated.distributed}, generated.sequential
    assert re.search(r"s2p_gather_rows\((?:&y\[0\]|y),", generated.source), generated.source
    assert "s2p_share_element(y," not in generated.source
    if "y[i] = *p + 1;" in source:  # a loop storing y[i] from y[q]: it runs in order on every rank
        rewrite = _line_of(source, "y[i] = *p + 1;")
        assert rewrite in {loop.line for loop, _ in generated.sequential}, generated.sequential
