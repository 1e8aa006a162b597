"""Suggesters rank the *legal* parallelization plans of a program; legality itself comes from the analysis.

A `Plan` maps loop ids to "block", "cyclic" or "sequential" — only values that
`MpiGenerator(report).options()` lists for that loop — and holds only the *effective* decisions: a
distributed loop's inner loops carry none (they run inside one rank), a loop left sequential passes the
choice to its inner loops. Decisions on different loop nests are independent, so a suggester scores each
(loop, decision) pair, a plan's score is the sum over its decisions, and candidate plans are formed per
nest and combined (best per nest first, capped).

Two suggesters:
- `CostModelSuggester`: transparent rules (the baseline), see its docstring.
- `TransformerSuggester`: a fine-tuned sequence-pair model that reads a loop's facts and source text and
  scores each of its decisions (one output per decision, one pass per loop); torch/transformers are
  imported only when it is built.
"""

from __future__ import annotations

import itertools
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from .features import DECISIONS, LoopFacts, encode, loop_facts

DEFAULT_CHECKPOINT = Path(__file__).parent / "checkpoint"
MAX_PLANS = 8
MAX_ALTERNATIVES_PER_NEST = 6


class SuggesterError(Exception):
    """A suggester could not be built or used (e.g. a checkpoint that does not load)."""


@dataclass(frozen=True)
class Plan:
    decisions: dict[int, str]
    score: float
    rationale: str

    def to_dict(self) -> dict:
        return {"decisions": {str(k): v for k, v in sorted(self.decisions.items())}, "score": self.score,
                "rationale": self.rationale}


class Suggester(Protocol):
    name: str

    def suggest(self, report, generator_options: dict[int, list[str]]) -> list[Plan]:
        """Candidate plans, best first, built only from `generator_options`."""
        ...


# -- candidate plans ------------------------------------------------------------------------------------
def nest_alternatives(report, options: dict[int, list[str]]) -> list[list[dict[int, str]]]:
    """For every outermost loop nest (per function), the list of effective decision sets it admits."""
    nests = []
    for fn in report.program.functions.values():
        by_id = {lp.id: lp for lp in fn.loops}

        def alternatives(loop_id: int, by_id: dict = by_id) -> list[dict[int, str]]:
            loop = by_id[loop_id]
            below: list[dict[int, str]] = [{}]
            for child in loop.children:
                if child in by_id:
                    below = [{**a, **b} for a, b in itertools.product(below, alternatives(child, by_id))][:64]
            if loop_id not in options:
                return below
            out = [{loop_id: d} for d in options[loop_id] if d != "sequential"]
            if "sequential" in options[loop_id]:
                out += [{loop_id: "sequential", **b} for b in below]
            return out

        for loop in fn.loops:
            if loop.parent is None:
                alts = alternatives(loop.id)
                if alts != [{}]:
                    nests.append(alts)
    return nests


def all_plans(report, options: dict[int, list[str]], cap: int = 10_000) -> list[dict[int, str]]:
    """Every whole-program effective plan (up to `cap`), in a deterministic order."""
    plans = []
    for combo in itertools.product(*nest_alternatives(report, options)):
        merged: dict[int, str] = {}
        for part in combo:
            merged.update(part)
        if any(d != "sequential" for d in merged.values()):
            plans.append(merged)
        if len(plans) >= cap:
            break
    return plans


def check_plan(decisions: dict[int, str], options: dict[int, list[str]]) -> None:
    """Raises SuggesterError when a decision is not among the legal options of its loop."""
    for loop_id, decision in decisions.items():
        if decision not in options.get(loop_id, ()):
            raise SuggesterError(f"illegal decision {decision!r} for loop {loop_id}; legal: "
                                 f"{options.get(loop_id, [])}")


def rank_plans(report, options: dict[int, list[str]], score, describe_choice,
               max_plans: int = MAX_PLANS) -> list[Plan]:
    """Score each (loop, decision) with `score(loop_id, decision)`, keep the best alternatives per nest and
    combine them into at most `max_plans` whole-program plans, best first."""
    per_nest = []
    for alts in nest_alternatives(report, options):
        scored = sorted(((sum(score(k, v) for k, v in alt.items()), i, alt) for i, alt in enumerate(alts)),
                        key=lambda t: (-t[0], t[1]))
        per_nest.append(scored[:MAX_ALTERNATIVES_PER_NEST])
    combos = []
    for combo in itertools.product(*per_nest):
        total = sum(c[0] for c in combo)
        merged: dict[int, str] = {}
        for c in combo:
            merged.update(c[2])
        combos.append((total, merged))
        if len(combos) >= 4096:
            break
    combos.sort(key=lambda t: -t[0])
    plans: list[Plan] = []
    for total, merged in combos:
        if not any(d != "sequential" for d in merged.values()):
            continue
        check_plan(merged, options)
        rationale = "; ".join(describe_choice(k, v) for k, v in sorted(merged.items()))
        plans.append(Plan(merged, round(total, 4), rationale))
        if len(plans) >= max_plans:
            break
    return plans


# -- cost model -----------------------------------------------------------------------------------------
class CostModelSuggester:
    """The transparent baseline. Per (loop, decision):

    - work W = trip count × inner trip counts (unknown trips count as 1000, unknown inner ones as 100);
    - distributing a nest with an inner loop, or with W ≥ LIGHT_WORK, scores +1, or +0.3 when the loop
      itself has fewer than FEW_ITERATIONS (known) iterations around an inner loop of W ≥ LIGHT_WORK: a
      handful of iterations balances poorly over the ranks, and whatever the inner loop reads must be whole
      on every rank, while distributing the inner loop instead keeps the data where it is;
    - a *light* loop (no inner loop, W < LIGHT_WORK) scores -0.5 when it writes arrays (their rows would be
      spread over the ranks and then gathered for whatever reads them whole) and +0.1 when it only reduces;
    - cyclic scores +0.2 over block when an inner loop's bounds depend on the index (triangular nests:
      cyclic balances the ranks), block +0.1 over cyclic otherwise;
    - leaving a loop with inner loops sequential scores -0.3 (distributing an inner loop instead adds
      synchronisation per outer iteration), a light loop left sequential 0.
    """

    name = "cost"
    LIGHT_WORK = 100_000
    FEW_ITERATIONS = 16

    def score(self, facts: LoopFacts, decision: str) -> float:
        light = facts.inner_loops == 0 and facts.work < self.LIGHT_WORK
        if decision == "sequential":
            return -0.3 if facts.inner_loops else 0.0
        if light:
            value = -0.5 if facts.writes else 0.1
        elif (facts.inner_loops and facts.trip is not None and facts.trip < self.FEW_ITERATIONS
              and facts.work >= self.LIGHT_WORK):
            value = 0.3
        else:
            value = 1.0
        if decision == "cyclic":
            value += 0.2 if facts.uneven else 0.0
        elif decision == "block":
            value += 0.0 if facts.uneven else 0.1
        return value

    def suggest(self, report, generator_options: dict[int, list[str]]) -> list[Plan]:
        facts = loop_facts(report)
        return rank_plans(report, generator_options, lambda k, d: self.score(facts[k], d),
                          lambda k, d: _choice_text(facts[k], d))


def _choice_text(facts: LoopFacts, decision: str) -> str:
    trip = facts.trip if facts.trip is not None else "?"
    return f"line {facts.line}: {decision} (trip {trip}, {facts.inner_loops} inner loops)"


# -- transformer ----------------------------------------------------------------------------------------
@dataclass
class LoadInfo:
    path: str
    seconds: float
    parameters: int
    size_bytes: int
    metadata: dict = field(default_factory=dict)


class TransformerSuggester:
    """Scores loops with a fine-tuned `AutoModelForSequenceClassification` that has one output per decision
    (`DECISIONS`); a plan's score is the sum over its decisions (training is listwise over measured plans,
    see `models/train.py`). Raises SuggesterError when the checkpoint cannot be loaded or has another head."""

    name = "model"
    MAX_LENGTH = 160

    def __init__(self, path: Path | str | None = None, threads: int | None = None) -> None:
        start = time.perf_counter()
        path = Path(path) if path is not None else DEFAULT_CHECKPOINT
        if not (path / "config.json").exists():
            raise SuggesterError(f"no model checkpoint at {path} (config.json missing)")
        try:
            import torch
            from transformers import AutoModelForSequenceClassification, AutoTokenizer
            from transformers.utils import logging as hf_logging

            hf_logging.set_verbosity_error()
            hf_logging.disable_progress_bar()
            if threads:
                torch.set_num_threads(threads)
            self.tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
            self.model = AutoModelForSequenceClassification.from_pretrained(path, local_files_only=True)
        except (OSError, ValueError, ImportError) as exc:
            raise SuggesterError(f"cannot load the model checkpoint at {path}: {exc}") from None
        if self.model.config.num_labels != len(DECISIONS):
            raise SuggesterError(
                f"{path}: a head with {self.model.config.num_labels} outputs; a plan model has one per decision "
                f"({', '.join(DECISIONS)}): fine-tune it with `seq2par model train --base {path}`"
            )
        self.model.eval()
        self.torch = torch
        self.prior = CostModelSuggester()
        import json

        meta_path = path / "seq2par_model.json"
        metadata = json.loads(meta_path.read_text()) if meta_path.exists() else {}
        size = sum(p.stat().st_size for p in path.iterdir() if p.is_file())
        self.load_info = LoadInfo(str(path), time.perf_counter() - start,
                                  sum(p.numel() for p in self.model.parameters()), size, metadata)
        # A model trained on the cost model's scores may have its corrections shrunk toward them (a weight
        # chosen by cross-validation on the training programs, recorded in the metadata).
        self.correction_weight = float(metadata.get("correction_weight") or 1.0)

    def score_pairs(self, pairs: list[tuple[LoopFacts, str]]) -> list[float]:
        """Predicted value of each (facts, decision): one batched forward pass over the distinct loops."""
        if not pairs:
            return []
        row: dict[LoopFacts, int] = {}
        for facts, _ in pairs:
            row.setdefault(facts, len(row))
        batch = encode(self.tokenizer, list(row), self.MAX_LENGTH)
        with self.torch.inference_mode():
            logits = self.model(**batch).logits.tolist()
        values = [logits[row[f]][DECISIONS.index(d)] for f, d in pairs]
        if self.load_info.metadata.get("prior") == "cost-model":  # trained as corrections to the cost model
            weight = self.correction_weight
            values = [self.prior.score(f, d) + weight * v for v, (f, d) in zip(values, pairs, strict=True)]
        return values

    def suggest(self, report, generator_options: dict[int, list[str]]) -> list[Plan]:
        facts = loop_facts(report)
        pairs = [(facts[k], d) for k in sorted(generator_options) if k in facts for d in generator_options[k]]
        values = dict(zip(((f.loop_id, d) for f, d in pairs), self.score_pairs(pairs), strict=True))

        def explain(k: int, d: str) -> str:
            return f"{_choice_text(facts[k], d)}, model {values[(k, d)]:+.2f}"

        return rank_plans(report, generator_options, lambda k, d: values[(k, d)], explain)


def load_suggester(kind: str = "model", model_path: Path | str | None = None) -> tuple[Suggester, str | None]:
    """The requested suggester, or the cost model with a note saying why the model could not be used."""
    if kind == "cost":
        return CostModelSuggester(), None
    try:
        return TransformerSuggester(model_path), None
    except SuggesterError as exc:
        return CostModelSuggester(), f"{exc}; falling back to the cost model"


def geometric_mean(values: list[float]) -> float:
    values = [v for v in values if v > 0 and math.isfinite(v)]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")
