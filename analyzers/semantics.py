"""libclang semantics: the facts tree-sitter cannot see.

tree-sitter reads one file as written. libclang preprocesses it with the user's flags, so it knows macro
values from headers and `-D` flags, `restrict` hidden behind macros or typedefs, pointer parameters
spelled through typedefs, and constant array sizes. We walk only top-level declarations (function bodies
are skipped), which keeps it fast. When libclang cannot parse the file cleanly (missing headers, no
builtin headers, no libclang), `SemanticsUnavailable` says why and analysis continues on tree-sitter alone.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .frontend import CInteger, c_integer

# libclang parses on a thread of its own with an 8 MiB stack, which a long expression overflows (a file-scope
# initializer of 16,000 terms ended the whole process in a segmentation fault, no message, other files not
# reported). With LIBCLANG_NOTHREADS it parses on the calling thread: seq2par calls it on one with a large stack.
# Reserved address space, used only as deep as the parse goes (a 50,000-term expression fits); under an address
# space limit (`ulimit -v`, common on HPC login nodes) a smaller stack is tried, then the caller's own.
_CLANG_STACKS = (256 << 20, 32 << 20)
_STACK_SIZE_LOCK = threading.Lock()  # threading.stack_size is process-wide (the LSP analyzes on threads)


# A parse that takes longer is given up (the file is analyzed with tree-sitter alone, with a note): clang
# expanding a macro nested 2^14 times ran for minutes. The thread cannot be stopped; it is left to finish
# in the background, and libclang is not used again in this process (its index is not shared safely).
_CLANG_TIMEOUT = float(os.environ.get("SEQ2PAR_LIBCLANG_TIMEOUT", "30") or 30)
_STUCK: list[str] = []  # the file whose parse did not finish, once one did not


class _ParseTimeout(Exception):
    pass


def _on_big_stack(work: Callable[..., object], *args: object) -> object:
    """work(*args) on a thread with a large stack; its exception, if any, is raised here. Raises _ParseTimeout
    when it runs longer than _CLANG_TIMEOUT seconds, or when an earlier call did."""
    if _STUCK:
        raise _ParseTimeout(f"libclang has not finished parsing {_STUCK[0]} (over {_CLANG_TIMEOUT:.0f} s)")
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = work(*args)
        except BaseException as error:  # noqa: BLE001 - handed to the caller as it is
            outcome["error"] = error

    thread = None
    for size in _CLANG_STACKS:
        with _STACK_SIZE_LOCK:
            previous = threading.stack_size(size)
            try:
                thread = threading.Thread(target=run, name="seq2par-libclang", daemon=True)
                thread.start()
                break
            except RuntimeError:  # "can't start new thread": no room for that stack
                thread = None
            finally:
                threading.stack_size(previous)
    if thread is None:
        run()
    else:
        thread.join(_CLANG_TIMEOUT)
        if thread.is_alive():
            _STUCK.append(str(args[0]) if args else "a file")
            raise _ParseTimeout(f"libclang did not finish parsing in {_CLANG_TIMEOUT:.0f} s "
                                "(SEQ2PAR_LIBCLANG_TIMEOUT sets the limit)")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome.get("value")


class SemanticsUnavailable(Exception):
    """libclang could not provide facts for this file; the message says why."""


@dataclass
class ParamFacts:
    name: str
    is_pointer: bool
    restrict: bool


@dataclass(frozen=True)
class HeaderGlobal:
    """A file-scope variable declared in one of the user's headers."""

    element_type: str  # canonical element type (`double` for `static double lhs[..][..]`)
    dims: tuple[int, ...]
    pointer_depth: int
    is_static: bool


@dataclass
class ClangFacts:
    macros: dict[str, int] = field(default_factory=dict)
    params: dict[str, list[ParamFacts]] = field(default_factory=dict)
    array_sizes: dict[str, tuple[int, ...]] = field(default_factory=dict)
    defined: dict[str, int | None] = field(default_factory=dict)  # every macro name, with its integer value
    # function-like macros of the user's own headers (not system ones): name → (parameters, body text)
    function_macros: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    header_globals: dict[str, HeaderGlobal] = field(default_factory=dict)
    # object-like macros whose body is only words (`#define DATA_TYPE double`): name → body text
    word_macros: dict[str, str] = field(default_factory=dict)
    # other object-like macros of the user's headers (`#define ALIAS_ROWS u[1] = u[2]`): name → body text
    code_macros: dict[str, str] = field(default_factory=dict)


_WORD = re.compile(r"^[A-Za-z_]\w*$")
_INT = re.compile(r"^\(?\s*(-?)\s*(\w+)\s*\)?$")


def _integer_value(text: str) -> int | None:
    """`0170000`, `(-4)`, `0x10UL`...: the integer a macro body spells, else None."""
    m = _INT.match(text)
    if m is None:
        return None
    value = c_integer(m.group(2))
    return None if value is None else (CInteger(-value, value.kind) if m.group(1) else value)


@lru_cache(maxsize=1)
def _builtin_include_flags() -> tuple[str, ...]:
    """clang's own headers (stddef.h...) are not in the PyPI wheel: use Debian's, else gcc's."""
    for resource in sorted(Path("/usr/lib").glob("llvm-*/lib/clang/*"), reverse=True):
        if (resource / "include" / "stddef.h").exists():
            return ("-resource-dir", str(resource))
    for include in sorted(Path("/usr/lib/gcc/x86_64-linux-gnu").glob("*/include"), reverse=True):
        if (include / "stddef.h").exists():
            return ("-isystem", str(include))
    return ()


@lru_cache(maxsize=1)
def _index():
    os.environ.setdefault("LIBCLANG_NOTHREADS", "1")  # parse on the caller's thread (see _on_big_stack)
    try:
        import clang.cindex as cindex
    except ImportError as exc:  # pragma: no cover - dependency is pinned
        raise SemanticsUnavailable(f"libclang is not installed ({exc})") from exc
    try:
        return cindex, cindex.Index.create()
    except Exception as exc:  # the shared library could not be loaded
        raise SemanticsUnavailable(f"libclang could not be loaded ({exc})") from exc


# Code written before C99 (NPB's `main(argc, argv) int argc; ...`, calls to functions declared nowhere) is
# an error for clang 16 and later and a warning for the compilers it was written for: read it as they do.
_PRE_C99_ACCEPTED = ("-Wno-error=implicit-int", "-Wno-error=implicit-function-declaration",
                     "-Wno-error=int-conversion")


# Flags that name a file the compiler, preprocessor, assembler or linker writes (or a folder it writes in):
# seq2par builds in a folder of its own, and such a path could be a source.
_NAMING_PREFIXES = ("-o", "--output", "-MF", "-MJ", "-dumpdir", "-dumpbase", "-save-temps", "--save-temps",
                    "-aux-info", "-fdeps-file", "-save-stats", "-fproc-stat-report", "-fcrash-diagnostics-dir",
                    "-fmodules-cache-path", "-foptimization-record-file", "-Xclang", "-Xpreprocessor",
                    "-Xassembler", "@")
_NAMING_EQUALS = ("-fdump-", "-fopt-info", "-fprofile-generate=", "-fprofile-dir=", "-fprofile-instr-generate=",
                  "-fcallgraph-info=", "-ftime-trace=", "-fstack-usage=")
_LINKER_OUTPUT = re.compile(r"(?:^|,)(?:-o|--output|-Map|--Map|--dependency-file|--out-implib|@)")
_PASSED_ON = re.compile(r"(?:^|,)(?:-MD|-MMD|-MF|-o|-a\w*=|--MD)")  # in -Wp,... / -Wa,...
# Flags that write beside the output (in seq2par's build folder: harmless there) or that only shape a
# dependency list; a parse with libclang needs none of them, and it honours some (`-MD` wrote src.d).
_PARSE_ONLY_DROPS = ("-M", "-fdump-", "-fopt-info", "-fprofile-", "-ftime-trace", "-fsave-optimization-record",
                     "-fstack-usage", "-fcallgraph-info", "--coverage", "-Wl,", "-Xlinker", "-Wa,")
_WITH_VALUE = {"-o", "-MF", "-MT", "-MQ", "-MJ", "-aux-info", "-dumpdir", "-dumpbase", "-Xlinker", "-Xclang",
               "-Xpreprocessor", "-Xassembler"}


def writes_files(flag: str, following: str = "") -> bool:
    """Whether a compiler flag (with the word after it) names a file or folder the compiler, the
    preprocessor, the assembler or the linker writes (`-o x`, `-MF x`, `-MJ x`, `-fdump-tree-all=x`,
    `-Wl,-Map=x`, `-Wp,-MD,x`, `-Wa,-adhln=x`, `-Xlinker -o`, a response file `@f`): seq2par refuses them
    for builds (flags that write beside the output, such as `-MD`, stay allowed there) and never gives them
    to libclang."""
    if flag.startswith(_NAMING_PREFIXES) or (flag.startswith(_NAMING_EQUALS) and "=" in flag):
        return True
    if flag.startswith("-Wl,"):
        return _LINKER_OUTPUT.search(flag[4:]) is not None
    if flag.startswith(("-Wp,", "-Wa,")):
        return _PASSED_ON.search(flag[4:]) is not None
    return flag == "-Xlinker" and _LINKER_OUTPUT.search(following) is not None


def parse_only(flags: list[str]) -> list[str]:
    """`flags` without those that write files or only shape a dependency list or a build (`writes_files`,
    `-MD`, `-MT x`, `-fdump-...`, linker and assembler flags), with their values: a parse needs none of them,
    and libclang honours `-MD -MF x` (it overwrote x)."""
    out: list[str] = []
    skip = False
    for k, flag in enumerate(flags):
        if skip:
            skip = False
            continue
        following = flags[k + 1] if k + 1 < len(flags) else ""
        if writes_files(flag, following) or flag.startswith(_PARSE_ONLY_DROPS):
            skip = flag in _WITH_VALUE
            continue
        out.append(flag)
    return out


def _clang_args(language: str, flags: list[str]) -> list[str]:
    return ["-x", "c++" if language == "cpp" else "c", *(["-std=c++17"] if language == "cpp" else []),
            *_builtin_include_flags(), *(_PRE_C99_ACCEPTED if language != "cpp" else ()), *parse_only(flags)]


def clang_errors(path: str, source: bytes, language: str, flags: list[str]
                 ) -> list[tuple[int, int, str, bool]] | None:
    try:
        return _on_big_stack(_clang_errors, path, source, language, flags)  # type: ignore[return-value]
    except (_ParseTimeout, UnicodeDecodeError):
        return None  # (the compiler cannot tell, as when it is not installed)


def _clang_errors(path: str, source: bytes, language: str, flags: list[str]
                  ) -> list[tuple[int, int, str, bool]] | None:
    """The errors (line, column, message, whether it is a parse error) the compiler front end finds in this
    file itself, function bodies included; None when libclang cannot tell (not installed, the file could not
    be loaded, or a fatal error such as a header not found, after which clang reports nothing more). Used
    only to tell a real syntax error from code that seq2par's grammar cannot read, so it parses the file
    once more."""
    try:
        cindex, index = _index()
    except SemanticsUnavailable:
        return None
    name = os.path.abspath(path)
    try:
        tu = index.parse(name, args=[*_clang_args(language, flags), "-ferror-limit=0"],
                         unsaved_files=[(name, source.decode("utf-8", "replace"))],
                         options=cindex.TranslationUnit.PARSE_INCOMPLETE)
    except (cindex.TranslationUnitLoadError, UnicodeEncodeError):
        return None
    # a header not found stops clang (a fatal error after which it reports nothing more): it cannot tell
    if any(d.severity >= cindex.Diagnostic.Fatal for d in tu.diagnostics):
        return None
    # parse errors and lexical/preprocessor ones (an unterminated comment, `#if` without a condition) confirm
    return [(d.location.line, d.location.column, d.spelling,
             d.category_name in ("Parse Issue", "Lexical or Preprocessor Issue"))
            for d in tu.diagnostics if d.severity >= cindex.Diagnostic.Error and d.location.file is not None
            and os.path.abspath(d.location.file.name) == name]


def clang_facts(path: str, source: bytes, language: str, flags: list[str]) -> ClangFacts:
    """Parse with libclang and collect facts; raises SemanticsUnavailable."""
    try:
        return _on_big_stack(_clang_facts, path, source, language, flags)  # type: ignore[return-value]
    except _ParseTimeout as timeout:
        raise SemanticsUnavailable(str(timeout)) from None
    except UnicodeDecodeError:  # (libclang's spellings of a header's `#define R \xff`)
        raise SemanticsUnavailable("libclang: a header holds bytes that are not UTF-8") from None


def _clang_facts(path: str, source: bytes, language: str, flags: list[str]) -> ClangFacts:
    cindex, index = _index()
    args = _clang_args(language, flags)
    options = (cindex.TranslationUnit.PARSE_DETAILED_PROCESSING_RECORD
               | cindex.TranslationUnit.PARSE_SKIP_FUNCTION_BODIES
               | cindex.TranslationUnit.PARSE_INCOMPLETE)
    name = os.path.abspath(path)
    try:
        tu = index.parse(name, args=args, unsaved_files=[(name, source.decode("utf-8", "replace"))],
                         options=options)
    except cindex.TranslationUnitLoadError as exc:
        raise SemanticsUnavailable(f"libclang could not parse the file ({exc})") from exc
    errors = [d for d in tu.diagnostics if d.severity >= cindex.Diagnostic.Error]
    if errors:
        first = errors[0]
        where = f"{first.location.line}:{first.location.column}" if first.location.file else ""
        raise SemanticsUnavailable(f"libclang: {first.spelling} {where}".strip())
    facts = ClangFacts()
    kinds = cindex.CursorKind
    for cursor in tu.cursor.get_children():
        kind = cursor.kind
        if kind == kinds.MACRO_DEFINITION:
            token_list = list(cursor.get_tokens())
            tokens = [t.spelling for t in token_list]
            if tokens:
                facts.defined[tokens[0]] = None
            macro = _function_macro(cursor, token_list)
            if macro is not None:
                facts.function_macros[tokens[0]] = macro
                continue
            if len(tokens) >= 2:
                value = _integer_value("".join(tokens[1:]))
                if value is not None:
                    facts.macros[tokens[0]] = value
                    facts.defined[tokens[0]] = value
                elif len(tokens) <= 5 and all(_WORD.match(t) for t in tokens[1:]):
                    facts.word_macros[tokens[0]] = " ".join(tokens[1:])
                elif cursor.location.file is not None and cursor.location.file.name != name and \
                        not cursor.location.is_in_system_header:
                    facts.code_macros[tokens[0]] = " ".join(tokens[1:])
            elif len(tokens) == 1:  # `#define POLYBENCH_RESTRICT`: expands to nothing
                facts.word_macros[tokens[0]] = ""
        elif kind == kinds.FUNCTION_DECL:
            params = []
            for arg in cursor.get_arguments():
                t = arg.type
                canonical = t.get_canonical()
                params.append(ParamFacts(arg.spelling,
                                         canonical.kind in (cindex.TypeKind.POINTER,
                                                            cindex.TypeKind.INCOMPLETEARRAY),
                                         t.is_restrict_qualified() or canonical.is_restrict_qualified()))
            if cursor.is_definition() or cursor.spelling not in facts.params:
                facts.params[cursor.spelling] = params
        elif kind == kinds.VAR_DECL:
            dims = []
            t = cursor.type.get_canonical()
            while t.kind == cindex.TypeKind.CONSTANTARRAY:
                dims.append(t.get_array_size())
                t = t.element_type.get_canonical()
            if dims:
                facts.array_sizes[cursor.spelling] = tuple(dims)
            location = cursor.location.file
            if location is not None and os.path.abspath(str(location)) != name \
                    and not str(location).startswith("/usr/"):
                # a file-scope variable of the user's own header (NPB's header.h): the file's code names it
                pointers = 0
                while t.kind == cindex.TypeKind.POINTER:
                    pointers += 1
                    t = t.get_pointee().get_canonical()
                facts.header_globals[cursor.spelling] = HeaderGlobal(
                    t.spelling.replace("const ", ""), tuple(dims), pointers,
                    cursor.storage_class == cindex.StorageClass.STATIC)
    return facts


def _function_macro(cursor, tokens) -> tuple[tuple[str, ...], str] | None:
    """(parameters, body) of `#define NAME(a, b) body` from a header of the user's (system headers are the
    library's business: their macros stand for calls the analysis already knows by name)."""
    if len(tokens) < 3 or tokens[1].spelling != "(":
        return None
    name_end, paren = tokens[0].extent.end, tokens[1].extent.start
    if (name_end.line, name_end.column) != (paren.line, paren.column):
        return None  # `#define N (4)`: an object-like macro whose body starts with a parenthesis
    location = cursor.location
    filename = str(location.file) if location.file else ""
    if getattr(location, "is_in_system_header", False) or filename.startswith("/usr/"):
        return None
    params: list[str] = []
    index = 2
    while index < len(tokens) and tokens[index].spelling != ")":
        if tokens[index].spelling not in (",",):
            params.append(tokens[index].spelling)
        index += 1
    if index >= len(tokens) or "..." in params:
        return None
    return tuple(params), " ".join(t.spelling for t in tokens[index + 1:])


def macros_from_flags(flags: list[str]) -> dict[str, int]:
    """Integer `-DNAME=VALUE` definitions (tree-sitter mode has no preprocessor)."""
    out: dict[str, int] = {}
    items = list(flags)
    for i, flag in enumerate(items):
        value = None
        if flag == "-D" and i + 1 < len(items):
            value = items[i + 1]
        elif flag.startswith("-D"):
            value = flag[2:]
        if value and "=" in value:
            name, _, number = value.partition("=")
            number_value = _integer_value(number)
            if number_value is not None:
                out[name] = number_value
    return out


def defined_from_flags(flags: list[str]) -> dict[str, int | None]:
    """Every `-DNAME[=VALUE]` (integer value or None), less the names a later `-UNAME` removes; `-fopenmp`
    defines `_OPENMP` (201511, OpenMP 4.5 as gcc reports it), as the compiler does."""
    out: dict[str, int | None] = {}
    items = list(flags)
    if any(flag in ("-fopenmp", "-qopenmp", "-fiopenmp") for flag in items):
        out["_OPENMP"] = 201511
    for i, flag in enumerate(items):
        for prefix in ("-D", "-U"):
            if flag == prefix and i + 1 < len(items):
                value = items[i + 1]
            elif flag.startswith(prefix) and len(flag) > 2:
                value = flag[2:]
            else:
                continue
            name, _, number = value.partition("=")
            if prefix == "-U":
                out.pop(name, None)
            else:
                out[name] = _integer_value(number) if number else 1
    return out
