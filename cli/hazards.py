"""Hazards in code that is already parallel, and opportunities in code that is not.

`seq2par check`, the pre-commit hook and the LSP server share this module. It reads the analysis
(`seq2par.analyzers`) and adds what the analysis does not model, the parallel annotations themselves:

- an OpenMP worksharing loop (`#pragma omp parallel for`, `omp for`, `parallel for simd`, ... with
  clauses) whose loop carries a dependence (S2P701) or cannot be proven independent (S2P706), a scalar
  that each iteration writes but the clauses leave shared (S2P702), an accumulation without a
  `reduction` clause (S2P703) or with the wrong operator (S2P705);
- a CUDA `__global__` kernel in which several threads write the same element without atomics (S2P704);
- a legal outermost loop with enough work that nothing parallelizes yet (S2P801, a note).

The judgement of a loop is the analysis's own: this module only compares it with what the pragma
promises. CUDA sources are parsed after blanking the CUDA keywords and launch brackets with text of the
same length, so every line and column stays where it was.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from seq2par.analyzers import FileReport, Finding, analyze_source
from seq2par.analyzers.findings import RULES, Rule
from seq2par.analyzers.frontend import function_declarator

CUDA_SUFFIXES = {".cu", ".cuh"}

_HAZARD_RULES = [
    Rule("S2P701", "racy-parallel-loop", "parallel loop carries a dependence", True,
         "remove the parallel pragma, or restructure the loop (see the dependence's own remedy)",
         "An OpenMP worksharing directive (`parallel for`, `for`, `parallel for simd`, ...) runs the "
         "iterations of this loop concurrently, but the analysis proves that an iteration uses a value "
         "another iteration writes (a flow, anti or output dependence, a carried scalar, an induction "
         "variable or a live-out value not covered by `lastprivate`). The parallel program's result "
         "depends on the schedule."),
    Rule("S2P702", "missing-private", "scalar written by every iteration is shared", True,
         "add the variable to a `private(...)` clause, or declare it inside the loop body",
         "Each iteration writes this scalar before reading it, so it is a per-iteration temporary. It is "
         "declared outside the parallel loop and not listed in `private`, `firstprivate`, `lastprivate` or "
         "`linear`, so OpenMP makes it shared: threads overwrite each other's value (a data race). In C "
         "and C++ this includes the index variables of inner loops declared outside the parallel loop."),
    Rule("S2P703", "missing-reduction", "accumulation without a reduction clause", True,
         "add `reduction(op:var)` to the pragma (or protect the update with `#pragma omp atomic`)",
         "The loop accumulates into a variable declared outside it (`sum += ...`, a min/max, a histogram "
         "`h[k] += ...`). Without a `reduction` clause every thread updates the shared variable at once "
         "and updates are lost. A `private` clause is no fix either: the partial results are discarded. "
         "A min/max-with-index (minloc) has no OpenMP reduction operator: use a user-defined reduction or "
         "a critical section."),
    Rule("S2P704", "racy-cuda-write", "several CUDA threads write the same element", True,
         "index the write by the thread (e.g. blockIdx.x * blockDim.x + threadIdx.x), guard it so that "
         "one thread writes, or use atomicAdd / a block reduction",
         "In a `__global__` kernel, this write's address does not depend on the thread (or only on the "
         "block), so several threads write the same memory location without atomics: a data race whose "
         "result depends on scheduling. `__shared__` memory is per block, so there only the threads of "
         "one block count."),
    Rule("S2P705", "wrong-reduction-operator", "reduction clause uses the wrong operator", True,
         "use the operator that the loop applies (the message names it)",
         "The `reduction(op:var)` clause combines the threads' partial results with `op`, but the loop "
         "body accumulates with a different operator, so the combined value is wrong."),
    Rule("S2P706", "unproven-parallel-loop", "parallel loop's independence cannot be proven", False,
         "check the reason; if the loop is safe, say so with `// seq2par: independent(...)` or suppress "
         "with `// seq2par: ignore S2P706`",
         "An OpenMP worksharing directive runs this loop's iterations concurrently, and the analysis "
         "cannot prove that they are independent: an indirect write, a call with unknown or global side "
         "effects, I/O whose order changes, or an early exit. This may be fine; it is reported as a "
         "warning, not an error. (Possibly aliased pointer parameters are not reported: the pragma "
         "asserts that they do not overlap, as `// seq2par: independent(...)` would.)"),
    Rule("S2P801", "opportunity", "loop can run in parallel", False,
         "add the suggested `#pragma omp parallel for`, or run `seq2par parallelize` (MPI/CUDA)",
         "The analysis proves this outermost loop's iterations independent (possibly with reductions or "
         "private scalars) and it has enough work (an inner loop, or at least 1000 or an unknown number "
         "of iterations). Nothing parallelizes it yet. This is a note: it never fails a check unless "
         "`fail-on-opportunities = true`."),
]

HAZARD_RULES: dict[str, Rule] = {rule.code: rule for rule in _HAZARD_RULES}
ALL_RULES: dict[str, Rule] = {**RULES, **HAZARD_RULES}

# Finding codes of the analysis that *prove* a carried dependence (S2P701) rather than failing to prove
# independence (S2P706).
PROVEN_DEPENDENCE = frozenset({"S2P201", "S2P202", "S2P203", "S2P211", "S2P212", "S2P213", "S2P403"})

# What a parallel pragma asserts, as `// seq2par: independent(p, q)` would: that pointer parameters do not
# overlap. Reporting S2P706 for every OpenMP loop over pointer parameters would be noise.
ASSERTED_BY_PRAGMA = frozenset({"S2P501"})

DEFAULT_SEVERITY: dict[str, str] = {
    "S2P701": "error", "S2P702": "error", "S2P703": "error", "S2P704": "error", "S2P705": "error",
    "S2P706": "warning", "S2P801": "note", "S2P100": "warning",
}

OPPORTUNITY_MIN_TRIP_COUNT = 1000


@dataclass(frozen=True)
class Hazard(Finding):
    """A Finding of `check`: same fields and shape as the analysis's Finding, codes from ALL_RULES.

    `function` names the function; `loop_line` the header line of the loop concerned (None for CUDA
    writes); `directive_line` the line of the OpenMP pragma (None when there is none).
    """

    function: str = ""
    loop_line: int | None = None
    directive_line: int | None = None

    @property
    def rule(self) -> Rule:
        return ALL_RULES[self.code]

    def to_dict(self) -> dict:
        data = super().to_dict()
        if data.get("loop_line") is None:
            data.pop("loop_line", None)
        if data.get("directive_line") is None:
            data.pop("directive_line", None)
        return data


# -- CUDA sources --------------------------------------------------------------------------------------

_CUDA_KEYWORDS = re.compile(
    rb"\b(__global__|__device__|__host__|__shared__|__constant__|__managed__|__forceinline__|__noinline__"
    rb"|__launch_bounds__\s*\([^()]*\))")
_LAUNCH = re.compile(rb"<<<(.*?)>>>", re.S)


@dataclass(frozen=True)
class CudaMarks:
    """Where the blanked CUDA keywords were (byte offsets), so kernels can be found after parsing."""

    globals_at: tuple[int, ...] = ()  # offsets of `__global__`
    device_at: tuple[int, ...] = ()  # offsets of `__device__` (functions or variables)
    shared_at: tuple[int, ...] = ()  # offsets of `__shared__`


def is_cuda_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() in CUDA_SUFFIXES


def blank_cuda(source: bytes) -> tuple[bytes, CudaMarks]:
    """CUDA source → C++ that tree-sitter parses, byte for byte at the same offsets.

    Keywords become spaces; `k<<<grid, block>>>(args)` becomes `k/* grid, block */(args)`, a plain call.
    """
    marks: dict[bytes, list[int]] = {b"__global__": [], b"__device__": [], b"__shared__": []}
    out = bytearray(source)
    for match in _CUDA_KEYWORDS.finditer(source):
        word = match.group(1)
        if word in marks:
            marks[word].append(match.start())
        out[match.start():match.end()] = re.sub(rb"[^\n]", b" ", word)
    for match in _LAUNCH.finditer(source):
        if b"*/" in match.group(1):
            continue
        out[match.start():match.start() + 3] = b"/* "
        out[match.end() - 3:match.end()] = b" */"
    return bytes(out), CudaMarks(tuple(marks[b"__global__"]), tuple(marks[b"__device__"]),
                                 tuple(marks[b"__shared__"]))


@dataclass
class CheckedSource:
    """A FileReport plus what `check` needs beyond it (CUDA marks, the original text's lines)."""

    report: FileReport
    cuda: CudaMarks | None = None
    lines: list[str] = field(default_factory=list)


def analyze_for_check(code: str | bytes, path: str | Path = "snippet.c", *, flags: Iterable[str] = (),
                      use_libclang: bool = False) -> CheckedSource:
    """Analyze a source text for `check`: CUDA files are blanked first (see `blank_cuda`).

    Never raises on syntax errors (they are S2P100 findings of the report).
    """
    source = code.encode() if isinstance(code, str) else code
    cuda = None
    language = None
    if is_cuda_path(path):
        source, cuda = blank_cuda(source)
        language = "cpp"
        use_libclang = False  # libclang would need the CUDA headers
    report = analyze_source(source, str(path), flags, use_libclang=use_libclang, language=language)
    original = code if isinstance(code, str) else code.decode("utf-8", "replace")
    return CheckedSource(report, cuda, original.splitlines())


# -- tree helpers ----------------------------------------------------------------------------------------

def _text(report: FileReport, node) -> str:
    return report.program.source[node.start_byte:node.end_byte].decode("utf-8", "replace")


def _walk(node) -> Iterator:
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def _previous_statement_sibling(node):
    """The sibling before `node`, skipping comments (a pragma applies to the statement after it)."""
    prev = node.prev_named_sibling
    while prev is not None and prev.type == "comment":
        prev = prev.prev_named_sibling
    return prev


def _next_statement_sibling(node):
    nxt = node.next_named_sibling
    while nxt is not None and nxt.type in ("comment", "preproc_call"):
        nxt = nxt.next_named_sibling
    return nxt


# -- OpenMP directives -------------------------------------------------------------------------------------

_DIRECTIVE_WORDS = frozenset("""
parallel for simd target teams distribute taskloop loop atomic critical ordered single master masked
sections section task taskwait taskgroup barrier flush declare threadprivate update capture read write
""".split())
_LOOP_WORDS = frozenset({"for", "loop", "taskloop", "distribute"})
_PROTECTING_WORDS = frozenset({"atomic", "critical", "ordered"})
_PRIVATE_CLAUSES = frozenset({"private", "firstprivate", "lastprivate", "linear"})
# OpenMP reduction operators per analysis operator ("+" covers `s -= x`: OpenMP's `-` also sums).
_COMPATIBLE_OPS = {"+": {"+", "-"}, "*": {"*"}, "min": {"min"}, "max": {"max"}, "&": {"&"}, "|": {"|"},
                   "^": {"^"}, "&&": {"&&"}, "||": {"||"}}
_BUILTIN_OPS = frozenset({"+", "-", "*", "&", "|", "^", "&&", "||", "min", "max"})
_COMMENT = re.compile(r"//[^\n]*|/\*.*?\*/", re.S)
_IDENT = re.compile(r"[A-Za-z_]\w*")


@dataclass(frozen=True)
class OmpDirective:
    """One `#pragma omp ...` line: its directive words and its clauses (name, argument text)."""

    line: int
    column: int
    words: tuple[str, ...]
    clauses: tuple[tuple[str, str], ...]

    @property
    def is_loop(self) -> bool:
        return bool(_LOOP_WORDS & set(self.words)) and self.words[0] not in _PROTECTING_WORDS

    @property
    def is_parallel_region(self) -> bool:
        return self.words[:1] == ("parallel",) and not self.is_loop and "sections" not in self.words

    @property
    def protects(self) -> bool:
        return self.words[0] in _PROTECTING_WORDS

    @property
    def label(self) -> str:
        return "#pragma omp " + " ".join(self.words)

    def names(self, *clause_names: str) -> set[str]:
        """Variables listed in the given clauses (array sections `a[:n]` give `a`)."""
        out: set[str] = set()
        for name, arg in self.clauses:
            if name not in clause_names:
                continue
            if name == "reduction":
                arg = arg.split(":", 1)[1] if ":" in arg else ""
            elif name in ("lastprivate", "linear") and ":" in arg:
                head, _, tail = arg.partition(":")
                # `lastprivate(conditional: x)` names after the colon; `linear(x: 2)` before it.
                arg = tail if name == "lastprivate" else head
            out |= _list_items(arg)
        return out

    def reductions(self) -> dict[str, str]:
        """var → OpenMP reduction operator (the last modifier-free part before the colon)."""
        out: dict[str, str] = {}
        for name, arg in self.clauses:
            if name != "reduction" or ":" not in arg:
                continue
            head, _, items = arg.partition(":")
            op = head.split(",")[-1].strip()
            for var in _list_items(items):
                out[var] = op
        return out

    def collapse(self) -> int:
        for name, arg in self.clauses:
            if name == "collapse":
                try:
                    return max(1, int(arg.strip()))
                except ValueError:
                    return 1
        return 1


def _list_items(text: str) -> set[str]:
    out = set()
    for item in _split_top_level(text):
        item = re.sub(r"\[.*", "", item).strip().lstrip("*&").strip()
        match = _IDENT.match(item)
        if match:
            out.add(match.group(0))
    return out


def _split_top_level(text: str) -> list[str]:
    parts, depth, current = [], 0, []
    for ch in text:
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    return [p for p in (p.strip() for p in parts) if p]


def parse_omp(text: str, line: int = 0, column: int = 0) -> OmpDirective | None:
    """Parse the text after `#pragma` (`omp parallel for private(t) reduction(+:s)`); None if not OpenMP."""
    text = _COMMENT.sub(" ", text.replace("\\\n", " ").replace("\\\r\n", " ")).strip()
    if not text.startswith("omp") or (len(text) > 3 and not text[3].isspace()):
        return None
    pos, words, clauses = 3, [], []
    while pos < len(text):
        while pos < len(text) and (text[pos].isspace() or text[pos] == ","):
            pos += 1
        match = _IDENT.match(text, pos)
        if not match:
            pos += 1
            continue
        name = match.group(0)
        pos = match.end()
        while pos < len(text) and text[pos].isspace():
            pos += 1
        arg = None
        if pos < len(text) and text[pos] == "(":
            depth, start = 0, pos
            while pos < len(text):
                if text[pos] == "(":
                    depth += 1
                elif text[pos] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                pos += 1
            arg = text[start + 1:pos]
            pos += 1
        if arg is None and not clauses and name in _DIRECTIVE_WORDS:
            words.append(name)
        elif not words and name in _DIRECTIVE_WORDS:  # `critical(name)`: a directive with an argument
            words.append(name)
        else:
            clauses.append((name, arg or ""))
    if not words:
        return None
    return OmpDirective(line, column, tuple(words), tuple(clauses))


def _directive_of(report: FileReport, node) -> OmpDirective | None:
    """The OpenMP directive on the line(s) before `node`, if any."""
    prev = _previous_statement_sibling(node)
    if prev is None or prev.type != "preproc_call":
        return None
    directive = prev.child_by_field_name("directive")
    argument = prev.child_by_field_name("argument")
    if directive is None or argument is None or _text(report, directive) != "#pragma":
        return None
    return parse_omp(_text(report, argument), prev.start_point[0] + 1, prev.start_point[1] + 1)


def _annotated(report: FileReport, node) -> bool:
    """Whether a `#pragma omp ...` or `#pragma acc ...` line stands right before `node`."""
    prev = _previous_statement_sibling(node)
    if prev is None or prev.type != "preproc_call":
        return False
    argument = prev.child_by_field_name("argument")
    words = _text(report, argument).split() if argument is not None else []
    return bool(words) and words[0] in ("omp", "acc")


def _protected_lines(report: FileReport, loop_node) -> set[int]:
    """Lines of statements under `#pragma omp atomic|critical|ordered` inside the loop."""
    lines: set[int] = set()
    for node in _walk(loop_node):
        if node.type != "preproc_call":
            continue
        argument = node.child_by_field_name("argument")
        omp = parse_omp(_text(report, argument), 0, 0) if argument is not None else None
        if omp is None or not omp.protects:
            continue
        statement = _next_statement_sibling(node)
        if statement is not None:
            lines.update(range(statement.start_point[0] + 1, statement.end_point[0] + 2))
    return lines


@dataclass
class _Region:
    """What an enclosing `#pragma omp parallel` region makes private to each thread."""

    private: set[str] = field(default_factory=set)
    reductions: dict[str, str] = field(default_factory=dict)
    declared: set[str] = field(default_factory=set)
    found: bool = False


def _enclosing_region(report: FileReport, loop_node) -> _Region:
    region = _Region()
    node = loop_node.parent
    while node is not None and node.type not in ("function_definition", "translation_unit"):
        omp = _directive_of(report, node) if node.prev_named_sibling is not None else None
        if omp is not None and omp.is_parallel_region:
            region.found = True
            region.private |= omp.names("private", "firstprivate")
            region.reductions.update(omp.reductions())
            region.declared |= _declared_outside(node, loop_node, report)
        node = node.parent
    return region


def _declared_outside(region_node, loop_node, report: FileReport) -> set[str]:
    """Names declared inside `region_node` but not inside `loop_node`."""
    out = set()
    for node in _walk(region_node):
        if node.type != "declaration" or loop_node.start_byte <= node.start_byte < loop_node.end_byte:
            continue
        for child in node.named_children:
            name = _declarator_name(child, report)
            if name:
                out.add(name)
    return out


def _declarator_name(node, report: FileReport) -> str | None:
    while node is not None and node.type not in ("identifier", "field_identifier"):
        if node.type in ("primitive_type", "type_identifier", "sized_type_specifier", "storage_class_specifier",
                         "type_qualifier", "struct_specifier", "qualified_identifier", "template_type"):
            return None
        node = node.child_by_field_name("declarator")
    return _text(report, node) if node is not None else None


# -- the checks ---------------------------------------------------------------------------------------

def find_hazards(checked: CheckedSource, *, min_trip_count: int = OPPORTUNITY_MIN_TRIP_COUNT,
                 functions: set[str] | None = None) -> list[Hazard]:
    """Every hazard and opportunity of one analyzed file, sorted by position.

    `functions` restricts the result to loops and kernels of those functions (the LSP server uses it to
    recheck only what an edit can have changed).
    """
    report = checked.report
    out: list[Hazard] = []
    kernels, device_functions = _cuda_functions(checked)
    parallel_loops: set[int] = set()  # loops under a parallel annotation (no opportunity notes there)
    for loop in report.loops:
        if functions is not None and loop.function not in functions:
            continue
        if loop.function in kernels or loop.function in device_functions:
            parallel_loops.add(loop.id)
            continue
        node = report.analyses[loop.id].loop.node
        omp = _directive_of(report, node)
        if omp is not None and omp.is_loop:
            out.extend(_check_omp_loop(report, loop, node, omp))
            parallel_loops.add(loop.id)
        elif omp is not None or _annotated(report, node) or _enclosing_region(report, node).found:
            parallel_loops.add(loop.id)  # simd, OpenACC, a loop in a parallel region: no note
    out.extend(_opportunities(report, parallel_loops, min_trip_count, functions))
    for name, node in kernels.items():
        if functions is None or name in functions:
            out.extend(_check_kernel(checked, name, node))
    out.sort(key=lambda h: (h.line, h.column, h.code))
    return out


def _associated_loops(report: FileReport, loop, count: int) -> list:
    """The loop and the `collapse(count)` loops nested in it."""
    loops = [loop]
    by_parent = {}
    for other in report.loops:
        by_parent.setdefault(other.parent, []).append(other)
    while len(loops) < count:
        children = by_parent.get(loops[-1].id, [])
        if len(children) != 1:
            break
        loops.append(children[0])
    return loops


def _check_omp_loop(report: FileReport, loop, node, omp: OmpDirective) -> list[Hazard]:
    out: list[Hazard] = []
    region = _enclosing_region(report, node)
    associated = _associated_loops(report, loop, omp.collapse())
    indices = {lp.var for lp in associated if lp.var}
    private = omp.names("private", "firstprivate", "lastprivate", "linear") | region.private | region.declared
    lastprivate = omp.names("lastprivate")
    linear = omp.names("linear")
    reductions = {**region.reductions, **omp.reductions()}
    protected = _protected_lines(report, node)
    common = {"function": loop.function, "loop_line": loop.line, "directive_line": omp.line}

    for lp in associated:
        for finding in lp.blocking:
            if finding.line in protected or finding.code in ASSERTED_BY_PRAGMA:
                continue
            names = set(finding.vars)
            if finding.code == "S2P212" and names and names <= (lastprivate | set(reductions)):
                continue
            if finding.code == "S2P213" and names and names <= linear:
                continue
            if finding.code in ("S2P211", "S2P212", "S2P213") and names and names <= region.declared:
                continue
            code = "S2P701" if finding.code in PROVEN_DEPENDENCE else "S2P706"
            verb = "but" if code == "S2P701" else "and cannot prove it safe:"
            hint = ""
            if finding.code == "S2P212" and finding.vars:
                hint = f" (add `lastprivate({', '.join(finding.vars)})` if the last iteration's value is meant)"
            out.append(Hazard(code, f"`{omp.label}` (line {omp.line}) runs this loop in parallel, {verb} "
                              f"[{finding.code}] {finding.message}{hint}", finding.line, finding.column,
                              finding.vars, finding.distance, omp.line,
                              {"cause": finding.code, "cause_remedy": finding.remedy}, **common))

    writes = _first_writes(report, loop)
    for var in loop.private:
        if var in indices or var in private or var in reductions:
            continue
        where = writes.get(var)
        out.append(Hazard("S2P702", f"`{var}` is written by every iteration (first at line "
                          f"{where[0] if where else loop.line}) but shared: add `private({var})` to "
                          f"`{omp.label}`", omp.line, omp.column, (var,), None,
                          where[0] if where else None, **common))

    for red in loop.reductions:
        var = red.var
        where = writes.get(var)
        related = where[0] if where else None
        updates = [w for w in _all_writes(report, loop, {var, red.index_var} - {None})]
        if updates and all(line in protected for line, _ in updates):
            continue
        if var in region.declared or var in region.private:
            continue
        if red.kind in ("minloc", "maxloc"):
            out.append(Hazard("S2P703", f"`{var}` and `{red.index_var}` form a {red.kind} (line {related}): "
                              f"OpenMP has no {red.kind} reduction; use a user-defined reduction or a "
                              "critical section", omp.line, omp.column, (var, red.index_var or ""), None,
                              related, **common))
            continue
        clause_op = reductions.get(var)
        item = _reduction_item(report, red)
        if clause_op is None:
            extra = f" (`private({var})` discards the partial results)" if var in private else ""
            out.append(Hazard("S2P703", f"`{var}` accumulates with `{red.op}` (line {related}) but has no "
                              f"reduction clause: add `reduction({red.op}:{item})`{extra}", omp.line,
                              omp.column, (var,), None, related, **common))
        elif clause_op in _BUILTIN_OPS and clause_op not in _COMPATIBLE_OPS.get(red.op, {red.op}):
            out.append(Hazard("S2P705", f"`reduction({clause_op}:{var})` but the loop accumulates `{var}` "
                              f"with `{red.op}` (line {related}): use `reduction({red.op}:{item})`",
                              omp.line, omp.column, (var,), None, related, **common))
    return out


def _loop_accesses(report: FileReport, loop):
    fn = report.program.functions.get(loop.function)
    if fn is None:
        return []
    tag = ("loop", loop.id)
    return [acc for acc in fn.accesses if tag in acc.ctx]


def _first_writes(report: FileReport, loop) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    for acc in sorted(_loop_accesses(report, loop), key=lambda a: a.order):
        if acc.is_write and acc.name not in out:
            out[acc.name] = (acc.line, acc.column)
    return out


def _all_writes(report: FileReport, loop, names: set[str]) -> list[tuple[int, int]]:
    return [(acc.line, acc.column) for acc in _loop_accesses(report, loop) if acc.is_write and acc.name in names]


def _trip_count(report: FileReport, loop) -> int | None:
    ir = report.analyses[loop.id].loop
    if ir.lower is None or ir.upper is None or not ir.step:
        return None
    span = ir.upper - ir.lower
    if not span.is_constant():
        return None
    return max(0, -(-abs(span.constant) // abs(ir.step)))


def _reduction_item(report: FileReport, red) -> str:
    """`sum`, or for an array reduction the OpenMP array section `hist[:16]` (size from the declaration)."""
    if red.kind != "array":
        return red.var
    var = report.program.globals.get(red.var)
    for fn in report.program.functions.values():
        var = var or fn.locals.get(red.var)
    dims = getattr(var, "dims", ()) or ()
    return f"{red.var}[:{dims[0]}]" if len(dims) == 1 else f"{red.var}[:n]"


def openmp_suggestion(report: FileReport, loop) -> str | None:
    """The `#pragma omp parallel for ...` that would parallelize `loop`, or None (minloc/maxloc)."""
    clauses = []
    if loop.private:
        clauses.append(f"private({', '.join(loop.private)})")
    by_op: dict[str, list[str]] = {}
    for red in loop.reductions:
        if red.kind in ("minloc", "maxloc"):
            return None
        by_op.setdefault(red.op, []).append(_reduction_item(report, red))
    for op, names in by_op.items():
        clauses.append(f"reduction({op}:{', '.join(names)})")
    return " ".join(["#pragma omp parallel for", *clauses])


def _opportunities(report: FileReport, parallel_loops: set[int], min_trip_count: int,
                   functions: set[str] | None) -> list[Hazard]:
    by_id = {loop.id: loop for loop in report.loops}
    has_children = {loop.parent for loop in report.loops if loop.parent is not None}
    out = []
    for loop in report.loops:
        if functions is not None and loop.function not in functions:
            continue
        if loop.verdict == "sequential" or loop.id in parallel_loops:
            continue
        parent, covered = loop.parent, False
        while parent is not None:
            if by_id[parent].verdict != "sequential" or parent in parallel_loops:
                covered = True
                break
            parent = by_id[parent].parent
        if covered:
            continue
        trips = _trip_count(report, loop)
        if loop.id not in has_children and trips is not None and trips < min_trip_count:
            continue
        work = "nested loops" if loop.id in has_children else (
            f"{trips} iterations" if trips is not None else "an unknown number of iterations")
        pragma = openmp_suggestion(report, loop)
        how = f"add `{pragma}`" if pragma else "use a user-defined OpenMP reduction"
        details = loop.summary().partition(" ")[2].strip("()")
        what = f" with {details}" if details else ""
        out.append(Hazard("S2P801", f"loop can run in parallel{what} ({work}); {how}, or run "
                          "`seq2par parallelize`", loop.line, loop.column, (), None, None,
                          {"verdict": loop.verdict, "openmp": pragma},
                          function=loop.function, loop_line=loop.line))
    return out


# -- CUDA kernels --------------------------------------------------------------------------------------

_THREAD_ROOTS = ("threadIdx", "blockIdx")


def _cuda_functions(checked: CheckedSource) -> tuple[dict[str, object], set[str]]:
    """Kernels (name → function_definition node) and `__device__` functions of a CUDA source."""
    if checked.cuda is None:
        return {}, set()
    report = checked.report
    definitions = [n for n in _walk(report.program.tree.root_node) if n.type == "function_definition"]

    source = report.program.source

    def following(offset: int):
        """The definition that the (blanked) keyword at `offset` introduces: only blanks between them."""
        later = [n for n in definitions if n.start_byte >= offset]
        node = min(later, key=lambda n: n.start_byte) if later else None
        if node is None or source[offset:node.start_byte].strip():
            return None
        return node

    kernels: dict[str, object] = {}
    device: set[str] = set()
    for offset in checked.cuda.globals_at:
        node = following(offset)
        name = _function_name(report, node) if node is not None else None
        if name:
            kernels[name] = node
    for offset in checked.cuda.device_at:
        node = following(offset)  # None for `__device__ float total;` (a variable)
        if node is not None:
            name = _function_name(report, node)
            if name:
                device.add(name)
    return kernels, device


def _function_name(report: FileReport, node) -> str | None:
    declarator = function_declarator(node)
    if declarator is None:
        return None
    name = declarator.child_by_field_name("declarator")
    return _text(report, name) if name is not None else None


@dataclass
class _KernelScope:
    roots: dict[str, frozenset[str]] = field(default_factory=dict)  # variable → thread/block components
    local_arrays: set[str] = field(default_factory=set)  # per-thread arrays
    locals: set[str] = field(default_factory=set)  # per-thread scalars (and by-value parameters)
    shared: set[str] = field(default_factory=set)  # __shared__ (per block)
    used: set[str] = field(default_factory=set)  # components the kernel refers to (its launch shape)


def _check_kernel(checked: CheckedSource, name: str, node) -> list[Hazard]:
    report = checked.report
    body = node.child_by_field_name("body")
    if body is None:
        return []
    scope = _KernelScope()
    shared_offsets = set(checked.cuda.shared_at if checked.cuda else ())
    declarator = node.child_by_field_name("declarator")
    for param in _walk(declarator) if declarator is not None else []:
        if param.type == "parameter_declaration":
            pname = _declarator_name(param.child_by_field_name("declarator"), report)
            if pname and "*" not in _text(report, param) and "[" not in _text(report, param):
                scope.locals.add(pname)
    for component in re.findall(r"\b(?:threadIdx|blockIdx)\.[xyz]", _text(report, body)):
        scope.used.add(component)
    # Declarations: per-thread locals, per-thread arrays, __shared__ arrays; roots to a fixed point.
    assignments: list[tuple[str, object]] = []
    for item in _walk(body):
        if item.type == "declaration":
            is_shared = any(_marks_declaration(report, off, item) for off in shared_offsets)
            for child in item.named_children:
                var = _declarator_name(child, report)
                if not var:
                    continue
                if is_shared:
                    scope.shared.add(var)
                elif _has_array_declarator(child):
                    scope.local_arrays.add(var)
                elif "*" not in _text(report, child).split("=")[0]:
                    scope.locals.add(var)
                else:
                    scope.locals.add(var)  # a local pointer variable itself is per-thread
                value = child.child_by_field_name("value") if child.type == "init_declarator" else None
                if value is not None:
                    assignments.append((var, value))
        elif item.type == "assignment_expression":
            left = item.child_by_field_name("left")
            if left is not None and left.type == "identifier":
                assignments.append((_text(report, left), item.child_by_field_name("right")))
    changed = True
    while changed:
        changed = False
        for var, value in assignments:
            if var not in scope.locals:
                continue  # only per-thread variables carry a thread identity
            roots = scope.roots.get(var, frozenset()) | _roots(report, value, scope)
            if roots != scope.roots.get(var, frozenset()):
                scope.roots[var] = roots
                changed = True
    out = []
    for item in _walk(body):
        target = None
        if item.type == "assignment_expression":
            target = item.child_by_field_name("left")
        elif item.type == "update_expression":
            target = item.child_by_field_name("argument")
        if target is None:
            continue
        hazard = _racy_write(report, name, item, target, scope)
        if hazard is not None:
            out.append(hazard)
    return out


def _marks_declaration(report: FileReport, offset: int, declaration) -> bool:
    """Whether a blanked `__shared__` at `offset` belongs to `declaration` (before it or in its specifiers)."""
    if offset < declaration.start_byte:
        return not report.program.source[offset:declaration.start_byte].strip()
    first = declaration.child_by_field_name("declarator")
    return offset < (first.start_byte if first is not None else declaration.end_byte)


def _has_array_declarator(node) -> bool:
    while node is not None:
        if node.type == "array_declarator":
            return True
        node = node.child_by_field_name("declarator")
    return False


def _roots(report: FileReport, node, scope: _KernelScope) -> frozenset[str]:
    if node is None:
        return frozenset()
    found: set[str] = set()
    for child in _walk(node):
        if child.type == "field_expression":
            text = _text(report, child).replace(" ", "")
            if text.split(".")[0] in _THREAD_ROOTS:
                found.add(text)
        elif child.type == "identifier":
            found |= scope.roots.get(_text(report, child), frozenset())
    return frozenset(found)


def _racy_write(report: FileReport, kernel: str, statement, target, scope: _KernelScope) -> Hazard | None:
    while target.type == "parenthesized_expression" and target.named_child_count == 1:
        target = target.named_children[0]
    if target.type == "subscript_expression":
        base = target.child_by_field_name("argument")
        base_name = _text(report, base) if base is not None and base.type == "identifier" else None
        if base_name in scope.local_arrays:
            return None
        address = _roots(report, target.child_by_field_name("index"), scope)
        if target.child_by_field_name("index") is None:  # tree-sitter-cpp: subscript_argument_list
            address = _roots(report, target.named_children[-1], scope)
        address |= scope.roots.get(base_name or "", frozenset())
    elif target.type == "pointer_expression":
        argument = target.child_by_field_name("argument")
        base_name = None
        address = _roots(report, argument, scope)
    elif target.type == "identifier":
        base_name = _text(report, target)
        if base_name in scope.locals or base_name in scope.local_arrays or base_name in scope.roots:
            return None
        address = frozenset()
    else:
        return None
    if target.type == "identifier" and base_name not in scope.shared and base_name not in report.program.globals:
        return None
    varying = set(scope.used) or {"threadIdx.x", "blockIdx.x"}
    if base_name in scope.shared:
        varying = {c for c in varying if c.startswith("threadIdx")}
    varying -= _fixed_by_guards(report, statement, scope)
    missing = varying - set(address)
    if not missing:
        return None
    text = _text(report, target)
    differ = ", ".join(sorted(missing))
    where = " (shared memory: within a block)" if base_name in scope.shared else ""
    return Hazard("S2P704", f"in kernel `{kernel}`, threads that differ in {differ} all write `{text}`"
                  f"{where}: the address does not depend on {differ}, and the write is not atomic",
                  target.start_point[0] + 1, target.start_point[1] + 1, (base_name or text,), function=kernel)


def _fixed_by_guards(report: FileReport, statement, scope: _KernelScope) -> set[str]:
    """Thread/block components that enclosing `if (x == c)` guards (or `if (x != c) return;`) fix."""
    fixed: set[str] = set()
    node = statement
    while node is not None and node.type != "function_definition":
        parent = node.parent
        if parent is not None and parent.type == "if_statement" and node == parent.child_by_field_name(
                "consequence"):
            fixed |= _equality_roots(report, parent.child_by_field_name("condition"), scope, "==")
        if parent is not None and parent.type == "compound_statement":
            sibling = node.prev_named_sibling
            while sibling is not None:
                if sibling.type == "if_statement" and sibling.child_by_field_name("alternative") is None:
                    consequence = sibling.child_by_field_name("consequence")
                    if consequence is not None and re.search(r"\breturn\b", _text(report, consequence)):
                        fixed |= _equality_roots(report, sibling.child_by_field_name("condition"), scope, "!=")
                sibling = sibling.prev_named_sibling
        node = parent
    return fixed


def _equality_roots(report: FileReport, condition, scope: _KernelScope, operator: str) -> set[str]:
    out: set[str] = set()
    if condition is None:
        return out
    for node in _walk(condition):
        if node.type == "binary_expression":
            op = node.child_by_field_name("operator")
            if op is not None and _text(report, op) == operator:
                left = _roots(report, node.child_by_field_name("left"), scope)
                right = _roots(report, node.child_by_field_name("right"), scope)
                if left and not right:
                    out |= left
                elif right and not left:
                    out |= right
    return out


# -- suppression comments --------------------------------------------------------------------------------

_SUPPRESS = re.compile(r"seq2par\s*:\s*ignore\b([ \t]*(?:S2P\d{3}[ \t,]*)*)", re.I)


def suppressed_codes(line_text: str) -> set[str] | None:
    """Codes a `// seq2par: ignore S2P701 S2P702` comment on this line names; {"*"} for a bare ignore."""
    match = _SUPPRESS.search(line_text)
    if not match:
        return None
    codes = {c.upper() for c in re.findall(r"S2P\d{3}", match.group(1), re.I)}
    return codes or {"*"}


def is_suppressed(finding: Finding, lines: list[str]) -> bool:
    """A `// seq2par: ignore CODE` comment on the finding's line or the line before (for pragma-level
    hazards also on the pragma's line or the line before) silences it."""
    anchors = {finding.line}
    directive_line = getattr(finding, "directive_line", None)
    if directive_line:
        anchors.add(directive_line)
    for anchor in anchors:
        for number in (anchor, anchor - 1):
            if 1 <= number <= len(lines):
                codes = suppressed_codes(lines[number - 1])
                if codes is not None and ("*" in codes or finding.code in codes):
                    return True
    return False
