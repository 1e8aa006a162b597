#!/usr/bin/env python3
"""The Parallel Research Kernels (github ParRes/Kernels), code nobody here wrote, end to end with the OpenMP
target: each SERIAL kernel is analyzed and parallelized by seq2par (`parallelize --target openmp`, validated
at 1, 2, 3 threads on a small input), then the original, seq2par's program at 2 threads and PRK's own
hand-written OpenMP version (OPENMP/<kernel>) at 2 threads are run on a larger input, alternately, and the
kernel's own timer (`Avg time (s)`) and self-check (`Solution validates`) are read.

    bench/prk.py PATH [--kernels Stencil,Transpose] [--rounds 5] [--work DIR] [--format json]

PATH is a ParRes/Kernels checkout (fetched into a scratch folder, never committed). Each kernel is built as
its Makefile builds it (the flags below) with `common/wtime.c` included at the end of a copy of its source,
so that seq2par sees one program. Kernels left out: Branch (its Makefile generates code), PIC and AMR (their
inputs need more than a size), Random (its OpenMP version takes other arguments)."""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

SEQ2PAR = str(Path(sys.executable).with_name("seq2par"))
COMMON_FLAGS = ["-DVERBOSE=0", "-DRESTRICT_KEYWORD=0"]
# kernel -> (source, its flags, a small input to validate with, a larger input to time with)
KERNELS = {
    "Stencil": ("stencil.c", ["-DRADIUS=2", "-DDOUBLE=1", "-DSTAR=1", "-DLOOPGEN=0"], "10 1000", "30 6000"),
    "Transpose": ("transpose.c", [], "10 500", "20 5000"),
    "Nstream": ("nstream.c", ["-DMAXLENGTH=200000000"], "10 100000 0", "30 20000000 0"),
    "DGEMM": ("dgemm.c", ["-DDEFAULTBLOCK=32", "-DBOFFSET=12", "-DMKL=0"], "2 100", "3 1200"),
    "Reduce": ("reduce.c", [], "10 100000", "50 10000000"),
    "Sparse": ("sparse.c", [], "10 6 2", "20 11 2"),
    "Synch_p2p": ("p2p.c", [], "10 200 200", "30 6000 6000"),
}
_AVG = re.compile(r"Avg time \(s\):\s*([0-9.eE+-]+)")


@dataclass
class KernelResult:
    kernel: str
    loops: int = 0
    parallel_loops: int = 0
    parallelize_rc: int | None = None
    parallelize_note: str = ""
    pragmas: int = 0
    original_s: list[float] = field(default_factory=list)
    seq2par_s: list[float] = field(default_factory=list)
    prk_openmp_s: list[float] = field(default_factory=list)
    validates: dict[str, bool] = field(default_factory=dict)

    def speedup(self, times: list[float]) -> float | None:
        if not self.original_s or not times:
            return None
        return statistics.median(self.original_s) / statistics.median(times)


def run(command: list[str], env: dict | None = None, timeout: float = 900) -> subprocess.CompletedProcess:
    return subprocess.run(command, capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


def build(compiler_flags: list[str], sources: list[Path], exe: Path) -> None:
    done = run(["gcc", "-O3", "-std=gnu11", *compiler_flags, *map(str, sources), "-lm", "-o", str(exe)])
    if done.returncode != 0:
        raise RuntimeError(f"build of {exe.name} failed: {done.stderr[-2000:]}")


def timed(exe: Path, args: str, threads: int | None = None, prefix_threads: bool = False) -> tuple[float, bool]:
    argv = ([str(threads)] if prefix_threads else []) + args.split()
    env = {"OMP_NUM_THREADS": str(threads)} if threads else {"OMP_NUM_THREADS": "1"}
    done = run([str(exe), *argv], env=env)
    found = _AVG.search(done.stdout)
    if done.returncode != 0 or found is None:
        raise RuntimeError(f"{exe.name} {' '.join(argv)} failed (exit {done.returncode}): "
                           f"{(done.stdout + done.stderr)[-1500:]}")
    return float(found.group(1)), "Solution validates" in done.stdout


def bench_kernel(root: Path, kernel: str, work: Path, rounds: int) -> KernelResult:
    source_name, flags, check_args, time_args = KERNELS[kernel]
    result = KernelResult(kernel)
    include = ["-I", str(root / "include")]
    serial_flags = [*include, "-DSERIAL", *COMMON_FLAGS, *flags]
    wtime = root / "common" / "wtime.c"
    source = work / f"{kernel.lower()}.c"
    source.write_text((root / "SERIAL" / kernel / source_name).read_text() + f'\n#include "{wtime}"\n')
    analyzed = run([SEQ2PAR, "analyze", str(source), "--format", "json", "--", *serial_flags])
    report = json.loads(analyzed.stdout)[0] if analyzed.stdout.strip().startswith("[") else {}
    result.loops = len(report.get("loops", []))
    result.parallel_loops = sum(loop["verdict"].startswith("parallel") for loop in report.get("loops", []))
    parallel = work / f"{kernel.lower()}.omp.c"
    # (the kernels print their rate and time on one line: on the small input two runs of the original can
    # print the same time by chance, and a parallel run's other time was then taken for a wrong output)
    done = run([SEQ2PAR, "parallelize", str(source), "--target", "openmp", "--args", check_args, "--allow-slower",
                "--ignore-line", r"^Rate \(", "--force", "-o", str(parallel), "--", *serial_flags])
    result.parallelize_rc = done.returncode
    lines = [line for line in (done.stderr + done.stdout).splitlines() if "result:" in line or "error" in line]
    result.parallelize_note = lines[-1].strip() if lines else ""
    original = work / f"{kernel.lower()}_serial"
    build(serial_flags, [source], original)
    programs = {"original": (original, None, False)}
    if done.returncode == 0 and parallel.exists():
        result.pragmas = parallel.read_text().count("#pragma omp")
        exe = work / f"{kernel.lower()}_seq2par"
        build(["-fopenmp", *serial_flags], [parallel], exe)
        programs["seq2par"] = (exe, 2, False)
    reference = root / "OPENMP" / kernel / source_name
    if reference.exists():
        exe = work / f"{kernel.lower()}_prk_openmp"
        build(["-fopenmp", *include, *COMMON_FLAGS, *flags], [reference, wtime, root / "common" / "OPENMP_bail_out.c"],
              exe)
        programs["prk_openmp"] = (exe, 2, True)
    for _ in range(rounds):  # alternately, so that a slow minute of the host hits all of them
        for name, (exe, threads, prefix) in programs.items():
            seconds, validates = timed(exe, time_args, threads, prefix)
            {"original": result.original_s, "seq2par": result.seq2par_s,
             "prk_openmp": result.prk_openmp_s}[name].append(seconds)
            result.validates[name] = result.validates.get(name, True) and validates
    return result


def report_text(results: list[KernelResult]) -> None:
    print(f"{'kernel':<11} {'loops':>5} {'par':>4} {'pragmas':>7} {'original s':>10} {'seq2par 2t':>10} "
          f"{'speedup':>7} {'PRK omp 2t':>10} {'speedup':>7}  validates / seq2par parallelize")
    def median(times: list[float]) -> str:
        return f"{statistics.median(times):.4f}" if times else "-"

    def speedup(r: KernelResult, times: list[float]) -> str:
        return f"{r.speedup(times):.2f}x" if r.speedup(times) else "-"

    for r in results:
        ok = ",".join(f"{k}={'yes' if v else 'NO'}" for k, v in r.validates.items())
        print(f"{r.kernel:<11} {r.loops:>5} {r.parallel_loops:>4} {r.pragmas:>7} {median(r.original_s):>10} "
              f"{median(r.seq2par_s):>10} {speedup(r, r.seq2par_s):>7} {median(r.prk_openmp_s):>10} "
              f"{speedup(r, r.prk_openmp_s):>7}  {ok} / exit {r.parallelize_rc}: {r.parallelize_note}")
    gains = [r.speedup(r.seq2par_s) for r in results if r.speedup(r.seq2par_s)]
    if gains:
        print(f"geomean speedup of seq2par's programs at 2 threads: {statistics.geometric_mean(gains):.2f}x "
              f"over {len(gains)} kernels")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="a ParRes/Kernels checkout")
    parser.add_argument("--kernels", default=",".join(KERNELS))
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--work", type=Path, help="keep the programs here (default: a temporary folder)")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    options = parser.parse_args()
    if not (options.path / "SERIAL").is_dir():
        print(f"{options.path}: not a ParRes/Kernels checkout (no SERIAL folder)", file=sys.stderr)
        return 2
    if shutil.which("gcc") is None:
        print("gcc not found", file=sys.stderr)
        return 5
    work = options.work or Path(tempfile.mkdtemp(prefix="seq2par-prk-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for kernel in options.kernels.split(","):
        print(f"{kernel}...", file=sys.stderr, flush=True)
        results.append(bench_kernel(options.path.resolve(), kernel, work, options.rounds))
    if options.format == "json":
        print(json.dumps([{**asdict(r), "speedup_seq2par": r.speedup(r.seq2par_s),
                           "speedup_prk_openmp": r.speedup(r.prk_openmp_s)} for r in results], indent=2))
    else:
        report_text(results)
    if options.work is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
