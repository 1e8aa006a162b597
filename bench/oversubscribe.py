"""How much does running more MPI ranks than cores cost, with and without the yield setting validation uses?

Builds a small MPI program that communicates every step (a broadcast and an allreduce per step, as
ludcmp's plan does), then times it with the venv's MPICH at np=2 and at np=cores+1, each with and without
`MPICH_OVERSUBSCRIBED` (the ch4 progress throttle `MpiToolchain.launch_command` adds when the rank count
exceeds the usable cores), in rounds so that a machine whose load drifts slows every configuration alike.
Prints the median and range per configuration and the np=cores+1 / np=2 ratio; the bar (issue 13) is 3x.

    .venv/bin/python bench/oversubscribe.py [--steps 20000] [--rounds 5] [--timeout 60]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from seq2par.validators.toolchain import MPICH_OVERSUBSCRIBED, find_mpi, usable_cores

PROGRAM = r"""
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    int steps = argc > 1 ? atoi(argv[1]) : 2000, n = 400;
    double *row = malloc(sizeof(double) * n), total = 0.0;
    for (int k = 0; k < steps; k++) {
        for (int j = 0; j < n; j++) row[j] = (k + j) * 0.5;
        double local = 0.0, sum;
        for (int i = rank; i < 10000; i += size) local += row[i % n] * 1e-3;
        MPI_Bcast(row, n, MPI_DOUBLE, k % size, MPI_COMM_WORLD);
        MPI_Allreduce(&local, &sum, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);
        total += sum;
    }
    if (rank == 0) printf("%.6e\n", total);
    MPI_Finalize();
    return 0;
}
"""


def _time(command: list[str], env: dict[str, str], timeout: float) -> float:
    started = time.perf_counter()
    try:
        subprocess.run(command, env=env, timeout=timeout, check=True, capture_output=True)
    except subprocess.TimeoutExpired:
        return float("inf")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=60.0)
    options = parser.parse_args()
    mpi = find_mpi()
    if mpi.flavour != "mpich" or mpi.mpiexec is None:
        raise SystemExit(f"this bench drives MPICH; found {mpi.flavour}")
    cores = usable_cores()
    over = cores + 1
    with tempfile.TemporaryDirectory() as folder:
        source, binary = Path(folder) / "comm.c", Path(folder) / "comm"
        source.write_text(PROGRAM)
        subprocess.run([*mpi.compiler.command, "-O2", str(source), "-o", str(binary)], check=True)
        base = {**os.environ, "UCX_MEM_EVENTS": "no"}
        for name, _ in MPICH_OVERSUBSCRIBED:
            base.pop(name, None)
        throttled = {**base, **dict(MPICH_OVERSUBSCRIBED)}
        configurations = {
            "np=2": (2, base),
            "np=2 throttle": (2, throttled),
            f"np={over}": (over, base),
            f"np={over} throttle": (over, throttled),
        }
        times: dict[str, list[float]] = {label: [] for label in configurations}
        for _ in range(options.rounds):
            for label, (np, env) in configurations.items():
                command = [str(mpi.mpiexec), "-n", str(np), str(binary), str(options.steps)]
                times[label].append(_time(command, env, options.timeout))
    print(f"MPICH {mpi.version}, {cores} usable cores, {options.steps} steps, {options.rounds} rounds")
    medians = {}
    for label, samples in times.items():
        medians[label] = statistics.median(samples)
        shown = [f"{value:.3f}" if value != float("inf") else f">{options.timeout:g}" for value in
                 (medians[label], min(samples), max(samples))]
        print(f"  {label:<16} median {shown[0]:>7} s  range {shown[1]}-{shown[2]} s")
    print(f"  np={over}/np=2 without the setting: {medians[f'np={over}'] / medians['np=2']:.1f}x; "
          f"with it (as validation runs them): {medians[f'np={over} throttle'] / medians['np=2']:.1f}x "
          "(bar: 3x)")


if __name__ == "__main__":
    main()
