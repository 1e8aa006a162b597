"""ParEval's serial-to-parallel translation tasks, answered by seq2par in function mode and judged by ParEval's
own C++ drivers.

Usage: python bench/pareval.py PATH [--models omp,mpi] [--only NAME] [--timeout S] [--json OUT]

PATH is a ParEval checkout (github parallelcodefoundry/ParEval, fetched into a scratch folder, never
committed here). For each of the 54 C++ problems of prompts/translation-prompts.json and each model (omp,
mpi) the serial function (`translation_src_example`, behind a block of standard headers so that it parses
alone) goes to `seq2par parallelize FILE --function NAME --target openmp|mpi --no-validate`: ParEval's
drivers are the validation here (no caller of ours exists for these functions), so seq2par's answer is
labelled UNVALIDATED and judged by them. An answer becomes ParEval's `generated-code.hpp`, is built with
ParEval's flags (cpp_driver_wrapper.py: g++/mpicxx -std=c++17 -O3 [-fopenmp] -DUSE_<MODEL>
-DDRIVER_PROBLEM_SIZE from drivers/problem-sizes.json, linked with models/<model>-driver.o and the
problem's cpu.cc) and run at 1 and 2 threads (`a.out N`) or ranks (`mpiexec -n N`, the venv's MPICH, in
place of srun). 4 and more are left out: this machine has 2 cores.

A problem refused only for possible aliasing of its parameters (S2P501) is tried again under the
`--distinct-params` contract (the function's `const &` inputs are not the objects it writes, as in every
ParEval driver); those answers are marked, and pass@1 is given with and without them.

Outcomes: build-failed, PASS (every run printed "Validation: PASS"), FAIL (a run printed "Validation: FAIL":
a wrong answer), timeout or crash (no verdict: not wrong, not a pass), refused (seq2par exit 3, with its
first reason and the finding code). pass@1 is one deterministic attempt per problem; anything but PASS
counts as a failure.

Driver caveats are read from each problem's cpu.cc and reported beside the results, not tuned to: a driver
whose best() runs another function than the one compute() runs (the speedup then compares different
work), and, for MPI, drivers that check the result on rank 0 only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _benchlib import seq2par_executable, venv_tool  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
PRELUDE = """\
#include <algorithm>
#include <array>
#include <cmath>
#include <complex>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <map>
#include <numeric>
#include <queue>
#include <stack>
#include <string>
#include <utility>
#include <vector>

"""
TARGETS = {"omp": "openmp", "mpi": "mpi"}
COUNTS = (1, 2)


def finding_code(text: str) -> str:
    match = re.search(r"\[(S2P\d{3})\]", text)
    if match:
        return match.group(1)
    for key, label in (("only counted `for` loops", "not a counted for loop"), ("(no loops)", "no loops"),
                       ("minloc", "minloc/maxloc"), ("not implemented", "not implemented"),
                       ("too little work", "too little work")):
        if key in text:
            return label
    return "other"


def driver_caveats(cpu_cc: str, model: str) -> list[str]:
    """What the driver's own code says about how far to trust its verdict and its timing."""
    caveats = []
    compute = re.search(r"compute\(Context \*ctx\)\s*\{\s*([A-Za-z_]\w*)\(", cpu_cc)
    best = re.search(r"best\(Context \*ctx\)\s*\{\s*([A-Za-z_]\w*)\(", cpu_cc)
    if compute and best:
        tested, timed = compute.group(1), best.group(1)
        if timed.lower() != f"correct{tested}".lower():
            caveats.append(f"times {tested}() against {timed}(), another function")
    if model == "mpi" and re.search(r"IS_ROOT\(rank\)\s*&&", cpu_cc):
        caveats.append("checks the result on rank 0 only")
    return caveats


def run(command: list[str], timeout: float, cwd: Path | None = None) -> tuple[int | None, str, float]:
    started = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, errors="replace", timeout=timeout, cwd=cwd)
    except subprocess.TimeoutExpired:
        return None, "timeout", time.perf_counter() - started
    return done.returncode, done.stdout + done.stderr, time.perf_counter() - started


def build_driver_objects(drivers: Path, work: Path) -> dict[str, Path]:
    objects = {}
    for model, (compiler, flags) in {"omp": ("g++", ["-fopenmp"]), "mpi": (venv_tool("mpicxx"), [])}.items():
        output = work / f"{model}-driver.o"
        driver = drivers / "models" / f"{model}-driver.cc"
        code, text, _ = run([compiler, "-std=c++17", "-O3", *flags, "-c", str(driver),
                             "-o", str(output)], 300)
        if code != 0:
            raise SystemExit(f"cannot build ParEval's {model} driver: {text[-2000:]}")
        objects[model] = output
    return objects


def evaluate(task: dict, model: str, drivers: Path, sizes: dict, objects: dict[str, Path], work: Path,
             timeout: float, contract: bool = False) -> dict:
    name, function = task["name"], task["translation_function_name"]
    folder = work / f"{model}-{name}{'-contract' if contract else ''}"
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "serial.cpp"
    source.write_text(PRELUDE + task["translation_src_example"] + "\n")
    answer = folder / "generated-code.hpp"
    code, text, seconds = run([seq2par_executable(), "parallelize", str(source), "--target", TARGETS[model],
                               "--function", function, "--no-validate", "-q", "-o", str(answer),
                               *(["--distinct-params"] if contract else [])], 300)
    row = {"model": model, "name": name, "type": task["problem_type"], "function": function,
           "seq2par_seconds": round(seconds, 2), "contract": contract}
    cpu_cc = drivers / "benchmarks" / task["problem_type"] / name / "cpu.cc"
    row["caveats"] = driver_caveats(cpu_cc.read_text(), model) if cpu_cc.exists() else ["no cpu.cc driver"]
    if code == 3:
        reason = next((line for line in text.splitlines() if line.strip()), "")
        return {**row, "outcome": "refused", "reason": reason.removeprefix("seq2par: ")[:300],
                "code": finding_code(reason)}
    if code != 0 or not answer.exists():
        return {**row, "outcome": "tool-error", "reason": text[-500:]}
    row["pragmas"] = [line.strip() for line in answer.read_text().splitlines() if line.strip().startswith("#pragma")]
    compiler = "g++" if model == "omp" else venv_tool("mpicxx")
    flags = ["-std=c++17", "-O3", *(["-fopenmp"] if model == "omp" else [])]
    size = sizes[name][model]
    binary = folder / "a.out"
    code, text, _ = run([compiler, *flags, f"-I{drivers}", f"-I{drivers / 'models'}", f"-I{folder}",
                         f"-DUSE_{model.upper()}", f"-DDRIVER_PROBLEM_SIZE={size}", str(objects[model]),
                         str(cpu_cc), "-o", str(binary)], 300)
    if code != 0:
        return {**row, "outcome": "build-failed", "reason": text[-800:]}
    runs = {}
    for count in COUNTS:
        command = [str(binary), str(count)] if model == "omp" else [venv_tool("mpiexec"), "-n", str(count), str(binary)]
        code, text, _ = run(command, timeout, cwd=folder)
        verdict = re.search(r"Validation: (PASS|FAIL)", text)
        timed = re.search(r"^Time: ([0-9.eE+-]+)", text, re.M)
        best = re.search(r"^BestSequential: ([0-9.eE+-]+)", text, re.M)
        runs[count] = {"exit": code, "validation": verdict.group(1) if verdict else None,
                       "time": float(timed.group(1)) if timed else None,
                       "best": float(best.group(1)) if best else None,
                       "tail": "" if verdict and verdict.group(1) == "PASS" else text[-400:]}
    row["runs"] = runs
    row["outcome"] = outcome(runs)
    passed = row["outcome"] == "PASS"
    at2 = runs.get(2, {})
    if passed and at2.get("time") and at2.get("best"):
        row["speedup"] = round(at2["best"] / at2["time"], 3)
        # The serial function ParEval hands over is often slower than its BestSequential (a branchy relu
        # against a vectorized max): time it in the same driver too, to see what the parallelization gained.
        shutil.copy(source, answer)
        original = folder / "original.out"
        code, text, _ = run([compiler, *flags, f"-I{drivers}", f"-I{drivers / 'models'}", f"-I{folder}",
                             f"-DUSE_{model.upper()}", f"-DDRIVER_PROBLEM_SIZE={size}", str(objects[model]),
                             str(cpu_cc), "-o", str(original)], 300)
        command = [str(original), "1"] if model == "omp" else [venv_tool("mpiexec"), "-n", "1", str(original)]
        code, text, _ = run(command, timeout, cwd=folder) if code == 0 else (code, text, 0.0)
        timed = re.search(r"^Time: ([0-9.eE+-]+)", text, re.M)
        if code == 0 and timed:
            row["original_time"] = float(timed.group(1))
            row["speedup_vs_original"] = round(row["original_time"] / at2["time"], 3)
    return row


def outcome(runs: dict) -> str:
    """PASS when every run validated; FAIL (a wrong answer) when a run printed "Validation: FAIL"; else
    timeout or crash (no verdict: not a wrong answer, but not a pass either)."""
    if all(r["exit"] == 0 and r["validation"] == "PASS" for r in runs.values()):
        return "PASS"
    if any(r["validation"] == "FAIL" for r in runs.values()):
        return "FAIL"
    return "timeout" if any(r["exit"] is None for r in runs.values()) else "crash"


def summarize(rows: list[dict]) -> None:
    print()
    for model in sorted({row["model"] for row in rows}):
        mine = [row for row in rows if row["model"] == model]
        for row in mine:  # rows written before timeouts and crashes were told apart from wrong answers
            if row["outcome"] == "FAIL" and row.get("runs"):
                row["outcome"] = outcome({int(k): v for k, v in row["runs"].items()})
        outcomes = Counter(row["outcome"] for row in mine)
        passed = [row for row in mine if row["outcome"] == "PASS"]
        speedups = [row["speedup"] for row in passed if row.get("speedup")]
        geomean = math.exp(statistics.fmean(math.log(s) for s in speedups)) if speedups else float("nan")
        own = [row["speedup_vs_original"] for row in passed if row.get("speedup_vs_original")]
        own_mean = math.exp(statistics.fmean(math.log(s) for s in own)) if own else float("nan")
        plain = [row for row in passed if not row.get("contract")]
        print(f"{model}: pass@1 {len(passed)}/{len(mine)} = {len(passed) / max(1, len(mine)):.2f} with the "
              f"--distinct-params contract where an aliasing refusal asked for it "
              f"({len(passed) - len(plain)} of them), {len(plain)}/{len(mine)} = "
              f"{len(plain) / max(1, len(mine)):.2f} without it")
        print(f"  "
              f"FAIL (wrong answer) {outcomes['FAIL']}, timeout {outcomes['timeout']}, crash {outcomes['crash']}, "
              f"build-failed {outcomes['build-failed']}, refused {outcomes['refused']}, "
              f"tool errors {outcomes['tool-error']}; geomean speedup of the passed at 2 = {geomean:.2f}x "
              f"(range {min(speedups, default=float('nan')):.2f}-{max(speedups, default=float('nan')):.2f}); "
              f"vs the serial function handed over {own_mean:.2f}x")
        by_type: dict[str, list[dict]] = defaultdict(list)
        for row in mine:
            by_type[row["type"]].append(row)
        print("  per type: " + ", ".join(f"{kind} {sum(r['outcome'] == 'PASS' for r in group)}/{len(group)}"
                                         for kind, group in sorted(by_type.items())))
        reasons = Counter(row["code"] for row in mine if row["outcome"] == "refused")
        print("  refusals by reason: " + ", ".join(f"{code} {count}" for code, count in reasons.most_common()))
        for row in mine:
            if row["outcome"] in ("PASS", "FAIL", "build-failed", "timeout", "crash"):
                caveat = f"  [driver: {'; '.join(row['caveats'])}]" if row["caveats"] else ""
                if row.get("contract"):
                    caveat += "  [--distinct-params]"
                speed = f" {row['speedup']:.2f}x" if row.get("speedup") else ""
                if row.get("speedup_vs_original"):
                    speed += f" ({row['speedup_vs_original']:.2f}x vs the serial function)"
                print(f"  {row['outcome']:<12} {row['name']}{speed}{caveat}")
        flagged = [row for row in passed if row["caveats"]]
        if flagged:
            print(f"  passed on a driver with a caveat (report separately): {len(flagged)}: "
                  + ", ".join(row["name"] for row in flagged))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("path", type=Path, help="a ParEval checkout")
    parser.add_argument("--models", default="omp,mpi")
    parser.add_argument("--only", help="problems whose name contains this")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per driver run")
    parser.add_argument("--json", type=Path, help="write every row here")
    parser.add_argument("--summarize", type=Path, help="only print the summary of an earlier --json file")
    parser.add_argument("--no-contract", dest="contract", action="store_false",
                        help="do not retry aliasing refusals (S2P501) under --distinct-params")
    options = parser.parse_args()
    if options.summarize:
        summarize(json.loads(options.summarize.read_text()))
        return 0
    drivers = options.path / "drivers" / "cpp"
    tasks = json.loads((options.path / "prompts" / "translation-prompts.json").read_text())
    sizes = json.loads((options.path / "drivers" / "problem-sizes.json").read_text())
    models = [m for m in options.models.split(",") if m]
    started = time.perf_counter()
    load_before = os.getloadavg()
    rows = []
    with tempfile.TemporaryDirectory(prefix="seq2par-pareval-") as temporary:
        work = Path(temporary)
        objects = build_driver_objects(drivers, work)
        for model in models:
            for task in tasks:
                if task["parallelism_model"] != model or task["language"] != "cpp":
                    continue
                if options.only and options.only not in task["name"]:
                    continue
                row = evaluate(task, model, drivers, sizes, objects, work, options.timeout)
                if row["outcome"] == "refused" and row.get("code") == "S2P501" and options.contract:
                    # refused for possible aliasing only: try again under the --distinct-params contract
                    retry = evaluate(task, model, drivers, sizes, objects, work, options.timeout, contract=True)
                    row = {**retry, "plain": {k: row[k] for k in ("outcome", "reason", "code")}}
                rows.append(row)
                detail = f" {row.get('speedup', '')}" if row["outcome"] == "PASS" else f" {row.get('reason', '')[:120]}"
                print(f"{model:<4} {row['name']:<50} {row['outcome']}{detail}", flush=True)
    summarize(rows)
    print(f"\n{len(rows)} answers in {time.perf_counter() - started:.0f} s; load average (1, 5, 15 min) "
          f"{'/'.join(f'{x:.1f}' for x in load_before)} before, {'/'.join(f'{x:.1f}' for x in os.getloadavg())} "
          f"after, on {os.cpu_count()} CPUs: the drivers' problems run for milliseconds, and on a shared machine a "
          "thread or rank that loses its core for one time slice multiplies that")
    if options.json:
        options.json.write_text(json.dumps(rows, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
