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
from seq2par.analyzers.dependence import MUTATING_METHODS
from seq2par.analyzers.findings import RULES, Rule
from seq2par.analyzers.frontend import function_declarator, utf8_only
from seq2par.analyzers.ir import is_plain_scalar, structured_binding_names, variable

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
    Rule("S2P707", "racy-parallel-region", "threads of a parallel region access a variable concurrently", True,
         "make the variable private, give each thread its own element, or order the accesses (a barrier, "
         "`critical`/`atomic` on every access, a lock, or drop the `nowait`)",
         "Two pieces of code that OpenMP runs at the same time touch the same shared location and at least "
         "one writes it: the statements every thread of a `parallel` region executes (a `static` local is "
         "shared too), a `single`/`master` block and the other threads before the next barrier, two sections "
         "of one `sections` construct, two worksharing loops joined by `nowait`, or a variable that a "
         "`critical`/`atomic`/lock protects in one place and not in another. Only a barrier (explicit, or "
         "the implicit one at the end of `for`/`sections`/`single` without `nowait`) separates them."),
    Rule("S2P708", "racy-task", "a task races with its creator or another task", True,
         "add `#pragma omp taskwait` (or a taskgroup) before the code that uses the task's result, "
         "`depend` clauses between tasks that share data, or make the variable firstprivate",
         "A task (or a `target ... nowait` region, or a `taskloop nogroup`) runs at an unknown time until a "
         "`taskwait`, the end of its `taskgroup` or a barrier. Here it writes a shared location that the code "
         "creating it, another instance of the same task, or a sibling task without a `depend` clause on "
         "that variable accesses in the meantime."),
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
    "S2P706": "warning", "S2P707": "error", "S2P708": "error", "S2P801": "note", "S2P100": "warning", "S2P101": "note",
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
    # lines where a `_Pragma("omp ...")` stands inside a line of code: read without it (see _pragma_operators)
    unread_pragmas: frozenset[int] = frozenset()


def analyze_for_check(code: str | bytes, path: str | Path = "snippet.c", *, flags: Iterable[str] = (),
                      use_libclang: bool = False) -> CheckedSource:
    """Analyze a source text for `check`: CUDA files are blanked first (see `blank_cuda`).

    Never raises on syntax errors (they are S2P100 findings of the report).
    """
    source = utf8_only(code.encode() if isinstance(code, str) else code)
    cuda = None
    language = None
    if is_cuda_path(path):
        source, cuda = blank_cuda(source)
        language = "cpp"
        use_libclang = False  # libclang would need the CUDA headers
    operators = _pragma_operators(source)  # (prepare_openmp_source finds nothing more to do there)
    unread = _inline_pragma_lines(source, operators)
    source = prepare_openmp_source(operators, language or ("cpp" if Path(path).suffix.lower() in _CPP_SUFFIXES
                                                          else "c"))
    # a region tree-sitter cannot parse is asked of the compiler: a file that does not compile fails `check`
    report = analyze_source(source, str(path), flags, use_libclang=use_libclang, language=language,
                            confirm_syntax=True)
    original = code if isinstance(code, str) else code.decode("utf-8", "replace")
    return CheckedSource(report, cuda, original.splitlines(), unread)


# -- source preparation ----------------------------------------------------------------------------------

_CPP_SUFFIXES = {".cpp", ".cc", ".cxx", ".c++", ".hpp", ".hh", ".hxx"}
_PRAGMA_LINE = re.compile(rb"^[ \t]*#[ \t]*pragma[ \t]+omp\b[^\n]*$", re.M)
_CONTROL_HEADER = re.compile(rb"^[ \t]*(?:\}[ \t]*)?(?:for|while|if|else[ \t]+if)\b.*\)[ \t]*(?://[^\n]*)?$|"
                             rb"^[ \t]*(?:\}[ \t]*)?else[ \t]*(?://[^\n]*)?$")


def prepare_openmp_source(source: bytes, language: str) -> bytes:
    """The source as the analysis should read it, every line and column of the original kept in place.

    - A `#pragma omp ...` between a control header and its unbraced body (`for (...)` / pragma / loop) is
      legal C, but a preprocessor line cannot sit inside a statement in the tree-sitter grammar: the
      header got an empty body and the pragma'd loop was never checked. Braces are added at the ends of
      lines (`for (...) {` ... `; }`), so no other position moves.
    - An inner `for (int i ...)` that redeclares the index of an enclosing loop is renamed (same length)
      within its own scope, so that the outer loop's index is not taken as assigned in the body.
    - A line that is only the pragma operator `_Pragma("omp ...")`, or only an object-like macro whose value
      is one (`#define PFOR _Pragma("omp parallel for")`), is read as the `#pragma omp ...` line it stands for.
    """
    source = _pragma_operators(source)
    source = _brace_pragma_bodies(source)
    return _rename_shadowed_indices(source, language)


_PRAGMA_OPERATOR = rb'_Pragma[ \t]*\([ \t]*"(omp\b[^"\\\n]*)"[ \t]*\)'
_PRAGMA_MACRO = re.compile(rb"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+" + _PRAGMA_OPERATOR + rb"[ \t]*$", re.M)


def _pragma_operators(source: bytes) -> bytes:
    if b"_Pragma" not in source:
        return source
    macros = {m[1]: m[2] for m in _PRAGMA_MACRO.finditer(source)}
    names = b"|".join(re.escape(name) for name in macros)
    standalone = re.compile(rb"^([ \t]*)(?:" + _PRAGMA_OPERATOR + (rb"|(" + names + rb")\b" if names else b"")
                            + rb")[ \t]*$", re.M)

    def pragma(match: re.Match) -> bytes:
        text = match[0]
        line = match[1] + b"#pragma " + (match[2] or macros[match[3]] if names else match[2])
        return line + b" " * max(0, len(text) - len(line))  # columns after it on the line keep their place

    source = standalone.sub(pragma, source)
    # one inside a line (`_Pragma("omp simd") for (...)`) is not a statement tree-sitter knows, and the
    # function it is in would go unread: blanked (the loop is then read without it)
    return re.sub(rb'^(?![ \t]*#).*\b_Pragma[ \t]*\([ \t]*"(?:[^"\\\n]|\\.)*"[ \t]*\).*$',
                  lambda line: re.sub(rb'\b_Pragma[ \t]*\([ \t]*"(?:[^"\\\n]|\\.)*"[ \t]*\)',
                                      lambda m: b" " * len(m[0]), line[0]), source, flags=re.M)


def _inline_pragma_lines(source: bytes, prepared: bytes) -> frozenset[int]:
    """Lines holding `_Pragma("omp ...")` beside other code (not a preprocessor line, not the operator or a
    macro of it alone): `_pragma_operators` blanks those (`prepared` is what it made of `source`), and their
    loops are not checked."""
    if prepared is source:
        return frozenset()
    pairs = zip(source.split(b"\n"), prepared.split(b"\n"), strict=True)  # (same lines: see _pragma_operators)
    return frozenset(n for n, (before, after) in enumerate(pairs, start=1)
                     if before != after and not after.lstrip().startswith(b"#"))


def _brace_pragma_bodies(source: bytes) -> bytes:
    insertions: list[tuple[int, bytes]] = []
    for match in _PRAGMA_LINE.finditer(source):
        before = source[:match.start()].rstrip()
        line_start = before.rfind(b"\n") + 1
        header = before[line_start:]
        if not _CONTROL_HEADER.match(header) or header.count(b"(") != header.count(b")"):
            continue
        if any(pos == len(before) for pos, _ in insertions):
            continue
        end = _statement_end(source, match.end())
        if end is None:
            continue
        insertions += [(len(before), b" {"), (end, b" }")]
    for pos, text in sorted(insertions, reverse=True):
        source = source[:pos] + text + source[pos:]
    return source


def _skip_blank(source: bytes, pos: int) -> int:
    """Past whitespace, comments and preprocessor lines."""
    while pos < len(source):
        if source[pos:pos + 1].isspace():
            pos += 1
        elif source.startswith(b"//", pos) or source.startswith(b"#", pos):
            newline = source.find(b"\n", pos)
            while newline > 0 and source[newline - 1:newline] == b"\\":
                newline = source.find(b"\n", newline + 1)
            pos = len(source) if newline < 0 else newline + 1
        elif source.startswith(b"/*", pos):
            close = source.find(b"*/", pos + 2)
            pos = len(source) if close < 0 else close + 2
        else:
            break
    return pos


def _balanced(source: bytes, pos: int, open_: bytes, close: bytes) -> int | None:
    """Offset just past the bracket that closes the one at `pos`."""
    depth = 0
    while pos < len(source):
        ch = source[pos:pos + 1]
        if ch in (b'"', b"'"):
            pos += 1
            while pos < len(source) and source[pos:pos + 1] != ch:
                pos += 2 if source[pos:pos + 1] == b"\\" else 1
        elif ch == open_:
            depth += 1
        elif ch == close:
            depth -= 1
            if depth == 0:
                return pos + 1
        pos += 1
    return None


def _statement_end(source: bytes, pos: int, depth: int = 0) -> int | None:
    """Offset just past the statement that starts at or after `pos` (a small scanner: enough for loops)."""
    if depth > 50:
        return None
    pos = _skip_blank(source, pos)
    word = re.match(rb"[A-Za-z_]\w*", source[pos:pos + 16])
    keyword = word.group(0) if word else b""
    if keyword in (b"for", b"while", b"if", b"switch"):
        paren = _skip_blank(source, pos + len(keyword))
        if source[paren:paren + 1] != b"(":
            return None
        after = _balanced(source, paren, b"(", b")")
        end = _statement_end(source, after, depth + 1) if after is not None else None
        if keyword == b"if" and end is not None:
            nxt = _skip_blank(source, end)
            if re.match(rb"else\b", source[nxt:nxt + 5]):
                return _statement_end(source, nxt + 4, depth + 1)
        return end
    if keyword == b"do":
        body = _statement_end(source, pos + 2, depth + 1)
        if body is None:
            return None
        semicolon = source.find(b";", body)
        return None if semicolon < 0 else semicolon + 1
    if source[pos:pos + 1] == b"{":
        return _balanced(source, pos, b"{", b"}")
    level = 0
    while pos < len(source):
        ch = source[pos:pos + 1]
        if ch in b"([{":
            level += 1
        elif ch in b")]}":
            level -= 1
            if level < 0:
                return None
        elif ch == b";" and level == 0:
            return pos + 1
        pos += 1
    return None


def _rename_shadowed_indices(source: bytes, language: str) -> bytes:
    from seq2par.analyzers.frontend import parse

    if b"for" not in source:
        return source
    tree = parse(source, language)
    used = set(re.findall(rb"[A-Za-z_]\w*", source))
    edits: list[tuple[int, int, bytes]] = []

    def index_of(loop) -> bytes | None:
        init = loop.child_by_field_name("initializer")
        if init is None:
            return None
        if init.type == "declaration":
            for child in init.named_children:
                if child.type == "init_declarator":
                    name = child.child_by_field_name("declarator")
                    return source[name.start_byte:name.end_byte] if name is not None else None
        if init.type == "assignment_expression":
            left = init.child_by_field_name("left")
            if left is not None and left.type == "identifier":
                return source[left.start_byte:left.end_byte]
        return None

    def fresh(name: bytes) -> bytes | None:
        alphabet = b"ZYXWVUQJK"
        for first in alphabet:
            candidate = bytes([first]) + name[1:]
            if candidate not in used:
                used.add(candidate)
                return candidate
        return None

    # an explicit stack: a generated expression thousands of levels deep must not exhaust Python's
    stack: list[tuple[object, frozenset[bytes]]] = [(tree.root_node, frozenset())]
    while stack:
        node, outer = stack.pop()
        if node.type == "for_statement":
            name = index_of(node)
            init = node.child_by_field_name("initializer")
            if name in outer and init is not None and init.type == "declaration":
                new = fresh(name)
                if new is not None:
                    for item in _walk(node):
                        if item.type == "identifier" and source[item.start_byte:item.end_byte] == name:
                            edits.append((item.start_byte, item.end_byte, new))
                continue
            if name:
                outer = outer | {name}
        stack.extend((child, outer) for child in reversed(node.named_children))
    if not edits:
        return source
    out = bytearray(source)
    for start, end, new in sorted(set(edits), reverse=True):
        out[start:end] = new
    return bytes(out)


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
_LOOP_WORDS = frozenset({"for", "loop", "taskloop", "distribute", "simd"})
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
        return (bool(_LOOP_WORDS & set(self.words)) and self.words[0] not in _PROTECTING_WORDS
                and "declare" not in self.words)

    @property
    def is_simd_only(self) -> bool:
        """`#pragma omp simd`: one thread's SIMD lanes, no team of threads (temporaries are no race)."""
        return "simd" in self.words and not ({"for", "loop", "taskloop", "distribute", "parallel"}
                                             & set(self.words))

    def clause_int(self, name: str) -> int | None:
        for clause, arg in self.clauses:
            if clause == name:
                try:
                    return int(arg.strip())
                except ValueError:
                    return None
        return None

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

    def conditional_lastprivate(self) -> set[str]:
        """Variables listed in `lastprivate(conditional: ...)`."""
        out: set[str] = set()
        for name, arg in self.clauses:
            head, colon, tail = arg.partition(":")
            if name == "lastprivate" and colon and head.strip() == "conditional":
                out |= _list_items(tail)
        return out

    def inscan(self) -> set[str]:
        """Variables of `reduction(inscan, op: ...)` clauses."""
        out: set[str] = set()
        for name, argument in self.clauses:
            if name == "reduction" and re.match(r"\s*inscan\s*,", argument or ""):
                out |= _list_items(argument.split(":", 1)[1]) if ":" in argument else set()
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

    def reduction_sections(self) -> dict[str, tuple[tuple[str, str], ...]]:
        """var → its array section in a `reduction` clause, one (lower bound, length) per dimension (`a[0:4]`,
        `a[:n]`: lower "0"; `a[3]`: length "1"; `a[2:]`: length "")."""
        out: dict[str, tuple[tuple[str, str], ...]] = {}
        for name, arg in self.clauses:
            if name != "reduction" or ":" not in arg:
                continue
            for item in _split_top_level(arg.partition(":")[2]):
                match = re.fullmatch(r"([A-Za-z_]\w*)\s*((?:\[[^\[\]]*\]\s*)+)", item.strip())
                if match is None:
                    continue
                dims = []
                for dim in re.findall(r"\[([^\[\]]*)\]", match.group(2)):
                    lower, colon, length = dim.partition(":")
                    dims.append((lower.strip() or "0", length.strip() if colon else "1"))
                out[match.group(1)] = tuple(dims)
        return out

    def collapse(self) -> int:
        """Loops associated with the directive: `collapse(n)`, and `ordered(n)` (a doacross nest, whose n
        loop indices are private like the collapsed ones)."""
        return max(1, self.clause_int("collapse") or 1, self.clause_int("ordered") or 1)


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


def _pragma_before(node):
    """The `#pragma` line that applies to `node`: the one right before it, or the last line of a branch of an
    `#ifdef _OPENMP` / `#if` block right before it (every branch is a way the file may be built, so the
    first branch ending in a pragma is taken); None when there is none."""
    prev = _previous_statement_sibling(node)
    if prev is not None and prev.type in _CONDITIONAL_BLOCKS:
        return _branch_pragma(prev)
    return prev if prev is not None and prev.type == "preproc_call" else None


_CONDITIONAL_BLOCKS = ("preproc_ifdef", "preproc_if", "preproc_elif", "preproc_else", "preproc_elifdef")


def _branch_pragma(block):
    """The `#pragma` that ends a branch of the conditional block `block` (the first branch that ends in one,
    through nested blocks), or None."""
    while block is not None and block.type in _CONDITIONAL_BLOCKS:
        branches, current = [], block
        while current is not None:
            alternative = current.child_by_field_name("alternative")
            body = [c for c in current.named_children if c != alternative and c.type != "comment"
                    and c != current.child_by_field_name("condition") and c != current.child_by_field_name("name")]
            branches.append(body[-1] if body else None)
            current = alternative
        block = next((last for last in branches if last is not None and last.type == "preproc_call"),
                     next((last for last in branches if last is not None and last.type in _CONDITIONAL_BLOCKS),
                          None))
    return block if block is not None and block.type == "preproc_call" else None


def _is_pragma(report: FileReport, directive) -> bool:
    return re.sub(r"\s+", "", _text(report, directive)) == "#pragma"  # `# pragma omp ...` too


def _variable_of(report: FileReport, function: str, name: str):
    """The variable `name` as the function `function` sees it (a global when there is no such function)."""
    fn = report.program.functions.get(function)
    return variable(report.program, fn, name) if fn is not None else report.program.globals.get(name)


def _atomic_object(report: FileReport, function: str, name: str) -> bool:
    """`name` is a `std::atomic<T>` (or C11 `_Atomic`, `atomic_long`...) variable: its `++`, `+=` and
    `fetch_add` are atomic read-modify-writes, no race."""
    var = _variable_of(report, function, name)
    return var is not None and not var.is_pointer and not var.is_array and re.search(
        r"\b(?:std::)?atomic\s*<|\b_Atomic\b|\batomic_(?:int|long|llong|uint|ulong|size_t|bool|char)\b",
        var.type_text) is not None


def _one_object(report: FileReport, function: str, ref: str, target: str) -> bool:
    """The reference `ref`, bound to (an element of) `target`, names the same object in every iteration:
    `target` is a variable of arithmetic type or a member of a struct variable (`st.sum`), or `ref` is bound
    to an element at constant subscripts (`double &r = a[0];`) or to what a pointer points to (`*out`)."""
    if "." in target:
        var = _variable_of(report, function, target.split(".")[0])
        if var is not None and not var.is_pointer and not var.is_array:
            return True
    elif _scalar_object(report, function, target):
        return True
    fn = report.program.functions.get(function)
    bound = variable(report.program, fn, ref) if fn is not None else None
    init = bound.init_text or "" if bound is not None else ""
    return re.fullmatch(rf"\s*(?:{re.escape(target)}(?:\s*\[\s*\d+\s*\])+|\*\s*{re.escape(target)})\s*",
                        init) is not None


def _own_element_binding(report: FileReport, loop, ref: str, target: str) -> bool:
    """`ref` is bound to `target[i]` (i the loop's index) and the loop reaches `target` at [i] only: the
    iteration's own element."""
    fn = report.program.functions.get(loop.function)
    bound = variable(report.program, fn, ref) if fn is not None else None
    if bound is None or not loop.var or not re.fullmatch(
            rf"\s*{re.escape(target)}\s*\[\s*{re.escape(loop.var)}\s*\](?:\s*\[[^\[\]]*\])*\s*", bound.init_text or ""):
        return False
    # (a read of the whole object, `ps.size()` in the header, reaches no element)
    return all(acc.subscripts is not None and acc.texts and acc.texts[0].strip() == loop.var
               for acc in _loop_accesses(report, loop) if acc.name == target and (acc.subscripts is not None
                                                                                   or acc.is_write))


def _read_only_reference(report: FileReport, loop, ref: str, target: str) -> bool:
    """`ref` is a `const` reference and the loop writes neither it nor `target`."""
    fn = report.program.functions.get(loop.function)
    bound = variable(report.program, fn, ref) if fn is not None else None
    if bound is None or not (bound.is_const or re.search(r"\bconst\b", bound.type_text)):
        return False
    root = re.split(r"\.|->|\[", target)[0]
    return not any(acc.is_write and acc.name.split(".")[0] == root for acc in _loop_accesses(report, loop))


def _directive_of(report: FileReport, node) -> OmpDirective | None:
    """The OpenMP directive on the line(s) before `node`, if any."""
    prev = _pragma_before(node)
    if prev is None:
        return None
    directive = prev.child_by_field_name("directive")
    argument = prev.child_by_field_name("argument")
    if directive is None or argument is None or not _is_pragma(report, directive):
        return None
    return parse_omp(_text(report, argument), prev.start_point[0] + 1, prev.start_point[1] + 1)


def _annotated(report: FileReport, node) -> bool:
    """Whether a `#pragma omp ...` or `#pragma acc ...` line stands right before `node`."""
    prev = _pragma_before(node)
    if prev is None:
        return False
    argument = prev.child_by_field_name("argument")
    words = _text(report, argument).split() if argument is not None else []
    return bool(words) and words[0] in ("omp", "acc")


def _protected_lines(report: FileReport, loop_node, ordered_only: bool = False) -> dict[int, str]:
    """Lines of statements under `#pragma omp atomic|critical|ordered` or a lock inside the loop, each with
    what guards it (`atomic`, `critical(name)`, `lock m`...): updates of one variable are exclusive only when
    one guard covers them all (`ordered_only`: under `ordered`, which runs them in iteration order)."""
    lines: dict[int, str] = {}
    for node in _walk(loop_node):
        if node.type != "preproc_call":
            continue
        argument = node.child_by_field_name("argument")
        omp = parse_omp(_text(report, argument), 0, 0) if argument is not None else None
        if omp is None or not omp.protects or ordered_only and omp.words[0] != "ordered":
            continue
        statement = _next_statement_sibling(node)
        if statement is not None:
            guard = omp.words[0]  # atomic, critical or ordered (one guard for every `critical`, named or not)
            for line in range(statement.start_point[0] + 1, statement.end_point[0] + 2):
                lines.setdefault(line, guard)
    for start, end, lock in [] if ordered_only else _locked_spans(report, loop_node):
        for line in range(start, end + 1):
            lines.setdefault(line, f"lock {lock}")
    return lines


def _one_guard(protected: dict[int, str], lines) -> bool:
    """Every one of `lines` is guarded, all by one guard (two locks for one variable exclude nothing)."""
    guards = {protected.get(line) for line in lines}
    return bool(guards) and None not in guards and len(guards) == 1


_LOCK_CALL = re.compile(r"^\s*omp_(set|unset)_(?:nest_)?lock\s*\(\s*&?\s*([^;]*?)\s*\)\s*;\s*$")


def _lock_of(report: FileReport, statement) -> tuple[str, str] | None:
    """("set"|"unset", lock) for an `omp_set_lock(&l);` / `omp_unset_lock(&l);` statement."""
    if statement.type != "expression_statement":
        return None
    match = _LOCK_CALL.match(_text(report, statement))
    if match is None:
        method = _MUTEX_CALL.match(_text(report, statement))  # `m.lock();` ... `m.unlock();`
        return (("set" if method[2] == "lock" else "unset"), method[1]) if method else None
    return match.group(1), re.sub(r"\[.*", "", match.group(2)).strip()


_MUTEX_CALL = re.compile(r"^\s*([A-Za-z_][\w.]*|\(\s*\*\s*\w+\s*\))\s*(?:\.|->)\s*(lock|unlock)\s*\(\s*\)\s*;\s*$")
_GUARD_DECLARATION = re.compile(r"^\s*(?:const\s+)?(?:std::)?(lock_guard|scoped_lock|unique_lock)\b[^;]*?"
                                r"\b\w+\s*[({]\s*([^;]*?)\s*[)}]\s*;\s*$", re.S)


def _mutex_object(report: FileReport, function: str, name: str) -> bool:
    var = _variable_of(report, function, name)
    return var is not None and re.search(r"\bmutex\b|_mutex\b", var.type_text) is not None


def _declared_within(report: FileReport, root, name: str) -> bool:
    return any(node.type == "declaration" and any(_declarator_name(c, report) == name for c in node.named_children)
               for node in _walk(root))


def _locked_spans(report: FileReport, root) -> list[tuple[int, int, str]]:
    """Line spans between `omp_set_lock(&l)` and the matching `omp_unset_lock(&l)` (or `m.lock()` and
    `m.unlock()`) in one block, and from a `std::lock_guard` / `scoped_lock` / `unique_lock` declaration to the
    end of its block (a `unique_lock` its block never unlocks), for a lock not declared inside `root`."""
    spans = []
    region = _enclosing_region(report, root)
    omp = _directive_of(report, root) if root.prev_named_sibling is not None else None
    # a lock each thread has its own copy of protects nothing
    own = region.private | region.declared | (omp.names("private", "firstprivate", "lastprivate") if omp else set())
    for node in _walk(root):
        if node.type != "compound_statement":
            continue
        open_at: dict[str, int] = {}
        for child in node.named_children:
            guard = _GUARD_DECLARATION.match(_text(report, child)) if child.type == "declaration" else None
            if guard is not None:
                mutexes = [re.sub(r"^\s*&?\s*|\s*$", "", m) for m in _split_top_level(guard[2])]
                deferred = any(re.search(r"\b(?:defer_lock|try_to_lock)\b", m) for m in mutexes)
                if guard[1] == "unique_lock":
                    mutexes = mutexes[:1]  # (the second argument is a tag or a timeout)
                if mutexes and mutexes[0] and not deferred and not any(
                        _declared_within(report, root, m) or m in own for m in mutexes) and not (
                        guard[1] == "unique_lock" and re.search(r"\.\s*unlock\s*\(", _text(report, node))):
                    spans.append((child.start_point[0] + 1, node.named_children[-1].end_point[0] + 1,
                                  ",".join(mutexes)))
                continue
            lock = _lock_of(report, child)
            if lock is None:
                continue
            op, name = lock
            if op == "set" and name not in own and not _declared_within(report, root, name):
                open_at[name] = child.start_point[0] + 1
            elif name in open_at:
                spans.append((open_at.pop(name), child.start_point[0] + 1, name))
    return spans


def _threadprivate_names(report: FileReport) -> set[str]:
    """Variables of `#pragma omp threadprivate(...)`: every thread has its own copy."""
    out: set[str] = set()
    for match in re.finditer(r"#\s*pragma\s+omp\s+threadprivate\s*\(([^)]*)\)",
                             report.program.source.decode("utf-8", "replace")):
        out |= _list_items(match.group(1))
    return out


def _has_thread_blocks(report: FileReport) -> bool:
    """The file holds seq2par's `s2p_thread_block` exactly as its OpenMP target writes it (a function of the
    same name written by anyone else is an unknown call that proves nothing)."""
    from seq2par.generators.openmp.generate import THREAD_BLOCK

    return THREAD_BLOCK.encode() in report.program.source


@dataclass
class _Region:
    """What an enclosing `#pragma omp parallel` region makes private to each thread."""

    private: set[str] = field(default_factory=set)
    reductions: dict[str, str] = field(default_factory=dict)
    sections: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict)  # see reduction_sections
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
            region.sections.update(omp.reduction_sections())
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
    unread: list[tuple[int, int, object]] = []  # (first line, last line, loop) of loops an unread pragma is in
    for loop in report.loops:
        ir = report.analyses[loop.id].loop
        lines = [n for n in checked.unread_pragmas if loop.line - 1 <= n <= ir.end_line]
        if lines and (functions is None or loop.function in functions):
            unread.append((min(loop.line, *lines), ir.end_line, loop))
            parallel_loops.add(loop.id)
    out.extend(_opportunities(report, parallel_loops, min_trip_count, functions))
    out.extend(_region_hazards(report, functions))
    for name, node in kernels.items():
        if functions is None or name in functions:
            out.extend(_check_kernel(checked, name, node))
    if unread:
        # what such a loop's pragma says was not read: its findings would judge the loop without it
        out = [h for h in out if not any(first <= h.line <= last or h.loop_line is not None and
                                         first <= h.loop_line <= last for first, last, _ in unread)]
        outermost = [u for u in unread if not any(o is not u and o[0] <= u[0] and u[1] <= o[1] for o in unread)]
        for _, _, loop in outermost:
            line = min(n for n in checked.unread_pragmas if loop.line - 1 <= n)
            out.append(Hazard("S2P706", "a `_Pragma(\"omp ...\")` inside a line of code is not read, so this loop "
                              "is not checked: write it as `#pragma omp ...` (or the `_Pragma` alone) on a line of "
                              "its own", line, 1, (), None, None, {}, function=loop.function, loop_line=loop.line,
                              directive_line=line))
    out.sort(key=lambda h: (h.line, h.column, h.code))
    return out


def _declared_in(report: FileReport, loops: list) -> set[str]:
    """Names declared inside the bodies of `loops` (each iteration's own variables)."""
    fn = report.program.functions.get(loops[0].function) if loops else None
    if fn is None:
        return set()
    tags = {("loop", lp.id) for lp in loops}
    return {name for name, var in fn.locals.items() if tags & set(var.ctx)}


def _grows_shared_container(finding: Finding) -> bool:
    """`v.push_back(x)`, `v.insert(...)`, `v.resize(n)` in the loop on a container the pragma shares: two
    threads reallocating one vector at once corrupt it (a review's program crashed in 2 of 3 runs)."""
    if finding.code != "S2P302":
        return False
    called = re.match(r"call to `[^`]+\.(\w+)\(\)`", finding.message)
    return called is not None and called.group(1) in MUTATING_METHODS


def _bound_to_own_element(report: FileReport, loop, var: str) -> bool:
    """`P &p = ps[i];` declared in the body of the loop over `i`: `p.x += ...` updates the iteration's own
    element, not one variable of every iteration (a reference bound to a shared scalar, `double &s = t;`,
    is one)."""
    fn = report.program.functions.get(loop.function)
    root = re.split(r"\.|->|\[", var)[0]
    local = fn.locals.get(root) if fn is not None else None
    if local is None or not local.is_reference or ("loop", loop.id) not in local.ctx or not loop.var:
        return False
    index = rf"(?:[1-9]\d*\s*\*\s*)?{re.escape(loop.var)}(?:\s*[+-]\s*\d+)?"  # one element per iteration
    return re.fullmatch(rf"\s*\w+\s*\[\s*{index}\s*\]\s*", local.init_text or "") is not None


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
    threadprivate = _threadprivate_names(report)
    private = (omp.names("private", "firstprivate", "lastprivate", "linear") | region.private | region.declared
               | threadprivate)
    # Private to an enclosing region or threadprivate: the thread's own variable, before and after the loop.
    # The loop's own private/firstprivate do not make a carried value or one used after the loop right: the
    # copy starts uninitialized (or at the value before the loop) and the variable after the loop keeps
    # the value it had before it.
    explicitly_private = region.private | threadprivate
    clause_private = omp.names("private", "firstprivate")
    lastprivate = omp.names("lastprivate")
    linear = omp.names("linear")
    reductions = {**region.reductions, **omp.reductions()}
    protected = _protected_lines(report, node)
    in_order = _protected_lines(report, node, ordered_only=True)
    common = {"function": loop.function, "loop_line": loop.line, "directive_line": omp.line}

    for lp in associated:
        for finding in lp.blocking:
            binding = _REFERENCE_BINDING.match(finding.message) if finding.code == "S2P501" else None
            if binding and (_read_only_reference(report, lp, binding["ref"], binding["target"])
                            or _own_element_binding(report, lp, binding["ref"], binding["target"])):
                continue  # `const double &r = s;` with s not written: reads only; `double &r = a[i];`
            if finding.code in ASSERTED_BY_PRAGMA and " is a pointer set from " not in finding.message and \
                    binding is None:
                continue  # (a local pointer set from another array, `b = a + 1`, or a reference bound to a
                # named object, `double &r = s;`, is in the code: not asserted)
            if binding and re.split(r"\.|->|\[", binding["target"])[0] in (
                    private | set(reductions) | region.declared | threadprivate):
                continue  # bound to the thread's own copy
            one_object = binding is not None and _one_object(report, loop.function, binding["ref"],
                                                             binding["target"])
            if finding.line in in_order or \
                    finding.line in protected and not (finding.code in _ARRAY_DEPENDENCE and finding.distance):
                # atomic/critical serializes updates of one element; a dependence between different
                # elements at a known distance (`a[i + 1] = a[i] + 1` in a critical section) still follows
                # the schedule
                continue
            names = {re.split(r"\.|->|\[", var)[0] for var in finding.vars}
            if finding.code == "S2P212" and names and names <= (lastprivate | set(reductions)):
                continue
            if finding.code == "S2P302" and _grows_shared_container(finding) and names and \
                    names <= private | region.declared | _declared_in(report, associated):
                continue  # `t.push_back(x)` on a vector of the iteration's own, or one the pragma privatizes
            user_declared = bool(names) and all(reductions.get(name, "+") not in _BUILTIN_OPS for name in names)
            if finding.code == "S2P213" and names and names <= linear:
                continue
            if finding.code in ("S2P211", "S2P212", "S2P213") and names and names <= region.declared:
                continue
            if finding.code == "S2P211" and names and names <= omp.inscan() and _has_scan(report, node):
                continue  # `reduction(inscan, +: x)` with `#pragma omp scan`: the partial value is what is meant
            if finding.code in ("S2P211", "S2P212") and finding.vars and all(
                    _own_element_reference(report, lp, var) for var in finding.vars):
                continue  # `P &p = ps[i]; p.v *= 0.5;`: a member of the iteration's own element
            if finding.code in ("S2P211", "S2P212", "S2P213") and names and all(
                    _atomic_object(report, loop.function, name) for name in names):
                continue  # `std::atomic<long> cnt; ... cnt++;`: each update is one atomic operation
            if finding.code in ("S2P211", "S2P212") and names and names <= explicitly_private:
                continue
            if names and names <= threadprivate:
                continue
            if finding.code in _ARRAY_DEPENDENCE and names and (
                    _distinct_buffers(report, lp, names) or _disjoint_index_tables(report, lp, names)
                    or _within_tiles(report, lp, node, names) or _thread_indexed(report, lp, region, names)):
                continue
            if finding.code == "S2P301" and finding.vars and all(v in _OPENMP_QUERIES for v in finding.vars):
                continue  # `omp_get_thread_num()`: the runtime's answer for the calling thread, no effect
            if finding.code in ("S2P301", "S2P302") and names and all(
                    _mutex_object(report, loop.function, name) for name in names) and re.search(
                    r"\.(?:lock|unlock|try_lock)\(\)", finding.message):
                continue  # `m.lock()`: what the mutex is for
            if omp.is_simd_only and finding.code == "S2P202" and names and \
                    all(_reads_precede_writes(report, lp, name) for name in names):
                continue  # the lanes of a SIMD chunk load before they store: `a[i] = a[i + 1]` keeps its order
            if omp.is_simd_only and finding.distance is not None and finding.code in _ARRAY_DEPENDENCE:
                safelen = omp.clause_int("safelen") or omp.clause_int("simdlen")
                if safelen and abs(finding.distance) >= safelen:
                    continue
            ranges = _ranges_from_memory(report, lp, names, indices) if finding.code in (
                "S2P201", "S2P202", "S2P203") and finding.distance is None else None
            # (a reference bound to `a[i]` is recorded as bound to `a`: maybe the iteration's own, a warning)
            code = "S2P701" if finding.code in PROVEN_DEPENDENCE and ranges is None or \
                _grows_shared_container(finding) or _unguarded_global_store(report, finding) or (
                one_object and binding["target"] == binding["other"]) or (
                finding.code == "S2P601" and _SCALAR_ADDRESS.search(finding.message) is not None and
                _scalar_object(report, loop.function, _SCALAR_ADDRESS.search(finding.message)["name"])) else "S2P706"
            hint = ""
            if ranges is not None:
                hint = (f" (not proven: `{ranges[0]}` starts at `{ranges[1]}`, read from memory, so whether two "
                        "iterations' ranges overlap depends on the data)")
            if finding.code in ("S2P211", "S2P212") and user_declared:
                # the user's combiner merges the private copies (an argmax over `best.v`), unless the loop uses
                # a partial value (`out[i] = acc.sx`): not proven either way
                code = "S2P706"
                hint = " (it is under a user-declared reduction: right only if the loop never uses a partial value)"
            if finding.code == "S2P212" and finding.vars:
                if names & clause_private:
                    # a value used after the loop that the loop does not give: the pre-loop value may be meant
                    code = "S2P706"
                    hint = " (it is private: after the loop it keeps the value it had before)"
                hint += f" (add `lastprivate({', '.join(finding.vars)})` if the last iteration's value is meant)"
            elif finding.code in _ARRAY_DEPENDENCE and names and names <= clause_private:
                code = "S2P706"  # each thread has a copy: wrong only where an iteration reads an element it
                hint = (" (it is private: each thread has its own copy, which is wrong only if an iteration "
                        "reads an element it did not store first)")  # did not store, which is not proven here
            elif finding.code == "S2P211" and names & clause_private and not user_declared:
                if names & omp.names("firstprivate"):
                    code = "S2P706"  # each thread starts from the value before the loop: right only if the
                    hint = (" (it is firstprivate: each thread starts from the value before the loop, not from "
                            "what the previous iteration left)")  # update leaves it unchanged
                else:
                    hint = (" (it is private: each thread's copy starts uninitialized, not at what the previous "
                            "iteration left)")
            verb = "but" if code == "S2P701" else "and cannot prove it safe:"
            out.append(Hazard(code, f"`{omp.label}` (line {omp.line}) runs this loop in parallel, {verb} "
                              f"[{finding.code}] {finding.message}{hint}", finding.line, finding.column,
                              finding.vars, finding.distance, omp.line,
                              {"cause": finding.code, "cause_remedy": finding.remedy if binding is None else
                               f"every iteration's `{binding['ref']}` is bound to the shared `{binding['target']}`: "
                               f"list `{binding['target']}` in a `reduction` clause, or protect the update with "
                               "`#pragma omp atomic`"}, **common))

    writes = _first_writes(report, loop)
    for lp in associated:
        for finding in lp.findings:
            var = finding.vars[0] if finding.code == "S2P214" and finding.vars else None
            base = re.split(r"\.|->|\[", var)[0] if var else None
            if var is None or base in indices or base in reductions or omp.is_simd_only:
                continue
            if base in clause_private and base not in lastprivate | explicitly_private:
                out.append(Hazard("S2P706", f"`{var}` is written by every iteration and its value is used after the "
                                  f"loop, but it is private in `{omp.label}`: after the loop it keeps the value it had "
                                  f"before; use `lastprivate({var})` if the last iteration's value is meant",
                                  omp.line, omp.column, (var,), None, finding.line, **common))
                continue
            if base in private:
                continue
            out.append(Hazard("S2P702", f"`{var}` is written by every iteration and its last value is used after "
                              f"the loop, but it is shared: add `lastprivate({var})` to `{omp.label}`", omp.line,
                              omp.column, (var,), None, finding.line, **common))
    conditional = omp.conditional_lastprivate()
    for lp in associated:
        for finding in lp.findings:
            if finding.code != "S2P215" or not finding.vars or omp.is_simd_only:
                continue
            var = finding.vars[0]
            if var in conditional or var in explicitly_private or var in reductions or var in region.declared:
                continue
            stores = _all_writes(report, lp, {var})
            if stores and _one_guard(protected, [line for line, _ in stores]):
                continue  # `#pragma omp atomic write` / critical: a flag any iteration may raise, no race
            how = ("`lastprivate` takes the copy of the last iteration, which may never have been assigned"
                   if var in lastprivate else "it is private, so after the loop it keeps the value it had before"
                   if var in clause_private else "it is shared, so the iterations race on it")
            out.append(Hazard("S2P702", f"`{var}` is assigned in some iterations only and its last value is used "
                              f"after the loop, but {how}: use `lastprivate(conditional: {var})` in "
                              f"`{omp.label}`", omp.line, omp.column, (var,), None, finding.line, **common))
    # `collapse(n)` runs the iterations of the n loops in parallel: what an inner one of them privatizes or
    # reduces (`b[i] += a[i][j]` over j, with i fixed) is shared between threads too
    loop_private = list(dict.fromkeys(var for lp in associated for var in lp.private))
    loop_reductions = {}
    for lp in associated:
        for red in lp.reductions:
            loop_reductions.setdefault(red.var, (lp, red))
    nested_indices = _nested_directive_indices(report, loop)
    for var in loop_private:
        if var in indices or var in private or var in reductions or omp.is_simd_only or var in nested_indices:
            continue
        where = writes.get(var)
        out.append(Hazard("S2P702", f"`{var}` is written by every iteration (first at line "
                          f"{where[0] if where else loop.line}) but shared: add `private({var})` to "
                          f"`{omp.label}`", omp.line, omp.column, (var,), None,
                          where[0] if where else None, **common))

    for lp, red in loop_reductions.values():
        var = red.var
        if _bound_to_own_element(report, lp, var):
            continue
        where = writes.get(var)
        related = where[0] if where else None
        updates = [w for w in _all_writes(report, lp, {var, red.index_var} - {None})]
        if updates and _one_guard(protected, [line for line, _ in updates]):
            continue
        if var in region.declared or var in region.private or var in threadprivate:
            continue
        if red.kind == "array" and (_disjoint_index_tables(report, lp, {var})
                                    or _within_tiles(report, lp, node, {var})
                                    or _thread_indexed(report, lp, region, {var})):
            continue
        if red.kind in ("minloc", "maxloc"):
            out.append(Hazard("S2P703", f"`{var}` and `{red.index_var}` form a {red.kind} (line {related}): "
                              f"OpenMP has no {red.kind} reduction; use a user-defined reduction or a "
                              "critical section", omp.line, omp.column, (var, red.index_var or ""), None,
                              related, **common))
            continue
        clause_op = reductions.get(var)
        if clause_op is None and reductions.get(re.split(r"\.|->|\[", var)[0], "+") not in _BUILTIN_OPS:
            continue  # `acc.sx += x[i]` under `reduction(accadd : acc)`: the user's combiner merges the members
        item = _reduction_item(report, red)
        section = {**region.sections, **omp.reduction_sections()}.get(var) if clause_op is not None else None
        if section is not None and red.kind == "array":
            out.extend(_outside_section(report, lp, var, section, f"reduction({clause_op}:", omp, common))
        if clause_op is None:
            extra = f" (`private({var})` discards the partial results)" if var in private else ""
            if item.endswith("[:N]"):
                extra += f" (N: how many elements of `{red.var}` the loop updates)"
            advice = f"add `reduction({red.op}:{item})`"
            if red.kind == "element" and red.element:
                # (`a[0] += a[i]`: a reduction of all of `a` would give each thread zeros where the loop reads)
                advice = (f"accumulate `{red.element}` into a local variable with `reduction({red.op}:...)` and "
                          f"add it to `{red.element}` after the loop, or make the update `#pragma omp atomic` (the "
                          f"loop reads other elements of `{var}`, which a reduction of `{var}` would zero)")
            elif re.search(r"\.|->", var):  # OpenMP reduces variables and array sections, not members
                advice = (f"accumulate into a local variable with `reduction({red.op}:...)` and add it to `{var}` "
                          "after the loop, or make the update `#pragma omp atomic`")
            out.append(Hazard("S2P703", f"`{var}` accumulates with `{red.op}` (line {related}) but has no "
                              f"reduction clause: {advice}{extra}", omp.line,
                              omp.column, (var,), None, related, **common))
        elif clause_op in _BUILTIN_OPS and clause_op not in _COMPATIBLE_OPS.get(red.op, {red.op}):
            out.append(Hazard("S2P705", f"`reduction({clause_op}:{var})` but the loop accumulates `{var}` "
                              f"with `{red.op}` (line {related}): use `reduction({red.op}:{item})`",
                              omp.line, omp.column, (var,), None, related, **common))
    out.extend(_row_overflows(report, loop, omp, common))
    out.extend(_aliased_by_assignment(report, loop, node, omp, common))
    return out


_ARRAY_DEPENDENCE = frozenset({"S2P201", "S2P202", "S2P203", "S2P204"})


def _ranges_from_memory(report: FileReport, loop, names: set[str], indices: set[str]) -> tuple[str, str] | None:
    """(k, its start) when every access to `names` in `loop` is at one subscript list that uses an inner
    loop index k whose start is read from memory at the parallel index (`for (k = rowstr[j]; k <
    rowstr[j + 1]; k++) a[k] = 0.0;`, CSR rows): two iterations then touch the same element only if their
    ranges of k overlap, which depends on the data. The dependence the analysis reports for it, with no
    distance, is not proven. None otherwise (a store at a fixed element, a read of a neighbour `a[k - 1]`,
    a range starting at the same place in every iteration)."""
    accesses = [acc for acc in _loop_accesses(report, loop) if acc.name in names]
    if not accesses or any(acc.subscripts is None for acc in accesses) or \
            len({tuple(_squash(text) for text in acc.texts) for acc in accesses}) != 1:
        return None
    loops = {lp.id: report.analyses[lp.id].loop for lp in report.loops}
    texts = " ".join(accesses[0].texts)
    for tag in accesses[0].ctx:
        inner = loops.get(tag[1]) if tag[0] == "loop" else None
        if inner is None or inner.id == loop.id or not inner.var or inner.var in indices or \
                not re.search(rf"\b{re.escape(inner.var)}\b", texts):
            continue
        start = inner.lower_text
        if re.search(r"[\[(]", start) and any(re.search(rf"\b{re.escape(index)}\b", start) for index in indices) \
                and (inner.lower is None or inner.upper is None):
            return inner.var, _squash(start)
    return None


# The analysis's S2P501 for a local reference bound to a named object (dependence.py): the same object as
# `other` when the two names agree (`double &r = s; r += x;` in every iteration updates the one `s`)
_REFERENCE_BINDING = re.compile(r"`(?P<ref>[^`]+)` is a reference to `(?P<target>[^`]+)`: accesses through "
                                r"`[^`]+` may overlap `(?P<other>[^`]+)`$")


def _squash(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    while text.startswith("(") and text.endswith(")") and _balanced_text(text[1:-1]):
        text = text[1:-1]
    return text


def _balanced_text(text: str) -> bool:
    depth = 0
    for ch in text:
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            return False
    return depth == 0


def _other_buffer(first: str, second: str) -> bool:
    """Whether two buffer selectors never name the same buffer: `1 - p` vs `p` (1 - p == p has no integer
    solution), `p ^ 1` / `!p` vs `p`, `(t + 1) % 2` vs `t % 2`."""
    for a, b in ((first, second), (second, first)):
        if a in (f"1-{b}", f"{b}^1", f"1^{b}", f"!{b}"):
            return True
        match = re.fullmatch(r"\((\w+)\+1\)%2", a)
        if match and b == f"{match.group(1)}%2":
            return True
    return False


def _single_assignments(report: FileReport, function: str) -> dict[str, str]:
    """name → value for locals of `function` assigned exactly once (`int dst = 1 - src;`)."""
    fn = report.program.functions.get(function)
    if fn is None or fn.node is None:
        return {}
    text = _text(report, fn.node)
    found: dict[str, list[str]] = {}
    assignment = r"(?<![\w.>])([A-Za-z_]\w*)\s*(?:(?:=(?!=)|[-+*/%&|^]=)\s*([^;,)]*)|\+\+|--)|(?:\+\+|--)([A-Za-z_]\w*)"
    for match in re.finditer(assignment, text):
        found.setdefault(match.group(1) or match.group(3), []).append(_squash(match.group(2) or "?"))
    return {name: values[0] for name, values in found.items() if len(values) == 1}


def _distinct_buffers(report: FileReport, loop, names: set[str]) -> bool:
    """Every write to the array(s) and every other access select different buffers by their first
    subscript (`u[1 - p][i]` vs `u[p][i - 1]`), or are the same element of the same iteration."""
    values = _single_assignments(report, loop.function)
    accesses = [a for a in _loop_accesses(report, loop) if a.name in names]
    if not accesses or any(not a.texts for a in accesses):
        return False

    def first(access) -> str:
        text = _squash(access.texts[0])
        return values.get(text, text)

    buffers = 0
    for write in (a for a in accesses if a.is_write):
        for other in accesses:
            if other is write:
                continue
            if _other_buffer(first(write), first(other)) or _other_buffer(_squash(write.texts[0]),
                                                                          _squash(other.texts[0])):
                buffers += 1
                continue
            same = [_squash(t) for t in write.texts] == [_squash(t) for t in other.texts]
            if not (same and loop.var and any(re.search(rf"\b{re.escape(loop.var)}\b", t) for t in write.texts)):
                return False
    return buffers > 0


_CONST_TABLE = re.compile(r"\bconst\s+(?:unsigned\s+|signed\s+)?(?:int|long|short|size_t)\s+([A-Za-z_]\w*)\s*"
                          r"\[[^\]]*\]\s*=\s*\{([^{}]*)\}")


def _macro_values(report: FileReport) -> dict[str, str]:
    out = {}
    for match in re.finditer(r"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)[ \t]+([^\n]+)$",
                             report.program.source.decode("utf-8", "replace"), re.M):
        out[match.group(1)] = match.group(2).strip()
    return out


def _constant(text: str, macros: dict[str, str], depth: int = 0) -> int | None:
    """The integer value of a constant expression of literals and `#define`d names, or None."""
    import ast

    if depth > 8:
        return None
    text = _COMMENT.sub(" ", text).strip()

    def expand(match: re.Match) -> str:
        value = _constant(macros[match.group(0)], macros, depth + 1) if match.group(0) in macros else None
        return f"({value})" if value is not None else match.group(0)

    text = re.sub(r"[A-Za-z_]\w*", expand, re.sub(r"(?<=\d)[uUlL]+\b", "", text))
    if not re.fullmatch(r"[\d\s+\-*/%()]+", text):
        return None
    try:
        tree = ast.parse(text.replace("/", "//"), mode="eval")
    except SyntaxError:
        return None

    def value(node) -> int | None:
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = value(node.operand)
            return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
        if isinstance(node, ast.BinOp):
            left, right = value(node.left), value(node.right)
            if left is None or right is None:
                return None
            if isinstance(node.op, ast.Add):
                return left + right
            if isinstance(node.op, ast.Sub):
                return left - right
            if isinstance(node.op, ast.Mult):
                return left * right
            if isinstance(node.op, (ast.FloorDiv, ast.Mod)) and right:
                quotient = abs(left) // abs(right) * (1 if (left >= 0) == (right > 0) else -1)  # C truncates
                return quotient if isinstance(node.op, ast.FloorDiv) else left - quotient * right
        return None

    return value(tree)


def _const_tables(report: FileReport) -> dict[str, list[int]]:
    """`const int t[] = {0, 2, 4};` tables whose every entry is a known integer."""
    macros = _macro_values(report)
    out = {}
    for match in _CONST_TABLE.finditer(report.program.source.decode("utf-8", "replace")):
        entries = [_constant(item, macros) for item in _split_top_level(match.group(2))]
        if entries and all(e is not None for e in entries):
            out[match.group(1)] = entries
    return out


def _disjoint_index_tables(report: FileReport, loop, names: set[str]) -> bool:
    """Every access to the array(s) is `x[t[i]]` with `i` the loop index and `t` a constant table; the
    written tables hold distinct entries and share none with any other table used: no two iterations
    touch the same element."""
    if not loop.var:
        return False
    accesses = [a for a in _loop_accesses(report, loop) if a.name in names]
    if not accesses or not any(a.is_write for a in accesses):
        return False
    tables = _const_tables(report)
    used: dict[str, list[int]] = {}
    for access in accesses:
        match = re.fullmatch(rf"([A-Za-z_]\w*)\[{re.escape(loop.var)}\]", _squash(access.texts[0])) \
            if len(access.texts) == 1 else None
        if match is None or match.group(1) not in tables:
            return False
        entries = tables[match.group(1)]
        if access.is_write and len(set(entries)) != len(entries):
            return False
        used[match.group(1)] = entries
    names_used = list(used)
    for k, first in enumerate(names_used):
        for second in names_used[k + 1:]:
            if set(used[first]) & set(used[second]):
                return False
    return True


_MIN_CALL = r"(?:std\s*::\s*)?(?:min|MIN|imin|Min|fmin|min_int|minimum)"


def _tile_indices(report: FileReport, loop, node) -> set[str]:
    """Inner loop indices that stay inside the current tile of a tiled parallel loop:
    `for (ii = 0; ii < N; ii += T)` ... `for (i = ii; i < min(ii + T, N); i++)`: the tiles are disjoint,
    though `min()` hides the upper bound from the analysis."""
    if not loop.var or node.type != "for_statement":
        return set()
    update = node.child_by_field_name("update")
    step = re.fullmatch(rf"{re.escape(loop.var)}\s*\+=\s*(.+)", _text(report, update).strip()) \
        if update is not None else None
    if step is None:
        return set()
    values = _single_assignments(report, loop.function)
    macros = _macro_values(report)

    def value(text: str) -> int | str:
        text = _squash(text)
        text = values.get(text, text)
        number = _constant(text, macros)
        return number if number is not None else text

    tile = value(step.group(1))
    body = _text(report, node.child_by_field_name("body") or node)
    out = set()
    var = re.escape(loop.var)
    header = re.compile(rf"for\s*\(\s*(?:int\s+|long\s+|size_t\s+)?([A-Za-z_]\w*)\s*=\s*{var}\s*;\s*\1\s*<\s*"
                        rf"([^;]+);")
    for match in header.finditer(body):
        bound = _squash(match.group(2))
        bound = values.get(bound, bound)
        call = re.fullmatch(rf"{_MIN_CALL}\({var}\+(.+?),.+\)", bound) or \
            re.fullmatch(rf"{_MIN_CALL}\(.+?,{var}\+(.+?)\)", bound)
        if call and value(call.group(1)) == tile:
            out.add(match.group(1))
    return out


def _within_tiles(report: FileReport, loop, node, names: set[str]) -> bool:
    """Every access to the array(s) indexes one dimension with the same tile-bounded inner index."""
    tiles = _tile_indices(report, loop, node)
    if not tiles:
        return False
    accesses = [a for a in _loop_accesses(report, loop) if a.name in names]
    if not accesses:
        return False
    for position in range(len(accesses[0].texts)):
        texts = {_squash(a.texts[position]) if position < len(a.texts) else None for a in accesses}
        if len(texts) == 1 and texts <= tiles:
            return True
    return False


def _array_dims(report: FileReport, function: str, name: str) -> list[int] | None:
    fn = report.program.functions.get(function)
    var = (fn.locals.get(name) if fn else None) or report.program.globals.get(name)
    if var is None or not getattr(var, "dims", None) or var.is_pointer:
        return None
    macros = _macro_values(report)
    dims = [_constant(d, macros) for d in var.dims]
    return None if any(d is None for d in dims) else dims


def _row_overflows(report: FileReport, loop, omp: OmpDirective, common: dict) -> list[Hazard]:
    """`b[i][j - 1]` at `j = 0` is `b[i - 1][M - 1]`: the last element of the row another iteration of the
    parallel loop writes. The analysis compares subscripts dimension by dimension, so it sees no overlap."""
    if not loop.var:
        return []
    accesses = _loop_accesses(report, loop)
    written = {a.name for a in accesses if a.is_write}
    inner = {lp.var: report.analyses[lp.id].loop for lp in report.loops
             if lp.var and lp.id != loop.id and report.analyses[lp.id].loop.first_order >= 0
             and lp.line >= loop.line and lp.end_line <= loop.end_line}
    out, seen = [], set()
    for access in accesses:
        if access.name not in written or len(access.texts) < 2 or access.name in seen:
            continue
        if not re.search(rf"\b{re.escape(loop.var)}\b", access.texts[0]):
            continue
        dims = _array_dims(report, loop.function, access.name)
        match = re.fullmatch(r"([A-Za-z_]\w*)(?:([+-])(\d+))?", _squash(access.texts[-1]))
        if dims is None or match is None or match.group(1) not in inner:
            continue
        ir = inner[match.group(1)]
        if ir.lower is None or ir.upper is None or not ir.lower.is_constant() or not ir.upper.is_constant() \
                or ir.step != 1:
            continue
        offset = int(match.group(3) or 0) * (-1 if match.group(2) == "-" else 1)
        low, high = ir.lower.constant + offset, ir.upper.constant - 1 + offset
        if low >= 0 and high < dims[-1]:
            continue
        seen.add(access.name)
        edge = match.group(1) + f" = {ir.lower.constant}" if low < 0 else f"{match.group(1)} = {ir.upper.constant - 1}"
        side = "previous" if low < 0 else "next"
        text = f"{access.name}[{']['.join(access.texts)}]"
        out.append(Hazard("S2P701", f"`{omp.label}` (line {omp.line}) runs this loop in parallel, but `{text}` "
                          f"leaves its row (at {edge} it is the {side} row's element, which another iteration "
                          "writes)", access.line, access.column, (access.name,), None, omp.line,
                          {"cause": "row-overflow", "cause_remedy": "keep the subscript inside its row (start or "
                           "stop the inner loop one element earlier)"}, **common))
    return out


def _aliased_by_assignment(report: FileReport, loop, node, omp: OmpDirective, common: dict) -> list[Hazard]:
    """`a = b;` after a parallel loop inside a time loop, without the matching swap: from the second step
    on both names are one array, and the loop reads elements (`a[i + 1]`) that other iterations write."""
    accesses = _loop_accesses(report, loop)
    writes = {}
    for access in accesses:
        if access.is_write and access.texts:
            writes.setdefault(access.name, []).append(access)
    out: list[Hazard] = []
    ancestor = node.parent
    while ancestor is not None and ancestor.type != "function_definition":
        if ancestor.type in ("for_statement", "while_statement", "do_statement"):
            body = _text(report, ancestor)
            for match in re.finditer(r"(?<![\w.>*])([A-Za-z_]\w*)\s*=\s*([A-Za-z_]\w*)\s*;", body):
                reader, writer = match.group(1), match.group(2)
                if reader == writer or writer not in writes:
                    continue
                if re.search(rf"(?<![\w.>*]){re.escape(writer)}\s*=(?!=)", body):
                    continue  # the writer is reassigned too: a swap or a rotation
                for read in accesses:
                    if read.name != reader or read.is_write or not read.texts:
                        continue
                    if any([_squash(t) for t in read.texts] != [_squash(t) for t in w.texts]
                           for w in writes[writer]):
                        w = writes[writer][0]
                        out.append(Hazard(
                            "S2P701", f"`{omp.label}` (line {omp.line}) runs this loop in parallel, but `{reader} = "
                            f"{writer};` (in the enclosing loop) makes them one array from the second step on, so "
                            f"`{reader}[{']['.join(read.texts)}]` reads what another iteration writes as "
                            f"`{writer}[{']['.join(w.texts)}]` (swap the pointers instead)", read.line,
                            read.column, (reader, writer), None, w.line,
                            {"cause": "alias-assignment", "cause_remedy": "swap the two pointers (t = a; a = b; "
                             "b = t;) instead of assigning one to the other"}, **common))
                        return out
        ancestor = ancestor.parent
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


_OPENMP_QUERIES = frozenset({"omp_get_thread_num", "omp_get_num_threads", "omp_get_max_threads", "omp_get_num_procs",
                             "omp_in_parallel", "omp_get_level", "omp_get_team_num", "omp_get_num_teams"})
_THREAD_ID = re.compile(r"\s*omp_get_thread_num\s*\(\s*\)\s*")


def _one_per_value(subscript: str, pattern: str, macros: dict[str, str]) -> bool:
    """`subscript` is `c * x + d` with constants c != 0 and d, x the one match of `pattern` in it: different
    values of x give different subscripts (`tid`, `tid * PAD`, `2 * tid + 1`)."""
    if len(re.findall(pattern, subscript)) != 1 or not re.fullmatch(r"[\w\s+\-*()]+", re.sub(pattern, "0", subscript)):
        return False
    at_zero = _constant(re.sub(pattern, "(0)", subscript), macros)
    at_one = _constant(re.sub(pattern, "(1)", subscript), macros)
    return at_zero is not None and at_one is not None and at_zero != at_one  # one x under + - *: affine


def _thread_ids_may_repeat(report: FileReport, node) -> bool:
    """Threads running `node` may share a thread number: it is inside two parallel constructs (nested
    teams number their threads from 0 each) or under `teams` (each team has its own thread 0)."""
    levels = 0
    while node is not None and node.type != "translation_unit":
        omp = _directive_of(report, node) if node.prev_named_sibling is not None else None
        if omp is not None and ("teams" in omp.words or "target" in omp.words):
            return True
        if omp is not None and "parallel" in omp.words:
            levels += 1
        node = node.parent
    return levels > 1


def _thread_indexed(report: FileReport, loop, region: _Region, names: set[str]) -> bool:
    """Every access to `names` in the loop is at a first subscript `c * t + d` (constants c != 0 and d) of
    `t` = `omp_get_thread_num()`, or of a variable each thread of the enclosing region declares with that
    value and never changes (`partial[tid] += x`, `partial[tid * PAD] += x`): each thread has an element of
    its own."""
    fn = report.program.functions.get(loop.function)
    accesses = [acc for acc in _loop_accesses(report, loop) if acc.name in names]
    if fn is None or not accesses or _thread_ids_may_repeat(report, report.analyses[loop.id].loop.node):
        return False
    macros = _macro_values(report)
    if len({_squash(acc.texts[0]) if acc.texts else "" for acc in accesses}) != 1:
        return False  # (`partial[tid + 1]` and `partial[tid]`: thread t's first is thread t + 1's second)
    for acc in accesses:
        if acc.subscripts is None or not acc.texts:
            return False
        first = _squash(acc.texts[0])
        if _one_per_value(first, r"omp_get_thread_num\(\)", macros):
            continue
        words = [word for word in _IDENT.findall(first) if word not in macros]
        if len(words) != 1 or not _one_per_value(first, rf"\b{words[0]}\b", macros):
            return False  # (`tid * PAD`: the thread's slot of a padded array)
        thread = words[0]
        var = fn.locals.get(thread)
        if thread not in region.declared or var is None or not _THREAD_ID.fullmatch(var.init_text or "") or \
                sum(1 for a in fn.accesses if a.name == thread and a.is_write) > 1 or \
                sum(1 for d in fn.declarations if d[0] == thread) != 1:
            return False
    return True


def _reads_precede_writes(report: FileReport, loop, name: str) -> bool:
    """In the body of `loop` (no inner loops), every read of `name` is evaluated before every store to it."""
    if any(other.parent == loop.id for other in report.loops):
        return False
    accesses = [acc for acc in _loop_accesses(report, loop) if acc.name == name]
    reads = [acc.order for acc in accesses if acc.is_read]
    writes = [acc.order for acc in accesses if acc.is_write]
    return bool(reads) and bool(writes) and max(reads) < min(writes)


# the analysis's S2P601 for `long *p = &sum; *p += 1;` in the loop body: set from the address of one scalar
_SCALAR_ADDRESS = re.compile(r"a pointer declared in the loop and set from `?&\s*(?P<name>[A-Za-z_]\w*)`?\s*[:,]")


def _scalar_object(report: FileReport, function: str, name: str) -> bool:
    """`name` is a variable of arithmetic type (not a pointer, not an array): one object."""
    var = _variable_of(report, function, name)
    return var is not None and not var.is_pointer and not var.is_array and is_plain_scalar(var)


_GLOBAL_STATE = re.compile(r"^`(?P<callee>[^`]+)` writes global state: (?P<names>.+)$")
_GUARDS_IN_TEXT = re.compile(r"#\s*pragma\s+omp\s+(?:atomic|critical|ordered)|omp_set_(?:nest_)?lock|\block_guard\b|"
                             r"\bscoped_lock\b|\bunique_lock\b|\.\s*lock\s*\(|\batomic\s*<|\b_Atomic\b|__atomic_|"
                             r"__sync_|\bthreadprivate\b|\bthread_local\b|\b_Thread_local\b")


def _unguarded_global_store(report: FileReport, finding) -> bool:
    """The analysis's S2P302 "`f` writes global state: g" where f itself stores to g (a global or its own
    `static` local) with nothing in its body that could guard the store (an atomic, a critical section, a
    lock, an atomic type, thread-local storage): every thread calling it updates the one g."""
    found = _GLOBAL_STATE.match(finding.message) if finding.code == "S2P302" else None
    fn = report.program.functions.get(found["callee"]) if found else None
    if fn is None or fn.node is None or _GUARDS_IN_TEXT.search(_text(report, fn.node)):
        return False
    for name in (n.strip() for n in found["names"].split(",")):
        own = name.split("::", 1)[1] if name.startswith(fn.name + "::") else name
        if not any(acc.is_write and acc.name == own for acc in fn.accesses):
            return False  # written by a function it calls: what guards it there is not read here
    return True


def _workshared_stores(report: FileReport, name: str) -> bool:
    """Every store the function `name` makes to something its callers see (a parameter's target, a global)
    is inside a loop of it under an orphaned worksharing directive (`#pragma omp for`): called by every
    thread of a region, the threads share those iterations out; the loop itself is checked as any OpenMP loop."""
    fn = report.program.functions.get(name)
    if fn is None:
        return False
    spans = []
    for loop in report.loops:
        if loop.function != name:
            continue
        omp = _directive_of(report, report.analyses[loop.id].loop.node)
        if omp is not None and omp.is_loop and "for" in omp.words and "parallel" not in omp.words:
            spans.append((loop.line, report.analyses[loop.id].loop.end_line))
    if not spans:
        return False
    params = {p.name for p in fn.params}
    seen = [acc for acc in fn.accesses if acc.is_write and (
        re.split(r"\.|->|\[", acc.name)[0].lstrip("*") in params or acc.name in report.program.globals
        and acc.name not in fn.locals)]
    return bool(seen) and all(any(first <= acc.line <= last for first, last in spans) for acc in seen)


def _has_scan(report: FileReport, loop_node) -> bool:
    """A `#pragma omp scan` directly in the loop's body."""
    return any(node.type == "preproc_call" and re.search(r"#\s*pragma\s+omp\s+scan\b", _text(report, node))
               for node in _walk(loop_node))


def _own_element_reference(report: FileReport, loop, name: str) -> bool:
    """`name` is `p.x` (or `p`) of a reference `p` declared in the loop body and bound to the iteration's own
    element (`P &p = ps[i];`, the loop reaching `ps` at [i] only)."""
    root = re.split(r"\.|->|\[", name)[0]
    fn = report.program.functions.get(loop.function)
    var = variable(report.program, fn, root) if fn is not None else None
    if var is None or not var.is_reference:
        return False
    bound = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*\[.*", var.init_text or "", re.S)
    return bound is not None and _own_element_binding(report, loop, root, bound[1])


def _nested_directive_indices(report: FileReport, loop) -> set[str]:
    """Indices of loops inside `loop` that carry a worksharing directive of their own (`parallel for`, `for`;
    not `simd`, whose linear index is written back to the shared variable) and that `loop` neither reads nor
    writes outside them: that construct makes the index private to it, and nothing sees the shared one."""
    inner: dict[str, list[tuple[int, int]]] = {}
    for other in report.loops:
        if other.var and other.id != loop.id and _inside(report, other, loop):
            omp = _directive_of(report, report.analyses[other.id].loop.node)
            if omp is not None and omp.is_loop and not omp.is_simd_only and "simd" not in omp.words:
                inner.setdefault(other.var, []).append((other.line, report.analyses[other.id].loop.end_line))
    if not inner:
        return set()
    return {var for var, spans in inner.items()
            if all(any(first <= acc.line <= last for first, last in spans)
                   for acc in _loop_accesses(report, loop) if acc.name == var)}


def _inside(report: FileReport, inner, outer) -> bool:
    """The loop `inner` is nested in `outer` (by the spans of their nodes)."""
    a, b = report.analyses[inner.id].loop.node, report.analyses[outer.id].loop.node
    return inner.function == outer.function and b.start_byte <= a.start_byte and a.end_byte <= b.end_byte and \
        inner.id != outer.id


def _trip_count(report: FileReport, loop) -> int | None:
    ir = report.analyses[loop.id].loop
    if ir.lower is None or ir.upper is None or not ir.step:
        return None
    span = ir.upper - ir.lower
    if not span.is_constant():
        return None
    return max(0, -(-abs(span.constant) // abs(ir.step)))


def _index_interval(text: str, ranges: dict[str, tuple[int | None, int | None]],
                    macros: dict[str, str]) -> tuple[int | None, int | None]:
    """Bounds (inclusive; None: not known) of the values a subscript takes, from the ranges of the loop
    indices in it and constants: `i % 8` is within [0, 7] for i >= 0, `k + 2` within the range of k moved by
    2, `x & 7` within [0, 7]. Anything else (a call, a load, a variable the loops do not bound) is unknown."""
    import ast

    unknown: tuple[int | None, int | None] = (None, None)
    text = re.sub(r"(?<=\d)[uUlL]+\b", "", _COMMENT.sub(" ", text)).strip()
    if not re.fullmatch(r"[\w\s+\-*/%&()]+", text):
        return unknown
    try:
        tree = ast.parse(text.replace("/", "//"), mode="eval").body
    except SyntaxError:
        return unknown

    def add(x: int | None, y: int | None) -> int | None:
        return None if x is None or y is None else x + y

    def interval(node) -> tuple[int | None, int | None]:
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value, node.value
        if isinstance(node, ast.Name):
            if node.id in ranges:
                return ranges[node.id]
            value = _constant(node.id, macros)
            return (value, value) if value is not None else unknown
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            low, high = interval(node.operand)
            return (None if high is None else -high), (None if low is None else -low)
        if not isinstance(node, ast.BinOp):
            return unknown
        left, right = interval(node.left), interval(node.right)
        if isinstance(node.op, ast.Add):
            return add(left[0], right[0]), add(left[1], right[1])
        if isinstance(node.op, ast.Sub):
            return add(left[0], None if right[1] is None else -right[1]), \
                add(left[1], None if right[0] is None else -right[0])
        constant = right[0] if right[0] is not None and right[0] == right[1] else None
        if constant is None:
            return unknown
        if isinstance(node.op, ast.Mult):
            low = None if left[0] is None else left[0] * constant
            high = None if left[1] is None else left[1] * constant
            return (low, high) if constant >= 0 else (high, low)
        if isinstance(node.op, ast.Mod) and constant > 0:
            if left[0] is not None and left[0] >= 0:
                return 0, constant - 1 if left[1] is None else min(constant - 1, left[1])
            return -(constant - 1), constant - 1  # C's remainder takes the sign of the dividend
        if isinstance(node.op, ast.BitAnd) and constant >= 0:
            return 0, constant
        if isinstance(node.op, ast.FloorDiv) and constant > 0 and left[0] is not None and left[0] >= 0:
            return left[0] // constant, None if left[1] is None else left[1] // constant
        return unknown

    return interval(tree)


def _outside_section(report: FileReport, loop, var: str, section: tuple[tuple[str, str], ...], clause: str,
                     omp: OmpDirective, common: dict) -> list[Hazard]:
    """A reduction over an array section (`reduction(+:a[0:4])`) reduces the elements of the section only:
    an update of `var` outside it is an update of a shared element by every thread at once (with gcc, a
    store past the end of the thread's private copy). Proven outside (the index's bounds are known): S2P703;
    not known to stay inside: S2P706. A section whose bounds are not constants is taken as meant."""
    macros = _macro_values(report)
    bounds = []
    for lower, length in section:
        low, size = _constant(lower, macros), _constant(length, macros) if length else None
        bounds.append((low, low + size - 1) if low is not None and size is not None else None)
    if not any(bounds):
        return []
    declared = _array_dims(report, loop.function, var) or []
    # a dimension the section covers whole: an index outside it is outside the array, not a race
    whole = [dim is not None and d < len(declared) and dim == (0, declared[d] - 1) for d, dim in enumerate(bounds)]
    loops = {lp.id: report.analyses[lp.id].loop for lp in report.loops}
    proven, unknown = None, None
    for acc in _loop_accesses(report, loop):
        if acc.name != var or not acc.is_write or acc.subscripts is None:
            continue
        ranges: dict[str, tuple[int | None, int | None]] = {}
        for tag in reversed(acc.ctx):  # innermost first
            inner = loops.get(tag[1]) if tag[0] == "loop" else None
            if inner is not None and inner.var:
                low = inner.lower.constant if inner.lower is not None and inner.lower.is_constant() else None
                high = inner.upper.constant - 1 if inner.upper is not None and inner.upper.is_constant() else None
                ranges.setdefault(inner.var, (low, high))
        for text, dim, covered in zip(acc.texts, bounds, whole, strict=False):  # (fewer dimensions named)
            if dim is None or covered:
                continue
            low, high = _index_interval(text, ranges, macros)
            if (low is not None and low > dim[1]) or (high is not None and high < dim[0]) or (
                    low is not None and high is not None and (low < dim[0] or high > dim[1])):
                proven = proven or (acc, text, low, high, dim)
            elif low is None or high is None or low < dim[0] or high > dim[1]:
                unknown = unknown or (acc, text, low, high, dim)
    found = proven or unknown
    if found is None:
        return []
    acc, text, low, high, dim = found
    clause += f"{var}{''.join(f'[{lower}:{length}]' for lower, length in section)})"
    if proven:
        return [Hazard("S2P703", f"`{var}[{text}]` (line {acc.line}) takes indices {low}..{high}, but `{clause}` "
                       f"reduces only elements {dim[0]}..{dim[1]}: the updates of the others are a data race; "
                       f"widen the section to `{var}[{min(low, dim[0])}:{max(high, dim[1]) - min(low, dim[0]) + 1}]`",
                       omp.line, omp.column, (var,), None, acc.line, **common)]
    return [Hazard("S2P706", f"`{var}[{text}]` (line {acc.line}) may update an element outside the elements "
                   f"{dim[0]}..{dim[1]} that `{clause}` reduces (its index is not known to stay inside): an "
                   "update outside the section would be a data race", omp.line, omp.column, (var,), None, acc.line,
                   **common)]


def _reduction_item(report: FileReport, red) -> str:
    """`sum`, or for an array reduction the OpenMP array section `hist[:16]` (size from the declaration)."""
    if red.kind != "array":
        return red.var
    var = report.program.globals.get(red.var)
    for fn in report.program.functions.values():
        var = var or fn.locals.get(red.var)
    dims = getattr(var, "dims", ()) or ()
    return f"{red.var}[:{dims[0]}]" if len(dims) == 1 else f"{red.var}[:N]"


def openmp_suggestion(report: FileReport, loop) -> str | None:
    """The `#pragma omp parallel for ...` that would parallelize `loop` (the OpenMP backend's own clauses),
    or None when OpenMP cannot express it (minloc/maxloc, an element reduction, a non-counted loop). A min
    or max of a real number names a reduction of seq2par's (`extremum_declarations` declares it)."""
    from seq2par.generators.openmp import openmp_clauses

    fn = report.program.functions.get(loop.function)
    analysis = loop.analysis
    if fn is None or analysis is None:
        return None
    if any(red.kind == "element" for red in loop.reductions):
        return None
    clauses = openmp_clauses(report, fn, analysis.loop, analysis)
    if isinstance(clauses, str):
        return None
    return " ".join(["#pragma omp parallel for", *clauses])


def _opportunities(report: FileReport, parallel_loops: set[int], min_trip_count: int,
                   functions: set[str] | None) -> list[Hazard]:
    from seq2par.generators.openmp.generate import extremum_declarations

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
        declared = extremum_declarations(pragma or "").splitlines()
        if declared:
            how += f" after declaring at file scope `{' '.join(declared)}`"
        details = loop.summary().partition(" ")[2].strip("()")
        what = f" with {details}" if details else ""
        out.append(Hazard("S2P801", f"loop can run in parallel{what} ({work}); {how}, or run "
                          "`seq2par parallelize`", loop.line, loop.column, (), None, None,
                          {"verdict": loop.verdict, "openmp": pragma},
                          function=loop.function, loop_line=loop.line))
    return out


# -- races between threads of a region, sections, tasks and asynchronous target regions ------------------
#
# The loop checks above compare one worksharing loop with what its pragma promises. The races below are
# between *different* pieces of code that OpenMP runs at the same time: the statements every thread of a
# `parallel` region executes, `single`/`master` blocks, the sections of a `sections` construct, loops
# joined by `nowait`, tasks and `target ... nowait` regions and the code that creates them. The walk
# assigns every access to a shared variable a *unit* (who executes it), a *phase* (barriers, implicit
# ones included, separate phases) and the locks/critical names/atomics that protect it; two accesses to
# the same location race when at least one writes, their units can run at the same time, and no common
# protection orders them.

_STANDALONE = frozenset({"barrier", "taskwait", "taskyield", "flush", "threadprivate", "declare", "cancel",
                         "cancellation", "scan", "depobj", "requires", "section"})
_REGION_PRIVATE_CLAUSES = ("private", "firstprivate", "lastprivate", "linear", "reduction", "copyprivate",
                           "in_reduction", "task_reduction")


@dataclass(frozen=True)
class _Access:
    var: str
    key: str | None  # the location within `var` (subscripts with loop indices bound), None for all of it
    write: bool
    line: int
    column: int
    unit: tuple  # ("seq",) ("all", r) ("one", r, thread) ("single", r, id) ("iter", r, loop) ("section", r, s, k)
    #              ("task", t)
    region: int | None
    phase: int
    protect: frozenset[str]
    distinct: bool  # differs between the threads (or task instances) that execute it
    seq: int
    static_in_loop: bool = False
    iter_key: str | None = None  # key with the worksharing loop's index as `#`
    span: tuple[int, int] | None = None  # the element range of a one-subscript access, when constant
    private_copy: bool = False  # the creator's own variable, which a task shares by `shared(...)`
    # through a pointer each task instance (or thread) captured with a value of its own (`firstprivate(p)`
    # set per iteration): instances reach different objects unless two get the same address
    own_pointer: bool = False


@dataclass
class _Task:
    id: int
    line: int
    generator: tuple
    region: int | None
    phase: int
    start: int
    end: float = float("inf")
    multi: bool = False
    depends: dict[str, set[str]] = field(default_factory=dict)
    parent: int | None = None
    # ranges [low, high) of seq within [start, end) where the task is known finished: the rest of a branch
    # of an `if` after its taskwait, when the task is still running in another branch or after the `if`
    waited: list[tuple[int, int]] = field(default_factory=list)

    def running_at(self, seq: int) -> bool:
        return self.start <= seq < self.end and not any(low <= seq < high for low, high in self.waited)


@dataclass(frozen=True)
class _Scope:
    region: int | None
    unit: tuple
    private: frozenset[str]
    protect: frozenset[str] = frozenset()
    distinct: frozenset[str] = frozenset()
    bindings: tuple[tuple[str, str], ...] = ()  # loop index → binding name (`i@12`)
    task: int | None = None
    loop_statics: frozenset[str] = frozenset()
    own_pointers: frozenset[str] = frozenset()  # captured by a task, set anew for each instance
    loop_var: str | None = None  # binding of the worksharing loop's index
    # inside a parallel region nested in another, or in teams: thread numbers repeat across the teams
    nested: bool = False
    thread_numbers: frozenset[str] = frozenset()  # of `distinct`: set once to `omp_get_thread_num()`

    def with_(self, **changes) -> _Scope:
        from dataclasses import replace

        return replace(self, **changes)


class _RegionWalk:
    """One function's accesses, units, phases and tasks (see the comment above)."""

    def __init__(self, report: FileReport, function: str, fn_node, threadprivate: set[str],
                 helper_blocks: bool):
        self.report = report
        self.function = function
        self.fn_node = fn_node
        fn = report.program.functions.get(function)
        variables = dict(report.program.globals)
        if fn is not None:
            variables.update(fn.locals)
            variables.update({p.name: p for p in fn.params})
        self.variables = variables
        self.pointers = {name for name, v in variables.items()
                         if v.is_pointer or v.is_reference or (fn is not None and fn.param(name) is v and v.is_array)
                         or re.search(r"vector|array|span|\*|&", v.type_text or "")}
        statics = set(fn.static_locals) if fn is not None else set()
        self.locals = ({name for name in (fn.locals if fn else {}) if name not in statics}
                       | {p.name for p in (fn.params if fn else [])})
        self.threadprivate = threadprivate
        self.macros = _macro_values(report)
        self.accesses: list[_Access] = []
        self.tasks: dict[int, _Task] = {}
        self.phase: dict[int, int] = {}
        self.parent_phase: dict[int, int] = {}
        self.regions: dict[int, int] = {}  # region id → pragma line
        self.loop_info: dict[str, tuple[str, str, bool]] = {}  # binding → (bounds, schedule, static)
        self.spans: dict[str, tuple[int, int]] = {}
        self.upper_bounds: dict[str, str | None] = {}  # binding → n, for a loop from 0 to n - 1 (`_upper_bound`)
        self.loops: list[dict] = []  # open sequential loops: start seq, unit, synced, tasks
        self.seq = 0
        self.counter = 0
        self.task_shared: set[str] = set()  # private to their creator, shared with a task by `shared(...)`
        self.helper_blocks = helper_blocks  # `_has_thread_blocks`
        self.thread_blocks: dict[str, str] = {}  # the blocks `s2p_thread_block` stored: lower name -> upper name

    # -- bookkeeping ---------------------------------------------------------------------------------
    def _new_id(self) -> int:
        self.counter += 1
        return self.counter

    def _find(self, phase: int) -> int:
        while self.parent_phase.get(phase, phase) != phase:
            phase = self.parent_phase[phase]
        return phase

    def _barrier(self, region: int | None) -> None:
        self._sync()
        if region is None:
            return
        for task in self.tasks.values():
            if task.region == region and task.end == float("inf"):
                task.end = self.seq
        self.phase[region] = self._new_id()

    def _sync(self) -> None:
        self.seq += 1
        for loop in self.loops:
            loop["synced"] = True

    def _taskwait(self, scope: _Scope) -> None:
        self._sync()
        for task in self.tasks.values():
            if task.generator == scope.unit and task.parent == scope.task and task.end == float("inf"):
                task.end = self.seq

    # -- statements ----------------------------------------------------------------------------------
    def walk(self) -> None:
        body = self.fn_node.child_by_field_name("body")
        if body is not None:
            self._statement(body, _Scope(None, ("seq",), frozenset(self.locals)))
        self.seq += 1
        for task in self.tasks.values():
            task.end = min(task.end, self.seq)

    def _statement(self, node, scope: _Scope) -> None:
        kind = node.type
        if kind == "expression_statement":
            self._thread_block_call(node)
        if kind == "compound_statement":
            self._block(node.named_children, scope)
        elif kind == "declaration":
            for child in node.named_children:
                value = child.child_by_field_name("value") if child.type == "init_declarator" else None
                if value is not None:
                    self._expression(value, scope)
        elif kind == "if_statement":
            condition = node.child_by_field_name("condition")
            self._expression(condition, scope)
            then = node.child_by_field_name("consequence")
            guard = self._thread_guard(condition, scope)
            other = node.child_by_field_name("alternative")
            then_scope = scope.with_(unit=("one", scope.region, guard)) if guard is not None else scope
            self._branches([[(then, then_scope)] if then is not None else [],
                            [(other, scope)] if other is not None else []])
        elif kind == "switch_statement":
            # a wait in some cases only: taken as a branch that may not run at all (cases fall through)
            self._expression(node.child_by_field_name("condition"), scope)
            self._branches([[(child, scope) for child in node.named_children
                             if child != node.child_by_field_name("condition")], []])
        elif kind in ("for_statement", "while_statement", "do_statement", "for_range_loop"):
            self._sequential_loop(node, scope)
        elif kind in ("comment", "preproc_call"):
            return
        elif kind.endswith("statement") or kind in ("else_clause", "case_statement", "labeled_statement"):
            for child in node.named_children:
                if child.type.endswith("statement") or child.type in ("declaration", "else_clause"):
                    self._statement(child, scope)
                else:
                    self._expression(child, scope)
        else:
            self._expression(node, scope)

    def _branches(self, branches: list[list[tuple[object, _Scope]]]) -> None:
        """Walk the alternatives of an `if` (or a `switch`), each a list of (statement, scope), one after the
        other. A taskwait (barrier, end of a taskgroup) in one branch does not wait when another branch
        runs: a task running before them ends for the code after them only if every branch ends it, and is
        finished only in the rest of each branch after its wait. A loop around counts as synchronized only
        if every branch synchronizes it (an empty branch neither waits nor synchronizes)."""
        running = [task for task in self.tasks.values() if task.end == float("inf")]
        unsynced = [loop for loop in self.loops if not loop["synced"]]
        ends: list[dict[int, float]] = []
        synced: list[set[int]] = []
        for statements in branches:
            for task in running:
                task.end = float("inf")
            for loop in unsynced:
                loop["synced"] = False
            self.seq += 1  # the branches' accesses apart from one another
            for statement, scope in statements:
                self._statement(statement, scope)
            ends.append({task.id: task.end for task in running})
            synced.append({id(loop) for loop in unsynced if loop["synced"]})
            self.seq += 1
            for task in running:
                if task.end != float("inf"):
                    task.waited.append((int(task.end), self.seq))  # the rest of this branch: finished
        for task in running:
            task.end = float("inf")
            if all(branch[task.id] != float("inf") for branch in ends):
                task.end = self.seq  # finished after the `if` (the ranges above cover the branches)
        for loop in unsynced:
            loop["synced"] = all(id(loop) in branch for branch in synced)

    def _block(self, children, scope: _Scope) -> None:
        children = [c for c in children if c.type != "comment"]
        declared, statics = set(), set()
        for child in children:
            if child.type == "declaration":
                is_static = any(c.type == "storage_class_specifier" and _text(self.report, c) == "static"
                                for c in child.children)
                for item in child.named_children:
                    name = _declarator_name(item, self.report)
                    if name:
                        (statics if is_static else declared).add(name)
                    (statics if is_static else declared).update(structured_binding_names(item))
                    value = item.child_by_field_name("value") if item.type == "init_declarator" else None
                    if name and value is not None and self._mentions_distinct(_text(self.report, value), scope):
                        if _THREAD_ID.fullmatch(_text(self.report, value)):
                            if any(_changes(self.report, sibling, name) for sibling in children):
                                continue  # assigned again: not known to hold the thread's number where it is used
                            scope = scope.with_(thread_numbers=scope.thread_numbers | {name})
                        scope = scope.with_(distinct=scope.distinct | {name})
        scope = scope.with_(private=(scope.private | declared) - statics,
                            loop_statics=scope.loop_statics | (statics if scope.unit[0] == "iter" else set()))
        pending: list[tuple[OmpDirective, str]] = []
        for child in children:
            if child.type in _CONDITIONAL_BLOCKS and _branch_pragma(child) is not None:
                child = _branch_pragma(child)  # `#ifdef _OPENMP / #pragma omp parallel / #endif`
            if child.type == "preproc_call":
                argument = child.child_by_field_name("argument")
                text = _text(self.report, argument) if argument is not None else ""
                omp = parse_omp(text, child.start_point[0] + 1, child.start_point[1] + 1)
                if omp is None:
                    continue
                if omp.words[0] in _STANDALONE or self._standalone(omp):
                    self._standalone_directive(omp, scope)
                else:
                    pending.append((omp, text))
                continue
            lock = _lock_of(self.report, child)
            if lock is not None:
                token = f"lock:{lock[1]}"
                scope = scope.with_(protect=scope.protect | {token} if lock[0] == "set" else scope.protect - {token})
                continue
            if pending:
                self._construct(pending, child, scope)
                pending = []
            else:
                self._statement(child, scope)

    @staticmethod
    def _standalone(omp: OmpDirective) -> bool:
        words = set(omp.words)
        if "target" in words and ({"enter", "exit", "update"} & ({n for n, _ in omp.clauses} | words)):
            return True
        return omp.words[0] == "ordered" and any(n in ("depend", "doacross") for n, _ in omp.clauses)

    def _standalone_directive(self, omp: OmpDirective, scope: _Scope) -> None:
        if omp.words[0] == "barrier":
            self._barrier(scope.region)
        elif omp.words[0] == "taskwait":
            self._taskwait(scope)

    def _thread_block_call(self, node) -> None:
        """`s2p_thread_block(lo, hi, &first, &last);` (seq2par's helper): remembers that `first`..`last` is
        the calling thread's block of [lo, hi), the same block at every call."""
        if self.helper_blocks and node.named_child_count == 1:
            match = re.fullmatch(r"s2p_thread_block\((.*),&(\w+),&(\w+)\);", _squash(_text(self.report, node)))
            if match is not None:
                self.thread_blocks[match.group(2)] = match.group(3)

    def _thread_block_loop(self, node, scope: _Scope) -> bool:
        """`for (i = first; i < last; i++)` over a block `s2p_thread_block` gave the thread, in the code every
        thread of a region runs: each thread runs its own block, the same one every time, as in a static
        worksharing loop without its barrier. Walked as such a loop."""
        if scope.region is None or scope.unit[0] != "all" or node.type != "for_statement":
            return False
        index = self._loop_index(node)
        init, condition = node.child_by_field_name("initializer"), node.child_by_field_name("condition")
        update = node.child_by_field_name("update")
        if index is None or init is None or condition is None or update is None:
            return False
        # (`i = first`, or a declaration `int i = first;`, whose text holds its `;`)
        first = _squash(_text(self.report, init)).split("=", 1)[-1].removesuffix(";")
        last = self.thread_blocks.get(first)
        if last is None or _squash(_text(self.report, condition)) != f"{index}<{last}" or \
                _squash(_text(self.report, update)) not in (f"{index}++", f"++{index}", f"{index}+=1"):
            return False
        binding = f"{index}@{node.start_point[0] + 1}"
        self.loop_info[binding] = (self._bounds_key(node), "static", True)
        inner = scope.with_(private=scope.private | {index}, unit=("iter", scope.region, binding), loop_var=binding)
        self._statement(node, inner)
        return True

    def _sequential_loop(self, node, scope: _Scope) -> None:
        if self._thread_block_loop(node, scope):
            return
        inner = scope
        index = None
        if node.type == "for_statement":
            init = node.child_by_field_name("initializer")
            if init is not None and init.type == "declaration":
                for item in init.named_children:
                    name = _declarator_name(item, self.report)
                    value = item.child_by_field_name("value") if item.type == "init_declarator" else None
                    if name:
                        index = name
                        inner = inner.with_(private=inner.private | {name})
                        if value is not None:
                            self._expression(value, scope)
                            if self._mentions_distinct(_text(self.report, value), scope):
                                inner = inner.with_(distinct=inner.distinct | {name})
            elif init is not None:
                self._expression(init, scope)
                left = init.child_by_field_name("left") if init.type == "assignment_expression" else None
                if left is not None and left.type == "identifier":
                    index = _text(self.report, left)
                    value = init.child_by_field_name("right")
                    if value is not None and self._mentions_distinct(_text(self.report, value), scope):
                        inner = inner.with_(distinct=inner.distinct | {index})
            if index:
                binding = f"{index}@{node.start_point[0] + 1}"
                inner = inner.with_(bindings=((index, binding),) + inner.bindings)
                span = self._index_span(node, index)
                if span is not None:
                    self.spans[binding] = span
                self.upper_bounds[binding] = self._upper_bound(node, index)
        entry = {"start": self.seq, "unit": scope.unit, "synced": False, "tasks": []}
        self.loops.append(entry)
        start_phase = self.phase.get(scope.region) if scope.region is not None else None
        for child in node.named_children:
            if node.type == "for_statement" and child == node.child_by_field_name("initializer"):
                continue
            if child.type.endswith("statement") or child.type == "declaration":
                self._statement(child, inner)
            else:
                self._expression(child, inner)
        self.loops.pop()
        if not entry["synced"]:
            for task in entry["tasks"]:
                task.start = min(task.start, entry["start"])
                task.multi = True
        if start_phase is not None and self.phase.get(scope.region) != start_phase:
            # The code after the loop body's last barrier runs with the next iteration's first part.
            self.parent_phase[self._find(self.phase[scope.region])] = self._find(start_phase)

    def _index_span(self, node, index: str) -> tuple[int, int] | None:
        condition = node.child_by_field_name("condition")
        init = node.child_by_field_name("initializer")
        if condition is None or init is None:
            return None
        start = re.search(rf"\b{re.escape(index)}\s*=\s*(.+?);?$", _text(self.report, init).strip())
        bound = re.fullmatch(rf"{re.escape(index)}\s*(<=?)\s*(.+)", _text(self.report, condition).strip())
        if start is None or bound is None:
            return None
        low, high = _constant(start.group(1), self.macros), _constant(bound.group(2), self.macros)
        if low is None or high is None:
            return None
        return low, high if bound.group(1) == "<=" else high - 1

    def _upper_bound(self, node, index: str) -> str | None:
        """`n` for a loop `for (j = 0; j < n; j++)` (squashed; None for any other shape): j is in [0, n)."""
        condition, init = node.child_by_field_name("condition"), node.child_by_field_name("initializer")
        update = node.child_by_field_name("update")
        if condition is None or init is None or update is None or \
                _squash(_text(self.report, update)) not in (f"{index}++", f"++{index}", f"{index}+=1") or \
                _squash(_text(self.report, init)).rstrip(";").split("=", 1)[-1] != "0":
            return None
        bound = re.fullmatch(rf"{re.escape(index)}<(.+)", _squash(_text(self.report, condition)))
        return bound.group(1) if bound else None

    def _thread_guard(self, condition, scope: _Scope) -> int | None:
        if scope.region is None or scope.unit[0] != "all" or condition is None:
            return None
        text = _squash(_text(self.report, condition))
        match = re.fullmatch(r"(\w+(?:\(\))?)==(\d+)", text) or re.fullmatch(r"(\d+)==(\w+(?:\(\))?)", text)
        if match is None:
            return None
        name, number = (match.group(1), match.group(2)) if not match.group(1).isdigit() else \
            (match.group(2), match.group(1))
        if name == "omp_get_thread_num()" or (name in scope.distinct and not name.endswith(")")):
            return int(number)
        return None

    def _mentions_distinct(self, text: str, scope: _Scope) -> bool:
        if "omp_get_thread_num" in text:
            return not scope.nested  # (each team of a nested region numbers its threads from 0)
        return any(re.search(rf"\b{re.escape(name)}\b", text) for name in scope.distinct)

    def _distinct_key(self, key: str, scope: _Scope) -> bool:
        """The location `key` (bound subscripts, `[me*8][k@12]`) differs between the threads (or task
        instances) that access it. Through a thread's number (`omp_get_thread_num()`, or a name set once
        to it) only if one subscript is `c * me + d` with constants c != 0 and d: `partial[me + k]` is
        partial[1] for thread 0 at k = 1 and for thread 1 at k = 0. Through another distinct name (the
        start of the thread's block, a task's captured index) when it is mentioned, as before."""
        if not self._mentions_distinct(key, scope):
            return False
        numbers = {name for name in scope.thread_numbers if re.search(rf"(?<![\w@]){re.escape(name)}\b", key)}
        if any(re.search(rf"(?<![\w@]){re.escape(name)}\b", key) for name in scope.distinct - numbers):
            return True
        if "omp_get_thread_num" in key:
            numbers.add("omp_get_thread_num()")
        for subscript in _key_subscripts(key):
            for name in numbers:
                pattern = re.escape(name) if name.endswith(")") else rf"(?<![\w@]){re.escape(name)}\b"
                if _one_per_value(subscript, pattern, self.macros):
                    return True
                # `buf[me * n + j]` with j from 0 to n - 1: the thread's own row of n elements
                row = re.fullmatch(rf"(?:{pattern}\*(?P<a>[^+]+)|(?P<b>[^+]+)\*{pattern})\+(?P<j>\w+@\d+)", subscript)
                stride = (row["a"] or row["b"]) if row is not None else ""
                if row is not None and self.upper_bounds.get(row["j"]) == stride and \
                        re.fullmatch(r"[\w\s+\-*()]+", stride) and \
                        not any(_changes(self.report, self.fn_node, word) for word in _IDENT.findall(stride)):
                    return True
        return False

    # -- constructs ----------------------------------------------------------------------------------
    def _construct(self, directives: list[tuple[OmpDirective, str]], statement, scope: _Scope) -> None:
        (omp, text), rest = directives[0], directives[1:]
        words = set(omp.words)
        clauses = {name for name, _ in omp.clauses}

        def body(inner: _Scope) -> None:
            if rest:
                self._construct(rest, statement, inner)
            else:
                self._statement(statement, inner)

        private = omp.names(*_REGION_PRIVATE_CLAUSES) | {
            item for name, arg in omp.clauses if name.endswith("reduction")
            for item in _list_items(arg.split(":", 1)[-1])}
        if "target" in words and "nowait" in clauses:
            self._task(omp, scope, lambda inner: self._statement(statement, inner), private, statement)
            return
        if words & {"parallel", "teams"} and not ("teams" in words and "distribute" in words
                                                 and "parallel" not in words):
            region = self._new_id()
            self.regions[region] = omp.line
            self.phase[region] = self._new_id()
            inner = _Scope(region, ("all", region), frozenset(private | (scope.private - self.locals)),
                           nested=scope.region is not None or scope.nested or "teams" in words)
            if words & _LOOP_WORDS or "sections" in words:
                self._worksharing(omp, statement, rest, inner, private)
            else:
                body(inner)
            self._barrier(region)
            return
        if words & _LOOP_WORDS or "sections" in words:
            self._worksharing(omp, statement, rest, scope, private)
            return
        if "single" in words:
            body(scope.with_(unit=("single", scope.region, self._new_id()), private=scope.private | private))
            if "nowait" not in clauses:
                self._barrier(scope.region)
            return
        if words & {"master", "masked"}:
            thread = 0
            for name, arg in omp.clauses:
                if name == "filter" and arg.strip().isdigit():
                    thread = int(arg)
            body(scope.with_(unit=("one", scope.region, thread)) if scope.region is not None else scope)
            return
        if words & _PROTECTING_WORDS:
            name = re.search(r"critical\s*\(\s*(\w+)\s*\)", text)
            token = "atomic" if "atomic" in words else (
                f"critical:{name.group(1) if name else ''}" if "critical" in words else "ordered")
            body(scope.with_(protect=scope.protect | {token}))
            return
        if "task" in words:
            self._task(omp, scope, body, private, statement)
            return
        if "taskgroup" in words:
            before = set(self.tasks)
            body(scope)
            self._sync()
            for task_id, task in self.tasks.items():
                if task_id not in before:
                    task.end = min(task.end, self.seq)
            return
        body(scope)

    def _task(self, omp: OmpDirective, scope: _Scope, body, private: set[str], statement) -> None:
        task = _Task(self._new_id(), omp.line, scope.unit, scope.region,
                     self.phase.get(scope.region, 0) if scope.region is not None else 0, self.seq,
                     parent=scope.task)
        task.multi = scope.unit[0] in ("all", "iter") or any(loop["unit"] == scope.unit for loop in self.loops)
        for name, arg in omp.clauses:
            if name == "depend" and ":" in arg:
                kind, _, items = arg.partition(":")
                for var in _list_items(items):
                    task.depends.setdefault(var, set()).add(kind.strip().split(",")[-1].strip())
        for loop in self.loops:
            if loop["unit"] == scope.unit:
                loop["tasks"].append(task)
        self.tasks[task.id] = task
        shared = omp.names("shared")
        self.task_shared |= shared & scope.private
        captured = {name for name, _ in scope.bindings} | omp.names("firstprivate")
        own = {name for name in captured & self.pointers if _set_in_enclosing_loop(self.report, statement, name)}
        inner = scope.with_(unit=("task", task.id), task=task.id, protect=frozenset(),
                            private=(scope.private - shared) | private,
                            distinct=scope.distinct | (captured & (scope.private | private)),
                            own_pointers=frozenset(own))
        body(inner)
        self.seq += 1

    def _worksharing(self, omp: OmpDirective, statement, rest, scope: _Scope, private: set[str]) -> None:
        words = set(omp.words)
        clauses = {name for name, _ in omp.clauses}
        if "sections" in words:
            sections = self._new_id()
            children = statement.named_children if statement.type == "compound_statement" else [statement]
            groups: list[list] = [[]]
            for child in children:
                if child.type == "preproc_call" and re.match(r"\s*omp\s+section\b", _text(
                        self.report, child.child_by_field_name("argument") or child)):
                    if groups[-1]:
                        groups.append([])
                    continue
                groups[-1].append(child)
            for number, group in enumerate(groups):
                self._block(group, scope.with_(unit=("section", scope.region, sections, number),
                                               private=scope.private | private))
            if "nowait" not in clauses:
                self._barrier(scope.region)
            return
        nest = [statement] if statement.type in ("for_statement", "for_range_loop") else []
        while nest and len(nest) < omp.collapse():
            body = nest[-1].child_by_field_name("body")
            while body is not None and body.type == "compound_statement" and body.named_child_count == 1:
                body = body.named_children[0]
            if body is None or body.type != "for_statement":
                break
            nest.append(body)
        indices = set()
        for loop in nest:
            name = self._loop_index(loop)
            if name:
                indices.add(name)
        taskloop = "taskloop" in words
        first = self._loop_index(nest[0]) if nest else None
        binding = f"{first}@{nest[0].start_point[0] + 1}" if first else None
        inner = scope.with_(private=scope.private | private | indices,
                            distinct=scope.distinct | (indices if taskloop else set()))
        if taskloop:
            self._task(omp, scope, lambda s: self._statement(statement, s.with_(private=s.private | indices)),
                       private | indices, statement)
            if "nogroup" not in clauses:
                self._taskwait(scope)
            return
        if scope.region is None or omp.is_simd_only:
            self._statement(statement, inner)
            return
        if binding and nest:
            schedule = next((arg.replace(" ", "") for name, arg in omp.clauses if name == "schedule"), "")
            self.loop_info[binding] = (self._bounds_key(nest[0]), schedule, schedule.startswith("static"))
        self._statement(statement, inner.with_(unit=("iter", scope.region, binding or self._new_id()),
                                               loop_var=binding))
        if "nowait" not in clauses:
            self._barrier(scope.region)

    def _bounds_key(self, header) -> str:
        """A worksharing loop's bounds as `loop_info` compares them: its condition and its initial value."""
        return _squash(_text(self.report, header.child_by_field_name("condition") or header)) + "|" + \
            _squash(_text(self.report, header.child_by_field_name("initializer") or header).split("=", 1)[-1])

    def _loop_index(self, loop) -> str | None:
        init = loop.child_by_field_name("initializer")
        if init is None:
            return None
        if init.type == "declaration":
            names = [_declarator_name(item, self.report) for item in init.named_children]
            return next((name for name in names if name), None)
        left = init.child_by_field_name("left") if init.type == "assignment_expression" else None
        return _text(self.report, left) if left is not None and left.type == "identifier" else None

    # -- expressions ---------------------------------------------------------------------------------
    def _expression(self, node, scope: _Scope) -> None:
        if node is None:
            return
        kind = node.type
        if kind == "assignment_expression":
            operator = node.child_by_field_name("operator")
            compound = operator is not None and _text(self.report, operator) != "="
            self._location(node.child_by_field_name("left"), scope, write=True, read=compound)
            self._expression(node.child_by_field_name("right"), scope)
        elif kind == "update_expression":
            self._location(node.child_by_field_name("argument"), scope, write=True, read=True)
        elif kind in ("subscript_expression", "field_expression", "identifier"):
            self._location(node, scope, write=False, read=True)
        elif kind == "pointer_expression":
            operator = node.child_by_field_name("operator")
            if operator is not None and _text(self.report, operator) == "*":
                self._location(node, scope, write=False, read=True)
            else:
                self._address_of(node.child_by_field_name("argument"), scope)
        elif kind == "call_expression":
            function = node.child_by_field_name("function")
            name = _text(self.report, function) if function is not None else ""
            arguments = node.child_by_field_name("arguments")
            args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
            if function is not None and function.type != "identifier":
                self._expression(function, scope)
            for number, arg in enumerate(args):
                if number == 0 and name in ("memcpy", "memset", "memmove", "strcpy", "strncpy"):
                    self._location(arg, scope, write=True, read=False, whole=True)
                else:
                    self._expression(arg, scope)
            self._callee_effects(name, args, node, scope)
        elif kind in ("sizeof_expression", "string_literal", "number_literal", "char_literal", "true", "false",
                      "null", "comment", "type_descriptor", "lambda_expression"):
            return
        else:
            for child in node.named_children:
                self._expression(child, scope)

    def _callee_effects(self, name: str, args: list, node, scope: _Scope) -> None:
        """A call of a function defined in the file does what its summary says, at the call: it reads and
        writes the globals it names, and writes what it is handed for the parameters it stores through
        (`bump()` doing `g++`, `add(&sum, 1)` doing `*p += v`), all of them as a whole."""
        program, analysis = self.report.program, self.report.program_analysis
        if name not in program.functions or name == self.function or analysis is None:
            return
        if _workshared_stores(self.report, name):
            return  # an orphaned `omp for` in the callee splits its stores among the threads (checked there)
        summary = analysis.summary(name)
        targets = [(g.split(".")[0], False) for g in summary.reads_globals] + \
            [(g.split(".")[0], True) for g in summary.writes_globals]
        for position in summary.writes_params:
            if position < len(args):
                arg = args[position]
                while arg.type in ("parenthesized_expression", "pointer_expression", "cast_expression") and \
                        arg.named_child_count:
                    arg = arg.child_by_field_name("argument") or arg.child_by_field_name("value") or \
                        arg.named_children[-1]
                if arg.type == "identifier":
                    targets.append((_text(self.report, arg), True))
        line, column = node.start_point[0] + 1, node.start_point[1] + 1
        for var, write in targets:
            if var not in self.variables or var in self.threadprivate or \
                    var in scope.private and var not in self.pointers:
                continue
            self._access(var, None, write, line, column, scope)

    def _address_of(self, node, scope: _Scope) -> None:
        """`&x`, `&a[i]`: no access to x itself, but the subscripts are read."""
        while node is not None and node.type in ("subscript_expression", "field_expression",
                                                 "parenthesized_expression"):
            for index in self._subscripts(node):
                self._expression(index, scope)
            node = node.child_by_field_name("argument") if node.type != "parenthesized_expression" else (
                node.named_children[0] if node.named_children else None)

    @staticmethod
    def _subscripts(node) -> list:
        if node.type != "subscript_expression":
            return []
        index = node.child_by_field_name("index") or node.child_by_field_name("indices")
        if index is None and node.named_children:
            index = node.named_children[-1]
        if index is not None and index.type == "subscript_argument_list":
            return list(index.named_children)
        return [index] if index is not None else []

    def _location(self, node, scope: _Scope, *, write: bool, read: bool, whole: bool = False) -> None:
        if node is None:
            return
        parts: list[str] = []
        spans: list = []
        through_pointer = False
        current = node
        while True:
            if current.type == "parenthesized_expression" and current.named_child_count == 1:
                current = current.named_children[0]
            elif current.type == "subscript_expression":
                indices = self._subscripts(current)
                for index in indices:
                    self._expression(index, scope)
                parts.insert(0, "[" + ",".join(self._bind(_text(self.report, i), scope) for i in indices) + "]")
                spans.insert(0, indices)
                current = current.child_by_field_name("argument")
                through_pointer = True
            elif current.type == "field_expression":
                operator = current.child_by_field_name("operator")
                field_node = current.child_by_field_name("field")
                arrow = operator is not None and _text(self.report, operator) == "->"
                parts.insert(0, ("->" if arrow else ".") + (_text(self.report, field_node) if field_node else ""))
                through_pointer |= arrow
                current = current.child_by_field_name("argument")
            elif current.type == "pointer_expression" and _text(
                    self.report, current.child_by_field_name("operator") or current) == "*":
                self._expression(current.child_by_field_name("argument"), scope)
                parts.insert(0, "*")
                through_pointer = True
                current = current.child_by_field_name("argument")
                while current is not None and current.type == "parenthesized_expression" and \
                        current.named_child_count == 1:
                    current = current.named_children[0]
                if current is None or current.type != "identifier":
                    return
            else:
                break
            if current is None:
                return
        if current.type != "identifier":
            self._expression(current, scope)
            return
        var = _text(self.report, current)
        if var not in self.variables or var in self.threadprivate:
            return
        memory = (through_pointer and var in self.pointers) or var in scope.loop_statics
        private_copy = var in scope.private and not memory
        if private_copy and var not in self.task_shared:
            return
        key = None if whole or not parts else "".join(parts)
        distinct = key is not None and self._distinct_key(key, scope)
        iter_key = None
        if key is not None and scope.loop_var:
            iter_key = key.replace(scope.loop_var, "#")
        span = None
        if key is not None and len(spans) == 1 and len(spans[0]) == 1:
            span = self._span(_text(self.report, spans[0][0]), scope)
        common = dict(distinct=distinct, iter_key=iter_key, span=span, private_copy=private_copy,
                      own_pointer=through_pointer and var in scope.own_pointers)
        line, column = current.start_point[0] + 1, current.start_point[1] + 1
        if read:
            self._access(var, key, False, line, column, scope, **common)
        if write:
            self._access(var, key, True, line, column, scope, **common)

    def _access(self, var: str, key: str | None, write: bool, line: int, column: int, scope: _Scope,
                **fields) -> None:
        """Record an access made in `scope` (its unit, region, phase and protection)."""
        self.accesses.append(_Access(
            var, key, write, line, column, unit=scope.unit, region=scope.region,
            phase=self.phase.get(scope.region, 0) if scope.region is not None else 0, protect=scope.protect,
            seq=self.seq, static_in_loop=var in scope.loop_statics, **{"distinct": False, **fields}))

    def _bind(self, text: str, scope: _Scope) -> str:
        bindings = dict(reversed(scope.bindings))
        return re.sub(r"[A-Za-z_]\w*", lambda m: bindings.get(m.group(0), m.group(0)), _squash(text))

    def _span(self, text: str, scope: _Scope) -> tuple[int, int] | None:
        number = _constant(text, self.macros)
        if number is not None:
            return number, number
        match = re.fullmatch(r"([A-Za-z_]\w*)(?:([+-])(.+))?", _squash(text))
        if match is None:
            return None
        binding = dict(reversed(scope.bindings)).get(match.group(1))
        span = self.spans.get(binding or "")
        offset = _constant(match.group(3), self.macros) if match.group(3) else 0
        if span is None or offset is None:
            return None
        offset = -offset if match.group(2) == "-" else offset
        return span[0] + offset, span[1] + offset

    # -- races ---------------------------------------------------------------------------------------
    def races(self) -> list[tuple[_Access, _Access, str]]:
        by_var: dict[str, list[_Access]] = {}
        for access in self.accesses:
            by_var.setdefault(access.var, []).append(access)
        out = []
        for accesses in by_var.values():
            found = None
            for k, first in enumerate(accesses):
                for second in accesses[k:]:
                    if not (first.write or second.write):
                        continue
                    if first.key != second.key and first.key is not None and second.key is not None \
                            and not self._may_overlap(first, second):
                        continue
                    reason = self._concurrent(first, second)
                    if reason:
                        found = (first, second, reason) if first.write else (second, first, reason)
                        break
                if found:
                    break
            if found:
                out.append(found)
        return out

    @staticmethod
    def _may_overlap(first: _Access, second: _Access) -> bool:
        if first.span is not None and second.span is not None:
            return not (first.span[1] < second.span[0] or second.span[1] < first.span[0])
        if "[" not in (first.key or "") and "[" not in (second.key or ""):
            return first.key == second.key  # different fields of a struct
        return True

    def _concurrent(self, a: _Access, b: _Access) -> str | None:
        if a.protect & b.protect:
            return None
        task_a = self.tasks.get(a.unit[1]) if a.unit[0] == "task" else None
        task_b = self.tasks.get(b.unit[1]) if b.unit[0] == "task" else None
        if task_a or task_b:
            return self._task_concurrent(a, b, task_a, task_b)
        if a.private_copy or b.private_copy:
            return None
        if a.region is None or a.region != b.region or self._find(a.phase) != self._find(b.phase):
            return None
        if a is b:
            if a.unit[0] == "all" and not a.distinct:
                return "threads"
            if a.unit[0] == "iter" and a.static_in_loop:
                return "iterations"
            return None
        if a.unit == b.unit:
            if a.unit[0] == "all":
                return None if (a.key == b.key and a.distinct) else "threads"
            if a.unit[0] == "iter" and (a.protect or b.protect or a.static_in_loop):
                index = a.unit[2]
                if a.key is not None and a.key == b.key and isinstance(index, str) and index in a.key:
                    return None
                return "iterations"
            return None
        if a.key is not None and a.key == b.key and a.distinct and b.distinct:
            return None  # each thread its own element in both (`partial[tid] = 0;`, then an `omp for` on it)
        if a.unit[0] == "iter" and b.unit[0] == "iter":
            first, second = self.loop_info.get(a.unit[2]), self.loop_info.get(b.unit[2])
            if first and second and first[2] and second[2] and first[0] == second[0] and \
                    a.iter_key is not None and a.iter_key == b.iter_key and "#" in a.iter_key:
                return None
        if a.unit[0] == "section" and b.unit[0] == "section" and a.unit[2] == b.unit[2]:
            return "sections"
        return "threads"

    def _chained(self, task: _Task, var: str) -> bool:
        """The instances of `task` run one at a time: each has `depend(inout: var)` (or `out`, or
        `mutexinoutset`) on the one variable, and they are siblings, created by one thread (in a
        `single`, `master`, a section or a task that is not itself created many times). Tasks that every
        thread creates (or the iterations of a worksharing loop) are children of different tasks, which
        depend clauses do not order."""
        if not task.depends.get(var, set()) & {"out", "inout", "mutexinoutset"} or task.generator[0] in ("all", "iter"):
            return False
        parent = task.parent
        while parent is not None:
            if self.tasks[parent].multi or self.tasks[parent].generator[0] in ("all", "iter"):
                return False
            parent = self.tasks[parent].parent
        return True

    def _task_concurrent(self, a: _Access, b: _Access, task_a: _Task | None, task_b: _Task | None) -> str | None:
        if task_a and task_b:
            if task_a is task_b:
                if not task_a.multi or (a.key is not None and a.key == b.key and a.distinct):
                    return None
                if not (a.private_copy or b.private_copy) and self._chained(task_a, a.var):
                    return None
                return "task pointers" if a.own_pointer and b.own_pointer else "task instances"
            if task_b.parent == task_a.id or task_a.parent == task_b.id:
                return None
            if task_a.region != task_b.region or task_a.generator != task_b.generator:
                if not (task_a.region is not None and task_a.region == task_b.region
                        and self._find(task_a.phase) == self._find(task_b.phase)):
                    return None
            if not (task_a.start < task_b.end and task_b.start < task_a.end):
                return None
            kinds_a, kinds_b = task_a.depends.get(a.var), task_b.depends.get(a.var)
            # two `in` tasks, or two tasks of one `inoutset`, are not ordered by their common item
            if kinds_a and kinds_b and not (kinds_a | kinds_b <= {"in"} or kinds_a | kinds_b <= {"inoutset"}):
                return None
            return "tasks"
        task, other = (task_a, b) if task_a else (task_b, a)
        if other.unit == task.generator and other.region == task.region:
            return "task and its creator" if task.running_at(other.seq) else None
        if task.region is not None and other.region == task.region and \
                self._find(other.phase) == self._find(task.phase):
            return "task and other threads"
        return None


def _changes(report: FileReport, root, name: str) -> bool:
    """Code under `root` assigns `name`, updates it, or takes its address."""
    for node in _walk(root):
        target = None
        if node.type == "assignment_expression":
            target = node.child_by_field_name("left")
        elif node.type == "update_expression":
            target = node.child_by_field_name("argument")
        elif node.type == "pointer_expression" and _text(report, node.child_by_field_name("operator") or node) == "&":
            target = node.child_by_field_name("argument")
        if target is not None and target.type == "identifier" and _text(report, target) == name:
            return True
    return False


def _key_subscripts(key: str) -> list[str]:
    """The subscripts of a location key: `[a,b][c]->x[d]` → a, b, c, d."""
    out, depth, current = [], 0, []
    for ch in key:
        if ch == "[":
            depth += 1
            if depth == 1:
                current = []
                continue
        elif ch == "]":
            depth -= 1
            if depth == 0:
                out.extend(_split_top_level("".join(current)))
                continue
        if depth >= 1:
            current.append(ch)
    return out


def _set_in_enclosing_loop(report: FileReport, statement, name: str) -> bool:
    """`name` is declared or assigned in the loop around the task `statement` (`double *p = &a[i];` in its
    body, `for (node *p = head; p; p = p->next)`): a task created there captures a new value each time."""
    node = statement.parent if statement is not None else None
    while node is not None and node.type not in ("for_statement", "while_statement", "do_statement",
                                                 "function_definition"):
        node = node.parent
    if node is None or node.type == "function_definition":
        return False
    return re.search(rf"(?<![\w.>]){re.escape(name)}\s*=(?!=)", _text(report, node)) is not None


def _region_hazards(report: FileReport, functions: set[str] | None) -> list[Hazard]:
    """Races between units of parallel code (threads, sections, tasks), one finding per variable."""
    if b"omp" not in report.program.source:
        return []
    threadprivate = _threadprivate_names(report)
    helper_blocks = _has_thread_blocks(report)
    out: list[Hazard] = []
    for node in _walk(report.program.tree.root_node):
        if node.type != "function_definition":
            continue
        name = _function_name(report, node)
        if not name or (functions is not None and name not in functions):
            continue
        if re.search(rb"#\s*pragma", report.program.source[node.start_byte:node.end_byte]) is None:
            continue
        walk = _RegionWalk(report, name, node, threadprivate, helper_blocks)
        walk.walk()
        for first, second, reason in walk.races():
            if reason == "task pointers":
                where = re.sub(r"@\d+", "", first.var + (first.key or ""))
                out.append(Hazard(
                    "S2P706", f"`{where}` is written at line {first.line} "
                    f"by every instance of the task through a pointer each instance captures with a value of its own "
                    "(firstprivate): they reach different objects unless two instances get the same address, which is "
                    "not proven", first.line, first.column, (first.var,), None,
                    second.line if second is not first else None, {"reason": reason}, function=name))
                continue
            code = "S2P708" if "task" in reason else "S2P707"
            what = {"threads": "by every thread of the parallel region", "iterations": "by every iteration",
                    "sections": "by another section", "tasks": "by another task",
                    "task instances": "by another instance of the same task",
                    "task and its creator": "by a task and by the code that creates it",
                    "task and other threads": "by a task and by other threads"}[reason]
            other = f"line {second.line}" if second is not first else "the same statement"
            verb = "written" if second.write else "read"
            location = f"{first.var}{first.key or ''}"
            location = re.sub(r"@\d+", "", location)
            out.append(Hazard(
                code, f"`{location}` is written at line {first.line} and {verb} at {other} {what}, with no "
                "barrier, taskwait, depend, critical, atomic or lock between them: a data race",
                first.line, first.column, (first.var,), None, second.line if second is not first else None,
                {"reason": reason}, function=name))
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
        # `As[threadIdx.y][threadIdx.x]`: every subscript of the chain down to the array's name
        address, base = frozenset(), target
        while base is not None and base.type == "subscript_expression":
            index = base.child_by_field_name("index")
            if index is None:  # tree-sitter-cpp: subscript_argument_list
                index = base.named_children[-1]
            address |= _roots(report, index, scope)
            base = base.child_by_field_name("argument")
        base_name = _text(report, base) if base is not None and base.type == "identifier" else None
        if base_name in scope.local_arrays:
            return None
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
    if codes:
        return codes
    rest = line_text[match.end():].strip()
    # a bare `ignore`, or one with a reason (`ignore -- reviewed: benign`), silences every finding there; a
    # mistyped code (`ignore S2P70`) silences none, so the finding it meant to silence still shows
    return set() if re.match(r"S2P\d", rest, re.I) else {"*"}


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
