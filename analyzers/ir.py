"""The loop IR: what one pass over the tree-sitter tree extracts for dependence analysis and generation.

Program → Function → Loop nest, plus a flat, ordered list of memory events per function (scalar and
array accesses, calls, jumps, declarations), each tagged with the stack of constructs (loops, ifs,
switches) that enclose it. Every node carries a 1-based line/column.

Reduction *shapes* are recognised here, at the statement level (`s += e`, `s = s * e`, `s = fmax(s, e)`,
`if (e < s) { s = e; k = i; }`), because that is where the statement is in hand; whether a variable is
a reduction of a given loop is decided by the dependence analysis, which checks that *every* access of it
in the loop belongs to such statements.
"""

from __future__ import annotations

import operator
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from .affine import Affine
from .frontend import PARENTHESIZED_NAME, c_integer, function_declarator, implicit_int_definition, unparenthesized

Ctx = tuple[tuple[str, int], ...]  # (("loop", id) | ("if", id) | ("switch", id)), outermost first

PURE_FUNCTIONS = frozenset("""
sin cos tan asin acos atan atan2 sinh cosh tanh asinh acosh atanh exp exp2 expm1 log log2 log10 log1p
sqrt cbrt pow hypot fabs fabsf fabsl abs labs llabs floor ceil round lround llround trunc rint nearbyint
fmod remainder fmin fmax fminf fmaxf fdim fma erf erfc tgamma copysign nextafter ldexp frexp modf
sinf cosf tanf expf logf sqrtf powf floorf ceilf roundf truncf exp10 isnan isinf isfinite signbit
asinf acosf atanf atan2f sinhf coshf tanhf asinhf acoshf atanhf exp2f expm1f log2f log10f log1pf cbrtf hypotf
lrint lrintf llrint llrintf lroundf llroundf rintf nearbyintf fmodf remainderf fdimf fmaf erff erfcf tgammaf
copysignf nextafterf ldexpf frexpf modff scalbn scalbnf ilogb logb sinl cosl expl logl sqrtl powl fabsl
std::asin std::acos std::atan std::sinh std::cosh std::asinh std::acosh std::atanh std::exp2 std::expm1
std::log1p std::trunc std::lround std::lrint std::rint std::nearbyint std::fma std::fmod std::remainder
std::copysign std::erfc std::tgamma std::isfinite std::signbit std::frexp std::modf std::ldexp
min max std::min std::max std::abs std::fabs std::sqrt std::exp std::log std::pow std::sin std::cos
std::tan std::floor std::ceil std::round std::fmin std::fmax std::hypot std::atan2 std::tanh std::cbrt
std::log10 std::log2 std::erf std::isnan std::isinf std::swap
std::complex std::polar std::real std::imag std::conj std::norm std::arg std::proj std::pair std::make_pair
std::tuple std::make_tuple
malloc calloc free aligned_alloc
""".split())
# Library functions without side effects that read through their pointer or iterator arguments: what those
# point into is read anywhere (the dependence test adds one read of it at an unknown subscript).
RANGE_READ_FUNCTIONS = frozenset("""
memcmp strlen strcmp strncmp std::distance std::lower_bound std::upper_bound std::binary_search
std::equal_range std::find std::count std::accumulate std::min_element std::max_element std::minmax_element
std::equal std::inner_product
""".split())
PURE_FUNCTIONS = PURE_FUNCTIONS | RANGE_READ_FUNCTIONS
# Pure but for storing into the variable whose address they get (`frexp(x, &e)` stores the exponent in e):
# that argument is an assignment to it. (lgamma is left out of the pure ones: it stores the sign in the
# global `signgam`.)
OUTPUT_ARGUMENT_FUNCTIONS = frozenset("""
frexp frexpf frexpl modf modff modfl remquo remquof remquol sincos sincosf sincosl std::frexp std::modf std::remquo
""".split())
# The pure functions that read no memory through their arguments: a call of one cannot reach an array.
VALUE_FUNCTIONS = PURE_FUNCTIONS - RANGE_READ_FUNCTIONS
_TEMPLATE_ARGUMENTS = re.compile(r"<.*>$")
IO_FUNCTIONS = frozenset("""
printf fprintf sprintf snprintf puts fputs putchar fputc putc fwrite fread fscanf scanf sscanf getchar
fgets getc fgetc fopen fclose fflush perror write read open close std::printf std::cout std::cin std::getline
getline
""".split())
HIDDEN_STATE_FUNCTIONS = frozenset("rand srand random srandom drand48 lrand48 srand48 time clock strtok".split())
EXIT_FUNCTIONS = frozenset("exit abort _Exit quick_exit longjmp std::exit std::abort".split())
MEMORY_WRITE_FUNCTIONS = {"memcpy": 0, "memset": 0, "memmove": 0, "strcpy": 0, "strncpy": 0}
PURE_METHODS = frozenset("size at data empty begin end front back capacity length c_str".split())
# the pure methods that reach the container's elements (`_element_method_read`)
_ELEMENT_METHODS = frozenset("at data begin end front back cbegin cend rbegin rend c_str".split())

_COMPOUND_OPS = {"+=": "+", "-=": "+", "*=": "*", "&=": "&", "|=": "|", "^=": "^"}
_BINARY_REDUCTION_OPS = {"+": "+", "-": "+", "*": "*", "&": "&", "|": "|", "^": "^", "&&": "&&",
                         "||": "||"}
_MINMAX_CALLS = {"fmin": "min", "fmax": "max", "fminf": "min", "fmaxf": "max", "min": "min",
                 "max": "max", "std::min": "min", "std::max": "max", "MIN": "min", "MAX": "max",
                 "std::fmin": "min", "std::fmax": "max"}
# An allocation, possibly cast (`(double (*)[N]) calloc(...)`, `(double *) malloc(...)`).
_ALLOCATION = re.compile(
    r"\s*(\((?:[^()]|\([^()]*\))*\)\s*)?(malloc|calloc|aligned_alloc|memalign|valloc|_mm_malloc|new)\b")
_NEW_EXPRESSION = re.compile(r"\s*new\s+[\w:<>,\s*]+?\s*(?:\[[^\[\]]*\]|\([^()]*\)|\{[^{}]*\})?\s*")
_CALLEE = re.compile(r"\s*(?:\((?:[^()]|\([^()]*\))*\)\s*)?([A-Za-z_]\w*)\s*\(")
# types of the C library and POSIX not named `..._t`
_OTHER_LIBRARY_TYPES = frozenset("FILE DIR va_list jmp_buf sigjmp_buf fpos_t uint ulong ushort uchar u_int u_long "
                                 "u_short u_char bool _Bool".split())
# a preprocessing number (`1L`, `1e+0`, `0x1p-3`, C++'s `1'000`), a string or character literal, or an identifier
_PP_TOKEN = re.compile(r"""\.?\d(?:[eEpP][+-]|'[0-9A-Za-z_]|[\w.])*|"(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'"""
                       r"""|[A-Za-z_]\w*""")
# (memalign and valloc: <malloc.h>'s older aligned allocators; _mm_malloc: the x86 compilers' one)
_LIBRARY_ALLOCATORS = frozenset({"malloc", "calloc", "aligned_alloc", "memalign", "valloc", "_mm_malloc"})
_CALL_START = re.compile(r"\s*(?:\([^()]*\)\s*)?[A-Za-z_]\w*\s*\(")  # `f(`, `(T *) f(`: maybe a whole call


def _whole_call(text: str) -> str | None:
    """The function `text` calls when it is, as a whole, one call (after an optional cast): `(T *) f(a, g(b))`;
    None for an expression that merely starts with one (`f(8) ? q : 0`, `f(n) + k`)."""
    m = _CALLEE.match(text)
    if m is None:
        return None
    depth = 0
    for k in range(m.end() - 1, len(text)):
        depth += text[k] == "("
        depth -= text[k] == ")"
        if depth == 0:
            return m.group(1) if not text[k + 1:].strip() else None
    return None


# a `#define` or `#undef` line: (which of the two, the macro's name)
DEFINE_OR_UNDEF = re.compile(rb"(?m)^[ \t]*#[ \t]*(define|undef)[ \t]+([A-Za-z_]\w*)")
_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_WORD_OR_MEMBER = _WORD_BYTES | frozenset(b".>")
SPLICE = re.compile(rb"\\\r?\n")  # a backslash-newline: the two lines are one to the compiler


def word_starts(text: bytes, name: str, members: bool = True) -> list[int]:
    """Offsets in `text` where the identifier `name` occurs as a whole word (`(?<!\\w)name(?!\\w)`); without
    `members`, not as a member either (`s.i`, `p->i`: `(?<![\\w.>])`). The literal is searched for first and
    its neighbours checked after: a pattern that starts with a look-behind tries every position of the text
    (ten times slower on a long function)."""
    word, size = name.encode(), len(text)
    before = _WORD_BYTES if members else _WORD_OR_MEMBER
    found = []
    start = text.find(word)
    while start >= 0:
        end = start + len(word)
        if (start == 0 or text[start - 1] not in before) and (end == size or text[end] not in _WORD_BYTES):
            found.append(start)
        start = text.find(word, start + 1)
    return found


def _macro_named(program: Program, name: str) -> bool:
    """A macro of the file or its headers has the name `name`: a call of it may be anything."""
    return name in program.file_macro_names or name in program.function_macros or name in program.code_macros \
        or name in program.word_macros or name in program.header_function_macros or name in program.macros


def _allocates(text: str, program: Program | None = None, fn: Function | None = None) -> bool:
    """`text` is, as a whole, one fresh allocation: a call of malloc, calloc or aligned_alloc (after an optional
    cast) or of one of the program's allocators, or a C++ `new T[n]` / `new T(...)`; not an expression that
    merely starts with one (`malloc(8) ? q : 0`, `(malloc(8), q)`, `malloc(n) + k`), nor a call of the
    program's own function or macro of a library allocator's name."""
    prefix = _ALLOCATION.match(text)
    if prefix is None and (program is None or not program.allocators):
        return False  # (the common case, a store of anything else, decided without scanning the text)
    if prefix is not None and prefix.group(2) == "new":
        return (program is None or program.language != "c") and _NEW_EXPRESSION.fullmatch(text) is not None
    name = _whole_call(text)
    if name is None:
        return False
    if fn is not None and (name in fn.locals or fn.param(name) is not None):
        return False  # `void *(*malloc)(size_t) = pick;`: a local of that name, not the library's
    if program is None:
        return name in _LIBRARY_ALLOCATORS
    if name in program.allocators:
        return not _macro_named(program, name)  # (`#define row(m) shared` stands for something else)
    return name in _LIBRARY_ALLOCATORS and library_call(program, fn, name)


# the words a variable's type may hold besides the class of its objects for `obj.m()` to be judged by m's code
_OBJECT_TYPE_WORDS = frozenset({"const", "struct", "class", "std", "vector", "array"})
# comments and string/character literals, blanked before a function's text is searched for words
_BLANK_LITERALS = re.compile(rb"/\*.*?\*/|//[^\n]*|\"(?:\\.|[^\"\\\n])*\"|'(?:\\.|[^'\\\n])*'", re.S)
_STANDARD_STREAMS = frozenset({"std::cout", "std::cerr", "std::clog", "std::cin", "std::wcout", "std::wcin"})
_STREAM_TYPE = re.compile(r"\b(?:std::)?(?:w?(?:io|i|o)?(?:f|string)?stream|basic_\w*stream)\b")
_WIDE_INTEGERS = frozenset({"int", "long", "long int", "long long", "long long int", "size_t", "ptrdiff_t",
                            "ssize_t", "intptr_t", "int64_t", "int32_t", "unsigned long", "unsigned long long",
                            "unsigned long int", "uint64_t", "std::size_t", "std::ptrdiff_t", "long unsigned int"})
# signed integer types at least as wide as int: `i += s` in them never wraps in a program with defined behaviour
_SIGNED_WIDE = frozenset({"int", "signed", "signed int", "long", "long int", "signed long", "long long",
                          "long long int", "ptrdiff_t", "ssize_t", "intptr_t", "int64_t", "int32_t", "std::ptrdiff_t",
                          "std::int64_t", "std::int32_t"})
_INTEGER_WORDS = frozenset("int long short char unsigned signed size_t ssize_t ptrdiff_t int8_t int16_t int32_t "
                           "int64_t uint8_t uint16_t uint32_t uint64_t uintptr_t intptr_t bool".split())
_CAST_TYPES = _INTEGER_WORDS | {"float", "double"} | {f"std::{word}" for word in _INTEGER_WORDS}
ARITHMETIC_WORDS = _INTEGER_WORDS | {"float", "double", "_Bool"}
_DECLARATION_QUALIFIERS = frozenset("const volatile static register extern constexpr restrict __restrict "
                                    "__restrict__".split())
_RESTRICT = (b"restrict", b"__restrict", b"__restrict__")
_ITERATOR = re.compile(r"\b(c?r?begin|c?r?end)\s*\(")
# expression nodes the IR records no access for (literals, sizeof, types, lambdas...)
_NO_ACCESS = frozenset(("number_literal", "string_literal", "char_literal", "true", "false", "null", "comment",
                        "sizeof_expression", "field_identifier", "type_descriptor", "concatenated_string",
                        "primitive_type", "this", "nullptr", "lambda_expression", "raw_string_literal"))
_CLEANUP = re.compile(rb"\b(?:__)?cleanup(?:__)?\s*\(\s*([A-Za-z_]\w*)\s*\)")
_ASSERTION = re.compile(r"seq2par\s*:\s*independent\s*(?:\(([^)]*)\))?")


@dataclass(frozen=True)
class Location:
    line: int
    column: int


@dataclass(slots=True)
class Access:
    """One read or write of a named variable (`subscripts is None` for a scalar)."""

    name: str
    mode: str  # "r", "w", or "rw" (compound update: reads and writes the same location)
    subscripts: tuple[Affine | None, ...] | None
    texts: tuple[str, ...]
    line: int
    column: int
    order: int
    ctx: Ctx
    indirect: bool = False  # a subscript reads another array (a[idx[i]])
    unanalyzable: bool = False  # write through a computed pointer (*p++ = ...)
    reduction: tuple | None = None  # ("op", op, stmt) | ("minloc"/"maxloc", stmt, index_vars) | ("index", stmt)
    through_call: str | None = None
    within_row: bool = False  # through_call, confined to the row its argument names (`f(a[i])`, `&a[i][0]`)
    # a subscript read through a scalar's definition (`j = i + 1; a[j]`: subscripts say i + 1, texts say j)
    substituted: bool = False
    # a read of a row's own count (`g[i].size()` of a container of containers), not of its elements
    header: bool = False
    via: str | None = None  # the name it was made through, for an element's other name (`lim` of `int &lim = a[k]`)
    # set from `mode` once (the mode never changes): the analysis asks this of every access of every nest
    # level, hundreds of thousands of times on a real program, and a property call costs more than the test
    is_write: bool = field(init=False, repr=False, compare=False)
    is_read: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.is_write = self.mode != "r"
        self.is_read = self.mode != "w"


@dataclass(slots=True)
class Call:
    name: str
    args: tuple  # tree-sitter nodes
    arg_texts: tuple[str, ...]
    line: int
    column: int
    order: int
    ctx: Ctx
    method_of: str | None = None
    # per argument that names a row of an array (`a[i][j]` of a 3-D array, `&u[i][j][k][0]`): (array, the
    # subscripts of the row, with `?k` standing for any index within it, their texts); else None
    arg_rows: tuple = ()
    # per argument that calls a function-like macro (`POLYBENCH_ARRAY(A)`): the expression it expands to
    # (`*A`, a node of its own tree), else None
    arg_expansions: tuple = ()
    # a method that grows or shrinks one element of a container of containers (`out[i].push_back(x)`),
    # recorded as a store to that element
    element_write: bool = False
    # `obj.m(...)` / `a[i].m(...)` on an object of a class of the file whose only method `m` is defined in it
    # (no overload, not virtual, static or a template): that class, and whether `m` is declared `const`. A
    # method that is not const is recorded as a store to the object; what else it does is its summary's.
    method_class: str | None = None
    method_const: bool = False
    # positions of `&x` arguments (x a local scalar) handed to an element parameter of the callee (one that
    # only ever reads or writes `*p`): recorded as accesses of x at the call, not as x's address escaping
    element_args: frozenset[int] = frozenset()
    # per argument `t[e]` (one subscript of a name): e's affine form, else None
    arg_indices: tuple = ()
    # per argument that is one whole element of an array or container (`ps[i]`, `a[i][j]`, a reference `p`
    # bound to one, a range-for's element): (array, subscripts, their texts), else None; a callee's reference
    # parameter bound to it reaches that element only
    arg_elements: tuple = ()


@dataclass
class Jump:
    kind: str  # break, continue, return, goto
    line: int
    column: int
    ctx: Ctx


@dataclass
class Loop:
    id: int
    function: str
    kind: str  # for, while, do, range
    node: object
    line: int
    column: int
    end_line: int
    depth: int
    parent: int | None
    var: str | None = None
    lower: Affine | None = None  # inclusive
    upper: Affine | None = None  # exclusive (for ascending loops) / inclusive lower end of a descending one
    step: int | None = None
    # a tile loop's step, loop-invariant and known only at run time (`ii += tile`; step is None): its values
    # are some of [lower, upper), each a tile's start
    tile_step: str = ""
    tile_amount: Affine | None = None
    # exclusive upper ends the index stays below when `upper` is not one affine bound: the operands of a min
    # (`j < MIN(n, jj + tile)`), any of which bounds the index (not the trip count)
    upper_limits: tuple[Affine, ...] = ()
    lower_text: str = ""
    upper_text: str = ""
    cond_text: str = ""
    canonical_condition: str | None = None  # `i < (n >= 1 ? n - 1 : 0)` for a source `i + 1 < n` (not OpenMP's form)
    index_declared: bool = False
    # `for (t = 0.0, i = 0; ...)`, `for (int i = 0, n = v.size(); ...)`: the initialization's other parts,
    # as the statements that run them before the loop (`t = 0.0;`, `int n = v.size();`), and the
    # initialization with the index's part alone (`i = 0`, `int i = 0;`); see `_header_index`
    header_extras: tuple[str, ...] = ()
    header_init: str = ""
    # `for (ig = ii, i = 0; ig < n; ig++, i++)`: the variables the header steps beside the index, each
    # (name, start's text, amount per iteration, type, declared in the header); at every iteration's start
    # each is its start plus its amount times the iterations before (see `_derived_inductions`), and the
    # update with the index's part alone is `index_update`
    derived: tuple[tuple[str, str, int, str, bool], ...] = ()
    index_update: str = ""
    index_type: str = ""  # the index's declared type: in the header (`unsigned i = 0`), else the variable's
    range_container: str | None = None
    not_countable: str | None = None
    bound_symbols: frozenset[str] = frozenset()
    children: list[int] = field(default_factory=list)
    first_order: int = 0
    last_order: int = 0
    body_orders: tuple[int, int] = (0, 0)  # accesses with body_orders[0] < order <= body_orders[1]
    assertion: tuple[str, ...] | None = None  # names from `// seq2par: independent(...)`; () = all

    @property
    def location(self) -> Location:
        return Location(self.line, self.column)


@dataclass
class Variable:
    name: str
    type_text: str
    is_pointer: bool = False
    is_array: bool = False
    dims: tuple[str, ...] = ()
    restrict: bool = False
    is_reference: bool = False
    is_const: bool = False
    # `volatile` on the declaration (`volatile int *p` too): another agent may change it between two reads
    is_volatile: bool = False
    # `thread_local`, `_Thread_local`, `__thread`: a copy per thread (the other threads do not see this one's)
    is_thread_local: bool = False
    allocated: bool = False  # pointer initialised from malloc/calloc/new: a distinct object
    is_static: bool = False  # `static`: a local shared by every call and iteration; a global of this file only
    pointer_depth: int = 0  # `*`s in the declarator: 2 for `double **m`, 1 for `double *rows[N]`
    # A pointer to an array (`double (*u)[M]`, `double (*A)[N][M]`): the dimensions it points to. `u[i][j]`
    # then stays inside one object with contiguous rows, unlike a table of row pointers.
    pointee_dims: tuple[str, ...] = ()
    is_member: bool = False  # a data member of a C++ class, named in its member functions
    # a global declared `extern`, or declared in a header without `static`: other files of the program may
    # set it (a pointer's target is then unknown here)
    is_extern: bool = False
    init_text: str = ""
    line: int = 0
    ctx: Ctx = ()


@dataclass
class Function:
    name: str
    node: object
    line: int
    end_line: int
    params: list[Variable] = field(default_factory=list)
    body: object = None  # the compound statement (`node` is the whole definition)
    locals: dict[str, Variable] = field(default_factory=dict)
    accesses: list[Access] = field(default_factory=list)
    calls: list[Call] = field(default_factory=list)
    jumps: list[Jump] = field(default_factory=list)
    declarations: list[tuple[str, Ctx, int]] = field(default_factory=list)
    loops: list[Loop] = field(default_factory=list)
    assigned_from: dict[str, list[str]] = field(default_factory=dict)  # pointer := expression (text)
    # pointer := another pointer plus integers (`b = a + n + off`): (a, the offset, order, ctx) per assignment
    pointer_offsets: dict[str, list[tuple[str, Affine | None, int, Ctx]]] = field(default_factory=dict)
    swaps: set[tuple[str, str]] = field(default_factory=set)  # (lhs, rhs) of `t = a; a = b; b = t;`
    if_partners: dict[int, int] = field(default_factory=dict)  # then-branch ctx id <-> else-branch ctx id
    static_locals: set[str] = field(default_factory=set)  # not in `declarations`: they outlive the scope
    # names declared again with another type (`int t;` and, in a block or a loop's header, `double t`): the
    # analysis looks names up by name, so which type a use of such a name has is not known
    retyped: set[str] = field(default_factory=set)
    # every type a local of that name is declared with where it is declared more than once with different ones
    # (`{ D t(i); ... }` then `double t = 0;`): the objects of a class the function may make under that name
    local_types: dict[str, set[str]] = field(default_factory=dict)
    address_taken: dict[str, int] = field(default_factory=dict)  # scalar → line of `&x` / `T &r = x;`
    references: dict[str, str] = field(default_factory=dict)  # `T &r = a[k];` / `auto &row = m[i];`: r → a
    # per name, the block declarations that bind it to one element or row (`P &p = ps[i];`, `alias`): accesses
    # through it are recorded as the element's
    element_aliases: dict[str, int] = field(default_factory=dict)
    # stores into a table of rows, by name, with the number of subscripts of the store (`t[i][j] = ...` is
    # level 2; 0 for `*(m + 2) = ...`, a store whose level is not known): `m[i] = malloc(...)`, rows of their
    # own; `m[i] = anything else` (`rows[i] = rows[0] + i`). Whether a level holds rows or elements depends
    # on the access judged: `t[i][j]` is a row of `t[i][j][k]`.
    row_allocations: dict[str, set[int]] = field(default_factory=dict)
    row_other: dict[str, set[int]] = field(default_factory=dict)
    row_other_texts: dict[str, dict[int, list[str]]] = field(default_factory=dict)  # their right sides
    # the allocations a local pointer was set from, as written (`alloc2d(n, m)`, `malloc(...)`; "" for one whose
    # text is not a call: `posix_memalign(&p, ...)`): a table returned by a function of the program that
    # builds it row by row has rows of its own (see ProgramAnalysis.table_builder)
    allocation_texts: dict[str, list[str]] = field(default_factory=dict)
    # parameters declared through a function-like macro this analysis does not know (`double ARR(x, n)`
    # with ARR in a header it cannot read): the macro names; the names the body uses for them are unknown
    opaque_params: list[str] = field(default_factory=list)
    member_allocations: set[str] = field(default_factory=set)  # `t.a` set from malloc/calloc/new
    member_other: set[str] = field(default_factory=set)  # `t.a` set from anything else
    # scalars whose update would be a reduction but for a store that drops part of the value: name → why
    narrowed: dict[str, str] = field(default_factory=dict)

    def param(self, name: str) -> Variable | None:
        for p in self.params:
            if p.name == name:
                return p
        return None


@dataclass
class Program:
    path: str
    language: str
    source: bytes
    tree: object
    functions: dict[str, Function] = field(default_factory=dict)
    globals: dict[str, Variable] = field(default_factory=dict)
    macros: dict[str, int] = field(default_factory=dict)  # textual: they apply in every scope
    code_macros: dict[str, str] = field(default_factory=dict)  # other object-like macros: name → body text
    # (the sizes of the macro tables, every word of their values): see `_macro_words`
    macro_words: tuple = field(default=(), repr=False, compare=False)
    # the user's headers' other object-like macros, as libclang read them (`#define ALIAS_ROWS u[1] = u[2]`):
    # not expanded, only looked into where a name could hide behind one
    header_code_macros: dict[str, str] = field(default_factory=dict)
    # function-like macros (the file's own and those of the user's headers): name → (parameters, body)
    function_macros: dict[str, tuple[tuple[str, ...], str]] = field(default_factory=dict)
    clang_macros: frozenset[str] = frozenset()  # the names of function_macros that libclang provided
    clang_mode: bool = False  # libclang read the file (its macros are the ones the configuration compiles)
    # names of the functions the file defines (at file scope, in namespaces): a library name among them
    # (`static int max(int a, int b)`) is the program's function, not the library's
    defined_functions: frozenset[str] = frozenset()
    # the namespaces (`a::b`; "" at file scope) each function name of the file is defined in
    function_namespaces: dict[str, frozenset[str]] = field(default_factory=dict)
    # the return type text of each function defined at file scope (None: a pointer, or definitions disagree)
    function_returns: dict[str, str | None] = field(default_factory=dict)
    class_methods: frozenset[str] = frozenset()  # `Class::name` of the methods defined in class bodies
    # `Class::name` → True (declared `const`) / False for each method a class body declares once, not virtual,
    # static, a template, an operator or a friend (a member called on an object is judged by its summary)
    plain_methods: dict[str, bool] = field(default_factory=dict)
    static_members: set[str] = field(default_factory=set)  # `Class::name` of the `static` data members
    file_scope_names: set[str] = field(default_factory=set)  # variables declared at file or namespace scope
    bool_types: set[str] = field(default_factory=set)  # typedef names of bool / _Bool
    union_types: set[str] = field(default_factory=set)  # typedef names of unions
    classes: set[str] = field(default_factory=set)  # C++ classes and structs with a body
    pointer_types: set[str] = field(default_factory=set)  # typedef names of pointer types
    arithmetic_types: set[str] = field(default_factory=set)  # typedef names of arithmetic types (`typedef char base;`)
    constants: dict[str, int] = field(default_factory=dict)  # global const/constexpr integers (scoped names)
    comments: dict[int, str] = field(default_factory=dict)  # line → comment text
    extra_macros: dict[str, int] = field(default_factory=dict)
    word_macros: dict[str, str] = field(default_factory=dict)  # the headers' object-like macros of words
    file_macro_names: frozenset[str] = frozenset()  # every name the file #defines or #undefs, anywhere
    # file-scope references (`double &pivot = arr[0];`): what each is bound into, "?" when not a variable
    global_references: dict[str, str] = field(default_factory=dict)
    # functions the file declares with an asm label (`void *malloc(size_t) __asm__("mine");`): not the library's
    renamed_functions: frozenset[str] = frozenset()
    allocators: set[str] = field(default_factory=set)  # functions that return fresh storage (and those of the run)
    unread_headers: tuple[str, ...] = ()  # the file's own headers (`#include "x.h"`) whose declarations are unknown
    # the names in the file's own headers that hold function bodies (None: a header could not be read)
    header_code_words: frozenset[str] | None = frozenset()
    # every name the file's own headers write (None when one could not be read): a function of the file
    # that they name may have an overload there
    header_words: frozenset[str] | None = frozenset()
    # C++: the file's own headers, each read as a program of its own (`header_programs`), and the classes
    # they define: whose code (constructors, operators...) the implicit-code checks read there
    header_classes: frozenset[str] = frozenset()
    header_programs: list = field(default_factory=list, repr=False, compare=False)
    # every word of the `typedef` statements of the file and its own headers (a superset of the type names
    # they declare; see _misread_cast)
    typedef_words: frozenset[str] = frozenset()
    # function-like macros the file's own headers #define more than once or #undef (see build)
    unsettled_macros: frozenset[str] = frozenset()
    header_function_macros: frozenset[str] = frozenset()  # function_macros read from headers with tree-sitter
    # struct/class/union members: record name (tag, typedef name, or the text of an anonymous one) → member →
    # (kind, type text); kind is "pointer", "reference", "array" or "value"
    fields: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    subscript_classes: set[str] = field(default_factory=set)  # C++ classes with a user-defined operator[]
    # a name defined more than once (overloads, or one name in two namespaces): name → the keys of its
    # definitions in `functions` (`total`, `total#2`, ...); a call of the name may run any of them
    overloads: dict[str, list[str]] = field(default_factory=dict)
    # the file-scope functions' element parameters: name → {position: "r" | "w" | "rw"}, what a call does to
    # the one object `&x` hands over (see `_element_parameters`)
    element_params: dict[str, dict[int, str]] = field(default_factory=dict)

    def text(self, node) -> str:
        return self.source[node.start_byte:node.end_byte].decode("utf-8", "replace")

    def all_loops(self) -> list[Loop]:
        loops = [loop for fn in self.functions.values() for loop in fn.loops]
        loops.sort(key=lambda lp: (lp.line, lp.column))
        return loops

    def is_union(self, var: Variable) -> bool:
        return var.type_text.startswith("union") or var.type_text in self.union_types


_FLIPPED = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "!=": "!="}  # `a op b` is `b FLIPPED[op] a`


_RANDOM_ACCESS = re.compile(r"\b(?:std::)?(?:vector|array|basic_string|string|valarray)\s*(?:<|\b)")


def random_access_container(var: Variable) -> bool:
    """A standard container with random-access iterators (`std::vector`, `std::array`, `std::string`,
    `std::valarray`) held by value or reference, by its declared type."""
    return bool(_RANDOM_ACCESS.search(var.type_text)) and "*" not in var.type_text


def bit_vector(var: Variable | None) -> bool:
    """The variable is a `std::vector<bool>` itself (not a vector of them): its elements are bits, reached
    through proxy objects (`std::vector<bool>::reference`) and iterators that address bits."""
    return var is not None and re.sub(r"\s+|std::|\bconst\b|&", "", var.type_text) == "vector<bool>"


_INTEGER_WORDS = frozenset("""char short int long unsigned signed bool _Bool size_t ssize_t ptrdiff_t intptr_t
    uintptr_t int8_t int16_t int32_t int64_t uint8_t uint16_t uint32_t uint64_t const volatile static register
    constexpr""".split())
# libm and library calls whose value is an integer
_INTEGER_CALLS = frozenset({"abs", "labs", "llabs", "strlen", "strcmp", "lrint", "lround", "llrint", "llround",
                            "ilogb", "popcount", "__builtin_popcount", "__builtin_popcountll", "std::abs",
                            "std::popcount", "size", "std::size", "std::distance", "std::count", "std::count_if"})


def value_rank(type_text: str) -> int:
    """How much of a real number a type keeps: 0 an integer, 1 `float`, 2 `double`, 3 `long double` or a type
    the analysis cannot tell (a class, a typedef it has not seen)."""
    words = type_text.replace("std::", "").replace("*", " ").replace("&", " ").split()
    if words and set(words) <= _INTEGER_WORDS:
        return 0
    if "float" in words and "double" not in words:
        return 1
    if "double" in words and "long" not in words:
        return 2
    return 3


_INTEGER_TYPES: dict[tuple[str, ...], tuple[int, bool | None]] = {}
for _names, _bits, _signed in (
        (("char",), 8, None), (("char signed",), 8, True), (("char unsigned",), 8, False),
        (("short", "int short", "short signed", "int short signed"), 16, True),
        (("short unsigned", "int short unsigned"), 16, False),
        (("int", "signed", "int signed"), 32, True), (("unsigned", "int unsigned"), 32, False),
        (("long", "int long", "long signed", "int long signed", "long long", "int long long", "long long signed",
          "int long long signed", "ssize_t", "ptrdiff_t", "intptr_t", "intmax_t", "int64_t"), 64, True),
        (("long unsigned", "int long unsigned", "long long unsigned", "int long long unsigned", "size_t",
          "uintptr_t", "uintmax_t", "uint64_t"), 64, False),
        (("int8_t",), 8, True), (("uint8_t",), 8, False), (("int16_t",), 16, True), (("uint16_t",), 16, False),
        (("int32_t",), 32, True), (("uint32_t",), 32, False), (("bool", "_Bool"), 1, False)):
    for _name in _names:
        _INTEGER_TYPES[tuple(sorted(_name.split()))] = (_bits, _signed)
IntegerType = tuple[int, "bool | None"]  # (bits, signed; None for plain `char`, either)


def integer_type(type_text: str) -> IntegerType | str | None:
    """An arithmetic type as (bits, signed) when it is an integer type (LP64), "real" for a floating type,
    None when it is not known (a class, a typedef the analysis has not seen, a pointer)."""
    if "*" in type_text or "&" in type_text or "[" in type_text:
        return None
    words = [w for w in type_text.replace("std::", "").split() if w not in _DECLARATION_QUALIFIERS]
    if words and set(words) <= {"float", "double", "long"} and ("float" in words or "double" in words):
        return "real"
    return _INTEGER_TYPES.get(tuple(sorted(words)))


# pure library functions (PURE_FUNCTIONS) that store through an argument
_STORING_LIBRARY_FUNCTIONS = frozenset("frexp frexpf frexpl modf modff modfl remquo remquof remquol sincos sincosf "
                                       "lgamma_r swap iter_swap".split())
# what C library functions give: the integer ones by type, the real ones "real"
_LIBRARY_RESULT_TYPES: dict[str, IntegerType | str] = {
    "abs": (32, True), "labs": (64, True), "llabs": (64, True), "strlen": (64, False),
    **{f"__builtin_{name}{suffix}": (32, True) for name in ("ctz", "clz", "popcount", "ffs", "parity")
       for suffix in ("", "l", "ll")},
    **{name: "real" for name in "fabs fabsf sqrt sqrtf cbrt exp expf exp2 log logf log2 log10 pow powf sin cos "
       "tan asin acos atan atan2 sinh cosh tanh floor ceil round trunc fmod fmin fmax hypot erf erfc lgamma "
       "tgamma".split()}}


def _integer_range(kind: IntegerType, holder: bool) -> tuple[int, int]:
    """The values of an integer type; for plain `char` (signed or not, as the compiler decides) what it may
    hold in every case (`holder`), else what it may give in some case."""
    bits, signed = kind
    if bits == 1:
        return 0, 1
    if signed is None:
        return (0, 127) if holder else (-128, 255)
    return (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2 ** bits - 1)


def _promoted(kind: IntegerType) -> IntegerType:
    """C's integer promotion: types narrower than `int` become `int`."""
    return (32, True) if kind[0] < 32 else kind


def common_integer_type(a: IntegerType, b: IntegerType) -> IntegerType:
    """C's usual arithmetic conversions of two integer types (LP64)."""
    a, b = _promoted(a), _promoted(b)
    if a[1] == b[1]:
        return max(a, b)
    unsigned, signed = (a, b) if not a[1] else (b, a)
    return unsigned if unsigned[0] >= signed[0] else signed


def converts_in_order(value: IntegerType | str | None, holder: IntegerType | str | None) -> bool:
    """Whether a running minimum or maximum kept in type `holder`, over values of type `value` (`if (v > m) m =
    v;`), is the one the threads' partial ones combine to: the comparison and the store must convert alike.
    They do when every value is held exactly and compared in a type holding both, when the comparison is made
    in the holder's own type (`unsigned m` over `int`: both convert to unsigned), and through real types
    (rounding and truncation keep the order). Not for a wider or other-signed integer compared in a type the
    store does not use (`short m` over `int` elements wraps; `int best` over `unsigned` elements compares as
    unsigned), nor when a type is not known (a struct member, a call, a typedef from elsewhere)."""
    if holder == "real":
        return True
    if holder is None:
        return False
    if value == "real":
        return True
    if value is None:
        return False
    if value == holder:
        return True
    low, high = _integer_range(value, holder=False)
    kept_low, kept_high = _integer_range(holder, holder=True)
    common = common_integer_type(value, holder)
    if kept_low <= low and high <= kept_high:
        common_low, common_high = _integer_range(common, holder=True)
        return common_low <= min(low, kept_low) and max(high, kept_high) <= common_high
    return common == holder


def through_macros(program: Program, type_text: str) -> str:
    """`type_text` with object-like macros of words replaced by what they spell (PolyBench's `DATA_TYPE`,
    `int` or `double` by its header), as the compiler sees the type."""
    objects = {**program.word_macros, **program.code_macros}
    if not objects:
        return type_text
    for _ in range(4):
        spelled = re.sub(r"[A-Za-z_]\w*", lambda m: objects.get(m.group(0), m.group(0)), type_text)
        if spelled == type_text:
            break
        type_text = spelled
    return type_text


def element_text(var: Variable) -> str:
    """The declared type of an element of `var` (`long` for `long bins[4]` and `std::array<long, 4>`), or of
    `var` itself when it holds none."""
    text = var.type_text
    if "<" in text and ">" in text:
        return text[text.index("<") + 1:text.rindex(">")].split(",")[0]
    return text


_HEADER_METHODS = frozenset({"size", "empty", "capacity", "length"})


def element_depth(program: Program, held: Variable | None) -> int:
    """The subscripts that reach one element of `held`: a true array's dimensions, a pointer's `*`s, the
    levels of nested standard containers; 0 when not known (a pointer to an array, an array of pointers or
    of containers, a class's own operator[])."""
    if held is None or subscript_class(program, held.type_text) is not None:
        return 0
    if held.is_array:
        plain = not held.is_pointer and not held.pointer_depth and not held.pointee_dims and \
            not _RANDOM_ACCESS.search(held.type_text)
        return len(held.dims) if plain else 0
    if held.is_pointer:
        return held.pointer_depth if not held.pointee_dims else 0
    return len(_RANDOM_ACCESS.findall(held.type_text)) if random_access_container(held) else 0


def rows_apart(program: Program, held: Variable | None) -> int:
    """`element_depth` of a true array or a container of containers, whose rows never overlap (not of a table of
    row pointers, whose rows may): an access with fewer subscripts reaches one row; 0 for other variables."""
    return element_depth(program, held) if held is not None and not held.is_pointer else 0


def held_type(var: Variable) -> str:
    """The declared type of one element of the array, pointer or container `var`: a standard container's element
    type, else the declared type (a true array's or a pointer's element: `std::vector<double>` for
    `std::vector<double> vs[4]`, which `element_text` would take for its `double`)."""
    return element_text(var) if random_access_container(var) and not var.is_array else var.type_text


def holds_elements(var: Variable) -> bool:
    """A pointer, an array or a random-access container: a name whose elements `*(...)` may reach."""
    return var.is_pointer or var.is_array or random_access_container(var)


def variable(program: Program, fn: Function, name: str) -> Variable | None:
    """What `name` denotes inside `fn`: a local, a parameter, or a global (None if none of them)."""
    return fn.locals.get(name) or fn.param(name) or program.globals.get(name)


def _conjuncts(node) -> list:
    """The operands of a chain of `&&` (parentheses removed); the node itself when it is not one."""
    node = _strip_parens(node)
    if node is not None and node.type == "binary_expression":
        op = node.child_by_field_name("operator")
        if op is not None and op.text == b"&&":
            return _conjuncts(node.child_by_field_name("left")) + _conjuncts(node.child_by_field_name("right"))
    return [node]


def _comma_items(node) -> list:
    """The operands of a comma expression, left to right (`a = 0, b = 1, c = 2` is three; a parenthesized
    one is one operand); else [node]."""
    if node.type != "comma_expression":
        return [node]
    return [*_comma_items(node.child_by_field_name("left")), *_comma_items(node.child_by_field_name("right"))]


_WRITTEN_QUERY = """
(assignment_expression left: (_) @w)
(update_expression argument: (_) @w)
(init_declarator declarator: (identifier) @w)
(declaration declarator: (identifier) @w)
(argument_list (_) @given)
"""

# names whose value may change where the IR sees no store to them (see `_escaping_names`)
_ESCAPING_QUERY = """
(pointer_expression operator: "&") @address
(call_expression function: (_) @f arguments: (argument_list (_) @a))
(call_expression function: (identifier) @called)
(function_definition) @nested
(goto_statement) @nested
(gnu_asm_expression) @nested
(preproc_def) @nested
(preproc_function_def) @nested
(preproc_if) @nested
(preproc_ifdef) @nested
(sizeof_expression) @unevaluated
(alignof_expression) @unevaluated
(array_declarator size: (_) @unevaluated)
(abstract_array_declarator size: (_) @unevaluated)
(init_declarator declarator: (identifier) @declared)
(declaration declarator: (identifier) @declared)
(parameter_declaration declarator: (identifier) @declared)
(enumerator name: (identifier) @declared)
(expression_statement (identifier) @bare)
"""


@lru_cache(maxsize=8)
def _query(language: str, which: str):
    from tree_sitter import Query

    from .frontend import parser_for

    text = _WRITTEN_QUERY if which == "written" else _ESCAPING_QUERY
    return Query(parser_for(language).language, text)


def _written_names(node, language: str, program: Program | None = None) -> set[str]:
    """The names `node` may write: assigned, stepped, declared (a new variable of the name), or given to a
    call (a reference parameter or a macro may set it), but, with `program`, to one that cannot (`_safe_call`)."""
    from tree_sitter import QueryCursor

    names = set()
    found = QueryCursor(_query(language, "written")).captures(node)
    given = [a for a in found.get("given", ()) if program is None or not _safe_call(a, program)]
    for target in [*found.get("w", ()), *given]:
        target = _strip_parens(target)  # (`((j))++`)
        if target.type == "identifier":
            names.add(target.text.decode())
    return names


def _escaping_names(body, program: Program, params: frozenset[str] = frozenset()) -> frozenset[str]:
    """Names of a function body whose value may change where the IR sees no store to them, or that the IR may
    confuse with another variable: their address is taken (`&x`, `&((x))`), C gives them to a function-like
    macro, a macro's value names them, a `sizeof` of a variable-length array sets them, the function
    declares them twice or they are also a global's; every name when the body has a nested function, a
    `goto` (a jump back to a label after a read), `asm`, a `#define` of its own (macros read before the
    function), an `#if` (every branch is read, one after the other), or calls `setjmp` (a second return
    with other values). C only: `_scalar_definition`."""
    from tree_sitter import QueryCursor

    found = QueryCursor(_query(program.language, "escaping")).captures(body)
    # (`SETJ;`, a bare name: a macro of a header not read, which may set anything)
    if found.get("nested") or found.get("bare") or any(
            n.text in (b"setjmp", b"_setjmp", b"sigsetjmp", b"__builtin_setjmp") for n in found.get("called", ())):
        return frozenset(_WORD_RE.findall(body.text.decode("utf-8", "replace")))
    names = {n.text.decode() for n in found.get("e", ())}
    for node in found.get("address", ()):
        target = _strip_parens(node.child_by_field_name("argument"))
        if target is not None and target.type == "identifier":
            names.add(target.text.decode())
        elif target is not None:  # `&ID(j)` of `#define ID(x) (x)`: the address of what a macro is given
            names |= _given_names(target)
    # a name declared twice in the function (an enumerator too: `enum { k };` in a block hides the variable k),
    # or also a global: the IR looks names up by name, and may take
    # one declaration's type (or local-ness) for the other's
    declared = [n.text.decode() for n in found.get("declared", ())]
    names |= {name for name in declared if declared.count(name) > 1 or name in program.globals or name in params}
    for node in found.get("unevaluated", ()):  # (`sizeof(int[(x = 0) + 1])` runs `x = 0`: the IR sees no store)
        names |= _written_names(node, program.language)
    # (C passes by value: only a macro, of the file or of a header, can set what it is given, unless its
    # expansion sets nothing: `#define A(i, j) a[(i) + n * (j)]`)
    for argument in found.get("a", ()):
        target = _strip_parens(argument)
        if target.type == "identifier" and not _called_function(argument, program) and \
                not _pure_macro_call(argument, program):
            names.add(target.text.decode())
    return frozenset(names | _macro_words(program))


def _callee_name(argument) -> str | None:
    """The name the call `argument` is given to calls (`f` of `f(x)`), or None."""
    call = argument.parent
    while call is not None and call.type != "call_expression":
        call = call.parent
    function = call.child_by_field_name("function") if call is not None else None
    return function.text.decode() if function is not None and function.type == "identifier" else None


def _safe_call(argument, program: Program) -> bool:
    """The call `argument` is given to cannot set it: one of a function the file defines and no macro of the
    name exists (C passes a function the value; a lowercase name from a header not read, such as curses'
    `getyx(w, y, x)`, may be a macro that sets it), or of a macro of an expression that sets nothing."""
    name = _callee_name(argument)
    return name is not None and (name in program.defined_functions and not _macro_named(program, name)
                                 or _pure_macro_call(argument, program))


def _pure_macro_call(argument, program: Program) -> bool:
    """The call `argument` is given to is one of a function-like macro of the program whose expansion is an
    expression that sets nothing (`_expression_macro` with `pure`)."""
    name = _callee_name(argument)
    return name in program.function_macros and _expression_macro(program, name, pure=True)


def _called_function(argument, program: Program) -> bool:
    """The call `argument` is given to is no macro as far as the program tells: a function the file defines, or
    one that is not a function-like macro of the file or its headers, is not named like a macro (all capitals)
    and is not from a header of the file's own that was not read."""
    name = _callee_name(argument)
    if name is None or name in program.function_macros or name in program.header_function_macros:
        return False
    return name in program.defined_functions or not (name.isupper() or program.unread_headers)


def _macro_words(program: Program) -> frozenset[str]:
    """Every word of the values of the program's macros so far (a macro may name a variable and set it)."""
    sizes = (len(program.code_macros), len(program.header_code_macros), len(program.word_macros),
             len(program.function_macros))
    cached = program.macro_words
    if not cached or cached[0] != sizes:
        texts = [text for macros in (program.code_macros, program.header_code_macros, program.word_macros)
                 for text in macros.values() if isinstance(text, str)]
        words = set(_WORD_RE.findall(" ".join(texts)))
        for params, body in program.function_macros.values():  # (a parameter names the argument, not a variable)
            words |= set(_WORD_RE.findall(body)) - set(params)
        cached = (sizes, frozenset(words))
        program.macro_words = cached
    return cached[1]


_WORD_RE = re.compile(r"[A-Za-z_]\w*")
_UNSIGNED_LITERAL = re.compile(r"\b(?:0[xX][0-9a-fA-F]+|\d+)[lL]*[uU]")


def _literal(node) -> bool:
    """Whether the expression `node` is a number literal (`0`, `-1`, `(2)`)."""
    node = _strip_parens(node)
    while node is not None and node.type == "unary_expression" and node.child_by_field_name("operator") is not None \
            and node.child_by_field_name("operator").text in (b"-", b"+"):
        node = _strip_parens(node.child_by_field_name("argument"))
    return node is not None and node.type == "number_literal"


_STATEMENT_TEXT = re.compile(r"[;{}]|\b(?:if|else|for|while|do|switch|return|goto|break|continue)\b")


# an assignment, a step, or an address (`f(&(x))` may set x)
_SETTING_TEXT = re.compile(r"(?<![=!<>])=(?!=)|<<=|>>=|\+\+|--|(?<!&)&(?!&)")


def _expression_macro(program: Program, name: str, depth: int = 0, pure: bool = False) -> bool:
    """The macro `name` expands to an expression: a number, or a body (and the bodies of the macros it names)
    without `;`, braces or a statement's keyword (`#define A(i, j) a[(i) * n + (j)]`, not `#define S(x) x; n++`);
    with `pure`, also without an assignment, `++`, `--`, `&` but in `&&`, `#` or a call of a parameter. False for
    a macro whose body the analysis has not read."""
    body = program.function_macros[name][1] if name in program.function_macros else \
        program.code_macros.get(name, program.header_code_macros.get(name, program.word_macros.get(name)))
    if body is None:
        return name in program.macros
    if depth > 4 or _STATEMENT_TEXT.search(body) or pure and _SETTING_TEXT.search(body):
        return False
    params = program.function_macros[name][0] if name in program.function_macros else ()
    if pure and ("#" in body or any(re.search(rf"\b{re.escape(p)}\s*\(", body) for p in params)):
        return False  # (`x + ## +` pastes `++`; `f(x)` with a parameter f calls what the caller names)
    return all(not _macro_named(program, word) or _expression_macro(program, word, depth + 1, pure)
               for word in set(_WORD_RE.findall(body)) - {name})


def _given_in_stores(node, program: Program) -> set[str]:
    """The names given to a call in what `node` stores into (`ID(k) = 0`, `++ID(k)`: a macro may expand to
    them), but for the arguments a macro of an expression that sets nothing only subscripts with (`C_(i, k) =
    0` of `#define C_(i, j) c[i][j]`)."""
    names = set()
    stack = [node]
    while stack:
        n = stack.pop()
        target = n.child_by_field_name("left") if n.type == "assignment_expression" else \
            n.child_by_field_name("argument") if n.type == "update_expression" else None
        if target is not None:
            names |= _given_names(target, program)
        stack.extend(n.named_children)
    return names


def _given_names(node, program: Program | None = None) -> set[str]:
    """The names given as arguments to the calls within `node`; with `program`, not those a macro of an
    expression that sets nothing only subscripts with (`_subscripting_params`)."""
    names = set()
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "argument_list":
            called = n.parent.child_by_field_name("function") if n.parent is not None else None
            indexed = _subscripting_params(program, called.text.decode()) \
                if program is not None and called is not None and called.type == "identifier" else frozenset()
            names |= {arg.text.decode() for k, a in enumerate(n.named_children)
                      if (arg := _strip_parens(a)) is not None and arg.type == "identifier" and k not in indexed}
        stack.extend(n.named_children)
    return names


def _subscripting_params(program: Program, name: str) -> frozenset[int]:
    """The positions of the parameters of the function-like macro `name`, of an expression that sets nothing,
    that its body names only within brackets (`#define C_(i, j) c[i][j]`: 0 and 1)."""
    if name not in program.function_macros or not _expression_macro(program, name, pure=True):
        return frozenset()
    params, body = program.function_macros[name]
    depth, outside = 0, set()
    for m in re.finditer(r"[A-Za-z_]\w*|[\[\]]", body):
        word = m.group(0)
        depth += 1 if word == "[" else -1 if word == "]" else 0
        if depth <= 0 and word in params:
            outside.add(word)
    return frozenset(k for k, p in enumerate(params) if p not in outside)


def _plain_integer(type_text: str) -> bool:
    """An integer type at least as wide as int, without volatile (`int`, `unsigned long`, `size_t`)."""
    words = type_text.split()
    return bool(words) and "volatile" not in words and set(words) <= _INTEGER_WORDS and \
        _narrow_range(type_text) is None and not {"bool", "_Bool", "static"} & set(words)


# what reads memory other than a named variable (or may): a call, `*p`, `a[i]`, `s.m`/`p->m`
_MEMORY_READS = ("call_expression", "pointer_expression", "subscript_expression", "field_expression")


def _has_node(node, types: tuple[str, ...]) -> bool:
    """Whether `node` or a node within it has one of the types `types`."""
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in types:
            return True
        stack.extend(n.children)
    return False


def _strip_parens(node):
    while node is not None and node.type in ("parenthesized_expression", "condition_clause") \
            and node.named_child_count == 1:
        node = node.named_children[0]
    return node


def _simple_copy(stmt) -> tuple[str, str] | None:
    """(x, y) for a statement `x = y;` or a declaration `T *x = y;` between plain names."""
    if stmt.type == "expression_statement" and stmt.named_child_count == 1:
        expr = stmt.named_children[0]
        if expr.type == "assignment_expression" and (left := expr.child_by_field_name("left")).type == "identifier" \
                and expr.child_by_field_name("operator").text == b"=":
            right = _strip_parens(expr.child_by_field_name("right"))
            if right.type == "identifier":
                return left.text.decode(), right.text.decode()
    if stmt.type == "declaration":
        decls = stmt.children_by_field_name("declarator")
        if len(decls) == 1 and decls[0].type == "init_declarator":
            value = _strip_parens(decls[0].child_by_field_name("value"))
            name, _ = _declarator_name(decls[0])
            if name and value is not None and value.type == "identifier":
                return name, value.text.decode()
    return None


_NARROW_RANGES = (  # integer types narrower than int (without the word `int`): their range
    (("char", "signed char"), -128, 127), (("unsigned char", "uint8_t"), 0, 255), (("int8_t",), -128, 127),
    (("short", "signed short", "short signed", "int16_t"), -32768, 32767),
    (("unsigned short", "short unsigned", "uint16_t"), 0, 65535), (("bool", "_Bool"), 0, 1))


def _char_constant(node) -> Affine | None:
    """`'a'` (a plain character literal) as its value, else None."""
    text = _strip_parens(node).text.decode() if node is not None else ""
    if re.fullmatch(r"'[^'\\]'", text):
        return Affine.const(ord(text[1]))
    return None


def _narrow_bound(narrow: tuple[int, int, str], lo, bound, op: str, step: int, same_type: bool = False
                  ) -> str | None:
    """Why a loop over an index narrower than int may not end where its bound says: the start or the bound
    is not a constant (`unsigned char u = lo` converts lo; `u < n` with n > 255 never ends, u wraps), or
    the bound is one the index never passes (`u < 256`, `u <= 255`); None when it ends. A bound of the
    index's own type with `<` (`short i = 0; i < n` with a short n) is reached before the index wraps."""
    least, greatest, _ = narrow
    if same_type and op == "<" and step > 0 and lo is not None and lo.is_constant() and \
            least <= lo.constant <= greatest:
        return None
    if lo is None or bound is None or not lo.is_constant() or not bound.is_constant():
        return "its start or bound is not a constant, and the index wraps at the ends of its range"
    hi = bound.constant
    ends = {"<": hi <= greatest, "<=": hi < greatest, ">": hi >= least, ">=": hi > least,
            "!=": least <= hi <= greatest and (lo.constant <= hi if step > 0 else lo.constant >= hi)}
    if not ends.get(op, False):
        return f"`{op} {hi}` is never false within {least}..{greatest} (the index wraps)"
    return None


def _unsigned_index(type_text: str) -> bool:
    words = type_text.replace("std::", "").split()
    return "unsigned" in words or any(w in ("size_t", "uint32_t", "uint64_t", "uintptr_t", "uintmax_t", "uint16_t",
                                            "uint8_t") for w in words)


def _element_words(var: Variable) -> tuple[str, ...] | None:
    """The element type of a pointer or a one-dimensional array, as words without qualifiers; None for others."""
    if var.pointer_depth + len(var.dims) != 1 or var.pointee_dims:
        return None
    return tuple(w for w in var.type_text.replace("*", " ").split() if w not in _DECLARATION_QUALIFIERS)


@lru_cache(maxsize=4096)
def _type_key(type_text: str) -> str:
    """The type's words without qualifiers and storage classes, one space apart (`const long` -> `long`)."""
    return " ".join(re.sub(r"\b(?:const|volatile|register|static)\b", " ", type_text).split())


def _integer_rank(type_text: str) -> int:
    """2 for the 64-bit signed types of `_SIGNED_WIDE` (long, long long, ptrdiff_t, ...), 1 for int's."""
    return 1 if _type_key(type_text) in ("int", "signed", "signed int", "int32_t", "std::int32_t") else 2


def signed_wide(type_text: str) -> bool:
    return _type_key(type_text) in _SIGNED_WIDE


def _narrow_range(type_text: str) -> tuple[int, int, str] | None:
    """(least, greatest, type) of an integer type narrower than `int` (char, short, bool); None for others."""
    key = " ".join(re.sub(r"\b(?:const|volatile|register|static|int)\b", " ", type_text).split())
    return next(((low, high, type_text.strip()) for names, low, high in _NARROW_RANGES if key in names), None)


def _bounded(value: Affine | None) -> Affine | None:
    """`value`, or None when a number in it is near or beyond the range of C's widest integers (`a[i + K*K*K]`
    of large K): C's arithmetic may wrap there, and findings would print numbers C does not have."""
    if value is None or abs(value.constant) >= 2 ** 62 or any(abs(c) >= 2 ** 62 for _, c in value.terms):
        return None
    return value


def _int_literal(text: str) -> int | None:
    return c_integer(text)


_MACRO_TOKEN = re.compile(r"\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)"
                          r"|(<<|>>|<=|>=|==|!=|&&|\|\||[-+*/%()<>!]))")
_INT_LIMIT = 2 ** 31
_MACRO_OPERATORS = {"<<": operator.lshift, ">>": operator.rshift, "+": operator.add, "-": operator.sub,
                    "*": operator.mul, "==": lambda a, b: int(a == b), "!=": lambda a, b: int(a != b),
                    "<": lambda a, b: int(a < b), ">": lambda a, b: int(a > b), "<=": lambda a, b: int(a <= b),
                    ">=": lambda a, b: int(a >= b), "&&": lambda a, b: int(bool(a) and bool(b)),
                    "||": lambda a, b: int(bool(a) or bool(b))}


def _signed_int(value) -> bool:
    """An `int` value (a literal without a suffix that makes it unsigned or long, within int's range)."""
    return value is not None and getattr(value, "kind", "s32") == "s32" and -_INT_LIMIT <= value < _INT_LIMIT


def fully_parenthesized(text: str) -> bool:
    """`text` is one parenthesized expression, `(a + b)`, and not `(a) + (b)`."""
    text = text.strip()
    if not (text.startswith("(") and text.endswith(")")):
        return False
    depth = 0
    for k, char in enumerate(text):
        depth += char == "("
        depth -= char == ")"
        if depth == 0 and k < len(text) - 1:
            return False
    return depth == 0


def macro_expression_value(text: str, macros: dict[str, int]) -> int | None:
    """The value of a macro body that is an integer expression of literals and known macros (`(1 << MK)`,
    `2*NK`, `N + 1`, `TIMERS_ENABLED == TRUE`) with C's integer arithmetic (`/` and `%` truncate toward zero,
    comparisons and `&&`, `||`, `!` give 0 or 1); None for anything else, or when a step leaves the range of
    an `int`."""
    tokens, at = [], 0
    text = text.strip()
    while at < len(text):
        m = _MACRO_TOKEN.match(text, at)
        if m is None or m.end() == at:
            return None
        at = m.end()
        if m.group(1):
            value = c_integer(m.group(0).strip())
            if not _signed_int(value):
                return None  # unsigned or long: `0u - 1` is 4294967295, `0xFFFFFFFF == -1` is true in C
            tokens.append(value)
        elif m.group(2):
            if not _signed_int(macros.get(m.group(2))):
                return None
            tokens.append(macros[m.group(2)])
        else:
            tokens.append(m.group(3))
    position = 0

    def primary() -> int | None:
        nonlocal position
        if position >= len(tokens):
            return None
        token = tokens[position]
        position += 1
        if isinstance(token, int):
            return token
        if token == "(":
            value = binary(0)
            if value is None or position >= len(tokens) or tokens[position] != ")":
                return None
            position += 1
            return value
        if token in ("-", "+", "!"):
            value = primary()
            return None if value is None else (-value if token == "-" else int(not value) if token == "!" else value)
        return None

    levels = (("||",), ("&&",), ("==", "!="), ("<", ">", "<=", ">="), ("<<", ">>"), ("+", "-"), ("*", "/", "%"))

    def binary(level: int) -> int | None:
        nonlocal position
        if level == len(levels):
            return primary()
        left = binary(level + 1)
        while left is not None and position < len(tokens) and tokens[position] in levels[level]:
            op = tokens[position]
            position += 1
            right = binary(level + 1)
            if right is None:
                return None
            if op in ("/", "%") and right == 0 or op in ("<<", ">>") and not 0 <= right < 31:
                return None
            if op == "/":
                left = abs(left) // abs(right) * (1 if (left >= 0) == (right >= 0) else -1)
            elif op == "%":
                left = left - right * (abs(left) // abs(right) * (1 if (left >= 0) == (right >= 0) else -1))
            else:
                left = _MACRO_OPERATORS[op](left, right)
            if not -_INT_LIMIT <= left < _INT_LIMIT:
                return None
        return left

    value = binary(0)
    return value if value is not None and position == len(tokens) and -_INT_LIMIT <= value < _INT_LIMIT else None


_VIEW_TYPE = re.compile(r"\b(?:span|mdspan|string_view|iterator|const_iterator|reverse_iterator)\b")
_VIEW_OF = re.compile(r"\.\s*(?:c?r?begin|c?r?end|data)\s*\(|\bstd::(?:c?r?begin|data|next|prev)\s*\(")


def structured_binding_names(node) -> list[str]:
    """The names of a structured binding declaration (`auto &[k, v] = ...`), else []."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if current.type == "structured_binding_declarator":
            return [c.text.decode() for c in current.named_children if c.type == "identifier"]
        if current.type in ("init_declarator", "reference_declarator"):
            stack.extend(current.named_children)
    return []


def stores_to(node, name: str, *, address: bool = False):
    """The expressions under `node` that store into the variable `name` (`name = ...`, `name += ...`,
    `++name`, also `(name) = ...`), and with `address` those that take its address (`&name`)."""
    stack = [node]
    while stack:
        current = stack.pop()
        target = None
        if current.type == "assignment_expression":
            target = current.child_by_field_name("left")
        elif current.type == "update_expression":
            target = current.child_by_field_name("argument")
        elif address and current.type == "pointer_expression" and \
                current.child_by_field_name("operator").text == b"&":
            target = current.child_by_field_name("argument")
        target = _strip_parens(target) if target is not None else None
        if target is not None and target.type == "identifier" and target.text.decode() == name:
            yield current
        stack.extend(current.named_children)


def pointer_sources(fn: Function, name: str) -> list[str]:
    """What the local pointer `name` of `fn` is set from: the texts of its assignments and of its
    initializer; allocations (which give it storage of its own, `Variable.allocated`) are not among them."""
    var = fn.locals.get(name)
    init = var.init_text if var is not None else None
    return list(dict.fromkeys([*fn.assigned_from.get(name, []), *([init] if init and not _allocates(init)
                                                                   else [])]))


def _moved_after(declarator, name: str) -> bool:
    """Whether the block that declares the pointer `name` (at `declarator`) assigns it, steps it or takes its
    address anywhere (an inner loop's `p++` moves it between iterations): then `p[k]` and `*p` are not the
    fixed element its initializer names."""
    block = declarator
    while block is not None and block.type not in ("compound_statement", "for_statement"):
        block = block.parent
    return block is None or next(stores_to(block, name, address=True), None) is not None


def _descendants(node):
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.named_children))


def _call_arguments(text: str, start: int) -> tuple[list[str] | None, int]:
    """The top-level comma-separated arguments of the call whose `(` ends just before `start`, and the index
    after its `)`; (None, start) when the parentheses do not close."""
    depth, args, current = 0, [], start
    for index in range(start, len(text)):
        char = text[index]
        if char in "([{":
            depth += 1
        elif char in ")]}" and depth:
            depth -= 1
        elif char == ")":
            args.append(text[current:index].strip())
            return ([] if args == [""] else args), index + 1
        elif char == "," and not depth:
            args.append(text[current:index].strip())
            current = index + 1
    return None, start


def _declarator_name(node) -> tuple[str | None, Variable]:
    """Name and shape of a (possibly nested) declarator."""
    var = Variable(name="", type_text="")
    dims: list[str] = []
    while node is not None:
        t = node.type
        if t in ("identifier", "field_identifier"):
            var.name = node.text.decode()
            break
        if t == "pointer_declarator":
            if dims and not var.is_pointer:
                # `(*p)[M]`: the arrays outside the parentheses are what p points to
                var.pointee_dims = tuple(reversed(dims))
                dims = []
                var.is_array = False
            var.is_pointer = True
            var.pointer_depth += 1
            for c in node.children:
                if c.type == "type_qualifier" and c.text in _RESTRICT:
                    var.restrict = True
                var.is_volatile |= c.type == "type_qualifier" and c.text == b"volatile"  # `int *volatile q`
        elif t == "array_declarator":
            var.is_array = True
            size = node.child_by_field_name("size")
            dims.append(size.text.decode() if size is not None else "")
            # C99 `double C[restrict ni][nj]` (a parameter): C is a restrict-qualified pointer
            if any(c.type == "type_qualifier" and c.text in _RESTRICT for c in node.children):
                var.restrict = True
        elif t == "reference_declarator":
            var.is_reference = True
        elif t == "init_declarator":
            pass
        elif t in ("function_declarator", "parenthesized_declarator"):
            pass
        nxt = node.child_by_field_name("declarator")
        if nxt is None:
            nxt = next((c for c in node.named_children if c.type.endswith("declarator")
                        or c.type in ("identifier", "field_identifier")), None)
        node = nxt
    var.dims = tuple(reversed(dims))
    return var.name or None, var


class _Builder:
    """One pass over a translation unit, building the Program IR."""

    def __init__(self, program: Program) -> None:
        self.p = program
        self.order = 0
        self._own_code_macros: set[str] = set()  # the file's own object-like macros of code, defined so far
        self.next_loop = 0
        self.next_ctx = 0
        self.fn: Function | None = None
        # a name for one element (a range-for's reference, `P &p = ps[i];` in a block) → (container,
        # subscripts, their texts, whether a declaration in a block made it)
        self.alias: dict[str, tuple[str, tuple, tuple, bool]] = {}
        self.element_types: dict[str, str] = {}  # range-for variable → the type of the elements it holds
        # range-for references to the whole element (`for (auto &p : ps)`) → the type the loop declares
        self.elements: dict[str, str] = {}
        self._arithmetic_typedefs: dict[str, str] | None = None  # (`_type_of_text`: read once per file)
        self._enum_names: frozenset[str] | None = None  # (`_enumerators`)
        self._ambiguous_types: set[str] = set()
        # A pointer declared in a loop body into a named array (`double *row = &m[i * n];`, `= a + i`,
        # `= m[i]`): name → (array, subscripts before the pointer's own, their texts, points at an element
        # (else at a row), the declaring context). Accesses through it are recorded on the array.
        self.forward: dict[str, tuple[str, tuple, tuple, bool, Ctx]] = {}
        self._macro_depth = 0
        # forward substitution (see `_scalar_definition`): name → (value, ctx, blocks) of `j = i + 1;`
        self._defs: dict[str, tuple[Affine, Ctx, tuple[int, ...]]] = {}
        # a loop whose header steps variables beside its index: (the index's start, the others, the update's
        # part that steps the index) (`_derive`)
        self._derived_parts: dict[int, tuple[Affine, list, object]] = {}
        self._index_written: dict[int, bool] = {}  # loop id → whether its body may write its index
        self._users: dict[str, set[str]] = {}  # name → the names whose definitions read it (`_kill`)
        self._blocks: tuple[int, ...] = ()  # the compound statements around the statement being read
        self._unsubstituted: frozenset[str] | None = None  # names of this function no definition may give
        self._substituting = False  # whether definitions are made in the function being read
        self._subscript_ctx: Ctx | None = None  # set while a subscript is read: `affine` then substitutes
        self._substituted = False  # whether the last `_array_access` substituted a definition
        self._inherited = set(program.header_function_macros)
        self._macro_bodies: dict[str, object] = {}  # expansion text -> its parsed function (or None)
        self._macro_trees: list = []  # parsed expansions of macro-declared parameters
        self._ambiguous_macros: set[str] = set()
        self._renamed: dict[str, bool] = {}  # class name → another declaration gives it (`_renamed_class`)
        self._in_order: set[str] = set()  # macros the file defines (once, not as a default): see build
        self._other_typedefs: set[str] = set()  # typedef and `using` names of types that are not arithmetic
        self._using_names: set[str] = set()  # names a `using ns::name;` brings in (types among them)
        self._declared_in: dict[str, set[str]] = {}  # see _declared_variable
        self._reference_members: set[str] = set()  # members that are references in some record (see build)
        # while a macro's expansion is analyzed: the call it replaces, whose location every event takes
        self.location_of = None
        self._used_statements: set[int] = set()  # see _value_used

    # -- translation unit -----------------------------------------------------------------------------
    def build(self) -> None:
        root = self.p.tree.root_node
        _collect_fields(self.p, root)
        self._reference_members = {name for members in self.p.fields.values()
                                   for name, (kind, _) in members.items() if kind == "reference"}
        self.p.defined_functions, self.p.class_methods = _defined_function_names(root, self.p.function_returns)
        self.p.function_namespaces = _function_namespaces(root) if self.p.language == "cpp" else {}
        if self.p.language == "cpp":
            self.p.plain_methods = _plain_methods(root)
        # (C only: in C++ `*p` may bind to a reference parameter, or a `>>` may store into it)
        self.p.element_params = _element_parameters(root, self.p.function_macros) if self.p.language == "c" else {}
        # A macro the file defines twice, or undefines, anywhere (in `#if` groups, in function bodies): which
        # value a loop sees depends on where it is and on conditions not evaluated here, so it is unknown.
        redefined, defined = _file_macros(root)
        self.p.renamed_functions = frozenset(m.group(1).decode() for m in re.finditer(
            rb"\b([A-Za-z_]\w*)\s*\((?:[^()]|\([^()]*\))*\)\s*(?:__asm__|__asm|asm)\b", root.text)
        ) if b"asm" in root.text else frozenset()
        self.p.file_macro_names = frozenset(m.group(2).decode() for m in DEFINE_OR_UNDEF.finditer(root.text))
        for name in redefined:
            self.p.macros.pop(name, None)
            self._ambiguous_macros.add(name)
        # one the file defines once holds from its #define on (libclang's value is the one at the end of the
        # file, -D's is overridden), unless that #define is a default the command line or libclang sets
        for name in defined - redefined:
            self.p.macros.pop(name, None)
            self._in_order.add(name)
        for name in unsettled_function_macros(root.text, set(self.p.function_macros), self.p.clang_mode) | \
                self.p.unsettled_macros:
            # (libclang gives one definition, the last: not the one code before an #undef or a second #define
            # sees, nor what a use before the #define names, a lambda or a function object of that name)
            self.p.function_macros.pop(name, None)
            self._inherited.discard(name)
            self._ambiguous_macros.add(name)
        self._top_level(root)
        # a name that one namespace or scope makes arithmetic and another makes something else (`a::num` a
        # double, `b::num` a std::string) is read unqualified here: neither is known
        self.p.arithmetic_types -= self._other_typedefs
        self.p.bool_types -= self._other_typedefs

    def _top_level(self, node) -> None:
        for child in node.named_children:
            t = child.type
            if t == "function_definition":
                if not child.has_error:
                    self._function(child)
            elif t == "declaration":
                self._global_declaration(child)
            elif t == "preproc_def":
                self._macro(child)
            elif t == "preproc_function_def":
                self._function_macro(child)
            elif t == "alias_declaration" and len(child.named_children) == 2:
                # `using real = double;`: the C++ spelling of a typedef
                self._arithmetic_typedef(*(c.text.decode() for c in child.named_children))
            elif t == "alias_declaration" and child.named_children:
                self._other_typedefs.add(child.named_children[0].text.decode())
            elif t == "using_declaration" and child.named_children:
                self._using_names.add(child.named_children[-1].text.decode().split("::")[-1])
            elif t == "type_definition":
                kind = child.child_by_field_name("type")
                for d in child.children_by_field_name("declarator"):
                    if d.type == "type_identifier" and kind is not None and kind.type == "union_specifier":
                        self.p.union_types.add(d.text.decode())
                    elif d.type == "type_identifier" and kind is not None and \
                            set(kind.text.decode().split()) <= ARITHMETIC_WORDS:
                        self._arithmetic_typedef(d.text.decode(), kind.text.decode())
                    elif d.type == "type_identifier":
                        self._other_typedefs.add(d.text.decode())
                    elif d.type == "pointer_declarator":  # `typedef double *row_t;`
                        while d is not None and d.type == "pointer_declarator":
                            d = d.child_by_field_name("declarator")
                        if d is not None and d.type == "type_identifier":
                            self.p.pointer_types.add(d.text.decode())
            elif t == "comment":
                self._comment(child)
            elif t in ("preproc_ifdef", "preproc_if"):
                for part in live_preprocessor_parts(child):
                    self._top_level(part)  # its #else/#elif child is skipped below: it is a part of its own
            elif t in ("linkage_specification", "declaration_list", "namespace_definition", "template_declaration"):
                self._top_level(child)
            elif t in ("class_specifier", "struct_specifier") and self.p.language == "cpp":
                self._class(child)
            elif t in ("preproc_else", "preproc_elif"):
                continue
            elif t == "ERROR":
                # Salvage complete functions inside an error region.
                self._top_level(child)
            elif t == "expression_statement" and implicit_int_definition(child) is not None:
                name, body = implicit_int_definition(child)
                self._function_body(name, child, body, None)

    def _arithmetic_typedef(self, name: str, aliased: str) -> None:
        """`typedef double real;` or `using real = double;` (or of bool): `name` is that arithmetic type."""
        if set(aliased.split()) <= ARITHMETIC_WORDS:
            self.p.arithmetic_types.add(name)
            if aliased.split()[-1] in ("bool", "_Bool"):
                self.p.bool_types.add(name)
        else:
            self._other_typedefs.add(name)

    def _comment(self, node) -> None:
        text = node.text.decode("utf-8", "replace")
        if "seq2par" in text:
            self.p.comments[node.start_point[0] + 1] = text

    def _function_macro(self, node) -> None:
        name = node.child_by_field_name("name")
        params = node.child_by_field_name("parameters")
        value = node.child_by_field_name("value")
        if name is None or params is None or value is None:
            return
        names = tuple(p.text.decode() for p in params.named_children)
        macro = name.text.decode()
        if macro in self.p.clang_macros or self.p.clang_mode:
            # libclang saw which definition the configuration selects; one it does not report as function-like
            # is in a branch not compiled (`#ifdef FAST #define U(i) a[i] #else #define U A2`)
            return
        if macro in self._inherited:  # a header's macro the file defines again: the file's comes later
            self._inherited.discard(macro)
            self.p.function_macros.pop(macro, None)
        if macro in self.p.function_macros or macro in self._ambiguous_macros or \
                any(not re.fullmatch(r"[A-Za-z_]\w*", n) for n in names):
            # defined twice (`#ifdef SAFE ... #else ...`: which one applies is not known here), or variadic
            self.p.function_macros.pop(macro, None)
            self._ambiguous_macros.add(macro)
            return
        self.p.function_macros[macro] = (names, value.text.decode().strip())

    def _expand_macro(self, node, name: str, args, ctx: Ctx) -> bool:
        """Analyze a function-like macro's expansion in place of the call (`SCALAR_VAL(x)`, `pow2(a)`,
        `cadd(c, a, b)`): what its body reads and writes is what the call does. False when it cannot be
        expanded (argument count, nesting deeper than 8, a body that does not parse)."""
        text = self._macro_text(name, args)
        if text is not None:
            # nested macros too (PolyBench's POLYBENCH_2D_ARRAY_DECL declares its array through three more)
            text = self._expand_text(text) or text
        return self._walk_expansion(node, text, ctx)

    def _macro_store(self, node, target, ctx: Ctx) -> bool:
        """A store whose target is a call of a function-like macro (`U(i, j) = v;`, `U(i, j) += v`, `U(i, j)++`
        with `#define U(i, j) u[(i) * N + (j)]`): the statement analyzed with the target expanded, as the
        compiler sees it. False when the target is no such call or its expansion does not parse."""
        target = _strip_parens(target)
        function = target.child_by_field_name("function") if target.type == "call_expression" else None
        args = target.child_by_field_name("arguments")
        if function is None or function.type != "identifier" or args is None:
            return False
        name = function.text.decode()
        if name not in self.p.function_macros or name in self.p.functions:
            return False
        text = self._macro_text(name, [a for a in args.named_children if a.type != "comment"])
        if text is None:
            return False
        text = f"({self._expand_text(text) or text})"
        if node.type == "assignment_expression":
            right = node.child_by_field_name("right")
            text = f"{text} {node.child_by_field_name('operator').text.decode()} ({right.text.decode()})"
        else:  # `U(i, j)++`, `--U(i, j)`
            op = node.child_by_field_name("operator").text.decode()
            text = f"{op}{text}" if node.children[0].type == op else f"{text}{op}"
        return self._walk_expansion(node, text, ctx)

    def _walk_expansion(self, node, text: str | None, ctx: Ctx) -> bool:
        """Analyze the code `text` (a macro's expansion) in place of `node`, its accesses placed at `node`.
        False when it does not parse, nests deeper than 8 expansions, or holds a loop."""
        function = self._parse_body(text) if text is not None and self._macro_depth < 8 else None
        if function is None:
            return False
        stack = [function]
        while stack:  # a loop in a macro would be a loop with no place in the source: keep it a call
            current = stack.pop()
            if current.type in ("for_statement", "while_statement", "do_statement", "for_range_loop"):
                return False
            stack.extend(current.named_children)
        body = function.child_by_field_name("body")
        # `b[i] = BUMP(i)` with `BUMP(i)` `(counter += (i))`: the expansion's value is the call's, so an update
        # in it whose value the code uses is no reduction (a scan), as it is written out
        statements = [c for c in body.named_children if c.type == "expression_statement"]
        used = statements[-1].id if statements and _value_used(node, self._used_statements) else None
        if used is not None:
            self._used_statements.add(used)
        self._macro_depth += 1
        previous = self.location_of
        self.location_of = previous or node
        try:
            self._statement(body, ctx)
        finally:
            self._macro_depth -= 1
            self.location_of = previous
            self._used_statements.discard(used)
        return True

    def _macro_text(self, name: str, args) -> str | None:
        """The expansion of a call of the function-like macro `name`, or None (argument count; stringizing).
        Token pasting joins the texts on either side (`SCALAR_VAL(x)` as `x##f`: `0.5f`)."""
        return self._substitute(name, [a.text.decode() for a in args])

    def _substitute(self, name: str, args: list[str]) -> str | None:
        params, body = self.p.function_macros[name]
        if len(params) != len(args) or re.search(r"(?<!#)#(?!#)", body):
            return None
        # the preprocessor substitutes the argument tokens as written (no parentheses added)
        values = dict(zip(params, args, strict=True))
        # (by preprocessing tokens: the `L` of `1L` or the `e` of `1e+0` is no parameter)
        text = _PP_TOKEN.sub(lambda m: values.get(m.group(0), m.group(0)), body)
        return re.sub(r"\s*##\s*", "", text)

    def _expand_text(self, text: str) -> str | None:
        """`text` with every function-like macro call and every object-like macro that is not a number
        replaced by its expansion, as the preprocessor would (None when it does not settle in 8 rounds or a
        macro cannot be expanded). Numbers stay names: the analysis knows their values."""
        objects = {**self.p.word_macros, **self.p.code_macros}
        for _ in range(8):
            out, index, changed = [], 0, False
            for m in _PP_TOKEN.finditer(text):
                if m.start() < index or not (m.group(0)[0].isalpha() or m.group(0)[0] == "_"):
                    continue  # (a number, a string or character literal: no macro in it)
                name = m.group(0)
                out.append(text[index:m.start()])
                index = m.end()
                rest = re.match(r"\s*\(", text[index:])
                if name in self.p.function_macros and name not in self.p.functions and rest:
                    args, end = _call_arguments(text, index + rest.end())
                    expansion = self._substitute(name, args) if args is not None else None
                    if expansion is None:
                        return None
                    out.append(expansion)
                    index, changed = end, True
                elif name in objects and name not in self.p.macros:
                    out.append(objects[name])
                    changed = True
                else:
                    out.append(name)
            text = "".join(out) + text[index:]
            if not changed:
                return text
        return None

    def _parse_body(self, text: str):
        """The expansion parsed as a function body, once per text (a subscript's macro is read for its
        affine form, for whether it reads memory, and for its accesses). A variable in parentheses before an
        operator that may also start an operand (`(i)+order*(j)`, as macros write their parameters) is read
        as the compiler reads it: the grammar took `(i)` for a cast of `+order` to a type `i`."""
        if self.p.language == "c" and PARENTHESIZED_NAME.search(text):  # (C++'s `f<1>(i)+1` reads otherwise)
            text = unparenthesized(text, self._plain_variable)
        if text not in self._macro_bodies:
            from .frontend import parse
            tree = parse(f"void __s2p_macro(void) {{ {text}; }}".encode(), self.p.language)
            function = tree.root_node.named_children[0] if tree.root_node.named_child_count else None
            ok = not tree.root_node.has_error and function is not None and function.type == "function_definition"
            self._macro_bodies[text] = function if ok else None
        return self._macro_bodies[text]

    def _plain_variable(self, name: str) -> bool:
        """`name` is a variable here, and no type or macro has its name."""
        p = self.p
        return variable(p, self.fn, name) is not None and name not in p.arithmetic_types and \
            name not in self._other_typedefs and name not in p.pointer_types and not _macro_named(p, name) and \
            name not in p.fields

    def _macro_expression(self, call, nested: bool = False):
        """The expansion of a call of one of the file's function-like macros when it is one expression
        (`IDX(i, j)` -> `((i) * n + (j))`), else None; `nested`: the macros in it expanded too (PolyBench
        hands its arrays over as `POLYBENCH_ARRAY(A)`, that is `*A`)."""
        function, args = call.child_by_field_name("function"), call.child_by_field_name("arguments")
        if call.type != "call_expression" or function is None or function.type != "identifier" or args is None:
            return None
        name = function.text.decode()
        if name not in self.p.function_macros or name in self.p.functions:
            return None
        text = self._expand_text(call.text.decode()) if nested else \
            self._macro_text(name, [a for a in args.named_children if a.type != "comment"])
        parsed = self._parse_body(text) if text is not None else None
        body = parsed.child_by_field_name("body") if parsed is not None else None
        statement = body.named_children[0] if body is not None and body.named_child_count else None
        if statement is None or statement.type != "expression_statement" or statement.named_child_count != 1:
            return None
        return statement.named_children[0]

    def _macro(self, node) -> None:
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if name is None or value is None:
            return
        original = text = value.text.decode().strip()
        while text.startswith("(") and text.endswith(")"):
            text = text[1:-1].strip()
        number = _int_literal(text)
        if number is None and (fully_parenthesized(original) or re.fullmatch(r"[A-Za-z_]\w*", original)):
            # `#define NK (1 << MK)`, `#define TIMERS_ENABLED FALSE`; not `#define N 1+1` (`N*2` is 1+1*2)
            number = macro_expression_value(original, self.p.macros)
        if number is not None:
            # (functions are built in the order of the file: a macro defined once holds from here on; one the
            # file defines twice or #undefs is unknown, see build)
            macro = name.text.decode()
            if macro in self._ambiguous_macros:
                return
            if macro in self.p.extra_macros and _default_for(node, macro):
                return  # `#ifndef N / #define N 1000` with -DN=... (or libclang's N): the default is not taken
            if macro in self.p.extra_macros and self.p.extra_macros[macro] != number:
                # the file's value against the command line's or libclang's (its value at the end of the file,
                # after headers that may redefine it): which one a loop sees depends on where it is
                self.p.macros.pop(macro, None)
                self._ambiguous_macros.add(macro)
                return
            self.p.macros[macro] = number
        else:
            self.p.code_macros[name.text.decode()] = text
            self._own_code_macros.add(name.text.decode())
            if _arithmetic_type_text(text):  # `#define real double`: `(real)(i % 7)` is a cast
                self.p.arithmetic_types.add(name.text.decode())

    def _class(self, node) -> None:
        """A C++ class or struct body: its data members are named inside its member functions (directly or
        through `this->`), so they are recorded like file-scope objects (`is_member`), and the member
        functions defined in the body are analyzed as `Class::name`."""
        name_node = node.child_by_field_name("name")
        body = node.child_by_field_name("body")
        if body is None:
            return
        class_name = name_node.text.decode() if name_node is not None else "<anonymous>"
        self.p.classes.add(class_name)
        for child in body.named_children:
            if child.type == "field_declaration":
                type_text = self._type_text(child)
                static = any(c.type == "storage_class_specifier" and c.text == b"static" for c in child.children)
                for d in child.children_by_field_name("declarator"):
                    if d.type == "function_declarator":
                        continue
                    member, var = _declarator_name(d)
                    if member and static:
                        self.p.static_members.add(f"{class_name}::{member}")
                    if member:
                        var.type_text = type_text
                        var.is_member = True
                        var.is_static = False
                        var.line = d.start_point[0] + 1
                        if member in self.p.globals:
                            # the same name in another class or at file scope: which object a use means is
                            # not tracked, so it is a pointer of unknown origin (may overlap anything)
                            var = Variable(member, type_text, is_pointer=True, pointer_depth=1, is_member=True,
                                           line=var.line, init_text="<several declarations>")
                        self.p.globals[member] = var
            elif child.type in ("class_specifier", "struct_specifier"):
                self._class(child)
        for child in body.named_children:
            definition = child
            if child.type == "template_declaration":
                definition = next((c for c in child.named_children if c.type == "function_definition"), None)
            if definition is not None and definition.type == "function_definition" and not definition.has_error:
                self._function(definition, class_name)

    def _global_declaration(self, node) -> None:
        type_text = self._type_text(node)
        is_const = _is_const_declaration(node)
        is_static = any(c.type == "storage_class_specifier" and c.text == b"static" for c in node.children)
        is_extern = any(c.type == "storage_class_specifier" and c.text == b"extern" for c in node.children)
        first = node.child_by_field_name("declarator")
        thread_local = _THREAD_LOCAL.search(node.text[:first.start_byte - node.start_byte] if first is not None
                                            else b"") is not None
        for d in node.children_by_field_name("declarator"):
            if d.type == "function_declarator":
                continue
            name, var = _declarator_name(d)
            if not name:
                continue
            var.type_text = type_text
            var.is_const = is_const
            var.is_volatile |= _is_volatile_declaration(node)
            var.is_static = is_static  # at file scope: internal linkage, no other file sees it
            var.is_extern = is_extern
            var.is_thread_local = thread_local
            var.line = d.start_point[0] + 1
            self.p.globals[name] = var
            self.p.file_scope_names.add(name)
            value = d.child_by_field_name("value") if d.type == "init_declarator" else None
            if value is not None and var.is_pointer:
                var.init_text = _strip_parens(value).text.decode("utf-8", "replace")
                var.allocated = _allocates(var.init_text, self.p, self.fn)
            elif value is not None and var.is_reference:
                var.init_text = _strip_parens(value).text.decode("utf-8", "replace")
                target = _strip_parens(value)
                while target.type == "subscript_expression" and target.child_by_field_name("argument") is not None:
                    target = _strip_parens(target.child_by_field_name("argument"))
                self.p.global_references[name] = target.text.decode() if target.type == "identifier" else "?"
            if is_const and not var.is_pointer and not var.is_array and d.type == "init_declarator":
                value = d.child_by_field_name("value")
                if value is not None:
                    number = _int_literal(value.text.decode())
                    if number is not None:
                        self.p.constants[name] = number

    @staticmethod
    def _type_text(node) -> str:
        t = node.child_by_field_name("type")
        return t.text.decode() if t is not None else ""

    # -- functions ------------------------------------------------------------------------------------
    def _function(self, node, class_name: str | None = None) -> None:
        decl = function_declarator(node)
        if decl is None:
            return
        name_node = decl.child_by_field_name("declarator")
        name = name_node.text.decode() if name_node is not None else "?"
        if name_node is not None and name_node.type == "template_function":
            # `template <> double h<double>(double x) {...}`: another definition of `h`, which a call `h(x)` or
            # `h<double>(x)` may run (kept as an overload: its effects are merged with the primary's)
            name = " ".join(_TEMPLATE_ARGUMENTS.sub("", name).split())
        if class_name is not None:
            name = f"{class_name}::{name}"
        self._function_body(name, node, node.child_by_field_name("body"), decl.child_by_field_name("parameters"))

    def _function_body(self, name: str, node, body, params) -> None:
        if name in self.p.functions:  # another definition of the name: kept under a key of its own
            keys = self.p.overloads.setdefault(name, [name])
            keys.append(f"{name}#{len(keys) + 1}")
            name = keys[-1]
        fn = Function(name=name, node=node, line=node.start_point[0] + 1,
                      end_line=(body or node).end_point[0] + 1, body=body)
        fn.references.update(self.p.global_references)  # (another name for what they are bound into, here too)
        if params is not None:
            # the position among the parameters (comments between them are named children too)
            declared = [c for c in params.named_children if c.type != "comment"]
            for index, param in enumerate(declared):
                if param.type not in ("parameter_declaration", "optional_parameter_declaration"):
                    continue
                d = param.child_by_field_name("declarator")
                if d is None:
                    continue
                if d.type == "function_declarator" and d.child_by_field_name("declarator").type == "identifier":
                    # `DATA_TYPE POLYBENCH_2D(A, NI, NJ, ni, nj)`: a parameter declared through a macro
                    param, d = self._macro_parameter(fn, param, d)
                    if d is None:
                        continue
                pname, var = _declarator_name(d)
                if not pname:
                    continue
                var.type_text = self._type_text(param)
                var.is_const = any(c.type == "type_qualifier" and c.text == b"const" for c in param.children)
                var.is_volatile |= _is_volatile_declaration(param)
                var.line = index  # position in the parameter list
                fn.params.append(var)
        self.fn = fn
        self.alias = {}
        self.element_types = {}
        self.elements = {}
        self.forward = {}
        self._defs = {}
        # forward substitution: C only (C++ changes a variable through references of many forms, constructors
        # and operators), and not when a header of the file's own was not read (its macros may set anything);
        # the names it may not give are found when a definition is first made (`_escaping`)
        self._unsubstituted = None
        self._substituting = body is not None and self.p.language == "c" and not self.p.unread_headers
        if body is not None and params is not None and b"[" in params.text and b"(" in params.text:
            # `double g(int n, double a[w(n)])`: the sizes of variable-length array parameters run at each call
            for param in params.named_children:
                if param.type == "parameter_declaration" and (d := param.child_by_field_name("declarator")):
                    self._array_sizes(d, ())
        if body is not None:
            self._statement(body, ())
        self.p.functions[name] = fn
        self.fn = None

    def _macro_parameter(self, fn: Function, param, declarator):
        """A parameter whose declarator reads as a function (`double ARR(x, n)`): the parameter declaration
        its macro expands to (`double x[n]`), or the declarator itself when it truly declares a function
        parameter; (param, None) when it calls a macro the analysis does not know (`fn.opaque_params`)."""
        macro = declarator.child_by_field_name("declarator").text.decode()
        if macro in self.p.function_macros and macro not in self.p.functions:
            type_text = self.p.source[param.start_byte:declarator.start_byte].decode("utf-8", "replace")
            expanded = self._expand_text(declarator.text.decode())
            if expanded is not None:
                from .frontend import parse
                tree = parse(f"void __s2p_param({type_text} {expanded});".encode(), self.p.language)
                found = [n for n in _descendants(tree.root_node) if n.type == "parameter_declaration"]
                if not tree.root_node.has_error and len(found) == 1 and \
                        found[0].child_by_field_name("declarator") is not None:
                    self._macro_trees.append(tree)  # the nodes live as long as the tree
                    return found[0], found[0].child_by_field_name("declarator")
        params = declarator.child_by_field_name("parameters")
        words = [c for c in params.named_children if c.type != "comment"] if params is not None else []
        if words and all(c.type == "parameter_declaration" and c.child_by_field_name("declarator") is None and
                         c.child_by_field_name("type").type == "type_identifier" and
                         c.child_by_field_name("type").text.decode() not in self.p.arithmetic_types
                         for c in words):
            fn.opaque_params.append(macro)  # `ARR(x, n)`: names, not parameter types
            return param, None
        return param, declarator

    # -- statements -----------------------------------------------------------------------------------
    def _new_ctx(self, kind: str) -> tuple[str, int]:
        self.next_ctx += 1
        return (kind, self.next_ctx)

    def _statement(self, node, ctx: Ctx) -> None:
        t = node.type
        if t == "compound_statement":
            children = node.named_children
            self._find_swaps(children)
            outer = self._blocks
            self._blocks = (*outer, node.start_byte)
            names = (self.alias.copy(), self.elements.copy())  # (the block's own element references end with it)
            for child in children:
                self._statement(child, ctx)
            self._blocks = outer
            self.alias, self.elements = names
        elif t == "expression_statement":
            if not self._typedef_array_pointer(node, ctx):
                for child in node.named_children:
                    self._expression(child, ctx)
                    if child.type == "assignment_expression":
                        self._scalar_definition(child.child_by_field_name("left"), child, ctx)
        elif t == "declaration":
            self._local_declaration(node, ctx)
        elif t == "if_statement":
            self._if(node, ctx)
        elif t == "for_statement":
            self._for(node, ctx)
        elif t == "for_range_loop":
            self._range_for(node, ctx)
        elif t in ("while_statement", "do_statement"):
            self._while(node, ctx)
        elif t == "switch_statement":
            cond = node.child_by_field_name("condition")
            if cond is not None:
                self._expression(cond, ctx)
            inner = ctx + (self._new_ctx("switch"),)
            body = node.child_by_field_name("body")
            if body is not None:
                self._statement(body, inner)
        elif t in ("case_statement", "labeled_statement"):
            self._defs.clear()  # (a jump may come here from anywhere: no definition reaches it for sure)
            self._users.clear()
            if t == "case_statement":
                # each case runs on its own: a store in one case does not come before a read in another
                ctx = ctx + (self._new_ctx("switch"),)
            for child in node.named_children:
                if child.type.endswith("statement") or child.type in ("declaration", "compound_statement"):
                    self._statement(child, ctx)
                elif child.type not in ("statement_identifier",) and child.is_named and t == "case_statement":
                    if child.type != "comment":
                        self._expression(child, ctx) if child == node.child_by_field_name("value") else None
        elif t == "try_statement":
            # the block may stop at any call that throws, and a handler runs only then: both are branches
            # (what they write is not written on every path); the loops in them are loops of the function
            for child in node.named_children:
                body = child.child_by_field_name("body") if child.type == "catch_clause" else child
                if body is not None and body.type == "compound_statement":
                    self._statement(body, ctx + (self._new_ctx("if"),))
        elif t in ("break_statement", "continue_statement", "goto_statement"):
            self._jump(node, t.split("_")[0], ctx)
        elif t in ("return_statement", "throw_statement"):
            for child in node.named_children:
                self._expression(child, ctx)
            # an exception leaves the loop like a return (OpenMP lets none leave a parallel region: the
            # program terminates where the sequential caller caught it)
            self._jump(node, t.split("_")[0], ctx)
        elif t == "comment":
            self._comment(node)
        elif t == "preproc_def":
            self._macro(node)
        elif t == "type_definition":
            self._array_sizes(node, ctx)  # (`typedef double row[w(x)];` in a block calls w)
        elif t in ("struct_specifier", "preproc_call", "preproc_include"):
            return
        elif t in ("preproc_ifdef", "preproc_if"):
            for part in live_preprocessor_parts(node):
                for child in part.named_children:
                    if child.type.endswith("statement") or child.type in ("declaration", "for_range_loop",
                                                                           "preproc_if", "preproc_ifdef",
                                                                           "preproc_def"):
                        self._statement(child, ctx)
        elif t.startswith("preproc_"):
            return  # function-like macro definitions, #error, #pragma and the like
        else:
            for child in node.named_children:
                self._expression(child, ctx)

    def _find_swaps(self, statements) -> None:
        """`t = a; a = b; b = t;` (or `T *t = a; ...`): the two pointers trade places and stay distinct."""
        pairs = [_simple_copy(stmt) for stmt in statements]
        for first, second, third in zip(pairs, pairs[1:], pairs[2:], strict=False):
            if first and second and third and first[1] == second[0] and second[1] == third[0] \
                    and third[1] == first[0]:
                self.fn.swaps |= {first, second, third}

    def _jump(self, node, kind: str, ctx: Ctx) -> None:
        self.fn.jumps.append(Jump(kind, node.start_point[0] + 1, node.start_point[1] + 1, ctx))

    def _local_declaration(self, node, ctx: Ctx, split: tuple[str, Ctx] | None = None) -> None:
        """The variables `node` declares, in `ctx`; with `split` = (name, other), every declarator but the
        one of `name` in the context `other` instead."""
        type_text = self._type_text(node)
        is_const = _is_const_declaration(node)
        # a thread-local one outlives the iteration as a static does (one per thread: a running count kept
        # in it across iterations is split between threads)
        first = node.child_by_field_name("declarator")
        head = node.text[:first.start_byte - node.start_byte] if first is not None else b""
        thread_local = _THREAD_LOCAL.search(head) is not None
        is_static = thread_local or re.search(rb"\bstatic\b", head) is not None
        if _is_extern(node):
            # `extern double x;` in a block names the global x: no local of that name comes into being
            for d in node.children_by_field_name("declarator"):
                name, var = _declarator_name(d)
                if name and name not in self.p.globals:
                    var.type_text = type_text
                    self.p.globals[name] = replace(var, is_extern=True, line=0,
                                                   is_volatile=var.is_volatile or _is_volatile_declaration(node))
            return
        if b"cleanup" in node.text:
            # `__attribute__((cleanup(release))) double t;` (or `[[gnu::cleanup(release)]]`) calls release(&t)
            # where t goes out of scope
            attributes = b" ".join(c.text for c in node.children if c.type in ("attribute_specifier",
                                                                              "attribute_declaration"))
            for cleanup in _CLEANUP.findall(attributes):
                self._unknown_code(f"{cleanup.decode()} (a cleanup function)", node, ctx)
        kind = node.child_by_field_name("type")
        if kind is not None and b"[" in kind.text:
            self._array_sizes(kind, ctx)  # (`__typeof__(double[w(x)]) t;`)
        for d in node.children_by_field_name("declarator"):
            name, var = _declarator_name(d)
            bound = structured_binding_names(d)
            if bound:  # `auto &[k, v] = pairs[i];`: each name a reference into (or a copy of) the element
                value = d.child_by_field_name("value") if d.type == "init_declarator" else None
                by_reference = b"&" in d.text.split(b"[", 1)[0]
                for part in bound:
                    self._declare(part, Variable(part, type_text, is_reference=by_reference), d, value, ctx)
                continue
            if not name:
                continue
            var.type_text = type_text
            var.is_const = is_const
            var.is_volatile |= _is_volatile_declaration(node)
            var.is_static = is_static
            var.is_thread_local = thread_local
            value = d.child_by_field_name("value") if d.type == "init_declarator" else None
            if value is None and d.type == "init_declarator" and not is_static:
                value = next((c for c in d.named_children if c.type in ("initializer_list", "argument_list")),
                             None)
            if b"[" in d.text:
                self._array_sizes(d, ctx)
            if not var.is_pointer and not var.is_array and self._pointer_typed(type_text, value):
                # `dp q = d + i + 1;` with `typedef double *dp`, `auto m = a + i;`: a pointer, as `double *q` is
                var.is_pointer, var.pointer_depth = True, 1
            self._declare(name, var, d, value, split[1] if split is not None and name != split[0] else ctx)
            if d.type == "function_declarator" and _VIEW_TYPE.search(type_text):
                # `std::span<double> s(v);` reads to tree-sitter as a function declaration: a view of v
                params = d.child_by_field_name("parameters")
                self.fn.references[name] = self._first_variable(params.text.decode() if params else "", name)

    def _pointer_typed(self, type_text: str, value) -> bool:
        """A declaration of this type and initializer declares a pointer though its declarator shows no `*`: the
        type is a typedef of a pointer type, or it is deduced (`auto`, `__auto_type`, `decltype`, `typeof`) from
        an address, a pointer or array (plus an offset), or a call that returns a pointer or iterator."""
        words = set(re.findall(r"[A-Za-z_]\w*", type_text))
        if words & self.p.pointer_types:
            return True
        if value is None or not words & {"auto", "__auto_type", "decltype", "typeof", "__typeof__"}:
            return False
        inner = _strip_parens(value)
        while inner.type == "binary_expression" and inner.child_by_field_name("operator").text in (b"+", b"-"):
            inner = _strip_parens(inner.child_by_field_name("left"))
        if inner.type == "pointer_expression":
            return inner.child_by_field_name("operator").text == b"&"
        if inner.type == "identifier":
            held = variable(self.p, self.fn, inner.text.decode())
            return held is not None and (held.is_pointer or held.is_array)
        if inner.type == "call_expression":
            function = inner.child_by_field_name("function")
            called = function.text.decode().rsplit("::", 1)[-1].rsplit(".", 1)[-1] if function is not None else ""
            return called in _ITERATOR_CALLS or (callee := self.p.functions.get(called)) is not None and \
                callee.node is not None and b"*" in callee.node.text.split(b"(", 1)[0]
        return False

    def _declare(self, name: str, var: Variable, node, value, ctx: Ctx) -> None:
        """The local `name` (shaped as `var`) declared at `node` with the initializer `value` (or None)."""
        self.forward.pop(name, None)
        self.alias.pop(name, None)  # (a new variable of the name hides an element reference until its block ends)
        self.elements.pop(name, None)
        var.line = node.start_point[0] + 1
        var.ctx = ctx
        earlier = variable(self.p, self.fn, name)
        if earlier is not None and self._type_kind(earlier) != self._type_kind(var):
            self.fn.retyped.add(name)
        if earlier is not None and earlier.type_text != var.type_text:
            self.fn.local_types.setdefault(name, {earlier.type_text}).add(var.type_text)
        self.fn.locals[name] = var
        if self._defs:
            self._kill(name)  # (a new variable of the name: what was known of the old one is not of it)
        if var.is_static:
            # Initialised once, before the first call: neither a per-iteration nor a per-call local.
            self.fn.static_locals.add(name)
            if value is not None:
                self._expression(value, ctx)
            return
        self.fn.declarations.append((name, ctx, self.order))
        if value is None:
            return
        if var.is_reference and (element := self._element_reference(node, var, value)) is not None:
            # `P &p = ps[i];`: p is ps[i] wherever the block uses it; binding it reads only the subscripts
            container, subs, texts, indices = element
            for index in indices:
                self._expression(index, ctx)
            self.alias[name] = (container, subs, texts, True)
            # (still a reference into the container for the generators: a held element, a name the MPI
            # placement must follow)
            self.fn.references[name] = container
            self.fn.element_aliases[name] = self.fn.element_aliases.get(name, 0) + 1
            if len(subs) == element_depth(self.p, variable(self.p, self.fn, container)):
                self.elements[name] = var.type_text  # (an element, not a row: its methods may be the class's)
            var.init_text = value.text.decode("utf-8", "replace")
            return
        target = None
        if var.is_pointer and var.pointer_depth == 1 and not var.is_array and any(c[0] == "loop" for c in ctx) \
                and not _moved_after(node, name):
            target = self._pointer_target(_strip_parens(value))
        if target is not None:
            # an address, not a read of the element: only what the subscripts read is read
            for index in target[4]:
                self._expression(index, ctx)
            self.forward[name] = (*target[:4], ctx)
        else:
            self._expression(value, ctx)
        vtext = value.text.decode("utf-8", "replace")
        var.init_text = vtext
        if _allocates(vtext, self.p, self.fn):
            var.allocated = True
            self.fn.allocation_texts.setdefault(name, []).append(_strip_parens(value).text.decode())
        elif var.is_pointer and not _is_null(value):
            base = _strip_parens(value)
            self.fn.assigned_from.setdefault(name, []).append(base.text.decode())
            self._pointer_offset(name, base, ctx)
        elif var.is_reference and _strip_parens(value).type == "identifier":
            # `T &r = x;`: r is another name for x, which can now change behind the analysis
            self.fn.address_taken.setdefault(_strip_parens(value).text.decode(), var.line)
            self.fn.references[name] = _strip_parens(value).text.decode()
        elif var.is_reference:
            target = _strip_parens(value)
            while target.type == "subscript_expression":
                target = _strip_parens(target.child_by_field_name("argument"))
            if target.type == "identifier":
                self.fn.references[name] = target.text.decode()
            elif target.type == "field_expression" and target.child_by_field_name("operator").text == b".":
                self.fn.references[name] = target.text.decode().replace(" ", "")  # `auto &arr = g.raw;`
            else:
                # `T &r = c ? v : w;`, `= f(x)`: an object the analysis cannot name; `= y.front()`, `= *it`,
                # `= *std::max_element(y.begin(), y.end())`: an element of the one container it names
                holders = {w for w in self._identifiers(target)
                           if (held := variable(self.p, self.fn, w)) is not None and holds_elements(held)}
                self.fn.references[name] = holders.pop() if len(holders) == 1 and target.type in (
                    "call_expression", "pointer_expression") else "?"
        elif not var.is_pointer and not var.is_array and (
                _VIEW_TYPE.search(var.type_text) or var.type_text.split()[-1:] == ["auto"] and _VIEW_OF.search(vtext)):
            # an iterator or a view (`auto it = v.begin();`, `std::span<double> s(v);`): its elements are
            # those of the container it was made from
            self.fn.references[name] = self._first_variable(vtext, name)
        self._record(name, "w", None, (), node, ctx)
        if node.type == "init_declarator" and node.parent is not None and node.parent.parent is not None and \
                node.parent.parent.type not in ("for_statement", "for_range_loop", "condition_clause"):
            self._scalar_definition(node.child_by_field_name("declarator"), value, ctx)  # (after the store)

    def _element_reference(self, node, var: Variable, value) -> tuple[str, tuple, tuple, list] | None:
        """What the reference declaration `T &r = X[e]...;` (at `node`, a statement of a block) binds `r` to:
        one element of the array, pointer or standard container X, as (X, subscripts, their texts, the
        subscript nodes); None when it may be anything else: a row (fewer subscripts than X has), a class's own
        operator[], a subscript that is not affine or that the block changes (`k++` after the binding), or a
        temporary that a `const T &` or `T &&` of another type than the element's makes (`const double &r =
        ia[i]` over ints reads ia[i] where it is bound, not where r is used)."""
        declarator = node.child_by_field_name("declarator")
        block = node.parent.parent if node.parent is not None else None
        if node.type != "init_declarator" or declarator is None or declarator.type != "reference_declarator" or \
                node.parent.type != "declaration" or block is None or block.type != "compound_statement":
            return None
        found = self._element_of(value, rows=True)
        if found is None:
            return None
        name, subs, texts, indices = found
        held = variable(self.p, self.fn, name)
        if any(next(stores_to(block, word, address=True), None) is not None
               for index in indices for word in self._identifiers(index)):
            return None
        words = [w for w in re.findall(r"[A-Za-z_][\w:]*", var.type_text) if w not in _DECLARATION_QUALIFIERS]
        rvalue = declarator.text.lstrip().startswith(b"&&")
        if "auto" not in words and (rvalue or var.is_const):
            if [w for w in re.findall(r"[A-Za-z_][\w:]*", held_type(held)) if w not in _DECLARATION_QUALIFIERS] != \
                    words:
                return None
        return found

    def _element_of(self, node, rows: bool = False) -> tuple[str, tuple, tuple, list] | None:
        """`X[e]...` naming one whole element of the array, pointer or standard container X (as many affine
        subscripts as X has levels; not a class's own operator[]), or with `rows` also one row of a true array
        or of a container of containers (fewer subscripts; rows of these never overlap): (X, subscripts, their
        texts, the subscript nodes); else None."""
        target = _strip_parens(node)
        if target is None or target.type != "subscript_expression":
            return None
        name, indices = self._subscript_chain(target)
        if name is None or re.fullmatch(r"[A-Za-z_]\w*", name) is None:
            return None
        held = variable(self.p, self.fn, name)
        depth = element_depth(self.p, held)
        if not depth or len(indices) > depth or len(indices) < depth and not (rows and not held.is_pointer):
            return None
        subs = tuple(self.affine(index) for index in indices)
        if any(sub is None for sub in subs):
            return None
        return name, subs, tuple(index.text.decode() for index in indices), list(indices)

    def _row_access(self, node, indices, ctx: Ctx) -> tuple[str, tuple, tuple] | None:
        """`row[j]` with `row` a name for a row (`for (auto &row : grid)`, `auto &row = grid[i];`): the access
        grid[i][j] as (grid, subscripts, texts); None when `row` is no such name."""
        root = _strip_parens(node)
        while root is not None and root.type == "subscript_expression":
            root = _strip_parens(root.child_by_field_name("argument"))
        alias = self.alias.get(root.text.decode()) if root is not None and root.type == "identifier" else None
        if alias is None or not indices:
            return None
        container, subs, texts, _ = alias
        held = variable(self.p, self.fn, container)
        if held is None or held.is_pointer or len(subs) + len(indices) > element_depth(self.p, held):
            return None
        return (container, (*subs, *(self._subscript_affine(i, ctx) for i in indices)),
                (*texts, *(i.text.decode() for i in indices)))

    def _container_row(self, name: str) -> tuple[str, tuple, tuple, Variable] | None:
        """`name` is another name for a row of a container of containers whose elements are values of their
        own (numbers, classes of such, std containers; not `bool` bits, pointers or reference_wrappers):
        (the container, the row's subscripts, their texts, a variable of the row's type); else None."""
        alias = self.alias.get(name)
        if alias is None:
            return None
        outer, subs, texts, _ = alias
        held = variable(self.p, self.fn, outer)
        if held is None or held.is_array or not random_access_container(held) or \
                len(subs) >= rows_apart(self.p, held):
            return None
        row = Variable(name, element_text(held))
        if bit_vector(row) or not self._value_elements(row):
            return None
        return outer, subs, texts, row

    def _argument_element(self, arg) -> tuple[str, tuple, tuple] | None:
        """What `Call.arg_elements` holds for the argument `arg`."""
        inner = _strip_parens(arg)
        if inner.type == "identifier":
            alias = self.alias.get(inner.text.decode())
            return alias[:3] if alias is not None else None
        found = self._element_of(inner, rows=True)
        return found[:3] if found is not None else None

    def _first_variable(self, text: str, other_than: str) -> str:
        """The first variable `text` names (other than `other_than`): what a view is made from; `?` if none."""
        return next((w for w in re.findall(r"[A-Za-z_]\w*", text)
                     if w != other_than and variable(self.p, self.fn, w) is not None), "?")

    def _if(self, node, ctx: Ctx) -> None:
        cond = node.child_by_field_name("condition")
        consequence = node.child_by_field_name("consequence")
        alternative = node.child_by_field_name("alternative")
        minmax = self._minmax_if(cond, consequence) if alternative is None else None
        inner = ctx + (self._new_ctx("if"),)
        if minmax is not None:
            var, op, stmt_tag = minmax
            start = len(self.fn.accesses)
            self._expression(cond, ctx)
            self._statement(consequence, inner)
            self._tag_minmax(start, var, op, stmt_tag)
            return
        if cond is not None:
            self._expression(cond, ctx)
        known = self._constant_condition(cond)
        if known is not None and _has_label(consequence if not known else alternative):
            known = None  # a `case` or a label inside the branch not taken: a jump may enter it
        if known is not None:
            # `if (DEBUG) printf(...)`, `if (TIMERS_ENABLED == TRUE) timer_start(3)` with the macros known: the
            # branch that never runs has no effects (its text stays in the program, untouched)
            taken = consequence if known else alternative
            if taken is not None:
                for child in ([taken] if known else taken.named_children):
                    self._statement(child, inner)
            return
        if consequence is not None:
            self._statement(consequence, inner)
        if alternative is not None:
            other = ctx + (self._new_ctx("if"),)
            # the two branches of one if/else: a scalar assigned in both is assigned after the statement
            self.fn.if_partners[inner[-1][1]] = other[-1][1]
            self.fn.if_partners[other[-1][1]] = inner[-1][1]
            for child in alternative.named_children:
                self._statement(child, other)

    def _constant_condition(self, cond) -> bool | None:
        """Whether an `if` condition made of integer literals and macros of known value is true; None when it
        is anything else (a variable, a call, a macro whose value depends on where it is read)."""
        if cond is None:
            return None
        text = _strip_parens(cond).text.decode()
        if any(variable(self.p, self.fn, word) is not None for word in re.findall(r"\b(?!\d)\w+\b", text)):
            return None  # a variable of a macro's name: the macro comes later, from a header
        value = macro_expression_value(text, self.p.macros)
        return None if value is None else bool(value)

    def _minmax_if(self, cond, consequence):
        """Recognise `if (e < s) s = e;` (min) / `if (e > s) s = e;` (max), with optional index updates.

        The comparison may be one operand of a chain of `&&` whose other operands do not read `s` (nor an
        index variable): `if (x[i] % 2 == 1 && x[i] < s) s = x[i];` is a min over the elements that pass
        the filter, and each partial result still starts from the identity.
        """
        cond = _strip_parens(cond)
        if cond is None:
            return None
        conjuncts = _conjuncts(cond)
        if len(conjuncts) > 1:
            for k, candidate in enumerate(conjuncts):
                found = self._minmax_if(candidate, consequence)
                if found is None:
                    continue
                var, _kind, (_strict, index_vars, _values) = found
                guards = set().union(*(self._identifiers(c) for j, c in enumerate(conjuncts) if j != k))
                if var in guards or guards & set(index_vars):
                    return None
                effects = next((c for c in conjuncts[k + 1:] if self._has_effects(c)), None)
                if effects is not None:
                    # `if (a[i] < m && (b[i] = 1))`: evaluated only when a[i] beats the running value, which
                    # a thread's own copy decides otherwise
                    self._effects_only_when(var, effects, "an element beats the running value")
                    return None
                return found
            return None
        if cond.type != "binary_expression":
            return None
        op_node = cond.child_by_field_name("operator")
        op = op_node.text.decode() if op_node is not None else ""
        if op not in ("<", "<=", ">", ">="):
            return None
        left = _strip_parens(cond.child_by_field_name("left"))
        right = _strip_parens(cond.child_by_field_name("right"))
        stmts = consequence.named_children if consequence.type == "compound_statement" else [consequence]
        assigns = []
        for s in stmts:
            if s.type == "comment":
                continue
            if s.type != "expression_statement" or s.named_child_count != 1:
                return None
            e = s.named_children[0]
            if e.type != "assignment_expression" or e.child_by_field_name("operator").text != b"=":
                return None
            lhs = e.child_by_field_name("left")
            value = _strip_parens(e.child_by_field_name("right"))
            assigns.append((lhs.text.decode(), value.text.decode(), lhs, value))
        ltext, rtext = left.text.decode(), right.text.decode()
        for var_text, other_text, is_left in ((rtext, ltext, False), (ltext, rtext, True)):
            if right.type != "identifier" and not is_left:
                continue
            if is_left and left.type != "identifier":
                continue
            value_assign = [a for a in assigns if a[0] == var_text and a[1] == other_text]
            if len(value_assign) != 1:
                continue
            # `e < s` keeps the smaller value: min; with s on the left, `s > e` is min too.
            smaller = op in ("<", "<=")
            kind = "min" if smaller != is_left else "max"
            strict = op in ("<", ">")
            index_vars = tuple(a[0] for a in assigns if a[0] != var_text and a[2].type == "identifier")
            if len(index_vars) + 1 != len(assigns):
                return None
            index_values = tuple(a[1] for a in assigns if a[0] in index_vars)
            value_node = left if not is_left else right
            # (the stores run only when the element wins: `{ m = x[i]; at = k++; }`)
            effects = next((n for n in (value_node, *(a[3] for a in assigns)) if self._has_effects(n)), None)
            if effects is not None:
                self._effects_only_when(var_text, effects, "an element beats the running value")
                return None
            if not self._kept_in_order(var_text, value_node):
                return None
            kept = self._kept_rank(var_text)
            if index_vars and (kept is None or self.value_rank_of(left if not is_left else right) > kept):
                # `float best; if (x[i] < best) { best = x[i]; at = i; }` over doubles: the running
                # comparison sees the exact element, a combination of the threads' rounded bests does not
                self.fn.narrowed.setdefault(var_text, "a best value kept in a narrower type than the values "
                                            "compared: threads' rounded bests would not pick the same index")
                return None
            return var_text, kind, (strict, index_vars, index_values)
        return None

    def _tag_minmax(self, start: int, var: str, op: str, info) -> None:
        strict, index_vars, index_values = info
        tag_id = self.order
        kind = op + "loc" if index_vars else op
        for acc in self.fn.accesses[start:]:
            if acc.name == var and acc.subscripts is None:
                acc.reduction = ("minmax", kind, tag_id, index_vars, strict, index_values)
            elif acc.name in index_vars and acc.subscripts is None and acc.is_write:
                acc.reduction = ("index", var, tag_id)

    # -- loops ----------------------------------------------------------------------------------------
    def _new_loop(self, node, kind: str, ctx: Ctx) -> Loop:
        if self._defs:
            # the next iteration reads what the end of this one left: a name written anywhere in the loop,
            # or named by a definition written there, has no definition from before the loop inside it
            for name in _written_names(node, self.p.language):
                self._kill(name)
        loop_ids = [c[1] for c in ctx if c[0] == "loop"]
        loop = Loop(id=self.next_loop, function=self.fn.name, kind=kind, node=node,
                    line=node.start_point[0] + 1, column=node.start_point[1] + 1,
                    end_line=node.end_point[0] + 1, depth=len(loop_ids),
                    parent=loop_ids[-1] if loop_ids else None)
        self.next_loop += 1
        if loop.parent is not None:
            for other in self.fn.loops:
                if other.id == loop.parent:
                    other.children.append(loop.id)
        self.fn.loops.append(loop)
        for line in (loop.line - 1, loop.line):
            text = self.p.comments.get(line)
            if text:
                m = _ASSERTION.search(text)
                if m:
                    names = tuple(n.strip() for n in (m.group(1) or "").split(",") if n.strip())
                    loop.assertion = names
        return loop

    def _for(self, node, ctx: Ctx) -> None:
        # Comments before the loop are siblings we may not have visited yet (e.g. inside a body).
        prev = node.prev_named_sibling
        if prev is not None and prev.type == "comment":
            self._comment(prev)
        loop = self._new_loop(node, "for", ctx)
        inner = ctx + (("loop", loop.id),)
        init = node.child_by_field_name("initializer")
        cond = node.child_by_field_name("condition")
        update = node.child_by_field_name("update")
        self._canonical_header(loop, init, cond, update)
        derived = self._derived_parts.get(loop.id)
        if derived is not None and not loop.var:  # (the rest of the header is not counted)
            del self._derived_parts[loop.id]
            loop.derived, loop.index_update, loop.header_init, derived = (), "", "", None
        if derived is not None:
            update = derived[2]  # (the update's part that steps the index)
        loop.first_order = self.order
        if init is not None:
            if init.type == "declaration":
                # the other names a counted loop's header declares are set once, before the first iteration:
                # they belong to the statement around the loop, not to each iteration (`int i = 0, t = 0`)
                self._local_declaration(init, inner, (loop.var, ctx) if loop.var and loop.header_extras else None)
            else:
                self._expression(init, ctx)
        if cond is not None:
            self._expression(cond, inner)
        body = node.child_by_field_name("body")
        # `for (j = 0; j < 2; j++, c[i] += x) { if (j == 0) continue; x = i; }`: a `continue` skips the rest of
        # the body, so what the update reads may not have been written in the pass: it is read as the next
        # pass begins, before the body (an update that only steps the index is walked after it, as written)
        early = update is not None and body is not None and set(self._identifiers(update)) - {loop.var} and \
            _continues(body)
        if early:
            self._expression(update, inner)
        body_start = self.order
        first_access = len(self.fn.accesses)
        if derived is not None:
            self._derive(loop, inner)
        if body is not None:
            self._statement(body, inner)
        loop.body_orders = (body_start, self.order)
        if derived is not None:
            self._derived_unset(loop, first_access)
        if update is not None and not early:
            self._expression(update, inner)
        loop.last_order = self.order

    def _canonical_header(self, loop: Loop, init, cond, update) -> None:
        """Fill var/lower/upper/step for `for (i = lo; i < hi; i += c)` shapes; else set not_countable."""
        var, lower, why = None, None, None
        if init is not None and update is not None and _strip_parens(update).type == "comma_expression":
            found = self._derived_inductions(loop, init, cond, update)
            if isinstance(found, str):
                why = found
            elif found is not None:
                var, lower, update = found
        if var is None and why is None:
            var, lower, why = self._header_index(loop, init, update)
        if var is None or lower is None:
            loop.not_countable = why or "no recognisable index initialisation"
            return
        step = self._step(var, update)
        tile = self._tile_step(var, update) if step is None else None
        if tile is not None:
            step = 1  # (checked as an ascending loop below; its step is recorded as unknown)
        if step is None or step == 0:
            loop.not_countable = (f"the update `{update.text.decode()}` changes more than the index `{var}`"
                                  if update is not None and _strip_parens(update).type == "comma_expression" else
                                  f"update of `{var}` is not `{var}++`, `{var}--` or `{var} += c`")
            return
        cond = _strip_parens(cond)
        if cond is None or cond.type != "binary_expression":
            loop.not_countable = "no `index < bound` condition"
            return
        op = cond.child_by_field_name("operator").text.decode()
        left, right = cond.child_by_field_name("left"), cond.child_by_field_name("right")
        if right.type == "identifier" and right.text.decode() == var and left.text.decode() != var:
            left, right, op = right, left, _FLIPPED.get(op, op)
        offset = self._index_plus_constant(left, var) if op == "<" and step > 0 else None
        if offset is None and (_strip_parens(left).text.decode() != var or op not in ("<", "<=", ">", ">=", "!=")):
            loop.not_countable = "condition does not compare the index with a bound"
            return
        if op == "!=" and (abs(step) != 1 or tile is not None):
            loop.not_countable = "`!=` condition with a non-unit step"
            return
        lo = self.affine(lower)
        bound = self.affine(right)
        if init.type == "declaration":
            loop.index_type = self._type_text(init)
        else:  # the declaration in scope here (another block of the function may declare the name again)
            declared = self.fn.locals.get(var) or self.fn.param(var) or self.p.globals.get(var)
            loop.index_type = declared.type_text if declared is not None and not declared.is_pointer else ""
        narrow = _narrow_range(loop.index_type)
        if tile is not None and (offset is not None or not signed_wide(loop.index_type)):
            loop.not_countable = (f"update of `{var}` by `{tile[0]}`, known only at run time, with a narrow index or "
                                  "an offset condition")
            return
        if narrow is not None and lo is not None and lo.is_constant() and not narrow[0] <= lo.constant <= narrow[1]:
            # the start is converted to the index's type: `unsigned char i = 258` starts at 2, which neither
            # the dependence test nor a distribution's block bounds (computed in long) would see
            loop.not_countable = (f"index `{var}` of type `{narrow[2]}` starts at {lo.constant}, outside the "
                                  f"type's range {narrow[0]}..{narrow[1]} (the start wraps; declare the index `int`)")
            return
        if narrow is not None and (why := _narrow_bound(narrow, lo if lo is not None else _char_constant(lower),
                                                        bound if bound is not None else _char_constant(right), op,
                                                        step, self._same_narrow(right, narrow))) is not None:
            loop.not_countable = f"index `{var}` of type `{narrow[2]}`: {why} (declare the index `int`)"
            return
        if op == "!=" and _unsigned_index(loop.index_type) and not (
                lo is not None and lo.is_constant() and lo.constant == 0 and step > 0) and not (
                lo is not None and bound is not None and lo.is_constant() and bound.is_constant()
                and (lo.constant <= bound.constant if step > 0 else lo.constant >= bound.constant)):
            # `for (unsigned u = lo; u != hi; u++)` from lo > hi runs through the wrap to hi, where `<` runs none
            loop.not_countable = (f"`{var} != {right.text.decode()}` with an unsigned index that may start past "
                                  "its bound (it would wrap around to it)")
            return
        if offset is not None and (lo is None or not lo.is_constant() or lo.constant < 0):
            loop.not_countable = "condition `index + c < bound` from a lower bound that may be negative"
            return
        if lo is None and _ITERATOR.search(lower.text.decode() + " " + right.text.decode()):
            loop.not_countable = f"iterator loop over `{var}`: iterations are not indexed by an integer"
            return
        in_bound, in_start = var in self._identifiers(right), var in self._identifiers(lower)
        if in_bound or in_start:
            # `i < n - i` moves with every iteration; `i = i + 1` is read once, but a value computed after
            # the loop from the start's text (the index's exit value, a gather's range) reads the new `i`
            which = f"bound `{right.text.decode()}`" if in_bound else f"start `{lower.text.decode()}`"
            loop.not_countable = (f"the {which} names the index `{var}` itself"
                                  + (" (compute it into a variable of its own before the loop)" if not in_bound
                                     else ""))
            return
        loop.var, loop.step = var, step
        loop.lower_text = lower.text.decode()
        loop.upper_text = right.text.decode()
        loop.cond_text = op
        loop.bound_symbols = frozenset(self._identifiers(right) | self._identifiers(lower))
        if bound is None and step > 0 and op in ("<", "<=") and signed_wide(loop.index_type):
            operands = self._min_operands(right)
            limits = [self.affine(operand) for operand in operands]
            # (every operand signed: `MIN(k, m)` of an int k = -1 and an unsigned m compares as unsigned and
            # gives m, which k does not bound)
            if len(limits) > 1 and None not in limits and all(map(self._signed_operand, operands)):
                loop.upper_limits = tuple(limit + Affine.const(1) if op == "<=" else limit for limit in limits)
        if tile is not None:
            # an unsigned bound ends the loop when a negative step wraps the index (`i < n` with n unsigned);
            # a step wider than the index wraps in it (`int i; long s = 2^32 + 1`)
            why = None if loop.upper_limits or bound is not None and self._signed_operand(right) else \
                (f"its bound `{right.text.decode()}` is not a sum of signed integer variables and constants (an "
                 "unsigned bound ends the loop when a negative step wraps the index; compare with a signed copy)")
            if why is None and _integer_rank(tile[3]) > _integer_rank(loop.index_type):
                why = (f"the step is wider than the index's type `{loop.index_type}`, in which `{var} += "
                       f"{tile[0]}` may wrap (declare `{var}` with the step's type `{tile[3]}`)")
            if why is not None:
                loop.var, loop.step, loop.upper, loop.lower, loop.upper_limits = None, None, None, None, ()
                loop.not_countable = f"update of `{var}` by `{tile[0]}`, known only at run time: {why}"
                return
            loop.step, (loop.tile_step, loop.tile_amount, symbols) = None, tile[:3]
            loop.bound_symbols |= symbols
        if offset is not None:
            # `i + c < B` (kept from wrapping below zero with unsigned B): i < B - c when B >= c, else no
            # iteration from a lower bound >= 0
            loop.upper_text = f"(({loop.upper_text}) >= {offset} ? ({loop.upper_text}) - {offset} : 0)"
            loop.canonical_condition = f"{var} < {loop.upper_text}"
            bound = bound - Affine.const(offset) if bound is not None else None
        if step > 0:
            if op in (">", ">="):
                loop.not_countable = "ascending index with a `>` condition"
                loop.var = None
                return
            loop.lower = lo
            if bound is not None:
                loop.upper = bound + Affine.const(1) if op == "<=" else bound
        else:
            if op in ("<", "<="):
                loop.not_countable = "descending index with a `<` condition"
                loop.var = None
                return
            # Normalise a descending loop to the same iteration set [bound(+1), lo].
            if bound is not None:
                loop.lower = bound + Affine.const(1) if op == ">" or op == "!=" else bound
            loop.upper = lo + Affine.const(1) if lo is not None else None

    def _header_index(self, loop: Loop, init, update) -> tuple[str | None, object, str | None]:
        """(index, the node of its start, why there is none) of a for header's initialization. One that also
        assigns or declares other variables (`for (t = 0.0, i = 0; ...)`, `for (int i = 0, n = v.size();
        ...)`) names the index by the update, which steps it alone; the other parts run once before the
        first iteration, and are kept in `loop.header_extras` as the statements a generator puts before the
        loop when it writes it (within a block of their own), so long as that changes nothing: the parts
        after the index's do not name it, call nothing and set nothing its start reads."""
        if init is None:
            return None, None, None
        declaration = init.type == "declaration"
        if declaration:
            loop.index_declared = True
            items = init.children_by_field_name("declarator")
        else:
            items = _comma_items(init)

        def named(item) -> tuple[str | None, object]:
            if item.type == "init_declarator":
                inner = item.child_by_field_name("declarator")
                if inner is not None and inner.type == "identifier":
                    return inner.text.decode(), item.child_by_field_name("value")
            elif item.type == "assignment_expression" and item.child_by_field_name("operator").text == b"=":
                left = item.child_by_field_name("left")
                if left.type == "identifier":
                    return left.text.decode(), item.child_by_field_name("right")
            return None, None

        if len(items) == 1:
            return (*named(items[0]), None)
        stepped = [k for k, item in enumerate(items)
                   if (name := named(item)[0]) is not None and self._step(name, update) is not None]
        text = " ".join(init.text.decode().split())
        if len(stepped) != 1:
            if not stepped and update is not None and _strip_parens(update).type == "comma_expression":
                return None, None, (f"the update `{' '.join(update.text.decode().split())}` steps more than "
                                    "one variable (a loop with several induction variables is not analyzed; "
                                    "compute the others from the index in the body)")
            return None, None, (f"the initialization `{text}` sets {len(items)} variables and the update "
                                f"steps {'none' if not stepped else 'more than one'} of them alone")
        k = stepped[0]
        var, lower = named(items[k])
        # Moved before the start, a later part must not be able to see or change what the start does: the start
        # is a literal, and the later part sets a plain variable (not a C++ reference, not a macro) with a value
        # that changes nothing else (no assignment, `++` or `--` in it) and names neither the index nor a
        # macro; it calls something or reads memory (`*p`, `a[k]`, `s.m`) only when the index is declared
        # here (`int i = 0, e = v.size()`: nothing outside sees that `i`).
        literal_start = lower is not None and _literal(lower)
        for item in items[k + 1:]:
            if item.type == "init_declarator":
                name, value = named(item)
                parts = [value] if value is not None else []
            elif item.type == "assignment_expression":
                left = item.child_by_field_name("left")
                name = left.text.decode() if left.type == "identifier" else None
                parts = [item.child_by_field_name("right")]
                if name is not None and not self._unaliased_variable(name):
                    name = None
            elif declaration and item.type == "identifier":
                name, parts = item.text.decode(), []
            else:
                name, parts = None, [item]
            # (every word of the part's text: `_identifiers` skips what a call calls, a lambda that names `i`)
            named_here = {word for part in parts for word in _WORD_RE.findall(part.text.decode())}
            if not literal_start or name is None or var in named_here or \
                    any(_macro_named(self.p, word) or self._reference(word) for word in named_here) or \
                    any(_has_node(part, ("assignment_expression", "update_expression")) for part in parts) or \
                    not declaration and any(_has_node(part, _MEMORY_READS) for part in parts):
                return None, None, (f"the initialization `{text}` sets `{item.text.decode()}` after the index "
                                    f"`{var}`, and moving that before the loop could change what it or the start "
                                    "computes (the start is not a literal, or the part names the index or a "
                                    "macro, has a side effect, or calls or reads memory beside an index declared "
                                    "outside the header); set it before the loop")
        if any(b"\n" in item.text for j, item in enumerate(items) if j != k):
            return None, None, (f"the initialization `{text}` sets more than the index `{var}`, over several lines; "
                                "set the other variables before the loop")
        above = loop.node.prev_named_sibling
        while above is not None and above.type == "comment":
            above = above.prev_named_sibling
        if above is not None and above.type == "preproc_call":
            # (`#pragma GCC ivdep` goes with the statement after it: that must stay the loop)
            return None, None, (f"the initialization `{text}` sets more than the index `{var}`, and the directive "
                                f"`{above.text.decode().strip()}` above the loop keeps it from being moved "
                                "before the loop; set the other variables before the directive")
        others = [item for j, item in enumerate(items) if j != k]
        if declaration:
            source = init.text
            base = init.start_byte
            head = source[:items[0].start_byte - base].decode()  # `const int ` before the first declarator
            loop.header_extras = tuple(f"{head}{item.text.decode()};" for item in others)
            loop.header_init = f"{head}{items[k].text.decode()};"
        else:
            loop.header_extras = tuple(f"{item.text.decode()};" for item in others)
            loop.header_init = items[k].text.decode()
        return var, lower, None

    def _derived_inductions(self, loop: Loop, init, cond, update) -> tuple[str, object, object] | str | None:
        """`for (ig = ii, i = 0; ig < n; ig++, i++)`: a header that sets and steps variables beside the index,
        the one its condition tests. Returns (the index, its start's node, the update's part that steps it);
        a reason when the header has that shape but the others cannot be computed from the index; None when
        it has another shape (`_header_index` reads it). With the index stepped by 1 or -1, each other
        variable is, at every iteration's start, its start plus (index - index's start) times its amount, and
        the analysis reads it so (`_derive`): written at the top of the body, a private of each iteration
        (its value after the loop is not the last iteration's: `S2P213`), and in a subscript that value. So
        long as the loop computes just that: C; each such variable a local integer no narrower than int,
        whose address nobody takes and that nothing else in the loop writes; their starts and the index's
        read only such locals and parameters, which the loop does not write; the header sets nothing else."""
        if self.fn is None or self.p.language != "c" or cond is None:
            return None
        declaration = init.type == "declaration"
        items = init.children_by_field_name("declarator") if declaration else _comma_items(init)
        starts: dict[str, object] = {}
        parts_of: dict[str, object] = {}  # name -> the initialization's part that sets it
        for item in items:
            name = value = None
            if item.type == "init_declarator":
                inner = item.child_by_field_name("declarator")
                if inner is not None and inner.type == "identifier":
                    name, value = inner.text.decode(), item.child_by_field_name("value")
            elif item.type == "assignment_expression" and item.child_by_field_name("operator").text == b"=":
                left = _strip_parens(item.child_by_field_name("left"))
                if left.type == "identifier":
                    name, value = left.text.decode(), item.child_by_field_name("right")
            if name is None or value is None or name in starts:
                return None
            starts[name], parts_of[name] = value, item
        steps: dict[str, tuple[int, object]] = {}
        for part in _comma_items(_strip_parens(update)):
            found = [(name, step) for name in starts if (step := self._step(name, part))]
            if len(found) != 1 or found[0][0] in steps:
                return None
            steps[found[0][0]] = (found[0][1], part)
        if len(steps) < 2 or set(steps) != set(starts):
            return None
        text = " ".join(update.text.decode().split())
        tested = [name for name in steps if name in self._identifiers(cond)]
        if len(tested) != 1:
            return (f"the update `{text}` steps several variables and the condition tests "
                    f"{'none' if not tested else 'more than one'} of them (a loop with several induction "
                    "variables is counted when its condition tests one of them alone)")
        var = tested[0]
        step, index_part = steps[var]
        if step not in (1, -1):
            return (f"the update `{text}` steps the index `{var}` by {step} beside other variables (the others "
                    "are computed from an index stepped by 1 or -1; compute them from the index in the body)")
        index_start = self.affine(starts[var])
        body = loop.node.child_by_field_name("body")
        # a backend computes the others at the top of the body (generators/headers.py): in braces it adds to an
        # unbraced body, which must then be the statement that follows the header (not a `#pragma` line or a
        # `#if` branch) and not a macro's expansion (`STORE(x);` of `x; n++` has more than one statement); and
        # from the starts' texts put on one line (no comment in them)
        between = [n for n in loop.node.children if update.end_byte <= n.start_byte < body.start_byte
                   and n.type != "comment" and n.type != ")"] if body is not None else []
        if body is None or between or b"#" in self.p.source[update.end_byte:body.start_byte] or \
                body.type != "compound_statement" and not all(
                not _macro_named(self.p, word) or _expression_macro(self.p, word)
                for word in _WORD_RE.findall(body.text.decode())):
            return (f"the update `{text}` steps several variables, and the body is not a block that follows the "
                    "header (a preprocessor line stands between them, or it is one statement that names a macro); "
                    "compute the others from the index in a braced body")
        if any(_has_node(start, ("comment",)) for start in starts.values()):
            return (f"the update `{text}` steps several variables, and a comment stands in a start (compute the "
                    "others from the index in the body)")
        # (the header's names among them; what a call is given a macro alone may set in C: see `escaping`)
        written = _written_names(loop.node, "c", self.p) | _given_in_stores(loop.node, self.p)
        set_in_body = _written_names(body, "c", self.p) | _given_in_stores(body, self.p)
        escaping = self._escaping()
        type_text = self._type_text(init) if declaration else ""
        derived = []
        for name, (amount, part) in steps.items():
            if name == var:
                continue
            held = None if declaration else self.fn.locals.get(name) or self.fn.param(name)
            kind = type_text if declaration else held.type_text if held is not None else ""
            start = self.affine(starts[name])
            why = None
            if not declaration and (held is None or held.is_pointer or held.is_array or held.is_reference or
                                    held.is_static):
                why = f"`{name}` is not a local integer variable of the function"
            elif not _plain_integer(kind):
                why = f"`{name}` is of type `{kind}`, not an integer type at least as wide as int"
            elif name in escaping:
                why = f"`{name}` may change where the loop does not name it (its address is taken, or a macro sets it)"
            elif name in set_in_body:
                why = f"the body also sets `{name}`"
            elif start is None or index_start is None or _has_node(starts[name], ("call_expression",)):
                why = (f"the start of `{name}` or of the index `{var}` is not a sum of integer variables and "
                       "constants")
            else:
                for symbol in sorted(start.symbols() | index_start.symbols()):
                    if symbol in written or symbol in escaping or not (self.fn.locals.get(symbol) or
                                                                       self.fn.param(symbol)):
                        why = (f"the starts read `{symbol}`, which the loop sets or which is not a local or "
                               "parameter the loop leaves unchanged")
                        break
            if why is not None:
                return (f"the update `{text}` steps `{name}` beside the index `{var}`, and {why}: it cannot be "
                        "computed from the index (compute it from the index in the body)")
            derived.append((name, starts[name], part, amount * step, kind))
        loop.derived = tuple((name, " ".join(start.text.decode().split()), amount, " ".join(kind.split()),
                              declaration) for name, start, _, amount, kind in derived)
        loop.index_update = index_part.text.decode()
        loop.header_init = parts_of[var].text.decode()
        if declaration:
            loop.header_init = f"{init.text[:items[0].start_byte - init.start_byte].decode()}{loop.header_init};"
        self._derived_parts[loop.id] = (index_start, derived, index_part)
        return var, starts[var], index_part

    def _derived_unset(self, loop: Loop, first_access: int) -> None:
        """After the body: a variable the header steps beside the index that the body also writes (through
        what the checks of `_derived_inductions` did not see: the IR expands macros) is no function of the
        index, and the loop is not counted."""
        names = {d[0] for d in loop.derived}
        synthetic = len(names)  # (the writes `_derive` recorded first)
        written = next((a for a in self.fn.accesses[first_access + synthetic:] if a.name in names and a.is_write),
                       None)
        if written is None:
            return
        loop.not_countable = (f"the update `{loop.index_update}, ...` steps `{written.name}` beside the index "
                              f"`{loop.var}`, and the body also sets it (line {written.line}): it cannot be computed "
                              "from the index (compute it from the index in the body)")
        loop.var = loop.step = loop.lower = loop.upper = None
        loop.upper_limits, loop.derived, loop.index_update, loop.header_init = (), (), "", ""

    def _derive(self, loop: Loop, ctx: Ctx) -> None:
        """At the top of a body: each variable the header steps beside the index (`_derived_inductions`) is
        written, and (C, as `_scalar_definition` allows) defined as its start plus its amount times the
        iterations before."""
        index_start, derived, _ = self._derived_parts.pop(loop.id)
        for name, start, part, amount, _ in derived:
            self._record(name, "w", None, (), part, ctx)
            var = self.fn.locals.get(name) or self.fn.param(name)
            value = self.affine(start)
            if not self._substituting or var is None or not self._substitutable(var) or \
                    _UNSIGNED_LITERAL.search(start.text.decode()):
                continue
            value = value + (Affine.var(loop.var) - index_start).scale(amount)
            if _integer_rank(var.type_text) == 1 and not self._fits_int(value):
                continue
            self._define(name, var, value, ctx)

    def _type_kind(self, var: Variable) -> tuple:
        """What an update's result depends on, of `var`'s type: a pointer or array, a bool, an integer, a
        `float` or a `double` (`value_rank`), or the spelling itself for any other type."""
        if var.is_pointer or var.is_array:
            return ("pointer", var.pointer_depth, len(var.dims))
        text = through_macros(self.p, var.type_text)
        if re.search(r"\b(?:bool|_Bool)\b", text):
            return ("bool",)
        rank = value_rank(text)  # (3: long double, or a type the analysis cannot tell)
        return ("rank", rank) if rank < 3 else ("spelled", " ".join(text.split()))

    def _reference(self, name: str) -> bool:
        """`name` is a C++ reference (a local, parameter or global): reading it reads another variable."""
        var = variable(self.p, self.fn, name)
        return var is not None and var.is_reference or name in self.fn.references

    def _unaliased_variable(self, name: str) -> bool:
        """`name` is a variable in scope (a local, parameter or global) and not a C++ reference or a macro."""
        return variable(self.p, self.fn, name) is not None and not self._reference(name) and \
            not _macro_named(self.p, name)

    @staticmethod
    def _index_plus_constant(node, var: str) -> int | None:
        """c for `var + c` or `c + var` (c a positive integer literal), else None."""
        node = _strip_parens(node)
        if node.type != "binary_expression" or node.child_by_field_name("operator").text != b"+":
            return None
        left, right = (_strip_parens(node.child_by_field_name(side)) for side in ("left", "right"))
        if right.type == "identifier" and right.text.decode() == var:
            left, right = right, left
        if left.type != "identifier" or left.text.decode() != var or right.type != "number_literal":
            return None
        value = _int_literal(right.text.decode())
        return value if value is not None and value > 0 else None

    def _tile_step(self, var: str, update) -> tuple[str, Affine, frozenset[str], str] | None:
        """(text, value, names, the widest of their types) of the step of `var += s` or `var = var + s` when s
        is an affine expression of signed integer variables other than `var`, not a constant (`ii += tile`): a
        tile loop's step, which the analysis takes as positive (from a start below a signed bound, a step <= 0
        never ends the loop). Else None."""
        update = _strip_parens(update)
        if update is None or update.type != "assignment_expression":
            return None
        left, right = update.child_by_field_name("left"), _strip_parens(update.child_by_field_name("right"))
        op = update.child_by_field_name("operator").text
        if left.type != "identifier" or left.text.decode() != var or right is None:
            return None
        if op == b"=":
            if right.type != "binary_expression" or right.child_by_field_name("operator").text != b"+":
                return None
            first, second = (_strip_parens(right.child_by_field_name(side)) for side in ("left", "right"))
            if second is not None and second.type == "identifier" and second.text.decode() == var:
                first, second = second, first
            if first is None or first.type != "identifier" or first.text.decode() != var:
                return None
            right = second
        elif op != b"+=":
            return None
        amount = self.affine(right) if right is not None else None
        if amount is None or amount.is_constant() or var in amount.symbols():
            return None
        held = [variable(self.p, self.fn, name) if name.isidentifier() else None for name in amount.symbols()]
        if any(v is None or v.is_pointer or v.is_array or not signed_wide(v.type_text) for v in held):
            return None  # (an unsigned step wraps: `i += s` with s = -1u counts down)
        widest = max((v.type_text for v in held), key=_integer_rank)
        return right.text.decode(), amount, frozenset(self._identifiers(right)), widest

    def _signed_operand(self, node) -> bool:
        """`node` is a sum or product of signed integer variables, macros and literals (no unsigned or wider
        operand converts the comparison to unsigned)."""
        node = _strip_parens(node)
        if node is None:
            return False
        if node.type == "number_literal":
            value = c_integer(node.text.decode())
            return value is not None and value.kind.startswith("s")
        if node.type == "identifier":
            name = node.text.decode()
            value = self.known_value(name)
            if value is not None:
                return getattr(value, "kind", "s32").startswith("s")
            held = variable(self.p, self.fn, name)
            return held is not None and not held.is_pointer and not held.is_array and signed_wide(held.type_text)
        if node.type == "binary_expression" and node.child_by_field_name("operator").text in (b"+", b"-", b"*"):
            return self._signed_operand(node.child_by_field_name("left")) and \
                self._signed_operand(node.child_by_field_name("right"))
        if node.type == "unary_expression" and node.child_by_field_name("operator").text in (b"-", b"+"):
            return self._signed_operand(node.child_by_field_name("argument"))
        return False

    def _min_operands(self, node, depth: int = 0) -> list:
        """The operands of a minimum written as `a < b ? a : b` (or `>`, `<=`, `>=` alike), `std::min(a, b)`
        or a function-like macro expanding to one (`MIN(n, jj + tile)`), flattened; else [node]."""
        node = _strip_parens(node)
        if node is None or depth > 8:
            return [node]
        if node.type == "call_expression":
            function = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            named = [a for a in args.named_children if a.type != "comment"] if args is not None else []
            if function is not None and function.text.decode().replace(" ", "") == "std::min" and \
                    self.p.language != "c" and len(named) == 2:
                return [x for a in named for x in self._min_operands(a, depth + 1)]
            expansion = self._macro_expression(node) if function is not None and function.type == "identifier" \
                else None
            return self._min_operands(expansion, depth + 1) if expansion is not None else [node]
        if node.type != "conditional_expression":
            return [node]
        condition = _strip_parens(node.child_by_field_name("condition"))
        chosen = [_strip_parens(node.child_by_field_name(side)) for side in ("consequence", "alternative")]
        if condition is None or condition.type != "binary_expression" or None in chosen:
            return [node]
        op = condition.child_by_field_name("operator").text.decode()
        left, right = (_strip_parens(condition.child_by_field_name(side)) for side in ("left", "right"))
        texts = [re.sub(r"\s+", "", n.text.decode()) for n in (left, right, *chosen)]
        if op in ("<", "<=") and texts[0] == texts[2] and texts[1] == texts[3] or \
                op in (">", ">=") and texts[0] == texts[3] and texts[1] == texts[2]:
            return [x for n in (left, right) for x in self._min_operands(n, depth + 1)]
        return [node]

    def _step(self, var: str, update) -> int | None:
        if update is None:
            return None
        update = _strip_parens(update)
        text = update.text.decode().replace(" ", "")
        if text in (f"{var}++", f"++{var}"):
            return 1
        if text in (f"{var}--", f"--{var}"):
            return -1
        # `i += c`, `i -= c`, `i = i + c`, `i = i - c` (c a literal or an integer macro)
        sign = amount_text = None
        if text.startswith(var + "+=") or text.startswith(var + "-="):
            sign, amount_text = text[len(var)], text[len(var) + 2:]
        elif text.startswith(f"{var}={var}+") or text.startswith(f"{var}={var}-"):
            sign, amount_text = text[2 * len(var) + 1], text[2 * len(var) + 2:]
        if amount_text is None or not amount_text.replace("_", "").isalnum():
            return None
        amount = _int_literal(amount_text)
        if amount is None:
            amount = self.known_value(amount_text)
        if amount is None:
            return None
        return -amount if sign == "-" else amount

    def _range_for(self, node, ctx: Ctx) -> None:
        loop = self._new_loop(node, "range", ctx)
        inner = ctx + (("loop", loop.id),)
        decl = node.child_by_field_name("declarator")
        right = node.child_by_field_name("right")
        body = node.child_by_field_name("body")
        loop.var = f"__it{loop.id}"
        loop.step = 1
        loop.first_order = self.order
        container = _strip_parens(right)
        name, var = _declarator_name(decl) if decl is not None else (None, None)
        bound = structured_binding_names(decl)
        if bound and container is not None and container.type == "identifier":
            # `for (auto &[k, v] : pairs)`: each name is a part of the iteration's element (by reference) or
            # a copy of it declared by the loop
            name = None
            loop.range_container = container.text.decode()
            loop.lower = Affine.const(0)
            loop.upper = Affine.var(f"{loop.range_container}.size()")
            loop.lower_text, loop.upper_text = "0", f"{loop.range_container}.size()"
            self._record(loop.range_container, "r", (Affine.var(loop.var),), (loop.var,), right, inner)
            for part in bound:
                if decl.type == "reference_declarator":
                    self.alias[part] = (loop.range_container, (Affine.var(loop.var),), (loop.var,), False)
                else:
                    self.fn.declarations.append((part, inner, self.order))
                    self._record(part, "w", None, (), decl, inner)
        elif container is not None and container.type == "identifier" and name and not bound and \
                (row := self._container_row(container.text.decode())) is not None:
            # `for (auto &x : row)` over a row another name gives (`for (auto &row : grid)`, `auto &row =
            # grid[i];`): x is grid[i][k], an element of the container of containers
            outer, subs, texts, held = row
            loop.range_container = container.text.decode()
            loop.lower = Affine.const(0)
            loop.upper = Affine.var(f"{loop.range_container}.size()")
            loop.lower_text, loop.upper_text = "0", f"{loop.range_container}.size()"
            declared = self._type_text(node)
            self.element_types[name] = element_text(held) if "auto" in declared.split() or var.is_reference \
                else declared
            element = ((*subs, Affine.var(loop.var)), (*texts, loop.var))
            if var.is_reference:
                self.alias[name] = (outer, *element, False)
            else:
                self.fn.declarations.append((name, inner, self.order))
                self._record(outer, "r", *element, right, inner)
                self._record(name, "w", None, (), decl, inner)
        elif container is not None and container.type == "identifier" and name:
            loop.range_container = container.text.decode()
            held = variable(self.p, self.fn, loop.range_container)
            declared = self._type_text(node)
            self.element_types[name] = element_text(held) if held is not None and (
                "auto" in declared.split() or var.is_reference) else declared
            loop.lower = Affine.const(0)
            loop.upper = Affine.var(f"{loop.range_container}.size()")
            loop.lower_text, loop.upper_text = "0", f"{loop.range_container}.size()"
            # `for (auto b : bits)` over a std::vector<bool> it may change: `auto` is the container's bit
            # proxy (std::vector<bool>::reference), so a store to `b` is a store into `bits`
            proxy = not var.is_reference and "auto" in declared.split() and bit_vector(held) and not held.is_const
            if var.is_reference and not self._value_elements(held):
                # `for (P &p : refs)` over std::reference_wrapper<P> (or pointers): elements may name one object
                self.fn.declarations.append((name, inner, self.order))
                self.fn.locals[name] = var
                self.fn.references[name] = "?"
                self._record(name, "w", None, (), decl, inner)
            elif var.is_reference or proxy:
                self.alias[name] = (loop.range_container, (Affine.var(loop.var),), (loop.var,), False)
                if var.is_reference:
                    self.elements[name] = declared
            else:
                self.fn.declarations.append((name, inner, self.order))
                if var.is_pointer:
                    # `for (double *p : ptrs) *p += 1;`: stores through the element reach shared storage
                    var.type_text, var.ctx, var.line = self._type_text(node), inner, decl.start_point[0] + 1
                    self.fn.locals[name] = var
                self._record(loop.range_container, "r", (Affine.var(loop.var),), (loop.var,), right, inner)
                self._record(name, "w", None, (), decl, inner)
        else:
            loop.not_countable = "range-for over an expression that is not a named container"
            if right is not None:
                self._expression(right, ctx)
        body_start = loop.first_order
        if body is not None:
            self._statement(body, inner)
        loop.body_orders = (body_start, self.order)
        loop.last_order = self.order
        for part in [name] * bool(name) + bound:
            self.alias.pop(part, None)
            self.elements.pop(part, None)

    def _while(self, node, ctx: Ctx) -> None:
        loop = self._new_loop(node, "while" if node.type == "while_statement" else "do", ctx)
        inner = ctx + (("loop", loop.id),)
        loop.first_order = self.order
        cond = node.child_by_field_name("condition")
        body = node.child_by_field_name("body")
        counted = self._counted_while(cond, body) if loop.kind == "while" else None
        if counted is None:
            loop.not_countable = f"`{loop.kind}` loop: the number of iterations is not known on entry"
        body_start = self.order
        if cond is not None and loop.kind != "do":
            self._expression(cond, inner)
        if counted is not None:
            var, step, op, bound, update = counted
            loop.var, loop.step, loop.cond_text = var, step, op
            loop.upper_text = bound.text.decode()
            loop.bound_symbols = frozenset(self._identifiers(bound))
            upper = self.affine(bound)
            if upper is not None and step > 0:
                loop.upper = upper + Affine.const(1) if op == "<=" else upper
            for child in body.named_children:
                if child is not update:
                    self._statement(child, inner)
            loop.body_orders = (body_start, self.order)
            self._statement(update, inner)  # the increment is the loop's own update, not its body
        else:
            if body is not None:
                self._statement(body, inner)
            loop.body_orders = (body_start, self.order)
            if cond is not None and loop.kind == "do":
                self._expression(cond, inner)  # a do-while tests its condition after the body
        loop.last_order = self.order

    def _counted_while(self, cond, body):
        """`while (i < n) { ...; i++; }` or `while (n > i) ...`: (var, step, op, bound node, update
        statement) with the index on the left of `op`, else None."""
        cond = _strip_parens(cond)
        if cond is None or cond.type != "binary_expression" or body is None or body.type != "compound_statement":
            return None
        op = cond.child_by_field_name("operator").text.decode()
        if op not in _FLIPPED:
            return None
        statements = [c for c in body.named_children if c.type != "comment"]
        if not statements or statements[-1].type != "expression_statement":
            return None
        update = statements[-1]
        left, right = _strip_parens(cond.child_by_field_name("left")), _strip_parens(cond.child_by_field_name("right"))
        for index, bound, index_op in ((left, right, op), (right, left, _FLIPPED[op])):
            if index.type != "identifier":
                continue
            var = index.text.decode()
            step = self._step(var, update.named_children[0]) if update.named_child_count == 1 else None
            if step is None or (step > 0) != (index_op in ("<", "<=", "!=")) or (index_op == "!=" and abs(step) != 1):
                continue
            if var not in self._identifiers(bound):
                return var, step, index_op, bound, update
        return None

    # -- expressions ----------------------------------------------------------------------------------
    def _identifiers(self, node) -> set[str]:
        out = set()
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type == "identifier":
                out.add(n.text.decode())
            elif n.type == "call_expression":
                args = n.child_by_field_name("arguments")
                fn = n.child_by_field_name("function")
                if fn is not None and fn.type == "field_expression":
                    base = fn.child_by_field_name("argument")
                    if base is not None:
                        stack.append(base)
                if args is not None:
                    stack.append(args)
            else:
                stack.extend(n.named_children)
        return out

    def _has_effects(self, node) -> bool:
        """Evaluating `node` may change state: an assignment, `++`/`--`, a call of anything but a known pure
        library function (a function-like macro, a function of the program), `new`, `delete`, `throw`, a
        statement expression or a lambda."""
        stack = [node]
        while stack:
            n = stack.pop()
            if n is None:
                continue
            if n.type in ("assignment_expression", "update_expression", "new_expression", "delete_expression",
                          "throw_expression", "compound_statement", "lambda_expression", "gnu_asm_expression",
                          "co_await_expression", "co_yield_statement"):
                return True
            if n.type == "call_expression":
                function = _strip_parens(n.child_by_field_name("function"))
                name = function.text.decode() if function is not None else ""
                if name in self.p.function_macros or not (
                        self._pure_library_call(name, self.fn) or self._pure_function(name)):
                    return True
            stack.extend(n.named_children)
        return False

    def _pure_library_call(self, name: str, fn: Function | None) -> bool:
        """A call of the C library's pure function `name` that stores nothing either: not `frexp(x, &e)`,
        `modf`, `std::swap` (they store through their arguments), nor a local or parameter so named."""
        return name in PURE_FUNCTIONS and name.removeprefix("std::") not in _STORING_LIBRARY_FUNCTIONS and \
            library_call(self.p, fn, name)

    def _pure_function(self, name: str, depth: int = 0) -> bool:
        """`name` is a function of the program, defined above, that changes nothing its caller could see: it
        stores only into its own automatic locals and by-value parameters (elements of its own local arrays
        too), and calls only pure library functions and such functions (`static double sq(double x) { return
        x * x; }`)."""
        fn = self.p.functions.get(name)
        if fn is None or fn is self.fn or depth > 4 or fn.static_locals or name in self.p.overloads or \
                any(jump.kind == "goto" for jump in fn.jumps):
            return False
        for access in fn.accesses:
            if not access.is_write:
                continue
            var = fn.locals.get(access.name) or fn.param(access.name)
            if var is None or var.is_static or var.is_reference or access.unanalyzable or access.through_call or \
                    access.subscripts is not None and not (var.is_array and not var.is_pointer) or var.is_member:
                return False  # (an element through a pointer may be the caller's)
        if re.search(r"\b(?:asm|__asm__|__asm)\b", fn.node.text.decode(errors="replace")):
            return False  # (an asm statement may store anywhere)
        return all(call.method_of is None and (self._pure_library_call(call.name, fn)
                                               or self._pure_function(call.name, depth + 1))
                   for call in fn.calls)

    def _type_of_text(self, type_text: str) -> IntegerType | str | None:
        """`integer_type` of a declared type, through the file's macros and its typedefs of arithmetic types
        (`typedef unsigned int uint;`)."""
        if self._arithmetic_typedefs is None:
            words = r"(?:const|volatile|signed|unsigned|short|long|int|char|float|double|_Bool|bool|size_t|ssize_t|" \
                    r"ptrdiff_t|u?int(?:8|16|32|64)_t|u?intptr_t)"
            text = self.p.source.decode(errors="replace")
            found: dict[str, list[str]] = {}
            for m in re.finditer(rf"\btypedef\s+((?:{words}\s+)*{words})\s+([A-Za-z_]\w*)\s*;", text):
                found.setdefault(m.group(2), []).append(m.group(1))
            for m in re.finditer(rf"\busing\s+([A-Za-z_]\w*)\s*=\s*((?:{words}\s+)*{words})\s*;", text):
                found.setdefault(m.group(1), []).append(m.group(2))  # (C++: `using idx = int;`)
            # a name typedef'd or #defined more than once (`#ifdef` branches, a function's own) is not known
            defined = re.findall(r"^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)", text, re.M)
            aliases = re.findall(r"\busing\s+([A-Za-z_]\w*)\s*=", text)
            self._ambiguous_types = {name for name in {*found, *defined}
                                     if len(found.get(name, ())) + defined.count(name) > 1 or
                                     re.search(rf"\btypedef\b[^;]*\b{re.escape(name)}\s*;", text) and name not in found
                                     or aliases.count(name) > len(found.get(name, ()))}
            self._arithmetic_typedefs = {name: texts[0] for name, texts in found.items()}
        if set(re.findall(r"[A-Za-z_]\w*", type_text)) & self._ambiguous_types:
            return None
        spelled = through_macros(self.p, type_text)
        for _ in range(4):
            resolved = re.sub(r"[A-Za-z_]\w*", lambda m: self._arithmetic_typedefs.get(m.group(0), m.group(0)),
                              spelled)
            if resolved == spelled:
                break
            spelled = resolved
        return integer_type(spelled)

    def arithmetic_type_of(self, node) -> IntegerType | str | None:
        """The C type of an expression's value as `integer_type` gives it ((bits, signed), "real", or None when
        not known): literals, variables, elements, casts, and C's conversions through arithmetic operators."""
        node = _strip_parens(node)
        if node is None:
            return None
        t = node.type
        if t == "number_literal":
            literal = _int_literal(node.text.decode())
            if literal is None:
                return "real"
            kind = getattr(literal, "kind", "s32")
            return (64 if "64" in kind else 32, not kind.startswith("u"))
        if t in ("char_literal", "true", "false"):
            return (32, True)
        if t == "identifier":
            name = node.text.decode()
            if name in self.element_types:
                return self._type_of_text(self.element_types[name])
            var = variable(self.p, self.fn, name)
            if var is not None:
                return None if var.is_array or var.is_pointer or var.is_reference else \
                    self._type_of_text(var.type_text)
            return (32, True) if self.known_value(name) is not None and name in self.p.macros else None
        if t == "subscript_expression":
            base = node
            while base is not None and base.type == "subscript_expression":
                base = _strip_parens(base.child_by_field_name("argument"))
            var = variable(self.p, self.fn, base.text.decode()) if base is not None and \
                base.type == "identifier" else None
            return self._type_of_text(element_text(var)) if var is not None else None
        if t == "cast_expression":
            return self._type_of_text(node.child_by_field_name("type").text.decode())
        if t == "binary_expression":
            op = node.child_by_field_name("operator").text.decode()
            if op in ("<", "<=", ">", ">=", "==", "!=", "&&", "||"):
                return (32, True)
            left = self.arithmetic_type_of(node.child_by_field_name("left"))
            if op in ("<<", ">>"):
                return _promoted(left) if isinstance(left, tuple) else left
            right = self.arithmetic_type_of(node.child_by_field_name("right"))
            if left is None or right is None:
                return None
            if left == "real" or right == "real":
                return "real"
            return common_integer_type(left, right)
        if t == "unary_expression":
            op = node.child_by_field_name("operator").text.decode()
            if op == "!":
                return (32, True)
            inner = self.arithmetic_type_of(node.child_by_field_name("argument"))
            return _promoted(inner) if isinstance(inner, tuple) else inner
        if t == "call_expression":
            function = _strip_parens(node.child_by_field_name("function"))
            name = function.text.decode() if function is not None else ""
            returned = self.p.function_returns.get(name)
            if returned is not None:
                return self._type_of_text(returned)  # the program's own function: its declared type
            if library_call(self.p, self.fn, name):
                result = _LIBRARY_RESULT_TYPES.get(name.removeprefix("std::"))
                # (C++ overloads the integer ones: `std::abs(long)` gives a long)
                return result if result == "real" or self.p.language != "cpp" else None
            return None
        if t == "conditional_expression":
            a, b = (self.arithmetic_type_of(node.child_by_field_name(f)) for f in ("consequence", "alternative"))
            if a is None or b is None:
                return None
            return "real" if "real" in (a, b) else common_integer_type(a, b)
        return None

    def _effects_only_when(self, target: str, node, when: str) -> None:
        """Records why `target` is no reduction: `node`, which stores or calls, runs only when `when`, and each
        thread's copy of `target` decides that otherwise than the one running value."""
        self.fn.narrowed.setdefault(re.sub(r"\[.*", "", target), (
            f"`{_strip_parens(node).text.decode()}` stores or calls, and runs only when {when}: a thread's own "
            "copy would decide otherwise"))

    def _kept_in_order(self, target: str, value) -> bool:
        """`converts_in_order` for a value stored into `target` (a scalar or an element); records why not."""
        root = re.match(r"[A-Za-z_]\w*", target)
        var = variable(self.p, self.fn, root.group(0)) if root else None
        if var is None:
            return True
        held = through_macros(self.p, element_text(var) if "[" in target else var.type_text)
        value_type, held_type = self.arithmetic_type_of(value), self._type_of_text(held)
        if converts_in_order(value_type, held_type):
            return True
        which = "of a type not known here" if value_type is None or held_type is None else \
            "of a wider range or the other signedness"
        self.fn.narrowed.setdefault(re.sub(r"\[.*", "", target), (
            f"a minimum or maximum kept in `{held.strip()}` over `{_strip_parens(value).text.decode()}`, {which}: "
            "each store or comparison may convert it out of order, so the threads' partial results would not "
            "combine to the running one"))
        return False

    def value_rank_of(self, node) -> int:
        """`value_rank` of an expression's value: the highest of its operands' (a literal, a variable, an
        element, a cast, a call); 3 when an operand's type is unknown (a call of a user function, a member)."""
        rank = 0
        stack = [node]
        while stack and rank < 3:
            n = _strip_parens(stack.pop())
            if n is None:
                continue
            t = n.type
            if t == "number_literal":
                text = n.text.decode().lower()
                if not text.startswith("0x") and ("." in text or "e" in text):
                    rank = max(rank, 1 if text.endswith("f") else 2)
            elif t == "identifier":
                name = n.text.decode()
                var = variable(self.p, self.fn, name)
                if name in self.element_types:  # a range-for's element
                    rank = max(rank, value_rank(self.element_types[name]))
                elif var is not None:
                    rank = max(rank, value_rank(var.type_text))
                elif self.known_value(name) is None:
                    rank = 3
            elif t == "subscript_expression":
                base = _strip_parens(n.child_by_field_name("argument"))
                while base is not None and base.type == "subscript_expression":
                    base = _strip_parens(base.child_by_field_name("argument"))
                var = variable(self.p, self.fn, base.text.decode()) if base is not None and \
                    base.type == "identifier" else None
                rank = max(rank, value_rank(element_text(var)) if var is not None else 3)
            elif t == "cast_expression":
                rank = max(rank, value_rank(n.child_by_field_name("type").text.decode()))
            elif t == "call_expression":
                function = n.child_by_field_name("function")
                name = function.text.decode() if function is not None else ""
                returned = self.p.function_returns.get(name) if function is not None and \
                    function.type == "identifier" else None
                if returned is not None:
                    rank = max(rank, value_rank(returned))  # the program's own function: its declared type
                elif name.split(".")[-1] not in _INTEGER_CALLS and name not in _INTEGER_CALLS:
                    rank = 3
            elif t in ("sizeof_expression", "char_literal", "true", "false"):
                continue
            elif t == "binary_expression" and n.child_by_field_name("operator").text in _TRUTH_OPERATORS or \
                    t == "unary_expression" and n.child_by_field_name("operator").text == b"!":
                # a comparison or a logical operator of numbers gives an int, 0 or 1, whatever they are; of an
                # object whose type is not known here, a class's own operator may give anything
                if any(self.value_rank_of(operand) >= 3 for operand in n.named_children):
                    rank = 3
                continue
            elif t == "conditional_expression":
                stack.extend(c for c in (n.child_by_field_name("consequence"), n.child_by_field_name("alternative"))
                             if c is not None)  # the condition is not part of the value
            elif t in ("field_expression", "pointer_expression"):
                rank = 3
            else:
                stack.extend(n.named_children)
        return rank

    def _kept_rank(self, target: str) -> int | None:
        """`value_rank` of the scalar or element `target` names (None when its declaration is not known)."""
        root = re.match(r"[A-Za-z_]\w*", target)
        var = variable(self.p, self.fn, root.group(0)) if root else None
        if var is None:
            return None
        return value_rank(through_macros(self.p, element_text(var) if "[" in target else var.type_text))

    def known_value(self, name: str) -> int | None:
        """The compile-time value of `name`: a macro (textual, so it applies in every scope), else a global
        const/constexpr integer unless a parameter or an earlier local of the current function hides it."""
        value = self.p.macros.get(name)
        if value is None and name not in self._ambiguous_macros and name not in self._in_order:
            value = self.p.extra_macros.get(name)
        if value is None and name in self.p.constants:
            hidden = self.fn is not None and (name in self.fn.locals or self.fn.param(name) is not None)
            value = None if hidden else self.p.constants[name]
        return value

    def _integer_names(self, value: Affine, node) -> bool:
        """Every name of `value` and of the expression `node` it was read from is an integer: a variable of an
        integer type (through the file's typedefs), a macro or constant of known value, an enumerator (a cast
        of a sum that names a `double` converts the real sum, not the sum of its converted terms, and
        `i + shift - shift` may lose its `shift` in the affine form). `v.size()` and a row's `?k` are."""
        names = {name for name in value.symbols() if not name.endswith("()") and not name.startswith("?")}
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type == "identifier":
                parent = n.parent
                if not (parent is not None and parent.type == "call_expression" and
                        parent.child_by_field_name("function") == n):
                    names.add(n.text.decode())
            else:
                stack.extend(n.named_children)
        for name in names:
            var = variable(self.p, self.fn, name) if self.fn is not None else self.p.globals.get(name)
            if var is None:
                if self.known_value(name) is None and name not in self._enumerators():
                    return False
            elif var.is_pointer or var.is_array or not isinstance(self._type_of_text(var.type_text), tuple):
                return False
        return True

    def _enumerators(self) -> frozenset[str]:
        """The names the file's `enum` lists declare (integer constants), found once."""
        if self._enum_names is None:
            text = self.p.source.decode(errors="replace")
            self._enum_names = frozenset(
                m.group(1) for body in re.findall(r"\benum\b[^{};]*\{([^{}]*)\}", text)
                for m in re.finditer(r"(?:^|,)\s*([A-Za-z_]\w*)", body))
        return self._enum_names

    def affine(self, node) -> Affine | None:
        """Integer-affine form of an expression, or None (division, calls, array reads, ...)."""
        node = _strip_parens(node)
        if node is None:
            return None
        t = node.type
        if t == "number_literal":
            value = _int_literal(node.text.decode())
            # (past int's range C arithmetic may wrap: `a[i + 4294967295u]` is a[i - 1] in unsigned int)
            return Affine.const(value) if value is not None and value < 2 ** 31 else None
        if t == "identifier":
            name = node.text.decode()
            if name in self.alias:
                return None
            if self._subscript_ctx is not None and (found := self._defs.get(name)) is not None:
                value, ctx, blocks = found
                if self._subscript_ctx[:len(ctx)] == ctx and self._blocks[:len(blocks)] == blocks:
                    self._substituted = True
                    return value
            if self.p.language != "c" and self.fn is not None and name not in self.fn.locals and \
                    self.fn.param(name) is None and self._template_type(name):
                return None  # (`template <typename off>` hides a global `off`: `(off)+2` casts +2)
            value = self.known_value(name)
            if value is not None and not -2 ** 31 <= value < 2 ** 31:
                return None  # (a macro of 4294967295u: C's arithmetic on it may wrap)
            return Affine.const(value) if value is not None else Affine.var(name)
        if t == "binary_expression":
            op = node.child_by_field_name("operator").text
            left = self.affine(node.child_by_field_name("left"))
            if left is None:
                return None
            right = self.affine(node.child_by_field_name("right"))
            if right is None:
                return None
            if op == b"+":
                return _bounded(left + right)
            if op == b"-":
                return _bounded(left - right)
            if op == b"*":
                return _bounded(left.mul(right))
            if op == b"/" and right.is_constant() and left.is_constant() and right.constant:
                return Affine.const(left.constant // right.constant)
            if op == b"<<" and right.is_constant() and left.is_constant() and 0 <= right.constant < 64:
                return _bounded(Affine.const(left.constant << right.constant))  # (C: a shift out of range is
            return None  # undefined, `1 << -1` or `1 << 20000`: no value)
        if t == "unary_expression":
            op = node.child_by_field_name("operator").text
            arg = self.affine(node.child_by_field_name("argument"))
            if arg is None:
                return None
            if op == b"-":
                return -arg
            if op == b"+":
                return arg
            return None
        if t == "cast_expression":
            # a cast to a narrower integer (`(unsigned char) i`) wraps: not the affine value any more
            cast = node.child_by_field_name("type")
            words = cast.text.decode().split() if cast is not None else []
            kind = " ".join(w for w in words if w not in ("const", "signed"))
            if kind not in _WIDE_INTEGERS:
                return None
            value = self.affine(node.child_by_field_name("value"))
            if value is not None and kind in ("int", "int32_t") and not self._fits_int(value):
                return None  # `(int) l` of a long l wraps
            if value is not None and not self._integer_names(value, node.child_by_field_name("value")):
                return None  # `(long)(i + shift)` of a double shift: truncated, i = 0 and 1 meet at 0 for -0.5
            return value
        if t == "call_expression":
            fn = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            if fn is not None and fn.type == "identifier":
                # `a[IDX(i, j)]` with `#define IDX(i, j) ((i) * n + (j))`: the expansion's affine form
                expansion = self._macro_expression(node) if self._macro_depth < 8 else None
                if expansion is None:
                    return None
                self._macro_depth += 1
                try:
                    return self.affine(expansion)
                finally:
                    self._macro_depth -= 1
            if (fn is not None and fn.type == "field_expression" and args is not None
                    and args.named_child_count == 0):
                field_name = fn.child_by_field_name("field").text.decode()
                if field_name in ("size", "length"):
                    return Affine.var(fn.text.decode() + "()")
        return None

    def _record(self, name: str, mode: str, subscripts, texts, node, ctx: Ctx, **extra) -> Access:
        if mode != "r" and self._defs:
            self._kill(name)
        self.order += 1
        row, column = (self.location_of or node).start_point
        acc = Access(name=name, mode=mode, subscripts=subscripts, texts=tuple(texts), line=row + 1,
                     column=column + 1, order=self.order, ctx=ctx, **extra)
        self.fn.accesses.append(acc)
        return acc

    def _pointer_offset(self, name: str, value, ctx: Ctx) -> None:
        """Record `name = base + integers` (one pointer or array of the same element type plus an affine
        offset: arrays carved from one allocation, `b = a + n + off`)."""
        statement = value
        while statement is not None and statement.type != "compound_statement":
            statement = statement.parent
        body = self.fn.body
        if value.type != "binary_expression" or statement is None or body is None or \
                (statement.start_byte, statement.end_byte) != (body.start_byte, body.end_byte):
            return  # (only at the function's top level, where the names mean what they mean there)
        found = self._pointer_sum(value)
        held, base = variable(self.p, self.fn, name), variable(self.p, self.fn, found[0]) if found else None
        if found is None or held is None or base is None or _element_words(held) != _element_words(base):
            return
        self.fn.pointer_offsets.setdefault(name, []).append((found[0], found[1], self.order, ctx))

    def _pointer_sum(self, node) -> tuple[str, Affine | None, str, list] | None:
        """The element `*(...)` denotes when `node` is one pointer plus integers, in any order: `y + i + 1`,
        `1 + i + y`, `y.begin() + i`, `v.data() + k`, `&y[i] + 1`. Returns (array, offset or None when not
        affine, the offset's text, the integer terms' nodes); None when no term, or more than one, names a
        pointer, an array or a container (the address may then be anything)."""
        terms: list[tuple[int, object]] = []

        def walk(n, sign: int) -> None:
            n = _strip_parens(n)
            operator = n.child_by_field_name("operator") if n.type == "binary_expression" else None
            if operator is not None and operator.text in (b"+", b"-"):
                walk(n.child_by_field_name("left"), sign)
                walk(n.child_by_field_name("right"), sign if operator.text == b"+" else -sign)
            else:
                terms.append((sign, n))

        walk(node, 1)
        if len(terms) < 2:
            return None
        bases = [(k, base) for k, (sign, term) in enumerate(terms) if (base := self._pointer_term(term)) is not None]
        if len(bases) != 1 or terms[bases[0][0]][0] != 1:
            return None
        at, (name, start, start_text) = bases[0]
        offset: Affine | None = start
        texts = [start_text] if start_text != "0" else []
        offsets = []
        for k, (sign, term) in enumerate(terms):
            if k == at:
                continue
            offsets.append(term)
            value = self.affine(term)
            offset = None if offset is None or value is None else offset + (value if sign > 0 else -value)
            text = term.text.decode()
            texts.append(("- " if sign < 0 else "+ " if texts else "") + text)
        return name, offset, " ".join(texts) or "0", offsets

    def _record_element(self, element: tuple, mode: str, node, ctx: Ctx) -> Access:
        """Record the access `*(...)` makes to the element a `_pointer_sum` found (its integer terms read)."""
        name, offset, text, offsets = element
        for term in offsets:
            self._expression(term, ctx)
        return self._record(name, mode, (offset,), (text,), node, ctx,
                            indirect=any(self._reads_array(term) for term in offsets))

    def _pointer_term(self, node) -> tuple[str, Affine | None, str] | None:
        """(array, start offset, its text) of a term of a pointer sum that is a pointer itself: a pointer or
        array name, `&a[e]`, `v.begin()`/`v.data()` of a container; None for anything else."""
        node = _strip_parens(node)
        if node.type == "identifier":
            target = variable(self.p, self.fn, node.text.decode())
            if target is not None and (target.is_pointer or target.is_array):
                return node.text.decode(), Affine.const(0), "0"
            return None
        if node.type == "pointer_expression" and node.child_by_field_name("operator").text == b"&":
            inner = _strip_parens(node.child_by_field_name("argument"))
            base = _strip_parens(inner.child_by_field_name("argument")) if inner.type == "subscript_expression" \
                else None
            index = inner.child_by_field_name("indices") or inner.child_by_field_name("index") \
                if base is not None else None
            if base is not None and base.type == "identifier" and index is not None:
                index = _strip_parens(index.named_children[0]) if index.type == "subscript_argument_list" and \
                    index.named_child_count == 1 else index
                target = variable(self.p, self.fn, base.text.decode())
                if target is not None and holds_elements(target) and \
                        len(target.dims) <= 1:
                    return base.text.decode(), self.affine(index), index.text.decode()
            return None
        if node.type == "call_expression":
            function = node.child_by_field_name("function")
            arguments = node.child_by_field_name("arguments")
            if function is not None and function.type == "field_expression" and arguments is not None and \
                    arguments.named_child_count == 0 and function.child_by_field_name("operator").text == b"." and \
                    function.child_by_field_name("field").text in (b"begin", b"data"):
                base = _strip_parens(function.child_by_field_name("argument"))
                target = variable(self.p, self.fn, base.text.decode()) if base.type == "identifier" else None
                if target is not None and random_access_container(target):
                    return base.text.decode(), Affine.const(0), "0"
        return None

    def _pointer_target(self, value) -> tuple[str, tuple, tuple, bool, list] | None:
        """What a pointer initialiser names: `&X[e]...` or `X + e` (an element of X), `X[e]` of a 2-D array or
        `X` itself (a row), with the subscript nodes; None unless X is a named array or pointer and every
        subscript is affine."""
        def array(name: str | None) -> Variable | None:
            var = variable(self.p, self.fn, name) if name is not None else None
            return var if var is not None and (var.is_array or var.is_pointer) else None

        if value.type == "pointer_expression" and value.child_by_field_name("operator").text == b"&":
            inner = _strip_parens(value.child_by_field_name("argument"))
            if inner.type != "subscript_expression":
                return None
            name, indices = self._subscript_chain(inner)
            target, element = array(name), True
            if target is None or (target.is_array and len(target.dims) != len(indices)):
                return None  # `&m[i]` of a 2-D array is a row, typed as one
        elif value.type == "binary_expression" and value.child_by_field_name("operator").text == b"+":
            left = _strip_parens(value.child_by_field_name("left"))
            name = left.text.decode() if left.type == "identifier" else None
            indices, element = [value.child_by_field_name("right")], True
            target = array(name)
            if target is None or (target.is_array and len(target.dims) > 1) or target.pointer_depth > 1:
                return None  # `m + i` of a 2-D array (or of a table of pointers) is not an element pointer
        elif value.type == "subscript_expression":
            name, indices = self._subscript_chain(value)
            target, element = array(name), False
            if target is None or not ((target.is_array and len(target.dims) == len(indices) + 1)
                                      or (not target.is_array and target.pointer_depth == len(indices) + 1)):
                return None
        elif value.type == "identifier":
            name, indices, element = value.text.decode(), [], False
            target = array(name)
            if target is None or target.pointer_depth > 1 or (target.is_array and len(target.dims) > 1):
                return None
        else:
            return None
        if "." in name or "->" in name or name.startswith("*"):
            return None
        subs = tuple(self.affine(i) for i in indices)
        if any(sub is None for sub in subs):
            return None
        return name, subs, tuple(i.text.decode() for i in indices), element, list(indices)

    def _array_access(self, base: str, indices, ctx: Ctx) -> tuple[str, tuple, tuple]:
        """(array, subscripts, texts) that `base[indices]` denotes: itself, or, through a pointer declared in
        an enclosing loop body (see `forward`), the array it points into with the subscripts combined."""
        self._substituted = False
        return self._forwarded(base, [self._subscript_affine(i, ctx) for i in indices],
                               [i.text.decode() for i in indices], ctx)

    def _subscript_affine(self, node, ctx: Ctx) -> Affine | None:
        """`affine` of a subscript read in `ctx`, with the scalars whose definitions reach it replaced by
        their values (`j = i + 1; a[j]` is a[i + 1])."""
        if not self._defs:
            return self.affine(node)
        self._subscript_ctx = ctx
        try:
            return self.affine(node)
        finally:
            self._subscript_ctx = None

    def _kill(self, name: str) -> None:
        """`name` is written (or may be): its definition and those that read it no longer hold."""
        self._defs.pop(name, None)
        for other in self._users.pop(name, ()):
            found = self._defs.get(other)
            if found is not None and name in found[0].symbols():
                del self._defs[other]

    def _scalar_definition(self, left, value, ctx: Ctx) -> None:
        """After `j = <affine>;` (a statement, or a declaration `long j = <affine>;`), the subscripts that
        statement reaches read j as that value, until j or a name of the value is written (or may be: at a
        call that is given it, at a loop that writes it anywhere, at a label), the block of the statement
        ends, or the read is in another branch. Only for signed integer scalars no narrower than int, whose
        value names signed integer locals or parameters no wider than it, none of whose address escapes
        (`_escaping_names`): C's arithmetic on them is the integers'. `value` is the assignment (its right
        side is read) or the initializer."""
        if not self._substituting or left is None:
            return
        left = _strip_parens(left)
        if left.type != "identifier":
            return
        name = left.text.decode()
        if value.type == "assignment_expression":
            if value.child_by_field_name("operator").text != b"=":
                return
            value = value.child_by_field_name("right")
        var = self.fn.locals.get(name) or self.fn.param(name)
        if var is None or not self._substitutable(var) or name in self._escaping():
            return
        found = self._subscript_affine(value, ctx)  # (a value may use earlier definitions: `i2 = i1 + 1`)
        if found is None or name in found.symbols() or _UNSIGNED_LITERAL.search(value.text.decode()) or \
                _integer_rank(var.type_text) == 1 and not self._fits_int(found):
            return  # (`i - 1u` wraps; `int j = i * 65536L * 65536L` is not that product)
        self._define(name, var, found, ctx)

    def _define(self, name: str, var: Variable, found: Affine, ctx: Ctx) -> None:
        """Subscripts reached from here read `name` as `found` (see `_scalar_definition`), when every name of
        it is a signed integer local or parameter no wider than `var`, none of which escapes, and no index of
        an enclosing loop whose body sets it."""
        loops = {("loop", loop.id): loop for loop in self.fn.loops}
        enclosing = {loops[tag].var: loops[tag] for tag in ctx if tag in loops and loops[tag].var}
        for symbol in found.symbols():
            other = self.fn.locals.get(symbol) or self.fn.param(symbol)
            if other is None or symbol in self._unsubstituted or not self._substitutable(other) or \
                    _integer_rank(other.type_text) > _integer_rank(var.type_text):
                return
            if symbol in enclosing and self._index_set_in_body(enclosing[symbol]):
                # (the analysis reads an index as its iteration's value: `j1 += 2; i1 = 2*j1` is not 2*j1 of it)
                return
        self._defs[name] = (found, ctx, self._blocks)
        for symbol in found.symbols():
            self._users.setdefault(symbol, set()).add(name)

    def _escaping(self) -> frozenset[str]:
        """`_escaping_names` of the function being read, found once."""
        if self._unsubstituted is None:
            self._unsubstituted = _escaping_names(self.fn.body, self.p, frozenset(p.name for p in self.fn.params))
        return self._unsubstituted

    def _index_set_in_body(self, loop: Loop) -> bool:
        """The body of `loop` may write its index (a `while` loop's step, `i += 2; ...; i -= 2;`)."""
        found = self._index_written.get(loop.id)
        if found is None:
            body = loop.node.child_by_field_name("body")
            found = self._index_written[loop.id] = loop.kind != "for" or body is None or \
                loop.var in _written_names(body, self.p.language, self.p)
        return found

    def _substitutable(self, var: Variable) -> bool:
        return signed_wide(var.type_text) and not var.is_pointer and not var.is_array and \
            not var.is_reference and not var.is_static and not var.is_volatile

    def _fits_int(self, value: Affine) -> bool:
        """Every variable of `value` is a known variable of a type no wider than int, and its constants fit in
        an int: a cast of it to int changes nothing."""
        if any(abs(c) >= 2 ** 31 for _, c in value.terms):
            return False
        for name in value.symbols():
            var = variable(self.p, self.fn, name) if self.fn is not None else self.p.globals.get(name)
            words = set(var.type_text.replace("*", " ").split()) if var is not None else {"?"}
            if var is None or var.is_pointer or not words <= {"int", "short", "char", "signed", "const", "static",
                                                               "register", "_Bool", "bool"}:
                return False
        return True

    def _argument_index(self, arg, ctx: Ctx) -> Affine | None:
        """For an argument `t[e]` (one subscript of a name): e's affine form, with the scalars whose definitions
        reach it replaced by their values (`j = k - 1; interp(u[j], ..., u[k], ...)`: u[k - 1])."""
        arg = _strip_parens(arg)
        if arg is None or arg.type != "subscript_expression" or \
                _strip_parens(arg.child_by_field_name("argument")).type != "identifier":
            return None
        index = arg.child_by_field_name("index")
        return self._subscript_affine(index, ctx) if index is not None else None

    def _dereference(self, name: str, mode: str, node, ctx: Ctx) -> Access:
        """`*p` or `p->m` (its element: members are not told apart) for a pointer `p`: p[0], which is an
        element of the array p points into when `forward` knows it (`const double *left = &a[i - 1]`)."""
        self._record(name, "r", None, (), node, ctx)  # the pointer's own value is read too
        base, subs, texts = self._forwarded(name, [Affine.const(0)], ["0"], ctx)
        return self._record(base, mode, subs, texts, node, ctx)

    def _forwarded(self, base: str, subs: list, texts: list, ctx: Ctx) -> tuple[str, tuple, tuple]:
        if base.startswith("*"):
            pointer = variable(self.p, self.fn, base[1:])
            if pointer is not None and pointer.pointee_dims and pointer.pointer_depth == 1:
                # `(*A)[i][j]` with `double (*A)[N][M]` is A[0][i][j]: the one array A points to
                return base[1:], (Affine.const(0), *subs), ("0", *texts)
        entry = self.forward.get(base)
        if entry is None or not all(c in ctx for c in entry[4]):
            return base, tuple(subs), tuple(texts)
        array, prefix, prefix_texts, element, _ = entry
        if element and prefix:
            first = None if subs[0] is None else prefix[-1] + subs[0]
            subs = [*prefix[:-1], first, *subs[1:]]
            texts = [*prefix_texts[:-1], f"{prefix_texts[-1]} + {texts[0]}", *texts[1:]]
        else:
            subs, texts = [*prefix, *subs], [*prefix_texts, *texts]
        return array, tuple(subs), tuple(texts)

    def _lvalue(self, node, mode: str, ctx: Ctx):
        """Record the access a store/update target denotes; returns (name, access) or (None, None)."""
        node = _strip_parens(node)
        t = node.type
        if t == "identifier":
            name = node.text.decode()
            if name in self.alias:
                container, subs, texts, _ = self.alias[name]
                return container, self._record(container, mode, subs, texts, node, ctx, via=name)
            self.forward.pop(name, None)  # the pointer moves: later accesses through it are its own
            return name, self._record(name, mode, None, (), node, ctx)
        if t == "subscript_expression" and self._user_subscript(node, ctx):
            return None, None  # a store through a class's own operator[]: a call of unknown effects
        if t == "subscript_expression":
            base, indices = self._subscript_chain(node)
            for index in indices:
                self._expression(index, ctx)
            if base is None and (row := self._row_access(node, indices, ctx)) is not None:
                return row[0], self._record(row[0], mode, row[1], row[2], node, ctx,
                                            indirect=any(self._reads_array(i) for i in indices))
            if base is None:
                self._expression(node, ctx)
                # a store through an expression (`get()[i] = ...`) is still a store
                return None, self._record("?", mode, (None,), (node.text.decode(),), node, ctx,
                                          unanalyzable=True)
            self._read_pointer_of(base, node, ctx)
            indirect = any(self._reads_array(i) for i in indices)
            base, subs, texts = self._array_access(base, indices, ctx)
            return base, self._record(base, mode, subs, texts, node, ctx, indirect=indirect,
                                      substituted=self._substituted)
        if t == "pointer_expression" and node.child_by_field_name("operator").text == b"*":
            arg = _strip_parens(node.child_by_field_name("argument"))
            if arg.type == "identifier":
                acc = self._dereference(arg.text.decode(), mode, node, ctx)
                return acc.name, acc
            element = self._pointer_sum(arg)
            if element is not None:
                return element[0], self._record_element(element, mode, node, ctx)
            # a store through an address the analysis cannot name (not one pointer plus integers): it may
            # be any object (naming it after one of the expression's identifiers hid it behind the index)
            self._expression(arg, ctx)
            return None, self._record("?", mode, (None,), (arg.text.decode(),), node, ctx, unanalyzable=True)
        if t == "field_expression" and _this_member(node) is not None:
            name = _this_member(node)
            return name, self._record(name, mode, None, (), node, ctx)
        if t == "field_expression":
            base = _strip_parens(node.child_by_field_name("argument"))
            through_pointer = node.child_by_field_name("operator").text == b"->"
            if base.type == "subscript_expression" and not through_pointer and \
                    not self._reference_member(node.child_by_field_name("field")):
                return self._lvalue(base, mode, ctx)  # a member of an array element: that element
            if base.type == "identifier" and not through_pointer and base.text.decode() in self.alias:
                return self._lvalue(base, mode, ctx)  # `p.x += ...` in `for (auto &p : ps)`: the element
            if base.type == "identifier" and not through_pointer:
                name = self._member_name(node, base)
                return name, self._record(name, mode, None, (), node, ctx)
            if base.type == "identifier" and through_pointer and self._forwarded_pointer(base.text.decode(), ctx) \
                    and not self._reference_member(node.child_by_field_name("field")):
                # `p->x = ...` with `P *p = &ps[i];` declared in the loop: a store to ps[i]
                acc = self._dereference(base.text.decode(), mode, node, ctx)
                return acc.name, acc
            self._expression(base, ctx)
            name = base.text.decode()
            return name, self._record(name, mode, (None,), (node.text.decode(),), node, ctx, unanalyzable=True)
        if t == "qualified_identifier" and (static := self._static_member(node)) is not None:
            return static, self._record(static, mode, None, (), node, ctx)  # `V::calls = ...`
        # Anything else (casts, calls returning references...): record as unanalyzable.
        self._expression(node, ctx)
        return None, self._record("?", mode, (None,), (node.text.decode(),), node, ctx, unanalyzable=True)

    def _member_name(self, node, base) -> str:
        """The scalar a `v.m` access names: `v.m`, or `v` itself when `v` is a union (its members share one
        storage: writing `cv.d` and reading `cv.u` is one variable, not two)."""
        var = variable(self.p, self.fn, base.text.decode())
        if var is not None and not var.is_array and not var.is_pointer and self.p.is_union(var):
            return base.text.decode()
        return node.text.decode().replace(" ", "")

    def _same_narrow(self, bound_node, narrow: tuple[int, int, str]) -> bool:
        """`bound_node` names a variable of a type no wider than the narrow index's (same range or inside it)."""
        bound_node = _strip_parens(bound_node) if bound_node is not None else None
        if bound_node is None or bound_node.type != "identifier":
            return False
        var = variable(self.p, self.fn, bound_node.text.decode())
        other = _narrow_range(var.type_text) if var is not None and not var.is_pointer and not var.is_array else None
        return other is not None and narrow[0] <= other[0] and other[1] <= narrow[1]

    def _forwarded_pointer(self, name: str, ctx: Ctx) -> bool:
        """`name` is a plain pointer that `forward` knows, here, to point at one element of a named array."""
        entry = self.forward.get(name)
        return entry is not None and all(c in ctx for c in entry[4]) and self._plain_pointer(name)

    def _plain_pointer(self, name: str) -> bool:
        """`name` is a C pointer variable (not a class object with `operator->`, an iterator or `this`)."""
        var = variable(self.p, self.fn, name)
        return var is not None and var.is_pointer and not var.is_array and var.pointer_depth <= 1

    def _reference_member(self, field_node) -> bool:
        """A member of that name is a reference in some struct or class of the program: a store to it is a
        store to what it refers to, not to the element that holds it."""
        return field_node is not None and field_node.text.decode() in self._reference_members

    def _value_elements(self, held: Variable | None) -> bool:
        """The container's elements are objects of their own (numbers, classes of the program, strings, std
        types): not std::reference_wrapper, pointers or a type name the analysis cannot see through, whose
        elements may name one object (a `for (T &p : refs)` over them reaches it from several iterations)."""
        if held is None:
            return False
        text = element_text(held)
        if re.search(r"reference_wrapper|\*", text):
            return False
        words = [w for w in text.replace("std::", "").split() if w not in _DECLARATION_QUALIFIERS]
        members = self.p.fields.get(record_key(text))
        if members is not None:  # a struct or class: its own storage unless a member refers elsewhere
            return all(kind not in ("reference", "pointer") for kind, _ in members.values())
        return bool(words) and (all(w in ARITHMETIC_WORDS or w in self.p.arithmetic_types for w in words)
                                or text.strip().startswith("std::") or "<" in text)

    def _static_member(self, node) -> str | None:
        """`V::calls`, a static data member defined at file scope (one variable of the program): its name."""
        name = node.text.decode().replace(" ", "").rsplit("::", 1)[-1]
        var = self.p.globals.get(name)
        return name if var is not None and not var.is_member and name not in self.fn.locals and \
            self.fn.param(name) is None else None

    def _argument_row(self, arg):
        """(array, subscripts, texts) of the row a call argument hands over, when the callee can reach only
        that row: `a[i][j]` of an array of higher rank (a row pointer), or `&a[i][j][0]` (the row's first
        element). The row's free indices are `?1`, `?2`..."""
        arg = _strip_parens(arg)
        address = arg.type == "pointer_expression" and arg.child_by_field_name("operator").text == b"&"
        if address:
            arg = _strip_parens(arg.child_by_field_name("argument"))
        if arg.type != "subscript_expression":
            return None
        base, indices = self._subscript_chain(arg)
        if base is None or "." in base or "->" in base:
            return None
        name, subs, texts = self._array_access(base, indices, ())
        var = variable(self.p, self.fn, name)
        if var is None or any(sub is None for sub in subs):
            return None
        if var.is_array and not var.is_pointer:
            rank = len(var.dims)
        elif var.pointee_dims and var.pointer_depth == 1:
            rank = 1 + len(var.pointee_dims)
        else:
            return None  # a plain pointer: no row bounds what the callee reaches
        if address:
            if len(subs) != rank or rank < 2:
                return None
            if not (subs[-1].is_constant() and subs[-1].constant == 0):
                # `&a[i][k]`: a callee writing p[0..M-1] from there runs into row i + 1 (past the row, as real
                # code does though C leaves it undefined): the row does not bound it
                return None
            subs, texts = subs[:-1], texts[:-1]
        elif len(subs) >= rank:
            return None
        free = rank - len(subs)
        return (name, (*subs, *(Affine.var(f"?{k}") for k in range(1, free + 1))),
                (*texts, *("?" for _ in range(free))))

    def _lambda_captures(self, node) -> None:
        """A lambda that captures by reference (`[&]`, `[&t]`) can read or change those locals whenever it is
        called, after the loop too: for the analysis their address is taken."""
        captures = node.child_by_field_name("captures")
        if captures is None or b"&" not in captures.text:
            return
        text = captures.text.decode()
        named = set(re.findall(r"&\s*([A-Za-z_]\w*)", text))
        by_default = re.search(r"[\[,]\s*&\s*[,\]]", text) is not None
        body = node.child_by_field_name("body")
        used = set(re.findall(r"[A-Za-z_]\w*", body.text.decode())) if body is not None and by_default else set()
        for name in named | used:
            if name in self.fn.locals or self.fn.param(name) is not None:
                self.fn.address_taken.setdefault(name, node.start_point[0] + 1)

    def _callable_argument(self, arg) -> bool:
        """An argument that is code to run: a lambda that captures or assigns anything, a function, a
        functor or lambda held in a variable (an algorithm's comparator or operation)."""
        arg = _strip_parens(arg)
        if arg.type == "lambda_expression":
            captures = arg.child_by_field_name("captures")
            body = arg.child_by_field_name("body")
            writes = body is not None and re.search(rb"(?<![=!<>])=(?!=)|\+\+|--", body.text) is not None
            # (a captureless lambda calling a function: `[](long x, long y) { return add(x, y); }`)
            calls = body is not None and any(
                word.decode() not in PURE_FUNCTIONS and word.decode() not in _CALL_KEYWORDS
                for word in re.findall(rb"([A-Za-z_][\w:]*)\s*(?:<[^<>()]*>)?\s*\(", body.text))
            return writes or calls or captures is None or captures.text.replace(b" ", b"") != b"[]"
        if arg.type == "compound_literal_expression":
            return True  # a functor made in place: `Counting{&cnt}`
        if arg.type == "pointer_expression" and arg.child_by_field_name("operator").text == b"&":
            arg = _strip_parens(arg.child_by_field_name("argument"))  # `&add`
        if arg.type == "qualified_identifier":
            return not arg.text.decode().replace(" ", "").startswith("std::")  # `::add`, `ns::add`
        if arg.type != "identifier":
            return False
        name = arg.text.decode()
        var = variable(self.p, self.fn, name)
        if var is None:
            return name in self.p.functions
        words = var.type_text.replace("std::", "").split()
        return not var.is_pointer and not var.is_array and (words[-1:] == ["auto"] or "function" in var.type_text)

    def _user_subscript(self, node, ctx: Ctx) -> bool:
        """`u[i]` on an object whose class defines operator[] (a periodic wrap, a bounds check, a view): a
        call the analysis does not follow into (recorded as one of unknown effects), not an array element."""
        base = _strip_parens(node.child_by_field_name("argument"))
        var = variable(self.p, self.fn, base.text.decode()) if base.type == "identifier" else None
        if var is None or var.is_pointer or var.is_array or subscript_class(self.p, var.type_text) is None:
            return False
        self.order += 1
        where = self.location_of or node
        self.fn.calls.append(Call(name=f"operator[] of {record_key(var.type_text)}", args=(), arg_texts=(),
                                  line=where.start_point[0] + 1, column=where.start_point[1] + 1,
                                  order=self.order, ctx=ctx))
        for child in node.named_children[1:]:
            self._expression(child, ctx)
        return True

    def _subscript_chain(self, node):
        """`a[i][j]` → ("a", [i, j]); `s.x[i]` → ("s.x", [i]); None base when not a named array."""
        indices = []
        while node.type == "subscript_expression":
            index = node.child_by_field_name("index")
            if index is None:
                args = next((c for c in node.named_children if c.type == "subscript_argument_list"), None)
                index = args.named_children[0] if args is not None and args.named_child_count else None
            if index is None:
                return None, []
            indices.append(index)
            node = _strip_parens(node.child_by_field_name("argument"))
        indices.reverse()
        if node.type == "identifier":
            name = node.text.decode()
            if name in self.alias:
                return None, indices
            return name, indices
        if _this_member(node) is not None:
            return _this_member(node), indices
        if node.type == "field_expression" and node.child_by_field_name("operator").text == b"." and \
                self._named_object(node):
            return node.text.decode().replace(" ", ""), indices
        # Through a pointer: `q->y[i]`, `(*pp)[i]`. Named by their text; the dependence analysis treats
        # them as possibly overlapping every other array of the loop.
        if node.type == "field_expression" and _strip_parens(node.child_by_field_name("argument")).type == "identifier":
            # (`(g)->data[k]` from a macro's parameter is named as `g->data[k]` is)
            field = node.child_by_field_name("field")
            return _strip_parens(node.child_by_field_name("argument")).text.decode() + \
                node.child_by_field_name("operator").text.decode() + \
                (field.text.decode() if field is not None else ""), indices
        if node.type == "pointer_expression" and node.child_by_field_name("operator").text == b"*" \
                and _strip_parens(node.child_by_field_name("argument")).type == "identifier":
            return "*" + _strip_parens(node.child_by_field_name("argument")).text.decode(), indices
        return None, indices

    def _named_object(self, node) -> bool:
        """A member chain `s.x`, `s[i].v.w` starts from a named variable (or a member of `this`): its text
        names the storage. `(struct G){ a }.x` or `f().x` starts from an expression whose reads (`a`) must be
        walked; named by its text, the read of `a` was lost (a row of a table stored through it went unseen)."""
        while node.type in ("field_expression", "subscript_expression"):
            if node.type == "field_expression" and node.child_by_field_name("operator").text != b".":
                break
            node = _strip_parens(node.child_by_field_name("argument"))
        return node.type == "identifier" or _this_member(node) is not None

    def _read_anywhere(self, inner, node, ctx: Ctx) -> None:
        """A read through an address the analysis cannot take apart (`*(p + k)`, `(p + k)[i]`, `ident(b)[i]`,
        `getp()[i + 1]`): anywhere in each array it names, and, when a call computes the address, anywhere
        in what the call returns, named `*<text>`, which the dependence analysis takes as reached through a
        pointer (it may be any array of the loop). The element methods of containers are known reads."""
        for name in sorted(self._identifiers(inner)):
            target = variable(self.p, self.fn, name)
            if target is not None and holds_elements(target):
                self._record(name, "r", (None,), (inner.text.decode(),), node, ctx)
        stack = [inner]
        while stack:
            n = stack.pop()
            if n.type == "call_expression":
                function = n.child_by_field_name("function")
                field = function.child_by_field_name("field") if function is not None and \
                    function.type == "field_expression" else None
                if field is None or field.text.decode() not in _ELEMENT_METHODS:
                    text = "*" + re.sub(r"\s+", "", inner.text.decode())
                    self._record(text, "r", (None,), (inner.text.decode(),), node, ctx)
                    return
            stack.extend(n.named_children)

    def _read_pointer_of(self, base: str, node, ctx: Ctx) -> None:
        """`q->y[i]` and `(*pp)[i]` also read the pointer `q` / `pp`, which the loop may advance."""
        if "->" in base or base.startswith("*"):
            self._record(re.match(r"\*?(\w+)", base).group(1), "r", None, (), node, ctx)

    def _reads_array(self, node) -> bool:
        """Whether an index expression may read memory (an element, a call, a member): its value then
        depends on data. A function-like macro whose expansion is affine (`IDX(i, j)`) reads none."""
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type == "call_expression" and n.child_by_field_name("function").type == "identifier" and \
                    self.affine(n) is not None:
                continue  # a function-like macro whose expansion is affine (only those give a call an affine form)
            if n.type in ("subscript_expression", "call_expression", "pointer_expression", "field_expression"):
                return True
            stack.extend(n.named_children)
        return False

    def _unknown_code(self, name: str, node, ctx: Ctx) -> None:
        """Code the analysis does not read runs at `node`: a call named `name` of unknown effects."""
        self.order += 1
        where = self.location_of or node
        self.fn.calls.append(Call(name=name, args=(), arg_texts=(), line=where.start_point[0] + 1,
                                  column=where.start_point[1] + 1, order=self.order, ctx=ctx))

    def _array_sizes(self, node, ctx: Ctx) -> None:
        """The size expressions of the array declarators in `node` (a declarator or a type), which C evaluates
        for a variable-length array where the declaration or type is reached: `double t[w(a[i])];` reads a[i]
        and calls w. Initializers are not walked."""
        stack = [node]
        while stack:
            n = stack.pop()
            if n.type in ("array_declarator", "abstract_array_declarator"):
                size = n.child_by_field_name("size")
                if size is not None:
                    self._expression(size, ctx)
                stack.extend(c for c in n.named_children if c != size)
            elif n.type == "init_declarator":
                stack.append(n.child_by_field_name("declarator"))
            elif n.type not in _NO_ACCESS or n.type == "type_descriptor":
                stack.extend(n.named_children)

    def _expression(self, node, ctx: Ctx) -> None:
        t = node.type
        if t == "identifier":
            name = node.text.decode()
            if self.known_value(name) is not None:
                return
            if name in self.alias:
                container, subs, texts, _ = self.alias[name]
                self._record(container, "r", subs, texts, node, ctx, via=name)
                return
            self._record(name, "r", None, (), node, ctx)
        elif t in _NO_ACCESS:  # a fifth of the nodes on NPB, so tested early
            if t == "lambda_expression":
                self._lambda_captures(node)
            elif t == "sizeof_expression" and (kind := node.child_by_field_name("type")) is not None and \
                    b"[" in kind.text:
                self._array_sizes(kind, ctx)  # (`sizeof(double[w(x)])` calls w: the size of a VLA type runs)
            return
        elif t == "assignment_expression":
            self._assignment(node, ctx)
        elif t == "update_expression" and self._macro_store(node, node.child_by_field_name("argument"), ctx):
            return
        elif t == "update_expression":
            arg = node.child_by_field_name("argument")
            name, acc = self._lvalue(arg, "rw", ctx)
            if acc is not None:
                acc.reduction = ("op", "+", self.order, "step")
                if _value_used(node, self._used_statements):
                    # `tmp[t++]`: the count is used, not just accumulated: an induction, not a reduction
                    self._record(acc.name, "r", acc.subscripts, acc.texts, node, ctx)
        elif t == "binary_expression" and node.child(0).type == "parenthesized_expression" and \
                self._misread_cast(node, ctx):
            return
        elif t == "binary_expression":
            op = node.child_by_field_name("operator").text
            if op in (b"<<", b">>") and self._stream_of(node) is not None:
                self._stream_io(node, ctx)
            elif op in (b"<<", b">>") and self.p.language == "cpp" and not self._integer_operand(node):
                # `os << x` on an object that is not known to be an integer: an operator call whose effects
                # are unknown (a stream reached through a reference or a pointer, a logger...)
                self._expression(node.child_by_field_name("left"), ctx)
                self._expression(node.child_by_field_name("right"), ctx)
                self._unknown_code(f"operator{op.decode()}", node, ctx)
            elif op in (b"&&", b"||"):
                # the right operand runs only sometimes: what it assigns is not surely assigned
                self._expression(node.child_by_field_name("left"), ctx)
                self._expression(node.child_by_field_name("right"), ctx + (self._new_ctx("if"),))
            else:
                for child in node.named_children:
                    self._expression(child, ctx)
        elif t == "subscript_expression" and self._user_subscript(node, ctx):
            return
        elif t == "subscript_expression":
            base, indices = self._subscript_chain(node)
            for index in indices:
                self._expression(index, ctx)
            if base is None and (row := self._row_access(node, indices, ctx)) is not None:
                self._record(row[0], "r", row[1], row[2], node, ctx,
                             indirect=any(self._reads_array(i) for i in indices))
                return
            if base is None:
                inner = _strip_parens(node.child_by_field_name("argument"))
                self._expression(inner, ctx)
                self._read_anywhere(inner, node, ctx)
                return
            self._read_pointer_of(base, node, ctx)
            base, subs, texts = self._array_access(base, indices, ctx)
            self._record(base, "r", subs, texts, node, ctx, indirect=any(self._reads_array(i) for i in indices),
                         substituted=self._substituted)
        elif t == "call_expression":
            self._call(node, ctx)
        elif t == "pointer_expression":
            op = node.child_by_field_name("operator").text
            arg = node.child_by_field_name("argument")
            if op == b"*":
                inner = _strip_parens(arg)
                if inner.type == "identifier":
                    self._dereference(inner.text.decode(), "r", node, ctx)
                    return
                element = self._pointer_sum(inner)
                if element is not None:
                    self._record_element(element, "r", node, ctx)
                    return
                self._read_anywhere(inner, node, ctx)
            elif op == b"&" and _strip_parens(arg).type == "identifier" and _output_argument(node):
                self._record(_strip_parens(arg).text.decode(), "w", None, (), node, ctx)
                return
            elif op == b"&" and _output_argument(node):
                self._lvalue(arg, "w", ctx)  # `frexp(v, &ex[i + 1])`: a store into ex[i + 1]
                return
            elif op == b"&" and _strip_parens(arg).type == "identifier" and not _library_argument(node):
                taken = _strip_parens(arg).text.decode()
                self.fn.address_taken.setdefault(taken, node.start_point[0] + 1)
                if taken in self.alias and not _compared(node):
                    # `(&p)[-1]` of a range-for's element: a pointer that may step to any element of the container
                    self._record(self.alias[taken][0], "rw", (None,), (node.text.decode(),), node, ctx)
            self._expression(arg, ctx)
        elif t == "field_expression" and _this_member(node) is not None:
            self._record(_this_member(node), "r", None, (), node, ctx)
        elif t == "field_expression":
            base = _strip_parens(node.child_by_field_name("argument"))
            if base.type == "identifier" and base.text.decode() in self.alias:
                self._expression(base, ctx)
            elif base.type == "identifier" and node.child_by_field_name("operator").text == b".":
                self._record(self._member_name(node, base), "r", None, (), node, ctx)
            elif base.type == "identifier" and self._plain_pointer(base.text.decode()):
                # `left->v`: the pointer, then the element it points to (it was not recorded at all)
                self._dereference(base.text.decode(), "r", node, ctx)
            else:
                self._expression(base, ctx)
                if node.child_by_field_name("operator").text == b"->":
                    # `cells[i].left->val`: a pointer read from memory, pointing anywhere (another cell of
                    # the array the loop writes); only the pointer was recorded, as a read of cells[i]
                    text = re.sub(r"\s+", "", base.text.decode())
                    self._record("*" + text, "r", (None,), (node.text.decode(),), node, ctx)
        elif t == "comma_expression":
            for child in node.named_children:
                self._expression(child, ctx)
        elif t == "conditional_expression":
            cond = node.child_by_field_name("condition")
            self._expression(cond, ctx)
            for field_name in ("consequence", "alternative"):
                # each branch a context of its own: a store in one does not cover a read in the other
                # (`c[0] = n > 5 ? (t = 1) : t;` reads the t the loop left)
                branch = ctx + (self._new_ctx("if"),)
                child = node.child_by_field_name(field_name)
                if child is not None:
                    self._expression(child, branch)
        elif t == "binary_expression" and node.child_by_field_name("operator").text in (b"&&", b"||"):
            # the right operand runs only sometimes: `c && (t = 1)` may leave t as it was
            self._expression(node.child_by_field_name("left"), ctx)
            self._expression(node.child_by_field_name("right"), ctx + (self._new_ctx("if"),))
        elif t == "cast_expression":
            kind = node.child_by_field_name("type")
            if kind is not None and b"[" in kind.text:
                self._array_sizes(kind, ctx)  # (`(double (*)[w(x)]) p` calls w)
            value = node.child_by_field_name("value")
            if value is not None:
                self._expression(value, ctx)
        elif t == "gnu_asm_expression":
            self._unknown_code("asm", node, ctx)  # (`"+m"(count)` stores; the analysis does not read asm)
        elif t == "qualified_identifier":
            if node.text in (b"std::cout", b"std::cerr", b"std::clog"):
                self.order += 1
                self.fn.calls.append(Call(name="std::cout", args=(), arg_texts=(), line=node.start_point[0] + 1,
                                          column=node.start_point[1] + 1, order=self.order, ctx=ctx))
            elif (static := self._static_member(node)) is not None:
                self._record(static, "r", None, (), node, ctx)
            return
        else:
            for child in node.named_children:
                self._expression(child, ctx)

    def _stream_of(self, node) -> str | None:
        """The C++ stream a `<<`/`>>` chain starts from (`std::cout << x`, `file >> v[i]`), else None."""
        while node.type == "binary_expression" and node.child_by_field_name("operator").text in (b"<<", b">>"):
            node = _strip_parens(node.child_by_field_name("left"))
        if node.type == "qualified_identifier" and node.text.decode().replace(" ", "") in _STANDARD_STREAMS:
            return node.text.decode()
        if node.type == "identifier":
            name = node.text.decode()
            var = variable(self.p, self.fn, name) if self.fn is not None else None
            if var is None and name in ("cout", "cerr", "clog", "cin"):  # `using namespace std;`
                return name
            if var is not None and _STREAM_TYPE.search(var.type_text) and not var.is_pointer:
                return name
        return None

    def _integer_operand(self, node) -> bool:
        """The leftmost operand of a `<<`/`>>` chain is an integer (so the operator is a shift)."""
        while node.type == "binary_expression" and node.child_by_field_name("operator").text in (b"<<", b">>"):
            node = _strip_parens(node.child_by_field_name("left"))
        if node.type in ("number_literal", "char_literal", "sizeof_expression"):
            return True
        if node.type == "cast_expression":
            return True
        name = None
        if node.type == "identifier":
            name = node.text.decode()
        elif node.type == "subscript_expression":
            name = self._subscript_chain(node)[0]
        if name is None:
            return node.type in ("binary_expression", "parenthesized_expression", "unary_expression",
                                 "call_expression") and self._integer_expression(node)
        if self.known_value(name) is not None:
            return True
        var = variable(self.p, self.fn, name) if self.fn is not None else None
        if var is None:
            return False
        words = [w for w in var.type_text.replace("std::", "").split() if w not in ("const", "static", "volatile")]
        return bool(words) and all(w in _INTEGER_WORDS for w in words)

    def _integer_expression(self, node) -> bool:
        if node.type == "call_expression":
            fn = node.child_by_field_name("function")
            return fn is not None and fn.text.decode() in ("size", "strlen") or False
        return all(self._integer_operand(c) for c in node.named_children if c.type != "comment") \
            if node.named_child_count else False

    def _stream_io(self, node, ctx: Ctx) -> None:
        """A stream insertion or extraction: I/O (a call the analysis knows), and `>>` stores into its
        operands."""
        operands = []
        while node.type == "binary_expression" and node.child_by_field_name("operator").text in (b"<<", b">>"):
            operands.append((node.child_by_field_name("operator").text, node.child_by_field_name("right")))
            node = _strip_parens(node.child_by_field_name("left"))
        self._expression(node, ctx)
        self.order += 1
        stream = node.text.decode().replace(" ", "")
        self.fn.calls.append(Call(name=f"{stream} {operands[-1][0].decode()}", args=(),
                                  arg_texts=(stream,), line=node.start_point[0] + 1,
                                  column=node.start_point[1] + 1, order=self.order, ctx=ctx))
        for op, operand in reversed(operands):
            if op == b">>":
                self._lvalue(operand, "w", ctx)
            else:
                self._expression(operand, ctx)

    def _assignment(self, node, ctx: Ctx) -> None:
        op = node.child_by_field_name("operator").text.decode()
        left = node.child_by_field_name("left")
        right = node.child_by_field_name("right")
        if left.type in ("call_expression", "parenthesized_expression") and self._macro_store(node, left, ctx):
            return
        array_reference = _array_reference_declaration(left)
        bound = _strip_parens(right)
        while array_reference is not None and bound.type == "subscript_expression":  # `= G[i]`: a row of G
            for index in self._subscript_chain(bound)[1]:
                self._expression(index, ctx)
            bound = _strip_parens(bound.child_by_field_name("argument"))
        if array_reference is not None and bound.type == "identifier":
            # `double (&arr)[N] = a;` reads to tree-sitter as a store into a functional cast
            self.fn.references[array_reference] = bound.text.decode()
            self.fn.declarations.append((array_reference, ctx, self.order))
            return
        ltext = _strip_parens(left).text.decode()
        start = len(self.fn.accesses)
        reduction_op = None
        if _strip_parens(left).type == "field_expression" and "->" not in ltext:
            # `t.a = malloc(...)`: a pointer member holding storage of its own, if nothing else sets it
            key = ltext.replace(" ", "")
            fresh = op == "=" and _allocates(_strip_parens(right).text.decode(), self.p, self.fn)
            (self.fn.member_allocations if fresh else self.fn.member_other).add(key)
        if op in _COMPOUND_OPS:
            reduction_op = _COMPOUND_OPS[op]
            if self._mentions(right, ltext):
                reduction_op = None
        elif op == "=":
            reduction_op = self._reduction_rhs(ltext, right)
        if reduction_op in ("+", "*") and self._kept_rank(ltext) == 0 and self.value_rank_of(right) > 0:
            # `int s; s += x[i] * 0.5` truncates at every step: partial sums combined later do not give what
            # the one running sum gives (2000 and 999 times -1, halved: 1 in order, 501 in two halves)
            reduction_op = None
            self.fn.narrowed.setdefault(re.sub(r"\[.*", "", ltext), "an integer accumulating values with a "
                                        "fraction, truncated at every step: partial sums would not add up to it")
        self._expression(right, ctx)
        if op in ("=", "+=", "-=") and _strip_parens(left).type == "identifier":
            target = variable(self.p, self.fn, ltext)
            rtext = _strip_parens(right).text.decode()
            if target is not None and target.is_pointer and op == "=" and _allocates(rtext, self.p, self.fn):
                target.allocated = True  # `C = (double (*)[N]) calloc(...)` after `double (*C)[N];`
                self.fn.allocation_texts.setdefault(ltext, []).append(rtext)
            elif target is not None and target.is_pointer and not (op == "=" and _is_null(right)):
                self.fn.assigned_from.setdefault(ltext, []).append(rtext if op == "=" else f"{ltext} {op} ...")
                if op == "=":
                    self._pointer_offset(ltext, _strip_parens(right), ctx)
        if _strip_parens(left).type == "subscript_expression":
            row, level = _strip_parens(left), 0
            while row is not None and row.type == "subscript_expression":
                row, level = _strip_parens(row.child_by_field_name("argument")), level + 1
            if row is not None and row.type == "identifier":
                rtext = _strip_parens(right).text.decode()
                fresh = op == "=" and _allocates(rtext, self.p, self.fn)
                stores = self.fn.row_allocations if fresh else self.fn.row_other
                stores.setdefault(row.text.decode(), set()).add(level)
                if not fresh:
                    # (a call of the program's own allocator is known only once every function is read; ""
                    # for a store that is none)
                    self.fn.row_other_texts.setdefault(row.text.decode(), {}).setdefault(level, []).append(
                        rtext if op == "=" and _CALL_START.match(rtext) else "")
        elif _strip_parens(left).type == "pointer_expression":
            # `*(u + 2) = u[40];`: a store of a row pointer too, if u is a table of rows
            base = _strip_parens(_strip_parens(left).child_by_field_name("argument"))
            while base is not None and base.type == "binary_expression":
                base = _strip_parens(base.child_by_field_name("left"))
            if base is not None and base.type == "identifier":
                self.fn.row_other.setdefault(base.text.decode(), set()).add(0)
        mode = "w" if op == "=" else "rw"
        if reduction_op is not None and op == "=":
            mode = "rw"
        name, acc = self._lvalue(left, mode, ctx)
        if reduction_op is not None and acc is not None and _value_used(node, self._used_statements):
            reduction_op = None  # `x = (s += v)`: the running value is used, so it is no reduction
            self._record(acc.name, "r", acc.subscripts, acc.texts, node, ctx)
        if reduction_op is not None and acc is not None:
            tag = ("op", reduction_op, self.order)
            if op in ("+=", "-=") and self.affine(right) is not None and self.affine(right).is_constant():
                tag = tag + ("step",)
            elif op == "=" and _strip_parens(left).type == "identifier":
                value = self.affine(right)  # `k = k + 3`: a constant step too
                if value is not None and (value - Affine.var(ltext)).is_constant():
                    tag = tag + ("step",)
            acc.reduction = tag
            # The reads of the reduction variable inside its own update belong to the reduction.
            for other in self.fn.accesses[start:-1]:
                if other.name == name and other.subscripts == acc.subscripts and other.texts == acc.texts:
                    other.reduction = tag

    def _reduction_rhs(self, target: str, right) -> str | None:
        """Operator of `target = target op e` / `e op target` / fmax(target, e) / cond ? target : e."""
        right = _strip_parens(right)
        if right.type == "binary_expression":
            op = right.child_by_field_name("operator").text.decode()
            if op not in _BINARY_REDUCTION_OPS:
                return None
            lhs = _strip_parens(right.child_by_field_name("left"))
            rhs = _strip_parens(right.child_by_field_name("right"))
            if op in ("&&", "||") and self._has_effects(other := lhs if rhs.text.decode() == target else rhs):
                # `any = any || (b[i] = x)` stores only until `any` is true: each thread's copy starts false
                # and every thread goes on storing
                self._effects_only_when(target, other, f"`{target}` is {'false' if op == '||' else 'true'}")
                return None
            if lhs.text.decode() == target and not self._mentions(rhs, target):
                return _BINARY_REDUCTION_OPS[op]
            if op != "-" and rhs.text.decode() == target and not self._mentions(lhs, target):
                return _BINARY_REDUCTION_OPS[op]
            # s = s + a + b parses as (s + a) + b
            if op in ("+", "*") and lhs.type == "binary_expression":
                inner = self._reduction_rhs(target, lhs)
                if inner == _BINARY_REDUCTION_OPS[op] and not self._mentions(rhs, target):
                    return inner
            return None
        if right.type == "call_expression":
            fn = right.child_by_field_name("function").text.decode()
            args = right.child_by_field_name("arguments").named_children
            if fn in self.p.function_macros and fn not in self.p.functions:
                # `t = max_score(t, e)`: the shape is the expansion's
                text = self._macro_text(fn, [a for a in args if a.type != "comment"])
                function = self._parse_body(text) if text is not None else None
                body = function.child_by_field_name("body") if function is not None else None
                statement = body.named_children[0] if body is not None and body.named_child_count else None
                if statement is not None and statement.type == "expression_statement" \
                        and statement.named_child_count == 1:
                    return self._reduction_rhs(target, statement.named_children[0])
                return None
            if fn in _MINMAX_CALLS and len(args) == 2 and not_library(self.p, self.fn, fn) is None:
                # (a `min` or `max` of the program's own may be anything: largest magnitude, a sum...)
                a, b = (_strip_parens(x).text.decode() for x in args)
                # For real numbers a NaN decides: fmin/fmax skip it in either order, and std::max(m, x) is
                # `m < x ? x : m`, which keeps m; std::max(x, m) stores a NaN x, which the next element replaces
                # (the result depends on the order), and how a user's own min/max or an unseen MIN/MAX macro
                # treats it is not known.
                real = self._kept_rank(target) != 0
                symmetric = fn.startswith(("fmin", "fmax", "std::fmin", "std::fmax"))
                if real and not symmetric and (fn in self.p.functions or fn in ("MIN", "MAX")):
                    return None
                if not symmetric and a in (target, b) and not self._kept_in_order(target, args[1]) or \
                        not symmetric and b == target and not self._kept_in_order(target, args[0]):
                    return None
                if a == target and not self._mentions(args[1], target):
                    return _MINMAX_CALLS[fn]
                if b == target and not self._mentions(args[0], target) and (symmetric or not real):
                    return _MINMAX_CALLS[fn]
            return None
        if right.type == "conditional_expression":
            cond = _strip_parens(right.child_by_field_name("condition"))
            cons = _strip_parens(right.child_by_field_name("consequence"))
            alt = _strip_parens(right.child_by_field_name("alternative"))
            if cond.type != "binary_expression" or cons is None or alt is None:
                return None
            op = cond.child_by_field_name("operator").text.decode()
            if op not in ("<", "<=", ">", ">="):
                return None
            cl = _strip_parens(cond.child_by_field_name("left")).text.decode()
            cr = _strip_parens(cond.child_by_field_name("right")).text.decode()
            texts = (cons.text.decode(), alt.text.decode())
            if {cl, cr} != set(texts) or target not in texts:
                return None
            other = cr if cl == target else cl
            if other == target or self._mentions_text(other, target):
                return None
            other_node = _strip_parens(cond.child_by_field_name("right" if cl == target else "left"))
            if self._has_effects(other_node):
                # (the chosen operand is evaluated again, only when it wins: its effects would depend on the
                # running value)
                self._effects_only_when(target, other_node, "it beats the running value")
                return None
            if not self._kept_in_order(target, other_node):
                return None
            if texts[0] == target and self._kept_rank(target) != 0:
                # `m = m > x ? m : x` stores x when the comparison fails, NaN included, and the next element
                # replaces it: the result depends on the order (only `m = x > m ? x : m` skips a NaN x)
                return None
            # `a < b ? a : b` is the minimum of a and b.
            picks_left = texts[0] == cl
            smaller = op in ("<", "<=")
            return "min" if smaller == picks_left else "max"
        return None

    @staticmethod
    def _mentions_text(text: str, name: str) -> bool:
        """`name` occurs in `text` as a whole word not preceded by `.` (what `(?<![\\w.])name(?!\\w)`
        finds; a pattern per name was compiled anew for most statements)."""
        start = text.find(name)
        while start >= 0:
            end = start + len(name)
            before = text[start - 1] if start else " "
            after = text[end] if end < len(text) else " "
            if not (before.isalnum() or before in "_.") and not (after.isalnum() or after == "_"):
                return True
            start = text.find(name, start + 1)
        return False

    def _mentions(self, node, name: str) -> bool:
        return self._mentions_text(node.text.decode(), name)

    def _typedef_array_pointer(self, node, ctx: Ctx) -> bool:
        """`T (*p)[N][M];` or `T (*p)[N] = malloc(...);` with T a typedef of an arithmetic type: a pointer to
        arrays, which tree-sitter, not knowing that T is a type, reads as the expression `T(*p)[N]` (a call of T
        subscripted). Declared here like any local (PolyBench's nussinov: `base (*seq)[n]` with `typedef char
        base`); True when the statement was such a declaration."""
        if not self.p.arithmetic_types or node.named_child_count != 1:
            return False  # (no typedef of an arithmetic type: nothing to mistake; most programs)
        lead = _LEADING_WORD.match(node.text)
        if lead is None or lead.group().decode() not in self.p.arithmetic_types:
            return False  # (the statement does not start with such a typedef's name, as `T (*p)[N]` does)
        target, value = node.named_children[0], None
        if target.type == "assignment_expression" and target.child_by_field_name("operator").text == b"=":
            target, value = target.child_by_field_name("left"), target.child_by_field_name("right")
        dims = []
        while target.type == "subscript_expression":
            index = target.child_by_field_name("index")
            if index is None:
                return False
            dims.append(index)
            target = target.child_by_field_name("argument")
        if not dims or target.type != "call_expression":
            return False  # (the common case: an element's assignment, its index texts not decoded)
        type_node, args_node = target.child_by_field_name("function"), target.child_by_field_name("arguments")
        args = [a for a in args_node.named_children if a.type != "comment"] if args_node is not None else []
        if type_node.type != "identifier" or type_node.text.decode() not in self.p.arithmetic_types or \
                type_node.text.decode() in self.p.functions or len(args) != 1 or \
                args[0].type != "pointer_expression" or args[0].child_by_field_name("operator").text != b"*":
            return False
        name_node = args[0].child_by_field_name("argument")
        if name_node.type != "identifier":
            return False
        var = Variable(name=name_node.text.decode(), type_text=type_node.text.decode(), is_pointer=True,
                       pointer_depth=1, pointee_dims=tuple(index.text.decode() for index in reversed(dims)))
        self._declare(var.name, var, name_node, value, ctx)
        return True

    def _object_class(self, base) -> str | None:
        """The class of the file that the object `q`, `a[i]` or `a[i][j]` is of: its variable's declared type
        names that class and nothing else but `const`, `std::vector` or `std::array` (of it) or an array or
        pointer of it; not a reference, nor a name declared with several types in the function. A range-for's
        reference to the element (`for (auto &p : ps) p.step(dt);`) is the object `ps[i]`, when the loop declares
        it `auto` or of that class (`B &b` over derived objects, `const Q &q` made from each element by a
        converting constructor: another class's methods) and the function declares no variable of its name."""
        node = _strip_parens(base)
        while node.type == "subscript_expression":
            node = _strip_parens(node.child_by_field_name("argument"))
        if node.type != "identifier":
            return None
        name = node.text.decode()
        subscripted = _strip_parens(base).type == "subscript_expression"
        declared = None
        if not subscripted and name in self.elements and name in self.alias:
            if not self.alias[name][3] and (name in self.fn.locals or self.fn.param(name) is not None or
                                            name in self.p.globals):
                return None  # (`{ Q p; p.m(); }` in the body: another object of the name)
            declared = self.elements[name]
            name, subscripted = self.alias[name][0], True
        if name in self.alias:
            return None  # (`row` of `for (auto &row : grid)`: an element, whose type its name does not give)
        var = variable(self.p, self.fn, name)
        if var is None or var.is_reference and not subscripted or name in self.fn.local_types or \
                name in self.fn.retyped:
            return None  # (`std::vector<P> &ps` is fine for `ps[i].m()`; `P &r` may be any object)
        words = re.findall(r"[A-Za-z_]\w*", var.type_text)
        classes = [w for w in words if w in self.p.classes]
        if len(classes) != 1 or any(w != classes[0] and w not in _OBJECT_TYPE_WORDS for w in words):
            return None
        if self._renamed_class(classes[0]):
            return None
        if not subscripted and (var.is_pointer or var.is_array or "<" in var.type_text):
            return None
        if declared is not None and "auto" not in declared.split() and \
                [w for w in re.findall(r"[A-Za-z_]\w*", declared) if w not in _OBJECT_TYPE_WORDS] != classes[:1]:
            return None
        return classes[0]

    def _renamed_class(self, cls: str) -> bool:
        """Another declaration gives the class name `cls` to something else (`typedef Q P;` in a block, `using
        P = ...`, `template <class P>`), so the name may not mean the class; found once per name."""
        if cls not in self._renamed:
            source = self.p.source if isinstance(self.p.source, bytes) else self.p.source.encode()
            self._renamed[cls] = cls in self.p.typedef_words or re.search(
                rf"\busing\s+{cls}\s*=|\b(?:class|typename)\s+{cls}\s*[,>=]".encode(), source) is not None
        return self._renamed[cls]

    def _element_method_read(self, fn_node, name: str, args, node, ctx: Ctx) -> None:
        """`v.front()`, `v.at(k)`, `v.back()`, `v.data()[k]`, `v.begin()` of a container the function names:
        a read of its first element, of element k, or of any element (the analysis saw only a call of a
        pure method, and `a[i] -= a.front()` was reported parallel)."""
        base = _strip_parens(fn_node.child_by_field_name("argument"))
        if base.type != "identifier" or fn_node.child_by_field_name("operator").text != b".":
            return
        target = variable(self.p, self.fn, base.text.decode())
        if target is None or not random_access_container(target):
            return
        element: Affine | None = None
        text = f"{base.text.decode()}.size() - 1" if name == "back" else f"any element: {node.text.decode()}"
        if name == "front":
            element, text = Affine.const(0), "0"
        elif name == "at" and len(args) == 1:
            element, text = self.affine(args[0]), args[0].text.decode()
        # any element: a `?` symbol takes any value, anew in every iteration
        self._record(base.text.decode(), "r", (element if element is not None else Affine.var(f"?{name}"),),
                     (text,), node, ctx)

    def _misread_cast(self, node, ctx: Ctx) -> bool:
        """`(real)*p`, `(real)-x`, `(word)&mask` with `real`, `word` names of types: the grammar, which cannot
        tell a type from a variable, read a product, a difference, a bitwise and (the read through p was
        lost). The expression is analyzed as the cast it is, to a type whose value is no affine integer."""
        left = node.child(0)  # (the left operand: one call, on every binary expression of the program)
        if left is None or left.type != "parenthesized_expression" or left.named_child_count != 1 or \
                node.child_by_field_name("operator").text not in (b"*", b"&", b"+", b"-"):
            return False
        inner = left.named_children[0]
        name = inner.text.decode() if inner.type in ("identifier", "type_identifier") else None
        p = self.p
        if name is None or name in p.functions or _macro_named(p, name):
            return False
        text = node.text.decode("utf-8", "replace")
        cast = "(long double)" + text[left.end_byte - node.start_byte:]
        if self.fn is not None and name not in self.fn.locals and self.fn.param(name) is None \
                and self._template_type(name):
            return self._walk_expansion(node, cast, ctx)  # (`template <typename off>` hides a global `off`)
        typed = name in p.arithmetic_types or name in p.pointer_types or name in self._other_typedefs or \
            name in p.fields or name in p.bool_types or name in p.typedef_words or name.endswith("_t") or \
            name in self._using_names or name in _OTHER_LIBRARY_TYPES or self._template_type(name)
        # (`_t`: the names C and POSIX give their types, `off_t`, `int_fast32_t`, `float_t`)
        declared = variable(p, self.fn, name) is not None or self._declared_variable(name)
        if not typed and (declared or name in p.globals):
            return False
        # A type and a variable of one name (a block's typedef hiding a global, a local hiding a file's typedef),
        # or a name declared nowhere in sight (a type of a header not read, `-isystem`, or a variable): which one
        # the expression names depends on what is not followed here, so both readings are recorded, the cast's
        # (a read through `p`) and then, the expression walked as written, the product's.
        cast_read = self._walk_expansion(node, cast, ctx)
        return cast_read and typed and not declared

    def _declared_variable(self, name: str) -> bool:
        """Some declaration in the current function or at file scope declares `name` as a variable, in a form
        the IR may not record (a K&R parameter, `if (double x = ...)`), or the file has a region the grammar
        cannot read that names it (`_Thread_local double x_t;`)."""
        from tree_sitter import QueryCursor

        key = self.fn.name if self.fn is not None else ""
        if key not in self._declared_in:
            root = self.p.tree.root_node
            if "" not in self._declared_in:
                names = {n.text.decode("utf-8", "replace") for n in QueryCursor(declarator_query(self.p.language))
                         .captures(root).get("name", []) if enclosing_function(n) is None}
                if root.has_error:
                    for error in QueryCursor(_error_query(self.p.language)).captures(root).get("error", []):
                        names |= set(re.findall(r"[A-Za-z_]\w*", error.text.decode("utf-8", "replace")))
                self._declared_in[""] = names
            node = self.fn.node if self.fn is not None else None
            local = {n.text.decode("utf-8", "replace") for n in QueryCursor(declarator_query(self.p.language))
                     .captures(node).get("name", [])} if node is not None else set()
            self._declared_in[key] = local | self._declared_in[""]
        return name in self._declared_in[key]

    def _template_type(self, name: str) -> bool:
        """`name` is a type parameter of a template around the function (`template <typename real>`)."""
        node = self.fn.node.parent if self.fn is not None and self.fn.node is not None else None
        while node is not None:
            if node.type == "template_declaration" and (params := node.child_by_field_name("parameters")):
                for param in params.named_children:
                    if param.type in ("type_parameter_declaration", "optional_type_parameter_declaration") and \
                            any(c.text.decode() == name for c in param.named_children if c.type == "type_identifier"):
                        return True
            node = node.parent
        return False

    def _typedef_cast(self, fn_node) -> bool:
        """`(T)` before a parenthesized operand, T a typedef of an arithmetic type: tree-sitter cannot tell the
        cast `(base)(i % 4)` from a call through a parenthesized function name without knowing T."""
        if fn_node.type != "parenthesized_expression" or fn_node.named_child_count != 1:
            return False
        inner = fn_node.named_children[0]
        return inner.type in ("identifier", "type_identifier") and inner.text.decode() in self.p.arithmetic_types \
            and inner.text.decode() not in self.p.functions

    def _call(self, node, ctx: Ctx) -> None:
        fn_node = node.child_by_field_name("function")
        args_node = node.child_by_field_name("arguments")
        if self._defs and args_node is not None:
            for argument in args_node.named_children:
                argument = _strip_parens(argument)
                # (a macro may set it: not a function the file defines, to which C passes the value, nor a
                # macro that sets nothing: `rprj3(r[k], ..., r[j], ..., k)` keeps `j = k - 1` for r[j])
                if argument is not None and argument.type == "identifier" and not _safe_call(argument, self.p):
                    self._kill(argument.text.decode())
        args = tuple(a for a in args_node.named_children if a.type != "comment") if args_node is not None else ()
        method_of = None
        if fn_node.type == "field_expression":
            base = _strip_parens(fn_node.child_by_field_name("argument"))
            name = fn_node.child_by_field_name("field").text.decode()
            method_of = base.text.decode()
            start = len(self.fn.accesses)
            self._expression(base, ctx)
            if name in _HEADER_METHODS and fn_node.child_by_field_name("operator").text == b".":
                # `g[i].size()`: the count of the row, which stores to its elements leave as it is
                for acc in self.fn.accesses[start:]:
                    if acc.subscripts is not None and acc.is_read and \
                            len(acc.subscripts) < rows_apart(self.p, variable(self.p, self.fn, acc.name)):
                        acc.header = True
        elif fn_node.type == "template_function" and fn_node.child_by_field_name("name").text in (
                b"static_cast", b"const_cast", b"reinterpret_cast", b"dynamic_cast"):
            for arg in args:
                self._expression(arg, ctx)
            return
        elif fn_node.type == "primitive_type" or fn_node.type in ("identifier", "qualified_identifier") and \
                fn_node.text.decode() in _CAST_TYPES | self.p.arithmetic_types and \
                fn_node.text.decode() not in self.p.functions or self._typedef_cast(fn_node):
            # a functional cast, `double(i)`, `std::size_t(n)`: a conversion, not a call of unknown effects;
            # and a C cast to a typedef that tree-sitter reads as a call, `(base)(i % 4)`
            for arg in args:
                self._expression(arg, ctx)
            return
        elif fn_node.type in ("identifier", "qualified_identifier"):
            name = self._own_function_name(fn_node.text.decode())
            if name in self.p.function_macros and name not in self.p.functions \
                    and self._expand_macro(node, name, args, ctx):
                return
            if fn_node.type == "identifier" and name in self.p.defined_functions and \
                    variable(self.p, self.fn, name) is not None:
                # a local function pointer named like a function (`void (*f)(int) = bump; f(i);`): the call runs
                # whatever it points to
                self._expression(fn_node, ctx)
                name = f"{name} (a function pointer)"
            elif fn_node.type == "identifier" and (name in self.p.code_macros or name in self.p.word_macros
                                                   or name in self._ambiguous_macros):
                name = self._renamed_call(name)
        else:
            name = self._own_function_name(fn_node.text.decode())
            self._expression(fn_node, ctx)
        if name.endswith(">"):
            generic = _TEMPLATE_ARGUMENTS.sub("", name)
            if generic in PURE_FUNCTIONS:  # `std::complex<double>(re, im)`, `std::max<int>(a, b)`
                name = generic
        if name in PURE_FUNCTIONS and any(self._callable_argument(a) for a in args):
            # `std::accumulate(b, e, 0.0, [&](...) { acc += ...; })`: the algorithm runs the caller's code
            name = f"{name} (with a callable argument)"
        self.order += 1
        where = self.location_of or node
        library = name in PURE_FUNCTIONS or name in IO_FUNCTIONS or name in MEMORY_WRITE_FUNCTIONS \
            or name in HIDDEN_STATE_FUNCTIONS or name in EXIT_FUNCTIONS or method_of is not None
        rows = tuple(None if library else self._argument_row(a) for a in args)
        expansions = () if library else tuple(self._macro_expression(a, nested=True) for a in args)
        call = Call(name=name, args=args, arg_texts=tuple(a.text.decode() for a in args),
                    line=where.start_point[0] + 1, column=where.start_point[1] + 1, order=self.order, ctx=ctx,
                    method_of=method_of, arg_rows=rows, arg_expansions=expansions,
                    arg_indices=() if library else tuple(self._argument_index(a, ctx) for a in args),
                    arg_elements=() if library else tuple(self._argument_element(a) for a in args))
        self.fn.calls.append(call)
        if method_of is not None and self.p.plain_methods and \
                (fn_node.child_by_field_name("operator") or fn_node).text == b".":
            cls = self._object_class(base)
            if cls is not None and f"{cls}::{name}" in self.p.plain_methods:
                call.method_class, call.method_const = cls, self.p.plain_methods[f"{cls}::{name}"]
                if not call.method_const:
                    self._lvalue(base, "rw", ctx)  # (`ps[i].step(dt)`: a store to ps[i], judged as one)
        if method_of is not None and name in _ELEMENT_METHODS:
            self._element_method_read(fn_node, name, args, node, ctx)
        if method_of is not None and name in _GROWING_METHODS and \
                (fn_node.child_by_field_name("operator") or fn_node).text == b"." and \
                element_container(self.p, self.fn, base):
            # `out[i].push_back(x)` on a vector of vectors: a store to the element `out[i]`, judged as one
            self._lvalue(base, "rw", ctx)
            self.fn.calls[-1].element_write = True
        if name == "posix_memalign" and args and _strip_parens(args[0]).type == "pointer_expression" and \
                _strip_parens(args[0]).child_by_field_name("operator").text == b"&":
            target = variable(self.p, self.fn, _strip_parens(args[0]).child_by_field_name("argument").text.decode())
            if target is not None and target.is_pointer:
                target.allocated = True  # `posix_memalign(&p, align, size)`: p gets fresh storage
                self.fn.allocation_texts.setdefault(target.name, []).append("")
        if name in ("std::swap", "swap") and len(args) == 2:
            for arg in args:  # both arguments are read and written
                self._lvalue(arg, "rw", ctx)
            return
        if name in OUTPUT_ARGUMENT_FUNCTIONS or name in _SCANNING:
            for position in _output_positions(name, len(args)):
                self._output_pointer(args[position], node, ctx)
        elements = self._element_arguments(name, method_of, args)
        for position, (arg, row) in enumerate(zip(args, rows, strict=True)):
            if position in elements:
                continue
            if row is None:
                self._expression(arg, ctx)
                continue
            # a row handed to a user function: its address is computed, no element is read here (what
            # the callee reads and writes through it comes from the callee's summary)
            inner = _strip_parens(arg)
            if inner.type == "pointer_expression":
                inner = _strip_parens(inner.child_by_field_name("argument"))
            for index in self._subscript_chain(inner)[1]:
                self._expression(index, ctx)
        if elements:
            # what the callee does to x through `&x`, at the call (after the arguments are evaluated)
            call.element_args = frozenset(elements)
            for position, (local, mode) in sorted(elements.items()):
                self._record(local, mode, None, (), args[position], ctx)

    def _own_function_name(self, name: str) -> str:
        """`ns::f`, `f<double>` or `ns::f<T>` naming a function the file defines once (`f`, in the namespace
        `ns` written from file scope, at file scope for `::f`) and its own headers never name: `f`, so that its
        summary is used; else `name`."""
        if self.p.language != "cpp" or "::" not in name and not name.endswith(">"):
            return name
        generic = " ".join(_TEMPLATE_ARGUMENTS.sub("", name).split()) if name.endswith(">") else name
        qualifier, _, base = generic.replace(" ", "").rpartition("::")
        spaces = self.p.function_namespaces.get(base, frozenset())
        if base not in self.p.functions or base in self.p.overloads or len(spaces) != 1:
            return name
        [space] = spaces
        if self.p.header_words is None or base in self.p.header_words:
            return name  # (a header may declare another `f` of that namespace, an overload the call may pick)
        if "::" not in generic or space == qualifier.removeprefix("::"):
            return base
        return name

    def _output_pointer(self, arg, node, ctx: Ctx) -> None:
        """A pointer a library call stores through, given as other than `&x` (`_output_argument`): `frexp(x,
        e)` stores e[0], `modf(x, gp + 1)` gp[1], anything else somewhere."""
        inner = _strip_parens(arg)
        if inner.type == "pointer_expression" and inner.child_by_field_name("operator").text == b"&" or \
                inner.type in ("string_literal", "concatenated_string"):
            return
        if inner.type == "identifier":
            var = variable(self.p, self.fn, inner.text.decode())
            # (anything but a number: `dp q` with `typedef double *dp`, `auto q`, a class)
            words = set(re.findall(r"[A-Za-z_]\w*", var.type_text)) if var is not None else set()
            if var is None or var.is_pointer or var.is_array or words & self.p.pointer_types or \
                    not words <= ARITHMETIC_WORDS | self.p.arithmetic_types:
                self._dereference(inner.text.decode(), "w", node, ctx)
            return
        element = self._pointer_sum(inner) if inner.type == "binary_expression" else None
        if element is not None:
            self._record_element(element, "w", node, ctx)
        else:
            self._record("?", "w", (None,), (inner.text.decode(),), node, ctx)

    def _renamed_call(self, name: str) -> str:
        """The function a call of the object-like macro `name` runs (`#define f bump`, followed through
        chains as the preprocessor rescans), when the file defines each macro of the chain once, before here;
        otherwise a name of unknown code (a macro #undef'd or defined twice, one from a header or libclang
        whose place in the file is not known, a body that is not a name)."""
        seen = []
        while name in self.p.code_macros or name in self.p.word_macros or name in self._ambiguous_macros:
            body = self.p.code_macros.get(name, "").strip()
            if name in seen or name in self._ambiguous_macros or name not in self._own_code_macros or \
                    not re.fullmatch(r"[A-Za-z_]\w*", body):
                return f"{name} (a macro)"
            seen.append(name)
            name = body
        return name

    def _element_arguments(self, name: str, method_of: str | None, args) -> dict[int, tuple[str, str]]:
        """The arguments `&x` of a call that hand a local arithmetic scalar x to an element parameter of the
        callee (`randlc(&seed, a)`, `minmax(v, n, &lo, &hi)`): position → (x, what the call does to it)."""
        # (`_call` has already renamed a call through a local function pointer or an object-like macro)
        params = self.p.element_params.get(name) if method_of is None else None
        if not params or not_library(self.p, self.fn, name) != name or name in self.p.function_macros:
            return {}
        out = {}
        for position, mode in params.items():
            if position >= len(args):
                continue
            arg = _strip_parens(args[position])
            if arg.type != "pointer_expression" or arg.child_by_field_name("operator").text != b"&":
                continue
            target = _strip_parens(arg.child_by_field_name("argument"))
            if target.type != "identifier":
                continue
            local = target.text.decode()
            if local in self.p.code_macros or local in self.p.word_macros or local in self._ambiguous_macros:
                continue  # `#define x glob`: the object is another one
            var = variable(self.p, self.fn, local)
            if var is None or (local not in self.fn.locals and self.fn.param(local) is None) or var.is_pointer \
                    or not is_plain_scalar(var) or local in self.fn.static_locals or \
                    not self._one_object(local, target):
                continue
            out[position] = (local, mode)
        named = [local for local, _ in out.values()]
        # the same x handed twice (`f(&x, &x)`): what the callee does to it through both is not one mode
        return {position: entry for position, entry in out.items() if named.count(entry[0]) == 1}

    def _one_object(self, name: str, node) -> bool:
        """The `name` at `node` is a local of the current function (or one of its parameters): walking out from
        `node`, a declaration of it comes before `node` in an enclosing block or `for` header, or, when none
        does, the function has a parameter of that name. (An inner block's `int x` elsewhere leaves the global
        x at `node`: not a local.)"""
        current = node
        while current is not None and current.parent is not None:
            parent = current.parent
            if parent.type == "function_definition":
                return self.fn.param(name) is not None
            for child in parent.children:
                if child.start_byte >= current.start_byte:
                    break
                if declares(child, name):
                    return not _is_extern(child)  # `extern double x;`: the global
            current = parent
        return False


_GROWING_METHODS = frozenset("push_back pop_back emplace_back push_front pop_front emplace_front clear resize reserve "
                             "insert emplace erase assign append shrink_to_fit".split())
# containers whose `c[i]` never inserts, holding standard containers (each element an object of its own)
_OUTER_SEQUENCE = re.compile(r"^\s*(?:const\s+)?(?:std::)?(?:vector|array|deque)\s*<\s*(.*)>\s*&?\s*$", re.S)
_INNER_CONTAINER = re.compile(r"^\s*(?:const\s+)?(?:std::)?(?:vector|deque|list|basic_string|string|wstring|set|map|"
                              r"multiset|multimap|unordered_set|unordered_map)\b")


def element_container(p: Program, fn, base) -> bool:
    """`base` is `v[e]` with v a `std::vector` / `std::array` / `std::deque` (or a plain array) of standard
    containers: a method that grows or shrinks `v[e]` changes that element only."""
    if base is None or base.type != "subscript_expression":
        return False
    array = _strip_parens(base.child_by_field_name("argument"))
    if array is None or array.type != "identifier":
        return False
    var = variable(p, fn, array.text.decode())
    if var is None or var.is_pointer:
        return False
    if var.is_array:
        return _INNER_CONTAINER.match(var.type_text) is not None and "*" not in var.type_text
    outer = _OUTER_SEQUENCE.match(var.type_text)
    # (a container of pointers to containers, `std::vector<std::vector<int> *>`: its elements may share one)
    return outer is not None and _INNER_CONTAINER.match(outer[1]) is not None and \
        not re.search(r"\*\s*$", outer[1])


_TRUTH_OPERATORS = frozenset({b"<", b">", b"<=", b">=", b"==", b"!=", b"&&", b"||"})


_DIRECTIVE_LINE = re.compile(rb"(?m)^[ \t]*#.*$")


@lru_cache(maxsize=4)
def declarator_query(language: str):
    """The names declarations declare (`double x`, `*p = ...`, `a[N]`, parameters): captures `name`."""
    from tree_sitter import Query

    from .frontend import parser_for

    return Query(parser_for(language).language, "(_ declarator: (identifier) @name)")


@lru_cache(maxsize=4)
def _error_query(language: str):
    from tree_sitter import Query

    from .frontend import parser_for

    return Query(parser_for(language).language, "(ERROR) @error")


def enclosing_function(node, lambdas: bool = False):
    """The function definition (or, with `lambdas`, the lambda) whose text holds `node`, else None."""
    kinds = ("function_definition", "lambda_expression") if lambdas else ("function_definition",)
    node = node.parent
    while node is not None and node.type not in kinds:
        node = node.parent
    return node


def unsettled_function_macros(text: bytes, known: set[str], compiled: bool = False) -> set[str]:
    """Function-like macros (of the file, or `known` ones of libclang or the headers) whose expansion is not
    the same everywhere in the file: those it `#undef`s, those it `#define`s more than once (of any kind, in
    `#if` branches too; not when `compiled`: libclang reports the definition the configuration compiles),
    and those it names before its one `#define` (outside directives and comments: `auto U = [&](int i) ...;`
    above `#define U(i) a[i]`). (Object-like macros have rules of their own: see build.)"""
    if b"define" not in text and b"undef" not in text:
        return set()
    count: dict[bytes, int] = {}
    first: dict[bytes, int] = {}
    function_like = {name.encode() for name in known}
    for m in DEFINE_OR_UNDEF.finditer(text):
        name = m.group(2)
        count[name] = count.get(name, 0) + (2 if m.group(1) == b"undef" else 0 if compiled else 1)
        first.setdefault(name, m.start())
        if m.group(1) == b"define" and text[m.end():m.end() + 1] == b"(":
            function_like.add(name)
    count = {name: n for name, n in count.items() if name in function_like}
    first = {name: at for name, at in first.items() if name in function_like}
    out = {name.decode() for name, n in count.items() if n > 1}
    for name, at in first.items():
        if name.decode() in out or name not in text[:at]:
            continue
        before = _DIRECTIVE_LINE.sub(lambda d: b" " * len(d.group()), _BLANK_LITERALS.sub(b" ", text[:at]))
        if word_starts(before, name.decode()):
            out.add(name.decode())
    return out


def _file_macros(root) -> tuple[set[str], set[str]]:
    """Object-like macros the file defines more than once or `#undef`s, anywhere in it; and those it defines
    once, other than as a default under `#ifndef NAME` (which yields to -D and to libclang's value)."""
    seen: dict[str, int] = {}
    defined: set[str] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "preproc_def" and node.child_by_field_name("name") is not None:
            name = node.child_by_field_name("name").text.decode()
            seen[name] = seen.get(name, 0) + 1
            if not _default_for(node, name):
                defined.add(name)
        elif node.type == "preproc_call" and node.named_children and node.named_children[0].text == b"#undef":
            name = node.named_children[-1].text.decode().strip()
            seen[name] = seen.get(name, 0) + 2
        elif b"#" in node.text:
            stack.extend(node.named_children)
    return {name for name, count in seen.items() if count > 1}, defined


def _default_for(define, name: str) -> bool:
    """The `#define name ...` node is a default that applies only when `name` is not defined already: the body
    of `#ifndef name`, or the `#else` of `#ifdef name` / `#if defined(name)`."""
    parent = define.parent
    if parent is None:
        return False
    if parent.type == "preproc_ifdef":
        guard = parent.child_by_field_name("name")
        return guard is not None and guard.text.decode() == name and parent.children[0].type == "#ifndef"
    if parent.type == "preproc_else" and parent.parent is not None:
        group = parent.parent
        guard = group.child_by_field_name("name") if group.type == "preproc_ifdef" else \
            group.child_by_field_name("condition") if group.type == "preproc_if" else None
        if guard is None or group.children[0].type == "#ifndef":
            return False
        return re.fullmatch(rf"(?:defined\s*\(?\s*)?{re.escape(name)}\s*\)?", guard.text.decode().strip()) is not None \
            and (group.type == "preproc_ifdef" or "defined" in guard.text.decode())
    return False


def live_preprocessor_parts(node) -> list:
    """The branches of a conditional group (`#if`/`#ifdef`/`#elif`/`#else` node) that may be compiled: the
    node itself (its direct children) and its alternatives, recursively. `#if 0` drops its own body and
    `#if 1` (any nonzero literal) its alternatives; any other condition depends on macros the analysis may
    not know (an undefined one is 0 there, one a header redefines has another value), so every branch is
    kept (the analysis of a superset of the code is conservative)."""
    parts = []
    while node is not None:
        condition = node.child_by_field_name("condition") if node.type in ("preproc_if", "preproc_elif") else None
        literal = _int_literal(condition.text.decode()) if condition is not None and \
            condition.type == "number_literal" else None
        if literal != 0:
            parts.append(node)
        if literal is not None and literal != 0:
            break
        node = node.child_by_field_name("alternative")
    return parts


def _this_member(node) -> str | None:
    """`this->x` (or `(*this).x`): the member's name, which inside a member function is just `x`."""
    if node.type != "field_expression":
        return None
    base = _strip_parens(node.child_by_field_name("argument"))
    operator = node.child_by_field_name("operator").text
    if operator == b"->" and base.type == "this" or operator == b"." and base.type == "pointer_expression" \
            and _strip_parens(base.child_by_field_name("argument")).type == "this":
        return node.child_by_field_name("field").text.decode()
    return None


def _defined_function_names(root, returns: dict[str, str | None] | None = None
                            ) -> tuple[frozenset[str], frozenset[str]]:
    """The names of the functions the file defines at file scope (and in namespaces), and `Class::name` for
    those defined in class bodies (an unqualified `max(...)` in a method of the class calls its own). Fills
    `returns` with the return type text of each file-scope function (None: a pointer, or two definitions
    that disagree)."""
    names, methods = set(), set()
    stack: list = [(root, None)]
    while stack:
        node, cls = stack.pop()
        if node.type == "function_definition":
            declarator = function_declarator(node)
            inner = declarator.child_by_field_name("declarator") if declarator is not None else None
            if inner is not None and inner.type in ("identifier", "field_identifier"):
                (methods.add(f"{cls}::{inner.text.decode()}") if cls else names.add(inner.text.decode()))
                if returns is not None and not cls:
                    kind, outer = node.child_by_field_name("type"), node.child_by_field_name("declarator")
                    # (a `function_declarator` under a pointer or reference declarator returns an address)
                    plain = kind is not None and outer is not None and outer.type == "function_declarator"
                    text = kind.text.decode() if plain else None
                    name = inner.text.decode()
                    returns[name] = text if returns.get(name, text) == text else None
        elif node.type in ("class_specifier", "struct_specifier"):
            name = node.child_by_field_name("name")
            stack.extend((c, name.text.decode() if name is not None else "?") for c in node.named_children)
        elif node.type in ("translation_unit", "namespace_definition", "declaration_list", "linkage_specification",
                           "template_declaration", "preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif",
                           "field_declaration_list", "declaration", "type_definition"):
            stack.extend((c, cls) for c in node.named_children)
    return frozenset(names), frozenset(methods)


def _function_namespaces(root) -> dict[str, frozenset[str]]:
    """Per function name the file defines outside classes, the namespaces holding its definitions (`a::b`;
    "" at file scope or in an anonymous namespace's parent)."""
    found: dict[str, set[str]] = {}
    stack: list = [(root, "")]
    while stack:
        node, space = stack.pop()
        if node.type == "function_definition":
            declarator = function_declarator(node)
            inner = declarator.child_by_field_name("declarator") if declarator is not None else None
            if inner is not None and inner.type == "identifier":
                found.setdefault(inner.text.decode(), set()).add(space)
        elif node.type == "namespace_definition":
            name = node.child_by_field_name("name")
            inner_space = space if name is None else f"{space}::{name.text.decode()}".lstrip(":")
            stack.extend((c, inner_space) for c in node.named_children)
        elif node.type in ("translation_unit", "declaration_list", "linkage_specification", "template_declaration",
                           "preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif"):
            stack.extend((c, space) for c in node.named_children)
    return {name: frozenset(spaces) for name, spaces in found.items()}


def _plain_methods(root) -> dict[str, bool]:
    """`Class::name` → whether it is `const`, for each method its class body declares exactly once (defined
    there or not) that is neither virtual, static, a template, an operator nor a friend. Classes of one name
    declared twice (in two namespaces) count their methods twice, so none of them is plain."""
    seen: dict[str, list[bool | None]] = {}
    # a class name defined twice anywhere (two namespaces, a local class in a function): `P` is not one class
    defined = Counter(m.group(1) for m in _CLASS_DEFINITION.finditer(root.text))
    stack = [(root, None)]
    while stack:
        node, cls = stack.pop()
        if node.type in ("class_specifier", "struct_specifier"):
            name, body = node.child_by_field_name("name"), node.child_by_field_name("body")
            if name is not None and body is not None:
                stack.extend((c, name.text.decode()) for c in body.named_children)
                continue
        if cls is not None and node.type == "using_declaration":
            # `using B::f;` brings the base's f beside the class's own: which one a call runs is not settled here
            last = re.findall(rb"[A-Za-z_]\w*", node.text)
            if last:
                seen.setdefault(f"{cls}::{last[-1].decode()}", []).append(None)
            continue
        if cls is not None and node.type in ("function_definition", "field_declaration", "declaration",
                                             "template_declaration", "friend_declaration"):
            declarator = function_declarator(node) if node.type != "template_declaration" else \
                next((d for c in node.named_children if (d := function_declarator(c)) is not None), None)
            inner = declarator.child_by_field_name("declarator") if declarator is not None else None
            if inner is not None and inner.type in ("identifier", "field_identifier"):
                words = set(re.findall(rb"[A-Za-z_]\w*", node.text[:inner.start_byte - node.start_byte]))
                plain = node.type not in ("template_declaration", "friend_declaration") and \
                    not words & {b"virtual", b"static", b"friend"} and b"override" not in node.text and \
                    b"final" not in declarator.text
                const = any(c.type == "type_qualifier" and c.text == b"const" for c in declarator.children)
                seen.setdefault(f"{cls}::{inner.text.decode()}", []).append(const if plain else None)
            continue
        if node.type in ("translation_unit", "namespace_definition", "declaration_list", "linkage_specification",
                         "template_declaration", "preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif",
                         "declaration", "type_definition", "field_declaration"):
            stack.extend((c, None) for c in node.named_children)
    return {name: kinds[0] for name, kinds in seen.items() if len(kinds) == 1 and kinds[0] is not None
            and defined[name.split("::")[0].encode()] == 1}


_CLASS_DEFINITION = re.compile(rb"\b(?:class|struct|union)\s+(?:(?:alignas\s*\([^()]*\)|\[\[[^\]]*\]\]|"
                               rb"__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)|__declspec\s*\([^()]*\))\s*)*"
                               rb"([A-Za-z_]\w*)\s*(?:final\s*)?(?::[^;{}]*)?\{")


def _element_parameters(root, function_macros: Iterable[str]) -> dict[str, dict[int, str]]:
    """The pointer parameters of each function defined once at file scope that the function uses only as
    `*p` or `p[0]` (never moved, compared, stored, returned or handed on, not named by a macro): a call
    `f(..., &x, ...)` then reads and writes x and nothing else through it, and keeps no pointer to it.
    Position → "w" when the function's first use of `*p` is a plain store at the top of its body, before any
    `return` or `goto` and not reading `*p` itself (x surely overwritten); "r" when it never stores through
    p; else "rw"."""
    definitions: dict[str, list] = {}
    macro_words: set[str] = set()
    macros = set(function_macros)
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == "function_definition":
            declarator = function_declarator(node)
            inner = declarator.child_by_field_name("declarator") if declarator is not None else None
            if inner is not None and inner.type == "identifier":
                definitions.setdefault(inner.text.decode(), []).append((node, declarator))
        elif node.type in ("preproc_def", "preproc_function_def"):
            value = node.child_by_field_name("value")
            name_node = node.child_by_field_name("name")
            if value is not None:
                macro_words |= set(re.findall(r"[A-Za-z_]\w*", value.text.decode()))
            if name_node is not None and (node.type == "preproc_function_def" or value is not None and
                                          c_integer(value.text.decode().strip().strip("()").strip()) is None):
                macros.add(name_node.text.decode())  # code, or another name: `#define f store`, `#define BAIL return`
        elif node.type in ("translation_unit", "namespace_definition", "declaration_list", "linkage_specification"):
            stack.extend(node.named_children)
        elif node.type in ("preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif"):
            # a definition under `#if`: which one the program has (or whether a header gives another) is not
            # known here; only the macros are looked at
            stack.extend(c for c in node.named_children if c.type != "function_definition")
    out: dict[str, dict[int, str]] = {}
    frozen = frozenset(macros)
    for name, found in definitions.items():
        if len(found) != 1 or name in frozen:
            continue  # overloads, or a name a macro redefines: which code a call runs is not known
        node, declarator = found[0]
        body = node.child_by_field_name("body")
        params = declarator.child_by_field_name("parameters")
        if body is None or params is None:
            continue
        candidates = {}  # pointer parameter → position
        for position, param in enumerate(c for c in params.named_children if c.type != "comment"):
            inner = param.child_by_field_name("declarator") if param.type == "parameter_declaration" else None
            if inner is not None and inner.type in ("pointer_declarator", "array_declarator"):
                ident = inner.child_by_field_name("declarator")
                if ident is not None and ident.type == "identifier" and ident.text.decode() not in macro_words:
                    candidates[ident.text.decode()] = position
        if not candidates:
            continue
        modes = {}
        for param_name, position in candidates.items():
            mode = _element_use(body, _identifier_nodes(body, param_name), frozen)
            if mode is not None:
                modes[position] = mode
        if modes:
            out[name] = modes
    return out


_LEADING_WORD = re.compile(rb"[A-Za-z_\x80-\xff][\w\x80-\xff]*")  # (UTF-8 letters too)


def _identifier_nodes(node, name: str) -> list:
    """The `identifier` nodes under `node` that name `name`: its text searched for the word, each hit looked up
    by position (a walk of every node in Python cost ten times more on long functions)."""
    base, size = node.start_byte, len(name.encode())
    found = []
    for start in word_starts(node.text, name):
        hit = node.descendant_for_byte_range(base + start, base + start + size)
        if hit is not None and hit.type == "identifier" and hit.start_byte == base + start and \
                hit.end_byte == base + start + size:
            found.append(hit)
    return found


def _element_use(body, occurrences: list, macros: frozenset[str]) -> str | None:
    """How `body` uses a pointer parameter, given the identifier nodes naming it there, when only as `*p` /
    `p[0]`: see `_element_parameters`. None for any other use. `macros`: the names of the file's function-like
    macros and its object-like macros of code (any of them may store into `*p` or hide a `return`)."""
    uses = []  # (byte offset, "r" | "w" | "rw", the assignment of a plain store)
    for node in occurrences:
        up = node.parent
        while up is not None and up.type == "parenthesized_expression":
            up = up.parent
        if up is None:
            return None
        if up.type == "pointer_expression" and up.child_by_field_name("operator").text == b"*":
            element = up
        elif up.type == "subscript_expression" and _strip_parens(up.child_by_field_name("argument")) == node:
            index = up.child_by_field_name("index")
            if index is None and up.child_by_field_name("indices") is not None:
                index = up.child_by_field_name("indices")
                index = index.named_children[0] if index.named_child_count == 1 else None
            if index is None or _strip_parens(index).type != "number_literal" or \
                    c_integer(_strip_parens(index).text.decode()) != 0:
                return None
            element = up
        else:
            return None  # declared again, moved, handed on, compared, returned, `&*p`: not just the element
        outer = element.parent
        while outer is not None and outer.type == "parenthesized_expression":
            element, outer = outer, outer.parent
        if outer is not None and outer.type == "assignment_expression" and outer.child_by_field_name("left") == \
                element:
            plain = outer.child_by_field_name("operator").text == b"="
            uses.append((node.start_byte, "w" if plain else "rw", outer if plain else None))
        elif outer is not None and outer.type == "update_expression":
            uses.append((node.start_byte, "rw", None))
        elif outer is not None and _plain_read(outer, element, macros):
            uses.append((node.start_byte, "r", None))
        else:
            return None  # `&*p`, `(*p).m = ...`, `(*p)[k] = ...`, `SET(*p, v)`: more than a read of the element
    if not uses:
        return None
    uses.sort(key=lambda use: use[0])
    if all(mode == "r" for _, mode, _ in uses):
        return "r"
    first, mode, assignment = uses[0]
    if mode == "w" and assignment.parent is not None and assignment.parent.type == "expression_statement" and \
            assignment.parent.parent == body:
        right = assignment.child_by_field_name("right")
        reads_itself = any(right.start_byte <= offset < right.end_byte for offset, _, _ in uses)
        if not reads_itself and not _may_leave_before(body, first, macros) and \
                not _may_leave_before(right, right.end_byte, macros):
            return "w"
    return "rw"


_READING_PARENTS = frozenset({"binary_expression", "unary_expression", "return_statement", "init_declarator",
                              "conditional_expression", "cast_expression", "expression_statement",
                              "comma_expression", "condition_clause", "sizeof_expression", "assignment_expression"})


def _plain_read(outer, element, macros: frozenset[str]) -> bool:
    """`element` (`*p`) is only read where it stands under `outer`, in C: an operand, a value, an index, or an
    argument of a function (not of a function-like macro, which may assign it)."""
    if outer.type == "subscript_expression":
        return _strip_parens(outer.child_by_field_name("argument")) != _strip_parens(element)
    if outer.type == "argument_list":
        call = outer.parent
        callee = call.child_by_field_name("function") if call is not None else None
        return callee is not None and callee.type == "identifier" and callee.text.decode() not in macros
    if outer.type == "unary_expression":
        return outer.child_by_field_name("operator").text in (b"-", b"+", b"!", b"~")
    return outer.type in _READING_PARENTS


def declares(node, name: str) -> bool:
    """`node` is a declaration of `name` (among its declarators)."""
    return node.type == "declaration" and any(
        _declarator_name(d)[0] == name for d in node.children_by_field_name("declarator"))


def _is_extern(declaration) -> bool:
    """`extern double x;`: the declaration names an object defined elsewhere (at file scope)."""
    first = declaration.child_by_field_name("declarator")
    head = declaration.text[:first.start_byte - declaration.start_byte] if first is not None else b""
    return re.search(rb"\bextern\b", head) is not None


def _has_label(node) -> bool:
    """A label or a `case`/`default` under `node` (None: no)."""
    stack = [node] if node is not None else []
    while stack:
        current = stack.pop()
        if current.type in ("labeled_statement", "case_statement"):
            return True
        stack.extend(current.children)
    return False


def _may_leave_before(root, offset: int, code_macros: frozenset[str]) -> bool:
    """Something under `root` before byte `offset` may leave the function or skip ahead: a `return`, `goto`,
    label or `throw`; a call of anything but a pure library function (a function-like macro may hide a
    `return`, a function may `longjmp`); a name of an object-like macro that is not a number (`#define BAIL
    return`); a GNU statement expression."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.start_byte >= offset:
            continue
        if node.type in ("return_statement", "goto_statement", "labeled_statement", "throw_statement"):
            return True
        if node.type == "call_expression":
            callee = node.child_by_field_name("function")
            if callee is None or callee.type != "identifier" or callee.text.decode() not in PURE_FUNCTIONS:
                return True
        if node.type == "identifier" and node.text.decode() in code_macros:
            return True
        if node.type == "compound_statement" and node.parent is not None and \
                node.parent.type == "parenthesized_expression":
            return True
        stack.extend(node.children)
    return False


def not_library(program: Program, fn: Function | None, name: str) -> str | None:
    """Why a call of `name` in `fn` is not the library function of that name: the program defines it (at file
    scope, or as a method of `fn`'s class, which an unqualified call in a method reaches first), or it is
    C's `min`/`max`, which the C library does not have (a header's function or macro). None when it is."""
    cls = fn.name.split("::")[0] if fn is not None and "::" in fn.name else None
    if cls is not None and f"{cls}::{name}" in program.class_methods:
        return f"{cls}::{name}"
    if name in program.defined_functions:
        return name
    if program.language == "c" and name in ("min", "max"):
        return name
    return None


def library_call(program: Program, fn: Function | None, name: str) -> bool:
    """A call of `name` in `fn` reaches the C library's function of that name: not the program's own (see
    `not_library`), no macro of that name (the file's, anywhere in it, or a header's), no asm label
    renaming it (`void *malloc(size_t) __asm__("mine");`), and no local or parameter of `fn` so named (a
    function pointer)."""
    return not_library(program, fn, name) is None and not (
        name in program.function_macros or name in program.code_macros or name in program.word_macros
        or name in program.header_code_macros or name in program.file_macro_names
        or name in program.renamed_functions or (fn is not None and (name in fn.locals or fn.param(name) is not None)))


def template_parameter_of(program: Program, fn: Function, name: str) -> str | None:
    """The template type parameter `name` is declared with (`T s = T();` in `template <typename T> T
    sum(...)`, or in a member of a class template), else None."""
    if program.language != "cpp" or fn.node is None:
        return None
    var = variable(program, fn, name)
    if var is None:
        return None
    words = set(re.findall(r"[A-Za-z_]\w*", var.type_text))
    node = fn.node.parent
    while node is not None:
        if node.type == "template_declaration" and (params := node.child_by_field_name("parameters")) is not None:
            names = [declared[0] for param in params.named_children
                     if param.type in ("type_parameter_declaration", "optional_type_parameter_declaration",
                                       "variadic_type_parameter_declaration")
                     and (declared := [c.text.decode() for c in param.named_children if c.type == "type_identifier"])]
            # aliases the template declares of types naming a parameter (`using V = std::vector<T>;`,
            # `typedef std::vector<T> Vec;`, and aliases of those): a `V &v` is of a type the template decides
            named = {name: name for name in names}
            aliases = type_aliases(node.text.decode("utf-8", "replace"))
            for _ in range(4):
                for alias, value in aliases:
                    found = next((named[w] for w in re.findall(r"[A-Za-z_]\w*", value) if w in named), None)
                    if found is not None and alias not in named:
                        named[alias] = found
            for word in sorted(words & set(named)):
                return named[word]
        node = node.parent
    return None


def type_aliases(text: str) -> list[tuple[str, str]]:
    """(alias, what it names) for each `using A = ...;` of `text`, then each `typedef ... A;` without a body
    (`typedef std::vector<T> Vec;`, not `typedef struct {...} P;`), in order."""
    return [(m.group(1), m.group(2)) for m in _ALIAS_USING.finditer(text)] + \
        [(m.group(2), m.group(1)) for m in _ALIAS_TYPEDEF.finditer(text)]


_ALIAS_USING = re.compile(r"\busing\s+([A-Za-z_]\w*)\s*=\s*([^;]*);")
_ALIAS_TYPEDEF = re.compile(r"\btypedef\s+([^;{}]*?)\b([A-Za-z_]\w*)\s*;")


def is_plain_scalar(var: Variable) -> bool:
    """A variable of arithmetic or pointer type: not an array, a reference, a class member or an object
    (what OpenMP's `firstprivate` copies cheaply and `lastprivate(conditional:)` accepts)."""
    if var.is_array or var.is_reference or var.is_member:
        return False
    if var.is_pointer:
        return True
    words = [w for w in var.type_text.replace("std::", "").split() if w not in _DECLARATION_QUALIFIERS]
    return bool(words) and all(w in ARITHMETIC_WORDS for w in words)


def is_stream_io(call_name: str) -> bool:
    """A C++ stream insertion/extraction recorded as a call (`file <<`, `std::cin >>`)."""
    return call_name.endswith((" <<", " >>"))


def _value_used(node, used_statements: set[int] | frozenset[int] = frozenset()) -> bool:
    """Whether the value of an expression is consumed, rather than the expression standing as a statement
    of its own (`i++;`, `s += x, t += y;`, a `for` header's update). `used_statements`: the ids of the
    statements that stand for a macro call whose value the code around it uses (`b[i] = BUMP(i)`)."""
    parent = node.parent
    while parent is not None and parent.type == "parenthesized_expression":
        node, parent = parent, parent.parent
    if parent is None:
        return False
    if parent.type == "expression_statement":
        return parent.id in used_statements
    if parent.type == "comma_expression":
        # the left operand of a comma is discarded; the right one is the comma's own value
        if node == parent.child_by_field_name("left"):
            return False
        return _value_used(parent, used_statements)
    if parent.type == "for_statement":
        return node != parent.child_by_field_name("update") and node != parent.child_by_field_name("initializer")
    return True


def _array_reference_declaration(left) -> str | None:
    """The name declared by `T (&name)[N]` when tree-sitter parsed the declaration as an expression."""
    if left.type != "subscript_expression":
        return None
    call = left.child_by_field_name("argument")
    if call.type != "call_expression" or call.child_by_field_name("function").type not in (
            "primitive_type", "type_identifier"):
        return None
    args = call.child_by_field_name("arguments").named_children
    if len(args) != 1 or args[0].type != "pointer_expression" or args[0].child_by_field_name("operator").text != b"&":
        return None
    name = _strip_parens(args[0].child_by_field_name("argument"))
    return name.text.decode() if name.type == "identifier" else None


def _output_positions(name: str, count: int) -> range | tuple[int, ...]:
    """The arguments a library call stores through: frexp's and modf's second, remquo's third, sincos's second
    and third, the scanning functions' after the format."""
    if name in _SCANNING:
        return range(1 if name in ("scanf", "vscanf", "wscanf") else 2, count)
    if "remquo" in name:
        return (2,) if count > 2 else ()
    if "sincos" in name:
        return tuple(p for p in (1, 2) if p < count)
    return (1,) if count > 1 else ()


def _callee_of_argument(node) -> str | None:
    """The callee's name when `node` is a whole argument of a call, else None."""
    parent = node.parent
    call = parent.parent if parent is not None and parent.type == "argument_list" else None
    if call is None or call.type != "call_expression":
        return None
    return call.child_by_field_name("function").text.decode()


# calls that return a pointer or an iterator into what they are given (`auto m = std::max_element(...)`)
_ITERATOR_CALLS = frozenset("max_element min_element find find_if lower_bound upper_bound "
                            "search adjacent_find partition_point".split())
# words followed by `(` in code that are no calls
_CALL_KEYWORDS = frozenset("if for while switch return sizeof alignof decltype static_cast const_cast "
                           "reinterpret_cast dynamic_cast noexcept typeid catch".split())
_SCANNING = frozenset("scanf sscanf fscanf vscanf vsscanf vfscanf wscanf swscanf fwscanf __isoc99_sscanf".split())


def _continues(body) -> bool:
    """`body` has a `continue` of its own loop (not one of a loop nested in it)."""
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type == "continue_statement":
            return True
        if node.type in ("for_statement", "while_statement", "do_statement", "for_range_loop",
                         "lambda_expression", "function_definition") and node is not body:
            continue
        stack.extend(node.named_children)
    return False


def _compared(node) -> bool:
    """`node` is an operand of `==` or `!=` (`if (&p == &q)`: an address compared, not used)."""
    parent = node.parent
    while parent is not None and parent.type == "parenthesized_expression":
        parent = parent.parent
    operator = parent.child_by_field_name("operator") if parent is not None and parent.type == "binary_expression" \
        else None
    return operator is not None and operator.text in (b"==", b"!=")


def _output_argument(node) -> bool:
    """`node` is an `&x` argument that a library call stores into (`frexp(v, &e)`: not the first;
    `sscanf(s, "%d", &n)`: a store into n, which was taken for a read), in parentheses or not."""
    while node.parent is not None and node.parent.type == "parenthesized_expression":
        node = node.parent
    callee = _callee_of_argument(node)
    return callee in OUTPUT_ARGUMENT_FUNCTIONS and node.parent.named_children[0] != node or callee in _SCANNING


def _library_argument(node) -> bool:
    """`node` is a whole argument of a library call that does not keep the pointer (`scanf("%d", &n)`)."""
    name = _callee_of_argument(node)
    if name is None:
        return False
    parent = node.parent
    if name in MEMORY_WRITE_FUNCTIONS and parent.named_children and parent.named_children[0] == node:
        return False  # `memcpy(&y, &x, sizeof y)` stores into y: as good as an assignment through its address
    return name in IO_FUNCTIONS or name in PURE_FUNCTIONS or name in MEMORY_WRITE_FUNCTIONS


_THREAD_LOCAL = re.compile(rb"\b(?:thread_local|_Thread_local|__thread)\b")


def _is_volatile_declaration(node) -> bool:
    return any(c.type == "type_qualifier" and c.text == b"volatile" for c in node.children)


def _is_const_declaration(node) -> bool:
    """`const` or C++ `constexpr` on a declaration: its integer initializer is a compile-time constant."""
    return any(c.type == "type_qualifier" and c.text in (b"const", b"constexpr") for c in node.children)


def _arithmetic_type_text(text: str) -> bool:
    return bool(text) and set(text.split()) <= ARITHMETIC_WORDS


def build_program(path: str, language: str, source: bytes, tree, extra_macros: dict[str, int] | None = None,
                  function_macros: dict[str, tuple[tuple[str, ...], str]] | None = None,
                  header_globals: dict | None = None, word_macros: dict[str, str] | None = None,
                  allocators: Iterable[str] = (), headers: Iterable[Program] = (),
                  code_macros: dict[str, str] | None = None, typedef_words: Iterable[str] = (),
                  unsettled_macros: Iterable[str] = (), unread_headers: Iterable[str] = (),
                  header_words: frozenset[str] | None = frozenset()) -> Program:
    # Macros given on the command line (-DN=100), and libclang's values, are known first; how the file's own
    # #define lines combine with them: _Builder.build and _macro.
    # Function-like macros of the user's headers (from libclang) are expanded where they are called.
    program = Program(path=path, language=language, source=source, tree=tree,
                      macros=dict(extra_macros or {}), extra_macros=dict(extra_macros or {}),
                      function_macros=dict(function_macros or {}), clang_macros=frozenset(function_macros or ()),
                      clang_mode=function_macros is not None, unread_headers=tuple(unread_headers),
                      header_words=header_words)
    _inherit_headers(program, headers)
    program.typedef_words = frozenset(typedef_words)
    program.unsettled_macros = frozenset(unsettled_macros)
    # macros of the user's headers (from libclang) that name an arithmetic type, PolyBench's DATA_TYPE
    program.word_macros = dict(word_macros or {})
    program.header_code_macros = dict(code_macros or {})
    program.arithmetic_types.update(name for name, text in program.word_macros.items() if _arithmetic_type_text(text))
    program.file_scope_names.update(header_globals or {})
    for name, known in (header_globals or {}).items():
        # file-scope variables of the user's headers (libclang saw them); the file's own declarations win
        program.globals[name] = Variable(
            name=name, type_text=known.element_type, is_pointer=known.pointer_depth > 0, is_array=bool(known.dims),
            dims=tuple(str(d) for d in known.dims), pointer_depth=known.pointer_depth, is_static=known.is_static,
            is_extern=not known.is_static)
    _Builder(program).build()
    _mark_user_allocators(program, allocators)
    return program


_RECORD_BODY = re.compile(rb"\b(?:struct|class|union)\b[^;{}()]*\{")
_MAY_DEFINE_TYPES = frozenset((
    "translation_unit", "declaration", "type_definition", "function_definition", "compound_statement",
    "declaration_list", "namespace_definition", "linkage_specification", "template_declaration",
    "field_declaration_list", "field_declaration", "preproc_if", "preproc_ifdef", "preproc_else", "preproc_elif",
    "struct_specifier", "class_specifier", "union_specifier", "for_statement", "while_statement", "if_statement",
    "else_clause", "do_statement", "switch_statement", "case_statement", "labeled_statement", "access_specifier"))


def subscript_class(program: Program, type_text: str) -> str | None:
    """The class of the program with its own operator[] that a variable of `type_text` is an object of (its
    name also behind a namespace, `mine::Vec<double>`, or templated); None for the library's (`std::vector`)
    and for other types."""
    key = record_key(type_text)
    if key in program.subscript_classes:
        return key
    name = re.sub(r"<.*>", "", key).strip()
    if re.match(r"(?:::\s*)?std\s*::", name):
        return None
    name = name.rsplit("::", 1)[-1].strip()
    return name if name in program.subscript_classes else None


def record_key(type_text: str) -> str:
    """`const struct Pair &` → `Pair`: the name a record type is filed under in `Program.fields`."""
    words = [w for w in re.sub(r"[&*]", " ", type_text).split()
             if w not in ("const", "volatile", "struct", "class", "union", "typename")]
    return " ".join(words)


def _collect_fields(program: Program, root) -> None:
    """Every struct/class/union body in the file: its members' kinds, under its tag, its typedef names and
    (anonymous) its own text; and the C++ classes that define `operator[]`."""
    if not _RECORD_BODY.search(program.source):
        return
    stack = [root]
    while stack:
        node = stack.pop()
        # only where a type can be defined: not into expressions (a tenth of the nodes or less)
        stack.extend(c for c in node.named_children if c.type in _MAY_DEFINE_TYPES)
        if node.type not in ("struct_specifier", "class_specifier", "union_specifier"):
            continue
        body = node.child_by_field_name("body")
        if body is None:
            continue
        members: dict[str, tuple[str, str]] = {}
        subscript = False
        for child in body.named_children:
            if child.type in ("function_definition", "declaration", "field_declaration") and \
                    b"operator[]" in child.text.split(b"{")[0].replace(b" ", b""):
                subscript = True
            if child.type != "field_declaration":
                continue
            type_node = child.child_by_field_name("type")
            type_text = type_node.text.decode() if type_node is not None else ""
            for d in child.children_by_field_name("declarator"):
                if d.type == "function_declarator":
                    continue
                name, var = _declarator_name(d)
                if not name:
                    continue
                kind = "reference" if var.is_reference else "pointer" if var.is_pointer or var.pointer_depth else \
                    "array" if var.is_array else "value"
                members[name] = (kind, type_text)
        keys = [" ".join(node.text.decode("utf-8", "replace").split())]
        tag = node.child_by_field_name("name")
        if tag is not None:
            keys.append(tag.text.decode())
        parent = node.parent
        if parent is not None and parent.type == "type_definition":
            keys += [d.text.decode() for d in parent.children_by_field_name("declarator")
                     if d.type == "type_identifier"]
        for key in keys:
            program.fields[key] = members
            if subscript and node.type != "union_specifier":
                program.subscript_classes.add(key)


def object_root(name: str) -> str:
    """The variable an access name starts from: `blocks[1].data` → `blocks`, `g.u` → `g`."""
    first = name.split(".", 1)[0]
    return re.sub(r"\[[^\]]*\]", "", first) if "[" in first else first


def member_types(program: Program, fn: Function, name: str) -> list[tuple[str, str]] | None:
    """(kind, type text) of each member a dotted access name goes through (`pr.dst` → [("pointer", ...)]),
    or None when the object's type or a member is not known."""
    parts = [re.sub(r"\[[^\]]*\]", "", part) for part in name.split(".")]
    var = variable(program, fn, parts[0])
    if var is None:
        return None
    type_text, found = var.type_text, []
    for part in parts[1:]:
        members = program.fields.get(record_key(type_text)) or program.fields.get(" ".join(type_text.split()))
        if members is None or part not in members:
            return None
        found.append(members[part])
        type_text = members[part][1]
    return found


def member_kinds(program: Program, fn: Function, name: str) -> list[str] | None:
    """The kinds of the members a dotted access name goes through (`pr.dst` → ["pointer"], `o.out.data` →
    ["value", "pointer"]), or None when the object's type or a member is not known."""
    found = member_types(program, fn, name)
    return None if found is None else [kind for kind, _ in found]


def member_points_anywhere(program: Program, fn: Function, name: str) -> bool:
    """A dotted access name goes through a pointer or reference member (`pr.dst`, `h.ref`), or through a
    member of a type the analysis does not know: it may reach any array."""
    kinds = member_kinds(program, fn, name)
    return kinds is None or "pointer" in kinds or "reference" in kinds


def _inherit_headers(program: Program, headers: Iterable[Program]) -> None:
    """What the file's own headers declare, read with tree-sitter when libclang is not used (in include
    order; the command line's macros and the file's own declarations win): file-scope variables, which other
    files may set unless `static`, macros and type names. Their functions are not taken."""
    inherited = set()
    for header in headers:
        for name, value in header.macros.items():
            program.macros.setdefault(name, value)
        for name, text in header.code_macros.items():
            if name not in program.macros:
                program.code_macros.setdefault(name, text)
        for name, macro in header.function_macros.items():
            if name not in program.function_macros:
                program.function_macros[name] = macro
                inherited.add(name)
        program.arithmetic_types |= header.arithmetic_types
        for name, members in header.fields.items():
            program.fields.setdefault(name, members)
        program.subscript_classes |= header.subscript_classes
        program.pointer_types |= header.pointer_types
        program.union_types |= header.union_types
        for name, value in header.constants.items():
            program.constants.setdefault(name, value)
        for name, var in header.globals.items():
            program.globals[name] = replace(var, is_extern=not var.is_static, line=0)
        program.file_scope_names |= header.file_scope_names
    program.header_function_macros = frozenset(inherited)


def _mark_user_allocators(program: Program, external: Iterable[str] = ()) -> None:
    """A function whose every `return` hands back fresh storage (`void *ptr = calloc(n, s); ...; return
    ptr;`, `posix_memalign(&ptr, ...)`, or another allocator's result: PolyBench's `polybench_alloc_data`
    returns `xmalloc`'s) is an allocator: a pointer set only from its calls has storage of its own, like one
    set from malloc. `external`: allocators that other files of the same run define (a function of that
    name defined here is judged here)."""
    allocators = {name for name in external if name not in program.functions}
    if allocators:
        _mark_allocator_results(program, allocators)
    while True:  # until no function returns another allocator's result
        program.allocators = allocators  # (`return checked(n);` is fresh once `checked` is known)
        # (not a name defined twice, under `#if`: which definition the program has is not known)
        new = {fn.name for fn in program.functions.values()
               if fn.name not in allocators and fn.name not in program.overloads and "#" not in fn.name
               and _returns_fresh_storage(program, fn)}
        if not new:
            _allocator_rows(program)
            return
        allocators |= new
        _mark_allocator_results(program, allocators)


def _address_used(fn: Function, name: str) -> bool:
    """`fn` takes the address of its local `name` other than to allocate into it (`posix_memalign(&p, ...)`):
    a store through that address may replace the fresh storage (`double **pp = &p; *pp = shared;`)."""
    if name not in fn.address_taken:
        return False
    raw = SPLICE.sub(b"  ", fn.node.text) if fn.node is not None else b""  # (`&\` + newline + name)
    text = _BLANK_LITERALS.sub(lambda m: b" " * len(m.group()), raw).decode("utf-8", "replace")
    taken = len(re.findall(rf"&[\s(]*{re.escape(name)}(?!\w)", text))
    allocating = len(re.findall(rf"\bposix_memalign\s*\(\s*(?:\([^()]*\)\s*)?&[\s(]*{re.escape(name)}(?!\w)", text))
    return taken != allocating


def _allocator_rows(program: Program) -> None:
    """Rows stored from a call of one of the program's allocators (`u[i] = row(n);`) are rows allocated on
    their own, like `u[i] = malloc(...)`."""
    for fn in program.functions.values():
        for name, levels in fn.row_other_texts.items():
            var = variable(program, fn, name)
            for level, texts in levels.items():
                # a row of elements only: a table stored there (`t[k] = alloc2d(n, m)` into `double ***t`)
                # has rows of its own that such an allocator's top level says nothing about
                if var is None or len(var.dims) + var.pointer_depth != level + 1:
                    continue
                if texts and all(_allocates(text, program, fn) for text in texts):
                    fn.row_other[name].discard(level)
                    fn.row_allocations.setdefault(name, set()).add(level)


def _returns_fresh_storage(program: Program, fn: Function) -> bool:
    if fn.body is None or function_declarator(fn.node) is None:
        return False
    declarator = fn.node.child_by_field_name("declarator")
    if declarator is None or declarator.type != "pointer_declarator":
        return False  # only functions returning a pointer
    returns, stack = [], [fn.body]
    while stack:
        node = stack.pop()
        if node.type == "return_statement":
            returns.append(node)
        elif node.type not in ("lambda_expression", "function_definition"):
            stack.extend(node.named_children)
    ok = bool(returns)
    for ret in returns:
        value = _strip_casts(ret.named_children[0]) if ret.named_child_count else None
        if value is None or value.type == "null" or value.text in (b"NULL", b"0", b"nullptr"):
            continue
        text = value.text.decode("utf-8", "replace")
        if _whole_call(text) == fn.name and program.language == "c" and fn.name not in fn.locals and \
                fn.param(fn.name) is None and not _macro_named(program, fn.name):
            continue  # `return f(n);` in f (C: no overloads): what another of its returns gives, if any
        local = fn.locals.get(text) if value.type == "identifier" else None
        fresh = _allocates(text, program, fn) or (local is not None and local.allocated and not local.is_static
                                                  and not fn.assigned_from.get(text)
                                                  and not _address_used(fn, text))
        ok = ok and bool(fresh)
    return ok


def _mark_allocator_results(program: Program, allocators: set[str]) -> None:
    """Pointers set from calls of `allocators` hold storage of their own (those sources are dropped)."""
    for fn in program.functions.values():
        for name, sources in list(fn.assigned_from.items()):
            var = variable(program, fn, name)
            if var is None or not var.is_pointer:
                continue
            fresh = [src for src in sources if (callee := _whole_call(src)) in allocators and
                     callee not in fn.locals and fn.param(callee) is None and not _macro_named(program, callee)]
            if fresh:
                var.allocated = True
                fn.allocation_texts.setdefault(name, []).extend(fresh)
                rest = [src for src in sources if src not in fresh]
                if rest:
                    fn.assigned_from[name] = rest
                else:
                    del fn.assigned_from[name]


def _is_null(node) -> bool:
    """`NULL`, `0`, `nullptr`, `(void *) 0`: a pointer set to it points at no storage."""
    value = _strip_casts(_strip_parens(node))
    return value is not None and (value.type == "null" or value.text in (b"NULL", b"0", b"nullptr"))


def _strip_casts(node):
    while node is not None and node.type in ("parenthesized_expression", "cast_expression"):
        node = node.child_by_field_name("value") if node.type == "cast_expression" else node.named_children[0]
    return node
