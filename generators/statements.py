"""Statement shapes the data-placement walks of every backend recognise.

Placement tracks where each array's current contents live (ranks, host, device) per *pointer name*;
these shapes move that state between names without any communication or copy.
"""

from __future__ import annotations

import re

from seq2par.analyzers.ir import Function, Program, _simple_copy
from seq2par.generators.layout import variable

_NOT_CODE = frozenset({"string_literal", "char_literal", "raw_string_literal", "system_lib_string", "comment"})


def code_text(source: bytes, node) -> bytes:
    """`node`'s source with string and character literals and comments blanked, so that a text search
    for a variable's name finds only its uses (`printf("c[7] = %f", c[7])` mentions `c` once)."""
    base = node.start_byte
    text = bytearray(source[base : node.end_byte])
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in _NOT_CODE:
            text[n.start_byte - base : n.end_byte - base] = b" " * (n.end_byte - n.start_byte)
        else:
            stack.extend(n.children)
    return bytes(text)


def body_statements(body) -> list:
    """The statements of a loop's or block's body, comments left out (an unbraced body is one statement)."""
    return [c for c in (body.named_children if body.type == "compound_statement" else [body]) if c.type != "comment"]


def swap_statement(node) -> tuple[str, str] | None:
    """`std::swap(a, b);` / `swap(a, b);` / `a.swap(b);` (a std::vector's, std::array's) of two named
    objects: (a, b), else None."""
    if node.type == "expression_statement" and node.named_child_count == 1:
        call = node.named_children[0]
        if call.type != "call_expression":
            return None
        function, args = call.child_by_field_name("function"), call.child_by_field_name("arguments").named_children
        if function.text in (b"std::swap", b"swap"):
            if len(args) == 2 and all(a.type == "identifier" for a in args):
                return args[0].text.decode(), args[1].text.decode()
        elif function.type == "field_expression" and len(args) == 1 and args[0].type == "identifier":
            target, operator = function.child_by_field_name("argument"), function.child_by_field_name("operator")
            field = function.child_by_field_name("field")
            if target is not None and target.type == "identifier" and field is not None and field.text == b"swap" \
                    and operator is not None and operator.text == b".":
                return target.text.decode(), args[0].text.decode()
    return None


def pointer_copy(node, program: Program, fn: Function) -> tuple[str, str] | None:
    """`p = q;` or `T *p = q;` between pointer variables: (p, q), else None."""
    pair = _simple_copy(node)
    if pair is None:
        return None
    target, source = (variable(program, fn, name) for name in pair)
    if target is None or source is None or not (target.is_pointer and source.is_pointer):
        return None
    return pair


def freed_name(node) -> str | None:
    """`free(p);`: the name whose contents no longer matter, else None."""
    if node.type == "expression_statement" and node.named_child_count == 1:
        call = node.named_children[0]
        if call.type == "call_expression" and call.child_by_field_name("function").text == b"free":
            args = call.child_by_field_name("arguments").named_children
            if len(args) == 1 and args[0].type == "identifier":
                return args[0].text.decode()
    return None


# pragmas that apply to the statement after them (`#pragma scop` and `#pragma once` do not)
BINDING_PRAGMA = re.compile(r"#\s*pragma\s+(omp|acc|GCC|clang|unroll|nounroll|ivdep|simd|vector|novector|loop)\b")


def directive_start(node) -> int:
    """Where the statement `node` begins once the pragmas that bind to it, directly before it (`omp simd`,
    `GCC unroll 4`), are counted in: code inserted before the statement goes there, or it would come
    between the directive and its loop ("for statement expected before '{'")."""
    start, previous = node.start_byte, node.prev_named_sibling
    while previous is not None and (previous.type == "comment" or previous.type == "preproc_call"
                                    and BINDING_PRAGMA.match(previous.text.decode(errors="replace").lstrip())):
        if previous.type == "preproc_call":
            start = previous.start_byte
        previous = previous.prev_named_sibling
    return start


def pragma_line_above(source: bytes, node) -> str | None:
    """The `#pragma` line right above the statement `node` in the file as written (`source`), also when the
    analysis read it with its `#pragma` lines blanked (a pragma between a loop's header and its body does not
    parse otherwise), else None."""
    before = source[:node.start_byte].rstrip()
    line = before[before.rfind(b"\n") + 1:].decode(errors="replace").strip()
    return line if re.match(r"#\s*pragma\b", line) else None


def pragma_before(node) -> str | None:
    """The `#pragma` line directly before a statement (comments aside: `omp parallel for`, `GCC unroll`), which
    must stay next to it (a directive put between them breaks the build: "for statement expected before
    '#pragma'"), else None."""
    previous = node.prev_named_sibling
    while previous is not None and previous.type == "comment":
        previous = previous.prev_named_sibling
    if previous is not None and previous.type == "preproc_call" and previous.text.lstrip().startswith(b"#pragma"):
        return previous.text.decode().strip()
    return None
