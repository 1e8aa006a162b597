"""MPI speedup of every example program: `seq2par parallelize --target mpi`, validated, timed.

Usage: python bench/mpi_speedup.py [--np 2] [--rounds 5] [--runs 1] [--only NAME] [--timeout S]
                                   [--suggester cost|model] [--cflags "-O3"] [--seq2par CMD]

First every example goes through `seq2par parallelize` once (plan, generate, validate at np; the program
is written only when its output matched). Then the timing: `--rounds` rounds over all the validated
programs, each round one `seq2par validate` per program (original and parallel built and run `--runs`
times each, alternately). A program's times are the medians over the rounds, so its samples are spread
over the whole benchmark instead of a few seconds of it: on a shared VM the same binary runs 30-50%
slower for minutes at a time, and a program measured only inside such a spell says little.

Prints one row per program (status, sequential seconds, parallel seconds, speedup = median sequential /
median parallel, and the range of the per-round speedups), the programs refused (exit 3) with the first
reason, the geometric-mean speedup over programs that validated and run >= 0.5 s sequentially, and the
programs below 1.3x. Exits 0 unless the tool itself crashes.

Before and after the programs it measures the machine's *parallel capacity*: a compute-only C loop run
alone, then as `np` copies at once; capacity = np x (time alone) / (time of the copies). On a shared VM
this drops below np when the host gives the cores to someone else, and no program can then beat it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = [ROOT / "examples" / "c", ROOT / "examples" / "cpp"]
SOURCE_SUFFIXES = {".c", ".cpp", ".cc", ".cxx"}
MIN_SEQUENTIAL_SECONDS = 0.5
SLOW_SPEEDUP = 1.3


def seq2par_executable() -> str:
    local = Path(sys.executable).with_name("seq2par")
    return str(local) if local.exists() else (shutil.which("seq2par") or "seq2par")


def example_programs(only: str | None) -> list[Path]:
    programs = sorted(
        p
        for folder in EXAMPLES
        for p in folder.iterdir()
        if p.suffix in SOURCE_SUFFIXES and ".mpi." not in p.name
    )
    if only:
        programs = [p for p in programs if only in (p.name, p.stem)]
    return programs


def first_reason(text: str) -> str:
    """The first line that names a loop and a finding code, else the first non-progress line."""
    lines = [line.strip().removeprefix("seq2par: ") for line in text.splitlines() if line.strip()]
    lines = [line for line in lines if not line.startswith(("analyzing ", "validating "))]
    for line in lines:
        if "[S2P" in line:
            return line
    return lines[0] if lines else ""


def run_program(exe: list[str], program: Path, out_dir: Path, options: argparse.Namespace) -> dict:
    """One `seq2par parallelize` run; returns a row for the table (raises RuntimeError on a crash)."""
    output = out_dir / f"{program.stem}.mpi{program.suffix}"
    command = [
        *exe,
        "parallelize",
        str(program),
        "--target",
        "mpi",
        "--np",
        str(options.np),
        "--runs",
        str(options.runs),
        "--timeout",
        str(options.timeout),
        "--suggester",
        options.suggester,
        "--format",
        "json",
        "-q",
        "-o",
        str(output),
        *(["--", *options.cflags.split()] if options.cflags else []),
    ]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    row = {
        "program": program.name,
        "exit": done.returncode,
        "status": None,
        "sequential": None,
        "parallel": None,
        "speedup": None,
        "reason": "",
        "wall": wall,
    }
    if "Traceback" in done.stderr or done.returncode not in (0, 2, 3, 4, 5, 6, 7):
        raise RuntimeError(f"{program.name}: seq2par crashed (exit {done.returncode}):\n{done.stderr}")
    try:
        result = json.loads(done.stdout) if done.stdout.strip() else {}
    except json.JSONDecodeError:
        result = {}
    row["status"] = result.get("status") or {
        3: "refused",
        2: "input-error",
        5: "build-failed",
        6: "crash-or-timeout",
        7: "slower (not written)",
    }.get(done.returncode, "failed")
    if done.returncode == 3:
        row["status"] = "refused"
        row["reason"] = first_reason(result.get("message") or done.stderr)
    elif done.returncode != 0:
        row["reason"] = first_reason(done.stderr)
    validation = result.get("validation") or {}
    row["sequential"] = validation.get("original_median_seconds")
    entries = validation.get("entries") or []
    if entries:
        entry = entries[0]
        row["parallel"] = entry.get("median_seconds")
        row["speedup"] = entry.get("speedup")
        if entry.get("status") and row["status"] in (None, "failed"):
            row["status"] = entry["status"]
    return row


SPIN = """
#include <stdio.h>
int main(void)
{
    double s = 0;
    for (long i = 1; i < 200000000; i++) s += 1.0 / (double)i;
    printf("%f\\n", s);
    return 0;
}
"""


def parallel_capacity(copies: int, folder: Path) -> float | None:
    """np x (one compute-bound run) / (np concurrent copies): np when the cores are really ours."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if compiler is None:
        return None
    source, binary = folder / "spin.c", folder / "spin"
    source.write_text(SPIN)
    subprocess.run([compiler, "-O2", str(source), "-o", str(binary)], check=True, capture_output=True)

    def timed(count: int) -> float:
        start = time.perf_counter()
        running = [subprocess.Popen([str(binary)], stdout=subprocess.DEVNULL) for _ in range(count)]
        for process in running:
            process.wait()
        return time.perf_counter() - start

    alone = min(timed(1) for _ in range(2))
    together = min(timed(copies) for _ in range(2))
    return copies * alone / together


def time_round(exe: list[str], row: dict, program: Path, options: argparse.Namespace) -> None:
    """One `seq2par validate` of a validated program: append its times (or the failure) to the row."""
    command = [*exe, "validate", str(program), row["output"], "--target", "mpi", "--np", str(options.np),
               "--runs", str(options.runs), "--timeout", str(options.timeout), "--format", "json"]
    if options.cflags:
        command += ["--", *options.cflags.split()]
    done = subprocess.run(command, capture_output=True, text=True)
    if "Traceback" in done.stderr:
        raise RuntimeError(f"{program.name}: seq2par validate crashed:\n{done.stderr}")
    try:
        report = json.loads(done.stdout)
    except json.JSONDecodeError:
        report = {}
    entries = report.get("entries") or []
    if done.returncode != 0 or not entries or not entries[0].get("equal"):
        row["status"] = report.get("status") or f"exit {done.returncode}"
        row["reason"] = first_reason(done.stderr)
        return
    row["sequential_runs"].append(report["original_median_seconds"])
    row["parallel_runs"].append(entries[0]["median_seconds"])


def seconds(value: float | None) -> str:
    return f"{value:8.3f}" if value is not None else "       -"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--np", type=int, default=2, help="rank count to validate and time with")
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds over all programs (median)")
    parser.add_argument("--runs", type=int, default=1, help="timed runs per program and round")
    parser.add_argument("--suggester", choices=("model", "cost"), default="cost",
                        help="who picks the plan (parallelize's default is the cost model)")
    parser.add_argument("--only", help="one program, by file name or stem")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds per run")
    parser.add_argument("--cflags", default="", help='extra compiler flags for both builds, e.g. "-O3" (they '
                        "come after seq2par's -O2, so an -O level here wins)")
    parser.add_argument("--seq2par", help="the seq2par command to measure (default: the venv's), e.g. a checkout "
                        "of an earlier version for a before/after comparison")
    options = parser.parse_args()

    exe = options.seq2par.split() if options.seq2par else [seq2par_executable()]
    programs = example_programs(options.only)
    if not programs:
        print(f"no example program matches {options.only!r}")
        return 0
    rows = []
    with tempfile.TemporaryDirectory(prefix="s2p-bench-") as tmp:
        capacity_before = parallel_capacity(options.np, Path(tmp))
        for program in programs:
            try:
                row = run_program(exe, program, Path(tmp), options)
            except RuntimeError as exc:
                print(exc, file=sys.stderr)
                return 1
            rows.append(row)
            print(f"  {program.name}: exit {row['exit']} in {row['wall']:.1f} s", file=sys.stderr, flush=True)
        timed = [(program, row) for program, row in zip(programs, rows, strict=True)
                 if row["exit"] == 0 and row["status"] == "equal"]
        for program, row in timed:
            row["output"] = str(Path(tmp) / f"{program.stem}.mpi{program.suffix}")
            row["sequential_runs"], row["parallel_runs"] = [], []
        for number in range(options.rounds):
            for program, row in timed:
                if row["status"] == "equal":
                    time_round(exe, row, program, options)
            print(f"  timing round {number + 1}/{options.rounds} done", file=sys.stderr, flush=True)
        for _, row in timed:
            if row["status"] == "equal" and row["parallel_runs"]:
                row["sequential"] = statistics.median(row["sequential_runs"])
                row["parallel"] = statistics.median(row["parallel_runs"])
                row["speedup"] = row["sequential"] / row["parallel"]
                ratios = [a / b for a, b in zip(row["sequential_runs"], row["parallel_runs"], strict=True)]
                row["spread"] = f"{min(ratios):.2f}-{max(ratios):.2f}x"
        capacity_after = parallel_capacity(options.np, Path(tmp))

    print(f"{'program':<24} {'status':<18} {'seq s':>8} {'np=' + str(options.np) + ' s':>8} {'speedup':>8}"
          f"  per round")
    for row in rows:
        if row["status"] == "refused":
            continue
        speedup = f"{row['speedup']:7.2f}x" if row["speedup"] else "       -"
        print(
            f"{row['program']:<24} {row['status']:<18} {seconds(row['sequential'])} "
            f"{seconds(row['parallel'])} {speedup}  {row.get('spread', '')}"
        )
        if row["exit"] not in (0, 3) and row["reason"]:
            print(f"{'':<24}   {row['reason'][:150]}")
    refused = [row for row in rows if row["status"] == "refused"]
    if refused:
        print("refused (nothing legal to parallelize):")
        for row in refused:
            print(f"  {row['program']:<22} {row['reason'][:150]}")
    counted = [
        row
        for row in rows
        if row["exit"] == 0
        and row["status"] == "equal"
        and row["speedup"]
        and (row["sequential"] or 0) >= MIN_SEQUENTIAL_SECONDS
    ]
    if counted:
        from seq2par.models.suggest import geometric_mean

        mean = geometric_mean([row["speedup"] for row in counted])
        print(
            f"geometric-mean speedup (np={options.np}, {len(counted)} validated programs >= "
            f"{MIN_SEQUENTIAL_SECONDS} s, both built with -O2 {options.cflags}".rstrip() + f"): {mean:.2f}x"
        )
    else:
        print("geometric-mean speedup: no validated program ran long enough")
    slow = [row["program"] for row in counted if row["speedup"] < SLOW_SPEEDUP]
    print(f"below {SLOW_SPEEDUP}x: {', '.join(slow) if slow else 'none'}")
    if capacity_before is not None and capacity_after is not None:
        print(f"parallel capacity of this machine ({options.np} compute-only copies vs one): "
              f"{capacity_before:.2f} before, {capacity_after:.2f} after (ideal {options.np})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
