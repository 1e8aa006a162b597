"""NPB3.0 end to end: each serial NPB program through `seq2par parallelize`, validated, on code nobody here wrote.

Usage: python bench/npb.py AUTOPARBENCH_PATH [--targets openmp,mpi] [--class S] [--benchmarks bt,cg,...]
                          [--rounds N] [--keep DIR] [--json FILE]

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

The speedup in the table is the validation's single timed run, which swings 2x on a busy 2-core host. With
--rounds N each written program is timed again: the original (gcc -O2) and the parallel program at 2 threads / 2
ranks, alternately, N rounds, and the median of NPB's own `Time in seconds` line of each gives the `median@2`
column (and the range of both). --keep DIR keeps the one-file sources and the written programs there.
"""

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


def build(program: Path, target: str | None, common: Path) -> tuple[list[str], dict] | None:
    """Build `program` (the original with `target` None) as validation does; the command that runs it at 2
    threads / 2 ranks and its environment, or None when it does not build."""
    exe = program.with_suffix(".x")
    if target == "mpi":
        command = [venv_tool("mpicc"), "-O2", "-fopenmp-simd", str(program), "-I", str(common), "-o", str(exe), "-lm"]
        launch, env = [venv_tool("mpiexec"), "-n", "2", str(exe)], {}
    else:
        command = ["gcc", "-O2", *(["-fopenmp"] if target else []), str(program), "-I", str(common), "-o", str(exe),
                   "-lm"]
        launch, env = [str(exe)], {"OMP_NUM_THREADS": "2"}
    if subprocess.run(command, capture_output=True).returncode:
        return None
    return launch, {**os.environ, **env}


def verified(program: Path, target: str, common: Path) -> bool:
    """The parallel program's own NPB verification at 2 threads / 2 ranks."""
    built = build(program, target, common)
    if built is None:
        return False
    done = subprocess.run(built[0], capture_output=True, text=True, env=built[1], timeout=600)
    return "SUCCESSFUL" in done.stdout.upper().replace("VERIFICATION    =", "VERIFICATION")


def npb_seconds(launch: list[str], env: dict, timeout: float) -> float | None:
    """NPB's own `Time in seconds` of one run (None when the line is missing or the run fails)."""
    done = subprocess.run(launch, capture_output=True, text=True, env=env, timeout=timeout)
    found = re.search(r"Time in seconds\s*=\s*([0-9.eE+-]+)", done.stdout)
    return float(found.group(1)) if done.returncode == 0 and found else None


def timed_rounds(source: Path, program: Path, target: str, common: Path, rounds: int, timeout: float) -> dict:
    """The original and the parallel program at 2 threads / 2 ranks, alternately (each round: original first,
    then parallel; the next round the other way), `rounds` rounds; medians and ranges of NPB's timer."""
    original, parallel = build(source, None, common), build(program, target, common)
    if original is None or parallel is None:
        return {"timing_error": "does not build"}
    times: dict[str, list[float]] = {"original": [], "parallel": []}
    for round_ in range(rounds):
        order = [("original", original), ("parallel", parallel)]
        for name, (launch, env) in order if round_ % 2 == 0 else order[::-1]:
            seconds = npb_seconds(launch, env, timeout)
            if seconds is None:
                return {"timing_error": f"the {name} program failed or printed no time"}
            times[name].append(seconds)
    medians = {name: statistics.median(values) for name, values in times.items()}
    return {"median_original": medians["original"], "median_parallel": medians["parallel"],
            "median_speedup": round(medians["original"] / medians["parallel"], 3) if medians["parallel"] else None,
            "range_original": [min(times["original"]), max(times["original"])],
            "range_parallel": [min(times["parallel"]), max(times["parallel"])]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="AutoParBench checkout")
    parser.add_argument("--targets", default="openmp,mpi")
    parser.add_argument("--class", dest="npb_class", default="S", help="NPB problem class (S, W, A, ...)")
    parser.add_argument("--benchmarks", default=",".join(BENCHMARKS))
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per program run")
    parser.add_argument("--rounds", type=int, default=0,
                        help="time the original and each written program alternately this many rounds (median)")
    parser.add_argument("--keep", type=Path, help="keep the one-file sources and the written programs here")
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
              f"{'speedup@2':>9} {'median@2':>8} {'orig s':>7} {'tool s':>6}  note")
        for bench in args.benchmarks.split(","):
            subprocess.run([str(setparams), bench, args.npb_class], cwd=npb / bench.upper(), check=True,
                           capture_output=True)
            file = one_file(npb, bench)
            for target in args.targets.split(","):
                row = {"program": bench, "target": target, **run(seq2par, file, target, args.timeout)}
                output = file.with_name(f"{file.stem}.{target}.c")
                if args.rounds and row.get("verified"):
                    row.update(timed_rounds(file, output, target, npb / "common", args.rounds, args.timeout))
                rows.append(row)
                speed = f"{row['speedup_at_2']:.2f}x" if row.get("speedup_at_2") else "-"
                orig = f"{row['original_seconds']:.3f}" if row.get("original_seconds") else "-"
                median = f"{row['median_speedup']:.2f}x" if row.get("median_speedup") else "-"
                ranges = (f"original {row['range_original'][0]:.3f}-{row['range_original'][1]:.3f} s, parallel "
                          f"{row['range_parallel'][0]:.3f}-{row['range_parallel'][1]:.3f} s; "
                          if row.get("median_speedup") else row.get("timing_error", ""))
                print(f"{bench:8} {target:7} {row['exit']:>4} {row.get('loops', '-')!s:>5} "
                      f"{row.get('result') or '-':10} {str(row.get('verified', '-')):8} {speed:>9} {median:>8} "
                      f"{orig:>7} {row['seconds']:>6}  {ranges}{row.get('message') or row.get('error') or ''}",
                      flush=True)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    for kept in (file, output):
                        if kept.exists():
                            shutil.copy(kept, args.keep / kept.name)
    equal = [r for r in rows if r.get("result") == "equal"]
    print(f"\nvalidated: {len(equal)}/{len(rows)}; NPB verification of the written programs: "
          f"{sum(1 for r in equal if r.get('verified'))}/{len(equal)} successful; "
          f"wrong (equal but verification failed): {sum(1 for r in equal if r.get('verified') is False)}")
    timed = [r["median_speedup"] for r in rows if r.get("median_speedup")]
    for target in args.targets.split(","):
        mine = [r["median_speedup"] for r in rows if r.get("median_speedup") and r["target"] == target]
        slower = [r["program"] for r in rows if r["target"] == target and r.get("median_speedup", 2) < 1.0]
        if mine:
            print(f"{target}: median speedup at 2 over {len(mine)} programs, geomean "
                  f"{statistics.geometric_mean(mine):.2f}x; below 1.0x: {', '.join(slower) or 'none'}")
    if args.rounds and not timed:
        print("no program was timed (none validated and verified)")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
