"""What does gathering a loop's results cost, in operations per element? The calibration of MPI function mode's
cost model (`generators/mpi_function.py`, GATHER_OPERATIONS).

Under function mode's contract every rank holds the inputs and the results are needed on rank 0, so a
distributed map `y[i] = f(x[i])` saves (1 - 1/np) of the loop and adds the gather of (1 - 1/np) of y. This
bench builds one MPI program per chain length K (f = K dependent multiply/add operations on a double), and
times, in the same process, rank 0 running the whole map alone and the map split in blocks over the ranks
followed by MPI_Gatherv onto rank 0 (best of --repeats each, after a barrier), for several array sizes. The
speedup crosses 1.0 where the work per element pays for moving it: the cost model leaves loops with fewer
operations per gathered double than GATHER_OPERATIONS sequential, and this bench shows whether that is below
the crossover on the machine it runs on.

    .venv/bin/python bench/mpi_gather_cost.py [--np 2] [--sizes 1000000,4000000,16000000] [--repeats 7]
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
from pathlib import Path

from seq2par.generators.mpi_function import GATHER_OPERATIONS
from seq2par.validators.toolchain import find_mpi, usable_cores

CHAINS = (1, 2, 4, 8, 12, 16, 24, 32, 48)

PROGRAM = r"""
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>

static inline double f(double v)
{
    for (int k = 0; k < K / 2; k++)  /* K/2 multiply-add pairs, each on the previous result */
        v = v * 0.99999 + 1e-3;
    return v;
}

/* one body for both timings: the sequential and the distributed map compile to the same code */
static __attribute__((noinline)) void map(const double *x, double *y, long lo, long hi)
{
    for (long i = lo; i < hi; i++)
        y[i] = f(x[i]);
}

int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    long n = atol(argv[1]);
    int repeats = atoi(argv[2]);
    double *x = malloc(n * sizeof *x), *y = malloc(n * sizeof *y);
    int *counts = malloc(size * sizeof *counts), *displs = malloc(size * sizeof *displs);
    for (long i = 0; i < n; i++) { x[i] = i * 1e-3; y[i] = 0.0; }
    for (int r = 0; r < size; r++) {
        displs[r] = (int)(n * r / size);
        counts[r] = (int)(n * (r + 1) / size) - displs[r];
    }
    double sequential = 1e30, distributed = 1e30, check = 0.0;
    for (int repeat = 0; repeat < repeats; repeat++) {
        MPI_Barrier(MPI_COMM_WORLD);
        double start = MPI_Wtime();
        if (rank == 0)
            map(x, y, 0, n);
        double middle = MPI_Wtime();
        if (rank == 0) check += y[n / 3];
        MPI_Barrier(MPI_COMM_WORLD);
        double again = MPI_Wtime();
        map(x, y, displs[rank], displs[rank] + counts[rank]);
        if (rank == 0)
            MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DOUBLE, y, counts, displs, MPI_DOUBLE, 0, MPI_COMM_WORLD);
        else
            MPI_Gatherv(y + displs[rank], counts[rank], MPI_DOUBLE, NULL, NULL, NULL, MPI_DOUBLE, 0, MPI_COMM_WORLD);
        double end = MPI_Wtime();
        if (rank == 0) check -= y[n / 3];
        sequential = middle - start < sequential ? middle - start : sequential;
        distributed = end - again < distributed ? end - again : distributed;
    }
    if (rank == 0)
        printf("%.9f %.9f %g\n", sequential, distributed, check);
    MPI_Finalize();
    return 0;
}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--np", type=int, default=2)
    parser.add_argument("--sizes", default="1000000,4000000,16000000")
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=120.0)
    options = parser.parse_args()
    mpi = find_mpi()
    if mpi.mpiexec is None:
        raise SystemExit("no mpiexec found (make install puts MPICH into .venv)")
    if options.np < 2:
        raise SystemExit("--np must be at least 2: one rank gathers nothing")
    sizes = [int(size) for size in options.sizes.split(",")]
    print(f"MPI {mpi.flavour} {mpi.version}, np={options.np}, {usable_cores()} usable cores; "
          f"best of {options.repeats} per cell; speedup = rank 0 alone / blocks + Gatherv")
    print(f"{'K ops':>6} " + " ".join(f"{f'n={size:,}':>22}" for size in sizes))
    crossover: dict[int, int | None] = {size: None for size in sizes}
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "gather.c"
        source.write_text(PROGRAM)
        for chain in CHAINS:
            binary = Path(folder) / f"gather{chain}"
            subprocess.run([*mpi.compiler.command, "-O2", f"-DK={chain}", str(source), "-o", str(binary)],
                           check=True)
            cells = []
            for size in sizes:
                command = mpi.launch_command(options.np, [str(binary), str(size), str(options.repeats)])
                done = subprocess.run(command, capture_output=True, text=True, timeout=options.timeout,
                                      check=True)
                sequential, distributed, _ = (float(value) for value in done.stdout.split())
                speedup = sequential / distributed
                if speedup >= 1.0 and crossover[size] is None:
                    crossover[size] = chain
                cells.append(f"{speedup:5.2f}x ({sequential * 1e3:7.2f} ms)")
            print(f"{chain:>6} " + " ".join(f"{cell:>22}" for cell in cells))
    for size in sizes:
        at = crossover[size]
        print(f"n={size:,}: distributing pays from K = {at} operations per double" if at is not None
              else f"n={size:,}: distributing did not pay up to K = {CHAINS[-1]}")
    print("the cost model counts the load and the store too (K + 2) and refuses loops below "
          f"GATHER_OPERATIONS = {GATHER_OPERATIONS} per 8 bytes gathered")


if __name__ == "__main__":
    main()
