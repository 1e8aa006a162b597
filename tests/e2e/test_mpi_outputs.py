"""What a generated MPI program prints on stderr and writes to files must match the original too: the
validator compares both, and the generated program writes them once (rank 0), as the original does."""

from __future__ import annotations

from pathlib import Path

import pytest

from seq2par.analyzers import analyze_file
from seq2par.generators.mpi import generate_mpi

# Results on stderr (progress and the checksum), and in a file the program writes; one loop runs over a
# shared (node-window) array so the runtime's own error channel is generated too.
PROGRAM = r"""
#include <stdio.h>
#define N 200000
static double a[N], b[N];
int main(void) {
    for (int i = 0; i < N; i++)
        a[i] = (i % 13) * 0.5;
    fprintf(stderr, "initialised %d points\n", N);
    for (int i = 1; i < N - 1; i++)
        b[i] = a[i - 1] + a[i + 1];
    double sum = 0.0;
    for (int i = 0; i < N; i++)
        sum += b[i] * (i % 7);
    fprintf(stderr, "checksum %.12e\n", sum);
    FILE *out = fopen("result.txt", "w");
    fprintf(out, "%.12e %.12e\n", sum, b[N / 2]);
    fclose(out);
    return 0;
}
"""


def _distributed_and_validated(path: Path, program: str, validate_generated):
    """Write `program` to `path`, generate its MPI version (a loop distributed in blocks) and validate it."""
    path.write_text(program)
    generated = generate_mpi(analyze_file(path, use_libclang=False))
    assert "s2p_block" in generated.source
    return validate_generated(path, generated.source)


@pytest.mark.slow
def test_stderr_and_written_files_are_produced_once_and_validated(tmp_path: Path, validate_generated) -> None:
    report = _distributed_and_validated(tmp_path / "outputs.c", PROGRAM, validate_generated)

    # Before, ranks other than 0 also printed on stderr: every line came np times and this was a mismatch.
    assert report.status == "equal", report.message
    assert any("stderr" in note and "file result.txt" in note for note in report.notes)


# The constructor of a global object prints before main: it ran on every rank (before MPI_Init, so before
# the other ranks' stdout went to /dev/null) and the parallel program printed "starting" np times.
GLOBAL_CONSTRUCTOR = r"""
#include <cstdio>
#include <vector>
struct Banner { Banner() { std::printf("starting\n"); } ~Banner() { std::printf("done\n"); } };
static Banner banner;
int main() {
    const int n = 400000;
    std::vector<double> a(n);
    for (int i = 0; i < n; i++)
        a[i] = i * 0.5 + 1.0 / (i + 1.0) + (i % 7) * 0.25;
    double s = 0;
    for (int i = 0; i < n; i++)
        s += a[i];
    std::printf("%.6f\n", s);
    return 0;
}
"""


@pytest.mark.slow
def test_a_global_constructor_prints_once(tmp_path: Path, validate_generated) -> None:
    report = _distributed_and_validated(tmp_path / "banner.cpp", GLOBAL_CONSTRUCTOR, validate_generated)
    assert report.status == "equal", report.message


# A table of row pointers into one buffer: the pointer values are addresses in one process.
ROW_POINTERS = r"""
#include <stdio.h>
#include <stdlib.h>
#define N 100000
int main(void) {
    double *buf = malloc(sizeof(double) * (N + 1));
    double **rows = malloc(sizeof(double *) * N);
    for (int i = 0; i < N + 1; i++)
        buf[i] = i % 7;
    for (int i = 0; i < N; i++)
        rows[i] = buf + i;
    for (int i = 0; i < N; i++)
        rows[i][1] = rows[i][0] * 2.0 + 1.0;
    double s = 0;
    for (int i = 0; i < N + 1; i++)
        s += buf[i] * (i % 13 + 1);
    printf("%.6f\n", s);
    return 0;
}
"""


@pytest.mark.slow
def test_pointers_are_never_distributed_or_gathered(tmp_path: Path, validate_generated) -> None:
    """Regression: the loop storing `rows[i] = buf + i` was distributed and `rows` gathered as MPI_DOUBLE, so
    ranks read addresses of another process (SIGSEGV); and the store through the overlapping rows was
    judged parallel."""
    source = tmp_path / "rows.c"
    source.write_text(ROW_POINTERS)
    generated = generate_mpi(analyze_file(source, use_libclang=False))
    reasons = {loop.line: why for loop, why in generated.sequential}
    assert "`rows` is a table of row pointers" in reasons.get(10, ""), reasons  # rows[i] = buf + i: addresses
    assert "S2P501" in reasons.get(12, ""), reasons  # rows[i][1] = rows[i][0] * ...
    assert "s2p_gather_rows(&rows" not in generated.source and "s2p_gather_rows(rows" not in generated.source
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message


@pytest.mark.slow
def test_s2p_rank_stderr_keeps_every_ranks_stderr(tmp_path: Path, compile_generated) -> None:
    """For debugging a crash on another rank (its sanitizer or C library report): S2P_RANK_STDERR=1."""
    import os
    import subprocess

    from seq2par.validators import find_mpi

    source = tmp_path / "outputs.c"
    source.write_text(PROGRAM)
    built, binary = compile_generated(generate_mpi(analyze_file(source, use_libclang=False)).source,
                                      "outputs.mpi.c", "-O2")
    assert built.returncode == 0, built.stderr
    mpi = find_mpi(cxx=False)
    for value, copies in ((None, 1), ("1", 2)):
        env = {k: v for k, v in os.environ.items() if k != "S2P_RANK_STDERR"}
        if value is not None:
            env["S2P_RANK_STDERR"] = value
        done = subprocess.run(list(mpi.launch_command(2, (str(binary),))), capture_output=True, text=True,
                              cwd=tmp_path, env=env, timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stderr.count("initialised 200000 points") == copies, done.stderr
