"""Per-loop dependence analysis: graded verdicts with every blocking reason as a Finding.

Legality is decided here and only here. The rule is conservative: a loop is reported parallel only when
every access pair is proven independent (or is a recognised reduction or privatizable scalar), every
call is known to be free of side effects, and control cannot leave the loop early.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .affine import Affine
from .findings import Finding
from .ir import (
    EXIT_FUNCTIONS,
    HIDDEN_STATE_FUNCTIONS,
    IO_FUNCTIONS,
    MEMORY_WRITE_FUNCTIONS,
    PURE_FUNCTIONS,
    PURE_METHODS,
    Access,
    Function,
    Loop,
    Program,
)
from .subscripts import Bounds, test_pair

_WORD = re.compile(r"[A-Za-z_]\w*")

MUTATING_METHODS = frozenset("push_back pop_back emplace_back insert erase resize clear assign reserve "
                             "push_front pop_front emplace swap".split())
ASSERTABLE = {"S2P201", "S2P202", "S2P203", "S2P204", "S2P501", "S2P601"}


@dataclass(frozen=True)
class Reduction:
    var: str
    op: str
    kind: str = "scalar"  # scalar | array | minloc | maxloc
    index_var: str | None = None
    tie: str | None = None  # minloc/maxloc: "first" (strict comparison) or "last"
    index_value: str | None = None  # minloc/maxloc: the expression assigned to the index variable

    def to_dict(self) -> dict:
        data = {"var": self.var, "op": self.op, "kind": self.kind}
        if self.index_var:
            data["index_var"] = self.index_var
            data["tie"] = self.tie
        return data


@dataclass
class LoopAnalysis:
    loop: Loop
    verdict: str
    reductions: list[Reduction] = field(default_factory=list)
    private: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    assertions: list[str] = field(default_factory=list)
    read_only: list[str] = field(default_factory=list)
    written_arrays: list[str] = field(default_factory=list)
    read_arrays: list[str] = field(default_factory=list)

    @property
    def parallel(self) -> bool:
        return self.verdict != "sequential"


@dataclass
class Summary:
    """What a user function does to state visible to its caller."""

    writes_globals: set[str] = field(default_factory=set)
    reads_globals: set[str] = field(default_factory=set)
    writes_params: set[int] = field(default_factory=set)
    io: bool = False
    hidden_state: bool = False
    exits: bool = False
    unknown: set[str] = field(default_factory=set)


class ProgramAnalysis:
    """Analyses every loop of a Program; caches function summaries and per-loop access lists."""

    def __init__(self, program: Program) -> None:
        self.p = program
        self._summaries: dict[str, Summary] = {}
        self._call_sites: dict[str, list] | None = None

    # -- function summaries ---------------------------------------------------------------------------
    def summary(self, name: str, _active: frozenset[str] = frozenset()) -> Summary:
        if name in self._summaries:
            return self._summaries[name]
        fn = self.p.functions[name]
        s = Summary()
        if name in _active:  # recursion: be conservative about what we have not finished
            s.unknown.add(name)
            return s
        declared = {d[0] for d in fn.declarations}
        params = {p.name: p for p in fn.params}
        for acc in fn.accesses:
            if acc.name in declared:
                continue
            if acc.name in params:
                param = params[acc.name]
                if acc.is_write and (acc.subscripts is not None or param.is_reference):
                    s.writes_params.add(param.line)
            elif acc.name in self.p.globals or acc.name.split(".")[0] in self.p.globals:
                (s.writes_globals if acc.is_write else s.reads_globals).add(acc.name)
        for call in fn.calls:
            self._classify_into(call.name, call.method_of, s, _active | {name})
        self._summaries[name] = s
        return s

    def _classify_into(self, name: str, method_of: str | None, s: Summary, active: frozenset[str]) -> None:
        if method_of is not None:
            if name in PURE_METHODS:
                return
            s.unknown.add(f"{method_of}.{name}")
            return
        if name in PURE_FUNCTIONS:
            return
        if name in IO_FUNCTIONS:
            s.io = True
        elif name in HIDDEN_STATE_FUNCTIONS:
            s.hidden_state = True
        elif name in EXIT_FUNCTIONS:
            s.exits = True
        elif name in self.p.functions:
            inner = self.summary(name, active)
            s.writes_globals |= inner.writes_globals
            s.reads_globals |= inner.reads_globals
            s.io |= inner.io
            s.hidden_state |= inner.hidden_state
            s.exits |= inner.exits
            s.unknown |= inner.unknown
        elif name not in MEMORY_WRITE_FUNCTIONS:
            s.unknown.add(name)

    def call_sites(self) -> dict[str, list]:
        if self._call_sites is None:
            sites: dict[str, list] = {}
            for fn in self.p.functions.values():
                for call in fn.calls:
                    if call.method_of is None:
                        sites.setdefault(call.name, []).append((fn, call))
            self._call_sites = sites
        return self._call_sites

    # -- per loop --------------------------------------------------------------------------------------
    def analyze_function(self, fn: Function) -> list[LoopAnalysis]:
        by_loop: dict[int, list[Access]] = {loop.id: [] for loop in fn.loops}
        for acc in fn.accesses:
            for kind, ident in acc.ctx:
                if kind == "loop" and ident in by_loop:
                    by_loop[ident].append(acc)
        loops = {loop.id: loop for loop in fn.loops}
        return [_LoopAnalyzer(self, fn, loop, loops, by_loop[loop.id]).run() for loop in fn.loops]


class _LoopAnalyzer:
    def __init__(self, program_analysis: ProgramAnalysis, fn: Function, loop: Loop, loops: dict[int, Loop],
                 accesses: list[Access]) -> None:
        self.pa = program_analysis
        self.p = program_analysis.p
        self.fn = fn
        self.loop = loop
        self.loops = loops
        lo, hi = loop.body_orders
        self.body = [a for a in accesses if lo < a.order <= hi]
        self.findings: list[Finding] = []
        self.reductions: list[Reduction] = []
        self.private: list[str] = []
        self.read_only: list[str] = []
        self.tag = ("loop", loop.id)
        self.ancestors = self._ancestors()
        self.descendants = [lp for lp in fn.loops if self.tag in self._ctx_of_loop(lp)]
        self.declared_inside = {name for name, ctx, _ in fn.declarations if self.tag in ctx}
        if loop.index_declared and loop.var:
            self.declared_inside.add(loop.var)

    def _ctx_of_loop(self, lp: Loop) -> tuple:
        chain = []
        parent = lp.parent
        while parent is not None:
            chain.append(("loop", parent))
            parent = self.loops[parent].parent
        return tuple(reversed(chain))

    def _ancestors(self) -> list[Loop]:
        out = []
        parent = self.loop.parent
        while parent is not None:
            out.append(self.loops[parent])
            parent = self.loops[parent].parent
        return out

    def _relative(self, ctx) -> tuple:
        return ctx[ctx.index(self.tag) + 1:]

    def _add(self, code: str, message: str, line: int, column: int, vars=(), distance=None,
             related_line=None) -> None:
        key = (code, tuple(vars))
        if any((f.code, f.vars) == key for f in self.findings):
            return
        self.findings.append(Finding(code, message, line, column, tuple(vars), distance, related_line))

    # -- driver ---------------------------------------------------------------------------------------
    def run(self) -> LoopAnalysis:
        loop = self.loop
        if loop.not_countable:
            self._add("S2P402", f"not analyzable: {loop.not_countable}", loop.line, loop.column)
        else:
            self._header()
            self._scalars()
            self._arrays()
            self._aliasing()
            self._local_pointers()
        self._calls()
        self._jumps()
        assertions = self._apply_assertion()
        blocking = [f for f in self.findings if f.blocking]
        if blocking:
            verdict = "sequential"
        elif self.reductions:
            verdict = "parallel-reduction"
        elif self.private:
            verdict = "parallel-private"
        else:
            verdict = "parallel"
        arrays_written = sorted({a.name for a in self.body if a.subscripts is not None and a.is_write})
        arrays_read = sorted({a.name for a in self.body if a.subscripts is not None and a.is_read})
        self.findings.sort(key=lambda f: (f.line, f.column, f.code))
        return LoopAnalysis(loop, verdict, self.reductions, sorted(self.private), self.findings, assertions,
                            sorted(self.read_only), arrays_written, arrays_read)

    def _header(self) -> None:
        loop = self.loop
        for acc in self.body:
            if acc.subscripts is None and acc.is_write:
                if acc.name == loop.var and loop.kind != "range":
                    self._add("S2P403", f"loop index `{acc.name}` is assigned in the body", acc.line,
                              acc.column, (acc.name,))
                elif acc.name in loop.bound_symbols and acc.name not in self.declared_inside:
                    self._add("S2P403", f"loop bound `{acc.name}` is assigned in the body", acc.line,
                              acc.column, (acc.name,))

    # -- scalars --------------------------------------------------------------------------------------
    def _scalars(self) -> None:
        loop = self.loop
        by_name: dict[str, list[Access]] = {}
        for acc in self.body:
            if acc.subscripts is None and acc.name not in self.declared_inside and acc.name != loop.var:
                by_name.setdefault(acc.name, []).append(acc)
        handled: set[str] = set()
        for name, accs in by_name.items():
            if name in handled or name in self.p.functions:
                continue
            writes = [a for a in accs if a.is_write]
            if not writes:
                self.read_only.append(name)
                continue
            reduction = self._scalar_reduction(name, accs, by_name)
            if reduction is not None:
                self.reductions.append(reduction)
                if reduction.index_var:
                    handled.add(reduction.index_var)
                continue
            if any(a.reduction and a.reduction[0] == "index" for a in accs):
                # an index variable of a min/max-with-index whose value variable failed the check
                pass
            first = accs[0]
            if not any(a.is_read for a in accs):
                # only stored, never read in the loop: harmless unless the last value is used later
                if self._live_out(name):
                    self._add("S2P212", f"`{name}` is assigned in the loop and its last value is used after "
                              "it", first.line, first.column, (name,))
                else:
                    self.private.append(name)
                continue
            if self._assigned_before_read(accs):
                if self._live_out(name):
                    self._add("S2P212", f"`{name}` is assigned in the loop and its last value is used after "
                              "it", first.line, first.column, (name,))
                else:
                    self.private.append(name)
                continue
            updates = [a for a in writes if a.mode == "rw" and a.reduction and a.reduction[0] == "op"
                       and a.reduction[-1] == "step"]
            if updates and len(updates) == len(writes) and any(a.mode == "r" for a in accs):
                self._add("S2P213", f"`{name}` is incremented every iteration and used: induction variable",
                          updates[0].line, updates[0].column, (name,))
                continue
            read = next((a for a in accs if a.is_read), first)
            write = writes[0]
            self._add("S2P211", f"scalar `{name}` is read before it is written in an iteration "
                      f"(written at {write.line}:{write.column})", read.line, read.column, (name,),
                      related_line=write.line)

    def _assigned_before_read(self, accs: list[Access]) -> bool:
        """Every read of the scalar in an iteration follows a plain assignment that surely ran: one in an
        enclosing construct of the read (e.g. the header of the inner loop that uses an index declared
        outside), or one in each branch of an if/else that encloses neither."""
        covered: set[tuple] = set()
        partners = self.fn.if_partners
        for acc in accs:
            rel = self._relative(acc.ctx)
            if acc.is_read and not any(rel[:len(c)] == c for c in covered):
                return False
            if acc.mode == "w":
                covered.add(rel)
                while rel and rel[-1][0] == "if" and partners.get(rel[-1][1]) is not None:
                    other = rel[:-1] + (("if", partners[rel[-1][1]]),)
                    if not any(other[:len(c)] == c for c in covered):
                        break
                    rel = rel[:-1]
                    covered.add(rel)
        return True

    def _scalar_reduction(self, name: str, accs: list[Access], by_name) -> Reduction | None:
        tags = [a.reduction for a in accs]
        if any(t is None for t in tags):
            return None
        ops = set()
        minloc_tags = []
        for t in tags:
            if t[0] == "op":
                ops.add(t[1])
            elif t[0] == "minmax":
                if t[1] in ("minloc", "maxloc"):
                    minloc_tags.append(t)
                    ops.add(t[1][:3])
                else:
                    ops.add(t[1])
            else:
                return None
        if len(ops) != 1:
            return None
        op = ops.pop()
        if not minloc_tags:
            return Reduction(name, op)
        if len(minloc_tags) != len(tags):
            return None
        index_vars = set(minloc_tags[0][3])
        if any(set(t[3]) != index_vars for t in minloc_tags) or len(index_vars) != 1:
            return None
        index_var = next(iter(index_vars))
        if index_var in self.declared_inside:
            return None
        tag_ids = {t[2] for t in minloc_tags}
        for acc in by_name.get(index_var, []):
            if not (acc.reduction and acc.reduction[0] == "index" and acc.reduction[2] in tag_ids):
                return None
        strict = all(t[4] for t in minloc_tags)
        values = {t[5][t[3].index(index_var)] for t in minloc_tags}
        value = values.pop() if len(values) == 1 else None
        return Reduction(name, op, op + "loc", index_var, "first" if strict else "last", value)

    def _live_out(self, name: str) -> bool:
        var = self.fn.locals.get(name)
        param = self.fn.param(name)
        if var is None and param is None:
            return True  # a global (or unknown): visible after the function returns
        if param is not None and param.is_reference:
            return True
        later = [a for a in self.fn.accesses if a.name == name and a.order > self.loop.last_order]
        if later:
            first = later[0]
            if first.mode != "w":
                return True
            enclosing = set(self._ctx_of_loop(self.loop))
            return any(kind in ("if", "switch") and (kind, ident) not in enclosing
                       for kind, ident in first.ctx)
        for outer in self.ancestors:
            before = [a for a in self.fn.accesses if a.name == name
                      and outer.first_order < a.order < self.loop.first_order]
            if before:
                return before[0].mode != "w"
        return False

    # -- arrays ---------------------------------------------------------------------------------------
    def _stride_substitution(self, bounds: Bounds):
        """For `for (i = c; i < n; i += s)` with s > 1, test in the iteration number k (i = c + s*k), so
        that `a[i]` vs `a[i+1]` with s = 2 is seen to never meet. Updates `bounds` for the index."""
        loop = self.loop
        if not loop.step or loop.step <= 1 or loop.lower is None or not loop.lower.is_constant():
            return lambda subs: subs
        value = Affine.const(loop.lower.constant) + Affine.var(loop.var).scale(loop.step)
        last = None
        if loop.upper is not None and loop.upper.is_constant():
            last = Affine.const((loop.upper.constant - loop.lower.constant - 1) // loop.step)
        bounds[loop.var] = (Affine.const(0), last)

        def substitute(subs):
            if subs is None:
                return None
            out = tuple(sub.substitute(loop.var, value) for sub in subs)
            return None if any(sub is None for sub in out) else out

        return substitute

    def _bounds(self) -> Bounds:
        bounds: Bounds = {}
        for lp in [self.loop, *self.ancestors, *self.descendants]:
            if lp.var and lp.lower is not None and lp.upper is not None:
                bounds[lp.var] = (lp.lower, lp.upper - Affine.const(1))
            elif lp.var:
                bounds[lp.var] = (lp.lower, None)
        return bounds

    def _arrays(self) -> None:
        by_name: dict[str, list[Access]] = {}
        for acc in self.body:
            if acc.subscripts is not None and acc.name not in self.declared_inside:
                by_name.setdefault(acc.name, []).append(acc)
        if not by_name:
            return
        self._written_arrays = {a.name for a in self.body if a.subscripts is not None and a.is_write}
        written_scalars = {a.name for a in self.body if a.subscripts is None and a.is_write}
        written_scalars -= {lp.var for lp in self.descendants if lp.var}
        inner_vars = {lp.var for lp in self.descendants if lp.var}
        outer_vars = {lp.var for lp in self.ancestors if lp.var}
        bounds = self._bounds()
        stride = self._stride_substitution(bounds)
        tested: dict = {}
        for name, accs in by_name.items():
            writes = [a for a in accs if a.is_write]
            if not writes:
                continue
            conflicts: list[tuple[str, Access, Access, int | None]] = []
            for w in writes:
                if w.unanalyzable:
                    conflicts.append(("S2P601", w, w, None))
                    continue
                w_subs = stride(self._usable(w, written_scalars))
                if w_subs is None:
                    conflicts.append(("S2P204", w, w, None))
                    continue
                for x in accs:
                    if x.unanalyzable:
                        continue
                    x_subs = stride(self._usable(x, written_scalars))
                    if x_subs is None:
                        conflicts.append(("S2P201" if not x.is_write else "S2P204", w, x, None))
                        continue
                    key = (w_subs, x_subs)
                    if key not in tested:
                        tested[key] = test_pair(w_subs, x_subs, self.loop.var, inner_vars, outer_vars, bounds)
                    dep = tested[key]
                    if dep is None:
                        continue
                    directions = dep.directions
                    if (self.loop.step or 1) < 0:  # iterations run from high to low index values
                        directions = frozenset({"<": ">", ">": "<"}[d] for d in directions)
                    if x.is_write:
                        conflicts.append(("S2P203", w, x, dep.distance))
                    elif directions == frozenset(">"):
                        conflicts.append(("S2P202", w, x, dep.distance))
                    else:
                        conflicts.append(("S2P201", w, x, dep.distance))
            if not conflicts:
                continue
            if self._array_reduction(name, accs):
                continue
            for code, w, x, distance in conflicts:
                self._array_finding(code, name, w, x, distance)

    def _usable(self, acc: Access, written_scalars: set[str]):
        """Subscripts usable by the tests, or None when any is non-affine or uses a variant symbol.

        A non-affine subscript that depends on nothing this loop changes (`sum[label[p]][d]` inside the
        `d` loop) is the same value in every iteration: it becomes an opaque symbol named by its text.
        """
        variant = written_scalars | self._written_arrays | {lp.var for lp in self.descendants if lp.var}
        if self.loop.var:
            variant.add(self.loop.var)
        subs = []
        for sub, text in zip(acc.subscripts, acc.texts, strict=False):
            if sub is None:
                if set(_WORD.findall(text)) & variant:
                    return None
                sub = Affine.var(f"<{text.replace(' ', '')}>")
            elif sub.symbols() & written_scalars:
                return None
            subs.append(sub)
        return tuple(subs)

    def _array_reduction(self, name: str, accs: list[Access]) -> bool:
        tags = [a.reduction for a in accs]
        if any(t is None or t[0] != "op" for t in tags):
            return False
        ops = {t[1] for t in tags}
        if len(ops) != 1:
            return False
        self.reductions.append(Reduction(name, ops.pop(), "array"))
        return True

    def _array_finding(self, code: str, name: str, w: Access, x: Access, distance: int | None) -> None:
        ref = f"{name}[{']['.join(w.texts)}]"
        other = f"{name}[{']['.join(x.texts)}]"
        dist = f"distance {abs(distance)}" if distance is not None else "distance unknown"
        if code == "S2P201":
            msg = f"flow dependence on {other} ({dist}, written at {w.line}:{w.column} as {ref})"
            line, col, related = x.line, x.column, w.line
        elif code == "S2P202":
            msg = f"anti dependence on {other} ({dist}, overwritten at {w.line}:{w.column} as {ref})"
            line, col, related = x.line, x.column, w.line
        elif code == "S2P203":
            msg = f"output dependence on {ref}: several iterations write the same element ({dist})"
            line, col, related = w.line, w.column, x.line
        elif code == "S2P204":
            msg = f"write to {ref} through a non-affine or indirect subscript"
            line, col, related = w.line, w.column, None
        else:
            msg = f"write through a computed pointer `{w.texts[0] if w.texts else name}`"
            line, col, related = w.line, w.column, None
        self._add(code, msg, line, col, (name,), abs(distance) if distance is not None else None, related)

    # -- aliasing -------------------------------------------------------------------------------------
    def _aliasing(self) -> None:
        pointer_like = {p.name: p for p in self.fn.params if p.is_pointer or p.is_array or p.is_reference}
        used: dict[str, Access] = {}
        written: set[str] = set()
        for acc in self.body:
            if acc.name in pointer_like and acc.subscripts is not None and acc.name not in self.declared_inside:
                used.setdefault(acc.name, acc)
                if acc.is_write:
                    written.add(acc.name)
        for p in sorted(written):
            for q in sorted(used):
                if q == p:
                    continue
                if pointer_like[p].restrict or pointer_like[q].restrict:
                    continue
                if self._distinct_at_call_sites(pointer_like[p].line, pointer_like[q].line):
                    continue
                if self._same_object_safe(p, q):
                    continue
                acc = used[p]
                pair = tuple(sorted((p, q)))
                self._add("S2P501", f"`{p}` and `{q}` are pointer parameters that may alias (no `restrict`, "
                          "and not every call passes distinct arrays)", acc.line, acc.column, pair)

    def _local_pointers(self) -> None:
        """Local pointers get their own storage only from an allocation; a pointer copied or offset from
        another (`double *p = a + 1;`) may overlap whatever it came from. Pointer swaps between two
        allocations (`t = u; u = un; un = t;`) keep them distinct."""
        fn = self.fn
        used: dict[str, Access] = {}
        written: set[str] = set()
        for acc in self.body:
            if acc.subscripts is not None and acc.name not in self.declared_inside:
                used.setdefault(acc.name, acc)
                if acc.is_write:
                    written.add(acc.name)

        def own_storage(name: str) -> bool:
            var = fn.locals.get(name)
            if var is None:
                return fn.param(name) is None  # a global array is its own object
            if not var.is_pointer:
                return True  # a local array or container
            copies = [src for src in fn.assigned_from.get(name, []) if (name, src) not in fn.swaps]
            return var.allocated and not copies

        for p in sorted(written):
            for q in sorted(used):
                if q == p:
                    continue
                local = [n for n in (p, q) if n in fn.locals and fn.locals[n].is_pointer]
                if not local or any(fn.locals[n].restrict for n in local):
                    continue
                if own_storage(p) and own_storage(q):
                    continue
                if fn.param(p) is not None and fn.param(q) is not None:
                    continue  # two parameters: the parameter rule above decides
                suspect = next(n for n in (p, q) if not own_storage(n))
                sources = ", ".join(fn.assigned_from.get(suspect, [])) or "a pointer of unknown origin"
                acc = used[p]
                self._add("S2P501", f"`{suspect}` is a pointer set from {sources}: `{p}` and `{q}` may overlap",
                          acc.line, acc.column, tuple(sorted((p, q))))

    def _same_object_safe(self, p: str, q: str) -> bool:
        """Two references to containers are either one object or two disjoint ones (no partial
        overlap as with pointers): safe when the accesses would be independent in one array."""
        params = {x.name: x for x in self.fn.params}
        if not (params[p].is_reference and params[q].is_reference):
            return False
        inner = {lp.var for lp in self.descendants if lp.var}
        outer = {lp.var for lp in self.ancestors if lp.var}
        bounds = self._bounds()
        writes = [a for a in self.body if a.name == p and a.is_write and a.subscripts is not None]
        others = [a for a in self.body if a.name == q and a.subscripts is not None]
        for w in writes:
            for x in others:
                if w.subscripts is None or x.subscripts is None or None in w.subscripts or None in x.subscripts:
                    return False
                if test_pair(w.subscripts, x.subscripts, self.loop.var, inner, outer, bounds) is not None:
                    return False
        return True

    def _distinct_at_call_sites(self, pos_p: int, pos_q: int) -> bool:
        sites = self.pa.call_sites().get(self.fn.name, [])
        if not sites:
            return False
        for caller, call in sites:
            if max(pos_p, pos_q) >= len(call.args):
                return False
            a, b = call.args[pos_p], call.args[pos_q]
            if a.type != "identifier" or b.type != "identifier":
                return False
            na, nb = a.text.decode(), b.text.decode()
            if na == nb or not self._is_object(caller, na) or not self._is_object(caller, nb):
                return False
        return True

    def _is_object(self, caller: Function, name: str) -> bool:
        """`name` denotes its own storage (array, vector, fresh allocation), not a borrowed pointer."""
        var = caller.locals.get(name) or (None if caller.param(name) else self.p.globals.get(name))
        if var is None:
            return False
        if var.is_array or var.allocated:
            return True
        if not var.is_pointer and not var.is_reference:
            return True  # a container object such as std::vector<double> v
        return False

    # -- calls and control flow -----------------------------------------------------------------------
    def _calls(self) -> None:
        lo, hi = self.loop.body_orders
        written = {a.name for a in self.body if a.is_write}
        for call in self.fn.calls:
            if self.tag not in call.ctx or not (lo < call.order <= hi):
                continue
            name = call.name
            where = (call.line, call.column)
            if call.method_of is not None:
                if name in PURE_METHODS:
                    continue
                code = "S2P302" if name in MUTATING_METHODS else "S2P301"
                self._add(code, f"call to `{call.method_of}.{name}()` may modify `{call.method_of}`", *where,
                          (call.method_of,))
                continue
            if name in PURE_FUNCTIONS:
                continue
            if name in IO_FUNCTIONS:
                self._add("S2P303", f"I/O call `{name}` in the loop body", *where, (name,))
            elif name in HIDDEN_STATE_FUNCTIONS:
                self._add("S2P302", f"`{name}` keeps hidden state between calls", *where, (name,))
            elif name in EXIT_FUNCTIONS:
                self._add("S2P401", f"`{name}` leaves the loop (and the program)", *where, (name,))
            elif name in MEMORY_WRITE_FUNCTIONS:
                target = call.arg_texts[0] if call.arg_texts else "?"
                self._add("S2P302", f"`{name}` writes memory through `{target}`", *where, (target,))
            elif name in self.p.functions:
                s = self.pa.summary(name)
                if s.io:
                    self._add("S2P303", f"`{name}` performs I/O", *where, (name,))
                if s.exits:
                    self._add("S2P401", f"`{name}` may exit the program", *where, (name,))
                if s.hidden_state:
                    self._add("S2P302", f"`{name}` uses a function with hidden state (rand, ...)", *where,
                              (name,))
                if s.writes_globals:
                    globs = tuple(sorted(s.writes_globals))
                    self._add("S2P302", f"`{name}` writes global state: {', '.join(globs)}", *where, globs)
                if s.writes_params:
                    args = tuple(call.arg_texts[i] for i in sorted(s.writes_params) if i < len(call.arg_texts))
                    self._add("S2P302", f"`{name}` writes through its argument(s) {', '.join(args)}", *where,
                              args)
                if s.unknown:
                    unknown = tuple(sorted(s.unknown))
                    self._add("S2P301", f"`{name}` calls function(s) with unknown effects: "
                              f"{', '.join(unknown)}", *where, unknown)
                shared = s.reads_globals & written
                if shared:
                    self._add("S2P302", f"`{name}` reads {', '.join(sorted(shared))}, which the loop writes",
                              *where, tuple(sorted(shared)))
            else:
                self._add("S2P301", f"call to `{name}`, whose effects are unknown", *where, (name,))

    def _jumps(self) -> None:
        for jump in self.fn.jumps:
            if self.tag not in jump.ctx:
                continue
            rel = self._relative(jump.ctx)
            if jump.kind == "continue":
                continue
            if jump.kind == "break" and any(kind in ("loop", "switch") for kind, _ in rel):
                continue
            self._add("S2P401", f"`{jump.kind}` leaves the loop early", jump.line, jump.column, (jump.kind,))

    def _apply_assertion(self) -> list[str]:
        names = self.loop.assertion
        if names is None:
            return []
        kept, used = [], set()
        for f in self.findings:
            if f.code in ASSERTABLE and (not names or set(f.vars) & set(names)):
                used |= set(f.vars) if names else set(f.vars) or {"*"}
                continue
            kept.append(f)
        self.findings = kept
        if used:
            listed = sorted(used)
            self._add("S2P502", f"assertion `independent({', '.join(names)})` used for "
                      f"{', '.join(listed)}", self.loop.line, self.loop.column, tuple(listed))
            return listed
        return []
