"""Soundness sweep on PolyBench: the generated programs at sizes and thread/rank counts validation never ran.

Usage: python bench/polybench_sweep.py POLYBENCH_PATH [--datasets MINI,SMALL] [--kernels gemm,lu] [--work DIR]

Each kernel is made standalone (`bench/polybench.py`'s files, arrays dumped with %.15e) at each dataset,
generated with `seq2par parallelize --no-validate` for OpenMP and MPI (the sweep compares by itself), built
(gcc -O2 -fopenmp; mpicc -O2 -fopenmp-simd, as the MPI program's header says) and run at OpenMP 1, 2, 3, 4,
7 threads and MPI np 1-5; every number of the dump is compared with the sequential program's at rtol 1e-9.
Prints each mismatch and the count. A mismatch at 1 thread too means the program computes differently in
any schedule (a reassociated sum whose output is rounding noise, gramschmidt's near-zero R[k][k]: run
`seq2par validate` on it to see whether the original's own rounding noise explains it).
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
import polybench as pb  # noqa: E402
from _benchlib import seq2par_executable, venv_tool  # noqa: E402

NUMBER = re.compile(r"[-+]?(?:\d+\.\d*|\.\d+|\d+)(?:[eE][-+]?\d+)?|nan|inf", re.I)
COUNTS = {"openmp": (1, 2, 3, 4, 7), "mpi": (1, 2, 3, 4, 5)}


def difference(expected: str, got: str, rtol: float = 1e-9, atol: float = 1e-12) -> str | None:
    x, y = NUMBER.findall(expected), NUMBER.findall(got)
    if len(x) != len(y):
        return f"{len(x)} numbers against {len(y)}"
    for k, (p, q) in enumerate(zip(x, y, strict=True)):
        a, b = float(p), float(q)
        if a != b and abs(a - b) > rtol * max(abs(a), abs(b)) + atol:
            return f"number {k}: {a!r} against {b!r}"
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="PolyBench/C 4.2.1 checkout")
    parser.add_argument("--datasets", default="MINI,SMALL")
    parser.add_argument("--kernels", default="", help="comma-separated subset (default: all 30)")
    parser.add_argument("--work", type=Path, help="keep the programs here (default: a temp folder)")
    args = parser.parse_args()
    kernels = sorted(pb.kernel_sources(args.path))
    if args.kernels:
        kernels = [k for k in kernels if k in args.kernels.split(",")]
    seq2par = seq2par_executable()
    wrong, runs = [], 0
    with tempfile.TemporaryDirectory(prefix="sweep-") as tmp:
        work = args.work or Path(tmp)
        for dataset in args.datasets.split(","):
            folder = work / dataset
            folder.mkdir(parents=True, exist_ok=True)
            for kernel in kernels:
                source = pb.make_standalone(args.path, kernel, dataset, folder)
                sequential = folder / f"{kernel}.seq"
                subprocess.run(["gcc", "-O2", str(source), "-o", str(sequential), "-lm"], check=True)
                expected = subprocess.run([str(sequential)], capture_output=True, text=True, timeout=300).stderr
                for target, counts in COUNTS.items():
                    output = folder / f"{kernel}.{target}.c"
                    output.unlink(missing_ok=True)
                    subprocess.run([seq2par, "parallelize", str(source), "--target", target, "--no-validate", "-q",
                                    "-o", str(output)], capture_output=True)
                    if not output.exists():
                        print(f"{dataset} {kernel} {target}: nothing generated", flush=True)
                        continue
                    exe = folder / f"{kernel}.{target}.x"
                    compiler = ["gcc", "-O2", "-fopenmp"] if target == "openmp" else \
                        [venv_tool("mpicc"), "-O2", "-fopenmp-simd"]
                    built = subprocess.run([*compiler, str(output), "-o", str(exe), "-lm"], capture_output=True,
                                           text=True)
                    if built.returncode:
                        wrong.append((dataset, kernel, target, "build", built.stderr[-200:]))
                        continue
                    for count in counts:
                        if target == "openmp":
                            done = subprocess.run([str(exe)], capture_output=True, text=True, timeout=300,
                                                  env={**os.environ, "OMP_NUM_THREADS": str(count)})
                        else:
                            done = subprocess.run([venv_tool("mpiexec"), "-n", str(count), str(exe)],
                                                  capture_output=True, text=True, timeout=300)
                        runs += 1
                        why = difference(expected, done.stderr) if done.returncode == 0 else \
                            f"exit {done.returncode}: {done.stderr[-200:]}"
                        if why:
                            wrong.append((dataset, kernel, target, count, why))
                            print(f"{dataset} {kernel} {target} at {count}: DIFFERS {why}", flush=True)
                    print(f"{dataset} {kernel} {target}: {len(counts)} runs", flush=True)
    print(f"\n{runs} runs, {len(wrong)} differing")
    return 0


if __name__ == "__main__":
    sys.exit(main())
