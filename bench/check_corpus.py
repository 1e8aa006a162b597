"""Score `seq2par check` on a labelled corpus of small OpenMP programs (bench/check_corpus/).

Every program starts with a machine-readable header:

    // seq2par-corpus: racy            (or race-free)
    // category: task
    // race: line 12 write x / line 15 read x     (race-free programs: `// race: none`)

A program counts as *flagged* when `seq2par check` reports, at `error` severity (what fails the
pre-commit gate), a finding whose code is a race code (RACE_CODES below): a parallel loop carrying a
dependence (S2P701), a shared per-iteration temporary (S2P702), an accumulation without / with the wrong
reduction (S2P703 / S2P705), a CUDA same-address write (S2P704), a race between the threads of a
parallel region (S2P707), between tasks or asynchronous target regions and the code around them
(S2P708). S2P706 (independence not proven, a warning) and S2P100 (syntax) do not count: they do not
block a commit.

All programs are checked in one batched call (`seq2par check --format json FILES -- -fopenmp`); if that
call crashes, every program is checked on its own so that each still gets a verdict or a recorded
crash. Every program is also compiled with `gcc -fopenmp -c` (g++ for C++) unless `--no-compile`.

Usage: .venv/bin/python bench/check_corpus.py [--corpus DIR] [--json OUT] [--flags "-fopenmp"]
Exit status: 0 when the bar is met (accuracy >= 0.93, precision >= 0.95, every program a verdict,
every program compiles), 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT / "bench" / "check_corpus"
RACE_CODES = frozenset({"S2P701", "S2P702", "S2P703", "S2P704", "S2P705", "S2P707", "S2P708"})
BAR_ACCURACY, BAR_PRECISION = 0.93, 0.95

_LABEL = re.compile(r"^//\s*seq2par-corpus:\s*(racy|race-free)\s*$", re.M)
_CATEGORY = re.compile(r"^//\s*category:\s*(\S+)\s*$", re.M)
_RACE = re.compile(r"^//\s*race:\s*(.+)$", re.M)


@dataclass
class Program:
    path: str
    label: str  # racy | race-free
    category: str
    race: str
    flagged: bool | None = None  # None: no verdict
    codes: list[str] = field(default_factory=list)
    syntax_errors: int = 0
    problem: str = ""  # why there is no verdict, or a compile error

    @property
    def correct(self) -> bool:
        return self.flagged is not None and self.flagged == (self.label == "racy")


def read_corpus(corpus: Path) -> list[Program]:
    """Every labelled program of the corpus; raises ValueError for a file without a valid header."""
    programs = []
    for path in sorted(p for p in corpus.iterdir() if p.suffix in (".c", ".cpp")):
        head = "\n".join(path.read_text().splitlines()[:5])
        label, category, race = _LABEL.search(head), _CATEGORY.search(head), _RACE.search(head)
        if not (label and category and race):
            raise ValueError(f"{path}: missing `// seq2par-corpus:`, `// category:` or `// race:` header")
        if (label.group(1) == "racy") == (race.group(1).strip() == "none"):
            raise ValueError(f"{path}: a racy program names its racy pair, a race-free one says `race: none`")
        programs.append(Program(str(path), label.group(1), category.group(1), race.group(1).strip()))
    return programs


def _seq2par() -> str:
    local = Path(sys.executable).with_name("seq2par")
    return str(local) if local.exists() else (shutil.which("seq2par") or "seq2par")


def _run_check(paths: list[str], flags: list[str]) -> tuple[dict | None, str]:
    command = [_seq2par(), "check", "--format", "json", *paths]
    if flags:
        command += ["--", *flags]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1800)
    if done.returncode not in (0, 1):
        return None, (done.stderr.strip() or f"exit {done.returncode}").splitlines()[-1]
    try:
        return json.loads(done.stdout), ""
    except json.JSONDecodeError:
        return None, "output is not JSON"


def _apply(programs: list[Program], result: dict) -> None:
    by_path: dict[str, list[dict]] = defaultdict(list)
    for finding in result["findings"]:
        by_path[os.path.abspath(finding["path"])].append(finding)
    checked = {os.path.abspath(p) for p in result["files"]}
    for program in programs:
        key = os.path.abspath(program.path)
        if key not in checked:
            program.problem = "not checked"
            continue
        findings = by_path.get(key, [])
        program.codes = sorted({f["code"] for f in findings})
        program.syntax_errors = sum(1 for f in findings if f["code"] == "S2P100")
        program.flagged = any(f["severity"] == "error" and f["code"] in RACE_CODES for f in findings)


def check_all(programs: list[Program], flags: list[str]) -> None:
    """Verdicts for every program: one batched call, or one call per program if the batch fails."""
    result, problem = _run_check([p.path for p in programs], flags)
    if result is not None:
        _apply(programs, result)
        return
    print(f"batched check failed ({problem}); checking one program at a time", file=sys.stderr)
    for program in programs:
        result, problem = _run_check([program.path], flags)
        if result is None:
            program.problem = f"check crashed: {problem}"
        else:
            _apply([program], result)


def compile_all(programs: list[Program]) -> None:
    """Record a compile error of `gcc -fopenmp -c` (g++ for .cpp) in the program's problem."""
    with tempfile.TemporaryDirectory() as scratch:
        for program in programs:
            compiler = "g++" if program.path.endswith(".cpp") else "gcc"
            done = subprocess.run([compiler, "-fopenmp", "-c", program.path, "-o", f"{scratch}/out.o"],
                                  capture_output=True, text=True)
            if done.returncode != 0:
                first = next((ln for ln in done.stderr.splitlines() if "error" in ln), done.stderr[:200])
                program.problem = (program.problem + "; " if program.problem else "") + f"does not compile: {first}"


def _ratio(num: int, den: int) -> float:
    return num / den if den else 1.0


def score(programs: list[Program]) -> dict:
    """Accuracy, precision and recall over the programs with a verdict, overall and per category."""
    def counts(group: list[Program]) -> dict:
        tp = sum(1 for p in group if p.flagged and p.label == "racy")
        fp = sum(1 for p in group if p.flagged and p.label == "race-free")
        fn = sum(1 for p in group if p.flagged is False and p.label == "racy")
        tn = sum(1 for p in group if p.flagged is False and p.label == "race-free")
        return {"programs": len(group), "racy": sum(p.label == "racy" for p in group),
                "tp": tp, "fp": fp, "fn": fn, "tn": tn,
                "accuracy": _ratio(tp + tn, len(group)), "precision": _ratio(tp, tp + fp),
                "recall": _ratio(tp, tp + fn)}

    by_category: dict[str, list[Program]] = defaultdict(list)
    for program in programs:
        by_category[program.category].append(program)
    return {"overall": counts(programs),
            "categories": {name: counts(group) for name, group in sorted(by_category.items())}}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--json", type=Path, help="write the per-program verdicts and the scores here")
    parser.add_argument("--flags", default="-fopenmp", help="compiler flags passed after `--` (default -fopenmp)")
    parser.add_argument("--no-compile", action="store_true", help="skip the gcc -fopenmp -c check")
    args = parser.parse_args(argv)

    programs = read_corpus(args.corpus)
    check_all(programs, shlex.split(args.flags))
    if not args.no_compile:
        compile_all(programs)
    scores = score(programs)
    overall = scores["overall"]

    print(f"{len(programs)} programs ({overall['racy']} racy, {len(programs) - overall['racy']} race-free) "
          f"in {args.corpus}")
    print(f"accuracy {overall['accuracy']:.3f}  precision {overall['precision']:.3f}  recall {overall['recall']:.3f}"
          f"  (tp {overall['tp']}, fp {overall['fp']}, fn {overall['fn']}, tn {overall['tn']})")
    print(f"\n{'category':<22} {'n':>3} {'racy':>4} {'acc':>6} {'prec':>6} {'rec':>6}  fp fn")
    for name, c in scores["categories"].items():
        print(f"{name:<22} {c['programs']:>3} {c['racy']:>4} {c['accuracy']:>6.2f} {c['precision']:>6.2f} "
              f"{c['recall']:>6.2f}  {c['fp']:>2} {c['fn']:>2}")
    wrong = [p for p in programs if p.flagged is not None and not p.correct]
    print(f"\nwrong verdicts ({len(wrong)}):")
    for p in wrong:
        kind = "false alarm" if p.flagged else "missed race"
        print(f"  {kind:<11} {Path(p.path).name}  codes={','.join(p.codes) or '-'}  race: {p.race}")
    no_verdict = [p for p in programs if p.flagged is None]
    partial = [p for p in programs if p.syntax_errors]
    broken = [p for p in programs if "does not compile" in p.problem]
    print(f"\nevery program got a verdict: {'yes' if not no_verdict else 'NO'}"
          + "".join(f"\n  {Path(p.path).name}: {p.problem}" for p in no_verdict))
    print(f"programs checked despite syntax errors (S2P100): {len(partial)}"
          + "".join(f"\n  {Path(p.path).name}" for p in partial))
    if not args.no_compile:
        print(f"every program compiles with gcc/g++ -fopenmp -c: {'yes' if not broken else 'NO'}"
              + "".join(f"\n  {Path(p.path).name}: {p.problem}" for p in broken))
    if args.json:
        args.json.write_text(json.dumps({"scores": scores, "race_codes": sorted(RACE_CODES),
                                         "programs": [asdict(p) for p in programs]}, indent=2))
    met = (overall["accuracy"] >= BAR_ACCURACY and overall["precision"] >= BAR_PRECISION
           and not no_verdict and not broken)
    print(f"bar (accuracy >= {BAR_ACCURACY}, precision >= {BAR_PRECISION}, every program a verdict): "
          f"{'met' if met else 'NOT met'}")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
