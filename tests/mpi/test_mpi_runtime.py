"""The generated MPI runtime, exercised collectively by the pytest ranks themselves.

Run with: mpiexec -n 2 python -m pytest --with-mpi -m mpi tests/mpi

Rank 0 generates the MPI version of a histogram + minloc program and builds, once, into a folder every rank
sees (path broadcast with mpi4py): (1) a shared library holding the generated runtime block plus three
exported wrappers, and (2) the generated program itself. Each pytest rank loads the library with ctypes;
it shares the MPI library (and MPI_COMM_WORLD) that mpi4py already initialized, so the runtime's
collectives run across the pytest ranks without a second MPI_Init. Every check ends in a collective
agreement so that a failure on one rank fails the test on all ranks instead of hanging them.
"""

from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import tempfile
import traceback
from pathlib import Path

import pytest

pytestmark = pytest.mark.mpi(min_size=2)

HISTOGRAM_MINLOC = """\
#include <stdio.h>

#define N 100000
#define B 16

static int key[N];
static long hist[B];
static double val[N];

int main(void)
{
    for (int i = 0; i < N; i++) {
        key[i] = (int)(((unsigned)i * 2654435761u) % B);
        val[i] = (double)(((i + 1) * 7919) % 10007);
    }
    for (int b = 0; b < B; b++)
        hist[b] = 0;
    for (int i = 0; i < N; i++)
        hist[key[i]] += 1;
    /* val is 0 at i = 10006, 20013, ...: a correct minloc keeps the first index of a tie. */
    double best = 1e300;
    int besti = -1;
    for (int i = 0; i < N; i++) {
        if (val[i] < best) {
            best = val[i];
            besti = i;
        }
    }
    for (int b = 0; b < B; b++)
        printf("hist[%d] = %ld\\n", b, hist[b]);
    printf("best = %.3f at %d\\n", best, besti);
    return 0;
}
"""

# Exported wrappers around the static runtime functions; s2p_init is NOT called (mpi4py owns MPI_Init).
HARNESS_TAIL = """
int harness_setup(void)
{
    MPI_Comm_rank(MPI_COMM_WORLD, &s2p_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &s2p_size);
    return s2p_size;
}

void harness_block(long lo, long hi, int rank, long *first, long *last)
{
    s2p_block(lo, hi, rank, first, last);
}

void harness_gather_rows(double *base, long lo, long hi, long stride, long rmin, long rmax)
{
    s2p_gather_rows(base, MPI_DOUBLE, lo, hi, stride, rmin, rmax);
}
"""

RUNTIME_START = "/* ---- seq2par MPI runtime"
RUNTIME_END = "/* ---- end of seq2par MPI runtime ---- */"


def comm_world():
    from mpi4py import MPI

    return MPI.COMM_WORLD


def agree(comm, error: str | None) -> None:
    """Every rank fails when any rank failed (with that rank's message)."""
    errors = [e for e in comm.allgather(error) if e]
    assert not errors, "\n".join(errors)


def clean_env() -> dict[str, str]:
    """The environment without the launcher's variables, so a nested mpiexec starts its own job."""
    prefixes = ("PMI_", "PMIX_", "HYDRA_", "MPIR_", "MPICH_", "OMPI_")
    return {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}


def build_on_rank_zero(comm, tmp_root: Path) -> dict:
    """Rank 0 generates and builds everything once; all ranks get the paths (or rank 0's error)."""
    result: dict = {}
    if comm.rank == 0:
        try:
            from seq2par.analyzers import analyze_file
            from seq2par.generators.mpi import generate_mpi

            folder = Path(tempfile.mkdtemp(prefix="s2p-mpi-", dir=tmp_root))
            source = folder / "histmin.c"
            source.write_text(HISTOGRAM_MINLOC)
            generated = generate_mpi(analyze_file(source, use_libclang=True)).source
            parallel = folder / "histmin.mpi.c"
            parallel.write_text(generated)
            start, end = generated.index(RUNTIME_START), generated.index(RUNTIME_END)
            harness = folder / "harness.c"
            harness.write_text(generated[start : end + len(RUNTIME_END)] + "\n" + HARNESS_TAIL)
            mpicc = shutil.which("mpicc")
            assert mpicc, "mpicc not on PATH"
            commands = [
                [mpicc, "-O2", "-shared", "-fPIC", str(harness), "-o", str(folder / "libharness.so")],
                [mpicc, "-O2", str(parallel), "-o", str(folder / "parallel"), "-lm"],
                [mpicc, "-O2", str(source), "-o", str(folder / "original"), "-lm"],
            ]
            for command in commands:
                done = subprocess.run(command, capture_output=True, text=True, env=clean_env())
                assert done.returncode == 0, f"{' '.join(command)}:\n{done.stderr}"
            result = {"folder": str(folder), "generated": generated}
        except Exception:  # report rank 0's failure on every rank instead of hanging them
            result = {"error": traceback.format_exc()}
    result = comm.bcast(result, root=0)
    assert "error" not in result, result.get("error")
    comm.Barrier()
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    comm = comm_world()
    root = tmp_path_factory.getbasetemp() if comm.rank == 0 else None
    # Every rank must see rank 0's folder: use a folder under the system temp dir named by rank 0.
    root = Path(comm.bcast(str(root) if root else None, root=0))
    return build_on_rank_zero(comm, root)


def load_harness(built: dict) -> ctypes.CDLL:
    library = ctypes.CDLL(str(Path(built["folder"]) / "libharness.so"), mode=ctypes.RTLD_GLOBAL)
    library.harness_setup.restype = ctypes.c_int
    library.harness_block.argtypes = [
        ctypes.c_long,
        ctypes.c_long,
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_long),
        ctypes.POINTER(ctypes.c_long),
    ]
    library.harness_gather_rows.argtypes = [ctypes.POINTER(ctypes.c_double)] + [ctypes.c_long] * 5
    return library


def reference_block(lo: int, hi: int, rank: int, size: int) -> tuple[int, int]:
    """Contiguous blocks; the first (n % size) ranks get one more iteration."""
    n = max(hi - lo, 0)
    q, r = divmod(n, size)
    first = lo + rank * q + min(rank, r)
    return first, first + q + (1 if rank < r else 0)


def test_generated_code_uses_collectives(built: dict) -> None:
    comm = comm_world()
    code = built["generated"]
    error = None
    if "MPI_Allreduce" not in code and "MPI_Reduce" not in code:
        error = "no reduction call for the histogram"
    elif "MINLOC" not in code and "minloc" not in code.lower():
        error = "no minloc reduction for best/besti"
    agree(comm, error)


@pytest.mark.parametrize("lo,hi", [(0, 100), (0, 7), (3, 4), (5, 5), (10, 2), (-4, 13), (0, 1_000_003)])
def test_block_partition_covers_the_range(built: dict, lo: int, hi: int) -> None:
    comm = comm_world()
    library = load_harness(built)
    error = None
    if library.harness_setup() != comm.size:
        error = f"rank {comm.rank}: runtime sees a different size than mpi4py"
    first, last = ctypes.c_long(), ctypes.c_long()
    library.harness_block(lo, hi, comm.rank, ctypes.byref(first), ctypes.byref(last))
    mine = (first.value, last.value)
    blocks = comm.allgather(mine)
    if error is None and mine != reference_block(lo, hi, comm.rank, comm.size):
        error = f"rank {comm.rank}: block {mine}, expected {reference_block(lo, hi, comm.rank, comm.size)}"
    if error is None and comm.rank == 0:
        covered = [i for start, stop in blocks for i in range(start, stop)]
        if covered != list(range(lo, max(lo, hi))):
            error = f"blocks {blocks} do not cover [{lo}, {hi}) exactly once, in order"
        sizes = [max(stop - start, 0) for start, stop in blocks]
        if sizes and max(sizes) - min(sizes) > 1:
            error = f"unbalanced blocks {blocks}"
    agree(comm, error)


@pytest.mark.parametrize("rows,stride,rmin,rmax", [(10, 1, 0, 0), (9, 4, 0, 3), (7, 6, 1, 4), (1, 3, 0, 2)])
def test_gather_rows_makes_every_copy_whole(
    built: dict, rows: int, stride: int, rmin: int, rmax: int
) -> None:
    """Each rank computes its own rows; after s2p_gather_rows every rank holds every computed element."""
    comm = comm_world()
    library = load_harness(built)
    library.harness_setup()
    length = rows * stride
    data = (ctypes.c_double * length)(*([-1.0] * length))
    first, last = reference_block(0, rows, comm.rank, comm.size)
    for i in range(first, last):
        for j in range(rmin, rmax + 1):
            data[i * stride + j] = 1000.0 * i + j
    library.harness_gather_rows(data, 0, rows, stride, rmin, rmax)
    expected = [-1.0] * length
    for i in range(rows):
        for j in range(rmin, rmax + 1):
            expected[i * stride + j] = 1000.0 * i + j
    error = None
    # Elements outside [rmin, rmax] of a row are not computed; only the computed ones must agree.
    wrong = [k for k in range(length) if expected[k] != -1.0 and data[k] != expected[k]]
    if wrong:
        error = f"rank {comm.rank}: wrong elements after gather at {wrong[:10]}"
    agree(comm, error)


def test_generated_program_matches_the_original(built: dict) -> None:
    """The histogram + minloc program under a nested `mpiexec -n 3` prints what the original prints."""
    comm = comm_world()
    outcome = None
    if comm.rank == 0:
        folder = Path(built["folder"])
        try:
            original = subprocess.run(
                [str(folder / "original")],
                capture_output=True,
                text=True,
                timeout=60,
                stdin=subprocess.DEVNULL,
            )
            mpiexec = shutil.which("mpiexec")
            parallel = subprocess.run(
                [mpiexec, "-n", "3", str(folder / "parallel")],
                capture_output=True,
                text=True,
                timeout=120,
                env=clean_env(),
                stdin=subprocess.DEVNULL,
            )
            outcome = (
                original.returncode,
                original.stdout,
                parallel.returncode,
                parallel.stdout,
                parallel.stderr[-2000:],
            )
        except Exception:
            outcome = ("error", traceback.format_exc())
    outcome = comm.bcast(outcome, root=0)
    assert outcome[0] != "error", outcome[1]
    original_rc, original_out, parallel_rc, parallel_out, parallel_err = outcome
    assert original_rc == 0
    assert "best = 0.000 at 10006" in original_out, original_out
    assert parallel_rc == 0, parallel_err
    assert parallel_out == original_out
