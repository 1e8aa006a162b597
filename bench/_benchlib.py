"""Helpers shared by the external-benchmark scripts (PolyBench, AutoParBench, real-code speed).

They run the real CLI (`seq2par analyze --format json`) in a subprocess, so that a crash, a traceback or a hang
in the analyzer is reported as a result of the benchmark instead of stopping it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


def venv_tool(name: str) -> str:
    """The program `name` next to the running interpreter (the project's venv: `seq2par`, mpi4py's `mpicc` and
    `mpiexec`), else the one on PATH."""
    local = Path(sys.executable).with_name(name)
    return str(local) if local.exists() else (shutil.which(name) or name)


def seq2par_executable() -> str:
    """The `seq2par` next to the running interpreter (the project's venv), else the one on PATH."""
    return venv_tool("seq2par")


@dataclass
class AnalyzeRun:
    """One `seq2par analyze` call: its file reports (JSON dicts) or what went wrong."""

    command: list[str]
    seconds: float
    returncode: int | None
    reports: list[dict] = field(default_factory=list)
    error: str = ""  # empty when the call produced usable JSON
    traceback: bool = False  # a Python traceback was printed (an analyzer bug, not a user error)
    stderr: str = ""

    @property
    def ok(self) -> bool:
        return not self.error


def run_analyze(paths: Sequence[str | Path], flags: Iterable[str] = (), *, libclang: bool = True,
                timeout: float = 300.0) -> AnalyzeRun:
    """Run `seq2par analyze PATHS --format json [--no-libclang] [-- FLAGS]`; never raises for analyzer failures."""
    command = [seq2par_executable(), "analyze", *map(str, paths), "--format", "json"]
    if not libclang:
        command.append("--no-libclang")
    flags = list(flags)
    if flags:
        command += ["--", *flags]
    start = time.perf_counter()
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return AnalyzeRun(command, time.perf_counter() - start, None, error=f"timed out after {timeout:.0f} s")
    seconds = time.perf_counter() - start
    run = AnalyzeRun(command, seconds, done.returncode, stderr=done.stderr)
    run.traceback = "Traceback (most recent call last)" in done.stderr
    try:
        data = json.loads(done.stdout) if done.stdout.strip() else None
    except json.JSONDecodeError as exc:
        data = None
        run.error = f"output is not JSON ({exc})"
    if isinstance(data, dict):
        data = [data]
    if isinstance(data, list):  # a file that could not be analyzed is {"path", "error"}; errors are on stderr
        run.reports = [report for report in data if isinstance(report, dict) and "loops" in report]
    if not run.reports and not run.error:
        last = done.stderr.strip().splitlines()[-1:] or ["no output"]
        run.error = f"exit {done.returncode}: {last[0][:300]}"
    if run.traceback and not run.error:
        run.error = "traceback on stderr (see --json output)"
    return run


def blocking_findings(loop: dict) -> list[dict]:
    return [finding for finding in loop.get("findings", []) if finding.get("blocking")]


def is_parallel(loop: dict) -> bool:
    """Any parallel* verdict (plain map, reduction, privatization, halo...) counts as parallel."""
    return str(loop.get("verdict", "")).startswith("parallel")


def count_lines(paths: Iterable[Path]) -> int:
    return sum(path.read_bytes().count(b"\n") for path in paths)


def print_table(rows: Sequence[Sequence[object]], header: Sequence[str]) -> None:
    """A plain left-aligned text table (no dependency on a table library)."""
    cells = [[str(c) for c in header]] + [[str(c) for c in row] for row in rows]
    widths = [max(len(row[i]) for row in cells) for i in range(len(header))]
    for index, row in enumerate(cells):
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
        if index == 0:
            print("  ".join("-" * width for width in widths))


def write_json(path: str | Path | None, data: object) -> None:
    if path:
        Path(path).write_text(json.dumps(data, indent=2, default=str))
        print(f"wrote {path}")


def bytecode_note() -> str:
    """A warning when each CLI call compiles seq2par from source: PYTHONDONTWRITEBYTECODE set and no cached
    bytecode next to the analyzers. Start-up then includes compiling every module it imports (about 50 ms
    more than an installed copy, which pip compiles once)."""
    import os

    done = subprocess.run([sys.executable, "-c", "import seq2par.analyzers as a; print(a.__file__)"],
                          capture_output=True, text=True)
    folder = Path(done.stdout.strip() or ".").parent / "__pycache__"
    if os.environ.get("PYTHONDONTWRITEBYTECODE") and not any(folder.glob("*.pyc")):
        return ("note: PYTHONDONTWRITEBYTECODE is set and seq2par has no cached bytecode: every CLI call "
                "compiles its modules (start-up about 50 ms longer than an installed copy)")
    return ""


def analyzer_identity() -> str:
    """Which seq2par is measured: the folder its analyzers load from and, in a git checkout, the commit and
    whether the analyzer sources have uncommitted changes (other work in progress changes the numbers)."""
    done = subprocess.run([sys.executable, "-c", "import seq2par.analyzers as a; print(a.__file__)"],
                          capture_output=True, text=True)
    location = Path(done.stdout.strip() or ".").resolve().parent.parent
    head = subprocess.run(["git", "-C", str(location), "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True)
    if head.returncode != 0:
        return f"seq2par from {location} (not a git checkout)"
    dirty = subprocess.run(["git", "-C", str(location), "status", "--porcelain", "--", "analyzers", "cli"],
                           capture_output=True, text=True).stdout.strip()
    return f"seq2par from {location} at {head.stdout.strip()}" + (" + uncommitted analyzer changes" if dirty
                                                                    else "")
