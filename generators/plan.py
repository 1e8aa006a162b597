"""The marking step the backends share: which loops become distributed loops or kernels."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from seq2par.analyzers.analyze import FileReport
from seq2par.analyzers.dependence import LoopAnalysis
from seq2par.analyzers.ir import Function, Loop

P = TypeVar("P")


def inside(loop: Loop, taken: set[int], loops: dict[int, Loop]) -> bool:
    """Whether an enclosing loop of `loop` is in `taken`."""
    parent = loop.parent
    while parent is not None:
        if parent in taken:
            return True
        parent = loops[parent].parent
    return False


def exit_value(loop: Loop) -> str | None:
    """C text of the value a counted ascending loop leaves in its index (`for (i = L; i < U; i++)` leaves
    max(L, U)), or None when the bounds are not known affine expressions. A parallel loop's bounds do not
    change while it runs, so the expression can be evaluated after it."""
    from seq2par.generators.layout import affine_to_c

    if loop.kind != "for" or loop.var is None or loop.step != 1 or loop.lower is None or loop.upper is None:
        return None
    if loop.lower.is_constant() and loop.upper.is_constant():
        return str(max(loop.lower.constant, loop.upper.constant))
    low, high = affine_to_c(loop.lower), affine_to_c(loop.upper)
    return f"{low} < {high} ? {high} : {low}"


def choose_outermost(report: FileReport, plan_for: Callable[[Function, Loop, LoopAnalysis], P | str],
                     sequential: list[tuple[Loop, str]], *, lastprivate_ok: bool = False,
                     call_writes_ok: bool = False) -> dict[str, list[P]]:
    """Per function, outermost loops first: a legal loop for which `plan_for` returns a plan is taken and
    its inner loops go with it; a sequential loop, or one `plan_for` refuses (returning the reason),
    is recorded in `sequential` with why, and its inner loops remain candidates. Loops that need a
    lastprivate scalar or whose calls store into arrays are refused unless the target handles them (a
    distributed-memory target would have to carry those values between processes)."""
    chosen: dict[str, list[P]] = {}
    for fn in report.program.functions.values():
        loops = {lp.id: lp for lp in fn.loops}
        picked: list[P] = []
        taken: set[int] = set()
        for loop in sorted(fn.loops, key=lambda lp: lp.first_order):
            if inside(loop, taken, loops):
                continue
            analysis = report.analyses[loop.id]
            if not analysis.parallel:
                reasons = "; ".join(f"[{f.code}] {f.message}" for f in analysis.findings if f.blocking)
                sequential.append((loop, reasons or "sequential"))
                continue
            element = next((r.element for r in analysis.reductions if r.kind == "element"), None)
            if element:
                sequential.append((loop, f"reduction into the single element {element} while the loop reads other "
                                         "elements of the array: accumulate into a scalar and store it after the "
                                         "loop to parallelize it"))
                continue
            if analysis.call_writes and not call_writes_ok:
                sequential.append((loop, f"a called function stores into {', '.join(analysis.call_writes)} (one "
                                         "row per iteration), which this target does not distribute"))
                continue
            if analysis.lastprivate and not lastprivate_ok:
                conditional = [name for name in analysis.lastprivate if name in analysis.conditional]
                if conditional:
                    why = (f"[S2P215] {', '.join(conditional)} must keep the value of the last iteration that "
                           "assigned it (lastprivate(conditional)), which this target does not generate")
                else:
                    why = (f"[S2P214] {', '.join(analysis.lastprivate)} must keep the last iteration's value "
                           "after the loop (lastprivate), which this target does not generate")
                sequential.append((loop, why))
                continue
            plan = plan_for(fn, loop, analysis)
            if isinstance(plan, str):
                sequential.append((loop, plan))
                continue
            picked.append(plan)
            taken.add(loop.id)
        if picked:
            chosen[fn.name] = picked
    return chosen
