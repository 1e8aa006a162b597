"""tree-sitter frontend: parsing C/C++ quickly and tolerantly.

tree-sitter never fails on a syntax error: it returns a tree with ERROR/MISSING nodes. We report those
regions (S2P100) and still analyze every function that parsed cleanly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

C_SUFFIXES = {".c", ".h"}
CPP_SUFFIXES = {".cpp", ".cc", ".cxx", ".c++", ".hpp", ".hh", ".hxx", ".cu"}
SOURCE_SUFFIXES = C_SUFFIXES | CPP_SUFFIXES


class ParseError(Exception):
    """The input cannot be analyzed at all (not C/C++, binary, unreadable)."""


def first_non_utf8(data: bytes) -> int | None:
    """Byte offset of the first byte that is not UTF-8 (a Latin-1 `é` in a string literal), else None."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return None


def utf8_only(data: bytes) -> bytes:
    """`data` with every byte that is not UTF-8 replaced by `?`: the same length, so every offset (a
    finding's column, an edit) still points where it did; the analysis reads names and numbers, which
    such bytes (in string literals and comments) are never part of."""
    out = bytearray(data)
    start = first_non_utf8(data)
    while start is not None:
        try:
            bytes(out[start:]).decode("utf-8")
            break
        except UnicodeDecodeError as exc:
            out[start + exc.start:start + exc.end] = b"?" * (exc.end - exc.start)
            start += exc.end
    return bytes(out)


def language_for_path(path: str | Path) -> str | None:
    suffix = Path(path).suffix.lower()
    if suffix in C_SUFFIXES:
        return "c"
    if suffix in CPP_SUFFIXES:
        return "cpp"
    return None


@lru_cache(maxsize=2)
def parser_for(language: str):
    """The tree-sitter parser of "c" or "cpp" (one per process)."""
    from tree_sitter import Language, Parser

    if language == "cpp":
        import tree_sitter_cpp

        return Parser(Language(tree_sitter_cpp.language()))
    import tree_sitter_c

    return Parser(Language(tree_sitter_c.language()))


def parse(source: bytes, language: str, old_tree=None):
    """Parse `source`; returns a tree_sitter.Tree (never raises on syntax errors). With `old_tree` (edited to
    match `source` with `Tree.edit`), tree-sitter re-parses incrementally."""
    if old_tree is None:
        return parser_for(language).parse(source)
    return parser_for(language).parse(source, old_tree)


def function_declarator(node):
    """The `function_declarator` under a definition's or declaration's declarator chain (through pointer,
    reference and parenthesized declarators), or None when `node` declares no function."""
    declarator = node.child_by_field_name("declarator")
    while declarator is not None and declarator.type != "function_declarator":
        if declarator.type == "reference_declarator":  # `V &operator+=(...)`: its declarator is no field
            declarator = declarator.named_children[-1] if declarator.named_children else None
        else:
            declarator = declarator.child_by_field_name("declarator")
    return declarator


@dataclass(frozen=True)
class SyntaxProblem:
    line: int
    column: int
    end_line: int
    missing: str | None = None


def implicit_int_definition(node):
    """The body of a K&R-style definition with an implicit `int` (`main() { ... }`), which the grammar reads
    as a call statement missing its `;` followed by a block: (name, body) when `node` is that call
    statement, else None."""
    if node.type != "expression_statement" or node.named_child_count != 1 or not node.has_error:
        return None
    call = node.named_children[0]
    body = node.next_named_sibling
    if call.type != "call_expression" or body is None or body.type != "compound_statement":
        return None
    name = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if name is None or name.type != "identifier" or args is None \
            or any(a.type != "identifier" for a in args.named_children):
        return None
    if not any(c.is_missing for c in node.children):
        return None
    return name.text.decode(), body


def syntax_problems(root, limit: int = 50) -> list[SyntaxProblem]:
    """ERROR and MISSING regions, found by descending only into subtrees that contain errors."""
    problems: list[SyntaxProblem] = []
    if not root.has_error:
        return problems
    stack = [root]
    while stack and len(problems) < limit:
        node = stack.pop()
        if implicit_int_definition(node) is not None:
            continue  # analyzed as the definition it is
        if node.is_missing:
            problems.append(SyntaxProblem(node.start_point[0] + 1, node.start_point[1] + 1,
                                          node.end_point[0] + 1, node.type))
            continue
        if node.type == "ERROR":
            problems.append(SyntaxProblem(node.start_point[0] + 1, node.start_point[1] + 1,
                                          node.end_point[0] + 1))
            continue
        stack.extend(reversed([c for c in node.children if c.has_error]))
    problems.sort(key=lambda p: (p.line, p.column))
    return problems


_C_INTEGER = re.compile(r"(0[xX][0-9a-fA-F']+|0[bB][01']+|0[0-7']*|[1-9][0-9']*)"
                        r"(?:[uU](?:ll|LL|l|L|z|Z)?|(?:ll|LL|l|L|z|Z)[uU]?)?")


class CInteger(int):
    """An integer literal's value with the type C gives it, as `kind`: s32 (int), u32, s64 (long) or u64
    (LP64), so that a macro's value still says whether it is unsigned (`#define N 100u` in a header)."""

    kind: str

    def __new__(cls, value: int, kind: str) -> CInteger:
        number = super().__new__(cls, value)
        number.kind = kind
        return number

    def __reduce__(self):
        return CInteger, (int(self), self.kind)


def literal_kind(value: int, suffix: str, decimal: bool) -> str:
    """The type of an integer literal (C11 6.4.4.1, LP64): the first of its candidate types that holds it."""
    suffix = suffix.lower()
    unsigned, wide = "u" in suffix, "l" in suffix or "z" in suffix
    if unsigned:
        candidates = ("u64",) if wide else ("u32", "u64")
    elif wide:
        candidates = ("s64",) if decimal else ("s64", "u64")
    else:
        candidates = ("s32", "s64") if decimal else ("s32", "u32", "s64", "u64")
    limits = {"s32": 2**31 - 1, "u32": 2**32 - 1, "s64": 2**63 - 1, "u64": 2**64 - 1}
    return next((kind for kind in candidates if value <= limits[kind]), "u64")


@lru_cache(maxsize=4096)  # the same few literals (0, 1, N) come back thousands of times in a file
def c_integer(text: str) -> CInteger | None:
    """The value of a C/C++ integer literal (decimal, `0x`, `0b`, octal `0170000`, digit separators, any
    suffix), with its C type as `kind`, or None when `text` is not one."""
    m = _C_INTEGER.fullmatch(text.strip())
    if m is None:
        return None
    digits = m.group(1).replace("'", "")
    suffix = m.group()[len(m.group(1)):]
    if len(digits) > 66:
        return None  # (no C integer type holds it: `0b` and 64 digits is the longest that fits)
    try:
        if digits[:2] in ("0x", "0X"):
            value = int(digits[2:], 16)
        elif digits[:2] in ("0b", "0B"):
            value = int(digits[2:], 2)
        elif len(digits) > 1 and digits[0] == "0":
            value = int(digits, 8)
        else:
            return CInteger(int(digits), literal_kind(int(digits), suffix, True))
    except ValueError:
        return None  # `0x'` (a separator and no digits): not a literal
    return CInteger(value, literal_kind(value, suffix, False))


_DIRECTIVE = re.compile(rb"^[ \t]*#[ \t]*(\w+)(.*)$")
_DEFINED = re.compile(r"defined\s*\(?\s*(\w+)\s*\)?")


def _condition_value(kind: str, rest: str, defined: dict[str, int | None]) -> bool | None:
    """The value of an `#if`/`#ifdef`/`#ifndef`/`#elif` condition, or None when it depends on something
    unknown: only names, `defined(X)`, `!` and integer literals are evaluated."""
    words = rest.split("//")[0].split("/*")[0].strip()
    if kind in ("ifdef", "ifndef"):
        name = words.split()[0] if words.split() else ""
        return (name in defined) == (kind == "ifdef")
    negate = False
    while words.startswith("!"):
        negate, words = not negate, words[1:].strip()
    m = _DEFINED.fullmatch(words)
    if m:
        value: bool | None = m.group(1) in defined
    elif c_integer(words) is not None:
        value = c_integer(words) != 0
    elif re.fullmatch(r"[A-Za-z_]\w*", words) and words in defined and defined[words] is not None:
        value = defined[words] != 0
    else:
        return None
    return value != negate


_C99_COMPLEX = re.compile(rb"\b(?:long\s+)?(?:float|double)\s+(?:_Complex|complex|_Imaginary|imaginary)\b")


# a macro body that the grammar may read as nothing: empty, or qualifiers that say nothing the analysis
# needs in a parse of its own (libclang reports `restrict` through macros itself)
_QUALIFIER_WORDS = frozenset({"restrict", "__restrict", "__restrict__", "inline", "__inline", "__inline__"})
_OBJECT_MACRO = re.compile(rb"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)(?![\w(])[ \t]*(.*?)[ \t]*$", re.M)


def qualifier_macro(body: str, pragma_macros: Iterable[str] = ()) -> bool:
    """An object-like macro of this body expands to nothing a parse needs: `#define RESTRICT`, `#define
    RESTRICT __restrict__`, `#define INLINE inline`, or pragmas only (`_Pragma("GCC ivdep")`, or calls of
    `pragma_macros`, function-like macros that expand to one: `#define PRAGMA_SIMD PRAGMA(GCC ivdep)`)."""
    return all(word in _QUALIFIER_WORDS for word in _without_pragmas(body, pragma_macros).split())


# `_Pragma("omp simd")`, `PRAGMA(GCC ivdep)`: a name and its parenthesized argument (one level of nesting)
_PRAGMA_CALL = re.compile(r"\b([A-Za-z_]\w*)\s*\((?:[^()]|\([^()]*\))*\)")
_BODY_COMMENT = re.compile(r"/\*.*?\*/|//.*")  # (in a macro body: one line)


def _without_pragmas(body: str, names: Iterable[str] = ()) -> str:
    """`body` with its pragma operators (`_Pragma(...)`, `__pragma(...)`) and calls of the macros `names` blanked."""
    return _PRAGMA_CALL.sub(lambda m: " " if m.group(1) in ("_Pragma", "__pragma") or m.group(1) in names
                            else m.group(0), body)
_FUNCTION_MACRO = re.compile(rb"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)\([^)]*\)(.*)$", re.M)


def pragma_macros(texts: Iterable[bytes]) -> frozenset[str]:
    """The function-like macros that `texts` define as a pragma operator (`#define PRAGMA(x) _Pragma(#x)`)."""
    return frozenset(m.group(1).decode() for text in texts for m in _FUNCTION_MACRO.finditer(text)
                     if pragma_body(m.group(2).decode("utf-8", "replace")))


def pragma_body(body: str) -> bool:
    """A macro body made of pragma operators only (`_Pragma(#x)`, `__pragma(x)`): no code."""
    body = _BODY_COMMENT.sub(" ", body)
    return bool(body.strip()) and not body.rstrip().endswith("\\") and not _without_pragmas(body).strip()


def qualifier_macros(texts: Iterable[bytes]) -> frozenset[str]:
    """The object-like macros that every `#define` of theirs in `texts` (a file and its own headers) makes a
    qualifier macro (see qualifier_macro), whatever `#if` branch holds it."""
    verdict: dict[str, bool] = {}
    texts = list(texts)
    pragmas = pragma_macros(texts)
    for text in texts:
        for m in _OBJECT_MACRO.finditer(text):
            name, body = m.group(1).decode(), m.group(2).decode("utf-8", "replace")
            body = _BODY_COMMENT.sub(" ", body)
            verdict[name] = verdict.get(name, True) and not body.rstrip().endswith("\\") and \
                qualifier_macro(body, pragmas)
        for m in _OTHER_MACRO_LINE.finditer(text):  # (`#undef R` then `#define R(i) a[i]`: not blanked)
            verdict[(m.group(1) or m.group(2)).decode()] = False
    return frozenset(name for name, ok in verdict.items() if ok)


_OTHER_MACRO_LINE = re.compile(rb"(?m)^[ \t]*#[ \t]*(?:undef[ \t]+([A-Za-z_]\w*)|define[ \t]+([A-Za-z_]\w*)\()")


# a name in parentheses followed by an operator that may also be unary (`(i)+n`, `(i)*(j)`, `(p)&mask`):
# the grammar reads `(i)` as a cast to a type `i` of `+n`, `*(j)`, `&mask`, where the compiler, knowing `i`
# is a variable, reads a sum, a product, a bitwise and (macros write their parameters so: `(i)+order*(j)`)
PARENTHESIZED_NAME = re.compile(r"\(\s*([A-Za-z_]\w*)\s*\)(?=\s*[-+*&](?![-+=>&]))")


_BEFORE_OPERANDS = frozenset({"return", "case", "else", "do"})  # words an operand may follow


def unparenthesized(text: str, variable) -> str:
    """`text` (the same length) with each `(name)` that PARENTHESIZED_NAME finds written ` name `, when
    `variable(name)` says it is a variable and the parentheses are no call's or cast's own (`U(i) + 1`,
    `f (i) * 2`, `sizeof (n) * 4`: a word, `)`, `]`, `>` or `}` before them)."""
    def replace(m) -> str:
        at = m.start() - 1
        while at >= 0 and text[at] in " \t\r\n":
            at -= 1  # (looked back only as far as the previous token: a copy of the text before each match
        start = at   # made a 20,000-line file take minutes)
        while start >= 0 and (text[start].isalnum() or text[start] == "_"):
            start -= 1
        word = text[start + 1:at + 1]
        if at >= 0 and (text[at] in ")]>}" or word and word not in _BEFORE_OPERANDS) or not variable(m.group(1)):
            return m.group(0)
        return " " + m.group(0)[1:-1] + " "

    return PARENTHESIZED_NAME.sub(replace, text) if "(" in text else text


# a comment or a string or character literal (kept as written), else a word
_CODE_WORD = re.compile(rb"/\*.*?\*/|//[^\n]*|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'|[A-Za-z_]\w*")


def rescue_source(source: bytes, defined: dict[str, int | None], blank_words: frozenset[str] = frozenset()
                  ) -> bytes | None:
    """A variant of `source`, byte for byte the same length and lines, that a grammar without a preprocessor
    can parse: `#pragma` lines become blanks (a pragma between a `for` header and its body is legal C), and
    a conditional group whose conditions are all decided by `defined` (the `-D` flags and the file's own
    `#define`s) keeps only the branch the compiler would compile (branches that open a brace closed in
    another break the grammar); C99's `double complex` reads as a type of its own; the words of
    `blank_words` (macros that expand to nothing or to qualifiers: `double * RESTRICT a;`) become blanks
    in code. None when nothing changed. Groups with an unknown condition stay whole."""
    blank_bytes = {word.encode() for word in blank_words}

    def blank_macros(line: bytes) -> bytes:
        return _CODE_WORD.sub(lambda w: b" " * len(w.group()) if w.group() in blank_bytes else w.group(), line)
    lines = source.split(b"\n")
    out = list(lines)
    stack: list[dict] = []  # per open group: decided?, taken branch found?, current branch live?
    changed = False

    def blank(index: int) -> None:
        nonlocal changed
        out[index] = b" " * len(lines[index])
        changed = True

    continued = False
    for index, line in enumerate(lines):
        if continued:  # the backslash continuation of a blanked directive
            continued = line.rstrip().endswith(b"\\")
            blank(index)
            continue
        m = _DIRECTIVE.match(line)
        live = all(g["live"] for g in stack if g["decided"])
        if m is None:
            if not live:
                blank(index)
            else:
                if _C99_COMPLEX.search(line):
                    # `double complex z` (C99, <complex.h>): a type name of its own, the same length, that the
                    # analysis does not take for an arithmetic type (no reduction clause, no MPI_DOUBLE for it)
                    out[index] = _C99_COMPLEX.sub(lambda c: b"s2p_complex".ljust(len(c.group(0)), b"_"), line)
                    changed = True
                if blank_bytes and any(word in line for word in blank_bytes):
                    blanked = blank_macros(out[index])
                    changed = changed or blanked != out[index]
                    out[index] = blanked
            continue
        kind, rest = m.group(1).decode(), m.group(2).decode("utf-8", "replace")
        if kind in ("if", "ifdef", "ifndef"):
            value = _condition_value(kind, rest, defined)
            stack.append({"decided": value is not None, "taken": bool(value), "live": bool(value)})
            if value is not None:
                blank(index)
        elif kind in ("elif", "else") and stack:
            group = stack[-1]
            if group["decided"]:
                value = True if kind == "else" else _condition_value("if", rest, defined)
                if value is None:
                    group["decided"] = False  # keep the rest of the group as written
                    group["live"] = True
                else:
                    group["live"] = value and not group["taken"]
                    group["taken"] |= bool(value)
                    blank(index)
        elif kind == "endif" and stack:
            if stack.pop()["decided"]:
                blank(index)
        elif kind == "pragma" or not live:
            blank(index)
            continued = line.rstrip().endswith(b"\\")
    text = b"\n".join(out)
    typed = _implicit_int_definitions(text)
    return typed if typed is not None else text if changed else None


# `main(argc, argv) int argc; char **argv; {`: an old-style definition with an implicit `int` (NPB IS), which
# the grammar reads only with a type in front
_KR_HEADER = re.compile(rb"^([A-Za-z_]\w*)[ \t]*\([ \t]*[A-Za-z_]\w*(?:[ \t]*,[ \t]*[A-Za-z_]\w*)*[ \t]*\)[ \t]*\n"
                        rb"(?:(?:[ \t]*[A-Za-z_][^;{}()\n]*(?:\([^;{}\n]*\))?[^;{}\n]*;)+[ \t]*\n)+[ \t]*\{", re.M)
_NOT_A_NAME = {b"if", b"while", b"for", b"switch", b"return", b"sizeof", b"do", b"else"}


def _word_byte(c: int) -> bool:
    return c == 95 or 48 <= c <= 57 or 65 <= c <= 90 or 97 <= c <= 122 or c in b" \t"


def _implicit_int_definitions(text: bytes) -> bytes | None:
    """`int ` put in front of each old-style definition without a return type, the same number of bytes
    taken from the blanks of its header and parameter declarations (which keep their lines); None when
    there is none."""
    out, pos, changed = [], 0, False
    for m in _KR_HEADER.finditer(text):
        if m.group(1) in _NOT_A_NAME:
            continue
        region = bytearray(m.group())
        need = 4
        k = 0
        while k < len(region) and need:
            c = region[k]
            before = region[k - 1] if k else 0
            after = region[k + 1] if k + 1 < len(region) else 0
            # a blank that separates no two words (`( argc`, `char **argv`, indentation) can go
            if c in b" \t" and not (_word_byte(before) and _word_byte(after)):
                del region[k]
                need -= 1
                continue
            k += 1
        if need:
            continue
        out += [text[pos:m.start()], b"int ", bytes(region)]
        pos, changed = m.end(), True
    return b"".join([*out, text[pos:]]) if changed else None


def file_macros(source: bytes) -> dict[str, int | None]:
    """Names the file `#define`s (value when it is an integer literal), in order, ignoring `#undef`."""
    out: dict[str, int | None] = {}
    for line in source.split(b"\n"):
        m = _DIRECTIVE.match(line)
        if m is not None and m.group(1) == b"define":
            parts = m.group(2).decode("utf-8", "replace").split(None, 1)
            if parts and re.fullmatch(r"[A-Za-z_]\w*", parts[0]):
                out[parts[0]] = c_integer(parts[1]) if len(parts) > 1 else None
    return out
