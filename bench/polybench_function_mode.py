"""MPI function mode on PolyBench/C 4.2.1's kernel functions: how many does `--function kernel_X` distribute, and
is every answer right at several rank counts?

Usage: python bench/polybench_function_mode.py PATH [--dataset MEDIUM] [--np 2,3,4] [--kernels gemm,lu]

PATH is a PolyBench/C 4.2.1 checkout. Each kernel is made standalone (`polybench.make_standalone`: macros
expanded, C99 array parameters, arrays dumped with %.15e) and handed to `seq2par parallelize FILE --target mpi
--function kernel_<name> --no-validate`, under the default contract (inputs on every rank, results needed on
rank 0). The answer is compiled with the program's own `main` renamed and linked with a small driver that
initializes MPI around it and silences ranks other than 0; it runs under `mpiexec -n N` for each N of --np and
its output (the timer line left out) is compared with the sequential program's, numbers within a relative
1e-9 (a distributed sum may round differently). Reports per kernel: refused (with seq2par's first reason),
build failed, or equal / DIFFERENT at each N. Any DIFFERENT is a wrong program and fails the bench (exit 1).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from polybench import kernel_sources, make_standalone  # noqa: E402

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
TIMER = re.compile(r"^\s*[0-9]+\.[0-9]+\s*$")


def tool(name: str) -> str:
    local = Path(sys.executable).with_name(name)
    return str(local) if local.exists() else name


def lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if not TIMER.match(line)]


def equal(expected: list[str], got: list[str], rtol: float = 1e-9) -> bool:
    if len(expected) != len(got):
        return False
    for one, other in zip(expected, got, strict=True):
        if one == other:
            continue
        words, others = one.split(), other.split()
        if len(words) != len(others):
            return False
        for word, that in zip(words, others, strict=True):
            try:
                a, b = float(word), float(that)
            except ValueError:
                if word != that:
                    return False
                continue
            if abs(a - b) > rtol * max(abs(a), abs(b)) + 1e-12:
                return False
    return True


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", type=Path, help="a PolyBench/C 4.2.1 checkout")
    parser.add_argument("--dataset", default="MEDIUM")
    parser.add_argument("--np", default="2,3,4")
    parser.add_argument("--kernels", help="comma-separated kernel names (default: all 30)")
    parser.add_argument("--timeout", type=float, default=300.0)
    options = parser.parse_args()
    counts = [int(n) for n in options.np.split(",")]
    kernels = sorted(kernel_sources(options.path.resolve()))
    if options.kernels:
        kernels = [k for k in kernels if k in options.kernels.split(",")]
    env = {**os.environ, "UCX_MEM_EVENTS": "no"}
    distributed = wrong = 0
    with tempfile.TemporaryDirectory(prefix="pb-function-") as scratch:
        work = Path(scratch)
        (work / "driver.c").write_text(DRIVER)
        subprocess.run([tool("mpicc"), "-O2", "-c", str(work / "driver.c"), "-o", str(work / "driver.o")],
                       check=True, env=env)
        for kernel in kernels:
            source = make_standalone(options.path, kernel, options.dataset, work)
            function = "kernel_" + kernel.replace("-", "_")
            answer = work / f"{kernel}.fn.c"
            done = subprocess.run([tool("seq2par"), "parallelize", str(source), "--target", "mpi", "--function",
                                   function, "--no-validate", "-o", str(answer)],
                                  capture_output=True, text=True, env=env)
            if done.returncode != 0:
                reason = (done.stderr.strip().splitlines() or ["?"])[-1]
                reason = re.sub(r"^seq2par: no loop of `\w+` can be distributed with MPI \(", "", reason)
                print(f"{kernel:16} refused: {reason[:150]}")
                continue
            sequential = work / f"{kernel}.seq"
            subprocess.run(["gcc", "-O2", "-w", str(source), "-o", str(sequential), "-lm"], check=True)
            run = subprocess.run([str(sequential)], capture_output=True, text=True, timeout=options.timeout)
            expected = lines(run.stdout) + ["--"] + lines(run.stderr)
            parallel = work / f"{kernel}.par"
            build = subprocess.run([tool("mpicc"), "-O2", "-w", "-Dmain=s2p_user_main", "-c", str(answer), "-o",
                                    str(work / f"{kernel}.o")], capture_output=True, text=True, env=env)
            if build.returncode == 0:
                build = subprocess.run([tool("mpicc"), str(work / f"{kernel}.o"), str(work / "driver.o"), "-o",
                                        str(parallel), "-lm"], capture_output=True, text=True, env=env)
            if build.returncode != 0:
                print(f"{kernel:16} build failed: {build.stderr.strip()[:200]}")
                wrong += 1
                continue
            distributed += 1
            verdicts = []
            for count in counts:
                run = subprocess.run([tool("mpiexec"), "-n", str(count), str(parallel)], capture_output=True,
                                     text=True, env=env, timeout=options.timeout)
                ok = run.returncode == 0 and equal(expected, lines(run.stdout) + ["--"] + lines(run.stderr))
                wrong += not ok
                verdicts.append(f"np={count} {'equal' if ok else 'DIFFERENT'}")
            plans = "; ".join(re.findall(r"^seq2par: (line \d+: .*)$", done.stderr, re.M))
            print(f"{kernel:16} {', '.join(verdicts)}  [{plans[:120]}]")
    print(f"\n{distributed}/{len(kernels)} kernel functions distributed in function mode; "
          f"{wrong} wrong runs or build failures")
    return 1 if wrong else 0


if __name__ == "__main__":
    sys.exit(main())
