"""Facts about one loop and one candidate decision, as data (for the cost model) and as text (for the
transformer). Everything here comes from the analysis report and the MPI generator's own view of the loop
(`MpiGenerator._distribution`), so the suggesters see the same facts the generator acts on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

UNKNOWN_TRIP = 1000  # assumed iterations of a loop whose trip count is not a known constant
SOURCE_CHARS = 480  # characters of loop source given to the model
DECISIONS = ("block", "cyclic", "sequential")  # the model's outputs: one score per decision, in this order


@dataclass(frozen=True)
class LoopFacts:
    loop_id: int
    function: str
    line: int
    depth: int
    trip: int | None  # known constant trip count
    inner_loops: int  # loops nested inside (any depth)
    nest_depth: int  # levels below this loop
    work: float  # estimated iterations of the whole nest (unknown trips count as UNKNOWN_TRIP)
    uneven: bool  # an inner loop's bounds depend on this index (triangular) or are data dependent
    in_sequential_loop: bool  # enclosed by a loop that must stay sequential (e.g. a time loop)
    reductions: tuple[str, ...]
    writes: tuple[str, ...]  # arrays written row by row (these get distributed)
    reads: tuple[str, ...]
    read_offsets: tuple[int, ...]  # row offsets of reads of the written/distributed arrays (stencils)
    verdict: str
    source: str

    def to_dict(self) -> dict:
        data = dict(self.__dict__)
        for key in ("reductions", "writes", "reads", "read_offsets"):
            data[key] = list(data[key])
        return data

    @classmethod
    def from_dict(cls, data: dict) -> LoopFacts:
        values = dict(data)
        for key in ("reductions", "writes", "reads", "read_offsets"):
            values[key] = tuple(values[key])
        return cls(**values)


def _size_word(work: float) -> str:
    if work < 1e4:
        return "tiny"
    if work < 1e6:
        return "small"
    if work < 1e8:
        return "large"
    return "huge"


def describe(facts: LoopFacts) -> tuple[str, str]:
    """(facts sentence, loop source) for the sequence-pair model, which scores every decision of the loop
    (`DECISIONS`) in one pass. The sentence starts with the cost model's score of each decision, so the
    model sees the baseline's view as one more fact."""
    from .suggest import CostModelSuggester

    trip = str(facts.trip) if facts.trip is not None else "unknown"
    cost = CostModelSuggester()
    parts = [
        "cost " + " ".join(f"{d} {cost.score(facts, d):+.1f}" for d in DECISIONS),
        f"depth {facts.depth}",
        f"trip {trip}",
        f"work {_size_word(facts.work)} 1e{int(math.log10(max(facts.work, 1)))}",
        f"inner loops {facts.inner_loops} nest {facts.nest_depth}",
        "uneven" if facts.uneven else "even",
        "inside sequential loop" if facts.in_sequential_loop else "top level",
        "reductions " + (" ".join(facts.reductions) or "none"),
        "writes " + (" ".join(facts.writes) or "none"),
        "reads " + (" ".join(facts.reads[:6]) or "none"),
        "offsets " + (" ".join(str(o) for o in facts.read_offsets) or "none"),
        f"verdict {facts.verdict}",
    ]
    return " ; ".join(parts), facts.source


def encode(tokenizer, loops: list[LoopFacts], max_length: int):
    """Tokenize the (facts, source) pairs of `loops` for the model: the facts sentence is kept whole (cut
    only if it alone would take more than 3/4 of `max_length`), the loop's source fills the rest."""
    texts = [describe(f) for f in loops]
    limit = max_length * 3 // 4
    firsts = []
    for (facts_text, _), ids in zip(texts, tokenizer([t[0] for t in texts], add_special_tokens=False)["input_ids"],
                                    strict=True):
        firsts.append(facts_text if len(ids) <= limit else tokenizer.decode(ids[:limit]))
    return tokenizer(firsts, [t[1] for t in texts], truncation="only_second", max_length=max_length,
                     padding=True, return_tensors="pt")


def loop_facts(report) -> dict[int, LoopFacts]:
    """Facts for every loop the generator could distribute (the keys of `MpiGenerator(report).options()`:
    the parallel loops whose distribution the generator can build)."""
    from seq2par.generators.mpi import MpiGenerator
    from seq2par.generators.plan import inside

    gen = MpiGenerator(report)
    out: dict[int, LoopFacts] = {}
    for fn in report.program.functions.values():
        by_id = {lp.id: lp for lp in fn.loops}
        for loop in fn.loops:
            analysis = report.analyses[loop.id]
            if not analysis.parallel:
                continue
            plan = gen._distribution(fn, loop, analysis)
            if isinstance(plan, str):  # why it cannot be distributed
                continue
            inner = [lp for lp in fn.loops if inside(lp, {loop.id}, by_id)]
            trip = _trip(loop)
            work = float(trip or UNKNOWN_TRIP)
            nest_depth = 0
            for lp in inner:
                nest_depth = max(nest_depth, lp.depth - loop.depth)
            # Work of the nest: product of trips along the deepest chain, summed over sibling chains.
            work *= _inner_work(loop, by_id)
            enclosing_sequential = False
            parent = loop.parent
            while parent is not None:
                if not report.analyses[parent].parallel:
                    enclosing_sequential = True
                parent = by_id[parent].parent
            writes, offsets, reads = [], set(), []
            for name, use in sorted(plan.arrays.items()):
                if use.rowmap is not None:
                    writes.append(name)
                else:
                    reads.append(name)
                offsets |= use.read_offsets
            reductions = tuple(f"{r.kind if r.kind.endswith('loc') else r.op}:{r.var}"
                               + ("[]" if r.kind == "array" else "") for r in analysis.reductions)
            text = loop.node.text.decode(errors="replace") if getattr(loop.node, "text", None) else ""
            out[loop.id] = LoopFacts(
                loop_id=loop.id, function=fn.name, line=loop.line, depth=loop.depth, trip=trip,
                inner_loops=len(inner), nest_depth=nest_depth, work=work,
                uneven=any(lp.not_countable or (loop.var and loop.var in lp.bound_symbols) for lp in inner),
                in_sequential_loop=enclosing_sequential, reductions=reductions, writes=tuple(writes),
                reads=tuple(reads), read_offsets=tuple(sorted(offsets)), verdict=analysis.verdict,
                source=" ".join(text.split())[:SOURCE_CHARS])
    return out


def _trip(loop) -> int | None:
    if loop.lower is None or loop.upper is None:
        return None
    trip = loop.upper - loop.lower
    if trip.is_constant():
        return max(0, int(trip.constant) + (1 if loop.cond_text == "<=" else 0))
    return None


def _inner_work(loop, by_id) -> float:
    children = [by_id[c] for c in loop.children if c in by_id]
    if not children:
        return 1.0
    total = 0.0
    for child in children:
        trip = _trip(child)  # None also for triangular bounds (half the outer trip on average, unknown here)
        total += float(trip if trip is not None else UNKNOWN_TRIP // 10) * _inner_work(child, by_id)
    return total

