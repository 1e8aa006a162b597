"""Fine-tune an encoder on the measured plan data, and evaluate suggesters on held-out programs.

The model reads one loop (facts + source) and outputs a score per decision (`DECISIONS`); a plan's score is
the sum over its decisions. Training is listwise per program: the softmax of the plan scores is fitted
(cross-entropy) to softmax(-log T / 0.05) over the program's measured plans, so the summed scores rank plans
like their measured times. T is drift-free: the program's sequential time divided by the speedup that the
plan's own validation measured (original and plan timed round by round), so a machine that slowed down
between two plans' validations does not change which one is best. A plan whose output did not match, or
that was stopped at the time limit, counts at the limit.

torch/transformers are imported inside the functions.
"""

from __future__ import annotations

import json
import math
import random
import time
from pathlib import Path

from .dataset import DEFAULT_DATA, MIN_TIMEOUT, RUN_TIMEOUT, SLOW_FACTOR, load_dataset
from .features import DECISIONS, LoopFacts, encode
from .suggest import DEFAULT_CHECKPOINT, CostModelSuggester, TransformerSuggester, geometric_mean

DEFAULT_BASE = Path(__file__).parent / "pretrained"
FLOOR = -2.0
MAX_LENGTH = TransformerSuggester.MAX_LENGTH  # tokens per (facts, source) pair, the same at inference
COST_MODEL = CostModelSuggester()
TEMPERATURE = 0.05  # of the target distribution over a program's plans: a 5% slower plan gets e^-1 of the weight


def sequential_seconds(row: dict) -> float | None:
    """The program's sequential time: the median over its plans' validations."""
    times = sorted(p["seq_seconds"] for p in row["plans"] if p.get("seq_seconds"))
    return times[len(times) // 2] if times else None


def plan_seconds(row: dict, plan: dict) -> float | None:
    """An equal plan's np=2 time, drift-free: the program's sequential time over the plan's measured speedup
    (None when the output did not match or nothing was timed)."""
    seq = sequential_seconds(row)
    if not plan["equal"] or not plan.get("speedup") or seq is None:
        return None
    return seq / plan["speedup"]


def limit_seconds(row: dict, plan: dict) -> float:
    """What a failed or stopped plan counts as: the time limit it ran into (at least the sequential time).
    Records without `limit_seconds` (the committed dataset was measured just before the field was added)
    get the rule's limit: RUN_TIMEOUT for the first plan, SLOW_FACTOR x the sequential time after it."""
    seq = sequential_seconds(row) or MIN_TIMEOUT
    limit = plan.get("limit_seconds")
    if limit is None:
        first = row["plans"] and row["plans"][0] is plan
        limit = RUN_TIMEOUT if first else min(RUN_TIMEOUT, max(MIN_TIMEOUT, SLOW_FACTOR * seq))
    return max(seq, limit)


def measured_best(row: dict) -> int | None:
    """Index of the fastest equal plan (by `plan_seconds`), or None."""
    timed = [(t, i) for i, p in enumerate(row["plans"]) if (t := plan_seconds(row, p)) is not None]
    return min(timed)[1] if timed else None


def fine_tune(*, base: Path = DEFAULT_BASE, data: Path = DEFAULT_DATA, out: Path = DEFAULT_CHECKPOINT,
              epochs: int = 25, batch_size: int = 16, lr: float = 2e-4, seed: int = 0, threads: int = 2,
              max_seconds: float = 600.0, temperature: float = TEMPERATURE, prior: bool = False,
              objective: str = "listwise", log=print) -> dict:
    """Fine-tune `base` (our pretrained encoder or any local HF encoder checkpoint) with a head of one
    output per decision; write a save_pretrained checkpoint to `out` with `seq2par_model.json`. With
    `prior`, the outputs are corrections added to the cost model's scores (recorded in the metadata and
    applied by TransformerSuggester), so an untrained head ranks plans exactly like the cost model.

    `objective`: "listwise" fits softmax(plan scores) to the target distribution (cross-entropy);
    "expected-log-time" minimises the expected log(T / T_best) of a plan drawn from softmax(plan scores),
    the quantity whose mean over programs is the log of the geometric-mean slowdown, so a 3x slower pick
    costs far more than a 10% slower one."""
    if objective not in ("listwise", "expected-log-time"):
        raise ValueError(f"unknown objective {objective!r}")
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    torch.manual_seed(seed)
    random.seed(seed)
    torch.set_num_threads(threads)
    start = time.perf_counter()
    meta, rows = load_dataset(data)
    train_rows = [r for r in rows if r["split"] == "train"]
    groups = plan_groups(train_rows, temperature)
    if not groups:
        raise ValueError(f"{data}: no training examples (no measured train programs)")
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(
        base, num_labels=len(DECISIONS), problem_type="regression", local_files_only=True, dtype=torch.float32,
        ignore_mismatched_sizes=True)
    loops = [facts for group in groups for facts in group["loops"]]
    encoded = encode(tokenizer, loops, MAX_LENGTH)
    offsets, position = [], 0
    for group in groups:
        offsets.append(position)
        position += len(group["loops"])
    optimizer = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    programs_per_step = max(1, batch_size // 4)
    total_steps = epochs * math.ceil(len(groups) / programs_per_step)
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer, lambda s: min(1.0, (s + 1) / 10) * max(0.05, 1 - s / max(1, total_steps)))
    model.train()
    step, epoch_losses = 0, []
    for epoch in range(epochs):
        order = torch.randperm(len(groups)).tolist()
        losses = []
        for i in range(0, len(order), programs_per_step):
            chosen = order[i:i + programs_per_step]
            index = torch.cat([torch.arange(offsets[g], offsets[g] + len(groups[g]["loops"])) for g in chosen])
            predictions = model(**{k: v[index] for k, v in encoded.items()}).logits
            loss, position = 0.0, 0
            for g in chosen:
                count = len(groups[g]["loops"])
                decision_scores = predictions[position:position + count].reshape(-1)  # loop-major, DECISIONS order
                if prior:
                    decision_scores = decision_scores + groups[g]["prior"]
                scores = groups[g]["membership"] @ decision_scores
                position += count
                if objective == "listwise":  # plan scores (sums of decision scores) rank like the times
                    loss = loss - (groups[g]["target"] * torch.log_softmax(scores, dim=0)).sum()
                else:
                    loss = loss + (torch.softmax(scores, dim=0) * groups[g]["regret"]).sum()
            loss = loss / len(chosen)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            losses.append(loss.item())
            step += 1
        epoch_losses.append(sum(losses) / len(losses))
        log(f"epoch {epoch + 1}/{epochs}: loss {epoch_losses[-1]:.4f} ({time.perf_counter() - start:.0f} s)")
        if time.perf_counter() - start > max_seconds:
            log("time budget reached: stopping early")
            break
    model.eval()
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    base_meta_path = Path(base) / "pretraining.json"
    pretraining = None
    if base_meta_path.exists():
        recorded = json.loads(base_meta_path.read_text())
        pretraining = {k: v for k, v in recorded.items() if k != "corpus"}
        pretraining["corpus"] = {k: v for k, v in recorded["corpus"].items() if k != "file_list"}
    info = {
        "kind": "seq2par plan scorer (sequence pair: loop facts, loop source; one output per decision "
                f"{list(DECISIONS)}, trained listwise so that summed plan scores rank plans like their measured "
                "np=2 times)",
        "base": _portable(base),
        "pretraining": pretraining,
        "data": {"path": _portable(data), "seed": meta.get("seed"), "programs": len(rows),
                 "train_programs": len(train_rows), "train_loops": len(loops),
                 "train_plans": sum(len(g["target"]) for g in groups)},
        "epochs_run": len(epoch_losses), "final_loss": round(epoch_losses[-1], 4),
        "hyperparameters": {"epochs": epochs, "batch_size": batch_size, "lr": lr, "temperature": temperature,
                            "seed": seed, "max_length": MAX_LENGTH},
        "prior": "cost-model" if prior else None,
        # The corrections are applied at full weight: 3-fold CV on the train programs preferred 1 to 0.75, 0.5
        # and 0.25 (bench/model_select.py --weights).
        "correction_weight": 1.0 if prior else None,
        "objective": objective,
        "train_seconds": round(time.perf_counter() - start, 1),
        "parameters": sum(p.numel() for p in model.parameters()),
    }
    (out / "seq2par_model.json").write_text(json.dumps(info, indent=1))
    return info


def _portable(path: Path) -> str:
    """A path inside the package is recorded relative to it (the checkpoint ships with the package)."""
    try:
        return "seq2par/models/" + str(Path(path).resolve().relative_to(Path(__file__).parent.resolve()))
    except ValueError:
        return str(path)


def plan_groups(rows: list[dict], temperature: float = TEMPERATURE) -> list[dict]:
    """Per program: its loops, a plans × (loops × DECISIONS) membership matrix and the target distribution
    over plans, softmax(-log(time) / temperature) (failed or stopped plans count at their limit)."""
    import torch

    groups = []
    for row in rows:
        facts = {k: LoopFacts.from_dict(v) for k, v in row["loops"].items()}
        plans = [p for p in row["plans"] if not p["status"].startswith("not-generated")
                 and all(k in facts for k in p["decisions"])]
        if len(plans) < 2:
            continue
        loop_ids = sorted({k for p in plans for k in p["decisions"]}, key=int)
        column = {k: i * len(DECISIONS) for i, k in enumerate(loop_ids)}
        membership = torch.zeros(len(plans), len(loop_ids) * len(DECISIONS))
        for i, plan in enumerate(plans):
            for loop_id, decision in plan["decisions"].items():
                membership[i, column[loop_id] + DECISIONS.index(decision)] = 1.0
        times = torch.tensor([plan_seconds(row, p) or limit_seconds(row, p) for p in plans])
        target = torch.softmax(-torch.log(times) / temperature, dim=0)
        prior = torch.tensor([COST_MODEL.score(facts[k], d) for k in loop_ids for d in DECISIONS])
        groups.append({"loops": [facts[k] for k in loop_ids], "membership": membership, "target": target,
                       "regret": torch.log(times / times.min()), "prior": prior})
    return groups


# -- evaluation -----------------------------------------------------------------------------------------
def plan_score(decisions: dict[str, str], value) -> float:
    return sum(value(k, d) for k, d in decisions.items())


def evaluate(*, checkpoint: Path = DEFAULT_CHECKPOINT, data: Path = DEFAULT_DATA, split: str = "test",
             correction_weight: float | None = None, log=print) -> dict:
    """On programs of `split`, each suggester picks one of the *measured* plans (the one it scores highest);
    report how often that is the measured best and the geometric mean of the picked plans' np=2 times
    (`plan_seconds`; absolute and relative to the best). A picked plan whose output did not match counts at
    the sequential time (what a user gets when validation refuses it), one that was stopped at its limit."""
    from .suggest import TransformerSuggester

    _, rows = load_dataset(data)
    rows = [r for r in rows if r["split"] == split and measured_best(r) is not None]
    model = TransformerSuggester(checkpoint)
    if correction_weight is not None:
        model.correction_weight = correction_weight
    results: dict[str, dict] = {}
    per_program = []
    for row in rows:
        facts = {k: LoopFacts.from_dict(v) for k, v in row["loops"].items()}
        pairs = sorted({(k, d) for p in row["plans"] for k, d in p["decisions"].items() if k in facts})
        model_values = dict(zip(pairs, model.score_pairs([(facts[k], d) for k, d in pairs]), strict=True))
        best = measured_best(row)
        best_time = plan_seconds(row, row["plans"][best])
        seq_time = sequential_seconds(row)
        entry = {"program": row["program"], "best": best_time, "best_plan": best, "plans": len(row["plans"])}
        scorers = {"model": lambda k, d, v=model_values: v.get((k, d), FLOOR),
                   "cost": lambda k, d, f=facts: COST_MODEL.score(f[k], d) if k in f else 0.0}
        for name, value in scorers.items():
            scored = [(plan_score(p["decisions"], value), -i, i) for i, p in enumerate(row["plans"])
                      if not p["status"].startswith("not-generated")]
            pick = max(scored)[2]
            plan = row["plans"][pick]
            seconds = plan_seconds(row, plan)
            if seconds is None:
                # Validation refuses a mismatch (the user keeps the sequential program); a plan stopped at its
                # limit made the user wait at least that long.
                seconds = limit_seconds(row, plan) if plan["status"] == "timeout" else seq_time
            entry[name] = {"pick": pick, "seconds": seconds, "is_best": pick == best}
        per_program.append(entry)
    for name in ("model", "cost"):
        picks = [e[name] for e in per_program]
        results[name] = {
            "best_rate": round(sum(p["is_best"] for p in picks) / max(1, len(picks)), 3),
            "geomean_seconds": round(geometric_mean([p["seconds"] for p in picks]), 4),
            "geomean_vs_best": round(geometric_mean([p["seconds"] / e["best"]
                                                     for p, e in zip(picks, per_program, strict=True)]), 4),
        }
    results["oracle_geomean_seconds"] = round(geometric_mean([e["best"] for e in per_program]), 4)
    results["programs"] = len(per_program)
    results["split"] = split
    results["per_program"] = per_program
    return results


def record_eval(checkpoint: Path, data: Path) -> dict:
    """Evaluate on the held-out split and store the summary in the checkpoint's seq2par_model.json."""
    result = evaluate(checkpoint=checkpoint, data=data)
    summary = {k: v for k, v in result.items() if k != "per_program"}
    meta_path = Path(checkpoint) / "seq2par_model.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    meta["eval"] = summary
    meta_path.write_text(json.dumps(meta, indent=1))
    return summary
