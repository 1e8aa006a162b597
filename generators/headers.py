"""Loop headers that set more than their index, made plain before a backend writes the loop.

`for (t = 0.0, i = 0; i < n; i++)` and `for (int i = 0, e = v.size(); i != e; i++)` are counted loops (see
`ir._Builder._header_index`): their other parts run once before the first iteration. No backend can write
such a loop as it stands: OpenMP takes `i = 0` alone in a `parallel for` or `simd` loop, and the MPI and CUDA
backends rewrite the header. So before a backend sees the file, the parts other than the index's are moved
before the loop, each as a statement, in a block of its own when they declare names or the loop is the
unbraced body of another statement: `{ int e = v.size(); for (int i = 0; i != e; i++) ... }`. The text
goes on the loop's first and last lines, so every line keeps its number, and the file is analyzed again.

Only the nests with a parallel loop are touched: the others are left as written. The MPI and CUDA backends
leave the headers that declare names beside the index as they are, and those loops sequential: the names'
block would end before the gathers and reductions those backends write after the loop. (A loop right under a
`#pragma` line has no such parts: the analysis keeps it uncounted, since the directive must stay next to it.)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .edits import Edit, TransformationError, apply_edits

if TYPE_CHECKING:
    from seq2par.analyzers import FileReport


def hoisted_headers_report(report: FileReport, flags: tuple[str, ...] = (), nests: frozenset[int] | None = None,
                           declarations: bool = True, function: str | None = None
                           ) -> tuple[FileReport, frozenset[int]]:
    """(`report`, or the report of the file with the headers of its parallel nests made plain (see above),
    the ids of the loops rewritten); `nests`: only in the nests whose outermost loops have these ids;
    `declarations`: also headers that declare names beside the index (their block ends with the loop: a
    target that names them after the loop, in a gather or a reduction, passes False, and refuses those
    loops, `plan.header_reason`); `function`: only in that function (function mode). Raises
    `TransformationError` when the file read again does not have the same loops on the same lines."""
    chosen = [loop for loop in _loops_to_rewrite(report) if (nests is None or outermost(report, loop.id) in nests)
              and (declarations or loop.node.child_by_field_name("initializer").type != "declaration")
              and (function is None or loop.function == function)]
    if not chosen:
        return report, frozenset()
    from seq2par.analyzers import analyze_source

    source = report.program.source
    edits: list[Edit] = []
    for loop in chosen:
        node = loop.node
        init = node.child_by_field_name("initializer")
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


def _loops_to_rewrite(report: FileReport) -> list:
    """The counted loops with other parts in their headers, in nests where some loop is parallel."""
    parallel_nests = {outermost(report, r.id) for r in report.loops if str(r.verdict).startswith("parallel")}
    chosen = []
    for result in report.analyses.values():
        loop = result.loop
        if loop.header_extras and loop.var is not None and loop.kind == "for" and \
                outermost(report, loop.id) in parallel_nests:
            chosen.append(loop)
    return sorted(chosen, key=lambda loop: loop.node.start_byte)
