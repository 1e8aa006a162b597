"""Loop headers that set more than their index, made plain before a backend writes the loop.

`for (t = 0.0, i = 0; i < n; i++)` and `for (int i = 0, e = v.size(); i != e; i++)` are counted loops (see
`ir._Builder._header_index`): their other parts run once before the first iteration. No backend can write
such a loop as it stands: OpenMP takes `i = 0` alone in a `parallel for` or `simd` loop, and the MPI and CUDA
backends rewrite the header. So before a backend sees the file, the parts other than the index's are moved
before the loop, each as a statement, in a block of its own when they declare names or the loop is the
unbraced body of another statement: `{ int e = v.size(); for (int i = 0; i != e; i++) ... }`. The text
goes on the loop's first and last lines, so every line keeps its number, and the file is analyzed again.

A header that steps variables beside its index (`for (ig = ii, i = 0; ig < n; ig++, i++)`, see
`ir._Builder._derived_inductions`) keeps the index's parts, and each other variable is computed from the index
at the top of the body, on the body's first line: `for (ig = ii; ig < n; ig++) { i = 0 + (ig - ii); ...`
(declared there when the header declared it). That leaves the variable's value after the loop as the last
iteration's, not its start plus its amount times the trips: a loop whose analysis found it read after the
loop (S2P213) is left as written, and sequential. So is such a loop within a parallel loop, where it runs as
written in each of the outer loop's iterations, and one that is not parallel itself.

Only the nests with a parallel loop are touched: the others are left as written. The MPI and CUDA backends
leave the headers that declare names beside the index as they are, and those loops sequential: the names'
block would end before the gathers and reductions those backends write after the loop. (A loop right under a
`#pragma` line has no such parts: the analysis keeps it uncounted, since the directive must stay next to it.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .edits import Edit, TransformationError, apply_edits
from .plan import body_top_edits, inside

if TYPE_CHECKING:
    from seq2par.analyzers import FileReport


def hoisted_headers_report(report: FileReport, flags: tuple[str, ...] = (), nests: frozenset[int] | None = None,
                           declarations: bool = True, function: str | None = None,
                           loops: frozenset[int] | None = None) -> tuple[FileReport, frozenset[int]]:
    """(`report`, or the report of the file with the headers of its parallel nests made plain (see above),
    the ids of the loops rewritten); `nests`: only in the nests whose outermost loops have these ids;
    `declarations`: also headers that declare names beside the index (their block ends with the loop: a
    target that names them after the loop, in a gather or a reduction, passes False, and refuses those
    loops, `plan.header_reason`); `function`: only in that function (function mode). Raises
    `TransformationError` when the file read again does not have the same loops on the same lines. `loops`: of
    the loops whose headers step several variables, only these (the ones that get a directive)."""
    chosen = [loop for loop in _loops_to_rewrite(report) if (nests is None or outermost(report, loop.id) in nests)
              and (declarations or loop.derived or loop.node.child_by_field_name("initializer").type != "declaration")
              and (loops is None or not loop.derived or loop.id in loops)
              and (function is None or loop.function == function)]
    if not chosen:
        return report, frozenset()
    from seq2par.analyzers import analyze_source

    source = report.program.source
    edits: list[Edit] = []
    for loop in chosen:
        node = loop.node
        init = node.child_by_field_name("initializer")
        if loop.derived:
            edits.extend(_derived_edits(source, loop))
            continue
        braced = init.type == "declaration" or node.parent is None or node.parent.type != "compound_statement"
        opening = ("{ " if braced else "") + " ".join(loop.header_extras) + " "
        edits.append(Edit(node.start_byte, node.start_byte, opening))
        lines = init.text.count(b"\n") - loop.header_init.count("\n")  # (every later line keeps its number)
        edits.append(Edit(init.start_byte, init.end_byte, loop.header_init + "\n" * max(lines, 0)))
        if braced:
            edits.append(Edit(node.end_byte, node.end_byte, " }"))
    changed = apply_edits(source, edits)
    again = analyze_source(changed, report.path, flags, use_libclang=report.mode == "libclang",
                           language=report.language, allocators=sorted(report.program.allocators))
    before = [(loop.id, loop.line, loop.kind) for loop in report.loops]
    after = [(loop.id, loop.line, loop.kind) for loop in again.loops]
    if before != after:
        raise TransformationError(f"{report.path}: moving the other parts of loop headers before their loops "
                                  "changed the loops the analysis finds; set those variables before the loops")
    return again, frozenset(loop.id for loop in chosen)


def outermost(report: FileReport, loop_id: int) -> int:
    """The id of the outermost loop of the nest of loop `loop_id`."""
    parents = {r.id: r.parent for r in report.loops}
    while parents.get(loop_id) is not None:
        loop_id = parents[loop_id]
    return loop_id


def _derived_edits(source: bytes, loop) -> list[Edit]:
    """The header with the index's parts alone, and each other variable it steps computed from the index at
    the top of the body (see above), every line kept where it was."""
    node = loop.node
    init, update = node.child_by_field_name("initializer"), node.child_by_field_name("update")
    index_start = " ".join(loop.lower_text.split())  # (the start's text, of an ascending or descending loop)
    statements = []
    # (the iterations before, counted in long long: an int difference of a wider index could overflow)
    offset = f"((long long)({loop.var}) - (long long)({index_start}))"
    for name, start, amount, type_text, declared in loop.derived:
        kind = " ".join(word for word in type_text.split() if word not in ("const", "register"))
        value = f"({start}) {'+' if amount > 0 else '-'} {offset}" + (f" * {abs(amount)}" if abs(amount) != 1 else "")
        statements.append(f"{kind + ' ' if declared else ''}{name} = {value};")
    kept = lambda part, text: text + "\n" * max(part.text.count(b"\n") - text.count("\n"), 0)  # noqa: E731
    return [Edit(init.start_byte, init.end_byte, kept(init, loop.header_init)),
            Edit(update.start_byte, update.end_byte, kept(update, loop.index_update)),
            *body_top_edits(source, loop, statements, same_line=True)]


def _loops_to_rewrite(report: FileReport) -> list:
    """The counted loops with other parts in their headers, in nests where some loop is parallel; of those
    that step variables beside the index, the ones whose analysis did not find them read after the loop."""
    parallel = {r.id for r in report.loops if str(r.verdict).startswith("parallel")}
    parallel_nests = {outermost(report, loop_id) for loop_id in parallel}
    loops = {r.id: r for r in report.loops}
    chosen = []
    for result in report.analyses.values():
        loop = result.loop
        if loop.derived and (any(f.code == "S2P213" and set(f.vars) & {d[0] for d in loop.derived}
                                 for f in result.findings) or loop.id not in parallel or
                             inside(loop, parallel, loops)):
            # (within a parallel loop it runs as written, its variables private to the outer loop's iterations)
            continue
        if (loop.header_extras or loop.derived) and loop.var is not None and loop.kind == "for" and \
                outermost(report, loop.id) in parallel_nests:
            chosen.append(loop)
    return sorted(chosen, key=lambda loop: loop.node.start_byte)
