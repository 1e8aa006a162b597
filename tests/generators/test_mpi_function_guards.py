"""MPI function mode: what the gathers may write, which ranks need the result (a review of 2026-12-07), and
the datatypes of its reductions.

- A store behind a guard (`if (i < m) y[i] = ...` over i < n) was distributed, and each block of [0, n)
  gathered: y may hold only m elements, and the gather wrote past it (validated with a driver where m = n;
  with m < n rank 0's memory after y was overwritten, or the program crashed). A loop whose gathered array is
  not accessed at one element in every iteration now stays sequential with the reason; a store in both
  branches of an `if` is one in every iteration.
- Under `--result rank0` an array the function updates in place went to rank 0 only: the caller's next call
  read the other ranks' stale copies (`step(x)` called twice: 111197.79 for 111199.88 at np=2). An array the
  function reads as an input is now made whole on every rank; an output it stores before reading still goes
  to rank 0 alone.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.generators.edits import TransformationError
from seq2par.generators.mpi_function import generate_mpi_function
from seq2par.validators import find_mpi

KERNELS = """
#include <math.h>
void guarded(int n, int m, const double *restrict x, double *restrict y) {
    for (int i = 0; i < n; i++)
        if (i < m) y[i] = sqrt(x[i] * x[i] + 1.0) * 2.0 + exp(x[i] * 0.01);
}
void skipped(int n, const double *restrict x, double *restrict y) {
    for (int i = 0; i < n; i++) {
        if (x[i] < 0) continue;
        y[i] = sqrt(x[i]) * exp(x[i]) + log(x[i] + 1.0);
    }
}
void both(int n, const double *restrict x, double *restrict y) {
    for (int i = 0; i < n; i++) {
        if (x[i] < 0) { y[i] = 0.0; } else { y[i] = sqrt(x[i]) * exp(x[i]) + log(x[i] + 1.0); }
    }
}
void read_first(int n, double *restrict y) {
    for (int i = 0; i < n; i++)
        if (y[i] < 0) y[i] = sqrt(-y[i]) * exp(y[i]) + log(1.0 - y[i]);
}
void in_place(int n, double *restrict x) {
    for (int i = 0; i < n; i++) x[i] = sqrt(x[i] * x[i] + 1.0) * exp(x[i] * 0.01) + log(x[i] * x[i] + 2.0);
}
void zero_trips(int n, int m, const double *restrict x, double *restrict y) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < (i < m); j++) y[i] = sqrt(x[i] * x[i] + 1.0) * 2.0 + exp(x[i] * 0.01);
}
void rows(int n, int w, const double *restrict x, double *restrict y) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < w; j++) {
            if (x[i * w + j] < 0) y[i * w + j] = 0.0;
            else y[i * w + j] = sqrt(x[i * w + j]) * exp(x[i * w + j]) + log(x[i * w + j] + 1.0);
        }
}
double total(const double *v, int n);
void called(int n, double *restrict y) {
    double t = total(y, n);
    for (int i = 0; i < n; i++) y[i] = sqrt(t + i) * exp(i * 0.01) + log(i + 2.0);
}
void other_element(int n, double *restrict y) {
    y[0] = 1.0;
    double t = y[n - 1];
    for (int i = 0; i < n; i++) y[i] = sqrt(t + i) * exp(i * 0.01) + log(i + 2.0);
}
void product(const double *restrict A, const double *restrict B, double *restrict C, int n) {
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) C[i * n + j] = 0.0;
        for (int k = 0; k < n; k++)
            for (int j = 0; j < n; j++)
                C[i * n + j] += A[i * n + k] * B[k * n + j];
    }
}
void output(int n, const double *restrict x, double *restrict y) {
    for (int i = 0; i < n; i++) {
        y[i] = 0.0;
        y[i] += sqrt(x[i] * x[i] + 1.0) * exp(x[i] * 0.01) + log(x[i] * x[i] + 2.0);
    }
}
"""


def _generate(function: str):
    return generate_mpi_function(analyze_source(KERNELS, "kernels.c"), function, result="rank0", cost_model=False)


@pytest.mark.parametrize("function", ["guarded", "skipped", "zero_trips"])
def test_a_store_some_iterations_skip_is_not_gathered(function: str) -> None:
    with pytest.raises(TransformationError, match=r"`y` is stored under a condition or after a jump"):
        _generate(function)


@pytest.mark.parametrize(("function", "gather"), [
    ("both", "s2p_fn_gather_root(&y[0]"),       # stored in both branches: every element, an output
    ("read_first", "s2p_fn_allgather(&y[0]"),   # read in every iteration (it exists), and an input
    ("in_place", "s2p_fn_allgather(&x[0]"),     # updated in place: the next call reads it on every rank
    ("output", "s2p_fn_gather_root(&y[0]"),     # stored before it is read: only rank 0 needs it
    ("rows", "s2p_fn_gather_root(&y[0]"),       # rows stored on both branches, over the row's columns
    ("product", "s2p_fn_gather_root(&C[0]"),    # each row zeroed over its columns, then summed into
    ("called", "s2p_fn_allgather(&y[0]"),       # a call reads it first (a review: wrong at np=2-4)
    ("other_element", "s2p_fn_allgather(&y[0]"),  # y[n - 1] read before the loop
])
def test_which_ranks_get_the_gathered_array(function: str, gather: str) -> None:
    assert gather in _generate(function).source


STEP = """
#include <math.h>
double step(double *restrict x, int n) {
    double s = 0.0;
    for (int i = 1; i < n; i++)
        s += x[i] * x[i - 1];
    for (int i = 0; i < n; i++)
        x[i] = sqrt(x[i] * x[i] + 1.0) * 0.5 + exp(-x[i]) + log(x[i] * x[i] + 2.0);
    return s;
}
"""

DRIVER = r"""
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
double step(double *restrict x, int n);
int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank, n = 100000;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    double *x = malloc(n * sizeof *x);
    for (int i = 0; i < n; i++) x[i] = (i % 17) * 0.25;
    double first = step(x, n), second = step(x, n);
    if (rank == 0) printf("%.15e %.15e\n", first, second);
    free(x);
    MPI_Finalize();
    return 0;
}
"""


def test_a_function_called_twice_reads_what_its_first_call_left(tmp_path: Path) -> None:
    """The review's `step`: its in-place update, gathered on rank 0 only, left the other ranks' x partial,
    and the second call's sum on rank 0 was wrong at np = 2 and 3."""
    mpi = find_mpi(cxx=False)
    parallel = generate_mpi_function(analyze_source(STEP, "step.c"), "step", result="rank0", cost_model=False)
    (tmp_path / "serial.c").write_text(STEP)
    (tmp_path / "parallel.c").write_text(parallel.source)
    (tmp_path / "driver.c").write_text(DRIVER)
    outputs = {}
    for name in ("serial", "parallel"):
        exe = tmp_path / name
        subprocess.run([*mpi.compiler.command, "-O2", str(tmp_path / f"{name}.c"), str(tmp_path / "driver.c"),
                        "-o", str(exe), "-lm"], check=True, capture_output=True)
        for ranks in ("1", "2", "3"):
            done = subprocess.run(mpi.launch_command(int(ranks), [str(exe)]), capture_output=True, text=True,
                                  timeout=120, check=True)
            outputs[name, ranks] = [float(v) for v in done.stdout.split()]
    expected = outputs["serial", "1"]
    for ranks in ("1", "2", "3"):
        assert outputs["parallel", ranks] == pytest.approx(expected, rel=1e-12), (ranks, outputs)


CHARS = """
signed char total(const signed char *restrict x, int n) {
    signed char s = 0;
    for (int i = 0; i < n; i++) s += x[i];
    return s;
}
char low(const char *restrict x, int n) {
    char m = 127;
    for (int i = 0; i < n; i++) m = x[i] < m ? x[i] : m;
    return m;
}
unsigned char bits(const unsigned char *restrict x, int n) {
    unsigned char b = 0;
    for (int i = 0; i < n; i++) b |= x[i];
    return b;
}
"""


@pytest.mark.parametrize(("function", "datatype"), [
    ("total", "MPI_SIGNED_CHAR, MPI_SUM"),
    ("low", "(((char)-1) < 0 ? MPI_SIGNED_CHAR : MPI_UNSIGNED_CHAR), MPI_MIN"),
    ("bits", "MPI_UNSIGNED_CHAR, MPI_BOR"),
])
def test_char_reductions_use_a_datatype_the_standard_defines_them_for(function: str, datatype: str,
                                                                      tmp_path: Path) -> None:
    """MPI_CHAR takes no reduction (MPI 3.1, 5.9.2; MPICH accepts it, Open MPI does not): a plain char is
    reduced as the signed or unsigned char it is, the others as themselves. The program builds."""
    generated = generate_mpi_function(analyze_source(CHARS, "chars.c"), function, cost_model=False)
    assert f"MPI_Allreduce(MPI_IN_PLACE, &s2p_value, 1, {datatype}, MPI_COMM_WORLD);" in generated.source
    assert "MPI_CHAR," not in generated.source
    (tmp_path / "chars.c").write_text(generated.source)
    mpi = find_mpi(cxx=False)
    subprocess.run([*mpi.compiler.command, "-c", str(tmp_path / "chars.c"), "-o", str(tmp_path / "chars.o")],
                   check=True, capture_output=True)
