"""Validation that knows floating point (issue 13): numbers the original does not determine are compared
within its measured rounding noise, numbers that vary between its own runs are not compared, lines the
user excludes are dropped; and real bugs in stable outputs are still caught. Real mpicc/mpiexec, no mocks."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from seq2par.cli import validate_cmd
from seq2par.validators import ValidationError, validate_mpi
from seq2par.validators.compare import Allowance, compare_outputs
from seq2par.validators.noise import (
    SAFETY_FACTOR,
    loose_tokens,
    significant_digits,
    varying_tokens,
)

SourceWriter = Callable[[str, str], Path]  # the write_source fixture (conftest.py)

# All-pairs accelerations; the momentum sum is ~0 by symmetry (terms of order 1e6 cancel), so none of its
# digits is significant, while the energy is a sum of positive terms and keeps 12 good digits.
NBODY = """
    #include <math.h>
    #include <stdio.h>
    #define N 600
    double x[N], y[N], m[N], ax[N];
    int main(void) {
        for (int i = 0; i < N; i++) {
            x[i] = sin(i * 1.7) * 100.0; y[i] = cos(i * 0.3) * 100.0; m[i] = 1.0 + (i % 7);
        }
        for (int i = 0; i < N; i++) {
            double a = 0.0;
            for (int j = 0; j < N; j++) {
                if (j == i) continue;
                double dx = x[j] - x[i], dy = y[j] - y[i];
                double r2 = dx * dx + dy * dy + 1e-3;
                a += m[j] * dx / (r2 * sqrt(r2));
            }
            ax[i] = a * 1e6;
        }
        double momentum = 0.0, energy = 0.0;
        for (int i = 0; i < N; i++) { momentum += m[i] * ax[i]; energy += m[i] * ax[i] * ax[i]; }
        printf("momentum %.6e\\n", momentum);
        printf("energy %.12e\\n", energy);
        return 0;
    }
"""

NBODY_MPI = """
    #include <math.h>
    #include <mpi.h>
    #include <stdio.h>
    #define N 600
    double x[N], y[N], m[N], ax[N];
    int main(int argc, char **argv) {
        MPI_Init(&argc, &argv);
        int rank, size;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        for (int i = 0; i < N; i++) {
            x[i] = sin(i * 1.7) * 100.0; y[i] = cos(i * 0.3) * 100.0; m[i] = 1.0 + (i % 7);
        }
        int lo = rank * N / size, hi = (rank + 1) * N / size;
        for (int i = lo; i < hi; i++) {
            double a = 0.0;
            for (int j = 0; j < N; j++) {
                if (j == i) continue;
                double dx = x[j] - x[i], dy = y[j] - y[i];
                double r2 = dx * dx + dy * dy + 1e-3;
                a += m[j] * dx / (r2 * sqrt(r2));
            }
            ax[i] = a * 1e6;
        }
        double local[2] = {0.0, 0.0}, total[2];
        for (int i = lo; i < hi; i++) { local[0] += m[i] * ax[i]; local[1] += m[i] * ax[i] * ax[i]; }
        MPI_Allreduce(local, total, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        if (rank == 0) {
            printf("momentum %.6e\\n", total[0]);
            printf("energy %.12e\\n", total[1]);
        }
        MPI_Finalize();
        return 0;
    }
"""
NBODY_ALLREDUCE = "MPI_Allreduce(local, total, 2, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);"
# Rank 0 keeps its own partial sums: the other ranks' reduction is lost.
NBODY_LOST_REDUCTION = NBODY_MPI.replace(NBODY_ALLREDUCE, "total[0] = local[0]; total[1] = local[1];")

# Modified Gram-Schmidt on a rank-deficient matrix: column 2 = 0.3 col 0 + 0.7 col 1, so its residual is
# rounding noise and normalizing it by its (noise) norm prints O(1) values the original does not determine.
GRAMSCHMIDT = """
    #include <math.h>
    #include <stdio.h>
    #define N 40
    #define M 3
    double A[N][M], Q[N][M], R[M][M];
    int main(void) {
        for (int i = 0; i < N; i++) {
            A[i][0] = sin(i + 1.0); A[i][1] = cos(0.5 * i); A[i][2] = 0.3 * A[i][0] + 0.7 * A[i][1];
        }
        for (int k = 0; k < M; k++) {
            double nrm = 0.0;
            for (int i = 0; i < N; i++) nrm += A[i][k] * A[i][k];
            R[k][k] = sqrt(nrm);
            for (int i = 0; i < N; i++) Q[i][k] = A[i][k] / R[k][k];
            for (int j = k + 1; j < M; j++) {
                double dot = 0.0;
                for (int i = 0; i < N; i++) dot += Q[i][k] * A[i][j];
                R[k][j] = dot;
                for (int i = 0; i < N; i++) A[i][j] -= Q[i][k] * R[k][j];
            }
        }
        for (int k = 0; k < M; k++) printf("R %d %.10e %.10e %.10e\\n", k, R[k][0], R[k][1], R[k][2]);
        for (int i = 0; i < N; i += 8) printf("Q %d %.10e %.10e %.10e\\n", i, Q[i][0], Q[i][1], Q[i][2]);
        return 0;
    }
"""

# Rows in blocks; every sum over rows is an Allreduce (the reassociation the issue measured).
GRAMSCHMIDT_MPI = """
    #include <math.h>
    #include <mpi.h>
    #include <stdio.h>
    #define N 40
    #define M 3
    double A[N][M], Q[N][M], R[M][M];
    static double sum_over_ranks(double local) {
        double total;
        MPI_Allreduce(&local, &total, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        return total;
    }
    int main(int argc, char **argv) {
        MPI_Init(&argc, &argv);
        int rank, size;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        int lo = rank * N / size, hi = (rank + 1) * N / size;
        for (int i = 0; i < N; i++) {
            A[i][0] = sin(i + 1.0); A[i][1] = cos(0.5 * i); A[i][2] = 0.3 * A[i][0] + 0.7 * A[i][1];
        }
        for (int k = 0; k < M; k++) {
            double nrm = 0.0;
            for (int i = lo; i < hi; i++) nrm += A[i][k] * A[i][k];
            R[k][k] = sqrt(NORM_SUM);
            for (int i = lo; i < hi; i++) Q[i][k] = A[i][k] / R[k][k];
            for (int j = k + 1; j < M; j++) {
                double dot = 0.0;
                for (int i = lo; i < hi; i++) dot += Q[i][k] * A[i][j];
                R[k][j] = sum_over_ranks(dot);
                for (int i = lo; i < hi; i++) A[i][j] -= Q[i][k] * R[k][j];
            }
        }
        for (int i = 0; i < N; i++) {
            int owner = 0;
            while ((owner + 1) * N / size <= i) owner++;
            MPI_Bcast(Q[i], M, MPI_DOUBLE, owner, MPI_COMM_WORLD);
        }
        if (rank == 0) {
            for (int k = 0; k < M; k++) printf("R %d %.10e %.10e %.10e\\n", k, R[k][0], R[k][1], R[k][2]);
            for (int i = 0; i < N; i += 8) printf("Q %d %.10e %.10e %.10e\\n", i, Q[i][0], Q[i][1], Q[i][2]);
        }
        MPI_Finalize();
        return 0;
    }
"""

# 1-D Jacobi smoothing: well conditioned, every printed digit is determined.
JACOBI = """
    #include <stdio.h>
    #define N 64
    #define STEPS 40
    double u[N + 2], v[N + 2];
    int main(void) {
        for (int i = 0; i < N + 2; i++) u[i] = (i * 37 % 11) * 0.1;
        for (int t = 0; t < STEPS; t++) {
            for (int i = 1; i <= N; i++) v[i] = (u[i - 1] + u[i] + u[i + 1]) / 3.0;
            for (int i = 1; i <= N; i++) u[i] = v[i];
        }
        double sum = 0.0;
        for (int i = 1; i <= N; i++) sum += u[i] * i;
        printf("sum %.12e\\n", sum);
        for (int i = 1; i <= N; i += 9) printf("u[%d] = %.12e\\n", i, u[i]);
        return 0;
    }
"""

JACOBI_MPI = """
    #include <mpi.h>
    #include <stdio.h>
    #define N 64
    #define STEPS 40
    double u[N + 2], v[N + 2];
    int main(int argc, char **argv) {
        MPI_Init(&argc, &argv);
        int rank, size;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        int lo = 1 + rank * N / size, hi = 1 + (rank + 1) * N / size;  /* rows lo..hi-1 */
        int left = rank > 0 ? rank - 1 : MPI_PROC_NULL, right = rank < size - 1 ? rank + 1 : MPI_PROC_NULL;
        for (int i = 0; i < N + 2; i++) u[i] = (i * 37 % 11) * 0.1;
        for (int t = 0; t < STEPS; t++) {
            MPI_Sendrecv(&u[lo], 1, MPI_DOUBLE, left, 0, &u[hi], 1, MPI_DOUBLE, right, 0, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE); /* halo */
            MPI_Sendrecv(&u[hi - 1], 1, MPI_DOUBLE, right, 1, &u[lo - 1], 1, MPI_DOUBLE, left, 1, MPI_COMM_WORLD,
                         MPI_STATUS_IGNORE); /* halo */
            for (int i = lo; i < hi; i++) v[i] = (u[i - 1] + u[i] + u[i + 1]) / 3.0;
            for (int i = lo; i < hi; i++) u[i] = v[i];
        }
        int counts[64], displs[64];
        for (int r = 0; r < size; r++) {
            displs[r] = 1 + r * N / size;  /* into u itself: u[1] is row 1 */
            counts[r] = 1 + (r + 1) * N / size - displs[r];
        }
        MPI_Gatherv(rank == 0 ? MPI_IN_PLACE : (void *)&u[lo], hi - lo, MPI_DOUBLE, u, counts, displs,
                    MPI_DOUBLE, 0, MPI_COMM_WORLD);
        if (rank == 0) {
            double sum = 0.0;
            for (int i = 1; i <= N; i++) sum += u[i] * i;
            printf("sum %.12e\\n", sum);
            for (int i = 1; i <= N; i += 9) printf("u[%d] = %.12e\\n", i, u[i]);
        }
        MPI_Finalize();
        return 0;
    }
"""
JACOBI_WITHOUT_HALO = "\n".join(
    line for line in JACOBI_MPI.splitlines() if "MPI_Sendrecv" not in line and "/* halo */" not in line
)

# Prints its own run time: a number that differs on every run, of the original too.
TIMED = """
    #include <stdio.h>
    #include <time.h>
    int main(void) {
        struct timespec start, end;
        clock_gettime(CLOCK_MONOTONIC, &start);
        double s = 0.0;
        for (int i = 1; i < 2000000; i++) s += 1.0 / ((double)i * i);
        clock_gettime(CLOCK_MONOTONIC, &end);
        printf("result %.12f\\n", s);
        printf("Time in seconds = %.9f\\n", (end.tv_sec - start.tv_sec) + 1e-9 * (end.tv_nsec - start.tv_nsec));
        return 0;
    }
"""

TIMED_MPI = """
    #include <mpi.h>
    #include <stdio.h>
    int main(int argc, char **argv) {
        MPI_Init(&argc, &argv);
        int rank, size;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        double start = MPI_Wtime(), local = 0.0, s;
        for (int i = 1; i < 2000000; i++) if (i % size == rank) local += 1.0 / ((double)i * i);
        MPI_Reduce(&local, &s, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        if (rank == 0) {
            printf("result %.12f\\n", RESULT);
            printf("Time in seconds = %.9f\\n", MPI_Wtime() - start);
        }
        MPI_Finalize();
        return 0;
    }
"""


def _pair(write_source: SourceWriter, original: str, parallel: str, name: str) -> tuple[Path, Path]:
    return write_source(f"{name}.c", original), write_source(f"{name}_mpi.c", parallel)


def test_cancelling_sum_validates_within_the_measured_rounding_noise(write_source: SourceWriter) -> None:
    original, parallel = _pair(write_source, NBODY, NBODY_MPI, "nbody")
    report = validate_mpi(original, parallel, np_list=(2, 3), runs=1)
    assert report.status == "equal", report.message
    assert report.noise is not None and report.noise.measured
    assert set(report.noise.modes) == {"upward", "downward", "towardzero"}
    loose = {(token.stream, token.line, token.token_index) for token in report.noise.loose}
    assert loose == {("stdout", 1, 1)}  # the momentum only: the energy stays strict
    assert report.noise.loose[0].significant_digits == 0
    assert max(entry.loosened for entry in report.entries) == 1
    data = json.loads(json.dumps(report.to_dict()))
    assert data["noise"]["loose_count"] == 1 and data["noise"]["safety_factor"] == SAFETY_FACTOR

    strict = validate_mpi(original, parallel, np_list=(2, 3), runs=1, rounding_noise=False)
    assert strict.status == "mismatch"  # what the issue measured: a correct reduction rejected
    assert strict.entries[0].mismatch is not None and strict.entries[0].mismatch.line == 1


def test_a_lost_reduction_is_still_rejected(write_source: SourceWriter) -> None:
    original, parallel = _pair(write_source, NBODY, NBODY_LOST_REDUCTION, "nbody")
    report = validate_mpi(original, parallel, np_list=(2,), runs=1)
    assert report.status == "mismatch"
    assert report.noise is not None and report.noise.measured  # measured, and still not enough
    mismatch = report.entries[0].mismatch
    assert mismatch is not None and mismatch.reason == "number"


def test_ill_conditioned_normalization_validates(write_source: SourceWriter) -> None:
    original, parallel = _pair(write_source, GRAMSCHMIDT, GRAMSCHMIDT_MPI.replace("NORM_SUM", "sum_over_ranks(nrm)"),
                               "gramschmidt")
    report = validate_mpi(original, parallel, np_list=(2, 3), runs=1)
    assert report.status == "equal", report.message
    assert report.noise is not None and report.noise.loose_count > 0
    # Only the normalized noise column (and R[2][2], its norm) is loose: column 0 keeps its strict tolerance.
    assert all(token.token_index % 5 in (0, 4) for token in report.noise.loose if token.line > 3), report.noise.loose


def test_ill_conditioned_normalization_with_a_lost_norm_reduction_is_rejected(write_source: SourceWriter) -> None:
    original, parallel = _pair(write_source, GRAMSCHMIDT, GRAMSCHMIDT_MPI.replace("NORM_SUM", "nrm"), "gramschmidt")
    report = validate_mpi(original, parallel, np_list=(2,), runs=1)
    assert report.status == "mismatch"


def test_stable_output_with_a_missing_halo_is_rejected(write_source: SourceWriter) -> None:
    original, good = _pair(write_source, JACOBI, JACOBI_MPI, "jacobi")
    assert validate_mpi(original, good, np_list=(2, 3), runs=1).status == "equal"
    broken = write_source("jacobi_nohalo.c", JACOBI_WITHOUT_HALO)
    report = validate_mpi(original, broken, np_list=(2,), runs=1)
    assert report.status == "mismatch"
    assert report.noise is not None and report.noise.measured and report.noise.loose_count == 0


def test_the_probe_keeps_formatting_in_round_to_nearest(write_source: SourceWriter) -> None:
    """glibc's printf rounds decimals in the current rounding mode (1/3 at %.6f prints 0.333334 upward):
    without the probe's wrappers every printed number would look noisy. Here the value is computed exactly
    (one division, the same in every mode up to its last bit), so nothing may be loosened; a wrong value
    elsewhere triggers the measurement."""
    original = write_source("third.c", """
        #include <stdio.h>
        #include <stdlib.h>
        int main(int argc, char **argv) {
            volatile double three = 3.0;
            double third = 1.0 / three;
            char text[32];
            snprintf(text, sizeof text, "%.6f", third);
            printf("third %.6f %s parsed %.17g\\n", third, text, atof("0.1"));
            printf("flag %.3f\\n", 1.5);
            return 0;
        }
    """)
    parallel = write_source("third_mpi.c", """
        #include <mpi.h>
        #include <stdio.h>
        int main(int argc, char **argv) {
            MPI_Init(&argc, &argv);
            int rank;
            MPI_Comm_rank(MPI_COMM_WORLD, &rank);
            if (rank == 0) {
                printf("third %.6f %s parsed %.17g\\n", 1.0 / 3.0, "0.333333", 0.1);
                printf("flag %.3f\\n", 1.6);
            }
            MPI_Finalize();
            return 0;
        }
    """)
    report = validate_mpi(original, parallel, np_list=(2,), runs=1)
    assert report.status == "mismatch"
    assert report.noise is not None and report.noise.measured, report.noise
    assert report.noise.loose_count == 0, report.noise.loose


def test_a_printed_run_time_is_not_compared(write_source: SourceWriter) -> None:
    original, parallel = _pair(write_source, TIMED, TIMED_MPI.replace("RESULT", "s"), "timed")
    for runs in (1, 2):  # one run: the original is run once more; two: its runs are reused
        report = validate_mpi(original, parallel, np_list=(2,), runs=runs)
        assert report.status == "equal", report.message
        # Token 6 of the output: "result", its value, "Time", "in", "seconds", "=", then the time.
        assert [(token.stream, token.line, token.token_index) for token in report.varying] == [("stdout", 2, 6)]
    wrong = write_source("timed_wrong.c", TIMED_MPI.replace("RESULT", "s * 1.001"))
    assert validate_mpi(original, wrong, np_list=(2,), runs=1).status == "mismatch"


IGNORED_LINE_ORIGINAL = """
    #include <stdio.h>
    int main(void) {
        printf("variant: serial\\n");
        printf("sum %d\\n", 42);
        return 0;
    }
"""
IGNORED_LINE_PARALLEL = """
    #include <mpi.h>
    #include <stdio.h>
    int main(int argc, char **argv) {
        MPI_Init(&argc, &argv);
        int rank, size;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        if (rank == 0) {
            printf("variant: mpi on %d ranks\\n", size);
            printf("sum %d\\n", SUM);
        }
        MPI_Finalize();
        return 0;
    }
"""


def test_ignore_line_drops_lines_before_comparing(write_source: SourceWriter) -> None:
    original = write_source("variant.c", IGNORED_LINE_ORIGINAL)
    parallel = write_source("variant_mpi.c", IGNORED_LINE_PARALLEL.replace("SUM", "42"))
    assert validate_mpi(original, parallel, np_list=(2,), runs=1).status == "mismatch"
    report = validate_mpi(original, parallel, np_list=(2,), runs=1, ignore_lines=["^variant:"])
    assert report.status == "equal", report.message
    assert report.dropped_lines == {"stdout": 1}
    wrong = write_source("variant_wrong.c", IGNORED_LINE_PARALLEL.replace("SUM", "41"))
    assert validate_mpi(original, wrong, np_list=(2,), runs=1, ignore_lines=["^variant:"]).status == "mismatch"
    with pytest.raises(ValidationError):
        validate_mpi(original, parallel, np_list=(2,), runs=1, ignore_lines=["(unclosed"])


def test_ignore_line_from_pyproject_and_the_command_line(tmp_path: Path) -> None:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Keeps `validate` a subcommand."""

    validate_cmd.register(app)
    original = tmp_path / "variant.c"
    parallel = tmp_path / "variant_mpi.c"
    original.write_text(textwrap.dedent(IGNORED_LINE_ORIGINAL))
    parallel.write_text(textwrap.dedent(IGNORED_LINE_PARALLEL).replace("SUM", "42"))
    (tmp_path / ".git").mkdir()  # the configuration search stops at the repository root
    command = ["validate", str(original), str(parallel), "--np", "2", "--runs", "1", "--format", "json"]
    assert CliRunner().invoke(app, command).exit_code == 4
    assert CliRunner().invoke(app, [*command, "--ignore-line", "^variant:"]).exit_code == 0
    (tmp_path / "pyproject.toml").write_text('[tool.seq2par]\nignore-line = ["^variant:"]\n')
    result = CliRunner().invoke(app, command)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["dropped_lines"] == {"stdout": 1}
    (tmp_path / "pyproject.toml").write_text("[tool.seq2par]\nignore-line = 3\n")
    assert CliRunner().invoke(app, command).exit_code == 2


def test_loose_tokens_and_varying_tokens() -> None:
    reference = {"stdout": "a 1.000000e+00 b 2.5e-07 n 12\n", "file x.bin": b"\x00"}
    upward = {"stdout": "a 1.000000e+00 b 3.5e-07 n 13\n"}
    downward = {"stdout": "a 1.000000e+00 b 1.0e-07 n 12\n"}
    loose, unaligned = loose_tokens(reference, [upward, downward], rtol=1e-9, atol=1e-12)
    assert [(token.token_index, token.spread) for token in loose] == [(3, pytest.approx(1.5e-7))]
    assert loose[0].tolerance == pytest.approx(SAFETY_FACTOR * 1.5e-7)
    assert unaligned == []
    # Another shape of output under a rounding mode: that run is not used there.
    _, unaligned = loose_tokens(reference, [{"stdout": "a 1.0 converged after 3 steps\n"}], 1e-9, 1e-12)
    assert unaligned == ["stdout"]
    varying = varying_tokens({"stdout": "t = 0.51 s sum 3\n"}, [{"stdout": "t = 0.48 s sum 3\n"}])
    assert [(token.token_index, token.values) for token in varying] == [(2, ("0.51", "0.48"))]
    assert significant_digits(1.2345, 1e-4) == 4 and significant_digits(1e-7, 1e-6) == 0


def test_allowances_loosen_only_the_listed_tokens() -> None:
    allowance = Allowance(ignored=frozenset({1}), tolerance={3: 1e-3})
    assert compare_outputs("t 0.5 x 1.0000", "t 0.9 x 1.0005", allowance=allowance).equal
    assert not compare_outputs("t 0.5 x 1.0000", "t 0.9 x 1.0020", allowance=allowance).equal  # beyond the noise
    assert not compare_outputs("t 0.5 x 1.0000", "u 0.9 x 1.0000", allowance=allowance).equal  # text stays exact
    assert not compare_outputs("t 0.5 x 1.0000 y 2.0", "t 0.5 x 1.0000 y 2.0001", allowance=allowance).equal
