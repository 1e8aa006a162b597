"""Per-document analysis state for the LSP server: full analysis once, then only what an edit can change.

An edit inside one function body changes the results of that function and of the functions it calls
(their call sites decide whether pointer arguments may alias). It changes the results of the functions
that call it only through its *summary* (what it writes, reads, prints; whether it exits): the analysis
of a caller's loop consults nothing else about a callee. So the edited function and its direct callees
are re-analyzed in a reduced text that keeps what their analyses read — their callees (transitively,
for summaries) and their direct callers (for call sites) — with every other function blanked by spaces
(newlines kept, so lines and columns do not move). The edited function's new summary is compared with
its old one: if they differ, the whole document is analyzed. Cached results of the other functions are
reused, shifted by the number of lines the edit added or removed above them.

Whenever this reasoning might not hold — a syntax error, a change outside function bodies (globals,
macros, types, comments between functions), a preprocessor definition inside the edited function, two
functions changed at once, a name the analysis keys differently (C++ methods) — the whole document is
analyzed again. `DocumentState.update(text, incremental=False)` always analyzes the whole document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from seq2par.analyzers import Finding, analyze_source
from seq2par.analyzers.dependence import ProgramAnalysis
from seq2par.analyzers.frontend import function_declarator, language_for_path, parse
from seq2par.cli.check_cmd import check_findings
from seq2par.cli.check_config import CheckConfig
from seq2par.cli.hazards import CheckedSource, CudaMarks, blank_cuda, is_cuda_path

# When the context of an edit holds more than this share of the functions, the whole file is analyzed.
_MAX_CONTEXT_SHARE = 0.6
_PREPROCESSOR_DEFINITION = re.compile(rb"^\s*#\s*(define|undef)\b", re.M)
_BLANK = bytes(byte if byte == ord("\n") else ord(" ") for byte in range(256))  # keep newlines only


def _single_edit(old: bytes, new: bytes) -> tuple[int, int, int]:
    """(start, old_end, new_end) of the one byte range in which `old` and `new` differ (binary search on
    slice equality, so it costs a few memcmp calls instead of a Python loop over the text)."""
    limit = min(len(old), len(new))
    low, high = 0, limit
    while low < high:  # longest common prefix
        mid = (low + high + 1) // 2
        if old[:mid] == new[:mid]:
            low = mid
        else:
            high = mid - 1
    prefix = low
    low, high = 0, limit - prefix
    while low < high:  # longest common suffix not overlapping the prefix
        mid = (low + high + 1) // 2
        if old[len(old) - mid:] == new[len(new) - mid:]:
            low = mid
        else:
            high = mid - 1
    return prefix, len(old) - low, len(new) - low


def _point(source: bytes, offset: int) -> tuple[int, int]:
    row = source.count(b"\n", 0, offset)
    return row, offset - (source.rfind(b"\n", 0, offset) + 1)


@dataclass(frozen=True)
class LoopView:
    """What the editor shows about one loop (absolute 1-based positions)."""

    function: str
    line: int
    column: int
    end_line: int
    depth: int
    verdict: str
    summary: str
    reductions: tuple[str, ...]
    private: tuple[str, ...]
    findings: tuple[Finding, ...]
    assertions: tuple[str, ...]

    def shifted(self, delta: int) -> LoopView:
        if delta == 0:
            return self
        return replace(self, line=self.line + delta, end_line=self.end_line + delta,
                       summary=_shift_message(self.summary, delta),
                       findings=tuple(_shift(f, delta) for f in self.findings))


_LINE_REFERENCE = re.compile(r"\b(at |line |lines )(\d+)(?=[:)\-, ]|$)|(?<=\d-)(\d+)\b")


def _shift_message(message: str, delta: int) -> str:
    """Line numbers quoted in a message (`written at 29:13`, `(line 13)`, `lines 4-6`) move with the code."""
    def move(match: re.Match) -> str:
        if match.group(3) is not None:
            return str(int(match.group(3)) + delta)
        return f"{match.group(1)}{int(match.group(2)) + delta}"

    return _LINE_REFERENCE.sub(move, message)


def _shift(finding: Finding, delta: int) -> Finding:
    if delta == 0:
        return finding
    changes: dict = {"line": finding.line + delta, "message": _shift_message(finding.message, delta)}
    if finding.related_line:
        changes["related_line"] = finding.related_line + delta
    for key in ("loop_line", "directive_line"):
        value = getattr(finding, key, None)
        if value:
            changes[key] = value + delta
    return replace(finding, **changes)


def loop_view(loop) -> LoopView:
    reductions = tuple(
        f"{r.kind if r.kind in ('minloc', 'maxloc') else r.op}: {r.var}{'[]' if r.kind == 'array' else ''}"
        + (f" @ {r.index_var}" if r.index_var else "") for r in loop.reductions)
    return LoopView(loop.function, loop.line, loop.column, loop.end_line, loop.depth, loop.verdict,
                    loop.summary(), reductions, tuple(loop.private), tuple(loop.findings),
                    tuple(loop.assertions))


@dataclass(frozen=True)
class _Item:
    """A top-level piece of the document: a function definition (named) or anything else."""

    name: str | None
    text: bytes
    start_byte: int
    end_byte: int
    start_line: int  # 1-based
    start_column: int
    callees: frozenset[str] = frozenset()


@dataclass
class _FunctionResult:
    text: bytes
    start_line: int
    start_column: int
    callees: frozenset[str]
    loops: list[LoopView]
    findings: list[tuple[Finding, str]]
    program: ProgramAnalysis  # the analysis this function's results came from (for its summary)


@dataclass
class Analysis:
    """The result of one update: every loop and every check finding of the document."""

    version: int | None
    loops: list[LoopView]
    findings: list[tuple[Finding, str]]  # (finding, severity) from `check`: hazards, notes, syntax errors
    parse_errors: list[Finding]
    incremental: bool
    functions_analyzed: int
    seconds: float = 0.0

    def loops_at_line(self, line: int) -> list[LoopView]:
        return [loop for loop in self.loops if loop.line == line]


@dataclass
class DocumentState:
    """One open document: its path (for the language and CUDA handling) and the cached per-function results."""

    path: str
    config: CheckConfig = field(default_factory=CheckConfig)
    _items: list[_Item] | None = None
    _functions: dict[str, _FunctionResult] = field(default_factory=dict)
    _incremental_ok: bool = True
    _tree: tuple | None = None  # (language, source, tree) of the last update
    last: Analysis | None = None

    def update(self, text: str, version: int | None = None, *, incremental: bool = True) -> Analysis:
        """Analyze the new text of the document (only the affected functions when that is exact)."""
        import time

        start = time.perf_counter()
        source, marks, language = self._prepare(text)
        tree = self._parse(source, language)
        items = _top_level_items(tree, source)
        plan = self._plan(items, tree) if incremental else None
        if plan is None:
            result = self._full(text, source, marks, language, items, version)
        else:
            result = self._partial(text, source, marks, language, items, plan, version)
        result.seconds = time.perf_counter() - start
        self.last = result
        return result

    def full_report(self, text: str) -> CheckedSource:
        """A complete analysis of `text` (for code generation); does not touch the cache."""
        source, marks, language = self._prepare(text)
        report = analyze_source(source, self.path, language=language, flags=self.config.compiler_flags)
        return CheckedSource(report, marks, text.splitlines())

    # -- internals --------------------------------------------------------------------------------------
    def _parse(self, source: bytes, language: str):
        """Parse `source`, reusing the previous tree (tree-sitter's incremental parsing) when there is one."""
        previous = self._tree
        self._tree = None
        if previous is None or previous[0] != language:
            tree = parse(source, language)
        else:
            _, old_source, old_tree = previous
            start, old_end, new_end = _single_edit(old_source, source)
            old_tree.edit(start_byte=start, old_end_byte=old_end, new_end_byte=new_end,
                          start_point=_point(old_source, start), old_end_point=_point(old_source, old_end),
                          new_end_point=_point(source, new_end))
            tree = parse(source, language, old_tree)
        self._tree = (language, source, tree)
        return tree

    def _prepare(self, text: str) -> tuple[bytes, CudaMarks | None, str]:
        source = text.encode("utf-8", "replace")  # a lone surrogate from an editor: `?`, not a dead document
        marks = None
        if is_cuda_path(self.path):
            source, marks = blank_cuda(source)
            return source, marks, "cpp"
        return source, marks, language_for_path(self.path) or "c"

    def _plan(self, items: list[_Item], tree) -> tuple[str, set[str]] | None:
        """(edited function, functions to re-analyze), or None when the whole document must be analyzed.

        ("", set()) when no function changed (only blank lines or nothing between them moved).
        """
        old = self._items
        if old is None or not self._incremental_ok or tree.root_node.has_error:
            return None
        old_other = [i.text for i in old if i.name is None]
        new_other = [i.text for i in items if i.name is None]
        old_names = [i.name for i in old if i.name is not None]
        new_names = [i.name for i in items if i.name is not None]
        if old_other != new_other or old_names != new_names or len(set(new_names)) != len(new_names):
            return None
        old_by_name = {i.name: i for i in old if i.name is not None}
        for item in items:
            if item.name is not None and item.start_column != old_by_name[item.name].start_column:
                return None
        changed = [i for i in items if i.name is not None and i.text != old_by_name[i.name].text]
        if not changed:
            return "", set()
        if len(changed) > 1:
            return None
        edited = changed[0]
        before = old_by_name[edited.name]
        if _PREPROCESSOR_DEFINITION.search(edited.text) or _PREPROCESSOR_DEFINITION.search(before.text):
            return None
        defined = set(new_names)
        return edited.name, {edited.name} | ((edited.callees | before.callees) & defined)

    @staticmethod
    def _context(affected: set[str], items: list[_Item]) -> set[str] | None:
        """The functions whose text the analyses of `affected` read; None when that is most of the file."""
        defined = {i.name for i in items if i.name is not None}
        callees = {i.name: i.callees & defined for i in items if i.name is not None}
        callers: dict[str, set[str]] = {name: set() for name in defined}
        for name, called in callees.items():
            for callee in called:
                callers[callee].add(name)
        context = set(affected) | _closure(affected, callees)
        for name in affected:
            context |= callers[name]
        if len(context) > _MAX_CONTEXT_SHARE * max(1, len(defined)):
            return None
        return context

    def _full(self, text: str, source: bytes, marks, language: str, items: list[_Item],
              version: int | None) -> Analysis:
        report = analyze_source(source, self.path, language=language, flags=self.config.compiler_flags)
        checked = CheckedSource(report, marks, text.splitlines())
        findings = check_findings(checked, self.config)
        names = {i.name for i in items if i.name is not None}
        self._incremental_ok = names == set(report.program.functions) and not report.parse_errors
        self._items = items
        self._functions = {}
        program = report.program_analysis
        loops = [loop_view(loop) for loop in report.loops]
        for item in items:
            if item.name is None:
                continue
            self._functions[item.name] = _FunctionResult(
                item.text, item.start_line, item.start_column, item.callees,
                [lp for lp in loops if lp.function == item.name],
                [(f, s) for f, s in findings if getattr(f, "function", None) == item.name], program)
        return Analysis(version, loops, findings, list(report.parse_errors), False, len(names))

    def _partial(self, text: str, source: bytes, marks, language: str, items: list[_Item],
                 plan: tuple[str, set[str]], version: int | None) -> Analysis:
        edited, affected = plan
        fresh: dict[str, tuple[list[LoopView], list[tuple[Finding, str]]]] = {}
        program = None
        if affected:
            context = self._context(affected, items)
            if context is None:
                return self._full(text, source, marks, language, items, version)
            reduced = bytearray(source.translate(_BLANK))
            for item in items:
                if item.name is None or item.name in context:
                    reduced[item.start_byte:item.end_byte] = item.text
            report = analyze_source(bytes(reduced), self.path, language=language,
                                    flags=self.config.compiler_flags)
            program = report.program_analysis
            # Callers see the edited function only through its summary: if that changed, their loops'
            # findings may change, so everything is analyzed again.
            if edited not in report.program.functions or \
                    program.summary(edited) != self._functions[edited].program.summary(edited):
                return self._full(text, source, marks, language, items, version)
            checked = CheckedSource(report, marks, text.splitlines())
            findings = check_findings(checked, self.config, functions=affected)
            for name in affected:
                fresh[name] = ([loop_view(lp) for lp in report.loops if lp.function == name],
                               [(f, s) for f, s in findings if getattr(f, "function", None) == name])
        loops: list[LoopView] = []
        all_findings: list[tuple[Finding, str]] = []
        functions: dict[str, _FunctionResult] = {}
        for item in items:
            if item.name is None:
                continue
            cached = self._functions[item.name]
            if item.name in fresh:
                new_loops, new_findings = fresh[item.name]
                source_program = program
            else:
                delta = item.start_line - cached.start_line
                new_loops = [lp.shifted(delta) for lp in cached.loops]
                new_findings = [(_shift(f, delta), s) for f, s in cached.findings]
                source_program = cached.program
            functions[item.name] = _FunctionResult(item.text, item.start_line, item.start_column, item.callees,
                                                   new_loops, new_findings, source_program)
            loops.extend(new_loops)
            all_findings.extend(new_findings)
        self._items = items
        self._functions = functions
        loops.sort(key=lambda lp: (lp.line, lp.column))
        all_findings.sort(key=lambda item: (item[0].line, item[0].column, item[0].code))
        return Analysis(version, loops, all_findings, [], True, len(affected))


def _closure(start: set[str], graph: dict[str, set[str]]) -> set[str]:
    seen: set[str] = set()
    stack = list(start)
    while stack:
        for nxt in graph.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _top_level_items(tree, source: bytes) -> list[_Item]:
    items = []
    for node in tree.root_node.children:
        name = _definition_name(node, source) if node.type == "function_definition" else None
        text = source[node.start_byte:node.end_byte]
        items.append(_Item(name, text, node.start_byte, node.end_byte, node.start_point[0] + 1,
                           node.start_point[1], _called_names(text) if name else frozenset()))
    return items


def _definition_name(node, source: bytes) -> str | None:
    declarator = function_declarator(node)
    if declarator is None:
        return None
    name = declarator.child_by_field_name("declarator")
    if name is None or name.type != "identifier":
        return None
    return source[name.start_byte:name.end_byte].decode("utf-8", "replace")


_IDENTIFIER = re.compile(rb"[A-Za-z_]\w*")


@lru_cache(maxsize=4096)
def _called_names(text: bytes) -> frozenset[str]:
    """Every identifier of a function's text: a superset of the functions it calls or passes on as
    pointers (names in comments and strings only make the recheck larger, never wrong)."""
    return frozenset(name.decode() for name in _IDENTIFIER.findall(text))
