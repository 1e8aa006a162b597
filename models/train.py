"""Fine-tune an encoder on the measured plan data, and evaluate suggesters on held-out programs.

The model scores one (loop, decision) pair at a time; a plan's score is the sum over its decisions. Training
is listwise per program: the softmax of the plan scores is fitted (cross-entropy) to softmax(-log T / 0.05)
over the program's measured plans (np=2 median time T; a plan that failed or timed out counts at the
timeout), so the summed scores rank plans like their measured times. `decision_targets` gives the
per-decision view (log(T_best / T_d)) used to describe the data.

torch/transformers are imported inside the functions.
"""

from __future__ import annotations

import json
import math
import random
import time
from pathlib import Path

from .dataset import DEFAULT_DATA, load_dataset
from .features import LoopFacts, describe
from .suggest import DEFAULT_CHECKPOINT, CostModelSuggester, geometric_mean

DEFAULT_BASE = Path(__file__).parent / "pretrained"
FLOOR = -2.0
COST_MODEL = CostModelSuggester()
TEMPERATURE = 0.05  # of the target distribution over a program's plans: a 5% slower plan gets e^-1 of the weight


def decision_targets(row: dict) -> list[tuple[LoopFacts, str, float]]:
    """(facts, decision, target) for every decision a measured plan of this program made."""
    times = [p["np2_seconds"] for p in row["plans"] if p["equal"] and p["np2_seconds"]]
    if not times:
        return []
    best = min(times)
    fastest: dict[tuple[str, str], float] = {}
    for plan in row["plans"]:
        for loop_id, decision in plan["decisions"].items():
            key = (loop_id, decision)
            value = plan["np2_seconds"] if plan["equal"] and plan["np2_seconds"] else math.inf
            fastest[key] = min(fastest.get(key, math.inf), value)
    out = []
    for (loop_id, decision), seconds in sorted(fastest.items()):
        if loop_id not in row["loops"]:
            continue
        target = max(FLOOR, math.log(best / seconds)) if math.isfinite(seconds) else FLOOR
        out.append((LoopFacts.from_dict(row["loops"][loop_id]), decision, target))
    return out


def fine_tune(*, base: Path = DEFAULT_BASE, data: Path = DEFAULT_DATA, out: Path = DEFAULT_CHECKPOINT,
              epochs: int = 25, batch_size: int = 16, lr: float = 2e-4, seed: int = 0, threads: int = 2,
              max_seconds: float = 600.0, prior: bool = False, log=print) -> dict:
    """Fine-tune `base` (our pretrained encoder or any local HF encoder checkpoint) with a one-output
    head; write a save_pretrained checkpoint to `out` with `seq2par_model.json`. With `prior`, the model
    learns a correction added to the cost model's score of each decision (recorded in the metadata, and
    applied by TransformerSuggester)."""
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
    examples = [e for r in train_rows for e in decision_targets(r)]
    if not examples or not plan_groups(train_rows, 8.0):
        raise ValueError(f"{data}: no training examples (no measured train programs)")
    tokenizer = AutoTokenizer.from_pretrained(base, local_files_only=True)
    model = AutoModelForSequenceClassification.from_pretrained(base, num_labels=1, problem_type="regression",
                                                               local_files_only=True, dtype=torch.float32)
    groups = plan_groups(train_rows, float(meta.get("timeout_seconds", 8.0)))
    pairs = [pair for group in groups for pair in group["pairs"]]
    texts = [describe(f, d) for f, d in pairs]
    encoded = tokenizer([t[0] for t in texts], [t[1] for t in texts], truncation="only_second",
                        max_length=160, padding=True, return_tensors="pt")
    offsets, position = [], 0
    for group in groups:
        offsets.append(position)
        position += len(group["pairs"])
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
            index = torch.cat([torch.arange(offsets[g], offsets[g] + len(groups[g]["pairs"])) for g in chosen])
            predictions = model(**{k: v[index] for k, v in encoded.items()}).logits[:, 0]
            loss, position = 0.0, 0
            for g in chosen:
                count = len(groups[g]["pairs"])
                decision_scores = predictions[position:position + count]
                if prior:
                    decision_scores = decision_scores + groups[g]["prior"]
                scores = groups[g]["membership"] @ decision_scores
                position += count
                # Listwise: the plan scores (sums of decision scores) should rank like the measured times.
                loss = loss - (groups[g]["target"] * torch.log_softmax(scores, dim=0)).sum()
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
        pretraining = {k: v for k, v in json.loads(base_meta_path.read_text()).items() if k != "corpus"}
        pretraining["corpus"] = {k: v for k, v in json.loads(base_meta_path.read_text())["corpus"].items()
                                 if k != "file_list"}
    info = {
        "kind": "seq2par plan scorer (sequence pair: facts + decision, loop source; one score per decision, "
                "trained listwise so that summed plan scores rank plans like their measured np=2 times)",
        "base": _portable(base),
        "pretraining": pretraining,
        "data": {"path": _portable(data), "seed": meta.get("seed"), "programs": len(rows),
                 "train_programs": len(train_rows), "train_examples": len(pairs),
                 "train_plans": sum(len(g["target"]) for g in groups)},
        "prior": "cost-model" if prior else None,
        "epochs_run": len(epoch_losses), "final_loss": round(epoch_losses[-1], 4),
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


def plan_groups(rows: list[dict], timeout: float, temperature: float = TEMPERATURE) -> list[dict]:
    """Per program: its distinct (facts, decision) pairs, a plans × pairs membership matrix and the target
    distribution over plans, softmax(-log(time) / temperature) (failed plans count at the timeout)."""
    import torch

    groups = []
    for row in rows:
        facts = {k: LoopFacts.from_dict(v) for k, v in row["loops"].items()}
        plans = [p for p in row["plans"] if not p["status"].startswith("not-generated")
                 and all(k in facts for k in p["decisions"])]
        if len(plans) < 2:
            continue
        keys = sorted({(k, d) for p in plans for k, d in p["decisions"].items()})
        column = {key: j for j, key in enumerate(keys)}
        membership = torch.zeros(len(plans), len(keys))
        for i, plan in enumerate(plans):
            for key in plan["decisions"].items():
                membership[i, column[key]] = 1.0
        times = torch.tensor([p["np2_seconds"] if p["equal"] and p["np2_seconds"] else timeout for p in plans])
        target = torch.softmax(-torch.log(times) / temperature, dim=0)
        prior = torch.tensor([COST_MODEL.score(facts[k], d) for k, d in keys])
        groups.append({"pairs": [(facts[k], d) for k, d in keys], "membership": membership, "target": target,
                       "prior": prior})
    return groups


# -- evaluation -----------------------------------------------------------------------------------------
def plan_score(decisions: dict[str, str], value) -> float:
    return sum(value(k, d) for k, d in decisions.items())


def evaluate(*, checkpoint: Path = DEFAULT_CHECKPOINT, data: Path = DEFAULT_DATA, split: str = "test",
             log=print) -> dict:
    """On programs of `split`, each suggester picks one of the *measured* plans (the one it scores highest);
    report how often that is the measured best and the geometric mean of the picked plans' np=2 times
    (absolute and relative to the best). A picked plan whose output did not match counts at the
    sequential time (what a user gets when validation refuses it), one that timed out at the timeout."""
    from .suggest import TransformerSuggester

    meta, rows = load_dataset(data)
    timeout = float(meta.get("timeout_seconds", 8.0))
    rows = [r for r in rows if r["split"] == split and r["best"] is not None]
    model = TransformerSuggester(checkpoint)
    cost = CostModelSuggester()
    results: dict[str, dict] = {}
    per_program = []
    for row in rows:
        facts = {k: LoopFacts.from_dict(v) for k, v in row["loops"].items()}
        pairs = sorted({(k, d) for p in row["plans"] for k, d in p["decisions"].items() if k in facts})
        model_values = dict(zip(pairs, model.score_pairs([(facts[k], d) for k, d in pairs]), strict=True))
        best_time = row["plans"][row["best"]]["np2_seconds"]
        seq = [p["seq_seconds"] for p in row["plans"] if p["seq_seconds"]]
        seq_time = sorted(seq)[len(seq) // 2] if seq else best_time
        entry = {"program": row["program"], "best": best_time, "plans": len(row["plans"])}
        scorers = {"model": lambda k, d, v=model_values: v.get((k, d), FLOOR),
                   "cost": lambda k, d, f=facts: cost.score(f[k], d) if k in f else 0.0}
        for name, value in scorers.items():
            scored = [(plan_score(p["decisions"], value), -i, i) for i, p in enumerate(row["plans"])
                      if not p["status"].startswith("not-generated")]
            pick = max(scored)[2]
            plan = row["plans"][pick]
            seconds = plan["np2_seconds"] if plan["equal"] else seq_time
            if plan["status"] == "timeout":  # the user waited at least this long before validation gave up
                seconds = max(seq_time, timeout)
            entry[name] = {"pick": pick, "seconds": seconds, "is_best": pick == row["best"]}
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
