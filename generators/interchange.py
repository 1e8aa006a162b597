"""Loop interchange for locality inside a parallel loop, shared by the MPI and OpenMP backends: the pairs
of loops whose innermost loop walks an array down a column, turned so that it runs along rows."""

from __future__ import annotations

import re

from seq2par.analyzers import FileReport
from seq2par.analyzers.ir import VALUE_FUNCTIONS, Function, Loop

from .edits import Edit, apply_edits, line_indent
from .plan import inside, jumps_in, rectangular_nest, several_inductions
from .scalar_replacement import Accumulator, calls_only_inlined, held_block, mentions_macro, with_locals, zero_trip_tail
from .statements import body_statements


def interchanges(report: FileReport, fn: Function, outer: Loop, moved: frozenset[int] = frozenset()
                 ) -> list[tuple[Loop, Loop]]:
    """(j, k) loop pairs inside the parallel loop `outer` to interchange for locality: `for j { S; for k
    X[..][j] += ... B[k][j] ...; T }` walks B down a column in its innermost loop. Rewritten as `for j S;
    for k for j X[..][j] += ...; for j T`, the innermost loop runs along rows, and every X element still
    receives the same updates in the same k order (bit-identical results). Legal because the analysis
    proved the j loop parallel without privatization or reductions (no dependence crosses j iterations, so
    both the split of S and T from the k loop and the interchange keep every dependence), and only when:
    S and T are plain statements, the k loop's body is one update of a single element X[..][j] (its only
    write; every other read of X names that element), no scalar is written, neither loop's bounds use the
    other's index, and some other read has j alone in its last subscript and k before it (the column
    walk that makes it worth doing). `moved`: start bytes of statements another edit takes out of the
    loop (the MPI target's mirror copies), not counted in T."""
    loops = {lp.id: lp for lp in fn.loops}
    out = [pair for pair in (_row_walk(report, fn, outer, k, loops) for k in fn.loops) if pair is not None]
    for j in fn.loops:
        if not inside(j, {outer.id}, loops) or len(j.children) != 1:
            continue
        k = loops.get(j.children[0])
        if k is None or k.children or j.kind != "for" or k.kind != "for" or j.step != 1 or k.step != 1 \
                or j.var is None or k.var is None or j.lower is None or j.upper is None or k.lower is None \
                or k.upper is None or j.var in k.bound_symbols or k.var in j.bound_symbols or \
                several_inductions(j) or several_inductions(k):
            continue
        analysis = report.analyses.get(j.id)
        if analysis is None or analysis.verdict not in ("parallel", "parallel-private") or analysis.reductions \
                or analysis.lastprivate or set(analysis.private) - {k.var}:
            continue
        body = j.node.child_by_field_name("body")
        statements = [c for c in body_statements(body) if c.start_byte not in moved]
        if not any(c.start_byte == k.node.start_byte for c in statements) or any(
                c.type != "expression_statement" for c in statements if c.start_byte != k.node.start_byte):
            continue
        k_body = k.node.child_by_field_name("body")
        inner = body_statements(k_body)
        if len(inner) != 1 or inner[0].type != "expression_statement":
            continue
        lo, hi = j.body_orders
        k_lo, k_hi = k.body_orders
        accesses = [a for a in fn.accesses if lo < a.order <= hi]
        if any(a.subscripts is None and a.is_write and a.name not in (j.var, k.var) for a in accesses):
            continue
        updates = [a for a in accesses if k_lo < a.order <= k_hi and a.is_write]
        if len(updates) != 1 or updates[0].subscripts is None or any(x is None for x in updates[0].subscripts):
            continue
        target = updates[0]
        last = target.subscripts[-1]
        if k.var in set().union(*(x.symbols() for x in target.subscripts)) or last.coefficient(j.var) != 1 or \
                target.indirect:
            continue
        reads = [a for a in accesses if k_lo < a.order <= k_hi and a.is_read and a.subscripts is not None]
        if any(a.name == target.name and a.texts != target.texts for a in reads):
            continue
        column_walk = any(
            a.name != target.name and a.subscripts and all(x is not None for x in a.subscripts)
            and len(a.subscripts) >= 2 and a.subscripts[-1].symbols() == {j.var}
            and any(k.var in x.symbols() for x in a.subscripts[:-1]) for a in reads)
        if column_walk:
            out.append((j, k))
    return out

def _row_walk(report: FileReport, fn: Function, outer: Loop, k: Loop, loops: dict) -> tuple[Loop, Loop] | None:
    """The converse shape: `for k for j X[..][j] += ... A[j][k] ...` (syrk, syr2k) walks A down a column in
    its innermost j loop; `for j for k` runs along A's rows instead. Legal when the analysis proved j
    parallel (each j updates its own element; X is read only at that element and nothing else is
    written), with the same per-element k order. Returned as (j, k) with k the outer loop here."""
    if not inside(k, {outer.id}, loops) or len(k.children) != 1 or k.kind != "for" or k.step != 1:
        return None
    j = loops.get(k.children[0])
    if j is None or j.children or j.kind != "for" or j.step != 1 or j.var is None or k.var is None or \
            j.var in k.bound_symbols or k.var in j.bound_symbols or several_inductions(j) or several_inductions(k):
        return None
    analysis = report.analyses.get(j.id)
    if analysis is None or analysis.verdict != "parallel" or analysis.reductions or analysis.private:
        return None
    body = j.node.child_by_field_name("body")
    inner = body_statements(body)
    k_body = k.node.child_by_field_name("body")
    around = body_statements(k_body)
    if len(inner) != 1 or inner[0].type != "expression_statement" or len(around) != 1 or \
            around[0].start_byte != j.node.start_byte:
        return None
    lo, hi = k.body_orders
    accesses = [a for a in fn.accesses if lo < a.order <= hi]
    if any(a.subscripts is None and a.is_write and a.name not in (j.var, k.var) for a in accesses):
        return None
    updates = [a for a in accesses if a.is_write and a.subscripts is not None]
    if len(updates) != 1 or any(x is None for x in updates[0].subscripts) or updates[0].indirect:
        return None
    target = updates[0]
    if k.var in set().union(*(x.symbols() for x in target.subscripts)) or \
            target.subscripts[-1].coefficient(j.var) != 1:
        return None
    reads = [a for a in accesses if a.is_read and a.subscripts is not None]
    if any(a.name == target.name and a.texts != target.texts for a in reads):
        return None
    column_walk = any(
        a.name != target.name and len(a.subscripts) >= 2 and all(x is not None for x in a.subscripts)
        and a.subscripts[-1].symbols() == {k.var} and any(j.var in x.symbols() for x in a.subscripts[:-1])
        for a in reads)
    return (j, k) if column_walk else None

def swap_simd_directive(j: Loop, k: Loop) -> str:
    """`#pragma omp simd` when `interchange_edit` makes the j loop of the pair the innermost one (`for j {S;
    for k U}` -> `for k for j U`): `interchanges` proved it parallel without private scalars or reductions,
    so its iterations may run in SIMD lanes. '' for the other direction."""
    return "#pragma omp simd" if j.node.start_byte < k.node.start_byte else ""


def interchange_edit(source: bytes, j: Loop, k: Loop, seq: int = 0, inner_directive: str = "",
                     held: Accumulator | None = None, moved: dict[int, str] | None = None,
                     reads: tuple[Accumulator, ...] = ()) -> Edit:
    """The edit that rewrites the (j, k) pair found by `interchanges`. `inner_directive` (a `#pragma` line)
    goes before the j loop when it becomes the innermost one (`for j {S; for k U; T}` -> `for j S; for k
    for j U; for j T`). `moved`: the statements of the j body another edit takes out (by start byte), each
    replaced by the given text (a comment) after the nest. `reads` (that direction only): the elements U
    reads at the same place for every j, loaded into `const` locals before the new inner j loop
    (scalar_replacement.reads_across_swap), under their guard.
    `held` (`for k for j U` -> `for j for k U` only): the element U updates, kept in a local across the
    new inner k loop (scalar_replacement.held_across_swap), under its guard and with its simd line."""
    if k.node.start_byte < j.node.start_byte:  # `for k for j U` -> `for j for k U`
        indent = line_indent(source, k.node.start_byte)
        j_header = source[j.node.start_byte:j.node.child_by_field_name("body").start_byte].decode().rstrip()
        k_header = source[k.node.start_byte:k.node.child_by_field_name("body").start_byte].decode().rstrip()
        body = j.node.child_by_field_name("body")
        if held is None:
            update = source[body.start_byte:j.node.end_byte].decode().strip()
            return Edit(k.node.start_byte, k.node.end_byte,
                        f"{j_header}\n{indent}  {k_header}\n{indent}    {update}", seq)
        update = with_locals(source, body.start_byte, j.node.end_byte, [held]).strip()
        inner = indent + "  " if held.guard else indent
        simd = f"{held.simd}\n{inner}  " if held.simd else ""
        text = (f"{j_header} {{\n{inner}  {held.c_type} {held.name} = {held.element};\n{inner}  {simd}{k_header}\n"
                f"{inner}    {update}\n{inner}  {held.element} = {held.name};\n{inner}}}")
        if held.guard:  # the k loop may run zero times: then the element is not touched at all
            text = f"if ({held.guard}) {{  /* the {k.var} loop runs */\n{inner}{text}\n{indent}}}{zero_trip_tail(k)}"
        return Edit(k.node.start_byte, k.node.end_byte, text, seq)
    indent = line_indent(source, j.node.start_byte)
    j_body = j.node.child_by_field_name("body")
    k_body = k.node.child_by_field_name("body")
    j_header = source[j.node.start_byte:j_body.start_byte].decode().rstrip()
    k_header = source[k.node.start_byte:k_body.start_byte].decode().rstrip()
    update = with_locals(source, k_body.start_byte, k_body.end_byte, reads).strip()
    moved = moved or {}
    text = ""
    after = ""
    if j_body.type == "compound_statement":
        kept = [c for c in j_body.named_children if c.type != "comment" and c.start_byte not in moved]
        first = next((c for c in kept if c.end_byte <= k.node.start_byte), None)
        if first is None or any(first.start_byte < start < k.node.start_byte for start in moved):
            before = f"\n{indent}  ".join(source[c.start_byte:c.end_byte].decode() for c in kept
                                          if c.end_byte <= k.node.start_byte)
        else:  # as written, comments included
            before = source[first.start_byte:k.node.start_byte].decode().rstrip()
        if before:
            text = f"{j_header} {{\n{indent}  {before}\n{indent}}}\n{indent}"
        trailing = [source[c.start_byte:c.end_byte].decode() for c in kept if c.start_byte >= k.node.end_byte]
        if trailing:
            after = f"\n{indent}{j_header} {{\n" + "".join(f"{indent}  {t}\n" for t in trailing) + f"{indent}}}"
        after += "".join(f"\n{indent}{moved[c.start_byte]}" for c in j_body.named_children if c.start_byte in moved)
    directive = f"{inner_directive}\n{indent}  " if inner_directive else ""
    if reads:  # loaded once per k, where the j loop runs (then the original reads them too)
        opening, closing = held_block(reads, indent + "  ", indent)
        text += f"{k_header} {opening}\n{indent}  {directive}{j_header}\n{indent}    {update}{closing}{after}"
    else:
        text += f"{k_header}\n{indent}  {directive}{j_header}\n{indent}    {update}{after}"
    if j.node.parent is None or j.node.parent.type != "compound_statement":
        text = "{ " + text + f"\n{indent}}}"  # the body of an unbraced loop: now two statements
    return Edit(j.node.start_byte, j.node.end_byte, text, seq)


_LITERAL = ("number_literal",)


def _assignment(statement):
    """The assignment expression of an expression statement, or None."""
    if statement.type != "expression_statement" or statement.named_child_count != 1:
        return None
    expr = statement.named_children[0]
    return expr if expr.type == "assignment_expression" else None


def dot_products(report: FileReport, fn: Function, outer: Loop) -> list[tuple[Loop, Loop, str, str, str]]:
    """Dot products over a column inside the parallel loop `outer`: `for j { T s = c; for k s += E; X[..j..] =
    s; }` where E walks an array down a column (`B[k*N + j]`, `B[k][j]`). Rewritten as `for j X[..j..] = c;
    for k for j X[..j..] += E;` the innermost loop runs along rows, and each X element receives the same
    additions in the same order as `s` did (bit-identical when s has X's element type). Legal when the
    analysis proved the j loop parallel with only s and k private (no reduction, nothing live after it),
    E names neither s nor X and calls nothing, X is the only array written and no array E reads may share
    storage with it. Returned as (j, k, element X[..], initial value c, E) texts."""
    from seq2par.analyzers.ir import VALUE_FUNCTIONS, variable

    from .layout import element_type

    loops = {lp.id: lp for lp in fn.loops}
    out = []
    for j in fn.loops:
        if not inside(j, {outer.id}, loops) or len(j.children) != 1 or j.kind != "for" or j.step != 1 or \
                j.var is None or several_inductions(j) or several_inductions(loops[j.children[0]]):
            continue
        k = loops[j.children[0]]
        if k.children or k.kind != "for" or k.var is None or j.var in k.bound_symbols or k.var in j.bound_symbols:
            continue
        analysis = report.analyses.get(j.id)
        if analysis is None or analysis.verdict not in ("parallel", "parallel-private") or analysis.reductions or \
                analysis.lastprivate:
            continue
        statements = body_statements(j.node.child_by_field_name("body"))
        if len(statements) != 3 or statements[1].start_byte != k.node.start_byte:
            continue
        first, _, last = statements
        if first.type == "declaration":
            inits = [c for c in first.named_children if c.type == "init_declarator"]
            if len(inits) != 1 or len(first.named_children) != 2:
                continue
            name = inits[0].child_by_field_name("declarator")
            init = inits[0].child_by_field_name("value")
        else:
            assign = _assignment(first)
            if assign is None or assign.child_by_field_name("operator").text != b"=":
                continue
            name, init = assign.child_by_field_name("left"), assign.child_by_field_name("right")
        if name is None or init is None or name.type != "identifier" or init.type not in _LITERAL:
            continue
        s = name.text.decode()
        store = _assignment(last)
        if store is None or store.child_by_field_name("operator").text != b"=" or \
                store.child_by_field_name("right").text.decode() != s or \
                store.child_by_field_name("left").type != "subscript_expression":
            continue
        element = store.child_by_field_name("left")
        inner = body_statements(k.node.child_by_field_name("body"))
        update = _assignment(inner[0]) if len(inner) == 1 else None
        if update is None or update.child_by_field_name("left").text.decode() != s:
            continue
        right = update.child_by_field_name("right")
        if update.child_by_field_name("operator").text == b"=":
            if right.type != "binary_expression" or right.child_by_field_name("operator").text != b"+" or \
                    right.child_by_field_name("left").text.decode() != s:
                continue
            right = right.child_by_field_name("right")
        elif update.child_by_field_name("operator").text != b"+=":
            continue
        term = right.text.decode()
        if s in re.findall(r"[A-Za-z_]\w*", term) or mentions_macro(report, j.node):
            continue  # E reads s (which would be gone), or a macro may hide what the loops touch
        lo, hi = j.body_orders
        accesses = [a for a in fn.accesses if lo < a.order <= hi]
        writes = {a.name for a in accesses if a.is_write}
        target = [a for a in accesses if a.is_write and a.subscripts is not None]
        if len(target) != 1 or writes - {s, k.var, target[0].name} or target[0].indirect or \
                target[0].subscripts is None or any(x is None for x in target[0].subscripts):
            continue
        x = target[0]
        if k.var in set().union(*(e.symbols() for e in x.subscripts)) or x.subscripts[-1].coefficient(j.var) != 1:
            continue
        var_x, var_s = variable(report.program, fn, x.name), variable(report.program, fn, s)
        if var_x is None or var_s is None or element_type(var_x) is None or \
                element_type(var_x) != " ".join(w for w in var_s.type_text.split() if w not in ("const", "register")):
            continue
        k_lo, k_hi = k.body_orders
        reads = [a for a in accesses if k_lo < a.order <= k_hi and a.name not in (s, k.var, j.var)]
        pa = report.program_analysis
        if pa is None or any(a.name == x.name for a in reads) or any(
                (v := variable(report.program, fn, a.name)) is None
                or ((v.is_pointer or v.is_array or v.is_reference or "vector<" in v.type_text)
                    and not pa.distinct_objects(fn, x.name, a.name)) for a in reads):
            continue
        if any(k_lo < c.order <= k_hi and (c.method_of is not None or c.name not in VALUE_FUNCTIONS)
               for c in fn.calls):
            continue
        column_walk = any(
            a.subscripts and all(e is not None for e in a.subscripts) and a.subscripts[-1].coefficient(j.var) == 1
            and (any(k.var in e.symbols() for e in a.subscripts[:-1])
                 or any(k.var in m and len(m) > 1 for m, _ in a.subscripts[-1].terms)) for a in reads)
        if column_walk:
            out.append((j, k, element.text.decode(), init.text.decode(), term))
    return out


def dot_product_edit(source: bytes, j: Loop, k: Loop, element: str, init: str, term: str,
                     inner_directive: str = "") -> Edit:
    """The edit that rewrites a dot product found by `dot_products` (see there)."""
    indent = line_indent(source, j.node.start_byte)
    j_header = source[j.node.start_byte:j.node.child_by_field_name("body").start_byte].decode().rstrip()
    k_header = source[k.node.start_byte:k.node.child_by_field_name("body").start_byte].decode().rstrip()
    directive = f"{inner_directive}\n{indent}  " if inner_directive else ""
    text = (f"{j_header}\n{indent}  {element} = {init};\n{indent}{k_header}\n{indent}  {directive}{j_header}\n"
            f"{indent}    {element} += {term};")
    if j.node.parent is None or j.node.parent.type != "compound_statement":
        text = "{ " + text + f"\n{indent}}}"
    return Edit(j.node.start_byte, j.node.end_byte, text)


def _stride_one_in(sub, var: str) -> bool:
    """Whether the last subscript `sub` walks memory one element per step of `var`."""
    return sub is not None and sub.coefficient(var) == 1


def _names_in_row(subscripts, var: str) -> bool:
    """Whether `var` moves the access between rows: named in a subscript before the last, or in a product
    term of the last one (`B[k*N + j]`)."""
    return any(var in x.symbols() for x in subscripts[:-1]) or \
        any(var in m and len(m) > 1 for m, _ in subscripts[-1].terms)


def outer_swap(report: FileReport, fn: Function, outer: Loop) -> Loop | None:
    """The inner loop to interchange with the parallel loop `outer` itself, or None: `for i for j X[i] +=
    ... A[j][i] ...` (gemver's and mvt's transposed products) walks A down a column in its innermost loop.
    Each thread (or rank) keeps its block of i and runs `for j for i in block`: the innermost loop runs
    along A's rows, and every element still receives its updates in the same j order (bit-identical).

    Legal for any perfect, rectangular two-loop nest whose outer loop the analysis proved parallel without
    reductions and with no private scalar but the inner index: iterations of different i touch no common
    location, and the iterations of one i keep their order. Worth it when some access walks a column in j
    (i alone moves along its row) and none already walks a row in j."""
    if outer.kind != "for" or outer.var is None or outer.step != 1 or outer.lower is None or outer.upper is None:
        return None
    inner = swappable_inner(report, fn, outer)
    if inner is None or inner.step is None or inner.lower is None or inner.upper is None or \
            mentions_macro(report, outer.node):
        return None  # (a macro may hide what it touches)
    lo, hi = inner.body_orders
    accesses = [a for a in fn.accesses if lo < a.order <= hi and a.subscripts is not None]
    complete = [a for a in accesses if a.subscripts and all(x is not None for x in a.subscripts)]
    if len(complete) != len(accesses):
        return None
    if any(_stride_one_in(a.subscripts[-1], inner.var) and _names_in_row(a.subscripts, outer.var) for a in complete):
        return None  # some access already runs along a row in j, and would walk a column after the swap
    column_walk = any(_stride_one_in(a.subscripts[-1], outer.var) and _names_in_row(a.subscripts, inner.var)
                      for a in complete)
    return inner if column_walk else None


def transposed_sums(report: FileReport, fn: Function, outer: Loop, inner: Loop) -> list[str] | None:
    """The arrays a swappable nest `for i for j X[i] = X[i] + E` (outer_swap's: gemver's and mvt's transposed
    products) only adds into, when it may instead run over j with X summed across threads or ranks: each
    runs every i over its share of j, adding into its own copy of X (zeros on all but one), and the copies
    are added up. Legal when the analysis proved i parallel with nothing private but j (two i touch no
    common location) and j parallel but for + reductions into arrays, each updated at one element whose
    subscripts do not name j and read nowhere else in the nest, with no other store and no call but pure
    ones. The sums change order, as in any reduction. Both indices are declared outside the nest or both
    in its headers (their exit values after the swapped nest: `plan.inner_exit`). None for any other shape."""
    analysis = report.analyses.get(inner.id)
    if analysis is None or not analysis.parallel or not analysis.reductions or analysis.private or \
            analysis.lastprivate or analysis.conditional or inner.kind != "for" or inner.step != 1 or \
            outer.index_declared != inner.index_declared or swappable_inner(report, fn, outer) is not inner:
        return None
    lo, hi = inner.body_orders
    body = [a for a in fn.accesses if lo < a.order <= hi]
    reduced = sorted({r.var for r in analysis.reductions})
    if any(r.kind != "array" or r.op != "+" for r in analysis.reductions) or \
            any(a.is_write and a.name not in reduced for a in body) or \
            any(lo < c.order <= hi and (c.method_of is not None or c.name not in VALUE_FUNCTIONS) for c in fn.calls):
        return None
    for name in reduced:
        accesses = [a for a in body if a.name == name]
        if any(a.subscripts is None or a.indirect or None in a.subscripts or a.texts != accesses[0].texts
               or any(inner.var in sub.symbols() for sub in a.subscripts) for a in accesses):
            return None
    return reduced


def swappable_inner(report: FileReport, fn: Function, outer: Loop) -> Loop | None:
    """The inner loop of a perfect, rectangular two-loop nest whose outer loop the analysis proved parallel
    without reductions, lastprivate or conditional values and with no private scalar but the inner index,
    and whose inner loop holds no jump out of the nest (a `break` would leave the loop over i instead once
    the headers change places); else None. The iterations of different i then touch no common location, so
    `for j` may run outside each block of i with every i's iterations in their order."""
    inner = rectangular_nest(fn, outer)
    if inner is None or inner.children or inner.kind != "for" or inner.var is None:
        return None
    analysis = report.analyses.get(outer.id)
    if analysis is None or not analysis.parallel or analysis.reductions or analysis.lastprivate or \
            analysis.conditional or set(analysis.private) - {inner.var} or \
            jumps_in(fn, inner, ("break", "goto", "return")):
        return None
    return inner


def header_span(loop: Loop) -> tuple[int, int]:
    """Bytes of the loop's header, `for (...)` up to its closing parenthesis."""
    body = loop.node.child_by_field_name("body")
    close = [c for c in loop.node.children if c.type == ")" and c.end_byte <= body.start_byte][-1]
    return loop.node.start_byte, close.end_byte


def swapped_lanes(fn: Function, loop: Loop, inner: Loop) -> bool:
    """Whether the iterations of `loop` (`outer_swap`'s parallel loop), once it is the innermost loop of the
    swapped nest and runs over a thread's or a rank's block, may run in SIMD lanes on a proof that holds
    whatever its bounds (the block's bounds are all that `seq2par check` sees of them): every array the nest
    writes is written at one place, one of whose subscripts moves with `loop`'s index, and read only there;
    no scalar but the two indices is written; and the nest calls no function but those gcc vectorizes
    inline. (lu's update reads the row it writes at other columns: legal only because those lie before the
    loop's lower bound, which the block hides.)"""
    if not calls_only_inlined(fn, loop.first_order, loop.last_order):
        return False
    lo, hi = loop.body_orders
    accesses = [a for a in fn.accesses if lo < a.order <= hi]
    if any(a.is_write and a.subscripts is None and a.name not in (loop.var, inner.var) for a in accesses):
        return False
    writes = {a.name: a for a in accesses if a.is_write and a.subscripts is not None}
    for write in writes.values():
        if write.indirect or None in write.subscripts or not any(x.coefficient(loop.var) for x in write.subscripts):
            return False
    return all(a.texts == writes[a.name].texts for a in accesses if a.name in writes)


def header_parts(loop: Loop) -> tuple:
    """The tree-sitter nodes of a counted loop's initial value, condition and update."""
    node = loop.node
    init = node.child_by_field_name("initializer")
    if init.type == "declaration":
        value = init.children_by_field_name("declarator")[0].child_by_field_name("value")
    else:
        value = init.child_by_field_name("right")
    return value, node.child_by_field_name("condition"), node.child_by_field_name("update")


def block_bounds_edits(loop: Loop, lo_var: str, hi_var: str) -> list[Edit]:
    """A counted ascending loop (step 1) made to run the block [lo_var, hi_var) of its iterations: its
    initial value and its condition replaced."""
    value, cond, _ = header_parts(loop)
    return [Edit(value.start_byte, value.end_byte, lo_var),
            Edit(cond.start_byte, cond.end_byte, f"{loop.var} < {hi_var}")]


def block_header(source: bytes, loop: Loop, lo_var: str, hi_var: str) -> str:
    """The text of `loop`'s header (`header_span`) with `block_bounds_edits` applied."""
    start, end = header_span(loop)
    return apply_edits(source[start:end], [Edit(e.start - start, e.end - start, e.text)
                                           for e in block_bounds_edits(loop, lo_var, hi_var)])


def swap_headers_edits(source: bytes, outer: Loop, inner: Loop, outer_header: str | None = None,
                       seq: int = 0) -> list[Edit]:
    """`for i for j S` -> `for j for i S` in place, by exchanging the two headers (`outer_header`: the
    outer one as rewritten by the caller, e.g. with a rank's bounds)."""
    (o_start, o_end), (i_start, i_end) = header_span(outer), header_span(inner)
    outer_text = outer_header if outer_header is not None else source[o_start:o_end].decode()
    return [Edit(o_start, o_end, source[i_start:i_end].decode(), seq), Edit(i_start, i_end, outer_text, seq)]
