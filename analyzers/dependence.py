"""Per-loop dependence analysis: graded verdicts with every blocking reason as a Finding.

Legality is decided here and only here. The rule is conservative: a loop is reported parallel only when
every access pair is proven independent (or is a recognised reduction or privatizable scalar), every
call is known to be free of side effects, and control cannot leave the loop early.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import filterfalse
from operator import attrgetter, itemgetter

from .affine import Affine
from .findings import Finding
from .frontend import c_integer, function_declarator
from .ir import (
    _BLANK_LITERALS,
    _VIEW_TYPE,
    ARITHMETIC_WORDS,
    EXIT_FUNCTIONS,
    HIDDEN_STATE_FUNCTIONS,
    IO_FUNCTIONS,
    MEMORY_WRITE_FUNCTIONS,
    PURE_FUNCTIONS,
    PURE_METHODS,
    RANGE_READ_FUNCTIONS,
    SPLICE,
    Access,
    Function,
    Loop,
    Program,
    Variable,
    _allocates,
    _descendants,
    _identifier_nodes,
    _is_null,
    _macro_named,
    _strip_casts,
    _whole_call,
    declares,
    element_text,
    enclosing_function,
    held_type,
    holds_elements,
    is_plain_scalar,
    is_stream_io,
    library_call,
    member_kinds,
    member_points_anywhere,
    member_types,
    not_library,
    object_root,
    pointer_sources,
    random_access_container,
    record_key,
    rows_apart,
    signed_wide,
    template_parameter_of,
    through_macros,
    type_aliases,
    variable,
    word_starts,
)
from .subscripts import (
    Bounds,
    Dependence,
    enclosing_bounds,
    extreme,
    never_meet,
    provably_within,
    separating_dimensions,
    test_pair,
)

_WORD = re.compile(r"[A-Za-z_]\w*")
_BASE_NAME = re.compile(r"\*?([A-Za-z_]\w*)")

MUTATING_METHODS = frozenset("push_back pop_back emplace_back insert erase resize clear assign reserve "
                             "push_front pop_front emplace swap".split())
ASSERTABLE = {"S2P201", "S2P202", "S2P203", "S2P204", "S2P501", "S2P601", "S2P602"}
# a local's declared type that may make it a pointer without a `*` (`auto q = gp;`, `decltype(gp) q`)
_MAYBE_POINTER = re.compile(r"\b(?:auto|decltype|__auto_type|typeof|__typeof__)\b")
# `return *this;` (a method returning its object by reference: nothing else sees `this`)
_RETURN_THIS = re.compile(r"\breturn\s*\*\s*this\s*;")
# text of a loop body that names a class without making an object of it: `sizeof(T)`, the `T::` of `T::scale`
_NAMING_NO_OBJECT = re.compile(r"\bsizeof\s*\((?:[^()]|\([^()]*\))*\)|\b[A-Za-z_]\w*\s*::(?!\s*~)")
# what may take a pointer member in parentheses and leave it as it was (`if (d)`, `memcpy(d, o.d, n)`)
_KEEPS_POINTER = frozenset({"if", "while", "delete", "sizeof", "return", "memcpy", "memmove", "memset", "free"})
# the words of a member's type that hold values (no address): with arithmetic types and classes of values
_VALUE_TYPE_WORDS = frozenset("const std vector array string complex char short int long unsigned signed bool float "
                              "double size_t ptrdiff_t int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t "
                              "uint64_t".split())
_LITERALS = re.compile(r'"(?:\\.|[^"\\])*"|\'(?:\\.|[^\'\\])*\'|(?<![\w.])\.?\d(?:[\w.]|[eEpP][+-])*')


def _blanked(text: bytes) -> bytes:
    """`text` with its comments and string and character literals made blanks (offsets and lines kept)."""
    return _BLANK_LITERALS.sub(lambda m: re.sub(rb"[^\n]", b" ", m.group()), text)


# a unary `&` (after an operator, a bracket, a comma, `return`, or a line's start) and the name it applies to
# `sizeof(a)`, `sizeof a`: an operand that is not evaluated (no decay of an array member)
_SIZEOF_OPERAND = re.compile(rb"\bsizeof\s*(?:\([^()]*\)|[A-Za-z_]\w*)")
_BASE_SPECIFIER_WORDS = frozenset({"public", "protected", "private", "virtual"})
_ADDRESS_OF = re.compile(rb"(?:^|[=(,{;:?!\[)]|\breturn)\s*&\s*(?:\(\s*)*([A-Za-z_]\w*)\b(?!\s*[(\[.]|\s*->)",
                         re.M)
_STORING = re.compile(rb"\+\+|--|(?<![=!<>])=(?!=)")  # an initializer's text that steps or assigns
_INCLUDE_LINE = re.compile(rb"(?m)^[ \t]*#[ \t]*include\b(.*)$")
# the nodes whose extent is a declaration's scope
# `::a`, `C::v`, `ns::x`: a qualified name (the IR records it by its last part)
_QUALIFIED_NAME = re.compile(rb"::\s*([A-Za-z_]\w*)")


def _qualified_names(text: bytes) -> set[str]:
    """The last parts of the qualified names in `text` (`::a`, `C::v` → a, v)."""
    return {m.group(1).decode() for m in _QUALIFIED_NAME.finditer(text)}


# `this->x` or `(*this).x`: a member named in a method (the IR records it as `x`)
_THIS_MEMBER = re.compile(rb"\bthis\s*->\s*([A-Za-z_]\w*)|\(\s*\*\s*this\s*\)\s*\.\s*([A-Za-z_]\w*)")
_SCOPES = frozenset(("compound_statement", "for_statement", "for_range_loop", "while_statement", "if_statement",
                     "switch_statement", "do_statement", "catch_clause", "lambda_expression", "function_definition"))
# `#define NAME value` of an object-like macro (not `NAME(`), or `#undef NAME`
_OBJECT_MACRO_DIRECTIVE = re.compile(rb"(?m)^[ \t]*#[ \t]*(define|undef)[ \t]+([A-Za-z_]\w*)(?![\w(])(.*)$")
_ASSIGNING = re.compile(r"(?<![=!<>])=(?!=)|\+\+|--|->|\[")
_CALLED = re.compile(r"([A-Za-z_]\w*)\s*\(")
_order = attrgetter("order")
_MAY_LABEL = re.compile(rb"[A-Za-z_0-9]\s*:(?!:)")  # a label or a `case` needs one (none: no tree walk)
# comments, string/character literals and preprocessor lines (`#pragma omp ... private(t)` names t), blanked
# before a name is looked for in a function's text
_BLANKED = re.compile(rb"/\*.*?\*/|//[^\n]*|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'"
                      rb"|^[ \t]*#(?:[^\n\\]|\\.)*", re.S | re.M)
_FIXED_WIDTH = re.compile(r"u?int(?:8|16|32|64|max|ptr)_t|u?int_(?:least|fast)(?:8|16|32|64)_t|s?size_t|ptrdiff_t")
_EMBEDDED = re.compile(r"^[A-Za-z_]\w*\[([^\]]*)\]")  # `s[i].v` → `i`: the element an array member is of


def word_offsets(text: bytes, name: str) -> list[int]:
    """Offsets in `text` where the identifier `name` occurs as a whole word, not as a member (`s.i`, `p->i`)."""
    return word_starts(text, name, members=False)


@dataclass(frozen=True)
class Reduction:
    var: str
    op: str
    kind: str = "scalar"  # scalar | array | minloc | maxloc
    index_var: str | None = None
    tie: str | None = None  # minloc/maxloc: "first" (strict comparison) or "last"
    index_value: str | None = None  # minloc/maxloc: the expression assigned to the index variable
    element: str | None = None  # kind "element": the one element accumulated (`x[i]`), others only read

    def to_dict(self) -> dict:
        data = {"var": self.var, "op": self.op, "kind": self.kind}
        if self.index_var:
            data["index_var"] = self.index_var
            data["tie"] = self.tie
        if self.element:
            data["element"] = self.element
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
    lastprivate: list[str] = field(default_factory=list)  # private, and the last iteration's value is used
    call_writes: list[str] = field(default_factory=list)  # arrays a called function stores into, row by row
    # of `lastprivate`: assigned in some iterations only, the value after the loop is the one the last
    # iteration that assigned it left (OpenMP's `lastprivate(conditional: x)`)
    conditional: list[str] = field(default_factory=list)
    # of `private`: arrays each iteration stores before reading, unused after the loop (a scratch buffer
    # per iteration: doitgen's `sum`); each thread needs its own copy of the whole array
    private_arrays: list[str] = field(default_factory=list)
    # an index declared outside its `for` may be read after the loop (or on the next pass of an enclosing
    # loop): its exit value then matters. False only when proven dead there (a local, address never taken)
    index_live: bool = True

    @property
    def parallel(self) -> bool:
        return self.verdict != "sequential"


@dataclass
class Summary:
    """What a user function does to state visible to its caller."""

    writes_globals: set[str] = field(default_factory=set)
    reads_globals: set[str] = field(default_factory=set)
    writes_params: set[int] = field(default_factory=set)
    reads_params: set[int] = field(default_factory=set)  # pointer/array parameters read through
    # parameters reached past what their declaration bounds (`p[-M]`, `p[k + M]`, a pointer without
    # dimensions, memcpy): a row handed to them does not confine what they touch
    unbounded_params: set[int] = field(default_factory=set)
    # reads through a pointer member of an object a parameter reaches (`c->buf[i]`): any array
    reads_pointees: set[str] = field(default_factory=set)
    io: bool = False
    hidden_state: bool = False
    exits: bool = False
    # calls the library's `.at()` in a program with a `catch`: an exception may leave the caller's loop
    throws: bool = False
    # calls a library function that may set `errno` in a program that reads it (each thread has its own)
    sets_errno: bool = False
    unknown: set[str] = field(default_factory=set)

    @property
    def changes_state(self) -> bool:
        """A call may change what its caller sees: writes globals or through parameters, does I/O, keeps hidden
        state, exits, or calls what the analysis does not know."""
        return bool(self.writes_globals or self.unknown or self.writes_params or self.io or self.hidden_state
                    or self.exits)


_ARITHMETIC = {"short": "short", "short int": "short", "int": "int", "long": "long", "long int": "long",
               "long long": "long long", "long long int": "long long", "float": "float", "double": "double",
               "long double": "long double", "_Bool": "bool", "bool": "bool", "size_t": "long"}
_QUALIFIERS = {"const", "volatile", "static", "extern", "register", "restrict", "__restrict", "__restrict__",
               "signed", "unsigned"}
_SCALAR_WORDS = frozenset(" ".join(_ARITHMETIC).split()) | _QUALIFIERS | {"char", "std::size_t"}


# Pure library functions that never set errno (the others may: sqrt(-1), log(0), pow overflow, malloc)
_NO_ERRNO = frozenset("""
fabs fabsf fabsl abs labs llabs floor floorf ceil ceilf trunc truncf round roundf rint rintf nearbyint nearbyintf
copysign copysignf fmin fmax fminf fmaxf isnan isinf isfinite signbit modf modff frexp frexpf min max swap
complex polar real imag conj norm arg proj pair make_pair tuple make_tuple free
""".split())
_NAMED_IN_CODE = {"errno": re.compile(rb"\berrno\b"), "catch": re.compile(rb"\bcatch\s*\("),
                  "fenv": re.compile(rb"\b(?:std::)?fe(?:testexcept|getexceptflag|setround|setenv|updateenv|"
                                     rb"holdexcept|raiseexcept|clearexcept|setexceptflag|enableexcept|"
                                     rb"disableexcept)\s*\(")}




def _code_nodes(node):
    """`node` and the nodes under it, not entering comments and string or character literals."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if current.type not in ("comment", "string_literal", "raw_string_literal", "char_literal"):
            stack.extend(current.children)


_MAY_NOT_RUN = frozenset(("if", "switch", "loop"))
# calls after which control may come back to an earlier point of the function (or leave it unseen)
_NONLOCAL_JUMPS = frozenset("setjmp _setjmp sigsetjmp __sigsetjmp longjmp _longjmp siglongjmp __longjmp_chk "
                            "__builtin_setjmp __builtin_longjmp getcontext setcontext swapcontext makecontext".split())
# the words of a C type that say nothing of its shape, and types whose text does not show it
_TYPE_KEYWORDS = frozenset("const volatile restrict __restrict __restrict__ _Atomic static register extern auto "
                           "struct union enum".split())
_OPAQUE_TYPE = re.compile(r"\b(?:__auto_type|typeof|__typeof__|__typeof)\b")


def _null_tested(node) -> bool:
    """The value of the expression `node` is only tested against null: `!p`, `if (p)`, `p == NULL`."""
    parent = node.parent
    while parent is not None and parent.type == "parenthesized_expression":
        node, parent = parent, parent.parent
    if parent is None:
        return False
    if parent.type == "unary_expression" and parent.child_by_field_name("operator").text == b"!":
        return True
    if parent.type == "condition_clause" or (parent.type in ("if_statement", "while_statement")
                                              and parent.child_by_field_name("condition") == node):
        return True
    if parent.type == "binary_expression" and parent.child_by_field_name("operator").text in (b"==", b"!="):
        other = parent.child_by_field_name("right" if parent.child_by_field_name("left") == node else "left")
        return _is_null(other)
    return False


# a name followed by `(` in a function's text: a call (`_calls_in_text`)
_CALL_WORD = re.compile(rb"(?<![\w.>:])([A-Za-z_]\w*)\s*\(")
# `using A = B;` and `typedef B A;` of a class (`class_words`)
_STD_NAME = re.compile(r"(?:::\s*)?\bstd\s*::\s*(?:[A-Za-z_]\w*\s*::\s*)*[A-Za-z_]\w*")
_USING_ALIAS = re.compile(r"\busing\s+([A-Za-z_]\w*)\s*=\s*(?:typename\s+|struct\s+|class\s+)?([A-Za-z_][\w:]*)")
_TYPEDEF_ALIAS = re.compile(r"\btypedef\s+(?:struct\s+|class\s+)?([A-Za-z_]\w*)\s+([A-Za-z_]\w*)\s*;")
# calls that make memory read-only: an allocation of the program may then not be stored to
_PROTECTING = re.compile(rb"\b(?:\w*mprotect|\w*mmap\w*|mremap|shmat|syscall)\b")
_DECLARATION_WORDS = frozenset("static extern register volatile restrict __restrict __restrict__ struct class "
                               "union enum".split())
_CONTAINER_WORDS = frozenset("vector array valarray string basic_string deque".split())
# code in a function's text that the analysis does not read: an include directive (a `return`, a store or
# a call in another file), an `asm` statement (`"=r"(t[k])` stores), a backslash-newline (it may split any
# word the scans look for: `me\` + newline + `ss(a, n)`)
_HIDDEN_CODE = re.compile(rb"(?:#|%:)\s*(?:include|import)|\b(?:__asm__|__asm|asm)\b|" + SPLICE.pattern)


def _holds_pointers(local) -> bool:
    """The local array or container `local` holds pointers (`long *rows[2]`, `std::vector<long *>`)."""
    return local.is_array and local.pointer_depth > 0 or not local.is_array and "*" in local.type_text.partition("<")[2]


def _held_pointer_store(local, acc: Access) -> bool:
    """`acc` stores through a pointer that the local array or container `local` holds (`rows[0][k]` of `long
    *rows[1]` or `std::vector<long *> rows`): more subscripts than the local's own dimensions, pointer
    elements."""
    return acc.subscripts is not None and _holds_pointers(local) and \
        len(acc.subscripts) > (len(local.dims) if local.is_array else 1)


def _address_used(fn: Function, name: str) -> bool:
    """`&name` appears in `fn` other than as an operand of `==` or `!=` (`if (this != &o)` only compares)."""
    stack = [fn.body if fn.body is not None else fn.node]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if node.type == "pointer_expression" and node.child_by_field_name("operator").text == b"&":
            argument = node.child_by_field_name("argument")
            while argument is not None and argument.type == "parenthesized_expression" and argument.named_child_count:
                argument = argument.named_children[0]
            if argument is not None and argument.type == "identifier" and argument.text.decode() == name:
                parent = node.parent
                operator = parent.child_by_field_name("operator") if parent is not None and \
                    parent.type == "binary_expression" else None
                if operator is None or operator.text not in (b"==", b"!="):
                    return True
        stack.extend(node.children)
    return False


def read_first(accesses: list[Access], entered) -> bool | None:
    """Over `accesses` in program order, the contexts in `entered` taken as entered: True when a read comes
    before any write that surely happens, False when such a write comes first, None when neither does. A
    write that may not happen (in a branch, a loop that may run zero times) covers only the reads after it
    in its own context (`for (j = 0; j < m; j++)` covers `j < m`)."""
    covering: set[tuple] = set()  # the contexts of those writes
    outside = entered.__contains__
    for acc in accesses:
        if acc.mode != "w":
            if not covering:
                return True
            conditional = tuple(filterfalse(outside, acc.ctx))
            # covered when the context of one of those writes encloses the read (is a prefix of its own)
            if len(covering) <= len(conditional):
                if not any(conditional[:len(c)] == c for c in covering):
                    return True
            elif not any(conditional[:n] in covering for n in range(len(conditional) + 1)):
                return True
            continue
        conditional = tuple(filterfalse(outside, acc.ctx))
        if not any(kind in _MAY_NOT_RUN for kind, _ in conditional):
            return False
        covering.add(conditional)
    return None


@lru_cache(maxsize=4)
def _labels_query(language: str):
    from tree_sitter import Query

    from .frontend import parser_for

    return Query(parser_for(language).language, "[(labeled_statement) (case_statement)] @statement")


@lru_cache(maxsize=1)
def _defaults_query():
    from tree_sitter import Query

    from .frontend import parser_for

    return Query(parser_for("cpp").language, "(optional_parameter_declaration default_value: (_) @value)")


@lru_cache(maxsize=4)
def _block_names_query(language: str):
    from tree_sitter import Query

    from .frontend import parser_for

    using = "(using_declaration (_) @name)" if language == "cpp" else ""  # (`using ns::i;`)
    return Query(parser_for(language).language, """
(enumerator name: (identifier) @name)
(type_definition declarator: (_) @name)
(init_declarator declarator: (_) @name)
(declaration declarator: (_) @name)
""" + using)


def block_declarations(node, language: str) -> list[tuple[str, int, int, int, bool]]:
    """Every name `node` declares in a block, of any kind (a variable, an enumerator, a typedef name, a
    local function declaration), as (name, byte offset, line, column, declared `extern`), in source order."""
    from tree_sitter import QueryCursor

    out = []
    for found in QueryCursor(_block_names_query(language)).captures(node).get("name", []):
        declaration = found.parent if found.type != "declaration" else found
        while declaration is not None and declaration.type not in ("declaration", "type_definition",
                                                                   "enumerator", "using_declaration"):
            declaration = declaration.parent
        if declaration is not None and declaration.type == "enumerator" and declaration.parent is not None and \
                declaration.parent.parent is not None and \
                any(c.type in ("class", "struct") for c in declaration.parent.parent.children):
            continue  # C++'s `enum class K { i };`: its members are named `K::i`, not `i`
        extern = declaration is not None and declaration.type == "declaration" and any(
            c.type == "storage_class_specifier" and c.text == b"extern" for c in declaration.children)
        while found is not None and found.type not in ("identifier", "type_identifier"):
            # (`int (*k)(void)`, `extern int (i);`: a parenthesized declarator has no `declarator` field;
            # `ns::i`: the qualified name's last part)
            found = found.child_by_field_name("declarator") or found.child_by_field_name("name") or next(
                (c for c in found.named_children if c.type in ("identifier", "type_identifier") or
                 c.type.endswith("declarator")), None)
        if found is not None:
            out.append((found.text.decode(), found.start_byte, found.start_point[0] + 1, found.start_point[1] + 1,
                        extern))
    return sorted(out, key=lambda item: item[1])


def _label_or_case_in_loop(node, language: str) -> bool:
    """`node` holds a label, or a `case` label inside a loop of its `switch` (a loop entered since the nearest
    switch above it: Duff's device enters the loop past its first statements)."""
    from tree_sitter import QueryCursor

    found = QueryCursor(_labels_query(language)).captures(node).get("statement", [])
    for statement in found:
        if statement.type == "labeled_statement":
            return True
        above = statement.parent
        while above is not None and above != node and above.type != "switch_statement":
            if above.type in ("for_statement", "while_statement", "do_statement"):
                return True
            above = above.parent
    return False


def _first_outside(ctx: tuple, enclosing: frozenset) -> tuple | None:
    """The outermost context of `ctx` not in `enclosing` (the construct an access is in at that level)."""
    for c in ctx:
        if c not in enclosing:
            return c
    return None


def _in_try(fn: Function, line: int, column: int) -> bool:
    """The position (1-based) is inside a `try` block of the function."""
    where = (line - 1, column - 1)
    return fn.node is not None and any(t.start_point <= where < t.end_point for t in _descendants(fn.node)
                                       if t.type == "try_statement")


def _scalar_reference(var: Variable) -> bool:
    """A reference to one number (`double &s`, `const int &n`): not to an array, a pointer or an object."""
    return var.is_reference and not var.is_array and not var.is_pointer and \
        set(var.type_text.replace("std::", "").split()) - {"const", "volatile"} <= _SCALAR_WORDS


def may_share_storage(a: Variable, b: Variable) -> bool:
    """False when C's aliasing rule (C11 6.5p7, which gcc/clang rely on at -O2) rules out that `a` and `b`
    reach the same elements: their element types are two different arithmetic types (`const int *key` and
    `long hist[]`); signedness does not count. char, void, typedefs and anything unknown may alias all."""
    def element(text: str) -> str | None:
        words = [w for w in text.split() if w not in _QUALIFIERS]
        return _ARITHMETIC.get(" ".join(words)) if words else _ARITHMETIC.get("int")  # `unsigned` alone

    va, vb = _vector_element(a.type_text), _vector_element(b.type_text)
    if (va is None) != (vb is None) and (a if va is None else b).is_array:
        return False  # a vector's elements live in its own buffer, never inside a named array
    if va is not None and vb is not None:
        # two vectors share elements only when they are one object, and so of one type
        return _vector_element(a.type_text, innermost=False) == _vector_element(b.type_text, innermost=False)
    ta = element(va if va is not None else _std_array_element(a.type_text) or a.type_text.replace("std::", ""))
    tb = element(vb if vb is not None else _std_array_element(b.type_text) or b.type_text.replace("std::", ""))
    return ta is None or tb is None or ta == tb


_STD_ARRAY = re.compile(r"^\s*(?:const\s+)?(?:std::)?array\s*<(.*),\s*[^<>,]+>[\s&*]*(?:const)?[\s&]*$")


def _std_array_element(type_text: str) -> str | None:
    """The element type of a `std::array<T, N>` (of the innermost one, of arrays of arrays), without `std::`;
    None if the type is not one. Its elements are those of one object, and the aliasing rule holds for them
    as for a C array's."""
    m = _STD_ARRAY.match(type_text)
    if m is None:
        return None
    inner = m.group(1).strip()
    return _std_array_element(inner) or " ".join(inner.replace("std::", "").split())


_VECTOR = re.compile(r"^\s*(?:const\s+)?(?:std::)?vector\s*<(.*)>[\s&*]*(?:const)?[\s&]*$")


def _vector_element(type_text: str, innermost: bool = True) -> str | None:
    """The element type of a `std::vector<...>` (the innermost one, of vectors of vectors), without `std::`
    and spaces; None if the type is not a vector."""
    m = _VECTOR.match(type_text)
    if m is None:
        return None
    inner = m.group(1).strip()
    nested = _vector_element(inner) if innermost else None
    return nested or " ".join(inner.replace("std::", "").replace(" >", ">").split())


_PACKED = re.compile(r"\b(?:std::)?(?:vector\s*<\s*bool\s*>|bitset\s*<)")


# the words of a std::vector's element type that say it is no `bool` (with the program's classes, its
# typedefs of numbers, and any pointer)
_NOT_BOOL_WORDS = frozenset("const volatile struct class union enum std vector array string complex pair tuple "
                            "optional variant unique_ptr shared_ptr map set unordered_map unordered_set list deque "
                            "char wchar_t char16_t char32_t short int long unsigned signed float double size_t "
                            "ptrdiff_t int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t intptr_t "
                            "uintptr_t".split())
# `typedef struct { ... } Name;` (and union, enum): the name of a type with a body
_TYPEDEF_BODY = re.compile(r"\btypedef\s+(?:struct|union|enum|class)\b[^;{}]*\{(?:[^{}]|\{[^{}]*\})*\}"
                           r"\s*([A-Za-z_]\w*)\s*;")


_ASSOCIATIVE = re.compile(r"\b(?:std::)?(?:unordered_)?(?:multi)?map\b")
_ITERATOR_METHODS = (b"begin", b"end", b"cbegin", b"cend", b"rbegin", b"rend", b"data")


def _handed_out(fn: Function, name: str) -> bool:
    """Whether the function's local `name` leaves it: returned, its address taken, copied into a pointer,
    or passed to a call."""
    word = re.compile(rf"(?<![\w.>]){re.escape(name)}\b")
    if name in fn.address_taken or any(word.search(text) for texts in fn.assigned_from.values() for text in texts):
        return True
    if any(word.search(text) for call in fn.calls for text in call.arg_texts):
        return True
    body = fn.body.text.decode("utf-8", "replace") if fn.body is not None else ""
    return re.search(rf"\breturn\s*\(?\s*&?\s*{re.escape(name)}\b", body) is not None


def _dereferenced(arg) -> str | None:
    """The pointer `p` of an argument `*p`, `p[k]` or `(*p)[k]`: an element the callee may bind a reference
    to (`setr(*p, v)` with `void setr(double &r, double v)` stores through p)."""
    node = arg
    while True:
        while node.type == "parenthesized_expression" and node.named_child_count == 1:
            node = node.named_children[0]
        if node.type == "pointer_expression" and node.child_by_field_name("operator").text == b"*":
            node = node.child_by_field_name("argument")
        elif node.type == "subscript_expression":
            node = node.child_by_field_name("argument")
        else:
            break
    return node.text.decode() if node is not arg and node.type == "identifier" else None


def pointed_array(arg) -> str | None:
    """The named array a call argument points into: `a`, `&a[i]`, `&a[i][j]`, `a + i`, `v.begin() + i`,
    `v.data()`, `std::begin(v)`, else None."""
    while arg.type == "parenthesized_expression" and arg.named_child_count == 1:
        arg = arg.named_children[0]
    if arg.type == "binary_expression" and arg.child_by_field_name("operator").text in (b"+", b"-"):
        left = arg.child_by_field_name("left")
        if left.type == "call_expression":
            arg = left
    if arg.type == "call_expression":
        fn = arg.child_by_field_name("function")
        args = [a for a in arg.child_by_field_name("arguments").named_children if a.type != "comment"]
        if fn.type == "field_expression" and fn.child_by_field_name("field").text in _ITERATOR_METHODS:
            return pointed_array(fn.child_by_field_name("argument"))
        if fn.text.split(b"::")[-1] in _ITERATOR_METHODS and len(args) == 1:
            return pointed_array(args[0])
        return None
    if arg.type == "pointer_expression" and arg.child_by_field_name("operator").text == b"&":
        arg = arg.child_by_field_name("argument")
        while arg.type in ("subscript_expression", "parenthesized_expression"):
            arg = arg.child_by_field_name("argument") or arg.named_children[0]
    elif arg.type == "binary_expression" and arg.child_by_field_name("operator").text in (b"+", b"-"):
        # `a + i + 1` is `(a + i) + 1`: the pointer is the leftmost term (`sum3(a + i + 1)` read a[i+1..])
        while arg.type in ("binary_expression", "parenthesized_expression"):
            if arg.type == "parenthesized_expression":
                if arg.named_child_count != 1:
                    break
                arg = arg.named_children[0]
            elif arg.child_by_field_name("operator").text in (b"+", b"-"):
                arg = arg.child_by_field_name("left")
            else:
                break
    elif arg.type == "subscript_expression":  # a row of a 2-D array: `m[i]`
        while arg.type == "subscript_expression":
            arg = arg.child_by_field_name("argument")
    return arg.text.decode() if arg.type == "identifier" else None


def assigned_before_read(accs: list[Access], relative, partners: dict[int, int]) -> bool:
    """Every read among `accs` (in program order) follows a plain assignment that surely ran: one in an
    enclosing construct of the read, or one in each branch of an if/else that encloses neither. `relative`
    maps an access's context to the part below the region considered (a loop body, a function body)."""
    covered: set[tuple] = set()
    for acc in accs:
        rel = relative(acc.ctx)
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


def _text_of(node) -> str:
    return " ".join(node.text.decode("utf-8", "replace").split())


_SPECIAL_DECLARATORS = ("destructor_name", "operator_name", "operator_cast")


def _special_members(program: Program, cls: str, bodies: list) -> list[tuple[str, object]]:
    """The code C++ runs implicitly for objects of `cls`: (the function's name as the IR files it, its node)
    for each constructor, destructor, operator and conversion the class declares, each free operator with a
    `cls` parameter, and a default member initializer that calls something (named `cls::<initializer>`).
    `bodies`: the class's bodies (_class_bodies)."""
    out: list[tuple[str, object]] = []
    for body in bodies:
        for member in body.named_children:
            if member.type == "template_declaration":
                member = next((c for c in member.named_children if c.type in ("function_definition", "declaration",
                                                                              "field_declaration")), member)
            declarator = member.child_by_field_name("declarator")
            while declarator is not None and declarator.type in ("reference_declarator", "pointer_declarator"):
                declarator = declarator.named_children[-1] if declarator.named_children else None
            inner = declarator.child_by_field_name("declarator") if declarator is not None and \
                declarator.type == "function_declarator" else declarator
            if inner is not None and (inner.type in _SPECIAL_DECLARATORS or
                                      inner.type in ("identifier", "field_identifier") and _text_of(inner) == cls):
                name = _text_of(inner).replace(" ", "") if inner.type != "operator_cast" else \
                    "operator " + _text_of(inner.child_by_field_name("type") or inner)
                if not (member.type == "declaration" and "=" in _text_of(member).split(")")[-1]):  # = default
                    out.append((f"{cls}::{name}", member))
            elif member.type == "field_declaration" and member.child_by_field_name("default_value") is not None:
                value = member.child_by_field_name("default_value")
                if (b"(" in value.text or _STORING.search(value.text)) and not value.type.endswith("literal"):
                    out.append((f"{cls}::<initializer {_text_of(value)}>", member))
    word = re.compile(rf"\b{re.escape(cls)}\b")
    for name, fn in program.functions.items():
        if name.startswith("operator") and fn.node is not None:
            params = fn.node.child_by_field_name("declarator")
            if params is not None and word.search(params.text.decode("utf-8", "replace")):
                out.append((name, fn.node))
    return out


def _declaration_shape(identifier) -> tuple[int, tuple]:
    """The line of the declarator that holds `identifier` directly under its declaration (the line the IR
    files for a local: `for (int (\n x) = 0; ...)` gives the line of `(`), and what the declaration declares,
    as far as the analysis reads it: its kind, its type's text, and the declarator's pointers, arrays and
    references (`int *c` against `int c[4]`)."""
    shape, top, node = [], identifier, identifier.parent
    while node is not None and node.type not in ("declaration", "for_range_loop", "condition_clause",
                                                 "type_definition", "enumerator", "parameter_declaration"):
        shape.append({"pointer_declarator": "*", "array_declarator": "[]", "reference_declarator": "&"}.get(
            node.type, ""))
        top, node = node, node.parent
    type_node = node.child_by_field_name("type") if node is not None else None
    return top.start_point[0] + 1, (node.type if node is not None else "",
                                    type_node.text if type_node is not None else b"", "".join(shape))


def _same_shape(a: Variable, b: Variable) -> bool:
    return (a.type_text, a.is_pointer, a.is_array, a.pointer_depth, len(a.dims), a.is_reference) == \
        (b.type_text, b.is_pointer, b.is_array, b.pointer_depth, len(b.dims), b.is_reference)


def _base_classes(bodies: list) -> set[str]:
    """The names in the base clauses of a class's definitions (`struct D : public B`), given its bodies."""
    out: set[str] = set()
    for body in bodies:
        clause = next((c for c in body.parent.named_children if c.type == "base_class_clause"), None)
        if clause is not None:
            out |= set(re.findall(r"[A-Za-z_]\w*", clause.text.decode("utf-8", "replace")))
    return out


def _class_bodies(program: Program, cls: str) -> list:
    out, stack = [], [program.tree.root_node]
    while stack:
        node = stack.pop()
        if node.type in ("class_specifier", "struct_specifier"):
            name, body = node.child_by_field_name("name"), node.child_by_field_name("body")
            if name is not None and body is not None and name.text.decode() == cls:
                out.append(body)
        if node.type in ("translation_unit", "namespace_definition", "declaration_list", "template_declaration",
                         "class_specifier", "struct_specifier", "field_declaration_list", "declaration",
                         "type_definition", "linkage_specification", "preproc_ifdef", "preproc_if", "preproc_else"):
            stack.extend(node.named_children)
    return out


def elements_stored_before_read(fn: Function, accs: list[Access], written: set[str]) -> bool:
    """Every read among `accs` (one array's accesses inside one statement, in program order, each of them
    all its mentions there) reads an element that the same statement stored before, so the statement
    carries none of the array's earlier values in. A read is covered by a store that surely ran before it:
    - the same subscripts, stored earlier in the same iteration by a store in an enclosing construct of
      the read (`p[i][0] = 0; ... = p[i][0]`);
    - the element an earlier iteration of a unit-step loop stored (`p[i][j - 1]` read before or after
      `p[i][j] = ...` in the body of `for (j = L; ...; j++)`), when the elements before the first iteration
      (`p[i][L - 1]`) were stored before that loop: the recurrence of a tridiagonal sweep;
    - an element of the range an earlier loop stored (`for (j = 1; j < n - 1; j++) p[i][j] = ...;` and then
      `for (j = n - 2; j >= 1; j--) ... p[i][j] ...`).
    A store counts when it sits directly in the body of a loop that runs its whole range (runs_whole_range).
    `written`: the scalars the statement assigns; a subscript may use them only as the index of a loop
    around both accesses."""
    if any(a.subscripts is None or a.indirect or a.unanalyzable or a.through_call or None in a.subscripts
           for a in accs):
        return False
    stores = [a for a in accs if a.mode == "w"]
    loops = {lp.id: lp for lp in fn.loops}
    whole: dict[int, bool] = {}  # runs_whole_range per loop: asked for each pair of accesses
    return all(any(_covers(fn, w, r, stores, loops, written, whole) for w in stores) for r in accs if r.is_read)


def _fixed(symbols, prefix, read_ctx, loops: dict[int, Loop], written: set[str]) -> bool:
    """`symbols` keep their values from the store to the read: each is the index of a loop in `prefix` (the
    constructs around both) or a scalar the statement does not assign, and no loop of the read's below
    `prefix` has an index of that name."""
    around = {loops[n].var for kind, n in prefix if kind == "loop" and n in loops}
    below = {loops[n].var for kind, n in read_ctx[len(prefix):] if kind == "loop" and n in loops}
    return not any((s in written and s not in around) or s in below for s in symbols)


def _leaves(statement) -> bool:
    """`statement` surely leaves the function: `return ...;` or a call of exit/abort (alone as a statement)."""
    if statement.type == "return_statement":
        return True
    if statement.type != "expression_statement" or statement.named_child_count != 1:
        return False
    call = statement.named_children[0]
    function = call.child_by_field_name("function") if call.type == "call_expression" else None
    return function is not None and function.text.decode().replace(" ", "") in EXIT_FUNCTIONS - {"longjmp"}


def _redefined(program: Program, fn: Function, statement) -> bool:
    """The call that ends a guard names a macro, a function of the program or a variable (`#define exit(c)
    (void)(c)`, `void (*exit)(int) = warn;`)."""
    if statement.type == "return_statement":
        return False
    name = statement.named_children[0].child_by_field_name("function").text.decode().replace(" ", "")
    return _macro_named(program, name) or name in program.functions or name in fn.locals or \
        fn.param(name) is not None or name in program.globals


def _least_values(condition, fn: Function, facts: dict[str, int]) -> bool:
    """Fill `facts` with what is known when `condition` is false: each operand of a chain of `||` that compares
    an integer local or parameter with an integer constant (`x < 0`, `n <= 0`, `0 > x`) gives the least value
    the name then has. False when some operand is of another form (nothing is read from the others then)."""
    while condition is not None and condition.type in ("parenthesized_expression", "condition_clause") and \
            condition.named_child_count == 1:
        condition = condition.named_children[0]
    if condition is None or condition.type != "binary_expression":
        return False
    op = condition.child_by_field_name("operator").text.decode()
    left, right = condition.child_by_field_name("left"), condition.child_by_field_name("right")
    if op == "||":
        return _least_values(left, fn, facts) and _least_values(right, fn, facts)
    if op in (">", ">="):
        left, right, op = right, left, {">": "<", ">=": "<="}[op]
    if op not in ("<", "<=") or left.type != "identifier":
        return False
    name = left.text.decode()
    text = right.text.decode().replace(" ", "")
    value = c_integer(text[1:]) if text.startswith("-") else c_integer(text)
    held = fn.locals.get(name) or fn.param(name)
    if value is None or not value.kind.startswith("s") or held is None or held.is_pointer or held.is_array or \
            held.is_reference or not any(word in ARITHMETIC_WORDS for word in held.type_text.split()) or \
            any(word in ("float", "double") for word in held.type_text.split()):
        return False
    least = (-int(value) if text.startswith("-") else int(value)) + (1 if op == "<=" else 0)
    facts[name] = max(facts.get(name, least), least)
    return True


def runs_whole_range(fn: Function, loop: Loop) -> bool:
    """A counted unit-step loop that runs every iteration of [lower, upper) in full: no jump in it (break,
    continue, goto, return), no call that ends the program or jumps out (exit, longjmp), and its index neither
    assigned in its body nor handed out by address."""
    if loop.var is None or loop.step not in (1, -1) or loop.lower is None or loop.upper is None or \
            loop.var in fn.address_taken or any(("loop", loop.id) in jump.ctx for jump in fn.jumps):
        return False
    first, last = loop.body_orders
    return not any(first < call.order <= last and call.name in EXIT_FUNCTIONS for call in fn.calls) and \
        not any(first < acc.order <= last and acc.name == loop.var and acc.subscripts is None and acc.is_write
                for acc in fn.accesses)


def _unit_loop(fn: Function, store: Access, loops: dict[int, Loop], whole: dict[int, bool]) -> Loop | None:
    """The loop whose body holds `store` directly (unconditionally), when it runs its whole range (`whole`:
    the answers so far, by loop id)."""
    if not store.ctx or store.ctx[-1][0] != "loop" or store.ctx[-1][1] not in loops:
        return None
    loop = loops[store.ctx[-1][1]]
    if loop.id not in whole:
        whole[loop.id] = runs_whole_range(fn, loop)
    return loop if whole[loop.id] else None


def _covers(fn: Function, store: Access, read: Access, stores: list[Access], loops: dict[int, Loop],
            written: set[str], whole: dict[int, bool]) -> bool:
    symbols = {s for sub in store.subscripts for s in sub.symbols()}
    if store.subscripts == read.subscripts and store.order < read.order and \
            read.ctx[:len(store.ctx)] == store.ctx and _fixed(symbols, store.ctx, read.ctx, loops, written):
        return True
    loop = _unit_loop(fn, store, loops, whole)
    if loop is None or len(store.subscripts) != len(read.subscripts):
        return False
    walking = [d for d, sub in enumerate(store.subscripts) if loop.var in sub.symbols()]
    if len(walking) != 1 or any(s != r for k, (s, r) in enumerate(zip(store.subscripts, read.subscripts, strict=True))
                                if k != walking[0]):
        return False
    d = walking[0]
    stored = store.subscripts[d]
    others = {s for k, sub in enumerate(store.subscripts) if k != d for s in sub.symbols()}
    # the store's subscript walks the loop with a stride (`x1[2*j1 - d1]`): only an earlier loop's range,
    # read with the same stride, is covered below
    stride = stored.coefficient(loop.var)
    offset = stored - Affine.var(loop.var).scale(stride)
    if stride < 1 or loop.var in offset.symbols() or (loop.lower.symbols() | loop.upper.symbols()) & written or \
            (stride != 1 and read.ctx[:len(store.ctx)] == store.ctx):
        return False
    if read.ctx[:len(store.ctx)] == store.ctx:
        # an earlier iteration of the same loop
        if not _fixed(symbols - {loop.var}, store.ctx, read.ctx, loops, written):
            return False
        shift = read.subscripts[d] - stored
        if not shift.is_constant() or shift.constant * loop.step >= 0 or abs(shift.constant) > 4:
            return False
        # the first iterations read elements from before the loop: each stored before it, unconditionally
        start = loop.lower if loop.step > 0 else loop.upper - Affine.const(1)
        ctx = store.ctx[:-1]
        steps = range(shift.constant, 0) if shift.constant < 0 else range(1, shift.constant + 1)
        for k in steps:
            wanted = store.subscripts[:d] + (offset + start + Affine.const(k),) + store.subscripts[d + 1:]
            if not any(w.subscripts == wanted and w.order <= loop.first_order and ctx[:len(w.ctx)] == w.ctx
                       and _fixed({s for sub in w.subscripts for s in sub.symbols()}, w.ctx, read.ctx, loops,
                                  written) for w in stores):
                return False
        return True
    # an earlier loop that stored a range the read stays in: the read's subscript walks a loop of its own
    prefix = store.ctx[:-1]
    if read.ctx[:len(prefix)] != prefix or loop.last_order >= read.order or \
            not _fixed((symbols - {loop.var}) | offset.symbols(), prefix, read.ctx, loops, written):
        return False
    walked = [loops[n] for kind, n in read.ctx[len(prefix):] if kind == "loop" and n in loops
              and loops[n].var is not None and read.subscripts[d].coefficient(loops[n].var) == stride]
    if not walked and stride != 1:
        return False
    if not walked:
        # one element of the stored range (`for (k = 0; k < 3; k++) t[k] = ...;` then `t[0] + t[2]`)
        point = read.subscripts[d]
        if any(kind == "loop" and n in loops and loops[n].var in point.symbols() for kind, n in read.ctx) or \
                not _fixed(point.symbols(), prefix, read.ctx, loops, written):
            return False
        low = point - (loop.lower + offset)
        high = loop.upper + offset - point - Affine.const(1)
        return low.is_constant() and low.constant >= 0 and high.is_constant() and high.constant >= 0
    if len(walked) != 1:
        return False
    inner = walked[0]
    if inner.lower is None or inner.upper is None or inner.var in others or \
            (inner.lower.symbols() | inner.upper.symbols()) & written or \
            any(a.name == inner.var and a.is_write and a.subscripts is None and ("loop", inner.id) in a.ctx
                and inner.body_orders[0] < a.order <= inner.body_orders[1] for a in fn.accesses):
        return False  # (`j1 += 2` in the read loop's body: it reads past the range its header shows)
    read_offset = read.subscripts[d] - Affine.var(inner.var).scale(stride)
    if inner.var in read_offset.symbols() or not _fixed(read_offset.symbols(), prefix, read.ctx, loops, written):
        return False
    # the read at j' is the store of iteration j' + shift, which must lie in the store loop's range
    shift = read_offset - offset
    if stride != 1:
        if not shift.is_constant() or shift.constant % stride:
            return False
        shift = Affine.const(shift.constant // stride)
    low = inner.lower + shift - loop.lower
    high = loop.upper - (inner.upper + shift)
    return low.is_constant() and low.constant >= 0 and high.is_constant() and high.constant >= 0


def _table_expression(arg) -> tuple[str, int] | None:
    """(name, k) for an expression `name[e1]...[ek]` (k >= 0, parentheses allowed) whose indices have no
    side effects; None for anything else (`t + 1`, `*t`, `(double **) t[0]`)."""
    k = 0
    while True:
        while arg is not None and arg.type == "parenthesized_expression" and arg.named_child_count == 1:
            arg = arg.named_children[0]
        if arg is None or arg.type != "subscript_expression":
            break
        index = arg.child_by_field_name("index")
        if index is None or re.search(rb"\+\+|--|[^=!<>]=[^=]|\(", index.text):
            return None
        k, arg = k + 1, arg.child_by_field_name("argument")
    return (arg.text.decode(), k) if arg is not None and arg.type == "identifier" else None


# a name not followed by `(` (not a call or a function's declaration), not a member (`.f`, `->f`)
_SPACE_BYTES = frozenset(b" \t\n\r\f\v")


def _named_uncalled(text: bytes, name: str) -> bool:
    """`name` occurs in `text` as a word (not a member) that no `(` follows: named, not called."""
    size = len(name.encode())
    for start in word_offsets(text, name):
        end = start + size
        while end < len(text) and text[end] in _SPACE_BYTES:
            end += 1
        if end == len(text) or text[end] != 0x28:  # `(`
            return True
    return False


def _holds_rows(var: Variable) -> bool:
    """A table of row pointers: what a callee reaches through it are its rows, not the table's own storage
    (`double **m`, `double *rows[N]`, `std::vector<double *>`)."""
    if var.pointee_dims:
        return False  # `double (*a)[N]`: a pointer to arrays, one object of rows
    return var.pointer_depth >= 2 or (var.is_array and var.pointer_depth >= 1) or \
        ("vector<" in var.type_text and "*" in var.type_text)


def _argument_object(arg, lookup) -> str | None:
    """The variable whose whole storage a call argument hands over: `a`, `(T *) a`, `&a[0]`, `&a[0][0]`,
    and for a pointer to an array also `*a` and `a[0]`; None for anything else (`a + 1`, `&a[k]`...)."""
    while True:
        while arg.type == "parenthesized_expression" and arg.named_child_count == 1:
            arg = arg.named_children[0]
        if arg.type == "cast_expression":
            arg = arg.child_by_field_name("value")
            continue
        break
    if arg.type == "identifier":
        return arg.text.decode()
    zero_subscripts = 0
    address = False
    if arg.type == "pointer_expression" and arg.child_by_field_name("operator").text == b"&":
        arg, address = arg.child_by_field_name("argument"), True
        while arg.type == "parenthesized_expression" and arg.named_child_count == 1:
            arg = arg.named_children[0]
    other_subscripts = False
    while arg.type == "subscript_expression":
        index = arg.child_by_field_name("index")
        if index is None:
            return None
        if index.type != "number_literal" or index.text.decode().rstrip("uUlL") != "0":
            other_subscripts = True
        zero_subscripts += 1
        arg = arg.child_by_field_name("argument")
        while arg.type == "parenthesized_expression" and arg.named_child_count == 1:
            arg = arg.named_children[0]
    deref = 0
    if arg.type == "pointer_expression" and arg.child_by_field_name("operator").text == b"*":
        arg, deref = arg.child_by_field_name("argument"), 1
        while arg.type == "parenthesized_expression" and arg.named_child_count == 1:
            arg = arg.named_children[0]
    if arg.type != "identifier":
        return None
    name = arg.text.decode()
    var = lookup(name)
    if var is None:
        return None
    if other_subscripts or (zero_subscripts and not address and not deref):
        # a row of a true array (`dims[0]`, `u[i]`) or the address of an element (`&u[i][0]`) is part of that
        # array's storage, which is all that tells two arguments apart; an element's value (`rows[1]` of an
        # array of pointers, also through a typedef) or anything reached through a pointer could be anywhere
        if var.is_array and not var.is_pointer and not var.pointer_depth and not deref and \
                (address or zero_subscripts < len(var.dims)):
            return name
        if other_subscripts:
            return None
    if address and zero_subscripts and not deref:
        return name  # &a[0], &a[0][0]: the first element of a's storage
    if not address and (zero_subscripts or deref) and var.pointee_dims and var.pointer_depth == 1:
        return name  # *A or A[0] of `double (*A)[N][M]`: the array A points to
    if address and deref and var.pointee_dims:
        return name  # &(*A)[0][0]
    return None


def dimension_value(program: Program, text: str) -> int | None:
    """The constant an array dimension spells (`5`, `0x10`, a macro `N`), else None."""
    text = text.strip()
    value = c_integer(text) if text else None
    if value is None and text:
        value = program.macros.get(text)
    return value


_COMMENTS = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
# a parameter that ends in its name (`double &x`, `int n[4]`), not a type alone (`double`, `double&`)
_NAMED_PARAMETER = re.compile(r"[\w*&]\s+[A-Za-z_]\w*\s*(\[[^\]]*\])*$|[*&]\s*[A-Za-z_]\w*\s*(\[[^\]]*\])*$")


def _parameter_types(text: str) -> tuple[str, ...]:
    """`(const double &x, int n = 3)` → ("const double &", "int"): each parameter without its name and default."""
    inner = text.strip()[1:-1].strip()
    if inner in ("", "void"):
        return ()
    out = []
    for part in inner.split(","):
        part = part.split("=", 1)[0].strip()
        if _NAMED_PARAMETER.search(part) and re.search(r"\w+\s*(\[[^\]]*\])*$", part).group(0).split("[")[0].strip() \
                not in ARITHMETIC_WORDS:
            part = re.sub(r"\s*\b[A-Za-z_]\w*\s*(\[[^\]]*\])*$", "", part)
        out.append(" ".join(re.sub(r"\s*([*&])\s*", r" \1 ", part).split()))
    return tuple(out)


def _accesses_within_declaration(program: Program, fn: Function, param: Variable, accesses: list[Access]) -> bool:
    """Every access through `param` stays inside the extent its declaration gives (`double r[5]`: r[m] with
    0 <= m <= 4 by the loops around it), so a caller's row handed to it confines what the function touches.
    A plain pointer parameter, a moved pointer or an index of unknown range is not confined."""
    dims = [dimension_value(program, text) for text in param.dims]
    if not dims or any(d is None for d in dims) or param.is_pointer and not param.is_array:
        return False  # no constant extent declared: nothing confines what is reached through it
    loops = {lp.id: lp for lp in fn.loops}
    for acc in accesses:
        if acc.subscripts is None:
            if acc.is_write:
                return False  # the pointer itself moves
            continue
        if len(acc.subscripts) > len(dims) or acc.unanalyzable:
            return False
        bounds = enclosing_bounds(acc, loops)
        for sub, size in zip(acc.subscripts, dims, strict=False):
            if sub is None or not provably_within(sub, 0, size - 1, bounds):
                return False
    return True


class ProgramAnalysis:
    """Analyses every loop of a Program; caches function summaries and per-loop access lists."""

    def __init__(self, program: Program) -> None:
        self.p = program
        self._summaries: dict[str, Summary] = {}
        self._method_names: set[str] | None = None
        self._implicit: dict[str, str | None] = {}
        self._implicit_stack: list[str] = []
        self._header_analyses: dict[int, ProgramAnalysis] = {}  # (`_implicit_of`: classes of own headers)
        self._call_sites: dict[str, list] | None = None
        self._temporaries: dict[str, bool] = {}
        self._by_name: dict[str, dict[str, list[Access]]] = {}
        self._tail_live: dict[tuple, bool] = {}
        self._entered: dict[str, frozenset] = {}
        self._guards: dict[str, list] = {}
        self._jumping_macros: set[bytes] | None = None
        self._irregular: dict[str, bool] = {}
        self._by_macro: dict[str, bool] = {}
        self._declarations: dict[str, tuple[dict[str, int], dict[tuple, set[str]]]] = {}
        self._block_names: dict[int, list[tuple[str, int, int, int, bool]]] = {}
        self._occurrences: dict[tuple[str, str], list[int]] = {}
        self._texts: dict[str, bytes] = {}
        self._escapes: dict = {}  # name (address taken) or ("function", name) (used as a value) → bool
        self.private_allocations: dict[tuple[str, str], bool] = {}  # (function, pointer) → _private_allocation
        self._first_uses: dict[str, int | None] = {}  # see first_use
        self._reference_members: set[str] | None = None  # see scalar_reference_members
        self._tables: dict[tuple, bool] = {}  # see fresh_table and table_kept
        self._outside: bytes | None = None  # see _outside_functions
        self._distinct: dict[tuple, bool] = {}  # see distinct_slots
        self._bodies: list[bytes] | None = None  # see _macro_bodies
        self._directives: dict[str, list[tuple[int, int, str | None]]] | None = None  # see macro_directives
        self._global_addresses: dict[str, int] | None = None  # see global_address_line
        self._apart: dict[int, dict[str, list[tuple[int, int]]]] = {}  # see names_declared_apart
        self._ambiguous: dict[int, dict[str, str]] = {}  # see ambiguous_names
        self._this_members: dict[int, dict[str, set[tuple[int, int]]]] = {}  # see members_named_like_locals
        self._defaults: dict[str, list] | None = None  # see default_arguments
        self._derived: dict[str, set[str]] | None = None  # see derived_classes
        self._statics: set[str] | None = None  # see static_members
        self._tls: set[str] | None = None  # see thread_locals
        self._scopes: set[str] | None = None  # see scopes
        self._macro_names: frozenset[str] | None = None  # see object_macro_names
        self._map_aliases: set[str] | None = None  # see map_aliases
        self._code: bytes | None = None  # see code

    def first_use(self, what: str) -> int | None:
        """The first line of code (not a preprocessor line) where the program names `errno` (it checks the
        errors library calls report there), has a `catch` (it recovers from exceptions) or calls a function of
        <fenv.h>, or None. Found once per program."""
        if what in self._first_uses:
            return self._first_uses[what]
        program = self.p
        source = program.source if isinstance(program.source, bytes) else program.source.encode()
        if what == "errno":
            # in the code, not in a comment or a string: `errno` itself, or `perror`, which prints it (the tree
            # is walked only when the text names one: most files do not)
            named = re.search(rb"\b(?:errno|perror)\b", source) is not None and program.tree is not None
            lines = [node.start_point[0] + 1 for node in (_code_nodes(program.tree.root_node) if named else ())
                     if node.type == "identifier" and node.text in (b"errno", b"perror")]
            found_line = min(lines) if lines else None
        else:
            found = next((m for m in _NAMED_IN_CODE[what].finditer(source)
                          if not source[source.rfind(b"\n", 0, m.start()) + 1:m.start()].lstrip().startswith(b"#")),
                         None)
            found_line = source.count(b"\n", 0, found.start()) + 1 if found is not None else None
        self._first_uses[what] = found_line
        return found_line

    def scalar_reference_members(self) -> set[str]:
        """Members declared as references to a scalar (`double &total;`), of any class of the program."""
        if self._reference_members is None:
            self._reference_members = {name for name, var in self.p.globals.items()
                                       if var.is_member and _scalar_reference(var)}
        return self._reference_members

    # -- function summaries ---------------------------------------------------------------------------
    def summary(self, name: str, _active: frozenset[str] = frozenset()) -> Summary:
        if name in self._summaries:
            return self._summaries[name]
        if name in self.p.overloads:
            # a call of an overloaded name may run any of its definitions: what any of them does
            merging = f"{name}#all"
            if merging in _active:  # one of them calls the name: be conservative about the unfinished part
                return Summary(unknown={name})
            merged = Summary()
            for key in self.p.overloads[name]:
                for attr, value in vars(self._summary_of(key, _active | {merging})).items():
                    setattr(merged, attr, getattr(merged, attr) | value)
            if not self._implicit_stack:
                self._summaries[name] = merged
            return merged
        return self._summary_of(name, _active)

    def header_overload(self, name: str) -> str | None:
        """C++: the text of a `name(...)` in one of the file's own headers whose parameter types are not those
        of the file's definition of `name` (an overload declared or defined there, or a call of it in inline
        code): a call of `name` may run that one, which the analysis does not read. None when there is none."""
        fn = self.p.functions.get(name)
        if self.p.language != "cpp" or "::" in name or fn is None or not self.p.header_programs:
            return None
        key = ("header overload", name)
        if key not in self._tables:
            declarator = function_declarator(fn.node) if fn.node is not None else None
            params = declarator.child_by_field_name("parameters") if declarator is not None else None
            mine = _parameter_types(params.text.decode("utf-8", "replace")) if params is not None else None
            found = None
            pattern = re.compile(rf"(?<![\w.>:]){re.escape(name)}\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)")
            for header in self.p.header_programs:
                text = _COMMENTS.sub(" ", header.source.decode("utf-8", "replace")
                                     if isinstance(header.source, bytes) else header.source)
                found = next((m.group(0) for m in pattern.finditer(text)
                              if mine is None or _parameter_types(f"({m.group(1)})") != mine), None)
                if found is not None:
                    break
            self._tables[key] = found
        return self._tables[key]

    def _through_local_reference(self, fn: Function, acc: Access, local, declared: set[str],
                                 params: dict, s: Summary) -> None:
        """An access through a local reference (`double &r = g; r += x;`) is one of what it is bound to. Bound
        to a name: that global's or parameter's, or nothing for callers when it is a local value of the
        function and no global has its name (a block's `double g` may be gone where r is bound). Bound to any
        other expression (`c ? g : h`, `h.p[0]`, `it[0]`): a store anywhere; a read of what its first name
        reaches."""
        text = (local.init_text or "").strip()
        whole = re.fullmatch(r"(?:::\s*)?([A-Za-z_]\w*)", text)
        first = re.match(r"\s*(?:::\s*)?([A-Za-z_]\w*)", text)
        root = whole.group(1) if whole else first.group(1) if first else None
        held = fn.locals.get(root) if root in declared and root not in params and root not in self.p.globals \
            else None
        # a local of values (a number, an array or std container of numbers), which callers never see
        value = held is not None and not held.is_reference and not held.is_pointer and \
            not re.search(r"[*&]", held.type_text) and all(
                w in _VALUE_TYPE_WORDS or w in self.p.arithmetic_types
                for w in re.findall(r"[A-Za-z_]\w*", held.type_text))
        if value and (whole or re.fullmatch(rf"{root}(?:\s*\[[^\]?:]*\]|\s*\.\s*\w+)*", text)):
            return
        if root in params:
            (s.writes_params if acc.is_write else s.reads_params).add(params[root].line)
            if whole or not acc.is_write:
                return
        elif root in self.p.globals and root not in declared:
            (s.writes_globals if acc.is_write else s.reads_globals).add(root)
            if whole or not acc.is_write:
                return
        elif not acc.is_write:
            if not value:
                s.reads_pointees.add(acc.name)
            return
        s.unknown.add(f"a store through the reference `{acc.name}` (bound to `{text or '?'}`)")

    def _summary_of(self, name: str, _active: frozenset[str] = frozenset()) -> Summary:
        key = f"{name}#one" if name in self.p.overloads else name  # (`summary` keeps the merged one under name)
        if key in self._summaries:
            return self._summaries[key]
        fn = self.p.functions[name]
        s = Summary()
        if name in _active:  # recursion: be conservative about what we have not finished
            s.unknown.add(name)
            return s
        for value in self.default_arguments().get(name.rsplit("::", 1)[-1], ()):
            # `double clean(double x, int tag = calls++)`: a call that leaves `tag` out runs `calls++`
            if self._changes_state(value, _active | {name}):
                s.unknown.add(f"the default argument `{value.text.decode('utf-8', 'replace')}`")
            # `void m(long v = g)`: a call that leaves v out reads g (where it is called)
            s.reads_globals |= {word for word in re.findall(r"[A-Za-z_]\w*", value.text.decode("utf-8", "replace"))
                                if word in self.p.globals and not self.p.globals[word].is_member}
        declared = {d[0] for d in fn.declarations}
        params = {p.name: p for p in fn.params}
        for why in self.ambiguous_names(fn).values():
            s.unknown.add(f"{why} in `{name}`, names of two objects (rename one)")
        if (other := self.header_overload(name)) is not None:
            s.unknown.add(f"`{other}` in the file's own header, another `{name}` a call may pick")
        this_members = self.members_named_like_locals(fn)
        bound: set[str] = set()  # local references whose binding was passed
        for acc in fn.accesses:
            if this_members and (acc.line, acc.column) in this_members.get(acc.name, ()):
                # `this->x += x;`: the member x, not the parameter x
                (s.writes_globals if acc.is_write else s.reads_globals).add(acc.name)
                continue
            if acc.name == "?" and acc.is_write:
                # `*(p + k) = ...`, `get()[i] = ...`, a cast: a store anywhere, as far as callers know
                s.unknown.add(f"a store to `{acc.texts[0] if acc.texts else '?'}`")
                continue
            root = object_root(acc.name)
            if acc.is_write and acc.subscripts is not None and root != acc.name and root in declared and \
                    root not in params and member_points_anywhere(self.p, fn, acc.name.replace("->", ".")):
                # `u.d[3] += x` through a pointer member of a local struct or union: anywhere
                s.unknown.add(f"a store through `{acc.name}`, a pointer member")
                continue
            if acc.name in declared:
                local = fn.locals.get(acc.name)
                if local is not None and acc.is_write and _held_pointer_store(local, acc):
                    # `long *rows[1] = {a}; rows[0][k] = v;`: the element is a pointer, set from anything
                    s.unknown.add(f"a store through `{acc.name}[...]`, a pointer held in a local")
                    continue
                if local is not None and not local.is_array and (local.is_pointer or _MAYBE_POINTER.search(
                        local.type_text) or set(local.type_text.split()) & self.p.pointer_types) and \
                        (acc.subscripts is not None or acc.unanalyzable):
                    # through a local pointer: where it was set from (`Stats *st = &gstats; st->count++`)
                    self._through_local_pointer(fn, acc, s)
                elif local is not None and local.is_reference:
                    if acc.name not in bound and acc.mode == "w" and acc.line == local.line:
                        bound.add(acc.name)  # (`double &r = g;` binds r: no store)
                    else:
                        self._through_local_reference(fn, acc, local, declared, params, s)
                continue
            base = _BASE_NAME.match(acc.name)
            if acc.name not in params and base is not None and base.group(1) in params and base.group(1) != acc.name:
                # `g->v[i] = ...`, `(*p)[i]`, `r.v[i]` with a reference: stores through the parameter
                param = params[base.group(1)]
                pointed = acc.subscripts is not None and "." in acc.name and \
                    member_points_anywhere(self.p, fn, acc.name.replace("->", "."))
                if pointed and acc.is_write:
                    # `s.d[i + 1] = v` of `struct S s` (by value): d points where the caller's copy does
                    s.writes_params.add(param.line)
                    s.unbounded_params.add(param.line)
                if "->" in acc.name or acc.name.startswith("*") or param.is_reference:
                    if acc.is_write:
                        s.writes_params.add(param.line)
                    if acc.is_read and acc.subscripts is not None:
                        s.reads_params.add(param.line)
                if acc.is_read and acc.subscripts is not None and re.search(r"->|\.", acc.name) and \
                        member_points_anywhere(self.p, fn, acc.name.replace("->", ".")):
                    s.reads_pointees.add(acc.name)  # `c->buf[i]`: where buf points, not in *c
                continue
            if acc.name in params:
                param = params[acc.name]
                if acc.is_write and (acc.subscripts is not None or param.is_reference):
                    s.writes_params.add(param.line)
                if acc.is_read and acc.subscripts is not None:
                    s.reads_params.add(param.line)
            elif root in fn.static_locals:
                # a `static` local is global state with a local name: `return c++;` counts calls, `st.n++` too
                if acc.is_write:
                    s.writes_globals.add(f"{name}::{acc.name}")
            elif acc.name in self.p.globals or acc.name.split(".")[0] in self.p.globals:
                (s.writes_globals if acc.is_write else s.reads_globals).add(acc.name)
            elif acc.is_write and root not in fn.locals and root not in declared:
                # (K&R parameters `void f(p) long *p; {...}`, a global of a header not read): stored somewhere
                s.unknown.add(f"a store to `{acc.name}`, a name nothing declared here")
            elif acc.name.startswith("*") and acc.subscripts is not None:
                s.reads_pointees.add(acc.name)  # `buf()[i - 1]`: through a pointer from anywhere

        for param in fn.params:
            if not _accesses_within_declaration(self.p, fn, param, self.accesses_named(fn, param.name)):
                s.unbounded_params.add(param.line)
            if param.is_reference and param.name in fn.address_taken and _address_used(fn, param.name):
                # (`&v` of `const long &v`: stepping from it reaches the caller's neighbouring objects)
                s.unknown.add(f"the address of the reference parameter `{param.name}`")
        for acc in fn.accesses:
            if acc.name in self.p.code_macros and self.hidden_code(fn, acc.name):
                s.unknown.add(acc.name)  # an object-like macro standing for code
        s.exits |= any(jump.kind == "throw" for jump in fn.jumps)  # an exception may leave the caller's loop
        if self.p.language == "cpp" and (self.p.classes or self.p.header_classes):
            # a local object runs its class's constructor and destructor in every call (`V v(i);`)
            for var in fn.locals.values():
                for cls in sorted(self.class_words(var.type_text)):
                    effect = self.implicit_effects(cls)
                    if effect:
                        s.unknown.add(f"the implicit code of `{cls}` ({effect})")
        for call in fn.calls:
            self._classify_into(call.name, call.method_of, s, _active | {name})
            if call.method_of is None and call.name in MEMORY_WRITE_FUNCTIONS and call.args:
                written = pointed_array(call.args[0]) or ""
                target = params.get(written)
                if target is not None and target.name not in declared:
                    s.writes_params.add(target.line)  # memcpy(p, ...) stores through the parameter p
                    s.unbounded_params.add(target.line)
                elif written in self.p.globals and written not in declared and target is None:
                    s.writes_globals.add(written)  # memcpy(ghist, ...)
                elif written in declared and fn.locals.get(written) is not None and _holds_pointers(fn.locals[written]):
                    # `memcpy(&rows[0][k], ...)` of `long *rows[1] = {p}`: through a pointer the local holds
                    s.unknown.add(f"`{call.name}` into `{call.arg_texts[0]}`, through a pointer held in a local")
                elif written in declared and fn.locals.get(written) is not None and fn.locals[written].is_pointer \
                        and not fn.locals[written].is_array:
                    # memcpy(q, ...) through a local pointer: where q was set from
                    self._through_local_pointer(fn, Access(written, "w", (None,), (), call.line, call.column,
                                                           call.order, call.ctx), s)
                elif written not in declared:
                    s.unknown.add(f"`{call.name}` into `{call.arg_texts[0] if call.arg_texts else '?'}`")
            if call.method_of is None and call.name in self.p.functions:
                # a parameter handed on to a function that reads or writes through it
                inner = self.summary(call.name, _active | {name})
                for position, arg in enumerate(call.args):
                    handed = pointed_array(arg) or _dereferenced(arg) or ""
                    param = params.get(handed)
                    if param is not None and param.name not in declared:
                        if position in inner.reads_params:
                            s.reads_params.add(param.line)
                        if position in inner.writes_params:
                            s.writes_params.add(param.line)
                        if position in inner.unbounded_params:
                            s.unbounded_params.add(param.line)
                    elif param is None and (position in inner.reads_params or position in inner.writes_params):
                        self._handed_on(fn, call, position, declared, position in inner.writes_params, s)
        if not self._implicit_stack:
            # (while a class's implicit code is being worked out, its answer is not known yet: a summary that
            # depends on it is computed again later)
            self._summaries[f"{name}#one" if name in self.p.overloads else name] = s
        return s

    def _handed_on(self, fn: Function, call, position: int, declared: set[str], writes: bool, s: Summary) -> None:
        """Argument `position` of `call` is read (or written, `writes`) through by the callee: a global it
        names (`addto(ghist, x)`, `addto(&ghist[6], x)`, `addto(gs.hist, x)`, `inc(&gs.count)`) is read or
        written; a local pointer (`q = h2; addto(q, i)`) reaches what it was set from."""
        text = call.arg_texts[position] if position < len(call.arg_texts) else ""
        root_match = re.match(r"\s*(?:\([^()]*\)\s*)?&?\s*\(?\s*([A-Za-z_]\w*)", text)
        root = root_match.group(1) if root_match else ""
        local = fn.locals.get(root)
        if root in declared and local is not None and local.is_pointer and not local.is_array:
            self._through_local_pointer(fn, Access(root, "w" if writes else "r", (None,), (), call.line,
                                                   call.column, call.order, call.ctx), s)
        elif root in self.p.globals and root not in declared and fn.param(root) is None:
            (s.writes_globals if writes else s.reads_globals).add(root)

    def _through_local_pointer(self, fn: Function, acc: Access, s: Summary) -> None:
        """A callee's access through its local pointer reaches what the pointer was set from: storage of the
        callee's own (a local array, an allocation) stays inside the call; a parameter (`double *q = row;`) is
        read or written past its bounds; a global (`Stats *st = &gstats;`) is read or written; anything else
        is a read of unknown memory (S2P302 where the loop writes arrays) or a store anywhere (unknown)."""
        var = fn.locals[acc.name]
        texts = pointer_sources(fn, acc.name)
        if not texts and not var.allocated or acc.name in fn.address_taken:
            texts.append("?")  # never set here, or set through its address: anything
        params = {p.name: p for p in fn.params}
        for text in texts:
            root = re.match(r"\s*(?:\([^()]*\)\s*)?&?\s*([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*(?:[-+].*)?$", text)
            name = root.group(1) if root else None
            own = fn.locals.get(name) if name else None
            if own is not None and own.is_array and not own.is_pointer and name not in fn.static_locals:
                continue  # a local array of the call
            if name in params:
                (s.writes_params if acc.is_write else s.reads_params).add(params[name].line)
                s.unbounded_params.add(params[name].line)
            elif name in self.p.globals and own is None:
                (s.writes_globals if acc.is_write else s.reads_globals).add(name)
            elif acc.is_write:
                where = text if text != "?" else "elsewhere"
                s.unknown.add(f"a store through `{acc.name}`, a pointer set from {where}")
            else:
                s.reads_pointees.add(acc.name)

    def default_arguments(self) -> dict[str, list]:
        """The C++ default arguments (their nodes) by the unqualified name of the function whose declaration
        gives them; found once per program."""
        if self._defaults is None:
            self._defaults = {}
            if self.p.language == "cpp" and self.p.tree is not None and b"=" in self.p.tree.root_node.text:
                from tree_sitter import QueryCursor

                for value in QueryCursor(_defaults_query()).captures(self.p.tree.root_node).get("value", []):
                    declarator = value.parent
                    while declarator is not None and declarator.type != "function_declarator":
                        declarator = declarator.parent
                    named = declarator.child_by_field_name("declarator") if declarator is not None else None
                    if named is not None:
                        self._defaults.setdefault(named.text.decode().rsplit("::", 1)[-1], []).append(value)
        return self._defaults

    def _changes_state(self, value, active: frozenset[str]) -> bool:
        """A default argument stores, steps, allocates, or calls what changes state (a function of the program
        by its summary, a class's constructor by its implicit code, the library's by name)."""
        stack = [value]
        while stack:
            node = stack.pop()
            stack.extend(node.named_children)
            if node.type in ("update_expression", "assignment_expression", "new_expression"):
                return True
            kind = node.child_by_field_name("function" if node.type == "call_expression" else "type") \
                if node.type in ("call_expression", "compound_literal_expression") else None
            called = kind.text.decode() if kind is not None else ""
            if not called:
                continue
            if called in self.p.functions:
                if called in active or self._summary_of(called, active).changes_state:
                    return True
            elif called in self.p.classes:  # `Vec3(1, 1, 1)`, `Tag{}`: its constructor's code
                if self.implicit_effects(called) is not None:
                    return True
            elif not called.startswith("std::") and called not in PURE_FUNCTIONS or \
                    called.removeprefix("std::") in HIDDEN_STATE_FUNCTIONS:
                return True  # (`std::numeric_limits<double>::epsilon()` is the library's, and pure)
        return False

    def class_lineage(self, cls: str) -> set[str | None]:
        """`cls` and its base classes, directly or not, that the program defines; None among them when a base is
        one it does not define (a library's, a template parameter)."""
        key = f"lineage {cls}"
        if key not in self._tables:
            out: set[str | None] = set()
            stack = [cls]
            while stack:
                name = stack.pop()
                if name in out:
                    continue
                out.add(name)
                for base in _base_classes(_class_bodies(self.p, name)) - _BASE_SPECIFIER_WORDS:
                    if base in self.p.classes:
                        stack.append(base)
                    else:
                        out.add(None)
            self._tables[key] = out
        return self._tables[key]

    def derived_classes(self, cls: str) -> set[str]:
        """The program's classes that derive from `cls`, directly or not: a pointer or reference to a `cls`
        may hold one of them (`delete shapes[i]` runs a derived class's destructor)."""
        if self._derived is None:
            bases = {c: _base_classes(_class_bodies(self.p, c)) & self.p.classes for c in self.p.classes}
            self._derived = {}
            for c in self.p.classes:
                seen: set[str] = set()
                todo = [c]
                while todo:
                    base = todo.pop()
                    for sub, its in bases.items():
                        if base in its and sub not in seen:
                            seen.add(sub)
                            todo.append(sub)
                self._derived[c] = seen
        return self._derived.get(cls, set())

    def map_aliases(self) -> set[str]:
        """Names the program gives std::map types (`using Table = std::map<int, long>;`, a template alias,
        `typedef std::unordered_map<...> T;`), and names of those; found once per program."""
        if self._map_aliases is None:
            source = self.code().decode("utf-8", "replace")
            self._map_aliases = set()
            if "map" in source:
                spelled = r"(?:std\s*::\s*)?(?:unordered_)?(?:multi)?map\s*<"
                using = rf"\busing\s+([A-Za-z_]\w*)\s*=\s*(?:typename\s+)?{spelled}"
                typedef = rf"\btypedef\s+(?:typename\s+)?{spelled}[^;]*>\s*([A-Za-z_][^;]*);"
                found = {m[1] for m in re.finditer(using, source)}
                # `typedef std::map<int, long> A, *PA;`: every name declared
                found |= {w for m in re.finditer(typedef, source) for w in re.findall(r"[A-Za-z_]\w*", m[1])}
                while found - self._map_aliases:
                    self._map_aliases |= found
                    names = "|".join(map(re.escape, sorted(found)))
                    found = {m[1] for m in re.finditer(rf"\busing\s+([A-Za-z_]\w*)\s*=\s*(?:{names})\b", source)}
                    found |= {w for m in re.finditer(rf"\btypedef\s+(?:{names})\b([^;]*);", source)
                              for w in re.findall(r"[A-Za-z_]\w*", m[1])}
        return self._map_aliases

    def static_members(self) -> set[str]:
        """The names of the static data members of the program's classes; found once per program."""
        if self._statics is None:
            self._statics = set()
            for cls in sorted(self.p.classes) if self.p.language == "cpp" else ():
                for body in _class_bodies(self.p, cls):
                    for member in body.named_children:
                        if member.type != "field_declaration" or not any(
                                c.type == "storage_class_specifier" and c.text == b"static" for c in member.children):
                            continue
                        for declarator in member.children_by_field_name("declarator"):
                            while declarator.child_by_field_name("declarator") is not None:
                                declarator = declarator.child_by_field_name("declarator")
                            if declarator.type in ("field_identifier", "identifier"):
                                self._statics.add(declarator.text.decode())
        return self._statics

    def names_declared_apart(self, fn: Function) -> dict[str, list[tuple[int, int]]]:
        """Names `fn` declares in its blocks with another kind of type than a declaration before (`fn.retyped`:
        `int x` after a file-scope `double x[N]`, `int c[4]` after `int *c`), or while a parameter or a
        file-scope variable has that name too: {name: [(byte offset, line) of each declaration]}; once per
        function. (The same name declared again alike, `for (int i = 0; ...)` loop after loop, is not here.)"""
        found = self._apart.get(id(fn))
        if found is None:
            declared: dict[str, list[tuple[int, int]]] = {}
            for name, offset, line, _, _ in self.block_declarations(fn):
                declared.setdefault(name, []).append((offset, line))
            found = self._apart[id(fn)] = {
                name: places for name, places in declared.items()
                if name in fn.retyped or name in self.p.globals or fn.param(name) is not None}
        return found

    def ambiguous_names(self, fn: Function) -> dict[str, str]:
        """Names whose accesses in `fn`, recorded by name, may be of two objects, each with why; once per
        function. A summary cannot tell which accesses are the local's:
        - a name the function declares while a parameter, a member or a file-scope variable has it too, when
          some use is outside the scope of every such declaration (`{ double g = 1; } g += v;`, `g += v;
          double g = 2;`), a block also declares it `extern`, or a declaration is one the scan of blocks does
          not see (a range-for's variable, a structured binding, a macro's declaration);
        - a name declared `static` and also not, or declared twice with different kinds of type (`long *q`
          in one block, `long q` in another: the IR keeps the last);
        - a name qualified somewhere (`::a`, `C::v`) while a parameter or local has it: both read as `a`."""
        found = self._ambiguous.get(id(fn))
        if found is not None:
            return found
        found = self._ambiguous[id(fn)] = {}
        counts = self.declarations(fn)[0]
        blocks: dict[str, set[tuple[int, bool]]] = {}
        for name, offset, _, _, extern in self.block_declarations(fn):
            blocks.setdefault(name, set()).add((offset, extern))
        start = fn.node.start_byte if fn.node is not None else 0
        body = fn.body.start_byte if fn.body is not None else start
        text = self.function_text(fn)
        qualified = _qualified_names(text) if b"::" in text else set()
        for name in sorted(set(counts) | {n for n, places in blocks.items() if any(e for _, e in places)}):
            count = counts.get(name, 0)
            outer_var = self.p.globals.get(name)
            outer = "parameter" if fn.param(name) is not None else None if outer_var is None else \
                "member" if outer_var.is_member else "global"
            places = blocks.get(name, set())
            local = sorted(offset for offset, extern in places if not extern)
            if count and name in fn.static_locals:
                found[name] = f"`{name}`, declared `static` and also not"
            elif count > 1 and (name in fn.retyped or name in fn.references):
                # (the IR keeps the last declaration, and a reference's last binding)
                found[name] = f"`{name}`, declared more than once with different kinds of type or as a reference"
            elif outer is None:
                continue
            elif any(extern for _, extern in places) and (count or outer == "parameter"):
                found[name] = f"`{name}`, declared `extern` in a block and as a {'parameter' if not count else 'local'}"
            elif count > len(local):
                found[name] = f"`{name}` as the {outer} and as a variable (a range-for's, a binding's or a macro's)"
            elif count and name in qualified:
                found[name] = f"`::{name}` (qualified) beside a local `{name}`"
            elif count:
                scopes = []
                for offset in local:
                    scope = fn.node.descendant_for_byte_range(offset, offset + len(name))
                    while scope is not None and scope.type not in _SCOPES:
                        scope = scope.parent
                    scopes.append((offset, scope.end_byte if scope is not None else offset))
                for where in self.occurrences(fn, name):
                    where += start
                    if where >= body and not any(lo <= where < hi for lo, hi in scopes):
                        line = fn.node.text[:where - start].count(b"\n") + fn.node.start_point[0] + 1
                        found[name] = f"`{name}` as the {outer} at line {line}, a name a block also declares"
                        break
        for name in sorted(qualified):
            if name not in found and name not in counts and fn.param(name) is not None:
                found[name] = f"`::{name}` (qualified) beside a parameter `{name}`"
        return found

    def members_named_like_locals(self, fn: Function) -> dict[str, set[tuple[int, int]]]:
        """In a method, where `this->x` (or `(*this).x`) names a member that a parameter or local shares its
        name with, by (line, column) of the access the IR records for it (as `x`, like the local's); once per
        function."""
        found = self._this_members.get(id(fn))
        if found is None:
            found = self._this_members[id(fn)] = {}
            if fn.node is None or "::" not in fn.name or b"this" not in fn.node.text:
                return found
            counts = self.declarations(fn)[0]
            text = self.function_text(fn)
            row, column = fn.node.start_point
            for match in _THIS_MEMBER.finditer(text):
                name = (match.group(1) or match.group(2)).decode()
                if name in counts or fn.param(name) is not None:
                    at = match.start()
                    newline = text.rfind(b"\n", 0, at)
                    place = (row + text.count(b"\n", 0, at) + 1, column + at + 1 if newline < 0 else at - newline)
                    found.setdefault(name, set()).add(place)
        return found

    def scopes(self) -> set[str]:
        """The names of the program's namespaces and classes (what `N::x` may qualify a variable with)."""
        if self._scopes is None:
            source = self.p.source if isinstance(self.p.source, str) else self.p.source.decode("utf-8", "replace")
            enums = set(re.findall(r"\benum\s+(?:class|struct)\s+([A-Za-z_]\w*)", source))
            self._scopes = set(self.p.classes) - enums | set(re.findall(r"\bnamespace\s+([A-Za-z_]\w*)", source))
        return self._scopes

    def thread_locals(self) -> set[str]:
        """The program's file-scope thread-local variables."""
        if self._tls is None:
            self._tls = {name for name, var in self.p.globals.items() if var.is_thread_local}
        return self._tls

    def global_address_line(self, name: str) -> int | None:
        """The first line where the program takes the address of the file-scope variable `name` (`&acc` in a
        function that has no `acc` of its own, or in a file-scope initializer: `long *ap = &acc;`), else None;
        the file's functions found once per program."""
        if self._global_addresses is None:
            found: dict[str, int] = {}
            for fn in self.p.functions.values():
                for taken, line in fn.address_taken.items():
                    if taken not in fn.locals and fn.param(taken) is None:
                        found[taken] = min(found.get(taken, line), line)
            for var in self.p.globals.values():
                if var.is_reference and re.fullmatch(r"[A-Za-z_]\w*", var.init_text or ""):
                    found[var.init_text] = min(found.get(var.init_text, var.line), var.line)  # `long &r = acc;`
            code = self.code()
            if b"&" in code:
                # a unary `&` anywhere in the code, macros included: `struct h = { &acc };`, `&(acc)`,
                # `#define ACCP (&acc)`, in a function with an `acc` of its own too (the text does not say whose)
                line, counted = 1, 0
                for m in _ADDRESS_OF.finditer(code):
                    line, counted = line + code.count(b"\n", counted, m.start()), m.start()
                    found.setdefault(m[1].decode(), line)
            self._global_addresses = found
        return self._global_addresses.get(name)

    def code(self, node=None) -> bytes:
        """The program's text with its comments and string and character literals made blanks (offsets and
        lines kept: directives and `&` in them are none), or the part of it that `node` spans; made once."""
        if self._code is None:
            self._code = _blanked(self.p.source if isinstance(self.p.source, bytes) else self.p.source.encode())
        return self._code if node is None else self._code[node.start_byte:node.end_byte]

    def object_macro_names(self) -> frozenset[str]:
        """Every name some object-like macro of the file or its headers has (or the file `#undef`s)."""
        if self._macro_names is None:
            self._macro_names = frozenset(self.macro_directives()) | frozenset(self.p.word_macros) | \
                frozenset(self.p.header_code_macros) | frozenset(self.p.code_macros)
        return self._macro_names

    def macro_directives(self) -> dict[str, list[tuple[int, int, str | None]]]:
        """The file's `#define` of an object-like macro and `#undef` lines, by name, in source order: (byte
        offset, line, the macro's value, None for `#undef`); found once per program."""
        if self._directives is None:
            self._directives = {}
            source = self.code()  # (`/* c */ #define a b`, `#define/**/a b`; none in a comment)
            if b"define" in source or b"undef" in source:
                line, counted = 1, 0
                for m in _OBJECT_MACRO_DIRECTIVE.finditer(source):
                    line, counted = line + source.count(b"\n", counted, m.start()), m.start()
                    value = None if m[1] == b"undef" else m[3].strip().decode(errors="replace")
                    self._directives.setdefault(m[2].decode(), []).append((m.start(), line, value))
        return self._directives

    def hidden_code(self, fn: Function, name: str, depth: int = 0) -> tuple[str, ...] | None:
        """For an object-like macro `name` used in `fn` whose body is more than a constant expression: the
        variables its body mentions (possibly none); else None. Macros are not expanded by tree-sitter, so
        what such a body reads or writes is otherwise invisible."""
        body = self.p.code_macros.get(name)
        if body is None or depth > 8 or name in fn.locals or fn.param(name) or name in self.p.globals:
            return None
        text = _LITERALS.sub(" 0 ", body)
        hides = _ASSIGNING.search(text) is not None
        hides |= any(called not in PURE_FUNCTIONS and called != "sizeof" for called in _CALLED.findall(text))
        variables = []
        for word in sorted(set(_WORD.findall(text))):
            if word in fn.locals or fn.param(word) or word in self.p.globals:
                variables.append(word)
            elif word in self.p.code_macros and self.hidden_code(fn, word, depth + 1) is not None:
                hides = True
        return tuple(variables) if hides or variables else None

    def macro_effect(self, fn: Function, name: str) -> bool:
        """The object-like macro `name` (of the file, or of a header: libclang mode keeps those apart) stores,
        steps, or calls a function that is neither pure nor a macro (`#define LIM getm()`, `#define NEXT
        (base++)`); a macro of a macro is taken as an expression (PolyBench's `#define _PB_N
        POLYBENCH_LOOP_BOUND(N, n)`)."""
        body = self.p.code_macros.get(name, self.p.header_code_macros.get(name))
        if body is None or name in fn.locals or fn.param(name) or name in self.p.globals:
            return False
        text = _LITERALS.sub(" 0 ", body)
        return re.search(r"(?<![=!<>])=(?!=)|\+\+|--", text) is not None or any(
            called not in PURE_FUNCTIONS and called != "sizeof" and not _macro_named(self.p, called)
            for called in _CALLED.findall(text))

    def implicit_effects(self, cls: str) -> str | None:
        """What code of the class `cls` that C++ runs without a call in sight (constructors, the destructor,
        operators, conversions, default member initializers) does beyond the object's own members: the
        first such effect, or None when there is none. A loop that makes, copies, destroys or operates on
        such objects runs that code in every iteration."""
        if cls in self._implicit:
            return self._implicit[cls]
        if cls in self._implicit_stack:
            if cls == self._implicit_stack[-1]:
                return None  # its own members mention it (`Vec3 r;` in Vec3's operator+): being worked out
            # two classes whose code makes each other's objects: an answer now would be cached half-known
            return f"`{cls}` and `{self._implicit_stack[-1]}` make each other's objects: their code is not followed"
        self._implicit_stack.append(cls)
        try:
            reason = self._implicit_of(cls)
        finally:
            self._implicit_stack.pop()
        self._implicit[cls] = reason
        return reason

    def first_effectful(self, classes: Iterable[str]) -> tuple[str, str] | None:
        """The first of `classes` (in name order) whose implicit code has an effect, with that effect."""
        return next(((c, r) for c in sorted(classes) if (r := self.implicit_effects(c))), None)

    def class_words(self, type_text: str) -> set[str]:
        """The classes of the program (the file's, or its own headers' with code the analysis does not read)
        that `type_text` names, through `using A = B;` and `typedef B A;` aliases."""
        if "aliases" not in self._tables:
            text = self.p.source.decode(errors="replace")
            aliases: dict[str, str] = {}
            for m in _USING_ALIAS.finditer(text):
                # (`using V = std::vector<double>;` names the library's class, whatever the program calls `vector`)
                aliases[m.group(1)] = "" if _STD_NAME.match(m.group(2)) else m.group(2).split("::")[-1]
            for m in _TYPEDEF_ALIAS.finditer(text):
                aliases[m.group(2)] = m.group(1)
            self._tables["aliases"] = aliases
        aliases = self._tables["aliases"]
        known = self.p.classes | self.p.header_classes
        found = set()
        # (`std::vector<double>` is the library's vector, also where the program defines a `vector` of its own)
        for word in re.findall(r"[A-Za-z_]\w*", _STD_NAME.sub(" ", type_text)):
            for _ in range(4):
                if word in known or word not in aliases:
                    break
                word = aliases[word]
            if word in known:
                found.add(word)
        return found

    def _implicit_of(self, cls: str) -> str | None:
        if cls not in self.p.classes:
            # a class of the file's own headers: judged where its code is, in the header read as a program
            header = next((h for h in self.p.header_programs if cls in h.classes), None)
            if header is None:
                return f"`{cls}` is defined in a header whose code (constructors, destructor, operators) is not read"
            if id(header) not in self._header_analyses:
                self._header_analyses[id(header)] = ProgramAnalysis(header)
            return self._header_analyses[id(header)].implicit_effects(cls)
        reason = None
        # the code of its members' classes and of its bases runs with its own
        bodies = _class_bodies(self.p, cls)
        held = self.first_effectful(self._related_classes(cls, bodies))
        if held is not None:
            return f"{held[1]} (`{cls}` holds or derives from `{held[0]}`)"
        for qualified, node in _special_members(self.p, cls, bodies):
            # (`N::operator+(M m)` called as `q + a[i]` converts a[i] with M's constructor)
            fn = self.p.functions.get(qualified)
            taken = " ".join(p.type_text for p in fn.params if not p.is_pointer) if fn is not None else ""
            other = self.first_effectful(self.class_words(taken) - {cls})
            if other is not None:
                return f"{other[1]} (`{qualified}` takes `{other[0]}` objects)"
            if "::<initializer" in qualified and _STORING.search(qualified.split("<initializer", 1)[1].encode()):
                reason = f"`{qualified}` stores to a variable"  # (`int id = next_id++;`: every object made)
            elif "::<initializer" in qualified:  # `long id = next_id();`: what the initializer calls
                called = set(_CALLED.findall(qualified)) - PURE_FUNCTIONS
                unknown = sorted(c for c in called if c not in self.p.functions)
                reason = f"`{qualified}` calls {unknown[0]}, whose effects are unknown" if unknown else \
                    next((r for c in sorted(called) if (r := self._effect_of(c, cls))), None)
            elif qualified not in self.p.functions:
                reason = f"`{qualified}` ({_text_of(node)[:60]}) is not analyzed"
            elif (inits := next((c for n in (node, self.p.functions[qualified].node) if n is not None
                                 for c in n.named_children if c.type == "field_initializer_list"), None)) \
                    is not None and (_STORING.search(inits.text) or b"(" in inits.text and any(
                        called not in PURE_FUNCTIONS and called not in self.p.classes and called not in
                        self.p.fields.get(cls, {}) for called in _CALLED.findall(_text_of(inits).split("(", 1)[1]))):
                # `T() : id(g++) {}`: the member initializers run with the constructor, outside its body
                reason = f"`{qualified}` ({_text_of(inits)[:60]}) stores or calls in its member initializers"
            else:
                reason = self._effect_of(qualified, cls) or self._constructor_stores(cls, qualified)
            if reason:
                break
        return reason

    def _related_classes(self, cls: str, bodies: list) -> set[str]:
        """The classes whose code runs with `cls`'s: those of its members and its bases (`bodies`: its
        definitions, `_class_bodies`)."""
        related = {w for _, type_text in self.p.fields.get(cls, {}).values()
                   for w in re.findall(r"[A-Za-z_]\w*", type_text)} | _base_classes(bodies)
        return self.class_words(" ".join(related)) - {cls}

    def implicit_reads(self, cls: str) -> frozenset[str]:
        """The file-scope variables that code C++ runs implicitly for objects of `cls` reads or writes
        (constructors and their member initializers, default member initializers, the destructor, operators,
        conversions, and those of the classes it holds or derives from); "*" when that code reads through a
        pointer from anywhere."""
        key = ("implicit reads", cls)
        if key not in self._tables:
            self._tables[key] = frozenset()  # (a class holding itself, through a cycle)
            out: set[str] = set()
            bodies = _class_bodies(self.p, cls) if cls in self.p.classes else []
            texts = [_text_of(member) for body in bodies for member in body.named_children
                     if member.type == "field_declaration"]
            for qualified, node in _special_members(self.p, cls, bodies):
                fn = self.p.functions.get(qualified)
                if fn is not None and "<initializer" not in qualified:
                    summary = self.summary(qualified)
                    out |= {object_root(g) for g in summary.reads_globals | summary.writes_globals}
                    out |= {"*"} if summary.reads_pointees else set()
                for n in (node, fn.node if fn is not None else None):
                    inits = next((c for c in n.named_children if c.type == "field_initializer_list"), None) \
                        if n is not None else None
                    if inits is not None:
                        texts.append(_text_of(inits))
            out |= {w for text in texts for w in re.findall(r"[A-Za-z_]\w*", text)
                    if w in self.p.globals and not self.p.globals[w].is_member}
            for other in sorted(self._related_classes(cls, bodies)):
                out |= self.implicit_reads(other)
            self._tables[key] = frozenset(out)
        return self._tables[key]

    def own_members(self, cls: str) -> frozenset[str]:
        """The data members of `cls` that a store changes only in the object itself: not static, named by no
        variable of file or namespace scope (a summary's `x` may be that global's, stored by a callee; another
        class's member `x` is reached only as `obj.x`), and of a type of values (arithmetic, `std::vector`/
        `std::array`/`std::string`/`std::complex` of them, or a class whose members are all such)."""
        key = ("own members", cls)
        if key not in self._tables:
            self._tables[key] = frozenset()  # (a class holding itself, through a cycle: none)
            own = set()
            for name, (kind, type_text) in self.p.fields.get(cls, {}).items():
                var = self.p.globals.get(name)
                if kind not in ("value", "array") or var is None or not var.is_member or \
                        name in self.p.file_scope_names or f"{cls}::{name}" in self.p.static_members:
                    continue
                words = re.findall(r"[A-Za-z_]\w*", type_text)
                if not re.search(r"[*&]", type_text) and all(w in _VALUE_TYPE_WORDS or w in self.p.arithmetic_types or
                       w in self.p.classes and w != cls and self.plain_class(w) for w in words):
                    own.add(name)
            self._tables[key] = frozenset(own)
        return self._tables[key]

    def row_levels(self, fn: Function, name: str) -> int:
        """`rows_apart` of the array `name` in `fn`, worked out once (every loop of the function asks)."""
        key = ("row levels", fn.name, name)
        if key not in self._tables:
            self._tables[key] = rows_apart(self.p, variable(self.p, fn, name))
        return self._tables[key]

    def value_type(self, type_text: str) -> bool:
        """Objects of the type `type_text` hold only storage of their own: numbers, `std::vector`/`std::array`/
        `std::string`/`std::complex` of such, structs and classes of the program whose data members are all
        such and that derive from nothing; not pointers, references, views, smart pointers, iterators or types
        the analysis does not see."""
        key = ("value type", type_text)
        if key not in self._tables:
            self._tables[key] = False  # (a type holding itself, through a cycle)
            words = re.findall(r"[A-Za-z_]\w*", type_text)
            self._tables[key] = bool(words) and not re.search(r"[*&]", type_text) and all(
                w in _VALUE_TYPE_WORDS or w in self.p.arithmetic_types or w in ("struct", "class", "volatile") or
                w in self.p.fields and not _base_classes(_class_bodies(self.p, w)) and
                all(kind in ("value", "array") and self.value_type(text)
                    for kind, text in self.p.fields[w].values()) and
                # (a static data member is one object all the elements share: `q.total += q.x`)
                not any(member.startswith(f"{w}::") for member in self.p.static_members)
                for w in words)
        return self._tables[key]

    def plain_class(self, cls: str) -> bool:
        """Every data member of `cls` is one of its own members (own_members), and it has no base class."""
        fields = self.p.fields.get(cls, {})
        return cls in self.p.classes and self.own_members(cls) == frozenset(fields) and \
            not _base_classes(_class_bodies(self.p, cls))

    def packed_bits(self, var: Variable | None) -> bool:
        """`std::vector<bool>` and `std::bitset`: an element is a bit of a word that neighbouring elements share,
        and storing it reads and rewrites the whole word. Also through the program's aliases (`using BV =
        std::vector<bool>;`, alias templates), and a vector whose elements may be `bool` for all the analysis
        knows: deduced (`std::vector v(n, false)`), `decltype(...)`, a nested name (`Box<bool>::type`) or a
        name it does not know (a template parameter)."""
        if var is None:
            return False
        text = self._expanded(var.type_text)
        if _PACKED.search(text):
            return True
        found = re.search(r"\bvector\b\s*(<)?", text)
        if found is None:
            return False
        inner = text[found.end():]
        if found.group(1) is None or "*" in inner.split(">")[0]:
            return found.group(1) is None  # (deduced; or a vector of pointers)
        # (a typedef name left after the aliases are expanded names a struct, union or enum body: no bool)
        if "typedef bodies" not in self._tables:
            code = self.code().decode("utf-8", "replace")
            self._tables["typedef bodies"] = frozenset(m.group(1) for m in _TYPEDEF_BODY.finditer(code))
        known = _NOT_BOOL_WORDS | self.p.classes | self.p.header_classes | \
            ((self.p.arithmetic_types | self._tables["typedef bodies"]) - self.p.bool_types)
        return "decltype" in inner or "::" in inner.replace("std::", "") or \
            any(w not in known for w in re.findall(r"[A-Za-z_]\w*", inner))

    def packed_name(self, fn: Function, name: str) -> bool:
        """packed_bits of the variable `name`, or of the member `w.data` through its class's declaration (a
        `std::vector<T>` member of a class template `W<bool> w`)."""
        var = variable(self.p, fn, name)
        if var is not None or not re.search(r"\.|->", name):
            return self.packed_bits(var)
        holder = variable(self.p, fn, object_root(name))
        member = re.split(r"\.|->", name)[-1].strip()
        return holder is not None and any(
            (declared := self.p.fields.get(cls, {}).get(member)) is not None and
            self.packed_bits(Variable(member, declared[1])) for cls in sorted(self.class_words(holder.type_text)))

    def _expanded(self, type_text: str) -> str:
        """`type_text` with the program's `using` and `typedef` aliases replaced by what they name (four
        levels)."""
        if "type aliases" not in self._tables:
            self._tables["type aliases"] = dict(type_aliases(self.code().decode("utf-8", "replace")))
        table = self._tables["type aliases"]
        for _ in range(4):
            if not table or not any(w in table for w in re.findall(r"[A-Za-z_]\w*", type_text)):
                break
            type_text = re.sub(r"[A-Za-z_]\w*", lambda m: table.get(m.group(), m.group()), type_text)
        return type_text

    def _owned_member(self, cls: str | None, member: str) -> bool:
        """A store to or through the member `member` of `cls` changes only the object itself: one of its own
        members (own_members), or a pointer member that only ever holds storage its object allocated. For the
        latter the class must have a constructor (no aggregate `G{&s}`), write out its copy constructor and
        copy assignment (the implicit or defaulted ones copy the address), and every value the program gives
        a name of that member's (`d(...)`, `d = ...`, also other classes' and variables' of that name) must be
        an allocation or null, with the name never handed to a function, bound to a reference, its address
        taken, swapped, exchanged, moved or stepped."""
        if cls is None:
            return False
        if member in self.own_members(cls):
            return True
        kind = self.p.fields.get(cls, {}).get(member, ("", ""))
        var = self.p.globals.get(member)
        if kind[0] != "pointer" or var is None or not var.is_member or var.init_text == "<several declarations>" \
                or f"{cls}::{member}" in self.p.static_members:
            return False
        key = ("owned member", cls, member)
        if key in self._tables:
            return self._tables[key]
        self._tables[key] = False
        bodies = " ".join(_text_of(body) for body in _class_bodies(self.p, cls))
        name, word = re.escape(cls), re.escape(member)
        written_out = r"\)\s*(?:const\s*)?(?:noexcept\s*)?[:{]"  # (a definition, or a declaration not `= default`)
        if not (re.search(rf"(?<![\w:~]){name}\s*\((?!\s*(?:const\s+)?{name}\s*&)", bodies) and
                re.search(rf"(?<![\w:~]){name}\s*\(\s*(?:const\s+)?{name}\s*&(?!&)[^()]*(?:{written_out}|\)\s*;)",
                          bodies) and
                re.search(rf"\boperator\s*=\s*\(\s*(?:const\s+)?{name}\s*&(?!&)[^()]*(?:{written_out}|\)\s*;)",
                          bodies) and
                not re.search(rf"(?<![\w:~]){name}\s*\([^()]*\)\s*=\s*default|operator\s*=\s*\([^()]*\)\s*=\s*default",
                              bodies)):
            return False
        code = self.code().decode("utf-8", "replace")
        handed = re.finditer(rf"(\w*)\s*\(\s*(?:this\s*->\s*)?{word}\s*[,)]|,\s*(?:this\s*->\s*)?{word}\s*[,)]", code)
        if any(m.group(1) not in _KEEPS_POINTER for m in handed):
            return False
        if re.search(rf"&\s*(?:this\s*->\s*)?{word}\b|(?<!\w){word}\s*\)?\s*(?:[-+*/%&|^]=|<<=|>>=|\+\+|--)|"
                     rf"(?:\+\+|--)\s*\(?\s*(?:\w+\s*(?:\.|->)\s*)?{word}\b|"
                     rf"\b(?:swap|exchange|move|tie)\b[^;]*\b{word}\b|&\s*\w+\s*[=({{]\s*(?:this\s*->\s*)?{word}\b",
                     code):
            return False
        for m in re.finditer(rf"(?<!\w){word}\s*\)?\s*(=(?!=)|\(|\{{)", code):
            if m.group(1) == "=":
                value = code[m.end():].split(";", 1)[0]
            else:
                depth, end = 1, m.end()
                while end < len(code) and depth:
                    depth += {"(": 1, "{": 1, ")": -1, "}": -1}.get(code[end], 0)
                    end += 1
                value = code[m.end():end - 1]
            value = value.strip()
            if value not in ("", "0", "NULL", "nullptr") and not _allocates(value, self.p):
                return False
        self._tables[key] = True
        return True

    def _constructor_stores(self, cls: str, qualified: str) -> str | None:
        """A constructor of `cls` that stores through a parameter (`Acc(double &s, double v) { s += v; }`:
        every `Acc(sum, a[i])` writes the caller's `sum`; `Node(Node *parent)` incrementing `parent->kids`), other
        than the source of a move (`G(G &&o)`, which empties it)."""
        if qualified != f"{cls}::{cls}":
            return None
        for name, fn in self.p.functions.items():  # (each overload, `G::G#2`, with its own parameters)
            if name != qualified and not name.startswith(f"{qualified}#"):
                continue
            moved = {m.group(1) for m in re.finditer(rf"\b{re.escape(cls)}\s*&&\s*(\w+)", _text_of(fn.node))} \
                if fn.node is not None else set()  # (a move's source, `G(G &&o)`, left empty)
            stored = [fn.params[i].name for i in sorted(self._summary_of(name).writes_params)
                      if i < len(fn.params) and fn.params[i].name not in moved]
            if stored:
                return f"`{qualified}` writes through its parameter `{stored[0]}`"
        return None

    def _effect_of(self, name: str, cls: str | None = None) -> str | None:
        """The first effect of the function `name` beyond the members of the object it runs for (code of the
        class `cls` that runs implicitly)."""
        s = self.summary(name)
        fields = self.p.fields.get(cls, {}) if cls is not None else {}
        written = sorted(g for g in s.writes_globals if object_root(g) not in fields)
        if written:
            return f"`{name}` writes {', '.join(written)}"
        through = next((g for g in sorted(s.writes_globals) if not self._owned_member(cls, object_root(g))), None)
        if through is not None:
            # (`~G() { *p += 1; }` with `G(double *q) : p(q) {}`: every G made in the loop adds to the caller's)
            return f"`{name}` stores to or through `{through}`, a member that may hold the address of something " \
                   "outside the object (or a name the file also gives to something else)"
        if s.io or s.hidden_state or s.exits or s.unknown:
            what = "does I/O" if s.io else "uses hidden state (rand, ...)" if s.hidden_state else \
                "may exit" if s.exits else f"runs {', '.join(sorted(s.unknown))}"
            return f"`{name}` {what}"
        return None

    def defines_method(self, name: str) -> bool:
        """A class of the program defines a method `name` (so `x.at(k)` may not be a container's)."""
        if self._method_names is None:
            self._method_names = {qualified.rsplit("::", 1)[1] for qualified in self.p.functions if "::" in qualified}
        return name in self._method_names

    def _classify_into(self, name: str, method_of: str | None, s: Summary, active: frozenset[str]) -> None:
        if method_of is not None:
            if name in PURE_METHODS and not self.defines_method(name):
                s.throws |= name == "at" and self.first_use("catch") is not None
                return
            s.unknown.add(f"{method_of}.{name}")
            return
        own = not_library(self.p, None, name) is not None
        if name in PURE_FUNCTIONS and not own:
            s.sets_errno |= self.first_use("errno") is not None and name.removeprefix("std::") not in _NO_ERRNO
            return
        if not own and (name in IO_FUNCTIONS or is_stream_io(name)):
            s.io = True
        elif not own and name in HIDDEN_STATE_FUNCTIONS:
            s.hidden_state = True
        elif not own and name in EXIT_FUNCTIONS:
            s.exits = True
        elif name in self.p.functions:  # the program's own, also a `min` or `log` of its own
            inner = self.summary(name, active)
            s.writes_globals |= inner.writes_globals
            s.reads_globals |= inner.reads_globals
            s.reads_pointees |= inner.reads_pointees
            s.io |= inner.io
            s.hidden_state |= inner.hidden_state
            s.exits |= inner.exits
            s.throws |= inner.throws
            s.sets_errno |= inner.sets_errno
            s.unknown |= inner.unknown
        elif name in self.p.classes or name in self.p.header_classes:
            # `Vec3(x, y, z)`: a temporary of a class of the program runs its constructor and destructor
            effect = self.implicit_effects(name)
            if effect:
                s.unknown.add(f"the implicit code of `{name}` ({effect})")
        elif name not in MEMORY_WRITE_FUNCTIONS:
            s.unknown.add(name)

    def global_pointer_sources(self, name: str) -> list[str]:
        """What the global pointer `name` is set from, anywhere in the file, other than allocations (and
        swaps with another pointer): empty when it only ever holds its own storage."""
        var = self.p.globals[name]
        if var.is_member:
            return [var.init_text or "a constructor or another member function"]  # set where no analysis looks
        if var.is_extern:
            return ["another file (it is declared `extern` or in a header)"]
        sources = [var.init_text] if var.init_text and not var.allocated else []
        for fn in self.p.functions.values():
            if name not in fn.locals and fn.param(name) is None:
                # (a swap with a pointer that is no allocation of its own brings that pointer's storage)
                sources += [src for src in fn.assigned_from.get(name, []) if (name, src) not in fn.swaps or not (
                    (partner := variable(self.p, fn, src)) is not None and partner.is_pointer and partner.allocated)]
        if not sources and not var.allocated and not var.is_static and "main" not in self.p.functions:
            # a library's global that the library never sets: the program's other files do
            return ["another file (this file never sets it, and it has no `main`)"]
        return sources

    def call_sites(self) -> dict[str, list]:
        if self._call_sites is None:
            sites: dict[str, list] = {}
            for fn in self.p.functions.values():
                for call in fn.calls:
                    if call.method_of is None:
                        sites.setdefault(call.name, []).append((fn, call))
            self._call_sites = sites
        return self._call_sites

    def address_escapes(self, name: str) -> bool:
        """The address of the global `name` is taken somewhere (`&gy` handed to a function, `static double
        **p = &gy;`): it may then be changed through that address."""
        if name in self._escapes:
            return self._escapes[name]
        mentions = re.compile(rf"&\s*{re.escape(name)}(?!\w)")
        escapes = any(name in fn.address_taken and name not in fn.locals and fn.param(name) is None
                      for fn in self.p.functions.values())
        escapes = escapes or any(mentions.search(var.init_text) for var in self.p.globals.values() if var.init_text)
        self._escapes[name] = escapes
        return escapes

    def function_escapes(self, name: str) -> bool:
        """The function `name` is used as a value (`kernel = k;`, `apply(k, ...)`): it may be called through
        a pointer, at call sites the analysis cannot see. Asked once per function and loop pair: cached."""
        key = ("function", name)
        if key not in self._escapes:
            self._escapes[key] = any(
                self.accesses_named(fn, name) for fn in self.p.functions.values()
                if name not in fn.locals and fn.param(name) is None
            ) or any(re.search(rf"(?<![\w.]){re.escape(name)}(?![\w(])", var.init_text)
                     for var in self.p.globals.values() if var.init_text) or self._named_not_called(name) or \
                self._called_in_macro(name) or self._called_unseen(name)
        return self._escapes[key]

    def _calls_in_text(self, fn: Function) -> dict[bytes, int]:
        """How many times `fn`'s text (comments and literals blanked) calls each name, found once."""
        key = ("calls in text", fn.name)
        if key not in self._tables:
            counts: dict[bytes, int] = {}
            for found in _CALL_WORD.findall(self.function_text(fn)):
                counts[found] = counts.get(found, 0) + 1
            self._tables[key] = counts
        return self._tables[key]

    def _called_unseen(self, name: str) -> bool:
        """The file calls `name` where the recorded calls do not show it: a function's text has more calls of
        it than its recorded calls (in a lambda's body, a constructor's member initializers), or a file-scope
        initializer calls it (`static int ok = check() ? (f(t, n), 1) : 0;`)."""
        word = name.encode()
        for fn in self.p.functions.values():
            if word in self.function_text(fn) and name not in fn.locals and fn.param(name) is None:
                seen = sum(1 for c in fn.calls if c.name == name and c.method_of is None)
                # (its own definition's name is in its text once)
                if self._calls_in_text(fn).get(word, 0) - (fn.name == name) > seen:
                    return True
        outside = self._outside_functions()
        return word in outside and re.search(rb"[=(,?:!|&+\-/<>%^~{};]\s*" + re.escape(word) + rb"\s*\(",
                                             outside) is not None

    def _macro_bodies(self) -> list[bytes]:
        """The bodies of every macro of the file and its headers (object-like and function-like)."""
        if self._bodies is None:
            p = self.p
            self._bodies = [body.encode() for body in (*p.code_macros.values(), *p.word_macros.values(),
                                                       *p.header_code_macros.values(),
                                                       *(body for _, body in p.function_macros.values()))]
        return self._bodies

    def _called_in_macro(self, name: str) -> bool:
        """A macro's body calls the function `name` (`#define RUN fill(b, n)`): where the macro is used, a call
        site the recorded calls do not show."""
        word = name.encode()
        return any(word in body and re.search(rb"(?<![\w.>])" + re.escape(word) + rb"\s*\(", body)
                   for body in self._macro_bodies())

    def _named_not_called(self, name: str) -> bool:
        """The file names the function `name` somewhere other than in a call or a declaration (`name(`): in a
        struct's initializer (`{ .f = kern }`), a macro (`#define KP kern`), a table of functions."""
        if _named_uncalled(self._outside_functions(), name) or any(_named_uncalled(body, name)
                                                                   for body in self._macro_bodies()):
            return True
        # in a function, unless a local or parameter of that name hides it there
        return any(_named_uncalled(self.function_text(fn), name) for fn in self.p.functions.values()
                   if name not in fn.locals and fn.param(name) is None)

    def _outside_functions(self) -> bytes:
        """The file's text (comments and literals blanked, preprocessor lines kept) outside the bodies of its
        functions: file-scope initializers, macros, declarations."""
        if self._outside is None:
            source = bytearray(_BLANKED.sub(lambda m: b" " * len(m.group()) if not m.group().lstrip()
                                            .startswith(b"#") else m.group(), self.p.source or b""))
            for fn in self.p.functions.values():
                if fn.node is not None and fn.node.end_byte <= len(source):
                    source[fn.node.start_byte:fn.node.end_byte] = b" " * (fn.node.end_byte - fn.node.start_byte)
            self._outside = bytes(source)
        return self._outside

    def accesses_named(self, fn: Function, name: str) -> list[Access]:
        """The accesses of `name` in `fn`, in program order (indexed once per function)."""
        index = self._by_name.get(fn.name)
        if index is None:
            index = self._by_name[fn.name] = {}
            for acc in fn.accesses:
                index.setdefault(acc.name, []).append(acc)
        return index.get(name, [])

    def declarations(self, fn: Function) -> tuple[dict[str, int], dict[tuple, set[str]]]:
        """How many times `fn` declares each name, and the names declared inside each of its loops (by the
        loop's context tag), indexed once per function."""
        found = self._declarations.get(fn.name)
        if found is None:
            counts: dict[str, int] = {}
            inside: dict[tuple, set[str]] = {}
            for name, ctx, _ in fn.declarations:
                counts[name] = counts.get(name, 0) + 1
                for tag in ctx:
                    if tag[0] == "loop":
                        inside.setdefault(tag, set()).add(name)
            found = self._declarations[fn.name] = (counts, inside)
        return found

    def block_declarations(self, fn: Function) -> list[tuple[str, int, int, int, bool]]:
        """`block_declarations` of `fn`'s body, once per function."""
        found = self._block_names.get(id(fn))
        if found is None:
            body = fn.body if fn.body is not None else fn.node
            found = self._block_names[id(fn)] = block_declarations(body, self.p.language)
        return found

    def named_by_macro(self, name: str) -> bool:
        """Some macro's value names `name` (`#define LAST i`): a use the accesses do not show."""
        found = self._by_macro.get(name)
        if found is None:
            word = re.compile(rf"(?<![\w.>]){re.escape(name)}(?!\w)")
            found = self._by_macro[name] = any(word.search(text) for text in self.p.code_macros.values()) or \
                any(word.search(body) for params, body in self.p.function_macros.values() if name not in params)
        return found

    def occurrences(self, fn: Function, name: str) -> list[int]:
        """Byte offsets in `fn`'s text (comments and literals blanked) where `name` occurs as a word, not as a
        member (`s.i`, `p->i`)."""
        key = (fn.name, name)
        found = self._occurrences.get(key)
        if found is None:
            found = self._occurrences[key] = word_offsets(self.function_text(fn), name)
        return found

    def live_in_tail(self, fn: Function, name: str, start: int, enclosing: frozenset) -> bool:
        """Whether the value `name` holds before its access number `start` in `fn` (program order) is read
        before a write that surely happens, the contexts in `enclosing` (those around the loop the tail
        follows) being taken as entered. A write that may not happen (a branch, a loop that may run zero
        times) covers only the reads it comes before in its own context (`for (j = 0; j < m; j++)` after the
        loop covers `j < m`).

        The tail falls into segments, one per construct (or unconditional access) at the level of
        `enclosing`: a write in one construct never covers a read in another, so each segment decides
        (live, dead) or passes on to the next, and the answer from a segment on is kept for every loop of
        the function that the same segments follow (sibling loops: linear, not quadratic, in their number)."""
        named = self.accesses_named(fn, name)
        key = (fn.name, name, enclosing)
        visited: list[int] = []
        result = False
        entered = None
        i = start
        while i < len(named):
            known = self._tail_live.get((*key, i))
            if known is not None:
                result = known
                break
            visited.append(i)
            head = _first_outside(named[i].ctx, enclosing)
            j = i + 1
            while head is not None and j < len(named) and _first_outside(named[j].ctx, enclosing) == head:
                j += 1  # the segment: the accesses in the same construct
            if entered is None:
                entered = enclosing | self.entered_loops(fn)
            outcome = read_first(named[i:j], entered)
            if outcome is not None:
                result = outcome
                break
            i = j
        for index in visited:
            self._tail_live[(*key, index)] = result
        return result

    def entered_loops(self, fn: Function) -> frozenset:
        """The contexts of the loops of `fn` whose body surely runs, whole, at least once when the loop is
        reached: a `for` with a constant trip count of at least 1 (`for (i = 0; i < NK; i++)`, NK a macro) or a
        `do`, with no `break`, `continue`, `goto` or `return` inside. A write at the top of such a body covers
        the reads after the loop as a write outside it does."""
        known = self._entered.get(fn.name)
        if known is None and self.irregular_control(fn):
            # a goto may jump over such a loop or into it (also one hidden in a macro: `#define OUT goto out`)
            known = self._entered[fn.name] = frozenset()
        if known is None:
            jumped = {c for jump in fn.jumps for c in jump.ctx}
            known = self._entered[fn.name] = frozenset(
                ("loop", lp.id) for lp in fn.loops
                if ("loop", lp.id) not in jumped and not lp.not_countable and
                (lp.kind == "do" or lp.kind == "for" and lp.step is not None and lp.step > 0 and
                 lp.lower is not None and lp.upper is not None and (span := lp.upper - lp.lower).is_constant()
                 and span.constant >= 1))
        return known

    def exit_guards(self, fn: Function) -> list[tuple[tuple[int, int], dict[str, int]]]:
        """The statements of `fn`'s body, at its top level, of the form `if (x < 0 || n <= 0) { ...; exit(1); }`
        (the branch ends in a call that ends the program, or a `return`, and has no `else`): (where the `if`
        ends as (line, column), the least value each name compared has after it: x >= 0, n >= 1). Only
        names of integer locals and parameters compared with integer constants."""
        known = self._guards.get(fn.name)
        if known is not None:
            return known
        known = self._guards[fn.name] = []
        body = fn.body
        for statement in body.named_children if body is not None else ():
            if statement.type != "if_statement" or statement.child_by_field_name("alternative") is not None:
                continue
            branch = statement.child_by_field_name("consequence")
            last = [c for c in branch.named_children if c.type != "comment"] if branch.type == "compound_statement" \
                else [branch]
            if not last or not _leaves(last[-1]) or _redefined(self.p, fn, last[-1]):
                continue
            facts: dict[str, int] = {}
            if _least_values(statement.child_by_field_name("condition"), fn, facts):
                known.append(((statement.end_point[0] + 1, statement.end_point[1] + 1), facts))
        return known

    def irregular_control(self, fn: Function) -> bool:
        """Control in `fn` that the scans in program order do not follow: a `goto` or a label, a macro whose
        body jumps (through chains of macros: `#define OUT LEAVE`, `#define LEAVE goto out`), a `case` label
        inside a loop of its `switch` (Duff's device enters the loop past its first statements), or
        setjmp/longjmp."""
        known = self._irregular.get(fn.name)
        if known is not None:
            return known
        if self._jumping_macros is None:
            bodies = {**self.p.code_macros, **self.p.word_macros,
                      **{name: body for name, (_, body) in self.p.function_macros.items()}}
            jumping = {name for name, body in bodies.items()
                       if re.search(r"\b(goto|return|break|continue)\b", body) or
                       set(re.findall(r"[A-Za-z_]\w*", body)) & _NONLOCAL_JUMPS}
            grown = True
            while grown:  # a macro naming a jumping macro jumps too
                more = {name for name, body in bodies.items()
                        if name not in jumping and set(re.findall(r"[A-Za-z_]\w*", body)) & jumping}
                grown = bool(more)
                jumping |= more
            self._jumping_macros = {name.encode() for name in jumping}  # (matched against a function's bytes)
        found = any(jump.kind == "goto" for jump in fn.jumps) or any(
            call.name in _NONLOCAL_JUMPS for call in fn.calls)
        text = fn.node.text if fn.node is not None else b""
        if not found and self._jumping_macros:
            found = bool(set(re.findall(rb"[A-Za-z_]\w*", text)) & self._jumping_macros)
        if not found and _MAY_LABEL.search(text):
            found = _label_or_case_in_loop(fn.node, self.p.language)
        self._irregular[fn.name] = found
        return found

    def temporary_global(self, name: str) -> bool:
        """A `static` file-scope scalar whose value never outlives the function that sets it: each function
        that uses it assigns it before every read, and no one takes its address. Its value at any function's
        exit is never observed, so a loop that assigns it need not leave the last iteration's value."""
        cached = self._temporaries.get(name)
        if cached is not None:
            return cached
        var = self.p.globals.get(name)
        ok = var is not None and var.is_static and not (var.is_array or var.is_pointer or var.is_reference)
        words = self.p.header_code_words
        if ok and (words is None or name in words):
            ok = False  # a function in a header the analysis does not read (or could not find) may read it
        mentions = re.compile(rf"(?<![\w.]){re.escape(name)}(?!\w)")
        if ok and (any(mentions.search(other.init_text) for other in self.p.globals.values() if other.init_text)
                   or any(mentions.search(body) for body in self.p.code_macros.values())):
            ok = False  # `static double *pt = &t;`, `#define T_VAL t`: read where no function shows it
        if ok:
            for fn in self.p.functions.values():
                if name in fn.locals or fn.param(name) is not None:
                    continue
                if name in fn.address_taken:
                    ok = False
                    break
                accs = [a for a in self.accesses_named(fn, name) if a.subscripts is None]
                if accs and self.irregular_control(fn):
                    ok = False  # `if (skip) goto out; tmp = 0; out: return tmp;` reads the value it skipped
                    break
                if accs and not assigned_before_read(accs, lambda ctx: ctx, fn.if_partners):
                    ok = False
                    break
        self._temporaries[name] = ok
        return ok

    # -- objects bound at call sites ---------------------------------------------------------------------
    def distinct_slots(self, fn_name: str, slot_p: int | str, slot_q: int | str,
                       _active: frozenset = frozenset()) -> bool:
        """Every call of `fn_name` binds the two slots to two different objects with storage of their own. A
        slot is a parameter position, or the name of a global the function uses directly. An argument that
        is itself a parameter of the caller is followed to the caller's call sites (main → kernel → helper);
        recursion through the call graph is answered conservatively."""
        key = (fn_name, slot_p, slot_q)
        if not _active and key in self._distinct:
            return self._distinct[key]
        sites = self.call_sites().get(fn_name, [])
        if not sites or key in _active or self.function_escapes(fn_name) or self.program_hides_calls():
            return False
        active = _active | {key}
        found = all(self._distinct_at(caller, call, slot_p, slot_q, active) for caller, call in sites)
        if not _active:  # (under a recursion in progress, an answer may be the conservative one of a cycle)
            self._distinct[key] = found
        return found

    def _distinct_at(self, caller: Function, call, slot_p: int | str, slot_q: int | str, active: frozenset) -> bool:
        """One call binds the two slots to two different objects with storage of their own (distinct_slots)."""
        a = self.bound_object(caller, call, slot_p)
        b = self.bound_object(caller, call, slot_q)
        if a is not None and a == b and a[0] in ("param", "rows") and isinstance(slot_p, int) and \
                isinstance(slot_q, int) and self._different_rows(caller, call, slot_p, slot_q):
            return True  # `interp(u[k - 1], ..., u[k], ...)`: two tables of one fresh table
        if a is None or b is None or a == b:
            return False
        if a[0] == "param" or b[0] == "param":
            param, other = (a, b) if a[0] == "param" else (b, a)
            if other[0] in ("local", "rows"):
                return True  # storage the caller made itself: nothing passed in can point into it
            if other[0] == "static":
                return False  # an earlier call of the caller may have handed it out to whoever calls it
            return self.distinct_slots(caller.name, param[1], other[1], active)
        return True

    def _different_rows(self, caller: Function, call, slot_p: int, slot_q: int) -> bool:
        """The two arguments are rows `t[e1]` and `t[e2]` of one table whose rows are fresh allocations (bound_object
        checked that), with e1 - e2 a constant other than 0: two different literals, `k` and `k - 1`, or `j` and
        `k` after `j = k - 1;` where forward substitution reaches the call (`ir._scalar_definition`). The indices
        may name only plain integers (not static locals, address never taken, no macro), and no argument
        of the call may change anything (no call, assignment or increment in them)."""
        if max(slot_p, slot_q) >= len(call.arg_indices) or len(call.args) != len(call.arg_indices):
            return False  # (indices are compared as written: both are evaluated at the call)
        e1, e2 = call.arg_indices[slot_p], call.arg_indices[slot_q]
        if e1 is None or e2 is None or any(_table_expression(call.args[k]) is None for k in (slot_p, slot_q)):
            return False
        rows = [_table_expression(call.args[k]) for k in (slot_p, slot_q)]
        if rows[0] != rows[1] or rows[0][1] != 1:
            return False
        gap = e1 - e2
        if not gap.is_constant() or gap.constant == 0:
            return False
        if any(re.search(r"\(|\+\+|--|(?<![=!<>])=(?!=)", text) for text in call.arg_texts):
            return False
        words = {w for text in call.arg_texts for w in re.findall(r"[A-Za-z_]\w*", text)}
        if words & (self.p.code_macros.keys() | self.p.function_macros.keys() | self.p.word_macros.keys()
                    | self.p.header_code_macros.keys()):
            return False
        plain = re.compile(r"(?:const\s+)?(?:signed\s+)?(?:int|long|long int|long long|long long int)")
        for symbol in e1.symbols() | e2.symbols():
            var = caller.locals.get(symbol) or caller.param(symbol)
            if var is None and symbol in self.p.globals and not self.address_escapes(symbol) and \
                    not any(d[0] == symbol for d in caller.declarations):
                var = self.p.globals[symbol]  # (its value is the same in both arguments: they change nothing)
            elif var is None or var.is_static or symbol in caller.address_taken or \
                    not self.sole_local_or_param(caller, symbol):
                return False
            if var.is_pointer or var.is_array or not plain.fullmatch(var.type_text.replace("static", "").strip()):
                return False
        return True

    def sole_local_or_param(self, fn: Function, name: str) -> bool:
        """`name` is declared once in `fn` (a parameter or a local), and no global has that name."""
        count = sum(1 for d in fn.declarations if d[0] == name) + (fn.param(name) is not None)
        return count == 1 and name not in self.p.globals

    def same_or_distinct_tables(self, fn: Function, p: str, q: str) -> bool:
        """The table parameters `p` and `q` of `fn` have fresh rows (fresh_table) and every call binds them
        either to the same table, written the same way (`resid(u[k], r[k], r[k])`), or to distinct objects:
        they are one table or two that share no row."""
        vp, vq = fn.param(p), fn.param(q)
        if vp is None or vq is None or p in fn.locals or q in fn.locals or \
                self.table_depth(fn, p) is None or self.table_depth(fn, p) != self.table_depth(fn, q) or \
                not (self.fresh_table(fn, p) and self.fresh_table(fn, q)):
            return False
        sites = self.call_sites().get(fn.name, [])
        for caller, call in sites:
            if max(vp.line, vq.line) >= len(call.args):
                return False
            same = _table_expression(call.args[vp.line]) is not None and \
                re.sub(r"\s", "", call.arg_texts[vp.line]) == re.sub(r"\s", "", call.arg_texts[vq.line])
            if not same and not self._distinct_at(caller, call, vp.line, vq.line, frozenset()):
                return False
        return bool(sites)

    def bound_object(self, caller: Function, call, slot: int | str) -> tuple[str, int | str] | None:
        """The object a slot denotes at one call: ("local"/"global", name), ("param", position) for a
        parameter of the caller handed on, or None when it is not a named object of its own (`a + 1`,
        `&a[k]`, a borrowed pointer...). `*A`, `A[0]` and `&A[0][0]` of a pointer to an array (`double
        (*A)[N][M]`, as PolyBench passes its arrays) denote the object A points to."""
        if isinstance(slot, str):
            var = self.p.globals.get(slot)
            if var is None or var.is_pointer or var.is_reference:
                return None
            return ("global", slot)
        inner = self._table_argument(caller, call, slot)
        if inner is not None and inner[1] > 0:
            # `r[k]`, a table inside the table r: its rows are rows of r, which must all be fresh allocations
            table = inner[0]
            if not self.fresh_table(caller, table):
                return None
            param = caller.param(table)
            return ("param", param.line) if param is not None and table not in caller.locals else ("rows", table)
        name = self._argument_name(caller, call, slot)
        if name is None:
            return None
        param = caller.param(name)
        if param is not None and name not in caller.locals:
            return ("param", param.line)
        var = variable(self.p, caller, name)
        if var is not None and _holds_rows(var):
            # the callee reaches the table's rows, other objects than the table: `u[0] = c; f(u, c);`
            return ("rows", name) if self.fresh_table(caller, name) else None
        local = caller.locals.get(name)
        if local is not None and local.is_static and local.is_array and not local.is_pointer:
            # storage of its own, like a global's, though an earlier call may have handed it out: distinct
            # from every other named array, not from what a caller passes in (see distinct_slots)
            return ("static", name)
        if not self._is_object(caller, name):
            return None
        return ("local" if name in caller.locals else "global", name)

    # -- tables of rows handed down the call graph (NPB MG's `double ***u` built by nested mallocs in main) ----
    def table_depth(self, fn: Function, name: str) -> int | None:
        """How many subscripts reach an element of the C pointer table `name` (3 for `double ***u`), when it is
        one: a plain `T **...` pointer of a C program, not an array of pointers or a pointer to arrays."""
        var = variable(self.p, fn, name)
        if self.p.language != "c" or var is None or not var.is_pointer or var.is_array or var.dims or \
                var.pointee_dims or var.pointer_depth < 2 or var.is_member:
            return None
        words = re.findall(r"[A-Za-z_]\w*", var.type_text)
        if not words or words[-1] in self.p.pointer_types or words[-1] in self.p.code_macros:
            return None  # `row_t **u` with `typedef double *row_t;`: deeper than its stars say
        return var.pointer_depth

    def fresh_table(self, fn: Function, name: str, _active: frozenset = frozenset()) -> bool:
        """Every row of the table `name` of `fn` (every level above its elements) is storage allocated on its
        own, and stays so while the program runs: distinct subscripts reach distinct rows, and no row is any
        other object. A local table qualifies when it is allocated in `fn` (`t = malloc(...)`, `t[i] =
        malloc(...)`, deeper rows from allocations too) and kept (see table_kept); a parameter when every
        call binds it to such a table or to a table inside one (`psinv(r[k], ...)` with `r` main's)."""
        depth = self.table_depth(fn, name)
        key = ("fresh", fn.name, name)
        if depth is None or key in _active:
            return False
        if key in self._tables:
            return self._tables[key]
        active = _active | {key}
        var = variable(self.p, fn, name)
        if fn.param(name) is not None and name not in fn.locals and not self.table_in_macro(fn, name):
            sites = self.call_sites().get(fn.name, [])
            # (a parameter set again in the function, even from an allocator, is no longer what calls bind)
            ok = bool(sites) and not self.function_escapes(fn.name) and not self.program_hides_calls() and \
                not fn.assigned_from.get(name) and not fn.allocation_texts.get(name)
            for caller, call in sites if ok else ():
                bound = self._table_argument(caller, call, var.line)
                if bound is None or self.table_depth(caller, bound[0]) != depth + bound[1] or \
                        not self.fresh_table(caller, bound[0], active):
                    ok = False
                    break
        else:
            ok = self.sole_local(fn, name) and var.allocated and not var.is_static and \
                not fn.assigned_from.get(name) and self.rows_allocated(fn, name, depth, active) and \
                self.table_kept(fn, name, depth)
        self._tables[key] = ok
        return ok

    def rows_allocated(self, fn: Function, name: str, depth: int, active: frozenset = frozenset()) -> bool:
        """The local table `name` of `fn` got its rows from allocations: each allocation it was set from is
        either the C library's (`malloc`...; its rows are then the ones `fn` stores from allocations, and it
        must store some) or a call of a table builder of that depth (`alloc2d(n, m)`, see table_builder). A
        call of the program's own allocator that is no builder (its top level is fresh, its rows may be one
        buffer) is neither."""
        library = False
        for text in fn.allocation_texts.get(name, []) or [""]:
            callee = _whole_call(text)
            if callee is not None and callee in self.p.allocators and not self.plain_allocator(callee):
                if not self.table_builder(callee, depth, active):
                    return False
            else:
                library = True
        return not library or 1 in self.allocated_rows(fn, name)

    def other_rows(self, fn: Function, name: str) -> set[int]:
        """The levels of the table `name` of `fn` that get rows other than fresh allocations (`Function.row_other`),
        less those stored only from calls of plain allocators (`t[k] = xmalloc(n * sizeof *t[k])` at any level:
        see plain_allocator)."""
        other = fn.row_other.get(name, set())
        plain = self._plain_levels(fn, name) if other else set()
        return other - plain if plain else other

    def allocated_rows(self, fn: Function, name: str) -> set[int]:
        """The levels of the table `name` of `fn` that get rows from allocations (`Function.row_allocations`),
        with those stored from calls of plain allocators."""
        rows = fn.row_allocations.get(name, set())
        plain = self._plain_levels(fn, name) if fn.row_other.get(name) else set()
        return rows | plain if plain else rows

    def _plain_levels(self, fn: Function, name: str) -> set[int]:
        texts = fn.row_other_texts.get(name, {})
        return {level for level in fn.row_other.get(name, ()) if texts.get(level) and all(
            (callee := _whole_call(text)) is not None and callee in self.p.allocators and
            _allocates(text, self.p, fn) and self.plain_allocator(callee) for text in texts[level])}

    def plain_allocator(self, name: str, _active: frozenset = frozenset()) -> bool:
        """`name` is one of the program's allocators, defined once, that hands back storage it does not touch,
        like malloc's: every `return` gives null, a library allocation, a call of another such allocator, or
        a local set only from those and otherwise only tested against null (`void *p = malloc(n); if (!p)
        abort(); return p;`). What the caller stores into it (`t[i] = xmalloc(m)`) makes its rows."""
        key = ("plain", name)
        fn = self.p.functions.get(name)
        if fn is None or name not in self.p.allocators or key in _active or name in self.p.overloads or \
                fn.body is None or self._macro_name(name) or self.irregular_control(fn) or self.hides_code(fn):
            return False
        if key in self._tables:
            return self._tables[key]
        active = _active | {key}

        def fresh(text: str) -> bool:
            callee = _whole_call(text)
            return callee is not None and _allocates(text, self.p, fn) and \
                (callee not in self.p.allocators or self.plain_allocator(callee, active))

        ok, stack = True, [fn.body]
        while stack and ok:
            node = stack.pop()
            if node.type != "return_statement":
                if node.type not in ("lambda_expression", "function_definition"):
                    stack.extend(node.named_children)
                continue
            value = _strip_casts(node.named_children[0]) if node.named_child_count else None
            if value is None or _is_null(value) and value.text.decode() not in self.p.file_macro_names:
                continue  # (null, unless the file defines `NULL` itself)
            if value.type == "identifier":
                ok = self._untouched_local(fn, value.text.decode(), fresh)
            else:
                ok = fresh(value.text.decode("utf-8", "replace"))
        self._tables[key] = ok
        return ok

    def _untouched_local(self, fn: Function, name: str, fresh) -> bool:
        """The pointer `name` is a local of `fn` set only from allocations that `fresh` accepts (or by
        `posix_memalign(&name, ...)`), and otherwise only tested against null or returned: nothing is stored
        through it, nor is it handed anywhere."""
        var = fn.locals.get(name)
        if var is None or not var.is_pointer or not var.allocated or var.is_static or not self.sole_local(fn, name) \
                or fn.assigned_from.get(name) or self._macro_name(name) or self.table_in_macro(fn, name):
            return False
        if not all(fresh(text) for text in fn.allocation_texts.get(name, []) if text):
            return False
        uses = _identifier_nodes(fn.node, name)
        if len(uses) != len(word_starts(self.function_text(fn), name, members=False)):
            return False  # (an occurrence that is no plain identifier: in a macro's arguments, say)
        for use in uses:
            node, parent = use, use.parent
            while parent is not None and parent.type in ("parenthesized_expression", "cast_expression"):
                node, parent = parent, parent.parent
            if parent is None:
                return False
            if parent.type == "return_statement" and enclosing_function(parent, lambdas=True) == fn.node or \
                    _null_tested(node):
                continue  # (not the `return p;` of a nested function, which hands p out)
            if parent.type == "assignment_expression" and parent.child_by_field_name("left") == node and \
                    parent.child_by_field_name("operator").text == b"=":
                statement, up = parent, parent.parent
                while up is not None and up.type == "parenthesized_expression":
                    statement, up = up, up.parent
                if up is not None and up.type == "expression_statement" or _null_tested(statement):
                    continue  # (what it is set from was checked above; `last = p = malloc(n)` keeps a copy)
                return False
            declared = use
            while declared.parent is not None and declared.parent.type == "pointer_declarator":
                declared = declared.parent
            if declared.parent is not None and \
                    declared.parent.type in ("init_declarator", "declaration") and \
                    declared.parent.child_by_field_name("declarator") == declared:
                declaration = declared.parent if declared.parent.type == "declaration" else declared.parent.parent
                if declaration is None or b"attribute" in declaration.text or b"[[" in declaration.text:
                    return False  # (`__attribute__((cleanup(keep))) void *p`: keep(&p) runs at the block's end)
                continue
            if parent.type == "pointer_expression" and parent.child_by_field_name("operator").text == b"&":
                call = parent.parent.parent if parent.parent is not None else None
                if call is not None and call.type == "call_expression" and parent.parent.type == "argument_list" \
                        and parent.parent.named_children[0] == parent and \
                        call.child_by_field_name("function").text == b"posix_memalign" and \
                        library_call(self.p, fn, "posix_memalign"):
                    continue  # `posix_memalign(&p, align, size)`: allocates into it
            return False
        return True

    def table_builder(self, name: str, depth: int, _active: frozenset = frozenset()) -> bool:
        """`name` is a function of the program, defined once, whose every `return` hands back one local table
        (or null) that it allocated and filled with fresh rows at every level (as fresh_table asks of a local,
        or from other such builders), and that it uses in no other way than table_kept allows: each call
        returns a table of its own whose rows are storage of their own (`double **alloc2d(int n, int m)`)."""
        key = ("builder", name, depth)
        fn = self.p.functions.get(name)
        if fn is None or key in _active or name in self.p.overloads or fn.body is None or self.p.language != "c" \
                or self._macro_name(name) or self.irregular_control(fn):
            return False  # (a macro of its name may call anything; a macro may hide a `return` of another table)
        if key in self._tables:
            return self._tables[key]
        active = _active | {key}
        returned = self._returned_local(fn)
        ok = returned is not None
        if ok:
            local, positions = returned
            var = fn.locals.get(local)
            ok = var is not None and not self._macro_name(local) and self.table_depth(fn, local) == depth and \
                self.sole_local(fn, local) and var.allocated and not var.is_static and \
                not fn.assigned_from.get(local) and self.rows_allocated(fn, local, depth, active) and \
                self.table_kept(fn, local, depth, returned=positions)
        self._tables[key] = ok
        return ok

    def _macro_name(self, name: str) -> bool:
        """Some macro of the file or its headers has the name `name` (it may stand for anything)."""
        return _macro_named(self.p, name) or name in self.p.header_code_macros

    def _returned_local(self, fn: Function) -> tuple[str, frozenset] | None:
        """(the local, the (line, column) of each `return` naming it) when every `return` of `fn` hands back
        that one local, bare or in parentheses or a cast, or null, and at least one names it; else None."""
        names, positions = set(), set()
        stack = [fn.body]
        while stack:
            node = stack.pop()
            if node.type == "return_statement":
                value = _strip_casts(node.named_children[0]) if node.named_child_count else None
                if value is None:
                    return None  # `return;` in a function returning a table: not what is looked for
                if _is_null(value):
                    continue
                if value.type != "identifier":
                    return None
                names.add(value.text.decode())
                positions.add((value.start_point[0] + 1, value.start_point[1] + 1))
            elif node.type not in ("lambda_expression", "function_definition"):
                stack.extend(node.named_children)
        return (names.pop(), frozenset(positions)) if len(names) == 1 else None

    def table_kept(self, fn: Function, name: str, depth: int, _active: frozenset = frozenset(),
                   returned: frozenset = frozenset()) -> bool:
        """In `fn`, the table `name` (elements `depth` subscripts down) and the tables inside it are only
        read for their rows of elements and elements, or handed as a whole (`u`, `u[k]`) to a function of the
        file that keeps its parameter so too; rows are stored into it only from fresh allocations. Its address
        and its rows' addresses are never taken, it is not reassigned, and it has no methods. `returned`: the
        (line, column) of the `return` values that hand it back whole (a table builder's; see table_builder)."""
        key = ("kept", fn.name, name, depth, returned)
        if key in _active:
            return True  # recursion: the other calls decide
        if key in self._tables:
            return self._tables[key]
        active = _active | {key}
        other = self.other_rows(fn, name)
        ok = name not in fn.address_taken and not fn.assigned_from.get(name) and \
            not (0 in other or other.intersection(range(1, depth))) and \
            not self.row_address_taken(fn, name, depth) and not self.table_in_macro(fn, name) and \
            not any(call.method_of == name for call in fn.calls) and \
            not (fn.param(name) is not None and name in fn.locals) and \
            not any(acc.name == name and acc.subscripts is not None and len(acc.subscripts) > depth
                    for acc in fn.accesses)
        handed: dict[tuple[int, int], tuple] = {}  # where a table inside it is handed to a call → (call, slot)
        for call in fn.calls if ok else ():
            for slot, arg in enumerate(call.args):
                bound = _table_expression(arg)
                if bound is not None and bound[0] == name:
                    handed[(arg.start_point[0] + 1, arg.start_point[1] + 1)] = (call, slot, bound[1])
        for acc in fn.accesses if ok else ():
            if acc.name != name or not acc.is_read or (acc.subscripts is not None and len(acc.subscripts) >= depth - 1):
                continue
            if acc.subscripts is None and (acc.line, acc.column) in returned:
                continue  # `return t;` of the builder: the caller gets the table, the builder keeps nothing
            where = handed.get((acc.line, acc.column))
            if (where is not None and where[0].name == "free" and where[0].method_of is None
                    and library_call(self.p, fn, "free")) or self.null_test(fn, acc):
                continue  # `free(u[k])`, `if (u == NULL)`: no row is stored or handed out
            callee = self.p.functions.get(where[0].name) if where is not None and where[0].method_of is None else None
            if callee is None or self.function_escapes(callee.name) or where[1] >= len(callee.params) or \
                    callee.name in self.p.overloads:  # (defined twice, under `#if`: which one runs is not known)
                ok = False
                break
            param = callee.params[where[1]]
            if self.table_depth(callee, param.name) != depth - where[2] or \
                    not self.table_kept(callee, param.name, depth - where[2], active):
                ok = False
                break
        if not _active:
            self._tables[key] = ok
        return ok

    def row_address_taken(self, fn: Function, name: str, depth: int) -> bool:
        """`fn` takes the address of a row slot of the table `name` (`&t[i]`, `&((t[i][j]))` of `t[i][j][k]`),
        through which a row could be stored; the address of an element (`&t[i][j][0]`) is harmless."""
        text = self.function_text(fn)
        address = re.compile(rb"&([\s(]*)" + re.escape(name.encode()) + rb"(?!\w)")
        for m in address.finditer(text):
            # the subscripts that `&` applies to: a `)` closes one of the parentheses opened after `&`
            # (`&(t[0])[1]` is an element's address), one more ends the operand (`(&t[0])[1]` is t[1])
            opened, count, at = m.group(1).count(b"("), 0, m.end()
            while at < len(text):
                if text[at] in b" \t\r\n":
                    at += 1
                elif text[at] == 0x29 and opened:  # `)`
                    opened, at = opened - 1, at + 1
                elif text[at] == 0x5B:  # `[`
                    close = text.find(b"]", at)
                    if close < 0 or b"[" in text[at + 1:close]:
                        return True  # (a nested subscript stops the count: taken as a row's address)
                    count, at = count + 1, close + 1
                else:
                    break
            if count < depth:
                return True
        return False

    def hides_code(self, fn: Function) -> bool:
        """`fn` has code the analysis does not read: an `#include` inside its body, an `asm` statement, or a
        macro that pastes tokens, itself or through the macros its body names (`x##x[k] = ...` may name any
        variable; `#define KEEP last = CAT(pt, r)` names `ptr`)."""
        key = ("hidden", fn.name)
        if key not in self._tables:
            raw = fn.node.text if fn.node is not None else b""
            self._tables[key] = _HIDDEN_CODE.search(raw) is not None or \
                any(name in raw and word_starts(raw, name.decode()) for name in self._pasting_macros())
        return self._tables[key]

    def _pasting_macros(self) -> list[bytes]:
        """The names of the macros (of the file and its headers) whose expansion may paste tokens: a body with
        `##`, or one naming such a macro."""
        key = ("pasting",)
        if key not in self._tables:
            p = self.p
            bodies = {**p.code_macros, **p.word_macros, **p.header_code_macros,
                      **{name: body for name, (_, body) in p.function_macros.items()}}
            pasting = {name for name, body in bodies.items() if "##" in body}
            grown = bool(pasting)
            while grown:
                more = {name for name, body in bodies.items()
                        if name not in pasting and set(re.findall(r"[A-Za-z_]\w*", body)) & pasting}
                grown = bool(more)
                pasting |= more
            self._tables[key] = [name.encode() for name in pasting]
        return self._tables[key]

    def program_hides_calls(self) -> bool:
        """Call sites the analysis cannot see may exist: some function of the program has an `#include`, an
        `asm` statement or a backslash-newline inside its body (`smooth(a, a, n);` in the included file binds two
        parameters to one table), or one of the file's own headers holds function bodies that name a
        function of the file, or could not be read."""
        key = ("hidden calls",)
        if key not in self._tables:
            words = self.p.header_code_words
            self._tables[key] = any(_HIDDEN_CODE.search(fn.node.text) is not None
                                    for fn in self.p.functions.values() if fn.node is not None) or \
                words is None or any(name in words for name in self.p.functions)
        return self._tables[key]

    def table_in_macro(self, fn: Function, name: str) -> bool:
        """A macro may reach the table `name` in `fn` where the analysis does not see it: `fn` hands it to a
        function-like macro (`ROW(u, 1, 0) = ...`, `ADDR(u[1])`) or uses a macro whose body names it (`#define
        R10 u[1][0]`)."""
        key = ("macro", fn.name, name)
        if key not in self._tables and self.hides_code(fn):
            self._tables[key] = True
        if key not in self._tables:
            text = self.function_text(fn)
            word = re.compile(rb"(?<![\w.>])" + re.escape(name.encode()) + rb"(?!\w)")
            found = any(word.search(body.encode()) and macro.encode() in text and
                        re.search(rb"(?<!\w)" + re.escape(macro.encode()) + rb"(?!\w)", text)
                        for macro, body in (*self.p.code_macros.items(), *self.p.word_macros.items(),
                                            *self.p.header_code_macros.items()))
            for macro in self.p.function_macros if not found else ():
                if macro.encode() not in text:
                    continue  # (the look-behind pattern below tries every position of the text)
                for m in re.finditer(rb"(?<![\w.>])" + re.escape(macro.encode()) + rb"\s*\(", text):
                    depth, end = 0, m.end() - 1
                    while end < len(text):
                        depth += text[end:end + 1] == b"("
                        depth -= text[end:end + 1] == b")"
                        if depth == 0:
                            break
                        end += 1
                    if word.search(text[m.end():end]):
                        found = True
                        break
                if found:
                    break
            self._tables[key] = found
        return self._tables[key]

    def sole_local(self, fn: Function, name: str) -> bool:
        """`name` is a local of `fn` declared once, and no parameter or global has that name: every use of the
        name in `fn` is that variable."""
        return name in fn.locals and fn.param(name) is None and name not in self.p.globals and \
            sum(1 for d in fn.declarations if d[0] == name) <= 1

    def null_test(self, fn: Function, acc: Access) -> bool:
        """`acc` reads a table (or a table inside one) only to test it against null: `u == NULL`, `!u[k]`,
        `if (u)`."""
        if fn.node is None:
            return False
        node = fn.node.descendant_for_point_range((acc.line - 1, acc.column - 1), (acc.line - 1, acc.column - 1))
        if node is None or node.type != "identifier" or node.text.decode() != acc.name:
            return False
        for _ in range(len(acc.subscripts or ())):
            parent = node.parent
            if parent is None or parent.type != "subscript_expression" or \
                    parent.child_by_field_name("argument") != node:
                return False
            node = parent
        return _null_tested(node)

    def function_text(self, fn: Function) -> bytes:
        """`fn`'s text with comments and literals blanked."""
        text = self._texts.get(fn.name)
        if text is None:
            raw = fn.node.text if fn.node is not None else b""
            # a backslash-newline joins two lines into one (`&\` then `a[k]`): two spaces, offsets kept
            raw = SPLICE.sub(lambda m: b" " * len(m.group()), raw)
            text = self._texts[fn.name] = _BLANKED.sub(lambda m: b" " * len(m.group()), raw)
        return text

    def _table_argument(self, caller: Function, call, slot: int) -> tuple[str, int] | None:
        """(table, k) when argument `slot` of `call` is a table of `caller` or a table inside one, `t` or
        `t[e1]...[ek]`, with indices that change nothing (no call, increment or assignment)."""
        if slot >= len(call.args):
            return None
        bound = _table_expression(call.args[slot])
        return bound if bound is not None and self.table_depth(caller, bound[0]) is not None else None

    def _argument_name(self, caller: Function, call, slot: int) -> str | None:
        """The variable whose storage argument `slot` of `call` hands over, a macro argument read through its
        expansion (`POLYBENCH_ARRAY(A)`: `*A`); None when there is none (see `_argument_object`)."""
        if slot >= len(call.args):
            return None
        expanded = call.arg_expansions[slot] if slot < len(call.arg_expansions) else None
        return _argument_object(expanded or call.args[slot], lambda n: variable(self.p, caller, n))

    def unknown_storage(self, fn_name: str, slots) -> str | None:
        """Why calls of `fn_name` are not known to bind `slots` to distinct objects, when a caller hands
        over pointers set from a function that is not defined in this file (PolyBench's kernel arguments come
        from polybench_alloc_data in utilities/polybench.c), else None."""
        for caller, call in self.call_sites().get(fn_name, []):
            for slot in slots:
                if not isinstance(slot, int):
                    continue
                name = self._argument_name(caller, call, slot)
                var = caller.locals.get(name or "")
                if var is None or not var.is_pointer or var.allocated:
                    continue
                for source in caller.assigned_from.get(name, []):
                    called = re.match(r"\s*(?:\((?:[^()]|\([^()]*\))*\)\s*)?([A-Za-z_]\w*)\s*\(", source)
                    if called and called.group(1) not in self.p.functions:
                        return (f"`{caller.name}` passes `{name}`, set from `{called.group(1)}`, which is not "
                                "defined in this file: analyze the file that defines it in the same run")
        return None

    def dead_after_every_call(self, fn: Function, name: str) -> bool:
        """`name` is a parameter of `fn`, and every call of `fn` (none inside a loop, so none runs again)
        hands it storage of the caller's own that nothing reads after the call, other than to free it: what
        `fn` leaves there is never used (2mm's `tmp`, deriche's `y1` and `y2`, doitgen's `sum`: results and
        scratch main never prints)."""
        param = fn.param(name)
        if param is None or name in fn.locals or self.function_escapes(fn.name):
            return False
        sites = self.call_sites().get(fn.name, [])
        if not sites:
            return False
        for caller, call in sites:
            if any(kind == "loop" for kind, _ in call.ctx):
                return False
            bound = self.bound_object(caller, call, param.line)
            if bound is None or bound[0] != "local":
                return False
            frees = [arg for c in caller.calls if c.name == "free" and c.order > call.order for arg in c.args]
            # a free in a macro's expansion (PolyBench's POLYBENCH_FREE_ARRAY) sits where the macro is called
            expanded_frees = {(c.line, c.column) for c in caller.calls if c.name == "free" and c.order > call.order
                              and bound[1] in re.findall(r"\w+", " ".join(c.arg_texts))}
            for access in caller.accesses:
                where = (access.line - 1, access.column - 1)
                if access.name != bound[1] or access.order <= call.order or \
                        any(arg.start_point <= where < arg.end_point for arg in call.args):
                    continue  # (the call's own arguments)
                if access.is_write or access.subscripts is not None or \
                        not (any(arg.start_point <= where < arg.end_point for arg in frees)
                             or (access.line, access.column) in expanded_frees):
                    return False
            if any(c.order > call.order and c.name != "free" and bound[1] in c.arg_texts for c in caller.calls):
                return False
        return True

    def distinct_objects(self, fn: Function, p: str, q: str) -> bool:
        """`p` and `q`, arrays, pointers or containers named in `fn`, never share an element, by the rules the
        loop analysis applies to them: C's aliasing rule, `restrict`, two objects with storage of their own
        (local and global arrays, fresh allocations, containers held by value), a parameter against the
        function's own local storage, and parameters or globals that every call site binds to distinct
        objects."""
        if p == q:
            return False
        vp, vq = variable(self.p, fn, p), variable(self.p, fn, q)
        if vp is None or vq is None:
            return False
        if vp.restrict or vq.restrict or not may_share_storage(vp, vq):
            return True

        def param(name: str) -> bool:
            return fn.param(name) is not None and name not in fn.locals

        def own(name: str, var: Variable) -> bool:
            if param(name):  # a container taken by value is a copy
                return not (var.is_pointer or var.is_reference or var.is_array)
            return self._is_object(fn, name)

        own_p, own_q = own(p, vp), own(q, vq)
        if own_p and own_q:
            return True
        for a, own_a, b in ((p, own_p, q), (q, own_q, p)):
            if own_a and (a in fn.locals or param(a)) and param(b):
                return True  # nothing a caller passes in can point into storage this call made (a local, a copy)

        def slot(name: str, var: Variable) -> int | str | None:
            if param(name):
                return var.line
            return name if name in self.p.globals and name not in fn.locals else None

        sp, sq = slot(p, vp), slot(q, vq)
        if sp is None or sq is None or (isinstance(sp, str) and isinstance(sq, str)):
            return False  # two globals that are not both objects of their own: a global pointer may hold either
        return self.distinct_slots(fn.name, sp, sq)

    def _is_object(self, caller: Function, name: str) -> bool:
        """`name` denotes its own storage (array, vector, fresh allocation), not a borrowed pointer."""
        var = caller.locals.get(name) or (None if caller.param(name) else self.p.globals.get(name))
        if var is None or (name in caller.locals and var.is_static):
            return False  # a `static` local outlives the call: an earlier call may have handed it out
        if var.is_array and not var.is_pointer:
            return True
        if var.allocated:
            copies = [src for src in caller.assigned_from.get(name, []) if (name, src) not in caller.swaps]
            if name in self.p.globals and name not in caller.locals:
                copies = self.global_pointer_sources(name)
                if self.address_escapes(name):
                    return False  # `share(&gy)` may re-point it
            elif name in caller.address_taken:
                return False
            if var.is_member:
                return False  # a member pointer may be set where no function shows it (constructors)
            return not copies
        if not var.is_pointer and not var.is_reference and not var.is_array:
            return True  # a container object such as std::vector<double> v
        return False

    def _spelled_type(self, type_text: str) -> bool:
        """`type_text` spells its type out (C's arithmetic words, the program's structs and classes, a standard
        container): no typedef, alias, `typeof` or macro that may hide a `const`."""
        words = set(re.findall(r"[A-Za-z_]\w*", type_text.replace("std::", ""))) - _DECLARATION_WORDS
        if "typedefed" not in self._tables:  # (`typedef const long int64_t;` makes a standard name const)
            self._tables["typedefed"] = set(re.findall(rb"\btypedef\b[^;{}]*?\b([A-Za-z_]\w*)\s*(?:\[[^;]*)?;",
                                                       self.p.source or b""))
        return words <= ARITHMETIC_WORDS | self.p.classes | set(self.p.fields) | _CONTAINER_WORDS and \
            not (words & (set(self.p.macros) | set(self.p.code_macros) | set(self.p.word_macros))) and \
            not {w.encode() for w in words} & self._tables["typedefed"]

    def writable_elements(self, fn: Function, name: str, _active: frozenset = frozenset()) -> bool:
        """Every element that `name` reaches in `fn` is memory the program may store to, whatever the loop's
        values: an array or a standard container that the program declares without `const` (a local, a
        global, a `static` local), a pointer set once from an allocation (malloc, calloc, new), or a pointer
        parameter that every call of `fn` binds to such an object. A store the program does not make (an
        if-converted `if (x[i] < 0) x[i] = 0;`) is harmless only there: a string literal or a `const` table
        handed over through a cast is read-only memory, and storing to it crashes. The parameters of a file
        without `main` (function mode, a library) come from callers the analysis does not see."""
        var = variable(self.p, fn, name)
        if var is None or var.is_const or var.is_volatile or "const" in var.type_text.split() or \
                not self._spelled_type(var.type_text):
            return False  # (a volatile element stored back is an access the program does not make)
        if name in fn.locals and (name in self.p.globals or
                                  sum(1 for declared, *_ in fn.declarations if declared == name) > 1):
            return False  # (`double tab[N];` in a block beside a global `const double tab[N]`: which one?)
        if fn.param(name) is None or name in fn.locals:
            if var.is_array and not var.is_pointer:
                return var.pointer_depth == 0  # (`double *rows[N]`: the elements are behind the rows)
            if var.is_pointer:
                # (a global pointer of a file without `main` may be set elsewhere; memory may be made read-only;
                # a pointer swapped with another holds what that one held)
                partners = [other for held, other in fn.swaps if held == name]
                return var.allocated and var.pointer_depth == 1 and self._is_object(fn, name) and \
                    (name in fn.locals or "main" in self.p.functions) and not _PROTECTING.search(self.p.source) \
                    and all((v := variable(self.p, fn, o)) is not None and v.allocated and
                            self._is_object(fn, o) and not any(h == o and x != name for h, x in fn.swaps)
                            for o in partners)
            return random_access_container(var)  # held by value, or a reference to one (not `const`)
        if not (var.is_pointer or var.is_array):
            return random_access_container(var)  # a container taken by value (the call's copy) or by reference
        key = (fn.name, name)
        if key in _active or "main" not in self.p.functions or name in fn.address_taken or \
                fn.assigned_from.get(name) or self.function_escapes(fn.name) or self.program_hides_calls():
            return False
        sites = self.call_sites().get(fn.name, [])
        return bool(sites) and all(
            (argument := self._argument_name(caller, call, var.line)) is not None and
            self.writable_elements(caller, argument, _active | {key}) for caller, call in sites)

    # -- per loop --------------------------------------------------------------------------------------
    def analyze_function(self, fn: Function) -> list[LoopAnalysis]:
        by_loop: dict[int, list[Access]] = {loop.id: [] for loop in fn.loops}
        for acc in fn.accesses:
            for kind, ident in acc.ctx:
                if kind == "loop" and ident in by_loop:
                    by_loop[ident].append(acc)
        loops = {loop.id: loop for loop in fn.loops}
        # each loop's enclosing loops, outermost first, and the loops nested in it: once per function
        chains: dict[int, tuple] = {}
        nested: dict[int, list[Loop]] = {loop.id: [] for loop in fn.loops}
        for loop in fn.loops:
            chain = []
            parent = loop.parent
            while parent is not None:
                chain.append(("loop", parent))
                parent = loops[parent].parent
            chains[loop.id] = tuple(reversed(chain))
            for _, ident in chain:
                nested[ident].append(loop)
        return [_LoopAnalyzer(self, fn, loop, loops, by_loop[loop.id], chains, nested[loop.id]).run()
                for loop in fn.loops]


class _LoopAnalyzer:
    def __init__(self, program_analysis: ProgramAnalysis, fn: Function, loop: Loop, loops: dict[int, Loop],
                 accesses: list[Access], chains: dict[int, tuple], descendants: list[Loop]) -> None:
        self.pa = program_analysis
        self.p = program_analysis.p
        self.fn = fn
        self.loop = loop
        self.loops = loops
        self.chains = chains  # loop id → its enclosing loops' tags, outermost first
        lo, hi = loop.body_orders
        self.body = [a for a in accesses if lo < a.order <= hi]
        self.findings: list[Finding] = []
        self.reductions: list[Reduction] = []
        self.private: list[str] = []
        self.private_arrays: list[str] = []
        self.lastprivate: list[str] = []
        self.conditional: list[str] = []
        self.read_only: list[str] = []
        self.tag = ("loop", loop.id)
        self.row_writes: set[tuple[int, int]] = set()  # (call order, argument position) judged as row stores
        self._partly_unknown: set[int] = set()  # accesses with a dimension the tests cannot follow
        self.tiled = False  # the arrays were tested in the point index of a tile loop (`_tile_substitution`)
        self._scope: tuple[set[str], dict[int, set[str]]] | None = None  # see `_index_scope`
        self.body = sorted(self.body + self._reads_through_calls(), key=lambda a: a.order)
        self.ancestors = self._ancestors()
        self.descendants = descendants
        self.declared_inside = set(program_analysis.declarations(fn)[1].get(self.tag, ()))
        if loop.index_declared and loop.var:
            self.declared_inside.add(loop.var)
        # array accesses of storage that outlives an iteration, which the overlap checks pair up
        self.outer_arrays = [a for a in self.body if a.subscripts is not None and a.name not in self.declared_inside]
        # the names the body stores to, as scalars (or moved pointers) and as arrays
        self.written_scalars = {a.name for a in self.body if a.subscripts is None and a.is_write}
        self.written_arrays = {a.name for a in self.body if a.subscripts is not None and a.is_write}

    def _reads_through_calls(self) -> list[Access]:
        """A user function that reads through a pointer parameter reads the array passed to it (`rd(&a[i])`
        may read a[i-1]): one read of that array at an unknown subscript per such argument."""
        lo, hi = self.loop.body_orders
        out = []
        for call in self.fn.calls:
            if call.method_of is None and call.name in RANGE_READ_FUNCTIONS and self.tag in call.ctx \
                    and lo < call.order <= hi:
                for arg, text in zip(call.args, call.arg_texts, strict=True):
                    array = pointed_array(arg)
                    if array is not None:
                        out.append(Access(array, "r", (None,), (f"? via {call.name}({text})",), call.line,
                                          call.column, call.order, call.ctx, through_call=call.name))
                continue
            # (`ps[i].step(ps)`: a method of the file's class, by its summary like a function)
            callee = call.name if call.method_of is None else f"{call.method_class}::{call.name}"
            if (call.method_of is not None and call.method_class is None or callee not in self.p.functions or
                    self.tag not in call.ctx or not lo < call.order <= hi):
                continue
            s = self.pa.summary(callee)
            for position in sorted(s.reads_params | s.writes_params):
                if position in call.element_args:
                    # `f(&x)` with x a local scalar the callee reaches only as `*p`: x's accesses at the call
                    # are in the body already
                    if position in s.writes_params:
                        self.row_writes.add((call.order, position))
                    continue
                element = call.arg_elements[position] if position < len(call.arg_elements) else None
                if element is not None and self._element_parameter(callee, position, element[0]):
                    # `bump(ps[i])` with `void bump(P &q)`: the callee reaches that element and nothing else
                    mode = "rw" if position in s.writes_params else "r"
                    out.append(Access(element[0], mode, element[1], element[2], call.line, call.column, call.order,
                                      call.ctx, through_call=callee, within_row=True))
                    if position in s.writes_params:
                        self.row_writes.add((call.order, position))
                    continue
                row = call.arg_rows[position] if position < len(call.arg_rows) else None
                if row is not None and position not in s.unbounded_params and self._row_fits(row, call, position):
                    # the callee stays inside the row it is given: judged like accesses to that row
                    mode = "rw" if position in s.writes_params else "r"
                    out.append(Access(row[0], mode, row[1], row[2], call.line, call.column, call.order, call.ctx,
                                      through_call=call.name, within_row=True))
                    if position in s.writes_params:
                        self.row_writes.add((call.order, position))
                    continue
                array = pointed_array(call.args[position]) if position < len(call.args) else None
                if array is not None:
                    out.append(Access(array, "r", (None,), (f"? via {callee}({call.arg_texts[position]})",),
                                      call.line, call.column, call.order, call.ctx, through_call=callee))
        return out

    def _element_stores_only(self, name: str) -> bool:
        """Every store of the body into the container of containers (or true array) `name` is to one element
        (all its subscripts), none to a row or through a call: no row changes its count."""
        depth = self.pa.row_levels(self.fn, name)
        return depth > 1 and all(len(a.subscripts) == depth and not a.through_call and not a.unanalyzable
                                 for a in self.body if a.name == name and a.is_write and a.subscripts is not None)

    def _element_parameter(self, callee: str, position: int, array: str) -> bool:
        """The callee's parameter at `position` is a reference to one object (`P &q`, `const double &d`: not
        an array or a pointer) and the elements of `array` hold only storage of their own
        (numbers, standard containers of them, classes of such members with no base class): what the callee
        reaches through it is the one element it is bound to. (Its summary is unknown when it uses the
        reference's address.)"""
        fn = self.p.functions.get(callee)
        param = next((q for q in fn.params if q.line == position), None) if fn is not None else None
        held = variable(self.p, self.fn, array)
        if param is None or held is None or not param.is_reference or param.is_array or param.is_pointer or \
                param.pointer_depth:
            return False
        return self.pa.value_type(held_type(held))

    def _row_fits(self, row: tuple, call, position: int) -> bool:
        """The callee's parameter is declared no larger than the row it is handed (`double r[5]` for a row
        of 5), so staying inside its declaration keeps it inside the row."""
        callee = self.p.functions.get(call.name)
        param = next((q for q in callee.params if q.line == position), None) if callee is not None else None
        var = variable(self.p, self.fn, row[0])
        if param is None or var is None:
            return False
        free = sum(1 for sub in row[1] if any(n.startswith("?") for n in sub.symbols()))
        full = var.dims if var.is_array and not var.is_pointer else ("", *var.pointee_dims)
        caller_dims = [dimension_value(self.p, text) for text in full[len(full) - free:]]
        callee_dims = [dimension_value(self.p, text) for text in param.dims]
        if len(callee_dims) != free or None in caller_dims or None in callee_dims:
            return False
        return all(inner <= outer for inner, outer in zip(callee_dims, caller_dims, strict=True))

    def _ctx_of_loop(self, lp: Loop) -> tuple:
        return self.chains[lp.id]

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
            self._shadowed_names()
            self._scalars()
            self._arrays()
            self._aliasing()
            self._scalar_references()
            self._floating_point_environment()
            self._opaque_parameters()
            self._local_pointers()
            self._reached_objects()
            self._members_of_elements()
            self._row_pointers()
            self._body_pointers()
            self._references()
            self._macros()
            self._names_as_macros()
            self._names_of_other_blocks()
            self._included_code()
            self._pointers_to_scalars()
            self._thread_locals()
            self._static_members()
            self._associative()
        self._calls()
        self._implicit_code()
        self._jumps()
        self._clause_names()
        assertions = self._apply_assertion()
        blocking = [f for f in self.findings if f.blocking]
        if blocking:
            verdict = "sequential"
        elif self.reductions:
            verdict = "parallel-reduction"
        elif self.private or self.lastprivate:
            verdict = "parallel-private"
        else:
            verdict = "parallel"
        direct = [a for a in self.body if a.subscripts is not None and not a.through_call]
        call_writes = sorted({a.name for a in self.body if a.within_row and a.is_write})
        arrays_written = sorted({a.name for a in direct if a.is_write})
        arrays_read = sorted({a.name for a in direct if a.is_read})
        self.findings.sort(key=lambda f: (f.line, f.column, f.code))
        return LoopAnalysis(loop, verdict, self.reductions, sorted(self.private), self.findings, assertions,
                            sorted(self.read_only), arrays_written, arrays_read, sorted(self.lastprivate),
                            call_writes, sorted(self.conditional), sorted(self.private_arrays),
                            self._index_live())

    def _index_live(self) -> bool:
        """Whether the value a `for` loop leaves in an index declared outside it can be read: NPB's C89
        functions declare `int i, j, k;` at the top and rarely read them after a loop, and OpenMP needs no
        exit value (`lastprivate`, a zero-trip guard) for an index nothing reads."""
        var = self.loop.var
        if self.loop.kind != "for" or var is None or self.loop.index_declared:
            return True
        if self.fn.locals.get(var) is None or var in self.fn.address_taken or var in self.fn.static_locals:
            return True  # a parameter, a global, a static, or reachable through a pointer: visible elsewhere
        if self.pa.irregular_control(self.fn):
            return True  # a jump back to before the loop may read it: the scan follows the text only
        if self.p.language == "cpp":
            return True  # `std::tie(i, n)`, `std::ref(i)`, a constructor keeping `int &`: references no `&` shows
        return self._live_out(var)

    def _unseen_uses(self, name: str, named: list[Access]) -> bool:
        """Uses of a local after the loop that its recorded accesses do not show: a macro naming it (`#define
        LAST i`), another variable of that name in an inner block, or an occurrence of the name in the text
        after the loop that no access stands for (a VLA's size `double tmp[i + 1]`, `sizeof(double[i])`)."""
        if self.pa.named_by_macro(name) or self.pa.declarations(self.fn)[0].get(name, 0) > 1:
            return True
        offsets = self.pa.occurrences(self.fn, name)
        after = len(offsets) - bisect_left(offsets, self.loop.node.end_byte - self.fn.node.start_byte)
        return after > len(named) - bisect_right(named, self.loop.last_order, key=_order)

    def _hiding_declarations(self) -> list[tuple[int, int]]:
        """Where the body declares a name like the index (`enum { i = 3 };`, `typedef int i;`, `int i;`, an
        inner loop's `int i`), by (line, column), in source order: from there on `i` is that other thing, which
        the accesses, recorded by name, would take for the index (`a[i] += 1` read as one element per
        iteration while every iteration adds to a[3])."""
        loop = self.loop
        body = loop.node.child_by_field_name("body")
        if loop.var is None or body is None:
            return []
        declared = self.pa.block_declarations(self.fn)  # (in source order)
        start = bisect_left(declared, body.start_byte, key=itemgetter(1))
        inside = declared[start:bisect_left(declared, body.end_byte, key=itemgetter(1))]
        for name, _, line, column, extern in inside:
            # `{ extern int cnt; cnt++; }` in a function with a `cnt` of its own: the accesses, recorded by
            # name, would be taken for the local's (a `+` reduction on it, while the threads raced on the global)
            if extern and name != loop.var and (name in self.fn.locals or self.fn.param(name) is not None):
                self._add("S2P601", f"`{name}` names two objects in the loop: `extern` at line {line} declares the "
                          f"global, the function has a `{name}` of its own; rename one", line, column, (name,))
        return [(line, column) for name, _, line, column, _ in inside if name == loop.var]

    def _hidden_index(self, where: tuple[int, int]) -> None:
        name = self.loop.var
        self._add("S2P403", f"the body declares another `{name}`, which hides loop index `{name}` from there on: "
                  "rename it", *where, (name,))

    def _header(self) -> None:
        loop = self.loop
        # what the condition reads, affine or not (`i < s.n`): a parallel loop evaluates its bound once
        accesses = self.fn.accesses  # in source order
        start = bisect_right(accesses, loop.first_order, key=_order)
        condition = {acc.name for acc in accesses[start:bisect_right(accesses, loop.body_orders[0], key=_order)]
                     if acc.is_read}
        bound_reads = [acc for acc in accesses[start:bisect_right(accesses, loop.body_orders[0], key=_order)]
                       if acc.is_read and acc.subscripts is not None and not (
                           acc.header and self._element_stores_only(acc.name))]
        bound_arrays = {acc.name for acc in bound_reads}
        # (`i < lim` with `int &lim = a[k]`: named in the finding as the bound has it)
        through = {acc.name: acc.via for acc in bound_reads if acc.via is not None}
        self._calls_in_condition()
        self._effects_in_start()
        hiding = self._hiding_declarations()
        # `int &lim = a[k]; i < lim`: a scalar read of a reference in the bound is a read through it
        references = {name for name in condition - bound_arrays if name not in self.declared_inside
                      and (var := variable(self.p, self.fn, name)) is not None
                      and self._number_reference(var)}
        self._bound_through_pointers(bound_arrays | references)
        for acc in self.body:
            if acc.subscripts is not None and acc.is_write and acc.name in bound_arrays and \
                    acc.name not in self.declared_inside:
                read = f"`{through[acc.name]}`, an element of `{acc.name}`" if acc.name in through else f"`{acc.name}`"
                self._add("S2P403", f"the loop bound reads {read}, which the body writes", acc.line,
                          acc.column, (acc.name,))
            if acc.subscripts is None and acc.is_write:
                if acc.name == loop.var and loop.kind != "range":
                    if (acc.line, acc.column) in hiding:  # (`int i = 3;` in the body: a declaration)
                        self._hidden_index((acc.line, acc.column))
                    self._add("S2P403", f"loop index `{acc.name}` is assigned in the body", acc.line,
                              acc.column, (acc.name,))
                elif (acc.name in loop.bound_symbols or acc.name in condition) and acc.name not in self.declared_inside:
                    self._add("S2P403", f"loop bound `{acc.name}` is assigned in the body", acc.line,
                              acc.column, (acc.name,))
        if hiding:
            self._hidden_index(hiding[0])

    def _may_be_caught(self, fn: Function, seen: frozenset = frozenset(), loop=None) -> bool:
        """An exception thrown in `fn` (in `loop` of it) may reach a `catch`: the loop is inside a `try` block
        of `fn`, some call of `fn` (or of a function calling it) is, or its callers are not all known (a method,
        a function whose address escapes, one without calls in the file). A loop of `main` outside any `try`
        cannot be caught."""
        if loop is not None and _in_try(fn, loop.line, loop.column):
            return True
        if fn.name == "main":
            return False
        sites = self.pa.call_sites().get(fn.name, [])
        if not sites or self.pa.function_escapes(fn.name) or "::" in fn.name:
            return True  # callers not all known
        if fn.name in seen:
            return False  # recursion: the other calls decide
        for caller, call in sites:
            if _in_try(caller, call.line, call.column):
                return True
            if self._may_be_caught(caller, seen | {fn.name}):
                return True
        return False

    def _scalar_address_everywhere(self, name: str, other: str) -> bool:
        """Every call of this function passes `&x` for the pointer parameter `name`, x a plain scalar of the
        caller's that the argument for `other` does not name (Fortran-style `fill(&n, a)`)."""
        param, target = self.fn.param(name), self.fn.param(other)
        sites = self.pa.call_sites().get(self.fn.name, [])
        if param is None or not sites or self.pa.function_escapes(self.fn.name):
            return False
        for caller, call in sites:
            if param.line >= len(call.arg_texts):
                return False
            found = re.fullmatch(r"\s*&\s*([A-Za-z_]\w*)\s*", call.arg_texts[param.line])
            var = variable(self.p, caller, found.group(1)) if found else None
            if var is None or var.is_array or var.is_pointer or var.is_reference or var.is_member:
                return False
            if target is not None and (target.line >= len(call.arg_texts) or
                                       re.search(rf"\b{found.group(1)}\b", call.arg_texts[target.line])):
                return False
        return True

    def _floating_point_environment(self) -> None:
        """A program that sets the rounding mode or tests the exception flags (<fenv.h>) relies on state each
        thread and each rank keeps its own: `fesetround` reaches only the thread that calls it, and a
        division by zero in another thread's iterations leaves the caller's flags clear."""
        line = self.pa.first_use("fenv")
        if line is not None:
            self._add("S2P302", f"the program uses the floating-point environment (line {line}): each thread has "
                      "its own rounding mode and exception flags", self.loop.line, self.loop.column, ("fenv",))

    def _bound_through_pointers(self, bound_arrays: set[str]) -> None:
        """A bound read through a pointer (`i < *np` with `np = &a[0]`, a parameter `const int *np` given `a`)
        may read an element the body writes: the sequential loop sees the new bound at the next test, a
        parallel one reads it once. Unless the pointer is `restrict`, its storage is an allocation of its own,
        or its element type cannot alias the written array's."""
        written = {acc.name for acc in self.body if acc.subscripts is not None and acc.is_write}
        for name in sorted(bound_arrays - written):
            var = variable(self.p, self.fn, name)
            if var is None or var.restrict or not (var.is_pointer or var.is_reference or
                                                   (var.is_array and self.fn.param(name) is not None)):
                continue
            if name in self.fn.locals and self._allocation_of_its_own(name):
                continue
            for other in sorted(written):
                target = variable(self.p, self.fn, other)
                if target is None or not may_share_storage(var, target) or self._private_allocation(other):
                    continue
                slots = [self.fn.param(n).line if self.fn.param(n) is not None else
                         n if n in self.p.globals and n not in self.fn.locals else None for n in (name, other)]
                if None not in slots and self.pa.distinct_slots(self.fn.name, *slots):
                    continue  # every call passes two objects of their own
                if self._scalar_address_everywhere(name, other):
                    continue  # `fill(&n, a)`: the bound is a scalar of the caller's, no element of `a`
                first = next(acc for acc in self.body if acc.name == other and acc.is_write)
                self._add("S2P403", f"the loop bound reads through `{name}`, which may point into `{other}`, which "
                          "the body writes (a parallel loop reads its bound once)", first.line, first.column,
                          (name, other))
                break

    def _effects_in_start(self) -> None:
        """The index's start value, the condition, or the amount the update adds stores or calls something
        that may change state, in the text or through a macro (`i = base++`, `i = next()` with a callee that
        writes, `i = NEXT` with `#define NEXT (base++)`, `i < n--`, `i += STEP` with `#define STEP (k++)`): the
        sequential loop evaluates them in its own order, a parallel one any number of times (gcc's OpenMP the
        start once per thread: `base` ended at 16 for 4). Calls in the condition: `_calls_in_condition`."""
        loop = self.loop
        if loop.kind != "for" or loop.var is None:
            return
        parts = []  # (what, node)
        for what in ("start", "step"):  # the values given to the index (not the other parts of the header)
            part = loop.node.child_by_field_name("initializer" if what == "start" else "update")
            stack = [part] if part is not None else []
            while stack:
                node = stack.pop()
                if node.type in ("assignment_expression", "init_declarator"):
                    assigned = node.type == "assignment_expression"
                    target = node.child_by_field_name("left" if assigned else "declarator")
                    if target is not None and target.text.decode() == loop.var:
                        value = node.child_by_field_name("right" if assigned else "value")
                        parts += [(what, value)] if value is not None else []
                        continue
                stack.extend(node.named_children)
        condition = loop.node.child_by_field_name("condition")
        parts += [("condition", condition)] if condition is not None else []
        for what, value in parts:
            stack = [value]
            while stack:
                node = stack.pop()
                stack.extend(node.named_children)
                effect = node.type in ("update_expression", "assignment_expression")
                if node.type == "call_expression" and what != "condition":
                    name = node.child_by_field_name("function")
                    name = name.text.decode() if name is not None else ""
                    if name in self.p.functions:
                        effect = self.pa.summary(name).changes_state
                    else:
                        effect = name not in PURE_FUNCTIONS
                elif node.type == "identifier" and node.text.decode() != loop.var:
                    name = node.text.decode()
                    var = variable(self.p, self.fn, name)
                    if var is not None and var.is_volatile:
                        # (a device register, a flag a signal handler sets: each thread may read another value)
                        self._add("S2P403", f"the {what} of loop `{loop.var}` (`{value.text.decode()}`) reads "
                                  f"volatile `{name}`: a parallel loop reads it another number of times, and may "
                                  "see other values (read it into a local before the loop)",
                                  node.start_point[0] + 1, node.start_point[1] + 1, (loop.var, name))
                        return
                    effect = self.pa.macro_effect(self.fn, name)
                if effect:
                    self._add("S2P403", f"the {what} of loop `{loop.var}` (`{value.text.decode()}`) may change state: "
                              "a parallel loop evaluates it in another order and number of times",
                              node.start_point[0] + 1, node.start_point[1] + 1, (loop.var,))
                    return

    def _calls_in_condition(self) -> None:
        """A parallel loop evaluates its condition's bound once, the sequential loop at every iteration: a call
        there must give the same value each time and change nothing (`i < lim(n)` counting its calls,
        `i < getlim()` reading a global the body writes, `i < strlen(s)` with s written in the body)."""
        condition = self.loop.node.child_by_field_name("condition") if self.loop.kind == "for" else None
        if condition is None:
            return
        first, last = condition.start_point, condition.end_point
        calls = [call for call in self.fn.calls if first <= (call.line - 1, call.column - 1) < last]
        if not calls:
            return  # (most loops: no set of the body's stores to build)
        written = {object_root(name) for name in self.written_scalars | self.written_arrays} - self.declared_inside
        whole = self.written_scalars - self.declared_inside
        for call in calls:
            if call.method_of is not None:
                if call.name in PURE_METHODS or self._const_method(call.name):
                    continue  # `v.size()`: a container the body resizes is a write to it, found elsewhere
                why = f"the method `{call.name}()` may change its object"
            elif call.name in self.p.functions:
                summary = self.pa.summary(call.name)
                changed = summary.changes_state
                read = sorted(summary.reads_globals & written)
                if not changed and not read and not self._arguments_written(call, written):
                    continue
                why = (f"`{call.name}()` reads `{read[0]}`, which the body writes" if read and not changed else
                       f"`{call.name}()` changes state (it runs once in parallel, at every iteration sequentially)"
                       if changed else f"an argument of `{call.name}()` is written in the body")
            elif call.name in ("size", "ssize", "std::size", "std::ssize"):
                # an array's or a container's element count: element stores do not change it (a resize is a
                # store to the container itself)
                if not self._arguments_written(call, whole):
                    continue
                why = f"the body changes `{call.arg_texts[0] if call.arg_texts else '?'}` itself"
            elif call.name in PURE_FUNCTIONS:
                through = sorted(name for name in written if self._points_anywhere(name)) \
                    if call.name in RANGE_READ_FUNCTIONS else []
                if not self._arguments_written(call, written) and not through:
                    continue
                why = (f"an argument of `{call.name}()` is written in the body" if not through else
                       f"the body writes through `{through[0]}`, which may point into what `{call.name}()` reads")
            else:
                why = f"the effects of `{call.name}()` are not known"
            self._add("S2P403", f"the loop condition calls `{call.name}()` at every iteration and {why}: "
                      "compute the bound into a variable before the loop", call.line, call.column, (call.name,))

    def _points_anywhere(self, name: str) -> bool:
        """`name` is a pointer (not an array of its own): what it writes may be any array of its type."""
        var = variable(self.p, self.fn, name)
        return var is None or (var.is_pointer and not var.is_array) or var.is_reference

    def _const_method(self, name: str) -> bool:
        """Every method of the file named `name` is declared `const` (`int count() const`), reads no global
        the loop writes and changes nothing (its object is a const `this`)."""
        methods = [(key, fn) for key, fn in self.p.functions.items() if key.endswith(f"::{name}")]
        if not methods:
            return False
        for key, fn in methods:
            declarator = fn.node.child_by_field_name("declarator")
            if declarator is None or not any(c.type == "type_qualifier" and c.text == b"const"
                                             for c in declarator.children):
                return False
            summary = self.pa.summary(key)
            if summary.writes_globals or summary.unknown or summary.io or summary.hidden_state or summary.exits:
                return False
        return True

    @staticmethod
    def _arguments_written(call, written: set[str]) -> bool:
        names = {name for text in call.arg_texts for name in re.findall(r"[A-Za-z_]\w*", text)}
        return bool(names & written)

    def _shadowed_names(self) -> None:
        """A name declared in the body that also names an object outside the loop (`x = ...; double x = 2;`,
        or a use after the inner block that declares it): the accesses outside the inner declaration's scope
        are to the outer object, which the analysis would take for the iteration's own."""
        counts = self.pa.declarations(self.fn)[0]
        candidates = [name for name in self.declared_inside if name != self.loop.var and
                      (counts.get(name, 0) > 1 or self.fn.param(name) is not None or name in self.p.globals)]
        body = self.loop.node.child_by_field_name("body") if self.loop.node is not None and candidates else None
        if body is None:
            return
        for name in sorted(candidates):
            scopes = []  # (from, to) positions where `name` is the body's own
            stack = [body]
            while stack:
                node = stack.pop()
                if declares(node, name):
                    scopes.append((node.start_point, node.parent.end_point if node.parent is not None else
                                   body.end_point))
                stack.extend(node.children)
            outside = next((a for a in self.body if a.name == name and self.tag in a.ctx and not any(
                start <= (a.line - 1, a.column - 1) <= end for start, end in scopes)), None)
            if outside is not None:
                self._add("S2P601", f"`{name}` names two objects in the loop: the one at line {outside.line} is "
                          "declared outside it, another is declared inside; rename one to tell them apart",
                          outside.line, outside.column, (name,))

    # -- scalars --------------------------------------------------------------------------------------
    def _scalars(self) -> None:
        loop = self.loop
        by_name: dict[str, list[Access]] = {}
        for acc in self.body:
            if acc.subscripts is None and acc.name not in self.declared_inside and acc.name != loop.var:
                by_name.setdefault(acc.name, []).append(acc)
        handled: set[str] = set()
        derived = {part[0] for part in loop.derived}
        indexed = {a.name for a in self.body if a.subscripts is not None}
        for name, accs in by_name.items():
            if name in handled or (name in self.p.functions and variable(self.p, self.fn, name) is None):
                # the name of a function (a call's callee), unless a variable of that name is in scope
                continue
            writes = [a for a in accs if a.is_write]
            var = variable(self.p, self.fn, name)
            if var is not None and var.is_thread_local and name not in self.fn.locals:
                # (`__thread int scale;` set by the main thread: the others read their own copies, 0)
                self._add("S2P601", f"`{name}` is thread-local: each thread of a parallel loop reads and writes its "
                          "own copy, not the one the program set", accs[0].line, accs[0].column, (name,))
                continue
            if not writes:
                self.read_only.append(name)
                continue
            if name in indexed:
                # `p[i] = ...; p--;`: the pointer the loop indexes moves between iterations
                self._add("S2P601", f"`{name}` is indexed in the loop and also changed by it: the elements it "
                          "reaches move between iterations", writes[0].line, writes[0].column, (name,))
                continue
            elsewhere = self.pa.global_address_line(name) if var is not None and name not in self.fn.locals \
                and self.fn.param(name) is None and name in self.p.globals else None
            if name in self.fn.address_taken or name in self.fn.static_locals or \
                    elsewhere and self._through_pointers():
                # Another name can reach it (`p = &x`, `T &r = x`, a file-scope `long *ap = &acc;` read as `*ap`
                # in the loop), or it outlives the iteration (`static`): neither privatization nor reduction is
                # sound.
                line = self.fn.address_taken.get(name) or elsewhere
                why = f"its address is taken (line {line})" if line else "it is `static` (or thread-local)"
                self._add("S2P212", f"`{name}` is assigned in the loop and {why}: its value is visible "
                          "through other names and after the loop", writes[0].line, writes[0].column, (name,))
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
            if name in derived and self._live_out(name):
                # its value after the loop is its start plus its amount times the trips: not the last
                # iteration's, which a lastprivate would leave
                part = next(a for a in accs if a.is_write)
                self._add("S2P213", f"`{name}`, which the header steps beside the index `{loop.var}`, is read "
                          "after the loop: its value there is not any iteration's (compute it from the index "
                          "after the loop)", part.line, part.column, (name,))
                continue
            if not any(a.is_read for a in accs) or self._assigned_before_read(accs):
                # a temporary of each iteration (or only stored): private, and when its value is used after
                # the loop, the last iteration's value is the one left (lastprivate) if every iteration
                # surely assigns it
                if not self._live_out(name):
                    self.private.append(name)
                elif self._surely_assigned(accs):
                    self.lastprivate.append(name)
                    self._add("S2P214", f"`{name}` is a temporary of each iteration whose last value is used "
                              "after the loop: lastprivate", first.line, first.column, (name,))
                elif all(a.mode == "w" for a in writes) and (var := variable(self.p, self.fn, name)) is not None \
                        and is_plain_scalar(var):
                    # `if (books[i].pages < 100) last = i;`: the value after the loop is what the last
                    # iteration that assigned it stored, or the value before the loop if none did
                    self.lastprivate.append(name)
                    self.conditional.append(name)
                    self._add("S2P215", f"`{name}` is assigned in some iterations only and its last value is used "
                              "after the loop: lastprivate(conditional)", first.line, first.column, (name,))
                else:
                    self._add("S2P212", f"`{name}` is assigned in the loop and its last value is used after "
                              "it", first.line, first.column, (name,))
                continue
            updates = [a for a in writes if a.mode == "rw" and a.reduction and a.reduction[0] == "op"
                       and a.reduction[-1] == "step"]
            if updates and len(updates) == len(writes) and any(a.mode == "r" for a in accs):
                self._add("S2P213", f"`{name}` is incremented every iteration and used: induction variable",
                          updates[0].line, updates[0].column, (name,))
                continue
            read = next((a for a in accs if a.is_read), first)
            write = writes[0]
            narrowed = f", and no reduction: {self.fn.narrowed[name]}" if name in self.fn.narrowed else ""
            self._add("S2P211", f"scalar `{name}` is read before it is written in an iteration "
                      f"(written at {write.line}:{write.column}){narrowed}", read.line, read.column, (name,),
                      related_line=write.line)

    def _surely_assigned(self, accs: list[Access]) -> bool:
        """Every iteration that completes assigns the scalar: a plain store at the loop body's top level
        (not under an if, a switch or an inner loop that may not run) and no `continue` that could skip it."""
        if any(jump.kind in ("continue", "goto") and self.tag in jump.ctx for jump in self.fn.jumps):
            return False
        return any(a.mode == "w" and not self._relative(a.ctx) for a in accs)

    def _assigned_before_read(self, accs: list[Access]) -> bool:
        """Every read of the scalar in an iteration follows a plain assignment that surely ran: one in an
        enclosing construct of the read (e.g. the header of the inner loop that uses an index declared
        outside), or one in each branch of an if/else that encloses neither."""
        return assigned_before_read(accs, self._relative, self.fn.if_partners)

    def _scalar_reduction(self, name: str, accs: list[Access], by_name) -> Reduction | None:
        held = variable(self.p, self.fn, name)
        if held is not None and held.is_pointer:
            # `g++` on a pointer steps it: no reduction OpenMP or MPI can combine (a sum of addresses)
            return None
        tags = [a.reduction for a in accs]
        if any(t is None for t in tags) or self._order_sensitive(name, tags):
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

    def _order_sensitive(self, name: str, tags: list) -> bool:
        """`s += c` on a std::string (concatenation), on an object of a class of the program (its own
        operator, associative or not: `h = h*31 + x`) or on a template parameter's type (either): the result
        depends on the order of the updates, so it is no reduction. So is an update of a name the function
        declares with two types (`int t` and, in a block, `double t`): the analysis does not tell which one
        a statement names, and `t += 0.6` regrouped is exact on a double, truncated at every step on an int."""
        if name in self.fn.retyped:
            return True
        var = variable(self.p, self.fn, name)
        if var is None or var.is_pointer:
            return False
        text = through_macros(self.p, var.type_text)
        if re.search(r"\b(?:bool|_Bool)\b", text) or set(text.split()) & self.p.bool_types:
            # `s += x[i]` on a bool saturates (2 threads made 1 of 0); &&, ||, &, |, ^, min, max are its own
            return any(t[0] == "op" and t[1] in ("+", "*") for t in tags)
        if self.p.language != "cpp":
            return False
        words = [w for w in re.sub(r"[&*]", " ", text.replace("std::", "")).split()
                 if w not in ("const", "volatile", "static", "register", "constexpr", "mutable")]
        if words == ["auto"]:
            # `auto s = 0.0` is a number; `auto u = std::string()` (or anything it cannot tell) is not known to be
            return not re.fullmatch(r"[\s\d.eE+\-fFlLuUxX()]*", var.init_text or "x")
        # a positive list: arithmetic types (also through typedefs the program knows) and std::complex
        arithmetic = all(w in ARITHMETIC_WORDS or w in self.p.arithmetic_types or _FIXED_WIDTH.fullmatch(w)
                         for w in words)
        return not (words and arithmetic) and not re.match(r"complex\s*<", " ".join(words))

    def _live_out(self, name: str) -> bool:
        var = self.fn.locals.get(name)
        param = self.fn.param(name)
        named = self.pa.accesses_named(self.fn, name)  # in program order: what follows the loop is a tail
        later = named[bisect_right(named, self.loop.last_order, key=_order):]
        if var is None and param is None:
            # a global (or unknown) is visible after the function returns, unless it is a file-scope
            # temporary that every function assigns before reading it (NPB's `static double tmp1`); in this
            # function, what follows the loop must assign it before any read
            if not self.pa.temporary_global(name):
                return True
            # its value when the function returns is never read: live as a local is, by what this function
            # reads after the loop and on the next pass of the loops around it (`b[k] = tmp1;` above the loop
            # reads the last iteration's value: the first write after the loop did not make that private)
        if param is not None and param.is_reference or var is not None and var.is_reference:
            return True  # a store through a reference is a store to what it names
        if self._unseen_uses(name, named):
            return True
        if self.pa.irregular_control(self.fn):
            return True  # a goto may skip the write after the loop that the scan takes for sure, or go back
        for outer in self.ancestors:
            # read on the next pass of an enclosing loop before a write that surely happens there (`if (c) t =
            # 0; use(t);` at the top of the pass reads the loop's value when c is false)
            start = bisect_right(named, outer.first_order, key=_order)
            before = named[start:bisect_right(named, self.loop.first_order, key=_order)]  # (the loop's own: after)
            if read_first(before, {*self._ctx_of_loop(outer), ("loop", outer.id), *self.pa.entered_loops(self.fn)}):
                return True
        ancestors = {("loop", outer.id) for outer in self.ancestors}
        if any(jump.kind in ("break", "continue") and ancestors & set(jump.ctx) and self.tag not in jump.ctx
               for jump in self.fn.jumps):
            # a `break` or `continue` of an enclosing loop may skip a write after this loop that the scan below
            # takes for sure (`if (r == 2) break; t = 0;` left the loop's t to be read after the nest)
            return True
        # what follows the loop: live if something reads the value before a write that surely happens
        return self.pa.live_in_tail(self.fn, name, len(named) - len(later), frozenset(self._ctx_of_loop(self.loop)))

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

    def _limit(self, lp: Loop) -> Affine:
        """Of the ends an index stays below (`j < MIN(n, jj + tile)`), the first that names no loop index of
        the function (n: what splits `a[j + n*k]` into rows), else the first."""
        indices = {other.var for other in self.fn.loops if other.var}
        return next((limit for limit in lp.upper_limits if not limit.symbols() & indices), lp.upper_limits[0])

    def _tile_points(self) -> list[Loop]:
        """The point loops of a tile loop (`for (ii = lo; ii < hi; ii += s)`, s a constant above 1 or known at run
        time): the loops
        of its body that run `for (i = ii; i < MIN(.., ii + s); i++)`, so that different tiles give them
        disjoint ranges of i. Only when the tile index is read nowhere else in the body, each point index
        only inside its own loop and assigned only by its header, all of them plain locals: then two tiles
        never share a value of a point index, and the tile loop carries a dependence only where two different
        values of the point index meet. [] when that cannot be shown."""
        loop, fn = self.loop, self.fn
        amount = loop.tile_amount if loop.tile_step else Affine.const(loop.step) if loop.step and loop.step > 1 \
            else None
        if amount is None or not loop.var or self.pa.irregular_control(fn):
            return []
        start = Affine.var(loop.var)
        end = start + amount
        points = [lp for lp in self.descendants if lp.kind == "for" and lp.var and lp.step == 1 and
                  lp.lower == start and (lp.upper == end or end in lp.upper_limits)]
        ids = {("loop", lp.id) for lp in points}
        if not points or any(ids & set(self._ctx_of_loop(lp)) for lp in points):
            # a point loop in another (`a[i - 2*i2]`): two indices of one tile, which one name cannot stand for
            return []
        names = {lp.var for lp in points} | {loop.var}
        if loop.var in {lp.var for lp in points} or not self._plain_names(names | amount.symbols()):
            return []  # (`const int tile = 64;` in the body: the point loops' `i + tile` is not the step)
        if any(name not in fn.locals or name in fn.address_taken or name in fn.static_locals for name in names):
            return []
        first, last = loop.body_orders
        for acc in fn.accesses:
            if first < acc.order <= last and acc.subscripts is not None and any(
                    lp.first_order < acc.order <= lp.body_orders[0] or lp.body_orders[1] < acc.order <= lp.last_order
                    for lp in points):
                # an array in a point loop's header: read or written with the index at its exit value too,
                # which is the next tile's start (and at any tile, past the end the renamed index is given)
                return []
            if first < acc.order <= last and acc.subscripts is not None and acc.name in self.written_arrays \
                    and acc.name not in self.declared_inside \
                    and any(sub is not None and loop.var in sub.symbols() for sub in acc.subscripts):
                # the tile index in a subscript of an array the loop writes, through a scalar's value (`i = ig -
                # ii; b[i]`: every tile writes b[0..s-1]), which renaming the point index would hide
                return []
            if not first < acc.order <= last or acc.name not in names:
                continue
            if acc.subscripts is not None:
                return []
            if acc.name == loop.var:
                # read in a point loop's header only
                if acc.is_write or not any(lp.first_order < acc.order <= lp.body_orders[0] for lp in points):
                    return []
            elif not any(lp.var == acc.name and lp.first_order < acc.order <= lp.last_order and
                         (acc.is_read and not acc.is_write or not lp.body_orders[0] < acc.order <= lp.body_orders[1])
                         for lp in points):
                return []  # outside its point loop, or assigned in its body
        return points

    def _tile_substitution(self, bounds: Bounds, inner_vars: set[str]):
        """For a tile loop with point loops (`_tile_points`), test in the point index: every point index is
        renamed the tile loop's index, which then ranges over all the values the point indices take (from the
        tile loop's start to an end the point loops share). A conflict between two tiles is one between two
        different values of the point index, in the same order as the tiles. Updates `bounds`, `inner_vars`."""
        points = self._tile_points()
        if not points:
            return lambda subs: subs
        var = self.loop.var
        renamed = {lp.var for lp in points}
        carrier = Affine.var(var)
        indices = {other.var for other in self.fn.loops if other.var}

        def rename(expr: Affine | None) -> Affine | None:
            for name in renamed:
                if expr is not None and name in expr.symbols():
                    expr = expr.substitute(name, carrier)
            return expr

        shared = None
        for lp in points:
            ends = {limit for limit in ([lp.upper] if lp.upper is not None else []) + list(lp.upper_limits)
                    if not limit.symbols() & indices}
            shared = ends if shared is None else shared & ends
        end = min(shared, key=str) if shared and len(shared) == 1 else None
        for name in renamed:
            bounds.pop(name, None)
            inner_vars.discard(name)
        for name, (low, high) in list(bounds.items()):
            bounds[name] = (rename(low), rename(high))
        bounds[var] = (self.loop.lower, end - Affine.const(1) if end is not None else None)
        self.tiled = True

        def substitute(subs):
            if subs is None:
                return None
            out = tuple(rename(sub) for sub in subs)
            return None if any(sub is None for sub in out) else out

        return substitute

    def _bounds(self) -> Bounds:
        bounds: Bounds = {}
        # A bound that the body changes (`for (k = 0; k < m; k++) ... m++`) says nothing about the indices.
        changed = self.written_scalars - {lp.var for lp in [self.loop, *self.descendants] if lp.var}
        loose = self._index_scope()[0]
        seen: set[str] = set()
        for lp in [self.loop, *self.ancestors, *self.descendants]:
            if not lp.var:
                continue
            if lp.bound_symbols & changed or lp.var in loose:
                bound: tuple = (None, None)
            elif lp.lower is not None and lp.upper is not None:
                bound = (lp.lower, lp.upper - Affine.const(1))
            elif lp.lower is not None and lp.upper_limits:
                bound = (lp.lower, self._limit(lp) - Affine.const(1))
            else:
                bound = (lp.lower, None)
            if lp.var in seen and bounds[lp.var] != bound:
                # sibling loops reusing an index name (`for j < n ...; for j > i ...`): one name, two ranges;
                # neither may stand for the other (the coupled test once proved a transpose independent
                # from the wrong one)
                bound = (None, None)
            seen.add(lp.var)
            bounds[lp.var] = bound
        return bounds

    def _index_scope(self) -> tuple[set[str], dict[int, set[str]]]:
        """Where an inner loop's header range bounds its index, found once: (loose, outside). `loose`: the
        indices with no range for this loop's tests, those whose loop body writes them (`if (x[j] == skip)
        j++;` takes j past its bound), and those of loops whose bounds name a loose index or an inner index
        outside that index's loops (`for (k = 0; k <= j; k++)` after a search loop over j: j may be its
        bound). `outside`: per access (its id), the inner indices a subscript reads outside every loop over
        them (after the loop, `for (j...) if (...) break; a[i*m + j] = 1;` reads j == m when nothing matched,
        the next row's first element); such a subscript's dimension is any value for the tests."""
        if self._scope is not None:
            return self._scope
        inner: dict[str, list[tuple[int, int]]] = {}
        for lp in self.descendants:
            if lp.var:
                inner.setdefault(lp.var, []).append(lp.body_orders)
        loose: set[str] = set()
        outside: dict[int, set[str]] = {}
        self._scope = loose, outside
        if not inner:
            return self._scope
        orders = [a.order for a in self.body]
        first, last = self.loop.body_orders
        for name, spans in inner.items():
            if any(acc.subscripts is None and acc.is_write and any(lo < acc.order <= hi for lo, hi in spans)
                   for acc in self.pa.accesses_named(self.fn, name)):
                loose.add(name)
            # the body's accesses outside every loop over `name` (few: most are inside them)
            gaps, before = [], first
            for lo, hi in sorted(spans):
                gaps.append((before, lo))
                before = max(before, hi)
            gaps.append((before, last))
            for lo, hi in gaps:
                for acc in self.body[bisect_right(orders, lo):bisect_right(orders, hi)]:
                    if acc.subscripts is not None and any(name in text for text in acc.texts) and \
                            any(sub is not None and name in sub.symbols() for sub in acc.subscripts):
                        outside.setdefault(id(acc), set()).add(name)
        grown = True
        while grown:
            grown = False
            for lp in self.descendants:
                if lp.var and lp.var not in loose and any(
                        name in loose or name in inner and not any(lo <= lp.first_order <= hi for lo, hi in inner[name])
                        for name in lp.bound_symbols):
                    loose.add(lp.var)
                    grown = True
        return self._scope

    def _arrays(self) -> None:
        by_name: dict[str, list[Access]] = {}
        for acc in self.body:
            if acc.subscripts is not None and acc.name not in self.declared_inside:
                by_name.setdefault(acc.name, []).append(acc)
        if not by_name:
            return
        inner_vars = {lp.var for lp in self.descendants if lp.var}
        written_scalars = self.written_scalars - inner_vars
        # what a subscript's text may not mention to stay the same value in every iteration
        variant = written_scalars | self.written_arrays | inner_vars
        if self.loop.var:
            variant.add(self.loop.var)
        # `?k`: any index within a row a called function is given; each iteration may use any value
        inner_vars |= {sym for a in self.body if a.within_row for sub in a.subscripts for sym in sub.symbols()
                       if sym.startswith("?")}
        outer_vars = {lp.var for lp in self.ancestors if lp.var}
        bounds = self._bounds()
        outside = self._index_scope()[1]
        tile = self._tile_substitution(bounds, inner_vars)
        # (a tile loop of a constant step is tested in its point indices, which take every value)
        stride = self._stride_substitution(bounds) if not self.tiled else (lambda subs: subs)
        # an access of a row (fewer subscripts than the array has levels, `g[i].size()`, `f(g[i])`) of an array
        # whose rows never overlap reaches any element of that row: `?` indices of its own
        depths = {name: self.pa.row_levels(self.fn, name) for name in by_name}
        padding = {id(a): tuple(Affine.var(f"?r{a.order}_{d}") for d in range(len(a.subscripts), depths[a.name]))
                   for accs in by_name.values() for a in accs if len(a.subscripts) < depths[a.name]}
        for pad in padding.values():
            inner_vars |= {sym for sub in pad for sym in sub.symbols()}
        tested: dict = {}
        delinearized: dict = {}
        interned: dict = {}  # usable subscripts → a small number, the key of `tested`
        separating: dict = {}  # that number → its dimensions that alone tell iterations apart
        for name, accs in by_name.items():
            writes = [a for a in accs if a.is_write]
            if self._template_container(name, accs, writes):
                continue
            if not writes:
                continue
            if self.pa.packed_name(self.fn, name):
                w = writes[0]
                self._add("S2P203", f"output dependence on {name}[{']['.join(w.texts)}]: {name} packs its elements "
                          "as bits of shared words, so stores to different elements in different iterations write "
                          "the same word (a data race in threads)", w.line, w.column, (name,))
                continue
            # the first conflict of each code: only that one can become a finding (one per code and array)
            conflicts: dict[str, tuple[Access, Access, int | None]] = {}
            # Each access's usable subscripts once; pairs that repeat one already tested (the same
            # subscripts, the same kind) add nothing: a finding is reported once per code and array.
            usable: dict[int, tuple | None] = {}
            number: dict[int, int] = {}  # access → its subscripts' number (negative: not usable)
            for a in accs:
                if not a.unanalyzable:
                    # (an inner index read outside its loop: any value there, see `_index_scope`)
                    changing = written_scalars | outside[id(a)] if id(a) in outside else written_scalars
                    usable[id(a)] = subs = tile(stride(self._usable(a, changing, variant)))
                    if subs is not None and id(a) in padding:
                        usable[id(a)] = subs = (*subs, *padding[id(a)])
                    number[id(a)] = interned.setdefault(subs, len(interned)) if subs is not None else -1 - id(a)
            # one representative per (subscripts, kind), in order of first appearance
            others: dict[tuple[int, bool], Access] = {}
            for x in accs:
                if not x.unanalyzable:
                    others.setdefault((number[id(x)], x.is_write), x)
            # (dimension, expression) → the subscripts numbers that have it: a store whose dimension d is
            # `a*i + r` never meets, in another iteration, any of those with the same expression there
            sharing: dict[tuple[int, int, Affine], set[int]] = {}
            for x_number, _ in others:
                x_subs = usable.get(id(others[(x_number, _)]))
                if x_subs is not None:
                    for d, sub in enumerate(x_subs):
                        sharing.setdefault((len(x_subs), d, sub), set()).add(x_number)
            done_writes: set[int] = set()
            for w in writes:
                if w.unanalyzable:
                    conflicts.setdefault("S2P601", (w, w, None))
                    continue
                w_subs = usable[id(w)]
                if w_subs is None:
                    repeat = self._repeating_store(w, variant)
                    if repeat is not None:
                        conflicts.setdefault("S2P203", (w, w, repeat))
                    else:
                        conflicts.setdefault("S2P204", (w, w, None))
                    continue
                w_unknown = id(w) in self._partly_unknown
                if w_unknown and (repeat := self._repeating_store(w, variant)) is not None:
                    conflicts.setdefault("S2P203", (w, w, repeat))
                if number[id(w)] in done_writes:
                    continue  # the same subscripts as an earlier store: the same conflicts
                done_writes.add(number[id(w)])
                w_own = separating.get(number[id(w)])
                if w_own is None:
                    w_own = separating[number[id(w)]] = separating_dimensions(w_subs, self.loop.var, inner_vars)
                apart: set[int] = set()
                for d, sub in w_own:
                    apart |= sharing.get((len(w_subs), d, sub), set())
                for (x_number, _), x in others.items():
                    if x_number in apart:
                        continue  # the same `a*i + r` in one dimension: never across iterations
                    x_subs = usable[id(x)]
                    if x_subs is None:
                        conflicts.setdefault("S2P201" if not x.is_write else "S2P204", (w, x, None))
                        continue
                    # The codes a dependence of this pair would be reported under: when earlier pairs have
                    # them all, this one cannot change the findings (nor that the array has a conflict,
                    # which sends it to the reduction check) and is not tested.
                    x_unknown = id(x) in self._partly_unknown
                    if w_unknown or (x.is_write and x_unknown):
                        codes: tuple[str, ...] = ("S2P204",)
                    elif x_unknown:
                        codes = ("S2P201",)
                    elif x.is_write:
                        codes = ("S2P203",)
                    else:
                        codes = ("S2P202", "S2P201")
                    if all(code in conflicts for code in codes):
                        continue
                    key = (number[id(w)], x_number)
                    if key not in tested:
                        tested[key] = test_pair(w_subs, x_subs, self.loop.var, inner_vars, outer_vars, bounds,
                                                delinearized)
                    dep = tested[key]
                    if dep is None:
                        continue
                    if self.tiled:  # (a distance in the point index, not in tiles)
                        dep = Dependence(None, dep.directions)
                    directions = dep.directions
                    if (self.loop.step or 1) < 0:  # iterations run from high to low index values
                        directions = frozenset({"<": ">", ">": "<"}[d] for d in directions)
                    if codes == ("S2P204",):
                        conflicts.setdefault("S2P204", (w, w, None))
                    elif x_unknown:
                        conflicts.setdefault("S2P201", (w, x, None))
                    elif x.is_write:
                        conflicts.setdefault("S2P203", (w, x, dep.distance))
                    elif directions == frozenset(">"):
                        conflicts.setdefault("S2P202", (w, x, dep.distance))
                    else:
                        conflicts.setdefault("S2P201", (w, x, dep.distance))
            if not conflicts:
                continue
            if self._private_array(name, accs):
                continue
            if self._array_reduction(name, accs):
                continue
            for code, (w, x, distance) in conflicts.items():
                self._array_finding(code, name, w, x, distance)

    def _repeating_store(self, w: Access, variant: set[str]) -> int | None:
        """The distance at which a store through `a[i / c]` or `a[i % c]` (c >= 2 a constant, i the loop's index
        with step 1, the other subscripts the same in every iteration) is proven to hit one element twice: 1
        for `/`, c for `%`, when the loop is known to run more than c iterations; else None."""
        loop = self.loop
        if loop.var is None or loop.step not in (1, -1) or loop.lower is None or loop.upper is None or \
                not loop.lower.is_constant() or not loop.upper.is_constant():
            return None
        trips = abs(loop.upper.constant - loop.lower.constant)
        found = None
        for text in w.texts:
            match = re.fullmatch(rf"\s*\(?\s*{re.escape(loop.var)}\s*\)?\s*([/%])\s*(\d+)[uUlL]*\s*", text)
            if match and found is None and int(match[2]) >= 2:
                found = (match[1], int(match[2]))
            elif set(re.findall(r"[A-Za-z_]\w*", text)) & (variant | {loop.var}):
                return None
        if found is None or trips <= found[1]:
            return None
        return 1 if found[0] == "/" else found[1]

    def _usable(self, acc: Access, written_scalars: set[str], variant: set[str]):
        """Subscripts usable by the tests, or None when any is non-affine or uses a variant symbol.

        A non-affine subscript that depends on nothing this loop changes (`sum[label[p]][d]` inside the
        `d` loop) is the same value in every iteration: it becomes an opaque symbol named by its text.
        """
        if acc.through_call and not acc.within_row:
            return None  # somewhere in the array, as far as the caller can tell
        subs = []
        unknown = 0
        for d, (sub, text) in enumerate(zip(acc.subscripts, acc.texts, strict=False)):
            if (sub is None and set(_WORD.findall(text)) & variant) or (sub is not None
                                                                         and sub.symbols() & written_scalars):
                # a dimension this loop changes in ways the tests cannot follow (`lhs[n+3][i]` with n set in
                # the body): any value in every iteration, while the other dimensions may still separate
                unknown += 1
                sub = Affine.var(f"?v{acc.order}_{d}")
            elif sub is None:
                sub = Affine.var(f"<{text.replace(' ', '')}>")
            subs.append(sub)
        if unknown == len(subs):
            return None
        if unknown:
            self._partly_unknown.add(id(acc))
        return tuple(subs)

    def _private_array(self, name: str, accs: list[Access]) -> bool:
        """`name` is scratch storage of each iteration: every element the body reads, the same iteration
        stored before (elements_stored_before_read), and nothing reads the array after the loop. With a copy
        of its own per thread (or rank) the iterations then touch no common element of it, so its conflicts
        between iterations do not order them. Only for an array whose shape is declared (a local array, or a
        parameter declared as an array) that the function touches nowhere but in this loop, passes to no
        call, and, for a parameter, that no caller reads after the call (dead_after_every_call)."""
        fn = self.fn
        var = variable(self.p, fn, name)
        if var is None or not var.is_array or var.is_pointer or not var.dims or not all(var.dims) or \
                var.is_static or var.is_member or name in fn.address_taken or name in self.p.globals:
            return False
        lo, hi = self.loop.body_orders
        if any(a.name == name and not lo < a.order <= hi for a in fn.accesses) or \
                any(name in call.arg_texts for call in fn.calls) or \
                any(a.subscripts is None or len(a.subscripts) != len(var.dims) for a in accs):
            return False
        if fn.locals.get(name) is not var and not (fn.param(name) is var and self.pa.dead_after_every_call(fn, name)):
            return False
        if self._through_outer_alias(accs) or \
                not elements_stored_before_read(fn, sorted(accs, key=_order), self.written_scalars):
            return False
        self.private.append(name)
        self.private_arrays.append(name)
        return True

    def _through_outer_alias(self, accs: list[Access]) -> bool:
        """Some access goes through a reference declared outside the loop (`double &acc = s[1];` before it, `acc
        += a[i]` in it): a private copy of the array, or a reduction into one, does not change what that
        reference is bound to, so its stores would still reach the shared array (a data race)."""
        return any(a.via is not None and a.via not in self.declared_inside for a in accs)

    def _array_reduction(self, name: str, accs: list[Access]) -> bool:
        if name == "?" or any(a.unanalyzable for a in accs):
            return False  # `m.at(k) += m.at(j)`: stores through addresses the analysis cannot tell apart
        if self._through_outer_alias(accs):
            return False
        reducing = [a for a in accs if a.reduction is not None]
        if any(a.reduction[0] != "op" for a in reducing) or not any(a.is_write for a in reducing):
            return False
        others = [a for a in accs if a.reduction is None]
        if others:
            # `x[i] -= L[i][j] * x[j]` over j < i: the other accesses may stay when they never touch the
            # accumulated element, which must then be the same in every iteration of the loop.
            varying = {lp.var for lp in [self.loop, *self.descendants] if lp.var}
            varying |= self.written_scalars  # `m = idx[j]`
            bounds = self._bounds()
            for w in reducing:
                if w.subscripts is None or None in w.subscripts or w.indirect \
                        or any(sub.symbols() & varying for sub in w.subscripts):
                    return False
                for x in others:
                    if x.subscripts is None or None in x.subscripts or x.unanalyzable \
                            or not never_meet(w.subscripts, x.subscripts, bounds):
                        return False
        tags = [a.reduction for a in reducing]
        element = None
        if others:
            # one element accumulates while the loop reads others: a reduction into that element alone
            # (a private copy of the whole array would hide the other elements' values)
            texts = {w.texts for w in reducing}
            if len(texts) != 1:
                return False
            element = f"{name}[{']['.join(next(iter(texts)))}]"
        ops = {t[1] for t in tags}
        if len(ops) != 1:
            return False
        self.reductions.append(Reduction(name, ops.pop(), "element" if element else "array", element=element))
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
        """Pointer parameters against each other and against the global arrays the loop accesses: a
        parameter may point into any of them unless it is `restrict` or every call passes distinct objects."""
        fn = self.fn
        pointer_like = {p.name: p for p in fn.params if p.is_pointer or p.is_array or p.is_reference}
        for param in fn.params:  # `a.u` of `Grid &a`: a member of whatever object the caller binds
            if param.is_reference:
                pointer_like.update({acc.name: param for acc in self.body if acc.name.startswith(param.name + ".")})

        def slot(name: str) -> int | str | None:
            """A parameter's position, a global's name (what call sites bind), a `static` local array the
            function hands out (a caller may pass it back in: `r = kern(x); r = kern(r);`), else None."""
            base = name.split(".")[0]
            if name in pointer_like:
                return pointer_like[name].line
            if base in fn.static_locals and _handed_out(fn, base):
                return f"static {base}"
            return base if base in self.p.globals and base not in fn.locals and fn.param(base) is None else None

        used, written = self._uses(lambda acc: slot(acc.name) is not None, self.outer_arrays)
        slots = {name: slot(name) for name in used}
        for p in sorted(written):
            for q in sorted(used):
                if q == p or (p not in pointer_like and q not in pointer_like):
                    continue  # two globals are two objects (global pointers: see _local_pointers)
                if slots[p] == slots[q]:
                    continue  # members of one parameter: see _reached_objects
                if any(self._slot_var(n).restrict for n in (p, q)):
                    continue
                if "." not in p + q and not may_share_storage(self._slot_var(p), self._slot_var(q)):
                    continue
                if self.pa.distinct_slots(self.fn.name, slots[p], slots[q]):
                    continue
                if self._same_object_safe(p, q) or (self.pa.same_or_distinct_tables(fn, p, q)
                                                     and self._independent_as_one(p, q)):
                    continue
                acc = used[p]
                pair = tuple(sorted((p, q)))
                if p in pointer_like and q in pointer_like:
                    why = self.pa.unknown_storage(fn.name, (slots[p], slots[q])) or \
                        "not every call passes distinct arrays"
                    msg = f"`{p}` and `{q}` are pointer parameters that may alias (no `restrict`, and {why})"
                else:
                    param, glob = (p, q) if p in pointer_like else (q, p)
                    if str(slots[glob]).startswith("static "):
                        msg = (f"pointer parameter `{param}` may point into `{glob}`, a `static` array this function "
                               "hands out (a caller may pass it back in)")
                    else:
                        msg = (f"pointer parameter `{param}` may point into the global `{glob}` (no `restrict`, "
                               f"and not every call passes an array other than `{slots[glob]}`)")
                self._add("S2P501", msg, acc.line, acc.column, pair)

    def _template_container(self, name: str, accs: list[Access], writes: list[Access]) -> bool:
        """Subscripts through a container whose type the template decides (`C &c` in `template <class C>`,
        `auto &c`, `decltype(...)`) or that holds such a type (`std::vector<T> &v`, `Vec<T> *p`, an alias of
        either) are judged for every type the template may be given: `c[i]` of a `std::map` inserts, a class's
        own `operator[]` may give one element for many indices, and the elements of a `std::vector<bool>` are
        bits of shared words (T may be deduced `bool` without the word being written: `decltype(n > 0)`).
        Whether the finding was added."""
        name = name.lstrip("*")  # (`(*p)[i]` through a pointer to the container)
        var = variable(self.p, self.fn, name)
        if var is None or var.is_array and not var.is_pointer:
            return False
        parameter = template_parameter_of(self.p, self.fn, name)
        words = set(re.findall(r"[A-Za-z_]\w*", var.type_text)) - {"const", "volatile", "std", "typename"}
        # (`auto &c` and `decltype(...)` of a parameter: an abbreviated template; a local `auto` has its
        # initializer's type, which the other checks read)
        decided = parameter is not None and words == {parameter} or \
            bool(words & {"auto", "decltype"}) and self.fn.param(name) is not None
        acc = (writes or accs)[0]
        if decided and not var.is_pointer:
            self._add("S2P302", f"`{name}` is of a type the template decides (`{var.type_text.strip()}`): its `[]` "
                      "may be a `std::map`'s (which inserts), a class's own operator (which may give one element for "
                      "many indices) or a `std::vector<bool>`'s (bits of shared words)", acc.line, acc.column,
                      (name,))
            return True
        if writes and parameter is not None and words != {parameter} and not _STD_ARRAY.match(var.type_text):
            self._add("S2P203", f"`{name}` holds elements of the template parameter's type `{parameter}` "
                      f"(`{var.type_text.strip()}`), which may be `bool`: the elements of a `std::vector<bool>` are "
                      "bits of shared words, and stores to different elements write the same word (a data race in "
                      "threads)", acc.line, acc.column, (name,))
            return True
        return False

    def _scalar_references(self) -> None:
        """A scalar reference parameter the loop writes (`double &s` with `s += a[i]`) may name an element of an
        array the loop reads: `f(a[5], a, n)` makes the reduction read its own partial sums. One the loop
        only reads (`const double &s` in `y[i] = y[i] / s`) may name an element of an array it writes:
        `scale(y, y[0])` divides by y[0] until iteration 0 has changed it."""
        fn = self.fn
        refs = {p.name: p for p in fn.params if self._number_reference(p)}
        # `double &total;` of a class, bound by its constructor to anything (`Acc acc{v[n / 2]}`)
        held = self.pa.scalar_reference_members()
        members = {acc.name: self.p.globals[acc.name] for acc in self.body if acc.name in held
                   and acc.subscripts is None and acc.name not in fn.locals and fn.param(acc.name) is None} \
            if held else {}
        if not refs and not members:
            return
        used = {acc.name for acc in self.body if acc.name in refs and acc.subscripts is None}
        self._scalars_bound_twice(refs, used)
        used = {name for name in used if not self._binds_scalars(refs[name].line)} | members.keys()
        refs = refs | members
        written = {acc.name for acc in self.body if acc.name in used and acc.is_write}
        arrays, stored = {}, {}
        for acc in self.outer_arrays:
            if acc.subscripts is not None and acc.name not in refs:
                arrays.setdefault(acc.name, acc)
                if acc.is_write:
                    stored.setdefault(acc.name, acc)
        for name in sorted(used):
            for other, acc in sorted((arrays if name in written else stored).items()):
                var = fn.param(other) or (None if other in fn.locals else self.p.globals.get(other))
                # (a `std::vector` member of the class, in a method: `s.divide_by(s.d[p])` binds f into d)
                if var is None or var.restrict or not (var.is_pointer or var.is_array or var.is_reference or
                                                       var.is_member and random_access_container(var)):
                    continue
                if not may_share_storage(refs[name], var):
                    continue
                slot_q = var.line if fn.param(other) is not None else other
                if name not in members and self.pa.distinct_slots(fn.name, refs[name].line, slot_q):
                    continue
                does, other_does = ("writes", "reads") if name in written else ("reads", "writes")
                kind, who = ("reference member", "its constructor") if name in members else \
                    ("reference parameter", "a caller")
                self._add("S2P501", f"`{name}` is a {kind} the loop {does}, and {who} may bind it "
                          f"to an element of `{other}`, which the loop {other_does}", acc.line, acc.column,
                          tuple(sorted((name, other))))

    def _number_reference(self, var: Variable) -> bool:
        """A reference to one number: `_scalar_reference`'s, or one whose type the template decides (`const T &s`,
        `typename std::vector<T>::value_type &s`, `std::type_identity_t<T> &`; of a parameter also `const auto
        &s` and any `decltype(...)`, which may be a reference), a number when that type is one."""
        if _scalar_reference(var):
            return True
        if var.is_array or var.is_pointer:
            return False
        text = var.type_text
        parameter = self.fn.param(var.name) is not None
        if parameter and "decltype" in text:
            return True
        if not var.is_reference:
            return False
        if parameter and "auto" in text.split():
            return True
        return template_parameter_of(self.p, self.fn, var.name) is not None and not _vector_element(text) and \
            not _STD_ARRAY.match(text)

    def _scalars_bound_twice(self, refs: dict[str, Variable], used: set[str]) -> None:
        """A scalar reference parameter may name another scalar the loop uses: a global or a member (the loop's
        own accesses, and those of the functions it calls), or another reference parameter. `sum(total)`
        with the loop reading `total`, `wsum(x, x)` and `c.add(v, c.sum)` made a reduction read the value it
        reduces into. Unless every call binds it to a variable that is none of those, the pair is a
        dependence when the loop writes either."""
        written = {acc.name for acc in self.body if acc.subscripts is None and acc.is_write}
        touched: dict[str, bool] = {}  # scalar global or member -> written by the loop
        for acc in self.body:
            if acc.subscripts is None and acc.name not in self.fn.locals and self.fn.param(acc.name) is None \
                    and acc.name in self.p.globals:
                touched[acc.name] = touched.get(acc.name, False) or acc.is_write
        lo, hi = self.loop.body_orders
        for call in self.fn.calls:
            if self.tag in call.ctx and lo < call.order <= hi and call.method_of is None \
                    and call.name in self.p.functions:
                summary = self.pa.summary(call.name)
                for name in summary.reads_globals | summary.writes_globals:
                    touched[name] = touched.get(name, False) or name in summary.writes_globals
        others = {name: (var, touched[name]) for name in touched
                  if (var := self.p.globals.get(name)) is not None and not var.is_array and not var.is_pointer}
        others |= {name: (refs[name], name in written) for name in used}
        for name in sorted(used):
            for other, (var, other_written) in sorted(others.items()):
                if other == name or not (name in written or other_written) or not may_share_storage(refs[name], var):
                    continue
                if self._bound_apart(refs[name].line, other):
                    continue
                acc = next(a for a in self.body if a.name == name)
                kind = "reference parameter" if other in refs else "member" if var.is_member else "global"
                does, other_does = ("writes", "reads") if name in written else ("reads", "writes")
                if other_written and name in written:
                    other_does = "writes"
                self._add("S2P501", f"`{name}` is a reference parameter the loop {does}, and a caller may bind it "
                          f"to `{other}`, a {kind} the loop {other_does} (the calls do not all pass a variable of "
                          "their own)", acc.line, acc.column, tuple(sorted((name, other))))

    def _bound_apart(self, slot: int, other: str) -> bool:
        """Every call of this function binds parameter `slot` to a plain scalar variable (no reference,
        pointer, array or member) that is not `other`: a global of that name, or the argument of `other`
        when it is a reference parameter too."""
        sites = self.pa.call_sites().get(self.fn.name, [])
        if not sites or self.pa.function_escapes(self.fn.name):
            return False
        other_param = self.fn.param(other)

        def bound(caller, call, position: int):
            arg = call.args[position] if position < len(call.args) else None
            while arg is not None and arg.type == "parenthesized_expression" and arg.named_child_count == 1:
                arg = arg.named_children[0]
            if arg is None or arg.type != "identifier":
                return None
            var = variable(self.p, caller, arg.text.decode())
            if var is None or var.is_pointer or var.is_array or var.is_reference or var.is_member:
                return None
            return arg.text.decode(), arg.text.decode() in caller.locals or caller.param(arg.text.decode()) \
                is not None

        for caller, call in sites:
            mine = bound(caller, call, slot)
            if mine is None:
                return False
            if other_param is not None:
                theirs = bound(caller, call, other_param.line)
                if theirs is None or theirs == mine:
                    return False
            elif mine == (other, False):
                return False  # the global itself
        return True

    def _binds_scalars(self, slot: int) -> bool:
        """Every call of this function binds parameter `slot` to a scalar variable of the caller's (`f(total,
        ...)`): an object of its own, inside no array."""
        sites = self.pa.call_sites().get(self.fn.name, [])
        if not sites or self.pa.function_escapes(self.fn.name):
            return False
        for caller, call in sites:
            arg = call.args[slot] if slot < len(call.args) else None
            while arg is not None and arg.type == "parenthesized_expression" and arg.named_child_count == 1:
                arg = arg.named_children[0]
            var = variable(self.p, caller, arg.text.decode()) if arg is not None and arg.type == "identifier" else None
            if var is None or var.is_pointer or var.is_array or var.is_reference or var.is_member:
                return False
        return True

    def _opaque_parameters(self) -> None:
        """A function that declares parameters through a macro the analysis does not know (`double ARR(x, n)`,
        the macro in a header it cannot read) names them in its body without a declaration in sight: such a
        name may be any pointer the caller passes, the same array as another parameter or a global."""
        fn = self.fn
        if not fn.opaque_params and not self.p.unread_headers:
            return

        def undeclared(name: str) -> bool:
            base = name.split(".")[0].split("->")[0]
            return base not in fn.locals and fn.param(base) is None and base not in self.p.globals and \
                base not in self.p.functions and base not in self.p.code_macros and base not in self.p.macros

        used, written = self._uses(lambda acc: acc.subscripts is not None, self.outer_arrays)
        for p in sorted(written):
            for q in sorted(used):
                if q == p or not (undeclared(p) or undeclared(q)):
                    continue
                unknown, other = (p, q) if undeclared(p) else (q, p)
                if not fn.opaque_params:
                    header = self.p.unread_headers[0]
                    self._add("S2P501", f"`{unknown}` is declared in none of what was read (the analysis ran "
                              f"without the file's headers, such as \"{header}\": fix the include path with -I), "
                              f"so it may be a pointer into `{other}`", used[p].line, used[p].column,
                              tuple(sorted((p, q))))
                    continue
                root = object_root(other)
                var = fn.locals.get(root)
                if var is not None and not var.is_pointer and not var.is_reference:
                    continue  # the function's own array: nothing passed in points into it
                var = var or fn.param(root) or self.p.globals.get(root)
                if var is not None and var.restrict:
                    continue
                acc = used[p]
                self._add("S2P501", f"`{unknown}` is declared nowhere in sight: `{fn.name}` declares parameters "
                          f"through the macro `{fn.opaque_params[0]}`, whose definition is not known here (give "
                          f"its header's folder with -I), so `{unknown}` may be the same array as `{other}`",
                          acc.line, acc.column, tuple(sorted((p, q))))

    def _slot_var(self, name: str) -> Variable:
        base = name.split(".")[0]
        return self.fn.param(name) or self.fn.param(base) or self.fn.locals.get(base) or self.p.globals[base]

    def _uses(self, keep, accesses: list[Access] | None = None) -> tuple[dict[str, Access], set[str]]:
        """The accesses that `keep` selects (of the body, or of `accesses`, a part of it in program order):
        each name's first access, and the names written."""
        used: dict[str, Access] = {}
        written: set[str] = set()
        for acc in self.body if accesses is None else accesses:
            if keep(acc):
                used.setdefault(acc.name, acc)
                if acc.is_write:
                    written.add(acc.name)
        return used, written

    def _allocation_of_its_own(self, name: str) -> bool:
        """`name` is a local pointer whose storage is an allocation of its own: allocated here, never set from
        another pointer (swaps between two allocations aside), its address never taken."""
        fn = self.fn
        var = fn.locals.get(name)
        if var is None or not var.is_pointer or not var.allocated:
            return False
        # the pointers it swaps with (`t = u; u = un; un = t;`), transitively: each set only by the swaps (or
        # an allocation), so that their values are the allocations among them (`w = z + 5` swapped in reaches z)
        members, todo = {name}, [name]
        while todo:
            current = todo.pop()
            for left, right in fn.swaps:
                for other in (right if left == current else None, left if right == current else None):
                    if other is not None and other not in members:
                        members.add(other)
                        todo.append(other)
        return all((held := fn.locals.get(m)) is not None and held.is_pointer and m not in fn.address_taken and
                   all((m, src) in fn.swaps for src in fn.assigned_from.get(m, [])) for m in members)

    def _private_allocation(self, name: str) -> bool:
        """`name` holds an allocation of its own (above) whose address never leaves it: every read of the
        pointer itself (not an element) is an argument of `free`, so no other pointer, struct member,
        parameter or callee can hold an address inside it. Such storage overlaps nothing else the loop
        reaches. Decided once per function and name."""
        fn = self.fn
        key = (fn.name, name)
        if key not in self.pa.private_allocations:
            var = fn.locals.get(name)
            # (a pointer set from it, `p = y`, `p = &y[q]`, `p = y + 1`, holds an address inside it)
            mention = re.compile(rf"(?<![\w.]){re.escape(name)}(?!\w)")
            private = var is not None and var.pointer_depth == 1 and self._allocation_of_its_own(name) and \
                not any(mention.search(src) for sources in fn.assigned_from.values() for src in sources) and \
                not any(name in pair for pair in fn.swaps)
            if private:
                reads = sum(1 for acc in fn.accesses if acc.name == name and acc.subscripts is None and acc.is_read)
                frees = sum(1 for call in fn.calls if call.name == "free" and len(call.args) == 1
                            and call.args[0].text.decode().strip() == name)
                private = reads <= frees
            self.pa.private_allocations[key] = private
        return self.pa.private_allocations[key]

    def _local_pointers(self) -> None:
        """Local pointers get their own storage only from an allocation; a pointer copied or offset from
        another (`double *p = a + 1;`) may overlap whatever it came from. Pointer swaps between two
        allocations (`t = u; u = un; un = t;`) keep them distinct."""
        fn = self.fn
        used, written = self._uses(lambda acc: True, self.outer_arrays)

        def global_pointer(name: str) -> Variable | None:
            var = self.p.globals.get(name)
            hidden = name in fn.locals or fn.param(name) is not None
            return var if var is not None and var.is_pointer and not hidden else None

        def own_storage(name: str) -> bool:
            var = fn.locals.get(name)
            if var is None:
                if global_pointer(name) is not None:  # `double *ga = a;` at file scope
                    return not self.pa.global_pointer_sources(name) and not self.pa.address_escapes(name)
                return fn.param(name) is None  # a global array is its own object
            if not var.is_pointer:
                return True  # a local array or container
            # `alias(&y, x)`, `*pp = x`: through its address the pointer may be set to anything
            return self._allocation_of_its_own(name)

        for p in sorted(written):
            for q in sorted(used):
                carving = p in fn.pointer_offsets or q in fn.pointer_offsets
                if q == p or carving and self._carved_apart(p, q):
                    continue
                local = [fn.locals[n] if n in fn.locals else global_pointer(n) for n in (p, q)]
                local = [var for var in local if var is not None and var.is_pointer]
                if not local or any(var.restrict for var in local):
                    continue
                if own_storage(p) and own_storage(q) or self._private_allocation(p) or self._private_allocation(q):
                    continue
                roots = [carved[0] if carving and (carved := self._carved(n)) is not None else n for n in (p, q)]
                if carving and roots[0] != roots[1] and own_storage(roots[0]) and own_storage(roots[1]):
                    continue  # carved from two objects of their own (pointer arithmetic stays in its object)
                if fn.param(p) is not None and fn.param(q) is not None:
                    continue  # two parameters: the parameter rule above decides
                suspect = next(n for n in (p, q) if not own_storage(n))
                sources = fn.assigned_from.get(suspect, [])
                if global_pointer(suspect) is not None:
                    sources = self.pa.global_pointer_sources(suspect)
                sources = ", ".join(sources) or "a pointer of unknown origin"
                acc = used[p]
                self._add("S2P501", f"`{suspect}` is a pointer set from {sources}: `{p}` and `{q}` may overlap",
                          acc.line, acc.column, tuple(sorted((p, q))))

    def _plain_names(self, names) -> bool:
        """Each name means one thing throughout the function: declared at most once in it, no macro of its name
        or naming it, no enumerator of its name in the function (`{ enum { off = -5 }; ... }` would give a
        use in an inner block another meaning than the guard's or the loop's)."""
        counts = self.pa.declarations(self.fn)[0]
        text = self.pa.function_text(self.fn)
        for name in names:
            if counts.get(name, 0) > 1 or self.pa.named_by_macro(name) or _macro_named(self.p, name) or \
                    re.search(rb"\benum\b[^;{}]*\{[^}]*(?<![\w.>])" + re.escape(name.encode()) + rb"(?!\w)", text):
                return False
        return True

    def _written_after(self, names, start: int) -> bool:
        """Some of `names` is assigned between the access order `start` and the end of this loop, or its address
        is taken (it may change behind the scan), or it is not a local or parameter of the function."""
        fn = self.fn
        for name in names:
            if name in fn.address_taken or name in fn.static_locals or self.pa.named_by_macro(name):
                return True  # (`#define GROW n *= 2`: a write the accesses place at the macro's use, by name)
            if fn.locals.get(name) is None and fn.param(name) is None and not self._set_here_only(name):
                return True
        # a write after this loop inside a loop around it comes before this loop's next run
        end = max(lp.last_order for lp in [self.loop, *self.ancestors])
        return any(acc.name in names and acc.is_write and acc.subscripts is None and
                   start < acc.order <= end for acc in fn.accesses)

    def _set_here_only(self, name: str) -> bool:
        """`name` is a global pointer of this file that only this function sets (PRK's `static double *a, *b;`
        set in main) and whose address is never taken: nothing else changes it."""
        var = self.p.globals.get(name)
        if var is None or not var.is_pointer or var.is_extern or var.is_member or var.init_text or \
                self.pa.address_escapes(name) or self.pa.named_by_macro(name):
            return False
        return not any(acc.name == name and acc.is_write and acc.subscripts is None
                       for other in self.p.functions.values() if other is not self.fn
                       and name not in other.locals and other.param(name) is None for acc in other.accesses)

    def _carved(self, name: str, depth: int = 0) -> tuple[str, Affine, int] | None:
        """(root, offset, order) when the pointer `name` is `root` plus an affine offset: set once, before the
        loop and outside any loop, from another pointer plus integers (`b = a + n + off`; chains followed), with
        neither the pointers nor the offset's names assigned again up to the end of this loop. The root itself
        is (root, 0, its last assignment's order). None otherwise."""
        fn = self.fn
        var = fn.locals.get(name) or fn.param(name) or (self.p.globals.get(name) if self._set_here_only(name)
                                                          else None)
        if depth > 8 or var is None or var.is_reference or self.pa.irregular_control(fn):
            return None
        offsets = fn.pointer_offsets.get(name)
        if not self._plain_names({name}):
            return None
        if offsets is None:
            # a root: set only from allocations (or a parameter nothing sets)
            sources = pointer_sources(fn, name) if name in fn.locals or fn.param(name) is not None else \
                self.pa.global_pointer_sources(name)
            writes = [acc.order for acc in fn.accesses if acc.name == name and acc.is_write and acc.subscripts is None
                      and acc.order <= self.loop.first_order]
            return (name, Affine.const(0), max(writes, default=0)) if not sources and not self._written_after(
                {name}, max(writes, default=0)) else None
        base, offset, order, ctx = offsets[0]
        if offset is None or not self._plain_names(offset.symbols()) or not self._signed_offset(offset):
            return None
        # (the store of the assignment itself comes after the reads of its value)
        own = min((acc.order for acc in fn.accesses if acc.name == name and acc.is_write and acc.subscripts is None
                   and acc.order > order), default=None)
        if len(offsets) != 1 or len(pointer_sources(fn, name)) != 1 or var.allocated or \
                any(kind == "loop" for kind, _ in ctx) or own is None or own > self.loop.first_order or \
                self._written_after(offset.symbols(), order) or self._written_after({name}, own):
            return None
        inner = self._carved(base, depth + 1)
        if inner is None or inner[2] >= order:
            return None  # (the base was set again after `name` was set from it)
        return inner[0], inner[1] + offset, own

    def _signed_offset(self, offset: Affine) -> bool:
        """The offset's arithmetic cannot wrap: its names are signed integers of int's width or wider (`n + off`
        of unsigned ints wraps without undefined behaviour), or it is one name alone (`a + len`)."""
        terms = [(m, c) for m, c in offset.terms if m]
        if len(terms) == 1 and terms[0][1] == 1 and len(terms[0][0]) == 1 and offset.constant == 0:
            return True
        for name in offset.symbols():
            held = self.fn.locals.get(name) or self.fn.param(name)
            if held is None or held.is_pointer or held.is_array or not signed_wide(held.type_text):
                return False
        return True

    def _carved_apart(self, p: str, q: str) -> bool:
        """`p` and `q` are carved from one root pointer (`b = a + n + off`, `_carved`) and the elements this
        loop touches through them lie in disjoint ranges of the root, in every iteration of the loops around
        (their indices at the ends of their ranges), given what the guards before the loop say of the
        offsets' names (`if (off < 0) exit(1);`: off >= 0)."""
        if p not in self.fn.pointer_offsets and q not in self.fn.pointer_offsets:
            return False
        carved = [self._carved(p), self._carved(q)]
        if None in carved or carved[0][0] != carved[1][0]:
            return False
        bounds = self._bounds()
        variant = self.written_scalars - set(bounds)
        ranges: list[list[tuple[Affine, Affine]]] = [[], []]
        for k, name in enumerate((p, q)):
            for acc in self.body:
                if acc.name != name or acc.subscripts is None:
                    continue
                if len(acc.subscripts) != 1 or acc.subscripts[0] is None or acc.through_call and not acc.within_row:
                    return False
                sub = acc.subscripts[0]
                if any(s.startswith("?") for s in sub.symbols()) or sub.symbols() & variant:
                    return False
                low, high = extreme(sub, bounds, True), extreme(sub, bounds, False)
                if low is None or high is None:
                    return False
                ranges[k].append((low + carved[k][1], high + carved[k][1]))
        facts: Bounds = {}
        for (line, column), least in self.pa.exit_guards(self.fn):
            if (line, column) > (self.loop.line, self.loop.column):
                continue
            for name, value in least.items():
                after = [acc.order for acc in self.fn.accesses if acc.name == name and (acc.line, acc.column) >
                         (line, column)]
                if not self._written_after({name}, min(after, default=self.loop.first_order) - 1):
                    facts[name] = (Affine.const(value), None)
        for lp in [self.loop, *self.ancestors]:
            # the body runs only when the loops around it run: `j < n` from 0 then says n >= 1
            low, high = bounds.get(lp.var, (None, None)) if lp.var else (None, None)
            span = high - low if low is not None and high is not None else None
            terms = [(m, c) for m, c in span.terms if m] if span is not None else []
            if len(terms) == 1 and len(terms[0][0]) == 1 and terms[0][1] == 1:
                name, least = terms[0][0][0], -span.constant
                known = facts.get(name, (None, None))[0]
                facts[name] = (Affine.const(max(least, known.constant) if known is not None else least), None)

        used = {name for pairs in ranges for low, high in pairs for name in low.symbols() | high.symbols()}
        if not self._plain_names(used | set(facts)):
            return False  # (a name the loop's bounds, the offsets and the guards may each mean otherwise)

        def below(first, second) -> bool:  # every element of the first ranges under every one of the second
            for _, high in first:
                for low, _ in second:
                    least = extreme(low - high - Affine.const(1), facts, True)
                    if least is None or not least.is_constant() or least.constant < 0:
                        return False
            return True

        return below(ranges[0], ranges[1]) or below(ranges[1], ranges[0])

    def _reached_objects(self) -> None:
        """Arrays reached through a pointer held in a struct or another pointer (`q->y[i]`, `(*pp)[i]`), and
        members of a union (which share storage), may be any other array of the loop: nothing tells the
        analysis where such a pointer points."""
        fn = self.fn

        member_function = "::" in fn.name and fn.name.split("::")[0] in self.p.classes

        def reference_member(name: str) -> Variable | None:
            """`u` of `std::vector<double> &u;` (or `double (&arr)[N]`) in a member function: bound by a
            constructor to whatever object the caller gave, maybe one the loop reaches by another name."""
            var = None if name in fn.locals or fn.param(name) else self.p.globals.get(name)
            return var if member_function and var is not None and var.is_member and var.is_reference else None

        def reached(name: str) -> bool:
            if "->" in name or name.startswith("*") or reference_member(name) is not None:
                return True
            base = object_root(name)
            var = fn.locals.get(base) or (None if fn.param(base) else self.p.globals.get(base))
            if "." in name and member_function and (var is None or var.is_reference or fn.param(base)):
                return True  # `o.v` in a member function: `o` may be this very object (`a.add(a)`)
            if "." not in name:
                return False
            if var is not None and self.p.is_union(var):
                return True
            # `pr.dst[i]`, `blocks[1].data[i]`: a pointer (or reference) member may point anywhere, as may a
            # member of a type the analysis does not know
            kinds = member_kinds(self.p, fn, name)
            if kinds is not None and kinds[-1] == "pointer" and "pointer" not in kinds[:-1] and \
                    "reference" not in kinds and self._member_allocation(name):
                return False
            return member_points_anywhere(self.p, fn, name)

        used, written = self._uses(lambda acc: not acc.unanalyzable, self.outer_arrays)
        for p in sorted(written):
            for q in sorted(used):
                if q == p or not (reached(p) or reached(q)):
                    continue
                if self._private_allocation(p) or self._private_allocation(q):
                    continue  # storage allocated here and never handed out: nothing reached points into it
                how = p if reached(p) else q
                member, other = reference_member(how), q if how == p else p
                if self._record_pointee_apart(how, other):
                    continue
                if member is not None and not reached(other) and "." not in other:
                    var = fn.locals.get(other) or fn.param(other) or self.p.globals.get(other)
                    if var is not None and not may_share_storage(member, var):
                        continue  # other elements than any object the reference may be bound to
                base = object_root(how)
                var = fn.locals.get(base) or fn.param(base) or self.p.globals.get(base)
                kind = "reached through a pointer"
                if member is not None:
                    kind = "a reference member, bound to whatever object its constructor was given"
                elif how.endswith(")"):
                    kind = "an address a call returns"
                elif how.startswith("*"):
                    kind = "what a pointer read from memory points to (any element of any array)"
                elif "." in how and "->" not in how:
                    kinds = member_kinds(self.p, fn, how)
                    kind = "a union member" if var is not None and self.p.is_union(var) else \
                        "a member of a type the analysis does not know" if kinds is None else \
                        "reached through a pointer or reference member"
                acc = used[p]
                self._add("S2P501", f"`{how}` is {kind}: `{p}` and `{q}` may overlap", acc.line, acc.column,
                          tuple(sorted((p, q))))

    def _record_pointee_apart(self, how: str, other: str) -> bool:
        """`*bodies[i]` read through `std::vector<Body *> bodies`: a `Body` object cannot live inside the
        elements of an array of numbers (C's type rule), so it is apart from `force` of doubles."""
        found = re.match(r"\*([A-Za-z_]\w*)\[", how)
        if found is None or not other.isidentifier():
            return False
        holder = variable(self.p, self.fn, found.group(1))
        target = variable(self.p, self.fn, other)
        if holder is None or target is None:
            return False
        pointee = element_text(holder).replace("*", " ").replace("const", " ").strip()
        if record_key(pointee) not in self.p.fields or element_text(holder).count("*") + holder.pointer_depth < 1:
            return False
        words = [w for w in element_text(target).replace("std::", "").split() if w not in _QUALIFIERS]
        return bool(words) and " ".join(words) in _ARITHMETIC

    def _members_of_elements(self) -> None:
        """An array member of an array's element is named with the element's subscript in it (`s[i].v[0]` is
        `s[i].v` at [0]; `s[i].x` is `s` at [i]): names of one array that differ only there were never compared
        (`s[i].v[0] += s[i - 1].v[0]`, a scan, was reported a reduction). Two such accesses of one array, one a
        store, conflict unless both reach the element this iteration owns (the same subscript text, affine in
        the loop's index and nothing the loop changes)."""
        if not any("[" in acc.name for acc in self.body):
            return
        used, written = self._uses(lambda acc: acc.subscripts is not None or "[" in acc.name)

        def element(name: str) -> str | None:
            found = _EMBEDDED.match(name)
            text = found.group(1) if found else (used[name].texts[0] if used[name].texts else None)
            return None if text is None else re.sub(r"\s+", "", text)

        for p in sorted(written):
            for q in sorted(used):
                if q == p or object_root(p) != object_root(q) or "[" not in p + q or "->" in p + q:
                    continue
                ep, eq = element(p), element(q)
                moved = object_root(p) in self.written_scalars  # `cur = s + n - i; cur[i].v[0] = ...`
                if not moved and (ep == eq and self._owned_element(ep) or self._apart_elements(ep, eq)):
                    continue
                acc = used[q]
                self._add("S2P201", f"`{p}` and `{q}` reach elements of `{object_root(p)}` that may be the same in "
                          f"different iterations ([{ep}] and [{eq}])", acc.line, acc.column, tuple(sorted((p, q))))

    def _owned_element(self, text: str | None) -> bool:
        """The subscript text names one element per iteration: the loop's index, times a positive constant,
        plus a constant (`i`, `2*i+1`), nothing else (`i*k` with k = 0, `i-i`, casts are not)."""
        index = self.loop.var
        return text is not None and index is not None and re.fullmatch(
            rf"(?:[1-9]\d*\*)?{re.escape(index)}(?:[+-]\d+)?", text) is not None

    def _apart_elements(self, first: str | None, second: str | None) -> bool:
        """`i` and `i-1` (or `k+1` and `k+2`) in a loop that changes neither `i` nor anything they name: two
        different elements in every iteration."""
        if first is None or second is None:
            return False
        split = [re.fullmatch(r"(.*?)(?:([+-])(\d+))?", text) for text in (first, second)]
        (base1, sign1, c1), (base2, sign2, c2) = (m.groups() for m in split)
        offsets = [int(c or 0) * (-1 if sign == "-" else 1) for sign, c in ((sign1, c1), (sign2, c2))]
        words = set(re.findall(r"[A-Za-z_]\w*", base1))
        changed = self.written_scalars | self.written_arrays | {lp.var for lp in [self.loop, *self.descendants]}
        return base1 == base2 and offsets[0] != offsets[1] and not words & changed and \
            re.fullmatch(r"[\w+*()-]*", base1) is not None

    def _member_allocation(self, name: str) -> bool:
        """`t.a` is a pointer member of a local struct that this function sets only from allocations, and
        the struct is never assigned whole, handed to a call or has its address taken: its storage is its
        own (a struct of arrays allocated here)."""
        fn = self.fn
        base = name.split(".")[0]
        if name not in fn.member_allocations or name in fn.member_other or base not in fn.locals or \
                fn.param(base) is not None or base in fn.address_taken:
            return False
        whole = re.compile(rf"^\s*&?\s*{re.escape(base)}\s*$")
        if any(whole.match(text) for call in fn.calls for text in call.arg_texts):
            return False
        return not any(acc.name == base and acc.is_write for acc in fn.accesses)

    def _body_pointers(self) -> None:
        """A pointer declared in the loop body is private, but what it points to is not: `double *r = a + i;
        r[1] = ...` stores into a[i + 1], which the next iteration reads. Stores through such a pointer are
        judged only when it holds fresh storage (an allocation in the body). Reads through one (`prev[j]` with
        `double *prev = row - M;`) may reach what other iterations store: they are judged against the arrays
        the loop writes (S2P501) unless the pointer holds fresh storage."""
        fn = self.fn
        read_through = None
        for acc in self.body:
            if acc.subscripts is None or acc.name not in self.declared_inside:
                continue
            var = fn.locals.get(acc.name)
            if var is None or not var.is_pointer or var.is_array or var.allocated:
                continue
            if not acc.is_write:
                read_through = read_through or acc
                continue
            sources = ", ".join(fn.assigned_from.get(acc.name, [])) or var.init_text or "an unknown address"
            self._add("S2P601", f"store through `{acc.name}`, a pointer declared in the loop and set from {sources}: "
                      "the element it reaches is not known to belong to this iteration", acc.line, acc.column,
                      (acc.name,))
            return
        written = sorted(name for name in self.written_arrays if name not in self.declared_inside)
        if read_through is not None:
            written = [w for w in written if not self._apart_from_sources(read_through.name, w)]
        if read_through is not None and written:
            var = fn.locals[read_through.name]
            sources = ", ".join(fn.assigned_from.get(read_through.name, [])) or var.init_text or "an unknown address"
            self._add("S2P501", f"read through `{read_through.name}`, a pointer declared in the loop and set from "
                      f"{sources}: it may reach elements of {', '.join(f'`{w}`' for w in written)} that other "
                      "iterations store", read_through.line, read_through.column, (read_through.name, written[0]))

    def _apart_from_sources(self, pointer: str, written: str) -> bool:
        """Whether the loop-body pointer `pointer` cannot reach the array `written`: every name it is set from
        (`val + rowptr[i]`) is another object than `written`, and the two are kept apart by `restrict` or by
        being named objects of their own (a true array, not a pointer)."""
        fn = self.fn
        texts = pointer_sources(fn, pointer)
        roots = {m.group(1) for text in texts if (m := re.match(r"\s*&?\s*\(?\s*([A-Za-z_]\w*)", text))}
        if not texts or not roots or written in roots:
            return False
        target = variable(self.p, fn, written)

        def apart(name: str) -> bool:
            v = variable(self.p, fn, name)
            return v is not None and (v.restrict or (v.is_array and not v.is_pointer and not v.pointer_depth))

        return target is not None and apart(written) and all(apart(root) for root in roots)

    def _row_pointers(self) -> None:
        """`m[i][j]` through a table of row pointers (`double **m`, `double *rows[N]`): the rows are disjoint
        only if each was allocated on its own (`m[i] = malloc(...)` in this function, or, for a table handed
        down from the function that built it so, in that function: see ProgramAnalysis.fresh_table); rows set
        up as `rows[i] = buf + i` overlap, and rows passed in are unknown. When the loop stores through such
        rows, the tables it reads through rows must have fresh rows too: `w[i] = t[i]` makes w[i + 1] a row
        of t."""
        written: list[str] = []
        fresh: dict[tuple[str, int], bool] = {}  # (table, subscripts): _fresh_rows, once per shape

        def fresh_rows(acc: Access) -> bool:
            key = (acc.name, len(acc.subscripts))
            if key not in fresh:
                fresh[key] = self._fresh_rows(acc)
            return fresh[key]

        for acc in self.body:
            if not acc.is_write or not self._through_rows(acc) or acc.name in written:
                continue
            if fresh_rows(acc):
                written.append(acc.name)
                continue
            self._add("S2P501", f"`{acc.name}` is a table of row pointers: its rows may overlap (they are not "
                      "each allocated here, or the table is reached or changed another way), so stores through "
                      "different rows may meet", acc.line, acc.column, (acc.name,))
            return
        for acc in self.body if written else ():
            if acc.is_write or acc.name in written or not self._through_rows(acc) or fresh_rows(acc):
                continue
            tables = ", ".join(f"`{name}`" for name in written)
            self._add("S2P501", f"`{acc.name}` is a table of row pointers whose rows are not known to be allocated "
                      f"on their own: they may be rows of {tables}, which the loop stores into", acc.line,
                      acc.column, (acc.name, written[0]))
            return

    def _through_rows(self, acc: Access) -> bool:
        """The access reaches its element through row pointers loaded from a table (declared outside the
        loop): subscripts past the array's own dimensions and past the pointer's own target. None for `double
        a[N][M]`, `double *p` or a vector of vectors."""
        if acc.subscripts is None or acc.name in self.declared_inside:
            return False
        var = variable(self.p, self.fn, acc.name)
        if var is None:
            # C: a name declared where the analysis cannot see (`#define DECL double **a = g`), or a member
            # of a struct (`g.x[i][j]`, `p->x[i][j]` with `double **x;`): two subscripts may go through rows
            if self.p.language != "c" or len(acc.subscripts) < 2:
                return False
            members = member_types(self.p, self.fn, acc.name) if "." in acc.name else None
            # (a member whose type is a typedef, a macro or typeof may hide pointers: `tab_t x;`)
            return not members or members[-1][0] == "pointer" or self._opaque_type(members[-1][1])
        words = var.type_text.split()
        visible = len(var.dims) + var.pointer_depth + len(var.pointee_dims)
        if self.p.language == "c" and len(acc.subscripts) > visible and self._opaque_type(var.type_text):
            # subscripted past the shape its declaration shows: its type hides pointers or arrays (`__auto_type
            # a = g;`, `__typeof__(g) a`, `TABLE a` with `#define TABLE double **`, `tab2_t b` with a typedef of
            # a typedef, `rows_t r` with `typedef double *rows_t[8]`): its rows may be rows of anything
            return True
        typedef_pointer = bool(words) and words[-1] in self.p.pointer_types  # `row_t rows[64]`
        table = var.is_pointer or typedef_pointer or ("vector<" in var.type_text and "*" in var.type_text)
        return table and len(acc.subscripts) > len(var.dims) + (0 if var.is_array else 1) + len(var.pointee_dims)

    def _opaque_type(self, text: str) -> bool:
        """A C type whose text does not show what it is: `__auto_type`, `typeof`, a macro, or a name other
        than the arithmetic types and the program's arithmetic typedefs (a typedef that may hide pointers)."""
        words = _WORD.findall(text)
        return bool(_OPAQUE_TYPE.search(text)) or any(
            self.pa._macro_name(w) or (w not in ARITHMETIC_WORDS and w not in self.p.arithmetic_types
                                       and w not in _TYPE_KEYWORDS) for w in words)

    def _fresh_rows(self, acc: Access) -> bool:
        """Every row `acc` goes through is an allocation of its own: the rows of `t[i][j][k]` are t[i] and
        t[i][j], and each level must hold only rows allocated on their own (`t[i][1] = t[0][0]` makes two rows
        one): allocated in this function and kept so up to the loop, or a parameter every call binds to a table
        built so."""
        fn, name = self.fn, acc.name
        if fn.param(name) is not None and name not in fn.locals:
            return self.pa.fresh_table(fn, name)
        if name in fn.locals and (not self.pa.sole_local(fn, name) or fn.locals[name].is_static):
            # `{ double **u = malloc(...); ... }` beside a parameter or global `u`; a `static` table, whose
            # rows an earlier call may have handed out and another function made one
            return False
        other = self.pa.other_rows(fn, name)
        var = fn.locals.get(name)
        if var is not None and var.allocated and self.pa.table_depth(fn, name) == len(acc.subscripts):
            rows = self.pa.rows_allocated(fn, name, len(acc.subscripts))  # also `a = alloc2d(n, m);`
        else:
            rows = 1 in self.pa.allocated_rows(fn, name)
        return rows and not (0 in other or other.intersection(
            range(1, len(acc.subscripts)))) and self._table_kept(name, len(acc.subscripts))

    def _table_kept(self, name: str, depth: int) -> bool:
        """The table of rows `name`, whose elements take `depth` subscripts, is changed only by its own row
        allocations while the loop runs and before: it is never reassigned or has its address taken, and
        before the loop ends (the outermost enclosing loop's end, as the loop may run again) neither the table
        itself nor a table of rows inside it (`t[i]` of `t[i][j][k]`), only rows of elements, is read (copied
        into another pointer, offset, handed to a call: `fill(t[i])` may store rows into it) nor used through
        a method or an algorithm (`rows.assign(...)`, `std::fill(rows.begin(), ...)`). In other functions,
        never."""
        fn = self.fn
        local = name in fn.locals or fn.param(name) is not None
        functions = [fn] if local else [f for f in self.p.functions.values()
                                        if name not in f.locals and f.param(name) is None]
        cutoff = (self.ancestors[-1] if self.ancestors else self.loop).last_order
        if self.pa.irregular_control(fn):
            cutoff = float("inf")  # a `goto` back before the loop runs what follows it first
        address = re.compile(rf"&\s*\(?\s*{re.escape(name)}(?!\w)")  # `memcpy(&u[2], ...)`: a row stored
        for f in functions:
            before = (lambda order: order < cutoff) if f is fn else (lambda order: True)
            if name in f.address_taken or f.assigned_from.get(name) or (f is not fn and name in f.row_other) or \
                    self.pa.row_address_taken(f, name, depth) or self.pa.table_in_macro(f, name):
                return False
            if any(acc.name == name and acc.is_read and (acc.subscripts is None or len(acc.subscripts) < depth - 1)
                   and before(acc.order) and not self.pa.null_test(f, acc) for acc in f.accesses):
                return False
            if any(call.method_of == name and call.name not in ("size", "empty", "capacity") and before(call.order)
                   for call in f.calls):
                return False
            if any(before(call.order) and any(address.search(text) for text in call.arg_texts) for call in f.calls):
                return False
        return True

    def _references(self) -> None:
        """A local reference (`double &r = a[k];`, `auto &row = m[i];`, `std::vector<double> &w = v;`,
        `Grid &rg = g;`, `auto &arr = g.raw;`) is another name for (part of) the object it was bound to:
        accesses through it, or through its members, may meet accesses to that object. A reference bound to
        something the analysis cannot name (`c ? v : w`, a call's result) may be any array of the loop."""
        if not self.fn.references:
            return
        # a reference declared in the body still names storage from outside it
        names, written = self._uses(lambda acc: acc.name not in self.declared_inside or acc.name in self.fn.references)

        def overlap(a: str, b: str) -> bool:  # an object and any of its members
            return a == b or a.startswith(b + ".") or b.startswith(a + ".")

        def bound_into(name: str) -> str:
            """What `name` is an access to: the object a reference (or its member) is bound into, else itself."""
            root = next((r for r in self.fn.references if name == r or name.startswith(r + ".")), None)
            return name if root is None else self.fn.references[root] + name[len(root):]

        for ref, target in sorted(self.fn.references.items()):
            if 0 < self.fn.element_aliases.get(ref, 0) == sum(1 for d in self.fn.declarations if d[0] == ref):
                continue  # (every declaration binds it to one element: its accesses are recorded as the element's)
            if ref in self.p.global_references and (self.fn.param(ref) is not None or ref in self.fn.locals and
                                                    not self.fn.locals[ref].is_reference):
                continue  # (a local or parameter of the name hides the file-scope reference)
            through = [n for n in names if n == ref or n.startswith(ref + ".")]
            for name in through:
                # one entry per name in the function: a name declared twice may have been bound to anything
                declared_once = sum(1 for d in self.fn.declarations if d[0] == ref) == 1
                init = (self.fn.locals[ref].init_text or "?") if ref in self.fn.locals and declared_once else "?"
                stores = sum(1 for a in self.body if a.name == name and a.is_write)  # the first binds it
                if stores > 1 and ref in self.declared_inside and (
                        target == "?" or not declared_once or re.match(r"\s*(?:::)?[A-Za-z_][\w:]*\s*\(", init)):
                    # `double &r = gl(0); r += i;`: each iteration's reference is its own, what it is bound to
                    # need not be (the same element every time, here; a function may return any object)
                    acc = names[name]
                    bound = f"what `{init}` gives" if init != "?" else \
                        "an object the analysis cannot name (a call's result, or one of several bindings of the name)"
                    self._add("S2P601", f"store through `{name}`, a reference bound to {bound}: the iterations may "
                              "all store into one object", acc.line, acc.column, (name,))
                    continue
                as_target = target + name[len(ref):]
                for other in names:
                    if other in through or not (name in written or other in written):
                        continue
                    if target == "?":
                        if names[name].subscripts is None and name not in written and not self._bound_to_elements(ref):
                            continue  # a value read through it (`const double &h = step();`)
                    elif not overlap(as_target, other) and not overlap(as_target, bound_into(other)):
                        # (two references bound into one object, `auto &r1 = m[i]; auto &r2 = m[j];`, may be
                        # bound to the same row)
                        continue
                    acc = names[name] if name in written else names[other]
                    bound = f"`{target}`" if target != "?" else "an object the analysis cannot name"
                    self._add("S2P501", f"`{ref}` is a reference to {bound}: accesses through `{name}` may "
                              f"overlap `{other}`", acc.line, acc.column, tuple(sorted((name, other))))

    def _bound_to_elements(self, ref: str) -> bool:
        """Whether the initialiser of the local reference `ref` names an array, a pointer or a container (`c ?
        v[0] : w[0]`, `std::max(a[0], b[0])`): it may then be bound to one of their elements, not to a
        temporary."""
        var = self.fn.locals.get(ref)
        return var is None or any((held := variable(self.p, self.fn, word)) is not None and holds_elements(held)
                                  for word in re.findall(r"[A-Za-z_]\w*", var.init_text or ""))

    def _same_object_safe(self, p: str, q: str) -> bool:
        """Two references to containers (or a reference and a global container) are either one object or
        two disjoint ones (no partial overlap as with pointers): safe when the accesses would be
        independent in one array."""
        for name in (p, q):
            var = self._slot_var(name)
            if self.fn.param(name) is not None and not var.is_reference:
                return False
            if self.fn.param(name) is None and (var.is_pointer or var.is_array or "." in name):
                return False
        return self._independent_as_one(p, q)

    def _independent_as_one(self, p: str, q: str) -> bool:
        """The loop's stores through `p` and its accesses through `q` would be independent if the two were one
        array."""
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

    def _macros(self) -> None:
        macros, headers = self.p.code_macros, self.p.header_code_macros
        for acc in self.body:
            if acc.name in macros:
                variables = self.pa.hidden_code(self.fn, acc.name)
            elif acc.name in headers and self.pa.macro_effect(self.fn, acc.name):
                # (libclang mode: `#define LIM getm()` in a header, in an inner loop's bound, ran getm in
                # every thread; tree-sitter mode reads the file's headers into `code_macros`)
                variables = ()
            else:
                continue  # only a macro name can hide code
            if variables is not None:
                self._add("S2P602", f"macro `{acc.name}` hides code the analysis cannot see "
                          f"(`{macros.get(acc.name, headers.get(acc.name))}`)", acc.line, acc.column,
                          (acc.name, *variables))

    def _loop_accesses(self) -> list[Access]:
        """The function's accesses in the loop, header included (a slice of them: they are in order)."""
        accesses, loop = self.fn.accesses, self.loop
        return accesses[bisect_left(accesses, loop.first_order, key=_order):
                        bisect_right(accesses, loop.last_order, key=_order)]

    def _names_as_macros(self) -> None:
        """A variable or function of the loop that the file also makes an object-like macro, by a `#define` or
        `#undef` inside the loop or by a `#define` in force where the loop starts (`#define a b`): the
        accesses, recorded by name, are not to what the compiled text names, and a directive before the loop
        (OpenMP's) reads the name as it stands there (`for (...) { #define i 3  a[i] += 1; }` was parallel)."""
        directives = self.pa.macro_directives()
        macros = self.pa.object_macro_names()
        if not macros:
            return
        loop = self.loop
        lo, hi = loop.node.start_byte, loop.node.end_byte
        names = {acc.name for acc in self._loop_accesses() if acc.name in macros}
        names |= {call.name for call in self.fn.calls if call.name in macros and self.tag in call.ctx}
        if loop.var in macros:
            names.add(loop.var)
        for name in sorted(names):
            if name != loop.var and name not in self.p.functions and variable(self.p, self.fn, name) is None:
                continue  # a macro only (`#define N 100`): the same text in every iteration
            # an included header's (`#define out a` in "alias.h") stands from the #include on, until the file's
            # own directives change it (tree-sitter mode files the file's own in `code_macros` too)
            own = any(value is not None for _, _, value in directives.get(name, ()))  # (the file #defines it)
            value = None if own else self.p.word_macros.get(name) or self.p.header_code_macros.get(name) or \
                self.p.code_macros.get(name)  # (libclang files the file's own macros with the headers')
            header = value is not None and value.strip() != name
            standing = (None, f"`#define {name} {value}` of an included header") if header else None
            for offset, line, value in directives.get(name, ()):
                if offset >= hi:
                    break
                if offset >= lo:
                    standing = (line, "inside the loop")
                    break
                standing = (line, "before the loop") if value is not None and value != name else None
            if standing is not None:
                line, where = standing
                what = where if line is None else f"`#define`/`#undef` at line {line}, {where}"
                self._add("S2P602", f"`{name}` is also a macro ({what}): the loop's text does not name the `{name}` "
                          "the analysis reads; rename the macro", line or loop.line, 1 if line else loop.column,
                          (name,))

    def _through_pointers(self) -> bool:
        """Some access of the loop goes through a pointer or a reference, or some call may: how a file-scope
        scalar whose address the program takes may be reached in it (`long *ap = &acc;` and `snap = *ap;`)."""
        for acc in self.body:
            root = object_root(acc.name)
            var = variable(self.p, self.fn, root)
            if acc.unanalyzable or root in self.fn.references or var is None and acc.subscripts is not None or \
                    var is not None and (var.is_reference or var.is_pointer and acc.subscripts is not None) or \
                    "->" in acc.name or "." in acc.name and member_points_anywhere(self.p, self.fn, acc.name):
                # (`*h.p` through a pointer member is recorded as a read of `h.p`)
                return True
        lo, hi = self.loop.body_orders
        return any(lo < call.order <= hi and self.tag in call.ctx and call.name not in PURE_FUNCTIONS
                   for call in self.fn.calls)

    def _names_of_other_blocks(self) -> None:
        """The IR keeps one declaration of each name for the whole function (the last one it met). A name the
        loop uses whose recorded declaration is in a block that does not hold the loop is another object here:
        a file-scope `double x[N]` used after an earlier `for (int x = 0; ...)` was taken for that int, and
        `firstprivate(x)` lost every store to the array; an unrelated `{ int c[4]; }` hid that `c` was `a + 1`.
        Such a loop is sequential, with the line of the other declaration."""
        other = self.pa.names_declared_apart(self.fn)
        if not other:
            return
        loop = self.loop
        lo, hi = loop.node.start_byte, loop.node.end_byte
        used: dict[str, Access] = {}
        written: set[str] = set()
        for acc in self._loop_accesses():
            root = object_root(acc.name)
            if root in other:
                used.setdefault(root, acc)
                written |= {root} if acc.is_write else set()
        for name, acc in sorted(used.items()):
            var = self.fn.locals.get(name)
            if var is None or name in self.declared_inside:
                continue  # (one the loop declares is its own from there on)
            recorded, in_force = None, None  # (the declaration the IR kept; the innermost one where the loop is)
            for offset, line in other[name]:
                node = self.fn.node.descendant_for_byte_range(offset, offset + len(name))
                scope = node.parent if node is not None else None
                while scope is not None and scope.type not in _SCOPES:
                    scope = scope.parent
                declarator_line, shape = _declaration_shape(node)
                if scope is not None and scope.start_byte <= lo and hi <= scope.end_byte and offset < lo:
                    in_force = (node, shape)
                if declarator_line == var.line and recorded is None:  # (`_declare` files that line)
                    recorded = (shape, line, in_force is not None and in_force[0] == node)
            if recorded is None or recorded[2]:
                continue
            if in_force is not None and in_force[1] == recorded[0]:
                continue  # (another declaration alike: `int k` in an enclosing loop and `int k` in a later one)
            outer = self.fn.param(name) or self.p.globals.get(name) if in_force is None else None
            if outer is not None and name not in written and _same_shape(outer, var):
                continue  # (only read, and alike: `int n` of the file and a block's `int n = 3;` elsewhere)
            self._add("S2P601", f"`{name}` in the loop is not the `{name}` declared at line {recorded[1]}, in a block "
                      "that does not hold the loop, which the analysis would take it for: rename one of them",
                      acc.line, acc.column, (name,))

    def _thread_locals(self) -> None:
        """A file-scope thread-local (`__thread long tab[4];`, `thread_local Cfg C;`) read or written in the
        loop, directly or by a function it calls: each thread of a parallel loop has its own copy, not the one
        the program set (the others read zeros)."""
        tls = self.pa.thread_locals()
        if not tls:
            return
        for acc in self.body:
            root = object_root(acc.name)
            if root in tls and root not in self.fn.locals and self.fn.param(root) is None:
                self._add("S2P601", f"`{root}` is thread-local: each thread of a parallel loop reads and writes its "
                          "own copy, not the one the program set", acc.line, acc.column, (root,))
        lo, hi = self.loop.body_orders
        for call in self.fn.calls:
            if call.name in self.p.functions and self.tag in call.ctx and lo < call.order <= hi:
                s = self.pa.summary(call.name)
                reached = sorted((s.reads_globals | s.writes_globals) & tls)
                if reached:
                    self._add("S2P601", f"`{call.name}` uses thread-local `{reached[0]}`: each thread of a parallel "
                              "loop has its own copy, not the one the program set", call.line, call.column,
                              (reached[0],))

    def _pointers_to_scalars(self) -> None:
        """A store through a local pointer set from a scalar's address (`long *ps = &tot;`, `int *ip = &i;`)
        is a store to that scalar: with the scalar read by name in the loop (`*ps += a[i]; b[i] = tot;`) or
        being the loop's index (`(*ip)++`), the loop was an array reduction on `ps[]`."""
        loop = self.loop
        used = {acc.name for acc in self.body if acc.subscripts is None} | {loop.var}
        if loop.var is not None and loop.var not in self.declared_inside and loop.var in self.fn.address_taken:
            # `int &ri = i;` or `int *pk = &k;` read in the body: each thread's index is its own copy, the
            # reference reads the original (garbage, or the start)
            for acc in self.body:
                through = self.fn.references.get(acc.name) == loop.var or loop.var in self._addresses_held(acc.name)
                if through and acc.name != loop.var:
                    self._add("S2P403", f"`{acc.name}` reaches the loop's index `{loop.var}`: each thread's index is "
                              "its own copy", acc.line, acc.column, (acc.name, loop.var))
                    break
        for acc in self.body:
            if acc.subscripts is None or not acc.is_write or acc.name not in self.fn.locals or \
                    acc.name in self.declared_inside:  # (one declared in the loop has a finding of its own)
                continue
            if self.fn.locals[acc.name].is_array:
                continue
            for target in sorted(self._addresses_held(acc.name)):
                if target in used and target not in self.declared_inside:
                    code = "S2P403" if target == loop.var else "S2P601"
                    self._add(code, f"store through `{acc.name}`, which points to `{target}`, which the loop "
                              f"{'steps as its index' if code == 'S2P403' else 'also uses by name'}", acc.line,
                              acc.column, (acc.name, target))
                    break

    def _addresses_held(self, name: str) -> set[str]:
        """The scalars whose address the local pointer `name` is set to (`long *ps = &tot;`, `ip = &i;`)."""
        var = self.fn.locals.get(name)
        if var is None or not var.is_pointer:
            return set()
        return {m[1] for text in {var.init_text, *self.fn.assigned_from.get(name, ())}
                if (m := re.fullmatch(r"\s*&\s*([A-Za-z_]\w*)\s*", text or ""))}

    def _static_members(self) -> None:
        """`nodes[i].visits++` with `static long visits;` in Node: one variable of the class, shared by all
        its objects however it is reached (each element looked like its own)."""
        statics = self.pa.static_members()
        body = self.loop.node.child_by_field_name("body")
        if not statics or body is None:
            return
        text = self.pa.code(body).decode("utf-8", "replace")
        for name in sorted(statics):
            if name not in text:
                continue
            member = rf"(?:\.|->|::)\s*{re.escape(name)}\b"
            store = re.search(rf"{member}\s*(?:\[[^\]]*\]\s*)*(?:\+\+|--|(?:[-+*/%&|^]|<<|>>)?=(?!=))|"
                              rf"(?:\+\+|--)\s*[\w\s\[\].>-]*?{member}", text)
            if store is not None:
                line = body.start_point[0] + text.count("\n", 0, store.start()) + 1
                self._add("S2P302", f"`{name}` is a static member: every object shares it, and the loop stores to it "
                          f"(`{store[0].strip()}`)", line, 1, (name,))

    def _included_code(self) -> None:
        """`#include "body.inc"` inside the loop: code the analysis does not read (a recurrence in it was
        parallel)."""
        body = self.loop.node.child_by_field_name("body")
        if body is not None and b"include" in body.text:
            found = _INCLUDE_LINE.search(self.pa.code(body))  # (`/* c */ #include "body.inc"` too)
            if found is not None:
                line = body.start_point[0] + body.text.count(b"\n", 0, found.start()) + 1
                included = body.text[found.start(1):found.end(1)].decode(errors="replace").strip()
                self._add("S2P602", f"the body includes `{included}`: code the "
                          "analysis does not read (paste it into the loop, or move the loop into the file)",
                          line, 1, ("#include",))

    def _clause_names(self) -> None:
        """The scalars a parallel loop gives each thread a copy of (private, lastprivate, reductions) are
        named by their plain name (OpenMP's clauses, the other targets' code). C++ that reaches one in another
        way works on another object: `stats::total += v[i]` beside a global `total` (the clause privatized
        ::total while the threads raced on stats::total), `this->tot` or a data member in a member function
        (GCC keeps `this->tot` the shared member); a thread-local one is per thread already (a clause on it
        does not build)."""
        names = {*self.private, *self.lastprivate, *self.conditional, *(r.var for r in self.reductions)}
        names -= set(self.declared_inside)
        text = None
        for name in sorted(names):
            if not re.fullmatch(r"[A-Za-z_]\w*", name):
                continue
            var = variable(self.p, self.fn, name)
            why = None
            if var is not None and var.is_thread_local:
                why = "is thread-local: each thread has its own already, and a clause on it does not build"
            elif self.p.language == "cpp":
                text = self.pa.code(self.loop.node).decode("utf-8", "replace") if text is None else text
                found = next((m for m in re.finditer(rf"(?:\b([A-Za-z_]\w*)\s*|(?<![\w:>]))::\s*{re.escape(name)}\b|"
                                                     rf"\bthis\s*->\s*{re.escape(name)}\b|"
                                                     rf"\(\s*\*\s*this\s*\)\s*\.\s*{re.escape(name)}\b", text)
                              if m[1] is None or m[1] in self.pa.scopes()), None)
                if found is not None:
                    why = (f"is written `{found[0].strip()}` in the loop: a clause names the plain `{name}`, which "
                           "is not it (accumulate into a local and store it after the loop)")
            if why:
                self._add("S2P601", f"`{name}` {why}", self.loop.line, self.loop.column, (name,))

    def _declared_type(self, name: str, depth: int = 0) -> str | None:
        """The declared type of what `name` names in the loop: a variable, the member a dotted name ends at
        (`db.table`), the object an `auto &alias = t;` is bound to; None when not known."""
        var = variable(self.p, self.fn, name)
        if var is None and ("." in name or "->" in name):
            found = member_types(self.p, self.fn, name.replace("->", "."))
            return found[-1][1] if found else None
        if var is not None and var.type_text.split()[-1:] == ["auto"] and depth < 4:
            # `auto &alias = t;`, `auto &t = d.table;`, `auto m = m0;`: the type of what it was made from
            source = self.fn.references.get(name) or var.init_text.strip()
            if re.fullmatch(r"[A-Za-z_][\w.]*(?:->[A-Za-z_]\w*)*", source or ""):
                return self._declared_type(source, depth + 1) or var.type_text
        return var.type_text if var is not None else None

    def _associative(self) -> None:
        """`m[key]` on a std::map or unordered_map inserts the key when it is missing: every such access,
        a read too, writes the container, and two threads inserting at once corrupt it (a ParEval sparse LU
        hung so)."""
        seen: set[str] = set(self.declared_inside)
        for acc in self.body:
            if acc.subscripts is None or acc.name in seen:
                continue
            seen.add(acc.name)
            type_text = self._declared_type(acc.name)
            found = _ASSOCIATIVE.search(type_text) if type_text is not None else None
            alias = next((w for w in re.findall(r"[A-Za-z_]\w*", type_text or "") if w in self.pa.map_aliases()),
                         None)
            if found or alias:
                kind = found[0] if found else f"`{alias}` (a map)"
                self._add("S2P302", f"`{acc.name}[{', '.join(acc.texts)}]` on a {kind} inserts the key when it is "
                          "missing: the loop writes the container (read it with `.at()` or `.find()`)", acc.line,
                          acc.column, (acc.name,))

    # -- calls and control flow -----------------------------------------------------------------------
    def _calls(self) -> None:
        lo, hi = self.loop.body_orders
        written = self.written_scalars | self.written_arrays
        index = self.loop.var
        global_index = index is not None and index in self.p.globals and index not in self.fn.locals \
            and self.fn.param(index) is None
        for call in self.fn.calls:
            if self.tag not in call.ctx or not (lo < call.order <= hi):
                continue
            name = call.name
            where = (call.line, call.column)
            if call.method_class is not None:
                self._method_findings(call, where, written, global_index)
                continue
            if call.method_of is not None:
                # a class of the program may define `at` or `size` too: then `x.at(k)` is not known pure
                if name == "at" and (catch := self.pa.first_use("catch")) and not self.pa.defines_method(name) \
                        and self._may_be_caught(self.fn, loop=self.loop):
                    self._add("S2P401", f"`{call.method_of}.at()` may throw std::out_of_range, and the program "
                              f"catches exceptions (line {catch}): an exception cannot leave a parallel loop "
                              "(index with [] where the index is known to be in range)", *where, (call.method_of,))
                    continue
                if name in PURE_METHODS and not self.pa.defines_method(name) or call.element_write:
                    continue  # (a store to one element of a container of containers: the array tests judge it)
                code = "S2P302" if name in MUTATING_METHODS else "S2P301"
                self._add(code, f"call to `{call.method_of}.{name}()` may modify `{call.method_of}`", *where,
                          (call.method_of,))
                continue
            mine = not_library(self.p, self.fn, name)
            if name in PURE_FUNCTIONS and mine is None:
                errno_line = self.pa.first_use("errno")
                if errno_line and name.removeprefix("std::") not in _NO_ERRNO:
                    self._add("S2P302", f"`{name}` may set `errno`, which the program uses (line {errno_line}): "
                              "each thread has an `errno` of its own, so the error would not be seen", *where,
                              ("errno",))
                continue
            # the program's own `min`, `log`... (a method of this class too): judged by what its body does
            if mine is not None and mine in self.p.functions:
                name = mine
            own = mine is not None
            if not own and (name in IO_FUNCTIONS or is_stream_io(name)):
                self._add("S2P303", f"I/O call `{name}` in the loop body", *where, (name,))
            elif not own and name in HIDDEN_STATE_FUNCTIONS:
                self._add("S2P302", f"`{name}` keeps hidden state between calls", *where, (name,))
            elif not own and name in EXIT_FUNCTIONS:
                self._add("S2P401", f"`{name}` leaves the loop (and the program)", *where, (name,))
            elif not own and name in MEMORY_WRITE_FUNCTIONS:
                target = call.arg_texts[0] if call.arg_texts else "?"
                self._add("S2P302", f"`{name}` writes memory through `{target}`", *where, (target,))
            elif name in self.p.functions:
                self._callee_findings(name, call, where, written, global_index)
            elif name in self.p.classes or name in self.p.header_classes:
                # `Vec3(x, y, z)`: a temporary of a class of the program runs its constructor and destructor
                effect = self.pa.implicit_effects(name)
                if effect:
                    self._add("S2P302", f"`{name}(...)` makes a temporary object, whose code (constructors, "
                              f"destructor) runs in the loop: {effect}", *where, (name,))
            else:
                self._add("S2P301", f"call to `{name}`, whose effects are unknown", *where, (name,))

    def _method_findings(self, call, where: tuple[int, int], written: set[str], global_index: bool) -> None:
        """`obj.m(...)` on an object of a class of the file (Call.method_class): the IR recorded the read of the
        object and, for a method not declared `const`, a store to it; the rest is m's summary, less the stores
        to the object's own members (those not pointers or references)."""
        cls, qualified = call.method_class, f"{call.method_class}::{call.name}"
        if qualified not in self.p.functions:
            self._add("S2P301", f"call to `{call.method_of}.{call.name}()`: `{qualified}` is declared but not "
                      "defined in this file", *where, (call.method_of,))
            return
        fields = self.p.fields.get(cls, {})
        own = self.pa.own_members(cls)
        method = self.p.functions[qualified]
        unsettled = self._method_unsettled(cls, method, call)
        if unsettled:
            self._add("S2P301", f"call to `{call.method_of}.{call.name}()`: {unsettled}", *where, (call.method_of,))
            return
        receiver = call.method_of.strip()
        parts = sorted(w for w in written if w != receiver and object_root(w) == receiver) \
            if receiver not in self.declared_inside else []  # (an object of the iteration's own: `P q; q.x = i;`)
        if parts:
            # (`out[i] = q.get(); q.x = i;`: the next iteration's call reads what this one stored)
            self._add("S2P302", f"the loop stores to `{parts[0]}`, part of `{receiver}`, which "
                      f"`{receiver}.{call.name}()` reads", *where, (receiver,))
        s = self.pa.summary(qualified)
        stored = sorted(g for g in s.writes_globals if object_root(g) in own)
        if call.method_const and stored:
            self._add("S2P302", f"`{qualified}` is `const` and stores to `{stored[0]}` (a `mutable` member): "
                      f"`{call.method_of}.{call.name}()` changes `{call.method_of}`", *where, (call.method_of,))
        foreign = sorted(g for g in s.reads_globals if object_root(g) in fields and
                         not self.pa._owned_member(cls, object_root(g)))
        if foreign and written:
            self._add("S2P302", f"`{qualified}` reads `{foreign[0]}`, a member that may hold the address of "
                      "something the loop writes", *where, (foreign[0],))
        self._callee_findings(qualified, call, where, written, global_index, own)

    def _method_unsettled(self, cls: str, method: Function, call) -> str | None:
        """Why the method's summary may not be all it does: it hands `this` on or casts constness away (what
        it then does to the object is not recorded), calls another method of its class without `this->`
        (which the summary may take for a free function of that name), or the call's arguments do not fit
        its parameters (another overload, a base's method)."""
        code = self.pa.code(method.node) if method.node is not None else b""
        text = code.decode("utf-8", "replace")
        if re.search(r"\bthis\b(?!\s*->)|\bconst_cast\b", _RETURN_THIS.sub(" ", text)):
            return f"`{cls}::{call.name}` hands `this` on or casts `const` away"
        macros = {**self.p.header_code_macros, **self.p.code_macros, **self.p.word_macros}
        hiding = next((w for w in sorted(set(re.findall(r"[A-Za-z_]\w*", text))) if w in self.p.function_macros or
                       re.search(r"\bthis\b|\bconst_cast\b", macros.get(w, ""))), None)
        if hiding is not None:
            return f"`{cls}::{call.name}` uses the macro `{hiding}`, whose code is not read here"
        fields = self.p.fields.get(cls, {})
        taken = next((m.group(1).decode() for m in _ADDRESS_OF.finditer(code.replace(b"this->", b""))
                      if m.group(1).decode() in fields), None)
        if taken is not None:
            # (`touch(&x)` may step from the member to the next object: `o[1].x`)
            return f"`{cls}::{call.name}` takes the address of its member `{taken}`"
        lineage = self.pa.class_lineage(cls)
        own = next((c.name for c in method.calls if c.method_of is None and any(
            f"{k}::{c.name}" in self.p.functions or f"{k}::{c.name}" in self.p.class_methods for k in lineage)), None)
        if own is not None:
            return f"`{cls}::{call.name}` calls `{own}`, another method of `{cls}` or of a base, which is not followed"
        if None in lineage and any(c.method_of is None and c.name in self.p.functions for c in method.calls):
            # (a base the file does not define may have a method of that name: C++ looks there first)
            return f"`{cls}` derives from a class not defined here, whose methods a call of `{cls}::{call.name}` " \
                "may name"
        arrays = [m for m, (kind, _) in self.p.fields.get(cls, {}).items() if kind == "array"]
        decayed = next((m for m in arrays if re.search(
            rb"(?<![\w.>])" + re.escape(m.encode()) + rb"\b(?!\s*\[)", _SIZEOF_OPERAND.sub(b" ", code.replace(
                b"this->", b"")))), None)
        if decayed is not None:
            # (`long *p = a; p[2] = ...`: the array member as a pointer, which may step past it)
            return f"`{cls}::{call.name}` uses its array member `{decayed}` as a pointer"
        declarator = function_declarator(method.node) if method.node is not None else None
        params = declarator.child_by_field_name("parameters") if declarator is not None else None
        if params is None:
            return f"the parameters of `{cls}::{call.name}` are not known"
        kinds = [c.type for c in params.named_children]
        required = kinds.count("parameter_declaration")
        if "variadic_parameter_declaration" in kinds or "..." in params.text.decode("utf-8", "replace") or \
                not required <= len(call.args) <= required + kinds.count("optional_parameter_declaration"):
            return f"its {len(call.args)} argument(s) do not fit the parameters of `{cls}::{call.name}`"
        return None

    def _callee_findings(self, name: str, call, where: tuple[int, int], written: set[str], global_index: bool,
                         own: frozenset[str] = frozenset()) -> None:
        """What the program's function `name` (or method `Class::m`), called at `call`, does that keeps the loop
        sequential, by its summary; `own`: the members of the object a method runs for (stores to them are
        the object's, recorded at the call)."""
        s = self.pa.summary(name)
        if s.io:
            self._add("S2P303", f"`{name}` performs I/O", *where, (name,))
        if s.exits:
            self._add("S2P401", f"`{name}` may exit the program or throw", *where, (name,))
        elif s.throws and self._may_be_caught(self.fn, loop=self.loop):
            self._add("S2P401", f"`{name}` calls `.at()`, which may throw std::out_of_range, and the "
                      f"program catches exceptions (line {self.pa.first_use('catch')}): an exception "
                      "cannot leave a parallel loop", *where, (name,))
        if s.sets_errno:
            self._add("S2P302", f"`{name}` calls a function that may set `errno`, which the program uses "
                      f"(line {self.pa.first_use('errno')}): each thread has an `errno` of its own, so the "
                      "error would not be seen", *where, ("errno",))
        if s.hidden_state:
            self._add("S2P302", f"`{name}` uses a function with hidden state (rand, ...)", *where,
                      (name,))
        globs = tuple(sorted(g for g in s.writes_globals if object_root(g) not in own))
        if globs:
            self._add("S2P302", f"`{name}` writes global state: {', '.join(globs)}", *where, globs)
        defaulted = sorted(i for i in s.writes_params | s.reads_params if i >= len(call.arg_texts))
        if defaulted:
            # (`void f(double &s = g)` called as `f()`: the default names an object every call shares)
            self._add("S2P302", f"`{name}` reaches memory through its parameter {defaulted[0] + 1}, which this "
                      "call leaves to its default argument", *where, (name,))
        unjudged = [i for i in sorted(s.writes_params)
                    if i < len(call.arg_texts) and (call.order, i) not in self.row_writes]
        if unjudged:
            args = tuple(call.arg_texts[i] for i in unjudged)
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
        if global_index and self.loop.var in s.reads_globals:
            # each thread counts a copy of its own; the callee would read the shared one
            self._add("S2P302", f"`{name}` reads `{self.loop.var}`, the loop's index, a global: a "
                      "thread's own copy of the index is not what it would see; pass the index to it as "
                      "an argument", *where, (self.loop.var,))
        callee = self.p.functions[name]
        pointed = sorted(g for g in s.reads_globals - shared
                         if "->" in g or "." in g and member_points_anywhere(self.p, callee, g))
        pointed += sorted(s.reads_pointees)
        if pointed and self.written_arrays:
            arrays = ", ".join(f"`{a}`" for a in sorted(self.written_arrays))
            self._add("S2P302", f"`{name}` reads through `{pointed[0]}`, a pointer that may point "
                      f"into {arrays}, which the loop writes", *where, tuple(pointed))
        for read in sorted(s.reads_globals - shared):
            other = self._written_alias_of(read)
            if other is not None:
                self._add("S2P302", f"`{name}` reads `{read}`, and the loop writes `{other}`, which may be the same "
                          "storage", *where, (read, other))
                break
        borrowed = sorted(g for g in s.reads_globals - shared if self._borrowed_global_pointer(g))
        if borrowed and self.written_arrays:
            arrays = ", ".join(f"`{a}`" for a in sorted(self.written_arrays))
            sources = ", ".join(self.pa.global_pointer_sources(borrowed[0])) or "an address taken elsewhere"
            kind = "a pointer member" if self.p.globals[borrowed[0]].is_member else "a global pointer"
            self._add("S2P302", f"`{name}` reads through `{borrowed[0]}`, {kind} set from {sources}: it "
                      f"may point into {arrays}, which the loop writes", *where, tuple(borrowed))

    def _written_alias_of(self, read: str) -> str | None:
        """An array the loop writes under another name than `read` (an array or container a callee reads, by its
        global name) that may be the same storage: through a pointer or reference (a parameter whose calls do
        not all pass other storage, a local, a file-scope reference), a member of the object the loop's method
        runs for (`ps` against `sys.ps`), or anything when `read` is itself a file-scope reference; None when
        each is a local of the function's own or another file-scope object."""
        root = object_root(read.split("->")[0])
        held = self.p.globals.get(root)
        if held is None or held.is_pointer or not (held.is_array or held.is_reference or "<" in held.type_text or
                                                   "." in read or "->" in read):
            return None  # (a scalar; a global pointer: `_borrowed_global_pointer`)
        for written in sorted(self.written_arrays):
            name = object_root(written.split("->")[0])
            if name == root:
                continue  # (by name: `shared`)
            var = variable(self.p, self.fn, name)
            if var is None or name in self.fn.references or _VIEW_TYPE.search(var.type_text) or \
                    ("." in written or "->" in written) and member_points_anywhere(self.p, self.fn,
                                                                                  written.replace("->", ".")):
                return written  # (`s.d[i]` with `s.d = a`; `std::span<long> w(a, n)`: a view of what it names)
            if name in self.fn.locals and not held.is_reference and (not (var.is_reference or var.is_pointer) or (
                    self.pa._is_object(self.fn, name) and
                    all(len(a.subscripts) == 1 for a in self.outer_arrays if a.name == written and a.is_write))):
                continue  # storage of the function's own (an allocation's elements, not the rows they point to)
            param = self.fn.param(name)
            if param is not None:
                if (param.is_pointer or param.is_reference or param.is_array) and \
                        not self.pa.distinct_slots(self.fn.name, param.line, root):
                    return written
                continue
            if var.is_member and ("." in read or "->" in read) or var.is_reference or var.is_pointer or \
                    held.is_reference or name in self.fn.locals:
                return written
        return None

    def _borrowed_global_pointer(self, name: str) -> bool:
        """`name` is a file-scope pointer (a callee reads through it) that may hold an array of the program:
        it is set from something other than an allocation of its own (`gp = a;`, `sp = p;` in a setter), or
        its address is taken. Set only from global arrays the loop does not write, it reaches none of them."""
        var = self.p.globals.get(name)
        if var is None or not var.is_pointer:
            return False
        if var.is_member or self.pa.address_escapes(name):
            return True  # a pointer member is set where no analysis looks (constructors)
        for source in self.pa.global_pointer_sources(name):
            # every name in it (`choose[0] ? x : a` may be a): each a global array the loop does not write
            for word in re.findall(r"[A-Za-z_]\w*", source) or ["?"]:
                target = self.p.globals.get(word)
                if word in self.p.macros or word in self.p.constants:
                    continue
                if target is None or target.is_pointer or not target.is_array or word in self.written_arrays:
                    return True
        return False

    def _implicit_code(self) -> None:
        """Objects of a class whose constructors, destructor, operators or conversions do more than change the
        object (`Tr(long i) { g = g * 7 + i; }`, `V operator+(...)` counting its calls in a static member):
        making, copying, destroying or operating on them in the loop runs that code in every iteration, with
        no call in sight. So does code on a template parameter's type, which may be such a class."""
        if self.p.language != "cpp" or not self.p.classes and not self.p.header_classes:
            return
        names = {object_root(a.name) for a in self.body} | set(self.declared_inside)
        body = self.loop.node.child_by_field_name("body")
        held = {name: self.pa.class_words(" ".join([var.type_text, *self.fn.local_types.get(name, ())]))
                for name in sorted(names) if (var := variable(self.p, self.fn, name)) is not None}
        # (objects made with no variable or call in sight: `Init{s}`, `new T(x)`, `static_cast<T>(x)`; not
        # `sizeof(T)` nor `T::member`, which make none)
        named = self.pa.class_words(_NAMING_NO_OBJECT.sub(" ", self.pa.code(body).decode("utf-8", "replace"))) \
            if body is not None else set()
        if self._implicit_reads(set().union(named, *held.values())):
            return
        destroys = body is not None and \
            re.search(rb"\bdelete\b|\breset\s*\(|=\s*nullptr\b", self.pa.code(body)) is not None
        for name, words in held.items():
            var = variable(self.p, self.fn, name)
            if (var.is_pointer or var.is_reference or re.search(r"[*&]|_ptr\b", var.type_text)) and destroys:
                # (what a pointer holds may be of a derived class, whose destructor the loop runs)
                words |= {sub for word in words for sub in self.pa.derived_classes(word)}
            effectful = self.pa.first_effectful(words)
            if effectful is not None:
                self._add("S2P302", f"`{name}` holds `{effectful[0]}` objects, whose code runs implicitly in the "
                          f"loop (constructors, destructor, operators): {effectful[1]}", self.loop.line,
                          self.loop.column, (name,))
                return
            parameter = template_parameter_of(self.p, self.fn, name)
            if parameter is not None:
                effectful = self.pa.first_effectful(self.p.classes)
                if effectful is not None:
                    self._add("S2P301", f"`{name}` is of the template parameter's type `{parameter}`, which may be "
                              f"`{effectful[0]}`, whose code runs implicitly: {effectful[1]}", self.loop.line,
                              self.loop.column, (name,))
                    return
        if body is not None:
            effectful = self.pa.first_effectful(named)
            if effectful is not None:
                self._add("S2P302", f"the loop names the class `{effectful[0]}`, whose code may run implicitly in "
                          f"it (constructors, destructor, operators): {effectful[1]}", self.loop.line,
                          self.loop.column, (effectful[0],))
                return
        self._conversions_at_calls()

    def _implicit_reads(self, classes: set[str]) -> bool:
        """Code of `classes` (those of the loop's objects) that runs implicitly in the loop (`T t;` with `long x =
        g;`, `T(long i) : x(h[i - 1])`, `V operator+`) reads what the loop writes (`g = i;`, `h[i] = ...`): a
        dependence no access shows. Whether the finding was added."""
        written = {object_root(n) for n in self.written_scalars | self.written_arrays}
        for cls in sorted(classes):
            reads = self.pa.implicit_reads(cls)
            hit = sorted((reads - {"*"}) & written) or (["*"] if "*" in reads and self.written_arrays else [])
            if hit:
                what = f"`{hit[0]}`" if hit[0] != "*" else "memory through a pointer"
                self._add("S2P302", f"the code of `{cls}` that runs implicitly in the loop (constructors, member "
                          f"initializers, operators) reads {what}, which the loop writes", self.loop.line,
                          self.loop.column, (cls,))
                return True
        return False

    def _conversions_at_calls(self) -> None:
        """A function the loop calls (directly or through others of the program) that takes or returns objects
        of a class whose code runs implicitly: `take(a[i])` of `double take(M m)` converts the double with
        M's constructor, `return x;` of `M conv(double x)` too, a copy runs the copy constructor, and the
        object is destroyed after the call (a pointer parameter makes no object)."""
        lo, hi = self.loop.body_orders
        pending = [call.name for call in self.fn.calls
                   if self.tag in call.ctx and lo < call.order <= hi and call.name in self.p.functions]
        seen: set[str] = set()
        while pending:
            name = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            callee = self.p.functions[name]
            result = callee.node.child_by_field_name("type") if callee.node is not None else None
            texts = [p.type_text for p in callee.params if not p.is_pointer]
            if result is not None:
                texts.append(result.text.decode())
            effectful = self.pa.first_effectful(self.pa.class_words(" ".join(texts)))
            if effectful is not None:
                self._add("S2P302", f"`{name}` takes or returns `{effectful[0]}` objects, whose code runs implicitly "
                          f"at each call (conversions, copies, destruction): {effectful[1]}", self.loop.line,
                          self.loop.column, (name,))
                return
            pending.extend(call.name for call in callee.calls if call.name in self.p.functions)

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
        body = self.loop.node.child_by_field_name("body") if self.loop.node is not None else None
        if body is not None and _MAY_LABEL.search(body.text):
            # a label or a `case` of a switch around the loop inside its body: a jump may enter the loop there
            # (Duff's device), past the first statements of an iteration
            stack = [(body, False)]
            while stack:
                node, in_switch = stack.pop()
                if node.type == "labeled_statement" or node.type == "case_statement" and not in_switch:
                    self._add("S2P401", "a label or `case` inside the loop: a jump may enter it midway",
                              node.start_point[0] + 1, node.start_point[1] + 1, ("label",))
                    break
                stack.extend((child, in_switch or node.type == "switch_statement") for child in node.children)

    def _apply_assertion(self) -> list[str]:
        names = self.loop.assertion
        if names is None:
            return []
        kept, used = [], set()
        assertable = {var for f in self.findings if f.code in ASSERTABLE for var in f.vars}
        for f in self.findings:
            if f.code in ASSERTABLE and (not names or set(f.vars) & set(names)):
                used |= set(f.vars) if names else set(f.vars) or {"*"}
                continue
            kept.append(f)
        self.findings = kept
        unmatched = [name for name in names if name not in assertable]
        if unmatched:
            on = f" (they are on {', '.join(sorted(assertable))})" if assertable else ""
            self._add("S2P503", f"assertion `independent({', '.join(names)})`: no finding of this loop is on "
                      f"{', '.join(unmatched)}{on}; nothing was assumed for {'it' if len(unmatched) == 1 else 'them'}",
                      self.loop.line, self.loop.column, tuple(unmatched))
        if used:
            listed = sorted(used)
            self._add("S2P502", f"assertion `independent({', '.join(names)})` used for "
                      f"{', '.join(listed)}", self.loop.line, self.loop.column, tuple(listed))
            return listed
        return []
