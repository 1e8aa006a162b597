"""The plan dataset, measured: for each program, enumerate legal plans, generate each with
`MpiGenerator(decisions=...)`, validate and time it with `validate_mpi` at np=2, record the outcome.

One JSON line per program:
  {"program", "origin" ("example" | "synthetic"), "shape", "split" ("train" | "test"), "seed",
   "loops": {loop_id: LoopFacts}, "options": {loop_id: [decisions]},
   "plans": [{"decisions", "equal", "status", "seq_seconds", "np2_seconds", "speedup", "limit_seconds" (each
              run's time limit), "source" ("default" | "cost" | "sampled")}],
   "best": index of the measured-best equal plan (fastest np=2 median) or null}
and a first line {"meta": {...}} with the seed, the machine, the timing protocol and the split rule.

CUDA: not timed here (no GPU on this machine). The model ranks MPI plans only; no CUDA proxy is used.
"""

from __future__ import annotations

import json
import platform
import random
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from .features import loop_facts
from .suggest import CostModelSuggester, all_plans
from .synthetic import generate_programs

DEFAULT_DATA = Path(__file__).parent / "data" / "plans.jsonl"
TEST_FRACTION = 0.3
RUN_TIMEOUT = 8.0  # seconds per run: a plan slower than this is recorded as "timeout" (not a candidate)
SLOW_FACTOR = 4.0  # once the original's time is known, a plan is stopped at this multiple of it (never the best)
MIN_TIMEOUT = 2.0


@dataclass(frozen=True)
class Program:
    name: str
    origin: str
    shape: str
    path: Path


def split_of(name: str, seed: int) -> str:
    """Held-out split by program, fixed by the seed (stable across runs and machines)."""
    return "test" if random.Random(f"{seed}:{name}").random() < TEST_FRACTION else "train"


def corpus(workdir: Path, count: int, seed: int, examples: Path | None) -> list[Program]:
    programs: list[Program] = []
    if examples is not None and examples.is_dir():
        for path in sorted([*examples.glob("c/*.c"), *examples.glob("cpp/*.cpp")]):
            programs.append(Program(f"examples/{path.parent.name}/{path.name}", "example", "example", path))
    for synth in generate_programs(count, seed):
        path = workdir / f"{synth.name}.c"
        path.write_text(synth.source)
        programs.append(Program(synth.name, "synthetic", synth.shape, path))
    return programs


def choose_plans(report, options: dict[int, list[str]], cap: int, rng: random.Random) -> list[tuple[str, dict]]:
    """The generator's default plan, the cost model's top plan, then random others; at most `cap`."""
    from seq2par.generators.mpi import MpiGenerator

    gen = MpiGenerator(report)
    default = {p.loop.id: p.schedule for plans in gen.choose().values() for p in plans}
    picked: list[tuple[str, dict]] = []
    seen: set = set()

    def add(origin: str, plan: dict) -> None:
        key = tuple(sorted(plan.items()))
        if plan and key not in seen and len(picked) < cap:
            seen.add(key)
            picked.append((origin, plan))

    add("default", default)
    cost = CostModelSuggester().suggest(report, options)
    if cost:
        add("cost", cost[0].decisions)
    everything = all_plans(report, options)
    rng.shuffle(everything)
    for plan in everything:
        add("sampled", plan)
    return picked


def measure_program(program: Program, *, cap: int, runs: int, seed: int, timeout: float = RUN_TIMEOUT,
                    log=print) -> dict | None:
    from seq2par.analyzers import ParseError, analyze_file
    from seq2par.generators.edits import TransformationError
    from seq2par.generators.mpi import MpiGenerator
    from seq2par.validators import ToolchainError, ValidationError, validate_mpi

    try:
        report = analyze_file(program.path, [], use_libclang=True)
    except ParseError as exc:
        log(f"  skip {program.name}: {exc}")
        return None
    options = MpiGenerator(report).options()
    if not options:
        log(f"  skip {program.name}: no distributable loop")
        return None
    facts = loop_facts(report)
    rng = random.Random(f"{seed}:{program.name}")
    records = []
    limit = timeout
    for origin, decisions in choose_plans(report, options, cap, rng):
        record = {"decisions": {str(k): v for k, v in sorted(decisions.items())}, "source": origin,
                  "equal": False, "status": "not-generated", "seq_seconds": None, "np2_seconds": None,
                  "speedup": None, "limit_seconds": limit}
        try:
            generated = MpiGenerator(report, decisions=decisions).generate()
        except TransformationError as exc:
            record["status"] = f"not-generated: {str(exc).splitlines()[0]}"
            records.append(record)
            continue
        with tempfile.TemporaryDirectory(prefix="s2p-plan-") as tmp:
            candidate = Path(tmp) / f"candidate{program.path.suffix}"
            candidate.write_text(generated.source)
            try:
                result = validate_mpi(program.path, candidate, np_list=(2,), runs=runs, timeout=limit)
            except (ToolchainError, ValidationError) as exc:
                record["status"] = f"error: {exc}"
                records.append(record)
                continue
        entry = result.entries[0] if result.entries else None
        record.update(status=result.status, equal=result.status == "equal",
                      seq_seconds=result.original_median_seconds,
                      np2_seconds=entry.median_seconds if entry else None,
                      speedup=entry.speedup if entry else None)
        records.append(record)
        if result.original_median_seconds:
            # A plan several times slower than the sequential program cannot be the best: stop it early.
            limit = min(timeout, max(MIN_TIMEOUT, SLOW_FACTOR * result.original_median_seconds))
        log(f"  {origin:8} {record['decisions']} {record['status']} seq {record['seq_seconds']} "
            f"np2 {record['np2_seconds']}")
    timed = [(r["np2_seconds"], i) for i, r in enumerate(records) if r["equal"] and r["np2_seconds"]]
    return {
        "program": program.name, "origin": program.origin, "shape": program.shape,
        "split": split_of(program.name, seed), "seed": seed,
        "source_text": program.path.read_text() if program.origin == "synthetic" else None,
        "loops": {str(k): f.to_dict() for k, f in facts.items()},
        "options": {str(k): v for k, v in sorted(options.items())},
        "plans": records,
        "best": min(timed)[1] if timed else None,
    }


def build_dataset(out: Path, *, seed: int = 0, programs: int = 36, cap: int = 5, runs: int = 2,
                  examples: Path | None = None, log=print) -> dict:
    """Measure the corpus and write JSON lines to `out`; returns the meta record."""
    start = time.perf_counter()
    out.parent.mkdir(parents=True, exist_ok=True)
    meta = {"seed": seed, "synthetic_programs": programs, "plans_per_program_cap": cap, "runs": runs,
            "np": 2, "timeout_seconds": RUN_TIMEOUT,
            "timeout_rule": f"{RUN_TIMEOUT} s for the first plan, then max({MIN_TIMEOUT} s, {SLOW_FACTOR} x the "
                            "original's median), capped at the first",
            "machine": f"{platform.machine()} {platform.processor() or ''}".strip(),
            "protocol": "validate_mpi(original, generated, np_list=(2,), runs=RUNS): original and plan timed "
                        "round by round, medians of RUNS runs; `best` = fastest np=2 median whose output matched "
                        "(training and evaluation use the drift-free time: sequential median / speedup)",
            "split": f"by program: test when Random('SEED:NAME') < {TEST_FRACTION}",
            "cuda": "not timed: no GPU here; the model ranks MPI plans only (no CUDA proxy)"}
    count = 0
    with tempfile.TemporaryDirectory(prefix="s2p-corpus-") as tmp, out.open("w") as handle:
        handle.write(json.dumps({"meta": meta}) + "\n")
        for program in corpus(Path(tmp), programs, seed, examples):
            log(f"{program.name}")
            row = measure_program(program, cap=cap, runs=runs, seed=seed, log=log)
            if row is not None:
                handle.write(json.dumps(row) + "\n")
                handle.flush()
                count += 1
    meta["programs_measured"] = count
    meta["seconds"] = round(time.perf_counter() - start, 1)
    # Rewrite the meta line with the totals.
    lines = out.read_text().splitlines()
    lines[0] = json.dumps({"meta": meta})
    out.write_text("\n".join(lines) + "\n")
    return meta


def load_dataset(path: Path) -> tuple[dict, list[dict]]:
    """(meta, program rows) of a plans.jsonl file."""
    meta, rows = {}, []
    for line in path.read_text().splitlines():
        if not line.strip():
            continue
        record = json.loads(line)
        if "meta" in record:
            meta = record["meta"]
        else:
            rows.append(record)
    return meta, rows
