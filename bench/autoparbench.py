"""AutoParBench (NPB3.0-omp-c) analysis-quality bench: precision and recall of `seq2par analyze` against the
human OpenMP reference, counted the way AutoParBench's tools/EquivalenceChecker does.

Usage:
  python bench/autoparbench.py PATH [--suite NPB3.0-omp-c] [--modes libclang,treesitter] [--json OUT]

PATH is an AutoParBench checkout (at least benchmarks/sequential/<suite> and
benchmarks/reference_cpu_threading/<suite> extracted).

How loops are matched (mirrors ompextractor.cpp and equivalence_checker.cpp):
  * a loop is a for, while or do statement; loops are numbered per function from 1 in order of their start
    line (one per line: on a shared line the last one visited, i.e. the innermost, keeps the number);
  * a reference loop is keyed by (file, function, loop number) and compared one to one with ours;
    "pragma type" NULL means the reference left it unannotated; "for"/"parallel for"/"simd" are parallel;
  * TN: reference NULL, ours sequential; FP: reference NULL, ours parallel*; FN: reference parallel, ours
    sequential; TP/DP: both parallel, DP when the clauses differ (reference private/firstprivate/lastprivate
    variables not all in ours, with the loop index added to our private list as they do, or reference
    reduction variables/operators not all in ours); N/A: no loop of ours with that key.
  * precision = TP / (TP + FP), recall = TP / (TP + FN) (DP and N/A count in neither, as in their
    create_metric_report.sh). Also printed: the same with DP counted as TP (verdict only), and with "FP"
    loops nested inside a loop the reference parallelized left out (the reference never annotates the inner
    loops of a parallel nest, so those are not wrong answers).

Matching is checked on line numbers: the reference's line (in the annotated file) is mapped to the
sequential file through a line diff, and loops whose mapped line differs from ours are counted and listed.

It also times one batched `seq2par analyze` over all the suite's .c files per mode (wall, lines/s).
"""

from __future__ import annotations

import argparse
import difflib
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _benchlib import (  # noqa: E402
    analyzer_identity,
    blocking_findings,
    count_lines,
    is_parallel,
    print_table,
    run_analyze,
    write_json,
)


@dataclass
class RefLoop:
    file: str  # relative to the suite folder, e.g. CG/cg.c
    function: str
    number: int
    line: int  # in the annotated reference file
    pragma: str
    ordered: bool
    private: list[str]
    firstprivate: list[str]
    lastprivate: list[str]
    reduction: list[tuple[str, str]]  # (op, var)
    seq_line: int | None = None  # the same line in the sequential file

    @property
    def parallel(self) -> bool:
        return self.pragma != "NULL"


@dataclass
class OurLoop:
    file: str
    function: str
    number: int
    data: dict
    ancestors: list[int] = field(default_factory=list)  # our loop ids, innermost first


def read_reference(json_path: Path, rel: str) -> dict[tuple[str, int], RefLoop]:
    data = json.loads(json_path.read_text())
    out = {}
    for entry in data.values():
        reduction = []
        for item in entry.get("reduction", []):
            op, _, var = item.rpartition(":")
            reduction.append((op or "none", var))
        loop = RefLoop(rel, entry["function"], int(entry["loop id"]), int(entry["loop line"]),
                       entry["pragma type"], entry.get("ordered") == "true", list(entry.get("private", [])),
                       list(entry.get("firstprivate", [])), list(entry.get("lastprivate", [])), reduction)
        out[(loop.function, loop.number)] = loop
    return out


def line_map(annotated: Path, sequential: Path) -> dict[int, int]:
    """1-based line of the annotated reference file -> the same line in the sequential file."""
    a = annotated.read_text(errors="replace").splitlines()
    b = sequential.read_text(errors="replace").splitlines()
    out = {}
    for block in difflib.SequenceMatcher(None, a, b, autojunk=False).get_matching_blocks():
        for k in range(block.size):
            out[block.a + k + 1] = block.b + k + 1
    return out


def number_our_loops(report: dict, rel: str) -> dict[tuple[str, int], OurLoop]:
    """Number our loops per function the ompextractor way: by start line, one per line (innermost wins)."""
    loops = report.get("loops", [])
    by_id = {loop["id"]: loop for loop in loops}
    per_function: dict[str, dict[int, dict]] = defaultdict(dict)
    for loop in sorted(loops, key=lambda lp: (lp["line"], lp["depth"], lp["column"])):
        per_function[loop["function"]][loop["line"]] = loop
    out = {}
    for function, by_line in per_function.items():
        for number, line in enumerate(sorted(by_line), start=1):
            loop = by_line[line]
            ancestors, parent = [], loop.get("parent")
            while parent is not None and parent in by_id:
                ancestors.append(parent)
                parent = by_id[parent].get("parent")
            out[(function, number)] = OurLoop(rel, function, number, loop, ancestors)
    return out


def clauses_differ(ref: RefLoop, ours: dict) -> str:
    """'' when our clauses cover the reference's (EquivalenceChecker rules), else why they do not."""
    private = set(ours.get("private", []))
    if ours.get("var"):
        private.add(ours["var"])
    if ref.ordered:
        return "reference is ordered"
    missing = [v for v in ref.private if v not in private]
    if missing:
        return f"private {','.join(missing)} not private in ours"
    if ref.firstprivate:
        return f"firstprivate {','.join(ref.firstprivate)}"
    if ref.lastprivate:
        return f"lastprivate {','.join(ref.lastprivate)}"
    our_reductions = {r["var"]: r["op"] for r in ours.get("reductions", [])}
    for op, var in ref.reduction:
        if var not in our_reductions:
            return f"reduction {op}:{var} missing"
        theirs = our_reductions[var]
        if not (op == "none" or op == theirs or (op == "+" and theirs == "-")):
            return f"reduction {op}:{var} is {theirs}:{var} in ours"
    return ""


@dataclass
class Outcome:
    kind: str  # TP TN FP FN DP N/A
    ref: RefLoop
    ours: OurLoop | None
    note: str = ""
    nested_in_ref_parallel: bool = False


def classify(refs: dict[str, dict[tuple[str, int], RefLoop]],
             ours: dict[str, dict[tuple[str, int], OurLoop]]) -> list[Outcome]:
    outcomes = []
    for rel, loops in refs.items():
        mine = ours.get(rel, {})
        id_to_key = {loop.data["id"]: key for key, loop in mine.items()}
        for key, ref in sorted(loops.items(), key=lambda item: item[1].line):
            our = mine.get(key)
            if our is None:
                outcomes.append(Outcome("N/A", ref, None))
                continue
            parallel = is_parallel(our.data)
            if not ref.parallel:
                kind = "FP" if parallel else "TN"
            elif not parallel:
                kind = "FN"
            else:
                note = clauses_differ(ref, our.data)
                kind = "DP" if note else "TP"
            outcome = Outcome(kind, ref, our, note if kind == "DP" else "")
            for ancestor in our.ancestors:
                ancestor_key = id_to_key.get(ancestor)
                if ancestor_key and ancestor_key in loops and loops[ancestor_key].parallel:
                    outcome.nested_in_ref_parallel = True
                    break
            outcomes.append(outcome)
    return outcomes


def metrics(counts: Counter) -> dict[str, float]:
    tp, fp, fn = counts["TP"], counts["FP"], counts["FN"]
    return {"precision": tp / (tp + fp) if tp + fp else 0.0, "recall": tp / (tp + fn) if tp + fn else 0.0}


def source_line(suite: Path, rel: str, line: int) -> str:
    lines = (suite / rel).read_text(errors="replace").splitlines()
    return " ".join(lines[line - 1].split())[:90] if 0 < line <= len(lines) else ""


def evaluate(mode: str, reports: list[dict], suite: Path, refs: dict, seq_maps: dict, show: bool) -> dict:
    ours = {}
    for report in reports:
        rel = Path(report["path"]).resolve().relative_to(suite).as_posix()
        ours[rel] = number_our_loops(report, rel)
    outcomes = classify(refs, ours)
    line_mismatch = [o for o in outcomes if o.ours and o.ref.seq_line and o.ref.seq_line != o.ours.data["line"]]
    counts = Counter(o.kind for o in outcomes)
    strict = metrics(counts)
    verdict_only = metrics(Counter({"TP": counts["TP"] + counts["DP"], "FP": counts["FP"], "FN": counts["FN"]}))
    nested_fp = [o for o in outcomes if o.kind == "FP" and o.nested_in_ref_parallel]
    counts_nested = Counter(counts)
    counts_nested["FP"] -= len(nested_fp)
    excl = metrics(counts_nested)
    excl_verdict = metrics(Counter({"TP": counts["TP"] + counts["DP"], "FP": counts_nested["FP"],
                                    "FN": counts["FN"]}))
    result = {
        "mode": mode, "counts": dict(counts), "their_way": strict, "verdict_only": verdict_only,
        "nested_fp_excluded": excl, "nested_fp_excluded_verdict_only": excl_verdict,
        "nested_fp": len(nested_fp), "line_mismatches": len(line_mismatch),
    }
    if not show:
        return result

    print(f"\n=== AutoParBench {suite.name}, analyzer mode {mode}")
    rows = []
    for rel in sorted(refs):
        c = Counter(o.kind for o in outcomes if o.ref.file == rel)
        rows.append((rel, len(refs[rel]), sum(r.parallel for r in refs[rel].values()), len(ours.get(rel, {})),
                     c["TP"], c["DP"], c["FP"], c["FN"], c["TN"], c["N/A"]))
    rows.append(("total", sum(r[1] for r in rows), sum(r[2] for r in rows), sum(r[3] for r in rows),
                 *(counts[k] for k in ("TP", "DP", "FP", "FN", "TN", "N/A"))))
    print_table(rows, ("file", "ref loops", "ref parallel", "our loops", "TP", "DP", "FP", "FN", "TN", "N/A"))

    def fmt(m: dict) -> str:
        return f"precision {m['precision']:.3f}  recall {m['recall']:.3f}"

    print(f"\ntheir way (TP/(TP+FP), TP/(TP+FN); DP in neither):      {fmt(strict)}")
    print(f"verdict only (DP counted as TP):                          {fmt(verdict_only)}")
    print(f"their way, FP nested in a reference-parallel loop excluded ({len(nested_fp)} loops): {fmt(excl)}")
    print(f"verdict only, same exclusion:                             {fmt(excl_verdict)}")
    print(f"line check: {len(line_mismatch)} matched loops whose line differs from the reference's "
          f"(mapped to the sequential file)")
    for o in line_mismatch[:10]:
        print(f"  {o.ref.file} {o.ref.function} loop#{o.ref.number}: reference l.{o.ref.seq_line}, "
              f"ours l.{o.ours.data['line']}")
    na = [o for o in outcomes if o.kind == "N/A"]
    if na:
        print(f"N/A (reference loop without a loop of ours): {len(na)}")
        for o in na[:15]:
            print(f"  {o.ref.file}:{o.ref.seq_line} {o.ref.function} loop#{o.ref.number} ({o.ref.pragma})")

    fps = [o for o in outcomes if o.kind == "FP"]
    print(f"\nParallel in ours, unannotated in the reference: {len(fps)} "
          f"({len(nested_fp)} nested in a reference-parallel loop, marked *)")
    for o in fps:
        d = o.ours.data
        print(f"  {'*' if o.nested_in_ref_parallel else ' '} {o.ref.file}:{d['line']} {o.ref.function} "
              f"loop#{o.ref.number} {d['verdict']}  | {source_line(suite, o.ref.file, d['line'])}")

    dps = [o for o in outcomes if o.kind == "DP"]
    if dps:
        print(f"\nBoth parallel, different clauses (DP): {len(dps)}")
        for o in dps:
            print(f"  {o.ref.file}:{o.ours.data['line']} {o.ref.function} loop#{o.ref.number}: {o.note}")

    fns = [o for o in outcomes if o.kind == "FN"]
    groups: dict[str, list[Outcome]] = defaultdict(list)
    any_code: Counter = Counter()
    for o in fns:
        blocking = blocking_findings(o.ours.data)
        groups[blocking[0]["code"] if blocking else "(none)"].append(o)
        any_code.update({f["code"] for f in blocking})
    print(f"\nMisses (reference parallel, ours sequential): {len(fns)}, grouped by our first blocking code")
    print("  loops naming each code anywhere in their blocking findings: "
          + ", ".join(f"{code} {n}" for code, n in any_code.most_common()))
    for code, items in sorted(groups.items(), key=lambda item: -len(item[1])):
        print(f"  {code}: {len(items)}")
        for o in items:
            d = o.ours.data
            first = (blocking_findings(d) or [{}])[0]
            names = ",".join(first.get("vars") or []) or "-"
            print(f"    {o.ref.file}:{d['line']} {o.ref.function} loop#{o.ref.number} [{names}] "
                  f"{first.get('message', '')[:140]}")
            print(f"        | {source_line(suite, o.ref.file, d['line'])}")
    result["unannotated_parallel"] = [
        {"file": o.ref.file, "line": o.ours.data["line"], "function": o.ref.function, "loop": o.ref.number,
         "verdict": o.ours.data["verdict"], "nested_in_reference_parallel": o.nested_in_ref_parallel}
        for o in fps]
    result["misses"] = [
        {"file": o.ref.file, "line": o.ours.data["line"], "function": o.ref.function, "loop": o.ref.number,
         "findings": blocking_findings(o.ours.data), "source": source_line(suite, o.ref.file, o.ours.data["line"])}
        for o in fns]
    result["dp"] = [{"file": o.ref.file, "line": o.ours.data["line"], "note": o.note} for o in dps]
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("path", type=Path, help="AutoParBench checkout")
    parser.add_argument("--suite", default="NPB3.0-omp-c")
    parser.add_argument("--modes", default="libclang,treesitter",
                        help="comma-separated: libclang (the default analyze mode), treesitter (--no-libclang)")
    parser.add_argument("--detail-mode", default="libclang", help="the mode whose loop lists are printed")
    parser.add_argument("--timeout", type=float, default=600.0)
    parser.add_argument("--json", help="write the results to this JSON file")
    options = parser.parse_args()
    print(analyzer_identity())

    root = options.path.resolve()
    suite = root / "benchmarks" / "sequential" / options.suite
    reference = root / "benchmarks" / "reference_cpu_threading" / options.suite
    if not suite.is_dir() or not reference.is_dir():
        parser.error(f"{root}: needs benchmarks/sequential/{options.suite} and "
                     f"benchmarks/reference_cpu_threading/{options.suite}")
    sources = sorted(p for p in suite.rglob("*.c") if (reference / p.relative_to(suite)).with_suffix(".c.json")
                     .exists())
    refs, seq_maps = {}, {}
    for source in sources:
        rel = source.relative_to(suite).as_posix()
        refs[rel] = read_reference((reference / rel).with_suffix(".c.json"), rel)
        mapping = line_map(reference / rel, source)
        seq_maps[rel] = mapping
        for ref in refs[rel].values():
            ref.seq_line = mapping.get(ref.line)
    nlines = count_lines(sources)
    flags = ["-I", str(suite / "common")]  # npbparams.h and the other headers are found next to each file
    print(f"{len(sources)} files, {nlines} lines, {sum(len(r) for r in refs.values())} reference loops "
          f"({sum(x.parallel for r in refs.values() for x in r.values())} parallel)")
    print("pragma types in the reference: " + ", ".join(
        f"{k} {n}" for k, n in Counter(x.pragma for r in refs.values() for x in r.values()).most_common()))

    out = {"suite": str(suite), "files": len(sources), "lines": nlines, "modes": {}}
    for mode in options.modes.split(","):
        run = run_analyze(sources, flags, libclang=(mode == "libclang"), timeout=options.timeout)
        timing = {"seconds": round(run.seconds, 3), "lines_per_s": round(nlines / run.seconds)}
        modes = Counter(r.get("mode") for r in run.reports)
        print(f"\nbatched analyze, {mode}: {run.seconds:.2f} s wall for {nlines} lines = "
              f"{nlines / run.seconds:,.0f} lines/s; report modes {dict(modes)}"
              + (f"; ERROR: {run.error}" if run.error else ""))
        if not run.reports:
            out["modes"][mode] = {"timing": timing, "error": run.error, "stderr": run.stderr[-4000:]}
            continue
        notes = {r.get("mode_note") for r in run.reports if r.get("mode") != mode}
        if notes:
            print(f"  note: some files not analyzed in {mode} mode: {notes}")
        parse_errors = sum(len(r.get("parse_errors", [])) for r in run.reports)
        if parse_errors:
            print(f"  parse errors (S2P100) reported: {parse_errors}")
        result = evaluate(mode, run.reports, suite, refs, seq_maps, show=(mode == options.detail_mode))
        result["timing"] = timing
        out["modes"][mode] = result
        if mode != options.detail_mode:
            m, e = result["their_way"], result["nested_fp_excluded"]
            print(f"  {mode}: counts {result['counts']}; precision {m['precision']:.3f} recall {m['recall']:.3f}; "
                  f"nested FP excluded: precision {e['precision']:.3f}")
    write_json(options.json, out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
