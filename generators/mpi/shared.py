"""Node-shared arrays: which arrays one shared-memory copy per node can hold, and the edits that put them there.

An array qualifies when every store into it is made by a distributed loop into the rows that loop owns: then
no two ranks ever store the same element, and every place where a rank reads rows it does not own is already
a gather, a halo exchange or a fetched element in the generated program. With the array in an MPI-3
shared-memory window those calls wait at a barrier instead of copying (see the runtime), and a barrier before
each distributed loop that stores into it keeps a fast rank from overwriting rows a slow rank still reads.

Anything that could store into it another way disqualifies it: a store in sequential code (every rank would
store), a compound update outside its own rows, an array reduction, the name passed to a function or copied
to a pointer, `sizeof`/`&` of the array, an initializer. The runtime falls back to private memory and real
communication when the ranks span several nodes, so the program stays correct there too.

The generator shares only the qualifying arrays it gathers or halo-exchanges somewhere: an array each rank
touches only in its own rows gains nothing from one copy, and shared-memory pages fault more slowly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from seq2par.analyzers.ir import Function, Program
from seq2par.generators.edits import Edit

_ALLOCATORS = {"malloc": "s2p_shared_malloc", "calloc": "s2p_shared_calloc"}
_NULLS = {"NULL", "0", "nullptr"}


@dataclass
class SharedArray:
    name: str
    edits: list[Edit] = field(default_factory=list)  # declaration, allocation and free rewrites
    setup: str | None = None  # statement after s2p_init that allocates a global


def shareable_arrays(program: Program, plans_by_function: dict[str, list]) -> dict[str, SharedArray]:
    """Arrays (file-scope arrays of fixed size, or pointers main initialises with malloc/calloc) whose every
    store is a distributed loop's store into its own rows, with the edits that allocate them shared."""
    function_macros, in_macros = _macros(program)
    seen = {fn.node.start_byte for fn in program.functions.values()}
    cpp = program.language == "cpp"
    out: dict[str, SharedArray] = {}
    arrays = {name: array for name, array in _file_scope_arrays(program).items()
              if array is not None and name in program.globals and name not in in_macros}
    mentions = _identifier_nodes(program.tree.root_node, arrays.keys())  # file-scope uses too
    for name, array in arrays.items():
        dims = max(1, len(program.globals[name].dims))
        if _stores_only_in_own_rows(program, name, plans_by_function, None) and \
                _mentions_are_plain(mentions[name], dims, function_macros, cpp, seen, file_scope_ok=True):
            out[name] = array
    main = program.functions.get("main")
    if main is not None:
        heap = {name: array for name, array in _heap_arrays(main).items()
                if array is not None and name not in out and name not in in_macros
                and name in main.locals and main.locals[name].allocated and main.locals[name].is_pointer}
        mentions = _identifier_nodes(main.node, heap.keys())
        for name, array in heap.items():
            if _stores_only_in_own_rows(program, name, plans_by_function, main) and \
                    _mentions_are_plain(mentions[name], 1, function_macros, cpp, seen, file_scope_ok=False):
                out[name] = array
    return out


def _macros(program: Program) -> tuple[set[str], set[str]]:
    """Names of function-like macros, and every identifier-like word in a macro body (uses hidden there are
    not seen by the analysis)."""
    names: set[str] = set()
    words: set[str] = set()
    stack = [program.tree.root_node]
    while stack:
        node = stack.pop()
        if node.type in ("preproc_def", "preproc_function_def"):
            if node.type == "preproc_function_def":
                names.add(node.child_by_field_name("name").text.decode())
            value = node.child_by_field_name("value")
            if value is not None:
                words |= set(re.findall(r"[A-Za-z_]\w*", value.text.decode("utf-8", "replace")))
        else:
            stack.extend(node.named_children)
    return names, words


def _identifier_nodes(root, names) -> dict[str, list]:
    """Every identifier node under `root` spelling one of `names`, by name (one walk for all of them)."""
    out: dict[str, list] = {name: [] for name in names}
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "identifier":
            found = out.get(node.text.decode())
            if found is not None:
                found.append(node)
            continue
        stack.extend(node.children)
    return out


def _file_scope_arrays(program: Program) -> dict[str, SharedArray | None]:
    """`[static] T name[D1][D2]...;` at file scope, declared once, without initializer or extern: rewritten
    to a pointer to its rows, allocated (zeroed, as static storage is) right after MPI starts. None for a
    name that is declared twice, unsized, extern or const."""
    out: dict[str, SharedArray | None] = {}
    for decl in program.tree.root_node.named_children:
        if decl.type != "declaration":
            continue
        for declarator in decl.children_by_field_name("declarator"):
            if declarator.type != "array_declarator":
                continue
            sizes: list[str | None] = []
            node = declarator
            while node.type == "array_declarator":
                size = node.child_by_field_name("size")
                sizes.append(size.text.decode() if size is not None else None)
                node = node.child_by_field_name("declarator")
            if node.type != "identifier":
                continue
            name = node.text.decode()
            if name in out or None in sizes or any(
                    (c.type == "storage_class_specifier" and c.text == b"extern")
                    or (c.type == "type_qualifier" and c.text in (b"const", b"volatile", b"constexpr"))
                    for c in decl.children):
                out[name] = None  # declared twice (a tentative definition, a redeclaration): leave it alone
                continue
            sizes.reverse()
            element = decl.child_by_field_name("type").text.decode()
            rows = "".join(f"[{s}]" for s in sizes[1:])
            pointer = f"(*{name}){rows}" if rows else f"*{name}"
            cast = f"({element} (*){rows})" if rows else f"({element} *)"
            setup = f"{name} = {cast}s2p_shared_alloc(sizeof(*{name}) * (size_t)({sizes[0]}), 1);"
            out[name] = SharedArray(name, [Edit(declarator.start_byte, declarator.end_byte, pointer)], setup)
    return out


def _heap_arrays(main: Function) -> dict[str, SharedArray | None]:
    """`T *name = malloc(...)` / `calloc(...)` (a cast allowed) directly in main's body; None for a pointer
    initialised otherwise (its first declaration decides)."""
    out: dict[str, SharedArray | None] = {}
    for stmt in main.body.named_children:
        if stmt.type != "declaration":
            continue
        for declarator in stmt.children_by_field_name("declarator"):
            if declarator.type != "init_declarator":
                continue
            target = declarator.child_by_field_name("declarator")
            if target.type != "pointer_declarator":
                continue
            name = target.child_by_field_name("declarator").text.decode()
            if name in out:
                continue
            value = declarator.child_by_field_name("value")
            while value is not None and value.type in ("cast_expression", "parenthesized_expression"):
                value = value.child_by_field_name("value") if value.type == "cast_expression" else \
                    value.named_children[0]
            callee = value.child_by_field_name("function") if value is not None and \
                value.type == "call_expression" else None
            allocator = _ALLOCATORS.get(callee.text.decode()) if callee is not None else None
            out[name] = SharedArray(name, [Edit(callee.start_byte, callee.end_byte, allocator)]) \
                if allocator is not None else None
    return out


def _stores_only_in_own_rows(program: Program, name: str, plans_by_function: dict[str, list],
                             only: Function | None) -> bool:
    """Every store into `name` lies in a distributed loop that owns the row it stores (a row map)."""
    functions = [only] if only is not None else list(program.functions.values())
    for fn in functions:
        if only is None and (name in fn.locals or fn.param(name) is not None):
            return False  # a local of the same name: keep it simple, do not share
        plans = plans_by_function.get(fn.name, [])
        for acc in fn.accesses:
            if acc.name != name or not acc.is_write or acc.through_call or acc.subscripts is None:
                continue  # checked elsewhere: a callee's own stores, the pointer itself (its only mentions)
            owner = next((plan for plan in plans
                          if plan.loop.body_orders[0] < acc.order <= plan.loop.body_orders[1]), None)
            if owner is None or owner.schedule != "block":
                return False
            use = owner.arrays.get(name)
            if use is None or use.rowmap is None or any(mirror[1] == name for mirror in owner.mirrors):
                return False  # a mirror copy writes other rows on every rank after the loop
    return True


def _mentions_are_plain(mentions: list, dims: int, function_macros: set[str], cpp: bool, seen: set[int], *,
                        file_scope_ok: bool) -> bool:
    """Outside its declaration, the array appears only as a full element `name[...]...` that is read or
    stored in place (not passed on, not bound to a reference or pointer), in `name == NULL`-style tests, or
    as the argument of free(); each free() is rewritten to release the window. Every mention must lie in a
    function the analysis has seen (not a C++ method, not a lambda). `dims`: subscripts that make a full
    element (the declared dimensions; 1 for a malloc'ed pointer)."""
    return all(_plain_use(node, dims, function_macros, cpp) and _in_seen_function(node, seen, file_scope_ok)
               for node in mentions)


def _in_seen_function(node, seen: set[int], file_scope_ok: bool) -> bool:
    ancestor = node.parent
    while ancestor is not None:
        if ancestor.type == "lambda_expression":
            return False  # runs wherever the lambda is called
        if ancestor.type == "function_definition":
            return ancestor.start_byte in seen  # a C++ method or a nested definition: not analyzed
        ancestor = ancestor.parent
    return file_scope_ok  # a declaration at file scope (the array's own, or a prototype's parameter)


# Calls that take their arguments by value in C++ too (a reference parameter could store into an element).
_BY_VALUE = {"printf", "fprintf", "sprintf", "snprintf", "puts", "sqrt", "exp", "log", "log2", "log10",
             "sin", "cos", "tan", "atan", "atan2", "fabs", "abs", "pow", "fmin", "fmax", "floor", "ceil"}


def _plain_use(node, dims: int, macros: set[str], cpp: bool) -> bool:
    parent = node.parent
    if parent is None:
        return False
    if parent.type == "subscript_expression" and parent.child_by_field_name("argument") == node:
        element, depth = parent, 1
        while element.parent is not None and element.parent.type == "subscript_expression" and \
                element.parent.child_by_field_name("argument") == element:
            element, depth = element.parent, depth + 1
        if depth < dims:
            return False  # a row's address (`double *row = a[i]`) can be stored through anywhere
        return _element_in_place(element, macros, cpp)
    if parent.type in ("pointer_declarator", "init_declarator", "array_declarator") and \
            parent.child_by_field_name("declarator") == node:
        return True
    if parent.type == "binary_expression" and parent.child_by_field_name("operator").type in ("==", "!="):
        other = parent.child_by_field_name("right" if parent.child_by_field_name("left") == node else "left")
        return other.text.decode() in _NULLS
    if parent.type == "unary_expression" and parent.child_by_field_name("operator").type == "!":
        return True
    if parent.type == "argument_list" and parent.named_child_count == 1:
        call = parent.parent
        return call.type == "call_expression" and call.child_by_field_name("function").text == b"free"
    return False


# Parents that use an element where it is, as a value or as the target of a store the analysis records.
_IN_PLACE = {"assignment_expression", "binary_expression", "unary_expression", "update_expression",
             "sizeof_expression", "expression_statement", "condition_clause", "subscript_argument_list"}
_IN_PLACE_C = {"cast_expression", "return_statement", "initializer_list", "conditional_expression",
               "field_expression", "comma_expression"}  # rvalues in C; in C++ they can carry a reference


def _element_in_place(element, macros: set[str], cpp: bool) -> bool:
    """An element expression used as a value or as the target of a store, not handed to anything that could
    store into it later or elsewhere (an allow-list: anything not known to be in place is not)."""
    parent = element.parent
    while parent is not None and parent.type == "parenthesized_expression":
        element, parent = parent, parent.parent
    if parent is None:
        return False
    if parent.type == "argument_list":
        call = parent.parent
        callee = call.child_by_field_name("function") if call is not None else None
        callee_name = callee.text.decode().removeprefix("std::") if callee is not None else ""
        if callee_name in macros:
            return False  # a function-like macro may store into its argument
        return not cpp or callee_name in _BY_VALUE  # C passes by value; C++ may bind a reference
    if parent.type == "init_declarator":
        declarator = parent.child_by_field_name("declarator")
        return parent.child_by_field_name("value") == element and declarator is not None and \
            declarator.type not in ("reference_declarator", "pointer_declarator")
    if parent.type == "subscript_expression":
        return parent.child_by_field_name("index") == element  # y[x[k]]
    if parent.type == "binary_expression" and cpp and parent.child_by_field_name("operator").type in (">>", "<<"):
        return False  # stream extraction stores; keep insertion out too (an overloaded operator)
    if parent.type == "conditional_expression" and parent.child_by_field_name("condition") == element:
        return True
    return parent.type in _IN_PLACE or (not cpp and parent.type in _IN_PLACE_C)


def free_edits(program: Program, names: set[str], main: Function) -> list[Edit]:
    """`free(x)` → `s2p_shared_free(x)` for the shared heap arrays of main."""
    edits = []
    stack = [main.node]
    while stack:
        node = stack.pop()
        if node.type == "call_expression" and node.child_by_field_name("function").text == b"free":
            args = node.child_by_field_name("arguments").named_children
            if len(args) == 1 and args[0].type == "identifier" and args[0].text.decode() in names:
                callee = node.child_by_field_name("function")
                edits.append(Edit(callee.start_byte, callee.end_byte, "s2p_shared_free"))
        stack.extend(node.children)
    return edits
