"""OpenMP speedup of every example program, beside the MPI target's on the same programs and rounds.

Usage: python bench/openmp_speedup.py [--threads 2] [--rounds 5] [--runs 1] [--only NAME] [--timeout S]
                                      [--targets openmp,mpi] [--cflags "-O3"] [--programs DIR]

Mirrors bench/mpi_speedup.py: each example goes through `seq2par parallelize --target openmp --threads N`
(and `--target mpi --np N`) once (plan, generate, validate; written only when equal). Then `--rounds`
timing rounds; in each round every validated program gets one `seq2par validate` per target, the targets
one after the other, so that both see the same spells of a shared machine. A program's times are the
medians over the rounds: speedup = median sequential (-O2) / median parallel (-O2 -fopenmp at
OMP_NUM_THREADS=N, or mpicc -O2 -fopenmp-simd at np=N). Prints one row per program with both speedups and
their per-round ranges, the refusals with the first reason, the geometric means over programs that validated for both
targets and run >= 0.5 s sequentially, and the machine's parallel capacity before and after.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from mpi_speedup import (  # noqa: E402  (bench scripts import each other by folder)
    MIN_SEQUENTIAL_SECONDS,
    example_programs,
    first_reason,
    parallel_capacity,
    seconds,
    seq2par_executable,
)

SUFFIX = {"openmp": "omp", "mpi": "mpi"}


def count_option(target: str) -> str:
    return "--threads" if target == "openmp" else "--np"


def parallelize(exe: list[str], program: Path, target: str, out_dir: Path, options: argparse.Namespace) -> dict:
    output = out_dir / f"{program.stem}.{SUFFIX[target]}{program.suffix}"
    command = [*exe, "parallelize", str(program), "--target", target, count_option(target), str(options.threads),
               "--runs", str(options.runs), "--timeout", str(options.timeout), "--format", "json", "-q",
               "--allow-slower", "-o", str(output), *(["--", *options.cflags.split()] if options.cflags else [])]
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    row = {"target": target, "exit": done.returncode, "status": None, "reason": "", "output": str(output),
           "wall": time.perf_counter() - started, "sequential_runs": [], "parallel_runs": [], "speedup": None}
    if "Traceback" in done.stderr:
        raise RuntimeError(f"{program.name} ({target}): seq2par crashed:\n{done.stderr}")
    try:
        result = json.loads(done.stdout) if done.stdout.strip() else {}
    except json.JSONDecodeError:
        result = {}
    row["status"] = "refused" if done.returncode == 3 else (result.get("status") or f"exit {done.returncode}")
    if done.returncode != 0:
        row["reason"] = first_reason(result.get("message") or done.stderr)
    row["loops"] = [loop.get("plan") for loop in result.get("loops") or []]
    return row


def time_round(exe: list[str], row: dict, program: Path, options: argparse.Namespace) -> None:
    command = [*exe, "validate", str(program), row["output"], "--target", row["target"],
               count_option(row["target"]), str(options.threads), "--runs", str(options.runs),
               "--timeout", str(options.timeout), "--format", "json"]
    if options.cflags:
        command += ["--", *options.cflags.split()]
    done = subprocess.run(command, capture_output=True, text=True)
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        report = {}
    entries = report.get("entries") or []
    if done.returncode != 0 or not entries or not entries[0].get("equal"):
        row["status"] = report.get("status") or f"exit {done.returncode}"
        row["reason"] = first_reason(done.stderr or done.stdout)
        return
    row["sequential_runs"].append(report["original_median_seconds"])
    row["parallel_runs"].append(entries[0]["median_seconds"])


def finish(row: dict) -> None:
    if row["status"] in ("equal", "slower") and row["parallel_runs"]:
        row["sequential"] = statistics.median(row["sequential_runs"])
        row["parallel"] = statistics.median(row["parallel_runs"])
        row["speedup"] = row["sequential"] / row["parallel"]
        ratios = [a / b for a, b in zip(row["sequential_runs"], row["parallel_runs"], strict=True)]
        row["spread"] = f"{min(ratios):.2f}-{max(ratios):.2f}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=2, help="threads (and MPI ranks) to time with")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--only", help="one program, by file name or stem")
    parser.add_argument("--programs", type=Path, help="a folder of programs to time instead of examples/ "
                        "(e.g. bench/cxx_shapes)")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--targets", default="openmp,mpi")
    parser.add_argument("--cflags", default="")
    options = parser.parse_args()
    exe = [seq2par_executable()]
    targets = [t for t in options.targets.split(",") if t]
    programs = example_programs(options.only) if options.programs is None else sorted(
        p for p in options.programs.iterdir() if p.suffix in (".c", ".cpp") and (
            not options.only or options.only in (p.name, p.stem)))
    table: dict[str, dict[str, dict]] = {}
    with tempfile.TemporaryDirectory(prefix="s2p-omp-bench-") as tmp:
        capacity_before = parallel_capacity(options.threads, Path(tmp))
        for program in programs:
            table[program.name] = {}
            for target in targets:
                row = parallelize(exe, program, target, Path(tmp), options)
                table[program.name][target] = row
                print(f"  {program.name} {target}: {row['status']} in {row['wall']:.1f} s", file=sys.stderr,
                      flush=True)
        for number in range(options.rounds):
            for program in programs:
                for target in targets:
                    row = table[program.name][target]
                    if row["status"] in ("equal", "slower"):
                        time_round(exe, row, program, options)
            print(f"  timing round {number + 1}/{options.rounds} done", file=sys.stderr, flush=True)
        for rows in table.values():
            for row in rows.values():
                finish(row)
        capacity_after = parallel_capacity(options.threads, Path(tmp))

    header = f"{'program':<24} {'seq s':>8}"
    for target in targets:
        header += f" {target + ' s':>9} {target + ' x':>9} {'range':>11}"
    print(header)
    for name, rows in table.items():
        first = next((row for row in rows.values() if row.get("sequential")), None)
        line = f"{name:<24} {seconds(first['sequential'] if first else None)}"
        for target in targets:
            row = rows[target]
            if row.get("speedup"):
                line += f" {seconds(row['parallel']):>9} {row['speedup']:8.2f}x {row.get('spread', ''):>11}"
            else:
                line += f" {row['status'][:20]:>31}"
        print(line)
    for target in targets:
        refused = [(name, rows[target]) for name, rows in table.items() if rows[target]["status"] == "refused"]
        if refused:
            print(f"{target} refused:")
            for name, row in refused:
                print(f"  {name:<22} {row['reason'][:140]}")
    both = [rows for rows in table.values()
            if all(rows[t].get("speedup") for t in targets)
            and (next(iter(rows.values())).get("sequential") or 0) >= MIN_SEQUENTIAL_SECONDS]
    if both:
        from seq2par.models.suggest import geometric_mean

        for target in targets:
            mean = geometric_mean([rows[target]["speedup"] for rows in both])
            print(f"geometric-mean speedup {target} at {options.threads}: {mean:.2f}x over the {len(both)} programs "
                  f"validated for every target and >= {MIN_SEQUENTIAL_SECONDS} s sequentially")
        if len(targets) > 1:
            ahead = sum(rows[targets[0]]["speedup"] >= rows[targets[1]]["speedup"] for rows in both)
            print(f"{targets[0]} >= {targets[1]} on {ahead}/{len(both)} of them")
    if capacity_before is not None and capacity_after is not None:
        print(f"parallel capacity ({options.threads} compute-only copies vs one): {capacity_before:.2f} before, "
              f"{capacity_after:.2f} after (ideal {options.threads})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
