"""Scalar replacement inside a parallel loop: an array element that an inner loop updates on every iteration
(`tmp[i] = tmp[i] + A[i][j] * x[j]` over j) is held in a local variable for the length of that loop, loaded
before it and stored after it.

Why: an OpenMP compiler moves the parallel loop into a function of its own that receives the arrays as
pointers in a struct. There it can no longer see that `tmp`, `A` and `x` are different objects (the
sequential program, with the kernel inlined into `main` next to its `malloc`s, could), so it stores and
reloads `tmp[i]` on every iteration of j: PolyBench gesummv ran 3x slower at 1 thread than the original
(0.026 s against 0.009 s) and 0.64x at 2 threads. With the element in a local, 0.006 s at 2 threads.

Legal when the analysis proves that nothing else in the loop can reach the element: every mention of the
array in the loop names that one element through subscripts the loop does not change, no other array,
pointer or container of the loop may share storage with it (`ProgramAnalysis.distinct_objects`), no call
other than a pure function's, no jump out of the loop but `break`. The element belongs to one iteration
of the parallel loop (the analysis proved that loop free of dependences), so loading it before and
storing it after the inner loop races with nothing. Same operations in the same order on a local of the
element's own type: bit-identical results.

An element the inner loop only reads, at the same place on every iteration (`A[i][k]` in a loop over j), is
loaded once into a `const` local before it (`invariant_reads`): for the same reason the compiler reloads it
after every store of the loop."""

from __future__ import annotations

import re
from dataclasses import dataclass

from seq2par.analyzers import FileReport
from seq2par.analyzers.ir import PURE_METHODS, VALUE_FUNCTIONS, Function, Loop, variable

from .edits import Edit, line_indent
from .layout import element_type
from .plan import inside, several_inductions

_NAME = re.compile(r"^[A-Za-z_]\w*$")
_WORD = re.compile(r"[A-Za-z_]\w*")


# what gcc vectorizes without a library call (libm calls become libmvec calls under `simd`: slower)
INLINED_CALLS = frozenset("fabs fabsf abs labs std::abs std::fabs fmin fmax fminf fmaxf std::min std::max min max "
                          "std::fmin std::fmax".split())


def calls_only_inlined(fn: Function, first: int, last: int) -> bool:
    """No call in the orders (first, last] but those gcc vectorizes inline (INLINED_CALLS; no method)."""
    return not any(first < c.order <= last and (c.method_of is not None or c.name not in INLINED_CALLS)
                   for c in fn.calls)


@dataclass(frozen=True)
class Accumulator:
    loop: Loop  # the inner loop the element is held across
    element: str  # `tmp[i]`, as written
    name: str  # the local that holds it: `tmp_i`
    c_type: str
    nodes: tuple  # the element's occurrences in the loop (tree-sitter nodes)
    guard: str = ""  # the condition under which `loop` (the new inner loop of a swap) runs at all ('' = always)
    simd: str = ""  # `#pragma omp simd reduction(+:...)` for that loop when it only sums into held locals, or ''
    read_only: bool = False  # an element the loop only reads (loaded once into a `const` local, never stored)


def accumulators(report: FileReport, fn: Function, outer: Loop, skip: set[int] = frozenset(),
                 lane_sums: bool = True, annotated: set[int] = frozenset()) -> list[Accumulator]:
    """The elements to hold in locals across the innermost loops inside the parallel loop `outer` (not
    the loops in `skip`: those that other edits rewrite; in the loops in `annotated`, which another edit
    gives a directive line, only the elements they read). `lane_sums=False`: no `omp simd reduction` on a
    loop that only sums into them (every sum in the original order)."""
    pa = report.program_analysis
    if pa is None:
        return []
    loops = {lp.id: lp for lp in fn.loops}
    taken = _identifiers(fn.node)
    out: list[Accumulator] = []
    for loop in fn.loops:
        if loop.children or loop.kind != "for" or loop.id in skip or not inside(loop, {outer.id}, loops) or \
                any(parent in skip for parent in _ancestors(loop, loops)):
            continue
        found = _loop_accumulators(report, fn, loop, taken, lane_sums, reads_only=loop.id in annotated)
        taken |= {acc.name for acc in found}
        out += found
    return out


def _ancestors(loop: Loop, loops: dict[int, Loop]) -> list[int]:
    out, parent = [], loop.parent
    while parent is not None:
        out.append(parent)
        parent = loops[parent].parent
    return out


def _loop_accumulators(report: FileReport, fn: Function, loop: Loop, taken: set[str],
                       lane_sums: bool = True, reads_only: bool = False) -> list[Accumulator]:
    if loop.var is None:
        return []
    first, last = loop.first_order, loop.last_order
    accesses = [a for a in fn.accesses if first < a.order <= last]
    calls = [c for c in fn.calls if first < c.order <= last]
    if any(a.unanalyzable or a.through_call for a in accesses):
        return []
    if any((c.method_of is None and c.name not in VALUE_FUNCTIONS) or (c.method_of is not None and c.name
                                                                   not in PURE_METHODS) for c in calls):
        return []
    if any(j.kind in ("return", "goto") and loop.line <= j.line <= loop.end_line for j in fn.jumps):
        return []
    if mentions_macro(report, loop.node):
        return []  # a macro may hide another use of the element
    written = {a.name for a in accesses if a.is_write}
    names = {a.name for a in accesses}
    body = loop.node.child_by_field_name("body")
    entry = "" if runs_at_least_once(loop) else _entry_condition(loop)  # None: the loop's start cannot be tested
    guarded = False  # some element nothing beside the loop touches: the loads and stores need the guard
    out = []
    for name in sorted({a.name for a in accesses if a.is_write and a.subscripts is not None} if not reads_only
                       else ()):
        mine = [a for a in accesses if a.name == name]
        var = variable(report.program, fn, name)
        if var is None or not _NAME.match(name) or name in fn.references.values() or \
                any(a.subscripts is None or a.indirect for a in mine) or "volatile" in var.type_text:
            continue
        c_type = element_type(var)
        if c_type is None:
            continue
        nodes = _occurrences(loop.node, name)
        if not nodes:
            continue
        element = _squash(nodes[0].text.decode())
        subscripts = element[len(name):]
        if any(_squash(node.text.decode()) != element for node in nodes) or \
                subscripts.count("[") != len(mine[0].subscripts) or re.search(r"[(?,=]|\+\+|--", subscripts):
            continue
        if set(_WORD.findall(subscripts)) & (written | {loop.var} | set(fn.address_taken)):
            continue  # the subscripts change within the loop (also through a pointer or reference): not one element
        beside = _touched_beside(loop.node, name, element)
        if not beside and entry is None:
            continue  # the loop may run zero times: loading and storing the element could touch memory it never does
        if not all(_apart(report, fn, name, other) for other in names - {name}):
            continue
        guarded |= not beside
        local = _local_name(name, subscripts, taken)
        taken.add(local)
        out.append((nodes, local, c_type))
    reads = []
    # only in a loop that stores some element (otherwise nothing makes the compiler reload one), and without
    # jumps (a `break` or `continue` before the read would leave it unread on some iteration)
    if written - {a.name for a in accesses if a.subscripts is None} and \
            not any(loop.line <= j.line <= loop.end_line for j in fn.jumps):
        for nodes, local, c_type, beside in invariant_reads(report, fn, body, loop.var, written, taken):
            if not beside and entry is None:
                continue  # the loop may run zero times, and then the original never loads the element
            guarded |= not beside
            taken.add(local)
            reads.append((nodes, local, c_type))
    if not out and not reads:
        return []
    # one guard for the loop's block: the loads and stores run only where the loop runs
    guard = entry if guarded else ""
    simd = ""
    if out and lane_sums and not several_inductions(loop) and \
            all(c_type in ("float", "double") for _, _, c_type in out) and \
            _sums(body, {_squash(nodes[0].text.decode()) for nodes, _, _ in out}) \
            and calls_only_inlined(fn, first, last):
        # the loop only sums into held locals: partial sums per SIMD lane (PolyBench gemver's w[i] at EXTRALARGE)
        simd = f"#pragma omp simd reduction(+:{', '.join(local for _, local, _ in out)})"
    return [Accumulator(loop, nodes[0].text.decode(), local, c_type, tuple(nodes), guard, simd, read_only)
            for held, read_only in ((out, False), (reads, True)) for nodes, local, c_type in held]


_UNCONDITIONAL = frozenset(("parenthesized_expression", "binary_expression", "unary_expression", "cast_expression",
                            "assignment_expression", "subscript_expression", "argument_list", "call_expression",
                            "init_declarator", "declaration", "expression_statement", "compound_statement"))


def invariant_reads(report: FileReport, fn: Function, body, var: str, written: set[str], taken: set[str]
                    ) -> list[tuple[tuple, str, str, bool]]:
    """The elements the loop over `var` whose body is `body` reads on every iteration at the same place, held
    in `const` locals loaded before it: (occurrences, local, C type, whether a statement beside the loop
    touches the element anyway). Why: a loop that stores elements of the same type through arrays the
    outlined parallel region (or a kernel not inlined into `main`) cannot tell apart reloads the invariant
    one on every iteration; PolyBench 2mm's `tmp[i][j] += alpha * A[i][k] * B[k][j]` over j ran 0.21 s at 2
    threads, 0.19 s with `A[i][k]` held. Legal when nothing in the loop can change it: the array is not
    written in the loop and no array written there may share its storage (`_apart`), its subscripts name
    nothing the loop writes (nor the index, nor anything whose address is taken), and the caller has made
    sure that the loop calls no function but a pure one and names no code macro. The occurrence must be
    evaluated on every iteration (not under a condition, `&&`, `||` or `?:`), so the element exists whenever
    the loop runs at least once: the caller loads it only then. `written`: the names the loop writes;
    `taken`: identifiers in use (local names avoid them). Not when the element's array and every array
    written are true arrays of the file's scope: the compiler tells those apart itself."""
    stored = {name: variable(report.program, fn, name) for name in written}
    stored_in_file = all(_file_array(fn, name, v) for name, v in stored.items() if _array_like(v))
    out = []
    for name in sorted(_identifiers(body) - written - {var}):
        v = variable(report.program, fn, name)
        if not _array_like(v) or (stored_in_file and _file_array(fn, name, v)) or not _NAME.match(name) or \
                name in fn.references.values() or "volatile" in v.type_text:
            continue
        c_type = element_type(v)
        if c_type is None:
            continue
        by_element: dict[str, list] = {}
        for node in _occurrences(body, name):
            by_element.setdefault(_squash(node.text.decode()), []).append(node)
        if not by_element or not all(_apart(report, fn, name, other) for other in written):
            continue
        for element, nodes in by_element.items():
            subscripts = element[len(name):]
            if _depth(nodes[0]) != _rank(v) or re.search(r"[(?,=]|\+\+|--", subscripts) or \
                    set(_WORD.findall(subscripts)) & (written | {var} | set(fn.address_taken)) or \
                    not any(_evaluated_always(node, body) for node in nodes):
                continue
            local = _local_name(name, subscripts, taken)
            taken = taken | {local}
            out.append((tuple(nodes), local, c_type, _touched_beside(body.parent, name, element)))
    return out


def _array_like(var) -> bool:
    return var is not None and (var.is_array or var.is_pointer or "vector<" in var.type_text)


def _file_array(fn: Function, name: str, var) -> bool:
    """`name` is a true array (not a pointer) declared at file scope."""
    return var is not None and var.is_array and not var.is_pointer and fn.locals.get(name) is None and \
        fn.param(name) is None


def _depth(node) -> int:
    """How many subscripts the subscript expression `node` applies (`A[i][k]`: 2)."""
    depth = 0
    while node.type == "subscript_expression":
        depth += 1
        node = node.child_by_field_name("argument")
    return depth


def _rank(var) -> int:
    """How many subscripts name one element of the array, pointer or vector `var`."""
    if "vector<" in var.type_text:
        return 1
    if var.is_array:
        return len(var.dims) + (len(var.pointee_dims) if var.is_pointer else 0)
    return var.pointer_depth + len(var.pointee_dims)


def _evaluated_always(node, body) -> bool:
    """The expression `node` inside the loop body `body` is evaluated on every iteration."""
    while node is not None and node.id != body.id:
        parent = node.parent
        if parent is None or parent.type not in _UNCONDITIONAL or (
                parent.type == "binary_expression" and parent.child_by_field_name("operator").type in ("&&", "||")):
            return False
        node = parent
    return node is not None


def _apart(report: FileReport, fn: Function, name: str, other: str) -> bool:
    """`other`, named in the loop, cannot reach an element of the array `name`."""
    var = variable(report.program, fn, other)
    if var is None:  # a member (`s.p`), or a name declared where the analysis does not look
        return other in report.program.macros or other in report.program.constants
    if not (var.is_pointer or var.is_array or var.is_reference or "vector<" in var.type_text):
        return True  # a scalar of its own
    return report.program_analysis.distinct_objects(fn, name, other)


def _touched_beside(loop_node, name: str, element: str) -> bool:
    """The element (`name`, squashed text `element`) is read or written by a plain statement next to the
    loop in the same block, before or after it: every iteration that runs the loop touches the element
    anyway, so it exists (holding it loads and stores it even when the loop runs zero times)."""
    block = loop_node.parent
    if block is None or block.type != "compound_statement":
        return False
    for sibling in block.named_children:
        if sibling.type == "expression_statement" and sibling.start_byte != loop_node.start_byte and any(
                _squash(node.text.decode()) == element for node in _occurrences(sibling, name)):
            return True
    return False


def runs_at_least_once(loop: Loop) -> bool:
    """The loop's trip count is a constant of at least 1."""
    if loop.lower is None or loop.upper is None:
        return False
    span = loop.upper - loop.lower
    return span.is_constant() and span.constant >= 1


def _occurrences(root, name: str) -> list:
    """The outermost subscript expressions on `name` under `root`; [] when `name` also appears otherwise
    (bare, as `&name[..]`, or subscripted fewer times somewhere)."""
    found = []
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "identifier" and node.text.decode() == name:
            top = node
            while top.parent is not None and top.parent.type == "subscript_expression" and \
                    top.parent.child_by_field_name("argument") == top:
                top = top.parent
            if top is node:
                return []  # the array itself: passed, assigned or its address taken
            outer = top.parent
            while outer is not None and outer.type == "parenthesized_expression":
                outer = outer.parent
            if outer is not None and outer.type == "pointer_expression" and \
                    outer.child_by_field_name("operator").text == b"&":
                return []
            found.append(top)
            continue
        stack.extend(node.children)
    found.sort(key=lambda node: node.start_byte)
    return found


def mentions_macro(report: FileReport, node) -> bool:
    """`node`'s text names a macro that may hide code (an object-like one with code, or a function-like one)."""
    program = report.program
    return any(name in program.code_macros or name in program.function_macros for name in _identifiers(node))


def _identifiers(node) -> set[str]:
    return set(_WORD.findall(node.text.decode("utf-8", "replace")))


def _squash(text: str) -> str:
    return "".join(text.split())


def _local_name(name: str, subscripts: str, taken: set[str]) -> str:
    words = _WORD.findall(subscripts)
    plain = subscripts == "".join(f"[{w}]" for w in words)
    local = f"{name}_{'_'.join(words)}" if plain and words else f"{name}_acc"
    while local in taken:
        local += "_"
    return local


def accumulator_edits(source: bytes, found: list[Accumulator]) -> list[Edit]:
    """Per inner loop: a block that declares the locals from the elements, the loop with every occurrence
    replaced by its local, and the stores back."""
    edits: list[Edit] = []
    by_loop: dict[int, list[Accumulator]] = {}
    for acc in found:
        by_loop.setdefault(acc.loop.id, []).append(acc)
    for group in by_loop.values():
        node = group[0].loop.node
        indent = line_indent(source, node.start_byte)
        opening, closing = held_block(group, indent, indent)
        simd = f"{group[0].simd}\n{indent}" if group[0].simd else ""
        # before a directive another edit puts on the loop
        edits.append(Edit(node.start_byte, node.start_byte, f"{opening}\n{indent}{simd}", -1))
        for acc in group:
            edits += [Edit(occurrence.start_byte, occurrence.end_byte, acc.name) for occurrence in acc.nodes]
        edits.append(Edit(node.end_byte, node.end_byte, closing))
    return edits


def held_block(group: list[Accumulator] | tuple[Accumulator, ...], indent: str, close_indent: str
               ) -> tuple[str, str]:
    """The text before and after the loop `group[0].loop` that holds the group's elements in locals: the
    block's opening (under the group's guard) with the loads, one per line at `indent`, and the stores back,
    the closing brace at `close_indent` and, when guarded, what the loop does when it runs zero times."""
    loop, guard = group[0].loop, group[0].guard
    opening = f"if ({guard}) {{  /* the {loop.var} loop runs */" if guard else "{"
    opening += "".join(f"\n{indent}{'const ' * acc.read_only}{acc.c_type} {acc.name} = {acc.element};"
                       for acc in group)
    stores = "".join(f"\n{indent}{acc.element} = {acc.name};" for acc in group if not acc.read_only)
    return opening, f"{stores}\n{close_indent}}}" + (zero_trip_tail(loop) if guard else "")


def with_locals(source: bytes, start: int, end: int, held) -> str:
    """The source text [start, end) with every occurrence of the held elements replaced by its local."""
    parts, pos = [], start
    for first, last, name in sorted((node.start_byte, node.end_byte, acc.name) for acc in held for node in acc.nodes):
        parts += [source[pos:first].decode(), name]
        pos = last
    return "".join(parts) + source[pos:end].decode()


def zero_trip_tail(loop: Loop) -> str:
    """` else j = 0;`: what a guarded loop still does when it runs zero times (its index set by the
    initializer; nothing when the index is declared in it)."""
    init = loop.node.child_by_field_name("initializer")
    return f" else {init.text.decode()};" if init is not None and init.type != "declaration" else ""


def held_across_swap(report: FileReport, fn: Function, j: Loop, k: Loop, lane_sums: bool = True
                     ) -> Accumulator | None:
    """For `for k for j X[..j..] += E` turned into `for j for k` (generators.interchange, syrk's shape): the
    element X[..j..], which the new inner k loop updates on every iteration, held in a local across it.
    The interchange already requires that the update is the only write and X is read only at that element;
    here nothing E reads may share X's storage and E calls no function but a pure one. `loop` of the
    result is the j loop, whose body is the update. None for a pair swapped the other way (`for j {S; for
    k U}`), whose new inner loop is j."""
    if j.node.start_byte < k.node.start_byte:
        return None
    guard = "" if runs_at_least_once(k) else _entry_condition(k)
    if report.program_analysis is None or j.var is None or guard is None:
        return None  # k may run zero times: the element would be loaded and stored where the loops never go
    lo, hi = j.body_orders
    accesses = [a for a in fn.accesses if lo < a.order <= hi]
    if _opaque(fn, accesses, lo, hi):
        return None
    targets = {a.name for a in accesses if a.is_write}
    if len(targets) != 1:
        return None
    (name,) = targets
    var = variable(report.program, fn, name)
    c_type = element_type(var) if var is not None else None
    if c_type is None or name in fn.references.values() or "volatile" in var.type_text:
        return None
    body = j.node.child_by_field_name("body")
    if mentions_macro(report, body):
        return None
    nodes = _occurrences(body, name)
    if not nodes or len({_squash(node.text.decode()) for node in nodes}) != 1:
        return None
    if not all(_apart(report, fn, name, other) for other in {a.name for a in accesses} - {name, j.var, k.var}):
        return None
    element = nodes[0].text.decode()
    if set(_WORD.findall(_squash(element)[len(name):])) & set(fn.address_taken):
        return None
    if name in k.bound_symbols:
        return None  # the guard is evaluated once, before the loops
    local = _local_name(name, _squash(element)[len(name):], _identifiers(fn.node))
    simd = ""
    if lane_sums and c_type in ("float", "double") and _sums(body, {_squash(element)}) and \
            calls_only_inlined(fn, lo, hi) and not several_inductions(j) and not several_inductions(k):
        # the new inner loop is a sum into one local: in SIMD lanes, partial sums per lane (the compiler may
        # not reassociate a floating-point sum unless told: PolyBench syrk at np=2 0.29 s -> 0.15 s)
        simd = f"#pragma omp simd reduction(+:{local})"
    return Accumulator(j, element, local, c_type, tuple(nodes), guard, simd)


def reads_across_swap(report: FileReport, fn: Function, j: Loop, k: Loop) -> tuple[Accumulator, ...]:
    """For `for j {S; for k U}` turned into `for k for j U` (generators.interchange, 2mm's shape): the elements
    U reads at the same place for every j (`A[i][k]`), each loaded into a `const` local before the new inner
    j loop (`invariant_reads` says why and when that is legal), under the condition that the j loop runs.
    () for the other direction, or when U calls a function other than a pure one or names a code macro."""
    if j.node.start_byte > k.node.start_byte or report.program_analysis is None or j.var is None:
        return ()
    guard = "" if runs_at_least_once(j) else _entry_condition(j)
    body = k.node.child_by_field_name("body")
    lo, hi = k.body_orders
    accesses = [a for a in fn.accesses if lo < a.order <= hi]
    if guard is None or mentions_macro(report, body) or _opaque(fn, accesses, lo, hi):
        return ()
    written = {a.name for a in accesses if a.is_write}
    return tuple(Accumulator(j, nodes[0].text.decode(), local, c_type, nodes, guard, read_only=True)
                 for nodes, local, c_type, _ in invariant_reads(report, fn, body, j.var, written,
                                                                _identifiers(fn.node)))


def _opaque(fn: Function, accesses: list, lo: int, hi: int) -> bool:
    """Some access in the orders (lo, hi] cannot be analyzed or goes through a call, or some call there is not
    a pure function's (a method, or a function that is not a VALUE_FUNCTION)."""
    return any(a.unanalyzable or a.through_call for a in accesses) or any(
        lo < c.order <= hi and (c.method_of is not None or c.name not in VALUE_FUNCTIONS) for c in fn.calls)


def _entry_condition(loop: Loop) -> str | None:
    """The C condition under which the ascending counted `for` loop runs at least once (`0 < m`), evaluated
    where the loop nest starts; None when its bounds are not plain expressions (a call: evaluated once more)."""
    if loop.kind != "for" or loop.step is None or loop.step <= 0 or loop.cond_text not in ("<", "<=", "!=") or \
            not loop.lower_text or not loop.upper_text or re.search(r"[A-Za-z_]\w*\s*\(|\+\+|--|[^=!<>]=[^=]",
                                                                   loop.lower_text + " " + loop.upper_text):
        return None
    if loop.canonical_condition:
        return f"({loop.lower_text}) < {loop.upper_text}"
    return f"({loop.lower_text}) {loop.cond_text} ({loop.upper_text})"


def _sums(body, elements: set[str]) -> bool:
    """The loop body is only updates `X += E`, `X -= E`, `X = X + E` or `X = E + X` of the elements X (squashed
    texts), no E naming any of them."""
    statements = [c for c in body.named_children if c.type != "comment"] if body.type == "compound_statement" \
        else [body]
    if not statements:
        return False
    for statement in statements:
        if statement.type != "expression_statement" or statement.named_child_count != 1 or \
                statement.named_children[0].type != "assignment_expression":
            return False
        update = statement.named_children[0]
        left, right = update.child_by_field_name("left"), update.child_by_field_name("right")
        operator = update.child_by_field_name("operator").text.decode()
        element = _squash(left.text.decode())
        if element not in elements:
            return False
        if operator == "=" and right.type == "binary_expression" and \
                right.child_by_field_name("operator").text == b"+":
            a, b = right.child_by_field_name("left"), right.child_by_field_name("right")
            if _squash(a.text.decode()) == element:
                right = b
            elif _squash(b.text.decode()) == element:
                right = a
            else:
                return False
        elif operator not in ("+=", "-="):
            return False
        if _names(right, elements):
            return False
    return True


def _names(node, elements: set[str]) -> bool:
    """Whether one of `elements` (squashed texts) occurs as an expression under `node`."""
    stack = [node]
    while stack:
        n = stack.pop()
        if _squash(n.text.decode()) in elements:
            return True
        stack.extend(n.named_children)
    return False
