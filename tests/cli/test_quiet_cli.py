"""`-q`/`--quiet` means the same for every command that has it (analyze, check, validate, parallelize): no
progress and no notes; errors, warnings, the result and the exit code are unchanged."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SEQ2PAR = (
    str(Path(sys.executable).with_name("seq2par"))
    if Path(sys.executable).with_name("seq2par").exists()
    else shutil.which("seq2par")
)

# A sum whose last digits move when it is split: with --rtol 0 --atol 0 every parallel run mismatches.
SUM = """\
#include <stdio.h>
#define N 3000000
static double a[N];
int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = 1.0 / (1.0 + (double)(i % 977)) + (i % 3 ? 1e8 : 0.0);
    double sum = 0.0;
    for (int i = 0; i < N; i++)
        sum += a[i];
    printf("%.17g\\n", sum);
    return 0;
}
"""


def seq2par(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    assert SEQ2PAR, "the seq2par console script is not installed"
    return subprocess.run([SEQ2PAR, *args], capture_output=True, text=True, cwd=cwd, timeout=300,
                          stdin=subprocess.DEVNULL)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "sum.c").write_text(SUM)
    return tmp_path


@pytest.mark.skipif(shutil.which("mpicc") is None, reason="mpicc not on PATH (install the mpich wheel)")
def test_parallelize_quiet_prints_no_note_when_validation_fails(folder: Path) -> None:
    """A failed validation is printed under --quiet to say why; its notes were printed with it."""
    options = ["--ignore-stderr", "--rtol", "0", "--atol", "0", "--no-rounding-noise", "--runs", "1", "--np", "2"]
    loud = seq2par("parallelize", "sum.c", *options, cwd=folder)
    quiet = seq2par("parallelize", "sum.c", *options, "-q", cwd=folder)
    assert loud.returncode == quiet.returncode == 4, quiet.stderr
    assert "note: stderr was not compared" in loud.stderr
    assert "note:" not in quiet.stderr and "validating" not in quiet.stderr
    assert "MISMATCH" in quiet.stderr and "result: mismatch" in quiet.stderr


@pytest.mark.skipif(shutil.which("mpicc") is None, reason="mpicc not on PATH (install the mpich wheel)")
def test_validate_quiet_prints_the_result_without_notes(folder: Path) -> None:
    assert seq2par("parallelize", "sum.c", "--no-validate", "-q", cwd=folder).returncode == 0
    options = ["--ignore-stderr", "--runs", "1", "--np", "2"]
    loud = seq2par("validate", "sum.c", "sum.mpi.c", *options, cwd=folder)
    quiet = seq2par("validate", "sum.c", "sum.mpi.c", *options, "--quiet", cwd=folder)
    assert loud.returncode == quiet.returncode == 0, quiet.stderr + quiet.stdout
    assert "note: stderr was not compared" in loud.stdout
    assert "note:" not in quiet.stdout + quiet.stderr
    assert quiet.stdout.splitlines()[-1].startswith("equal:")


def test_check_quiet_leaves_out_the_notes_but_counts_them(folder: Path) -> None:
    loud = seq2par("check", "sum.c", cwd=folder)
    quiet = seq2par("check", "-q", "sum.c", cwd=folder)
    assert loud.returncode == quiet.returncode == 0
    assert "note [S2P801]" in loud.stdout and "[S2P" not in quiet.stdout
    assert quiet.stdout.splitlines() == loud.stdout.splitlines()[-1:]  # the summary, with the notes counted


def test_analyze_quiet_keeps_the_verdicts_and_errors(folder: Path) -> None:
    (folder / "bad.c").write_text("int main(void) { for (int i = 0; i < 4; i++) { x = ; } }\n")
    loud = seq2par("analyze", "sum.c", "--no-libclang", cwd=folder)
    quiet = seq2par("analyze", "sum.c", "--no-libclang", "-q", cwd=folder)
    assert loud.returncode == quiet.returncode == 0
    assert "analyzed with" in loud.stdout and "analyzed with" not in quiet.stdout
    assert quiet.stdout.splitlines() == [line for line in loud.stdout.splitlines() if "analyzed with" not in line]
    broken = seq2par("analyze", "bad.c", "--no-libclang", "-q", cwd=folder)
    assert broken.returncode == 2 and "S2P100" in broken.stdout + broken.stderr
    conflict = seq2par("analyze", "sum.c", "-q", "--all", cwd=folder)
    assert conflict.returncode == 2 and "--quiet and --all conflict" in conflict.stderr
