"""Analyzer speed on real code: one batched `seq2par analyze` over a folder, in libclang and tree-sitter modes.

Usage:
  python bench/real_code_speed.py PATH [--flag=-IDIR ...] [--suffixes .c] [--repeats N] [--profile] [--profile-dir DIR]
                                       [--top 15] [--json OUT]

PATH is a folder (walked for C/C++ sources the way the CLI walks it) or a file, e.g. AutoParBench's
benchmarks/sequential/NPB3.0-omp-c (13 files, 15,300 lines). Prints, per mode, the wall time of the batched
CLI call (best of --repeats, start-up included) and lines/s, then the in-process time of analyze_file per file
(no start-up). With --profile it runs cProfile over analyze_file on every file, per mode, and prints the top
functions by cumulative and by own time; the raw profiles go to --profile-dir (default: a temp dir) for
`python -m pstats` or snakeviz.

The generated-code throughput bench is bench/analyze_speed.py; this one measures what users' code costs.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _benchlib import (  # noqa: E402
    analyzer_identity,
    bytecode_note,
    count_lines,
    print_table,
    run_analyze,
    write_json,
)

MODES = (("libclang", True), ("treesitter", False))


def profile_mode(files: list[Path], flags: list[str], use_libclang: bool, top: int,
                 out: Path) -> dict[str, str]:
    """cProfile analyze_file over `files`; returns the printed top-`top` tables by cumulative and own time."""
    from seq2par.analyzers import analyze_file

    profiler = cProfile.Profile()
    profiler.enable()
    for path in files:
        try:
            analyze_file(path, flags, use_libclang=use_libclang)
        except Exception as exc:  # noqa: BLE001 - a bench reports failures, it does not stop on them
            print(f"  {path}: {type(exc).__name__}: {exc}")
    profiler.disable()
    profiler.dump_stats(str(out))
    tables = {}
    for order in ("cumulative", "tottime"):
        text = io.StringIO()
        stats = pstats.Stats(profiler, stream=text)
        stats.strip_dirs().sort_stats(order).print_stats(top)
        body = text.getvalue()
        start = body.find("   ncalls")
        tables[order] = body[start:] if start >= 0 else body
    return tables


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("path", type=Path, help="folder or file of C/C++ sources")
    parser.add_argument("--flag", action="append", default=[],
                        help="compiler flag passed after `--` (repeat; write --flag=-Idir)")
    parser.add_argument("--suffixes", help="only these suffixes, e.g. .c (default: every C/C++ suffix the CLI "
                        "walks, headers included); the files are then passed to the CLI one by one")
    parser.add_argument("--repeats", type=int, default=1, help="batched CLI calls per mode (best is kept)")
    parser.add_argument("--profile", action="store_true", help="cProfile analyze_file per mode")
    parser.add_argument("--profile-dir", type=Path, help="where the .prof files go (default: a temp dir)")
    parser.add_argument("--top", type=int, default=15, help="rows of each profile table")
    parser.add_argument("--json", help="write the numbers to this JSON file")
    options = parser.parse_args()
    print(analyzer_identity())
    note = bytecode_note()
    if note:
        print(note)

    from seq2par.analyzers import analyze_file, collect_sources

    files = collect_sources([options.path], options.suffixes.split(",")) if options.suffixes else \
        collect_sources([options.path])
    targets = files if options.suffixes else [options.path]
    nlines = count_lines(files)
    print(f"{options.path}: {len(files)} files, {nlines} lines")
    out: dict = {"path": str(options.path), "files": len(files), "lines": nlines, "modes": {}}

    rows = []
    for mode, use_libclang in MODES:
        best, error = float("inf"), ""
        for _ in range(max(1, options.repeats)):
            run = run_analyze(targets, options.flag, libclang=use_libclang)
            best, error = min(best, run.seconds), run.error or error
        per_file, failures = {}, []
        for path in files:
            start = time.perf_counter()
            try:
                analyze_file(path, options.flag, use_libclang=use_libclang)
            except Exception as exc:  # noqa: BLE001
                failures.append(f"{path}: {type(exc).__name__}: {exc}")
            per_file[str(path)] = time.perf_counter() - start
        in_process = sum(per_file.values())
        rows.append((mode, f"{best:.2f}", f"{nlines / best:,.0f}", f"{in_process:.2f}",
                     f"{nlines / in_process:,.0f}", error or "-"))
        out["modes"][mode] = {"cli_seconds": best, "cli_lines_per_s": nlines / best, "in_process_seconds":
                              in_process, "in_process_lines_per_s": nlines / in_process, "per_file": per_file,
                              "error": error, "failures": failures}
        slowest = sorted(per_file.items(), key=lambda item: -item[1])[:5]
        print(f"  {mode}: slowest files in process: "
              + ", ".join(f"{Path(p).name} {s:.2f} s ({count_lines([Path(p)]) / s:,.0f} lines/s)"
                          for p, s in slowest))
        for failure in failures:
            print(f"  {mode} FAILED {failure}")
    print()
    print_table(rows, ("mode", "CLI batched s", "CLI lines/s", "in-process s", "in-process lines/s", "error"))

    if options.profile:
        folder = options.profile_dir or Path(tempfile.mkdtemp(prefix="seq2par-profile-"))
        folder.mkdir(parents=True, exist_ok=True)
        for mode, use_libclang in MODES:
            target = folder / f"analyze_{mode}.prof"
            tables = profile_mode(files, options.flag, use_libclang, options.top, target)
            out["modes"][mode]["profile"] = {"file": str(target), **tables}
            for order, table in tables.items():
                print(f"\n--- profile, {mode} mode, top {options.top} by {order} ({target}) ---")
                print(table.rstrip())
    write_json(options.json, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
