"""Validation at one rank or one thread only exercises nothing of the parallel program: `--np 1` ran the MPI
program with rank 0 computing every row (no split, gather, halo or reduction), `--threads 1` the OpenMP one on
one thread, and `parallelize` wrote the result labelled VALIDATED (a program that was wrong at np=2 passed).

- `parallelize` refuses a count list whose largest count is 1 as a usage error (exit 2, the JSON error
  document under `--format json`), unless `--no-validate` (then nothing runs and the file says UNVALIDATED).
- `validate` still compares the two programs it is given (a one-rank comparison is a fair check of its own),
  but says the outputs being equal validates nothing parallel: a warning on stderr, a note, and
  `ran_in_parallel: false` in its JSON (true whenever some count is 2 or more).
- The speed of a plan is judged at the smallest count of 2 or more (`--np 1,3` timed it at np=1)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

SEQ2PAR = str(Path(sys.executable).with_name("seq2par"))

# a map and a sum, both distributed
PROGRAM = """\
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 200000;
    double *a = malloc(sizeof(double) * n);
    for (int i = 0; i < n; i++) {
        double t = 0;
        for (int k = 0; k < 8; k++) t += (i * 3 + k) % 7;
        a[i] = t;
    }
    double s = 0;
    for (int i = 0; i < n; i++) s += a[i] * (i % 3);
    printf("%.1f\\n", s);
    free(a);
    return 0;
}
"""

# a "parallel" program that prints the right answer at np=1 only: every rank prints its own block's sum
WRONG_ABOVE_ONE = """\
#include <mpi.h>
#include <stdio.h>
int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    long s = 0;
    for (long i = rank; i < 1000; i += size) s += i;
    if (rank == 0) printf("%ld\\n", s);
    MPI_Finalize();
    return 0;
}
"""
SEQUENTIAL = """\
#include <stdio.h>
int main(void) {
    long s = 0;
    for (long i = 0; i < 1000; i++) s += i;
    printf("%ld\\n", s);
    return 0;
}
"""


def _seq2par(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    return subprocess.run([SEQ2PAR, *args], capture_output=True, text=True, cwd=cwd, timeout=300, env=env,
                          stdin=subprocess.DEVNULL)


@pytest.mark.parametrize(("target", "option", "counts"), [
    ("mpi", "--np", "1"),
    ("mpi", "--np", "1,1"),
    ("openmp", "--threads", "1"),
])
def test_parallelize_refuses_to_validate_at_one_rank_or_thread(tmp_path: Path, target: str, option: str,
                                                               counts: str) -> None:
    (tmp_path / "prog.c").write_text(PROGRAM)
    done = _seq2par("parallelize", "prog.c", "--target", target, option, counts, "--runs", "1", cwd=tmp_path)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert f"{option} {counts}:" in done.stderr and "at least 2" in done.stderr, done.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["prog.c"]
    as_json = _seq2par("parallelize", "prog.c", "--target", target, option, counts, "--format", "json",
                       cwd=tmp_path)
    document = json.loads(as_json.stdout)
    assert as_json.returncode == 2 and document["status"] == "error" and document["exit_code"] == 2, as_json.stdout


def test_parallelize_without_validation_takes_any_count(tmp_path: Path) -> None:
    (tmp_path / "prog.c").write_text(PROGRAM)
    done = _seq2par("parallelize", "prog.c", "--np", "1", "--no-validate", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "prog.mpi.c").read_text().startswith("/* seq2par: UNVALIDATED")


def test_validate_at_one_rank_says_nothing_parallel_was_validated(tmp_path: Path) -> None:
    """The program is wrong at np=2 and equal at np=1: `validate --np 1` exits 0 (the outputs are equal) and
    says that validates nothing parallel; at np=1,2 it finds the mismatch."""
    (tmp_path / "seq.c").write_text(SEQUENTIAL)
    (tmp_path / "par.c").write_text(WRONG_ABOVE_ONE)
    one = _seq2par("validate", "seq.c", "par.c", "--target", "mpi", "--np", "1", "--runs", "1", "--format", "json",
                   cwd=tmp_path)
    report = json.loads(one.stdout)
    assert one.returncode == 0 and report["status"] == "equal", (one.returncode, one.stdout, one.stderr)
    assert report["ran_in_parallel"] is False
    assert any("only one rank or thread ran" in note for note in report["notes"]), report["notes"]
    assert "warning: only one rank or thread ran" in one.stderr, one.stderr
    text = _seq2par("validate", "seq.c", "par.c", "--target", "mpi", "--np", "1", "--runs", "1", "-q",
                    cwd=tmp_path)
    assert text.returncode == 0 and "warning: only one rank or thread ran" in text.stderr, text.stderr
    both = _seq2par("validate", "seq.c", "par.c", "--target", "mpi", "--np", "1,2", "--runs", "1", "--format",
                    "json", cwd=tmp_path)
    report = json.loads(both.stdout)
    assert both.returncode == 4 and report["status"] == "mismatch" and report["ran_in_parallel"] is True


def test_validate_at_two_threads_ran_in_parallel(tmp_path: Path) -> None:
    (tmp_path / "seq.c").write_text(SEQUENTIAL)
    (tmp_path / "par.c").write_text(SEQUENTIAL)
    done = _seq2par("validate", "seq.c", "par.c", "--target", "openmp", "--threads", "1,2", "--runs", "1",
                    "--format", "json", cwd=tmp_path)
    report = json.loads(done.stdout)
    assert done.returncode == 0 and report["ran_in_parallel"] is True, done.stdout
    assert not any("only one rank or thread ran" in note for note in report["notes"])
    assert "only one rank or thread ran" not in done.stderr


def test_the_speed_is_judged_at_the_smallest_count_of_two_or_more(tmp_path: Path) -> None:
    (tmp_path / "prog.c").write_text(PROGRAM)
    done = _seq2par("parallelize", "prog.c", "--np", "1,3", "--runs", "1", "--args", "3000000", "--allow-slower",
                    "--format", "json", "-q", cwd=tmp_path)
    result = json.loads(done.stdout)
    assert done.returncode == 0, (done.stdout[-2000:], done.stderr[-2000:])
    assert result["speed"] is not None and result["speed"]["np"] == 3, result["speed"]
