"""Entry points: analyze a source text, a file, or a tree of files into FileReports."""

from __future__ import annotations

import gc
import json
import re
import shlex
import sys
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .dependence import LoopAnalysis, ProgramAnalysis, Reduction
from .findings import Finding
from .frontend import (
    PARENTHESIZED_NAME,
    SOURCE_SUFFIXES,
    ParseError,
    file_macros,
    first_non_utf8,
    function_declarator,
    language_for_path,
    parse,
    pragma_body,
    pragma_macros,
    qualifier_macro,
    qualifier_macros,
    rescue_source,
    syntax_problems,
    utf8_only,
)
from .ir import (
    DEFINE_OR_UNDEF,
    Program,
    build_program,
    declarator_query,
    enclosing_function,
    unsettled_function_macros,
)
from .semantics import SemanticsUnavailable, clang_errors, clang_facts, defined_from_flags, macros_from_flags

_RECURSION_LIMIT = 20_000  # frames; enough for expressions of thousands of terms

MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass
class LoopReport:
    id: int
    function: str
    line: int
    column: int
    end_line: int
    depth: int
    parent: int | None
    kind: str
    var: str | None
    verdict: str
    reductions: list[Reduction]
    private: list[str]
    findings: list[Finding]
    assertions: list[str]
    analysis: LoopAnalysis = field(repr=False, compare=False)

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking]

    @property
    def lastprivate(self) -> list[str]:
        """Private scalars whose last iteration's value is used after the loop (S2P214)."""
        return list(self.analysis.lastprivate) if self.analysis is not None else []

    def summary(self) -> str:
        """Compiler-remark style: `parallel (reduction +: sum; private: t)` or `sequential: <reason>`."""
        if self.verdict == "sequential":
            blocking = self.blocking
            more = f" (+{len(blocking) - 1} more)" if len(blocking) > 1 else ""
            return f"sequential: {blocking[0].message}{more}" if blocking else "sequential"
        parts = []
        by_op: dict[str, list[str]] = {}
        for r in self.reductions:
            label = r.op if r.kind in ("scalar", "array", "element") else r.kind
            name = f"{r.var}[]" if r.kind == "array" else r.element or r.var
            if r.index_var:
                name += f"@{r.index_var}"
            by_op.setdefault(label, []).append(name)
        for op, names in by_op.items():
            parts.append(f"reduction {op}: {', '.join(names)}")
        if self.private:
            parts.append(f"private: {', '.join(self.private)}")
        if self.lastprivate:
            conditional = set(self.analysis.conditional)
            parts.append("lastprivate: " + ", ".join(f"{name} (conditional)" if name in conditional else name
                                                      for name in self.lastprivate))
        if self.assertions:
            parts.append(f"asserted independent: {', '.join(self.assertions)}")
        return self.verdict.split("-")[0] + (f" ({'; '.join(parts)})" if parts else "")

    def to_dict(self) -> dict:
        return {
            "id": self.id, "function": self.function, "line": self.line, "column": self.column,
            "end_line": self.end_line, "depth": self.depth, "parent": self.parent, "kind": self.kind,
            "var": self.var, "verdict": self.verdict,
            "reductions": [r.to_dict() for r in self.reductions], "private": list(self.private),
            "lastprivate": self.lastprivate,
            **({"lastprivate_conditional": list(self.analysis.conditional)}
               if self.analysis is not None and self.analysis.conditional else {}),
            "findings": [f.to_dict() for f in self.findings], "assertions": list(self.assertions),
        }


@dataclass
class FileReport:
    path: str
    language: str
    mode: str
    mode_note: str
    loops: list[LoopReport]
    parse_errors: list[Finding]
    program: Program = field(repr=False, compare=False)
    analyses: dict[int, LoopAnalysis] = field(default_factory=dict, repr=False, compare=False)
    program_analysis: ProgramAnalysis | None = field(default=None, repr=False, compare=False)  # summaries

    def loop_at_line(self, line: int) -> LoopReport:
        for loop in self.loops:
            if loop.line == line:
                return loop
        raise KeyError(f"no loop starts on line {line} of {self.path}")

    def unreadable(self) -> str | None:
        """Why no code is generated for this file (its first region that does not parse), or None."""
        if not self.parse_errors:
            return None
        first = self.parse_errors[0]
        why = "fix the syntax error before generating code" if first.code == "S2P100" else \
            "seq2par generates code only for a file it reads whole: write that region in today's C"
        return f"{self.path}:{first.line}:{first.column}: {first.message}; {why}"

    def to_dict(self) -> dict:
        return {
            "path": self.path, "language": self.language, "mode": self.mode, "mode_note": self.mode_note,
            "loops": [loop.to_dict() for loop in self.loops],
            "parse_errors": [f.to_dict() for f in self.parse_errors],
        } | ({"unanalyzed_loops": lost} if (lost := self.unanalyzed_loops()) else {})

    def unanalyzed_loops(self) -> list[int]:
        """The lines of the loops that a syntax problem keeps from getting a verdict."""
        return sorted(line for f in self.parse_errors for line in f.extra.get("unanalyzed_loops", ()))

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2)


def analyze_source(code: str | bytes, path: str = "snippet.c", flags: Iterable[str] = (),
                   use_libclang: bool = False, language: str | None = None,
                   allocators: Iterable[str] = (), confirm_syntax: bool | None = None) -> FileReport:
    """Analyze C/C++ source text. Syntax errors are reported as S2P100 findings, never raised.
    `allocators`: functions defined in other files of the same program that return fresh storage.
    `confirm_syntax` (default: `use_libclang`): ask the compiler about each region tree-sitter cannot parse."""
    # The IR is hundreds of thousands of small objects without reference cycles worth collecting
    # mid-analysis; pausing the cyclic collector makes analysis about a third faster.
    enabled = gc.isenabled()
    gc.disable()
    try:
        with deep_recursion(path):
            return _analyze_source(code, path, flags, use_libclang, language, allocators,
                                   use_libclang if confirm_syntax is None else confirm_syntax)
    finally:
        if enabled:
            gc.enable()


@contextmanager
def deep_recursion(path: str):
    """Room for the passes that recurse along expressions (the IR builder, `check`'s hazard rules): a
    generated 1,000-term sum nests about 3,000 frames deep. Deeper still is a ParseError naming the file,
    not a RecursionError."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, _RECURSION_LIMIT))
    try:
        yield
    except RecursionError:
        raise ParseError(f"{path}: an expression is nested too deeply to analyze (over {_RECURSION_LIMIT:,} "
                         "levels); split it into several statements") from None
    finally:
        sys.setrecursionlimit(limit)


def _syntax_finding(problem, compiler_errors: list[tuple[int, int, str, bool]] | None,
                    lost: tuple[str, list[int]] = ("loops in this region are not analyzed", [])) -> Finding:
    """S2P100 for a region tree-sitter cannot parse, with the compiler's message when libclang finds an
    error there too (`extra["confirmed"]` when that error is a parse error: the file does not compile);
    S2P101 when libclang compiled the whole file and found none near it (valid code that the grammar cannot
    read). `lost`: what is not analyzed because of it, and the lines of the loops that get no verdict (see
    _lost_to_syntax; `extra["unanalyzed_loops"]`)."""
    where = f"lines {problem.line}-{problem.end_line}"
    scope, lines = lost
    if lines:
        scope += f"; {_lines_text(lines)}"
    extra = {"unanalyzed_loops": lines} if lines else {}
    if compiler_errors is None:
        missing = f" (missing {problem.missing})" if problem.missing else ""
        return Finding("S2P100", f"syntax error{missing} in {where}; {scope}", problem.line, problem.column,
                       extra=extra)
    near = [e for e in compiler_errors if problem.line - 1 <= e[0] <= problem.end_line + 1]
    if near:
        line, column, message, parse_error = next((e for e in near if e[3]), near[0])
        return Finding("S2P100", f"syntax error in {where}: {message} (at {line}:{column}); {scope}",
                       problem.line, problem.column, extra={**extra, "confirmed": True} if parse_error else extra)
    return Finding("S2P101", f"seq2par cannot parse {where}, which the compiler accepts; {scope}",
                   problem.line, problem.column, extra=extra)


def _lines_text(lines: list[int]) -> str:
    """`the loops at lines 7, 8 get no verdict`, at most 12 lines named."""
    shown = ", ".join(str(line) for line in lines[:12]) + (f" and {len(lines) - 12} more" if len(lines) > 12 else "")
    if len(lines) == 1:
        return f"the loop at line {shown} gets no verdict"
    return f"the loops at lines {shown} get no verdict"


_LOOP_STATEMENTS = frozenset({"for_statement", "while_statement", "do_statement", "for_range_loop"})
_FUNCTION_LIKE = frozenset({"function_definition", "lambda_expression"})


def _lost_to_syntax(root, problems: list, analyzed: set[tuple[int, int]]) -> list[tuple[str, list[int]]]:
    """Per syntax problem, what it keeps from being analyzed: the whole function that holds it (a function
    with a syntax error is not analyzed), else its own region; and the lines of the loops that get no verdict
    because of it. A loop gets none when it sits in a function with an error, in an error region, or outside
    any function (where only a misparse puts it); each such loop is told once, with the problem of its
    function, else the nearest one before it."""
    scopes, functions = [], []
    for problem in problems:
        node = root.descendant_for_point_range((problem.line - 1, problem.column - 1),
                                               (problem.line - 1, problem.column - 1))
        if node is not None and node.type != "function_definition":
            node = enclosing_function(node)
        declarator = function_declarator(node) if node is not None else None
        name = declarator.child_by_field_name("declarator") if declarator is not None else None
        if node is None or name is None:
            scopes.append("loops in this region are not analyzed")
            functions.append(None)
        else:
            first, last = node.start_point[0] + 1, node.end_point[0] + 1
            scopes.append(f"the function `{name.text.decode('utf-8', 'replace')}` that holds it (lines "
                          f"{first}-{last}) is not analyzed")
            functions.append((first, last, node.start_byte, node.end_byte))
    lost: list[list[int]] = [[] for _ in problems]
    stack = [(root, False, False)]  # (node, inside a function, inside something not analyzed)
    while stack and problems:
        node, inside, dropped = stack.pop()
        if node.type in _LOOP_STATEMENTS:
            line, column = node.start_point[0] + 1, node.start_point[1] + 1
            if (dropped or not inside) and (line, column) not in analyzed:
                owner = next((i for i, f in enumerate(functions) if f and f[2] <= node.start_byte < f[3]), None)
                if owner is None:
                    before = [i for i, problem in enumerate(problems) if problem.line <= line]
                    owner = before[-1] if before else 0
                lost[owner].append(line)
        inside = inside or node.type in _FUNCTION_LIKE
        dropped = dropped or node.type == "ERROR" or (node.type == "function_definition" and node.has_error)
        stack.extend((child, inside, dropped) for child in node.children)
    return [(scope, sorted(set(lines))) for scope, lines in zip(scopes, lost, strict=True)]


def _analyze_source(code: str | bytes, path: str, flags: Iterable[str], use_libclang: bool,
                    language: str | None, allocators: Iterable[str] = (), confirm_syntax: bool = False
                    ) -> FileReport:
    source = code.encode() if isinstance(code, str) else code
    odd = first_non_utf8(source)
    if odd is not None:
        source = utf8_only(source)
    language = language or language_for_path(path) or "c"
    flags = list(flags)
    special = special_include_error(Path(path), source, flags)
    if special is not None:
        raise ParseError(f"{path}: {special}")
    macros = macros_from_flags(flags)
    mode, note = "treesitter", "libclang not requested"
    facts = None
    if use_libclang:
        try:
            facts = clang_facts(path, source, language, flags)
            mode, note = "libclang", "types, macros and restrict from libclang"
            macros = {**facts.macros, **macros}
        except SemanticsUnavailable as exc:
            note = f"tree-sitter only: {exc}"
        except UnicodeEncodeError:  # libclang takes UTF-8 file names only
            note = "tree-sitter only: libclang cannot open a file whose name is not UTF-8"
    tree = parse(source, language)
    own = _own_headers(Path(path), source, flags)
    header_texts = [text for _, text in own.found]
    if tree.root_node.has_error:
        # Code written for a preprocessor (a pragma between a `for` header and its body, braces opened in
        # one `#ifdef` branch and closed after `#endif`, `double * RESTRICT a;` with an empty RESTRICT):
        # parse the same-length text the compiler would see.
        defined = {**file_macros(source), **defined_from_flags(flags), **(facts.defined if facts else {})}
        texts = [source, *header_texts]
        blank = qualifier_macros(texts)
        if facts is not None:
            # libclang's macros (system headers' too), less those the file or its own headers define
            # otherwise somewhere (`#undef R` and `#define R(i) ...` after `#define R`)
            mentioned = {m.group(2).decode() for text in texts for m in DEFINE_OR_UNDEF.finditer(text)}
            pragmas = pragma_macros(texts) | {name for name, (_, body) in facts.function_macros.items()
                                              if pragma_body(body)}
            # (and those every definition of which in the file and its own headers is such a macro, which
            # libclang reports no single word for: `#define PRAGMA_SIMD PRAGMA(GCC ivdep)`)
            blank = frozenset(name for name, body in facts.word_macros.items() if qualifier_macro(body, pragmas)
                              and name not in facts.function_macros and (name not in mentioned or name in blank)) | \
                frozenset(name for name in blank if name not in facts.word_macros and name not in facts.function_macros)
        rescued = rescue_source(source, defined, blank)
        if rescued is not None:
            other = parse(rescued, language)
            if len(syntax_problems(other.root_node)) < len(syntax_problems(tree.root_node)):
                tree = other
                note += "; parsed with #pragma lines blanked, conditional groups resolved as the macros known " \
                        "here decide, macros of qualifiers blanked and old-style definitions given their implicit int"
    headers, unread = ([], ()) if facts is not None else _header_programs(own, language, macros)
    if own.found and language == "c":
        allocators = {*allocators, *_header_allocators(own, headers or _header_programs(own, language, macros)[0])}
    typedefs = _typedef_words([source, *header_texts])
    # (a header that #undefs and redefines a function-like macro: libclang reports only the last definition)
    unsettled = unsettled_function_macros(b"\n".join(header_texts), set(), facts is not None) if own.found else set()

    header_words, code_words = _header_words(own)

    def build(tree) -> Program:
        return build_program(path, language, source, tree, macros, facts.function_macros if facts else None,
                             facts.header_globals if facts else None, facts.word_macros if facts else None,
                             allocators, headers, facts.code_macros if facts else None, typedefs, unsettled,
                             unread, header_words if language == "cpp" else frozenset())

    # (C only: C++'s `f<1>(i)+1`, `T{}(i)*2`, `static_cast<int>(i)*2` read otherwise)
    if language == "c" and _PARENTHESIZED_NAME_BYTES.search(tree.root_node.text):
        globals_ = set(facts.header_globals) if facts else {name for h in headers for name in h.globals}
        macro_names = {m.group(2).decode() for m in DEFINE_OR_UNDEF.finditer(source)} | \
            set(facts.defined if facts else ()) | \
            {name for h in headers for name in h.file_macro_names}
        unparenthesized = _variables_unparenthesized(tree, language, globals_, typedefs | macro_names)
        if unparenthesized is not None:
            tree = parse(unparenthesized, language)
    program = build(tree)
    program.header_code_words = code_words
    if language == "cpp" and own.found:
        program.header_programs = headers or _header_programs(own, language, macros)[0]
        program.header_classes = frozenset(c for h in program.header_programs for c in h.classes) - program.classes
    if odd is not None:
        line = source[:odd].count(b"\n") + 1
        note += f"; bytes that are not UTF-8 (the first on line {line}) read as `?`"
    if facts is not None:
        _merge_facts(program, facts)
    problems = syntax_problems(tree.root_node)
    # Ask the compiler about each region (in libclang mode the facts above come from a parse that skips
    # function bodies): a real syntax error, or valid code the grammar cannot read (S2P101)?
    confirmed = clang_errors(path, source, language, flags) if problems and confirm_syntax else None
    if confirmed and language == "c" and str(path).lower().endswith(".h"):
        # a `.h` header may be C++ (templates, classes): an error only if C++ rejects it too
        as_cpp = clang_errors(path, source, "cpp", flags)
        if as_cpp is not None:
            cpp_lines = {line for line, _, _, parse_error in as_cpp if parse_error}
            confirmed = as_cpp if not cpp_lines else [(line, column, message, parse_error and line in cpp_lines)
                                                      for line, column, message, parse_error in confirmed]
    analysis = ProgramAnalysis(program)
    loops: list[LoopReport] = []
    analyses: dict[int, LoopAnalysis] = {}
    for fn in program.functions.values():
        for result in analysis.analyze_function(fn):
            lp = result.loop
            analyses[lp.id] = result
            loops.append(LoopReport(lp.id, lp.function, lp.line, lp.column, lp.end_line, lp.depth, lp.parent,
                                    lp.kind, lp.var if lp.kind != "range" else None, result.verdict,
                                    result.reductions, result.private, result.findings, result.assertions,
                                    result))
    loops.sort(key=lambda r: (r.line, r.column))
    lost = _lost_to_syntax(tree.root_node, problems, {(r.line, r.column) for r in loops})
    parse_errors = [_syntax_finding(p, confirmed, scope) for p, scope in zip(problems, lost, strict=True)]
    return FileReport(path, language, mode, note, loops, parse_errors, program, analyses, analysis)


def _typedef_words(texts: list[bytes]) -> frozenset[str]:
    """Every word of the `typedef` statements of `texts` (a superset of the type names they declare)."""
    words: set[str] = set()
    for text in texts:
        if b"typedef" in text:
            for statement in re.findall(rb"\btypedef\b[^;]*;", text):
                words |= {word.decode() for word in re.findall(rb"[A-Za-z_]\w*", statement)}
    return frozenset(words)


def _variables_unparenthesized(tree, language: str, header_globals: set[str], not_variables: set[str]
                               ) -> bytes | None:
    """The tree's text (the same length) with the parentheses of each misread cast dropped: a variable in
    parentheses before an operator that may also be unary (`( c1345 ) * tmp1` in NPB, `(i)+order*(j)`),
    which the grammar took for a cast to a type of that name (of `*tmp1`, a read through a pointer). Only
    where the name is a variable: declared in the function the cast is in or at file scope (or a header's
    global), and named by no typedef statement or macro (`not_variables`). None when there is none."""
    from tree_sitter import QueryCursor

    root = tree.root_node
    text = root.text
    found = []
    for m in _PARENTHESIZED_NAME_BYTES.finditer(text):  # (each candidate looked up in the tree: no query)
        node = root.descendant_for_byte_range(m.start(1), m.end(1))
        if node is not None and node.type == "type_identifier" and node.parent is not None and \
                node.parent.type == "type_descriptor" and node.parent.parent is not None and \
                node.parent.parent.type == "cast_expression" and \
                node.text.decode("utf-8", "replace") not in not_variables:
            found.append(node)
    if not found:
        return None
    declarations = declarator_query(language)
    file_scope: set[str] | None = None
    in_function: dict[int, set[str]] = {}
    out = bytearray(text)
    for name_node in found:
        cast = name_node.parent.parent  # type_identifier < type_descriptor < cast_expression
        function = enclosing_function(cast)
        if function is None:
            continue
        if function.id not in in_function:
            in_function[function.id] = {n.text.decode("utf-8", "replace")
                                        for n in QueryCursor(declarations).captures(function).get("name", [])}
        if file_scope is None:
            file_scope = set(header_globals)
            stack = list(root.named_children)
            while stack:  # (file-scope declarations, in `#if` groups too: not a query over every function)
                node = stack.pop()
                if node.type == "declaration":
                    file_scope |= {n.text.decode("utf-8", "replace")
                                   for n in QueryCursor(declarations).captures(node).get("name", [])}
                elif node.type.startswith("preproc_") or node.type == "linkage_specification":
                    stack.extend(node.named_children)
        name = name_node.text.decode("utf-8", "replace")
        if name not in in_function[function.id] and name not in file_scope:
            continue
        close = text.find(b")", name_node.parent.end_byte - root.start_byte)
        opening = cast.start_byte - root.start_byte
        if text[opening:opening + 1] != b"(" or close < 0:
            continue
        out[opening] = out[close] = 0x20
    return bytes(out) if out != text else None


_PARENTHESIZED_NAME_BYTES = re.compile(PARENTHESIZED_NAME.pattern.encode())


_INCLUDE = re.compile(rb'^[ \t]*#[ \t]*include[ \t]*(?:"([^"\n]+)"|<([^>\n]+)>)', re.M)


def _include_dirs(flags: list[str], quoted: bool = True) -> list[Path]:
    """The folders `#include "x.h"` (`quoted`) or `#include <x.h>` is looked up in: -I, and for the quoted
    form -iquote too."""
    dirs = []
    for i, flag in enumerate(flags):
        for prefix in ("-I", "-iquote") if quoted else ("-I",):
            if flag == prefix and i + 1 < len(flags):
                dirs.append(Path(flags[i + 1]))
            elif flag.startswith(prefix) and len(flag) > len(prefix) and not flag.startswith("-include"):
                dirs.append(Path(flag[len(prefix):]))
    return dirs


@lru_cache(maxsize=256)
def _header_program(path: str, source: bytes, language: str, macros: tuple[tuple[str, int], ...]) -> Program:
    """A header's declarations, once per process for one text and one set of macros known before it (the
    files of a batch share their headers). Only read, never changed, by the programs that include it."""
    if first_non_utf8(source) is not None:
        source = utf8_only(source)  # (a header's `#define R \xff` ended the analysis in a UnicodeDecodeError)
    return build_program(path, language, source, parse(source, language), dict(macros))


@dataclass
class _OwnHeaders:
    """The file's own headers (`#include "x.h"`, looked up beside the including file, then in the -I folders;
    `#include <x.h>` found in the -I folders), nested ones first, each read once; the names of those not found
    or not readable; and whether some were left unread because they nest deeper than 8 levels."""

    found: list[tuple[Path, bytes]]
    unread: list[str]
    too_deep: bool = False
    unconditional: set[Path] = field(default_factory=set)  # those included outside any #if group, all the way


def _header_allocators(own: _OwnHeaders, programs: list[Program]) -> set[str]:
    """Allocators the file's own C headers define (PRK's `static inline void *prk_malloc(size_t)`): their
    results are storage of their own, as the results of another file's allocators are. Only from headers
    the file includes outside any `#if` group (include guards aside: the group of the whole header), and
    not a name some header defines twice or also as a macro."""
    defined: dict[str, int] = {}
    macros: set[str] = set()
    for program in programs:
        for name in program.functions:
            defined[name] = defined.get(name, 0) + 1
        macros |= program.file_macro_names | set(program.function_macros) | set(program.code_macros)
    out = set()
    for (key, _), program in zip(own.found, programs, strict=True):
        if key in own.unconditional:
            out |= {name for name in program.allocators
                    if name in program.functions and defined.get(name) == 1 and name not in macros}
    return out


def _conditional(text: bytes, offset: int, guard: int | None) -> bool:
    """The place `offset` of `text` lies inside an `#if`/`#ifdef`/`#ifndef` group, other than the header's
    include guard (which ends at `guard`, see _include_guard)."""
    depth = -1 if guard is not None and guard <= offset else 0
    for m in _CONDITIONAL_DIRECTIVE.finditer(text, 0, offset):
        depth += 1 if m.group(1).startswith(b"if") else -1 if m.group(1) == b"endif" else 0
    return depth > 0


def _include_guard(text: bytes) -> int | None:
    """Where the include guard's `#define` ends when the text (its comments blanked) starts with `#ifndef X`
    and `#define X` and that group closes only at the text's last `#endif` (not `#ifndef N` / `#define N
    100` / `#endif`, a default at the top of a file), else None."""
    at = len(text) - len(text.lstrip())
    guard = _INCLUDE_GUARD.match(text, at)
    if guard is None:
        return None
    depth = 0
    for m in _CONDITIONAL_DIRECTIVE.finditer(text, at):
        depth += 1 if m.group(1).startswith(b"if") else -1 if m.group(1) == b"endif" else 0
        if depth == 0:
            return guard.end() if not text[m.end():].strip(b" \t\r\n") or \
                _CONDITIONAL_DIRECTIVE.search(text, m.end()) is None and not _INCLUDE.search(text, m.end()) \
                else None
    return None


def _blank(text: bytes) -> bytes:
    """`text` with every byte but line ends made a blank (offsets and lines kept)."""
    return b"\n".join(b" " * len(line) for line in text.split(b"\n"))


# a string or character literal (kept: group 1), else a comment (blanked)
_COMMENTS_BLANKED = re.compile(rb"(\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*')|/\*.*?\*/|//[^\n]*", re.S)


_CONDITIONAL_DIRECTIVE = re.compile(rb"(?m)^[ \t]*#[ \t]*(if|ifdef|ifndef|endif)\b")
_INCLUDE_GUARD = re.compile(rb"#[ \t]*ifndef[ \t]+(\w+)[ \t]*\r?\n[ \t]*#[ \t]*define[ \t]+\1\b")


def _own_headers(path: Path, source: bytes, flags: list[str]) -> _OwnHeaders:
    dirs, angled = _include_dirs(flags), _include_dirs(flags, quoted=False)
    out = _OwnHeaders([], [])
    seen: set[Path] = set()

    def visit(including: Path, text: bytes, depth: int, surely: bool = True) -> None:
        text = _COMMENTS_BLANKED.sub(lambda m: m.group(1) or _blank(m.group()), text) if b"/" in text else text
        guard = _include_guard(text) if surely and b"#" in text else None
        for match in _INCLUDE.finditer(text):
            quoted = match.group(1) is not None
            name = (match.group(1) or match.group(2)).decode("utf-8", "replace")
            # (`<x.h>` is looked up only in the -I folders: a header the user's flags bring in, PRK's
            # `<par-res-kern_general.h>`; one not found there is the system's)
            places = (including.parent, *dirs) if quoted else angled
            found = next((d / name for d in places if (d / name).is_file()), None)
            if found is None:
                if quoted:
                    out.unread.append(name)
                continue
            key = found.resolve()
            if key in seen or depth >= 8:
                out.too_deep |= key not in seen
                continue
            seen.add(key)
            try:
                header = found.read_bytes()
            except OSError:
                out.unread.append(name)
                continue
            # (an #include inside an #if group may not be compiled: what it defines is not surely the program's)
            included = surely and not _conditional(text, match.start(), guard)
            visit(found, header, depth + 1, included)
            out.found.append((key, header))
            if included:
                out.unconditional.add(key)

    visit(path, source, 0)
    return out


def _header_programs(own: _OwnHeaders, language: str,
                     macros: dict[str, int]) -> tuple[list[Program], tuple[str, ...]]:
    """The file's own headers, each parsed with tree-sitter into the declarations it makes (with the macros
    the headers before it define); and the names of those not found. For tree-sitter mode: libclang reads
    headers itself."""
    programs: list[Program] = []
    known = dict(macros)
    for key, header in own.found:
        program = _header_program(str(key), header, language, tuple(sorted(known.items())))
        known.update(program.macros)
        programs.append(program)
    return programs, tuple(own.unread)


_FUNCTION_BODY = re.compile(rb"\)\s*(?:const\s*)?\{")
_COMMENT = re.compile(rb"/\*.*?\*/|//[^\n]*", re.S)


def _header_words(own: _OwnHeaders) -> tuple[frozenset[str] | None, frozenset[str] | None]:
    """The names that occur in the file's own headers (a function of the file they name may have an overload
    there), and those of the headers that hold function bodies: code the analysis does not see, which may read
    a file-scope variable the file also uses. (None, None) when a header could not be read (anything may be in
    it)."""
    if own.unread or own.too_deep:
        return None, None
    words: set[str] = set()
    code_words: set[str] = set()
    for _, header in own.found:
        code = _COMMENT.sub(b" ", header)
        found = {w.decode() for w in re.findall(rb"[A-Za-z_]\w*", code)}
        words |= found
        if _FUNCTION_BODY.search(code):
            code_words |= found
    return frozenset(words), frozenset(code_words)


def special_include_error(path: Path, source: bytes, flags: list[str]) -> str | None:
    """Why the file cannot be compiled: it includes (directly, or through its own headers) a header that exists
    and is neither a regular file nor a folder (a FIFO, a device; `/dev/null` is fine), looked up as
    `_own_headers` does (beside the including file, then the -I folders; an absolute name as it is); a
    compiler (libclang too) would wait for ever on a FIFO, or read /dev/zero to no end. None when there is
    none."""
    if b"include" not in source:
        return None
    dirs = _include_dirs(flags)
    seen: set[Path] = set()
    pending = [(path, source, 0)]
    while pending:
        including, text, depth = pending.pop()
        for match in _INCLUDE.finditer(text):
            name = (match.group(1) or match.group(2)).decode("utf-8", "replace")
            places = [Path(name)] if name.startswith("/") else \
                [d / name for d in ((including.parent, *dirs) if match.group(1) else dirs)]
            for candidate in places:
                try:
                    if not candidate.exists() or candidate.is_dir():
                        continue  # (a folder named like a header is passed over, as the compiler does)
                    if not candidate.is_file():
                        if candidate.resolve() == Path("/dev/null"):
                            break  # empty, as a compiler reads it
                        return f"it includes {candidate}, which is not a regular file (a FIFO, a device): nothing " \
                               "reads it"
                    key = candidate.resolve()
                    if key not in seen and depth < 8 and candidate.stat().st_size <= _MAX_HEADER_BYTES:
                        seen.add(key)
                        pending.append((candidate, candidate.read_bytes(), depth + 1))
                except OSError:
                    pass
                break
    return None


_MAX_HEADER_BYTES = 16 << 20


def _merge_facts(program: Program, facts) -> None:
    for fn in program.functions.values():
        params = facts.params.get(fn.name)
        if not params:
            continue
        for var in fn.params:
            if var.line >= len(params):
                continue
            fact = params[var.line]  # `line` holds the parameter's position
            var.is_pointer = var.is_pointer or fact.is_pointer
            var.restrict = var.restrict or fact.restrict
    for name, dims in facts.array_sizes.items():
        var = program.globals.get(name)
        if var is not None:
            var.is_array = True
            var.dims = tuple(str(d) for d in dims)


def binary_data(data: bytes) -> bool:
    """A NUL byte in the first 8 KiB: a binary file (an object file, an executable), not source text."""
    return b"\0" in data[:8192]


def read_source(path: Path, *, any_suffix: bool = False) -> bytes:
    """Read a C/C++ file; raises ParseError for anything that is not analyzable source text.
    `any_suffix` accepts a name the analyzer does not map to a language (a CUDA header, `.cuh`)."""
    if not path.exists():
        raise ParseError(f"{path}: no such file or directory")
    if path.is_dir():
        raise ParseError(f"{path}: is a directory")
    if not path.is_file():  # a FIFO or a device: reading it may block forever
        raise ParseError(f"{path}: not a regular file")
    if not any_suffix and language_for_path(path) is None:
        raise ParseError(f"{path}: not a C/C++ source file (expected one of "
                         f"{', '.join(sorted(SOURCE_SUFFIXES))})")
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise ParseError(f"{path}: file is {size // (1024 * 1024)} MB, larger than the "
                         f"{MAX_FILE_BYTES // (1024 * 1024)} MB limit")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ParseError(f"{path}: cannot read ({exc.strerror})") from exc
    if binary_data(data):
        raise ParseError(f"{path}: binary file, not C/C++ source")
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            data.decode("latin-1")
        except UnicodeDecodeError as exc:  # pragma: no cover - latin-1 decodes anything
            raise ParseError(f"{path}: not a text file") from exc
    return data


def analyze_file(path: str | Path, flags: Iterable[str] = (), use_libclang: bool = True,
                 allocators: Iterable[str] = ()) -> FileReport:
    """Analyze one file; raises ParseError for unreadable, binary or non-C/C++ input."""
    path = Path(path)
    data = read_source(path)
    return analyze_source(data, str(path), flags, use_libclang, language_for_path(path), allocators)


def program_links(report: FileReport) -> tuple[frozenset[str], frozenset[str]]:
    """What a file offers the other files of one run and what it needs from them: the allocators it
    defines, and the functions it calls without defining them."""
    program = report.program
    called = {call.name for fn in program.functions.values() for call in fn.calls if call.method_of is None}
    return frozenset(name for name in program.allocators if name in program.functions), \
        frozenset(called - set(program.functions))


def allocators_of_the_run(links: list[tuple[frozenset[str], frozenset[str]]]) -> list[frozenset[str]]:
    """Per file of one run, the allocators other files define that it calls (PolyBench's kernels call
    `polybench_alloc_data` of utilities/polybench.c): a file with any is analyzed again knowing them."""
    defined = frozenset().union(*(offers for offers, _ in links)) if links else frozenset()
    return [needs & defined for _, needs in links]


def collect_sources(paths: Iterable[str | Path], suffixes: Iterable[str] = SOURCE_SUFFIXES) -> list[Path]:
    """Expand directories into their sources with one of `suffixes` (sorted; hidden folders skipped).

    Raises ParseError for a missing path or a directory without such sources.
    """
    suffixes = set(suffixes)
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in suffixes
                           and not any(part.startswith(".") for part in p.relative_to(path).parts))
            if not found:
                raise ParseError(f"{path}: directory contains no sources ({', '.join(sorted(suffixes))})")
            out.extend(found)
        elif not path.exists():
            raise ParseError(f"{path}: no such file or directory")
        else:
            out.append(path)
    return out


def flags_from_compile_commands(database: Path, source: Path) -> list[str]:
    """Flags for `source` from a compile_commands.json (include paths made absolute); [] if absent.

    Raises `ParseError` when the database cannot be read or is not a list of entries with a usable command.
    """
    try:
        entries = json.loads(database.read_text())
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ParseError(f"{database}: cannot read compile database ({exc})") from exc
    if not isinstance(entries, list) or not all(isinstance(entry, dict) for entry in entries):
        raise ParseError(f"{database}: not a compile database (expected a JSON list of objects with "
                         '"directory", "file" and "arguments" or "command")')
    target = source.resolve()
    for entry in entries:
        directory = Path(str(entry.get("directory", ".")))
        file = Path(str(entry.get("file", "")))
        if not file.is_absolute():
            file = directory / file
        if file.resolve() != target:
            continue
        try:
            argv = entry.get("arguments") or shlex.split(str(entry.get("command", "")))
        except ValueError as exc:
            raise ParseError(f"{database}: the command for {source} cannot be split into arguments ({exc})") from exc
        if not isinstance(argv, list):
            raise ParseError(f'{database}: "arguments" for {source} is not a list of words')
        flags, skip = [], False
        for arg in map(str, argv[1:]):
            if skip:
                skip = False
                continue
            if arg in ("-c", "-o"):
                skip = arg == "-o"
                continue
            if arg == entry.get("file") or Path(arg).name == source.name:
                continue
            if arg.startswith("-I") and len(arg) > 2 and not Path(arg[2:]).is_absolute():
                arg = "-I" + str(directory / arg[2:])
            flags.append(arg)
        return flags
    return []
