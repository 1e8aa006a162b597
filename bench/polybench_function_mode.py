"""Function mode on PolyBench/C 4.2.1's kernel functions: how many does `--function kernel_X` parallelize, and is
every answer right at several rank or thread counts?

Usage: python bench/polybench_function_mode.py PATH [--target mpi|openmp] [--dataset MEDIUM] [--np 2,3,4]
                                                    [--kernels gemm,lu]

PATH is a PolyBench/C 4.2.1 checkout. Each kernel is made standalone (`polybench.make_standalone`: macros
expanded, C99 array parameters, arrays dumped with %.15e) and handed to `seq2par parallelize FILE --target mpi
--function kernel_<name> --no-validate`, under the default contract (inputs on every rank, results needed on
rank 0). The answer is compiled with the program's own `main` renamed and linked with a small driver that
initializes MPI around it and silences ranks other than 0; it runs under `mpiexec -n N` for each N of --np and
its output (the timer line left out) is compared with the sequential program's by seq2par's own comparison
(`compare_outputs`: numbers within a relative 1e-9, a distributed sum may round differently). With
`--target openmp` the answer (the whole file, the function rewritten) is built with gcc -fopenmp and run with
OMP_NUM_THREADS=N for each N of --np. Reports per kernel: refused (with seq2par's first reason), build
failed, or equal / DIFFERENT at each N. Any DIFFERENT is a wrong program and fails the bench (exit 1).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from seq2par.validators.compare import compare_outputs
from seq2par.validators.toolchain import MpiToolchain, find_mpi

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _benchlib import seq2par_executable  # noqa: E402
from polybench import TIMER_LINE, kernel_sources, make_standalone  # noqa: E402

DRIVER = r"""
#include <mpi.h>
#include <stdio.h>
int s2p_user_main(int, char **);
int main(int argc, char **argv)
{
    MPI_Init(&argc, &argv);
    int rank;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank != 0 && (freopen("/dev/null", "w", stdout) == NULL || freopen("/dev/null", "w", stderr) == NULL))
        MPI_Abort(MPI_COMM_WORLD, 1);
    int status = s2p_user_main(argc, argv);
    MPI_Finalize();
    return status;
}
"""
TIMER = re.compile(TIMER_LINE)


def output(run: subprocess.CompletedProcess) -> str:
    """stdout and stderr without PolyBench's timer line (a run time, never compared)."""
    return "\n--\n".join("\n".join(line for line in text.splitlines() if not TIMER.match(line))
                         for text in (run.stdout, run.stderr))


def build_answer(target: str, answer: Path, binary: Path, work: Path, mpi: MpiToolchain
                 ) -> subprocess.CompletedProcess:
    if target == "openmp":
        return subprocess.run(["gcc", "-O2", "-w", "-fopenmp", str(answer), "-o", str(binary), "-lm"],
                              capture_output=True, text=True)
    objects = work / f"{answer.stem}.o"
    done = subprocess.run([*mpi.compiler.command, "-O2", "-w", "-Dmain=s2p_user_main", "-c", str(answer), "-o",
                           str(objects)], capture_output=True, text=True)
    if done.returncode != 0:
        return done
    return subprocess.run([*mpi.compiler.command, str(objects), str(work / "driver.o"), "-o", str(binary), "-lm"],
                          capture_output=True, text=True)


def run_answer(target: str, binary: Path, counts: list[int], expected: str, mpi: MpiToolchain, timeout: float
               ) -> list[tuple[int, bool]]:
    """Per count, whether the answer's output equals the sequential program's (numbers within a relative 1e-9:
    a distributed sum may round differently)."""
    results = []
    for count in counts:
        if target == "openmp":
            run = subprocess.run([str(binary)], capture_output=True, text=True, timeout=timeout,
                                 env={**os.environ, "OMP_NUM_THREADS": str(count)})
        else:
            run = subprocess.run(mpi.launch_command(count, [str(binary)]), capture_output=True, text=True,
                                 timeout=timeout)
        results.append((count, run.returncode == 0 and compare_outputs(expected, output(run)).equal))
    return results


def exact_sums_answer(source: Path, function: str) -> str:
    """The OpenMP answer with sums kept in the source's order (`GenerateOptions.lane_sums=False`)."""
    from seq2par.analyzers import analyze_file
    from seq2par.generators.backends import GenerateOptions, get_backend

    report = analyze_file(source, [], use_libclang=True)
    return get_backend("openmp").generate(report, GenerateOptions(function=function, lane_sums=False)).source


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a PolyBench/C 4.2.1 checkout")
    parser.add_argument("--target", choices=("mpi", "openmp"), default="mpi")
    parser.add_argument("--dataset", default="MEDIUM")
    parser.add_argument("--np", default="2,3,4")
    parser.add_argument("--kernels", help="comma-separated kernel names (default: all 30)")
    parser.add_argument("--timeout", type=float, default=300.0)
    options = parser.parse_args()
    counts = [int(n) for n in options.np.split(",")]
    kernels = sorted(kernel_sources(options.path.resolve()))
    if options.kernels:
        kernels = [k for k in kernels if k in options.kernels.split(",")]
    mpi = find_mpi()
    distributed = wrong = 0
    with tempfile.TemporaryDirectory(prefix="pb-function-") as scratch:
        work = Path(scratch)
        if options.target == "mpi":
            (work / "driver.c").write_text(DRIVER)
            subprocess.run([*mpi.compiler.command, "-O2", "-c", str(work / "driver.c"), "-o", str(work / "driver.o")],
                           check=True)
        for kernel in kernels:
            source = make_standalone(options.path, kernel, options.dataset, work)
            function = "kernel_" + kernel.replace("-", "_")
            answer = work / f"{kernel}.fn.c"
            done = subprocess.run([seq2par_executable(), "parallelize", str(source), "--target", options.target,
                                   "--function", function, "--no-validate", "-o", str(answer)],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                reason = (done.stderr.strip().splitlines() or ["?"])[-1]
                reason = re.sub(r"^seq2par: no loop of `\w+` can be distributed with MPI \(", "", reason)
                print(f"{kernel:16} refused: {reason[:150]}")
                continue
            sequential = work / f"{kernel}.seq"
            subprocess.run(["gcc", "-O2", "-w", str(source), "-o", str(sequential), "-lm"], check=True)
            run = subprocess.run([str(sequential)], capture_output=True, text=True, timeout=options.timeout)
            expected = output(run)
            parallel = work / f"{kernel}.par"
            build = build_answer(options.target, answer, parallel, work, mpi)
            if build.returncode != 0:
                print(f"{kernel:16} build failed: {build.stderr.strip()[:200]}")
                wrong += 1
                continue
            distributed += 1
            results = run_answer(options.target, parallel, counts, expected, mpi, options.timeout)
            note = ""
            if options.target == "openmp" and not all(ok for _, ok in results):
                # what `parallelize` does when validation finds sums in SIMD lanes beyond the rounding noise
                # (PolyBench gramschmidt's rank-deficient columns): the same plan, sums in the source's order
                exact = work / f"{kernel}.exact.c"
                exact.write_text(exact_sums_answer(source, function))
                if build_answer(options.target, exact, parallel, work, mpi).returncode == 0:
                    results = run_answer(options.target, parallel, counts, expected, mpi, options.timeout)
                    note = " (sums in the source's order: validation's fallback when lanes round beyond the noise)"
            unit = "threads=" if options.target == "openmp" else "np="
            wrong += sum(not ok for _, ok in results)
            verdicts = [f"{unit}{count} {'equal' if ok else 'DIFFERENT'}" for count, ok in results]
            plans = "; ".join(re.findall(r"^seq2par: (line \d+: .*)$", done.stderr, re.M))
            print(f"{kernel:16} {', '.join(verdicts)}{note}  [{plans[:120]}]")
    print(f"\n{distributed}/{len(kernels)} kernel functions parallelized in {options.target} function mode; "
          f"{wrong} wrong runs or build failures")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
