"""NPB3.0 end to end: each serial NPB program through `seq2par parallelize`, validated, on code nobody here wrote.

Usage: python bench/npb.py AUTOPARBENCH_PATH [--targets openmp,mpi] [--class S] [--benchmarks bt,cg,...]
                          [--json FILE]

AUTOPARBENCH_PATH is a checkout of LLNL's AutoParBench (github LLNL/AutoParBench), whose
benchmarks/sequential/NPB3.0-omp-c holds the serial C sources. They are copied to a scratch folder, their
npbparams.h written for the class by NPB's own setparams, and each program made one file: seq2par's
`parallelize` takes one translation unit, so common/'s files (timers, print_results, randdp) go in front of
the benchmark's file, as written. Each file goes through `seq2par parallelize --target T` with the default
validation (OpenMP at 1, 2, 3 threads; MPI at np 1, 2, 3, 4), the timing lines of NPB's report ignored
(`Time in seconds`, `Mop/s`, ...; the verification lines are compared). The table gives, per program and
target: the exit code, the loops parallelized, the validation result and the speedup of the timed run at 2
threads / 2 ranks (class S programs run for milliseconds: speedups then say little, see the notes). A wrong
program would be an `equal` result whose NPB verification fails: the bench checks the parallel output's
`VERIFICATION SUCCESSFUL` line too.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _benchlib import seq2par_executable, venv_tool  # noqa: E402

BENCHMARKS = ("bt", "cg", "ep", "ft", "is", "lu", "mg", "sp")
COMMON = ("c_print_results.c", "c_randdp.c", "c_timers.c", "wtime.c")
IGNORE = r"[Tt]ime|Mop/s|Compile date|Mops|CS[0-9]|Class"
COUNTS = {"openmp": ("--threads", "1,2,3"), "mpi": ("--np", "1,2,3,4")}


def one_file(npb: Path, bench: str) -> Path:
    """common/ then the benchmark, as one C file (IS has its own randlc)."""
    folder = npb / bench.upper()
    common = [npb / "common" / name for name in COMMON if not (bench == "is" and name == "c_randdp.c")]
    target = folder / f"{bench}_all.c"
    target.write_text("".join(path.read_text() for path in [*common, folder / f"{bench}.c"]))
    return target


def run(seq2par: str, source: Path, target: str, timeout: float) -> dict:
    option, counts = COUNTS[target]
    output = source.with_name(f"{source.stem}.{target}.c")
    command = [seq2par, "parallelize", str(source), "--target", target, option, counts, "--runs", "3",
               "--allow-slower", "--ignore-line", IGNORE, "--timeout", str(timeout), "--format", "json", "-q",
               "-o", str(output), "--", "-I", str(source.parent.parent / "common"), "-lm"]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    row: dict = {"exit": done.returncode, "seconds": round(time.perf_counter() - start, 1)}
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        row["error"] = (done.stderr.strip().splitlines() or ["no output"])[-1][:200]
        return row
    validation = report.get("validation") or {}
    row["loops"] = len(report.get("loops") or [])
    row["result"] = validation.get("status") if isinstance(validation, dict) else None
    row["message"] = (report.get("error") or validation.get("message") or "")[:200] \
        if isinstance(validation, dict) else str(report.get("error", ""))[:200]
    entries = validation.get("entries", []) if isinstance(validation, dict) else []
    at2 = [e for e in entries if e.get("np") == 2 and e.get("speedup")]
    row["speedup_at_2"] = round(at2[0]["speedup"], 2) if at2 else None
    row["original_seconds"] = validation.get("original_median_seconds") if isinstance(validation, dict) else None
    if output.exists() and row["result"] == "equal":
        row["verified"] = verified(output, target, source.parent.parent / "common")
    return row


def verified(program: Path, target: str, common: Path) -> bool:
    """The parallel program's own NPB verification at 2 threads / 2 ranks."""
    exe = program.with_suffix(".x")
    if target == "openmp":
        build = ["gcc", "-O2", "-fopenmp", str(program), "-I", str(common), "-o", str(exe), "-lm"]
        launch, env = [str(exe)], {"OMP_NUM_THREADS": "2"}
    else:
        build = [venv_tool("mpicc"), "-O2", "-fopenmp-simd", str(program), "-I", str(common), "-o", str(exe), "-lm"]
        launch, env = [venv_tool("mpiexec"), "-n", "2", str(exe)], {}
    if subprocess.run(build, capture_output=True).returncode:
        return False
    done = subprocess.run(launch, capture_output=True, text=True, env={**os.environ, **env}, timeout=600)
    return "SUCCESSFUL" in done.stdout.upper().replace("VERIFICATION    =", "VERIFICATION")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="AutoParBench checkout")
    parser.add_argument("--targets", default="openmp,mpi")
    parser.add_argument("--class", dest="npb_class", default="S", help="NPB problem class (S, W, A, ...)")
    parser.add_argument("--benchmarks", default=",".join(BENCHMARKS))
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per program run")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    source = args.path / "benchmarks" / "sequential" / "NPB3.0-omp-c"
    if not (source / "common").is_dir():
        parser.error(f"{source}: not found (give the AutoParBench checkout)")
    seq2par = seq2par_executable()
    rows = []
    with tempfile.TemporaryDirectory(prefix="npb-") as tmp:
        npb = Path(tmp) / "NPB"
        shutil.copytree(source, npb)
        setparams = npb / "sys" / "setparams"
        subprocess.run(["gcc", "-O2", str(npb / "sys" / "setparams.c"), "-o", str(setparams)], check=True,
                       capture_output=True)
        print(f"seq2par: {seq2par}; NPB3.0 class {args.npb_class}")
        print(f"{'program':8} {'target':7} {'exit':>4} {'loops':>5} {'result':10} {'verified':8} "
              f"{'speedup@2':>9} {'orig s':>7} {'tool s':>6}  note")
        for bench in args.benchmarks.split(","):
            subprocess.run([str(setparams), bench, args.npb_class], cwd=npb / bench.upper(), check=True,
                           capture_output=True)
            file = one_file(npb, bench)
            for target in args.targets.split(","):
                row = {"program": bench, "target": target, **run(seq2par, file, target, args.timeout)}
                rows.append(row)
                speed = f"{row['speedup_at_2']:.2f}x" if row.get("speedup_at_2") else "-"
                orig = f"{row['original_seconds']:.3f}" if row.get("original_seconds") else "-"
                print(f"{bench:8} {target:7} {row['exit']:>4} {row.get('loops', '-')!s:>5} "
                      f"{row.get('result') or '-':10} {str(row.get('verified', '-')):8} {speed:>9} {orig:>7} "
                      f"{row['seconds']:>6}  {row.get('message') or row.get('error') or ''}", flush=True)
    equal = [r for r in rows if r.get("result") == "equal"]
    print(f"\nvalidated: {len(equal)}/{len(rows)}; NPB verification of the written programs: "
          f"{sum(1 for r in equal if r.get('verified'))}/{len(equal)} successful; "
          f"wrong (equal but verification failed): {sum(1 for r in equal if r.get('verified') is False)}")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
