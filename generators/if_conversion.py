"""If-conversion in SIMD loops: `if (x[i] < 0) x[i] = 0;` becomes `x[i] = (x[i] < 0) ? 0 : x[i];`.

A compiler may not vectorize a conditional store: storing every element would write ones the program
leaves alone, which another thread might be writing. In a loop the analysis proved parallel, every element
the loop stores belongs to one iteration, so no other thread reads or writes it, and storing its own value
back changes nothing. The select vectorizes without masked stores (ParEval's ReLU, `if (x[i] < 0) x[i] =
0;`: 0.14x against its best sequential code with `simd` on the conditional store).

Only an `if` without `else` whose branch is one plain assignment to an array element, where the
condition, the value and the subscripts have no side effects (no assignment, increment or call other than
a pure function's) and name no macro, and the condition itself reads that element on every evaluation (so
the element exists: `if (i < n) x[i] = 0;` may be a bounds guard and stays a branch): the value is still
computed only when the condition holds.

The select stores every element, also those the program never writes: only into memory the program can
write whatever the condition (`ProgramAnalysis.writable_elements`: its own non-`const` arrays and
containers, its allocations, parameters every caller binds to those). Through a parameter of unknown
origin (function mode, a library) the store stays a branch: a caller may hand over a string literal or a
`const` table, read-only memory where the original stores nothing (`detab("no tabs", 7)`) and the select
crashes. Such a loop gets no `simd` either (see `kept_conditional_stores`)."""

from __future__ import annotations

import re

from seq2par.analyzers import FileReport
from seq2par.analyzers.ir import VALUE_FUNCTIONS, Function, variable

from .edits import Edit
from .layout import element_type
from .scalar_replacement import mentions_macro

_SIDE_EFFECTS = ("assignment_expression", "update_expression", "comma_expression")


def _pure(node) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type in _SIDE_EFFECTS:
            return False
        if current.type == "call_expression":
            function = current.child_by_field_name("function")
            if function is None or function.text.decode() not in VALUE_FUNCTIONS:
                return False
        stack.extend(current.children)
    return True


def _conditional_store(node):
    """(condition, element, value) nodes of `if (C) X[s] = E;`, or None."""
    if node.type != "if_statement" or node.child_by_field_name("alternative") is not None:
        return None
    branch = node.child_by_field_name("consequence")
    if branch.type == "compound_statement":
        inner = [c for c in branch.named_children if c.type != "comment"]
        if len(inner) != 1 or len(branch.named_children) != 1:
            return None
        branch = inner[0]
    if branch.type != "expression_statement" or branch.named_child_count != 1:
        return None
    assign = branch.named_children[0]
    if assign.type != "assignment_expression" or assign.child_by_field_name("operator").text != b"=":
        return None
    element, value = assign.child_by_field_name("left"), assign.child_by_field_name("right")
    condition = node.child_by_field_name("condition")
    if element.type != "subscript_expression" or condition is None:
        return None
    if any(c.type == "comment" for c in node.children) or not all(_pure(n) for n in (condition, element, value)):
        return None
    while condition.type in ("condition_clause", "parenthesized_expression") and condition.named_child_count == 1:
        condition = condition.named_children[0]
    if not _reads_element(condition, "".join(element.text.decode().split())):
        # `if (i < n) x[i] = 0;` may guard the bounds: the element must be one the condition reads anyway
        return None
    return condition, element, value


def _reads_element(condition, element: str) -> bool:
    """The condition reads `element` (squashed text) on every evaluation: not under `&&`, `||` or `?:`."""
    found = False
    stack = [condition]
    while stack:
        node = stack.pop()
        if node.type == "conditional_expression" or (
                node.type == "binary_expression" and node.child_by_field_name("operator").text in (b"&&", b"||")):
            return False
        if node.type == "subscript_expression" and "".join(node.text.decode().split()) == element:
            found = True
        stack.extend(node.children)
    return found


def _own_loop_statements(loop_node):
    """The statements of a loop's body (descending into blocks and if branches, not into inner loops)."""
    body = loop_node.child_by_field_name("body")
    stack = [body] if body is not None else []
    while stack:
        node = stack.pop()
        yield node
        if node.type in ("for_statement", "for_range_loop", "while_statement", "do_statement"):
            continue
        stack.extend(c for c in node.named_children if c.type in ("compound_statement", "if_statement",
                                                                  "expression_statement"))


_FLOATING = ("float", "double", "long double")


def _exact_select(element_type: str | None, value) -> bool:
    """`(C) ? (E) : x[s]` has the type of E and x[s] together; x[s] must come back unchanged from it. Exact
    when the element is floating (E's type is then the element's own or one that holds every value of it),
    or when E is an integer constant (integer conversions both ways keep an integer element's value); not
    when an integer element passes through a floating E (`long long` through `double` loses digits)."""
    if element_type is None:
        return False
    if element_type in _FLOATING:
        return True
    text = value.text.decode()
    if value.type == "char_literal":
        return True
    return value.type == "number_literal" and re.fullmatch(r"(?:0[xX][0-9a-fA-F]+|\d+)[uUlL]*", text) is not None


def _selects(report: FileReport, fn: Function, loop_node):
    """(statement, (condition, element, value), array, writable) for each conditional element store of the loop
    that a select computes exactly (not those that name a macro, which may hide code, nor those whose element
    type is unknown); `writable`: the element's memory may be stored to whatever the condition."""
    for node in _own_loop_statements(loop_node):
        found = _conditional_store(node)
        if found is None or mentions_macro(report, node):
            continue
        base = found[1]
        while base.type == "subscript_expression":
            base = base.child_by_field_name("argument")
        name = base.text.decode() if base.type == "identifier" else ""
        var = variable(report.program, fn, name) if name else None
        if var is None or not _exact_select(element_type(var), found[2]):
            continue
        analysis = report.program_analysis
        yield node, found, name, analysis is not None and analysis.writable_elements(fn, name)


def if_conversion_edits(report: FileReport, fn: Function, loop_node, stored: frozenset[str] = frozenset()
                        ) -> list[Edit]:
    """The edits that turn the conditional element stores of a SIMD loop of `fn` into selects, where the
    element's memory is provably writable (see the module's docstring) or is one of the arrays in `stored`,
    which the generated code stores whole over the loop's range anyway (MPI function mode's allgather)."""
    edits = []
    for node, found, name, writable in _selects(report, fn, loop_node):
        if writable or name in stored:
            condition, element, value = (n.text.decode() for n in found)
            edits.append(Edit(node.start_byte, node.end_byte,
                              f"{element} = ({condition}) ? ({value}) : {element};"))
    return edits


def kept_conditional_stores(report: FileReport, fn: Function, loop_node) -> list[str]:
    """The conditional element stores of the loop that would be selects but for memory not known to be
    writable (a pointer parameter of unknown origin): they stay branches, which `simd` would run as masked
    stores, slower than the plain loop (ParEval's ReLU: 0.14x against its best sequential code)."""
    return [found[1].text.decode() for _, found, _, writable in _selects(report, fn, loop_node) if not writable]
