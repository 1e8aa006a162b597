"""The marking step the backends share: which loops become distributed loops or kernels."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

from seq2par.analyzers.affine import Affine
from seq2par.analyzers.analyze import FileReport
from seq2par.analyzers.dependence import LoopAnalysis
from seq2par.analyzers.frontend import c_integer
from seq2par.analyzers.ir import VALUE_FUNCTIONS, Function, Loop, Program, pointer_sources, through_macros, value_rank
from seq2par.analyzers.subscripts import enclosing_bounds, extreme
from seq2par.generators.edits import Edit, TransformationError, line_indent
from seq2par.generators.layout import affine_to_c, variable
from seq2par.generators.statements import body_statements

P = TypeVar("P")


def scratch_shadows(program: Program, fn: Function, analysis: LoopAnalysis) -> list[str] | str:
    """For each scratch array of an iteration (analysis.private_arrays) that a parameter declared as an array
    reaches, the declaration of a local array of its shape under the same name, for the top of the loop body:
    each iteration (thread, rank) then works in storage of its own, which the compiler also knows apart from
    every other array (doitgen's `sum[p]` row vectorizes there). A parameter's declared size does not bound
    what the function may index (`double t[4]` is a pointer), so only when every access of the array is
    proven inside the declared dimensions by the loops around it (`_within_dimensions`). The reason (str)
    when one cannot be declared. Local arrays need none (a `private` clause, or a rank's own copy)."""
    out = []
    for name in analysis.private_arrays:
        var = variable(program, fn, name)
        if var is None or fn.locals.get(name) is var:
            continue
        if var.is_const or not var.dims or not all(var.dims) or not _within_dimensions(fn, var):
            return (f"`{name}` is scratch storage of each iteration, reached through a parameter whose declared "
                    "size is not proven to cover the elements the loop uses: no copy of it can be declared")
        out.append(f"{var.type_text} {name}" + "".join(f"[{d}]" for d in var.dims) +
                   ";  /* seq2par: this iteration's own scratch array (it shadows the parameter) */")
    return out


_TERM = re.compile(r"\s*([+-]?)\s*(?:(\d+)\s*\*\s*([A-Za-z_]\w*)|(\d+)|([A-Za-z_]\w*))\s*")


def _dimension(text: str) -> Affine | None:
    """`n + 0`, `2 * m - 1`, `N` as an Affine; None for anything else (a call, a cast, parentheses)."""
    value, pos, text = Affine.const(0), 0, text.strip()
    while pos < len(text):
        match = _TERM.match(text, pos)
        if match is None or match.end() == pos or (pos and not match.group(1)):
            return None
        sign = -1 if match.group(1) == "-" else 1
        if match.group(2):
            term = Affine.var(match.group(3)).scale(int(match.group(2)))
        elif match.group(4):
            term = Affine.const(int(match.group(4)))
        else:
            term = Affine.var(match.group(5))
        value = value + term.scale(sign)
        pos = match.end()
    return value if text else None


def _within_dimensions(fn: Function, var) -> bool:
    """Every access of the parameter `var` in `fn` stays inside its declared dimensions: each subscript's
    least value over the loops around it is >= 0 and its largest is below the dimension (the difference a
    constant). Symbols the loops do not bind must cancel out."""
    dims = [_dimension(text) for text in var.dims]
    if None in dims:
        return False
    loops = {lp.id: lp for lp in fn.loops}
    for acc in fn.accesses:
        if acc.name != var.name:
            continue
        if acc.subscripts is None or len(acc.subscripts) != len(dims) or None in acc.subscripts or acc.indirect:
            return False
        bounds = enclosing_bounds(acc, loops)
        for sub, dim in zip(acc.subscripts, dims, strict=True):
            least, most = extreme(sub, bounds, lowest=True), extreme(sub, bounds, lowest=False)
            room = dim - Affine.const(1) - most if most is not None else None
            if least is None or room is None or not least.is_constant() or least.constant < 0 or \
                    not room.is_constant() or room.constant < 0:
                return False
    return True


def body_top_edits(source: bytes, loop: Loop, lines: list[str] | tuple[str, ...], seq: int = 0,
                   same_line: bool = False) -> list[Edit]:
    """`lines` as the first statements of `loop`'s body (braced when the body was one statement). `seq`
    orders them among other insertions at the same place: the brace closing an unbraced body must come
    before anything a caller inserts after the loop. `same_line`: on the body's first line, so that every
    line keeps its number."""
    body = loop.node.child_by_field_name("body")
    indent = line_indent(source, loop.node.start_byte)
    opening, closing = (" ", " ") if same_line else (f"\n{indent}  ", f"\n{indent}")
    text = "".join(f"{opening}{line}" for line in lines)
    if body.type == "compound_statement":
        return [Edit(body.start_byte + 1, body.start_byte + 1, text, seq)]
    return [Edit(body.start_byte, body.start_byte, "{" + text + opening, seq),
            Edit(body.end_byte, body.end_byte, f"{closing}}}", seq)]


_WORDS = re.compile(r"[A-Za-z_]\w*")


@lru_cache(maxsize=1024)
def address_into(name: str) -> re.Pattern[bytes]:
    """`&name[...]`, `name + e`, `name - e`: an address into the array `name`, not one element's value."""
    return re.compile(rb"&\s*" + re.escape(name.encode()) + rb"\s*\[|(?<![\w.>])" + re.escape(name.encode())
                      + rb"\s*[-+](?![-+=])")


def derived_pointers(fn: Function) -> dict[str, set[str]]:
    """Local pointers set from an address into an array (`p = &u[k]`, `p = u + k`, `row = A[i]` of a 2-D
    array): the arrays each may reach. A plain copy (`p = u`) is not here: the walk carries the array's
    state with it (`pointer_copy`)."""
    return _into({name: pointer_sources(fn, name) for name, var in fn.locals.items()
                  if var.is_pointer and not var.is_array})


def _into(sources: dict[str, list[str]]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for name, texts in sources.items():
        for text in texts:
            for array in set(_WORDS.findall(text)):
                if address_into(array).search(text.encode()) or re.search(
                        rf"(?<![\w.>]){re.escape(array)}\s*\[", text) and not text.strip().startswith("*"):
                    out.setdefault(name, set()).add(array)
    return out


def pointers_into(program: Program, fn: Function, name: str) -> list[str]:
    """The pointers set from an address into the array `name` (`b = a + n`, `p = &a[k]`), directly or through
    another such pointer: the local pointers of `fn` and the file's global pointers, wherever they are set.
    Storage of `name` that other names reach."""
    derived = derived_pointers(fn)
    derived.update(_into({
        global_name: [*([var.init_text] if var.init_text else []),
                      *(text for other in program.functions.values() if global_name not in other.locals
                        and other.param(global_name) is None for text in other.assigned_from.get(global_name, []))]
        for global_name, var in program.globals.items()
        if var.is_pointer and not var.is_array and global_name not in fn.locals and fn.param(global_name) is None}))
    reached, found = {name}, True
    while found:
        found = False
        for pointer, arrays in derived.items():
            if pointer not in reached and arrays & reached:
                reached.add(pointer)
                found = True
    return sorted(reached - {name})


def step_reason(loop: Loop) -> str:
    """How a distributed target names a step other than 1 it does not take."""
    if loop.tile_step:
        return f"step `{loop.tile_step}`, known only at run time (a tile loop; the OpenMP target takes it)"
    return f"step {loop.step}"


def inside(loop: Loop, taken: set[int], loops: dict[int, Loop]) -> bool:
    """Whether an enclosing loop of `loop` is in `taken`."""
    parent = loop.parent
    while parent is not None:
        if parent in taken:
            return True
        parent = loops[parent].parent
    return False


def uneven(fn: Function, loop: Loop) -> bool:
    """Whether `loop`'s iterations cost different amounts: an inner loop whose bounds involve its index
    (a triangle, `j = i + 1 .. n`) or whose trip count depends on the data."""
    loops_by_id = {lp.id: lp for lp in fn.loops}
    return any(inside(lp, {loop.id}, loops_by_id) and (lp.not_countable or loop.var in lp.bound_symbols)
               for lp in fn.loops)


def mixed_sign_bound(program: Program, fn: Function, loop: Loop) -> str | None:
    """Why the loop's range cannot be computed in `long` as the generated code does (or left to OpenMP, which
    counts in the index's type), or None. C converts a signed value compared with an unsigned one of the same
    rank or wider: `for (int i = lo; i < k; i++)` with `unsigned k` and lo = -1 runs zero times, and 101
    times over longs; an unsigned index started from a negative `lo` starts at a huge value. Harmless when
    the index starts at a constant >= 0; otherwise the start and the bound must be known to compare as the
    index's signedness (a bound whose type cannot be told from the file, `c.n` of a struct defined elsewhere
    or `f(x)`, is refused: it may be unsigned)."""
    if loop.var is None or loop.lower is None:
        return None
    if loop.lower.is_constant() and loop.lower.constant >= 0:
        return None
    index = _type_kind(program, loop.index_type)
    if index is None:
        return (f"the signedness of the index `{loop.var}` cannot be told here, and its start `{loop.lower_text}` "
                "may be below 0 (declare it `int` or `long`, or start at a constant >= 0)")
    for role, text in (("bound", loop.upper_text), ("start", loop.lower_text)):
        if role == "start" and index[0] == "s":
            continue  # a signed start of a signed index: the bound decides
        kind, term = _signedness(program, fn, text)
        if kind is None:
            return (f"the signedness of `{term}` in the {role} `{text}` of `{loop.var}` cannot be told here: if it "
                    f"is unsigned, C compares `{loop.var}` with it as unsigned, and a start below 0 would run "
                    f"iterations the original does not (cast it, e.g. `(long)({term})`, or start at a constant "
                    ">= 0)")
        if _converted(index, kind):
            unsigned = "unsigned" if kind[0] == "u" else "signed"
            return (f"`{loop.var}` is {'unsigned' if index[0] == 'u' else 'signed'} and `{term}` in its {role} "
                    f"`{text}` is {unsigned}: C converts the signed one to unsigned, and a start below 0 would "
                    "run iterations the original does not")
    return None


def _converted(index: str, other: str) -> bool:
    """Whether comparing an index of kind `index` with a value of kind `other` converts a signed one to
    unsigned (kinds: s32, s64, u32, u64; LP64: a long holds every unsigned int)."""
    if index[0] == other[0]:
        return False
    signed, unsigned = (index, other) if index[0] == "s" else (other, index)
    return not (signed == "s64" and unsigned == "u32")


_U64 = re.compile(r"\b(?:size_t|uint64_t|uintptr_t|uintmax_t)\b|\bunsigned\s+long\b|\blong\s+unsigned\b")
_S64 = re.compile(r"\b(?:long|ptrdiff_t|ssize_t|int64_t|intptr_t|intmax_t)\b")
_PROMOTED = re.compile(r"\b(?:char|short|bool|_Bool|uint8_t|uint16_t|int8_t|int16_t)\b")
_TYPE_WORDS = frozenset("""unsigned signed int long short char bool _Bool const volatile static register constexpr
    std size_t ssize_t ptrdiff_t intptr_t uintptr_t intmax_t uintmax_t int8_t int16_t int32_t int64_t uint8_t
    uint16_t uint32_t uint64_t float double""".split())


def _source_text(program: Program) -> str:
    return program.source.decode(errors="replace") if isinstance(program.source, bytes) else program.source


def _type_kind(program: Program, type_text: str, depth: int = 0) -> str | None:
    """s32, s64, u32 or u64 for an integer (or real: s32) type as written, through the file's typedefs and
    `using` aliases; narrower integers are promoted to int; None for `auto`, classes and unknown names."""
    text = re.sub(r"\bstd::", "", re.sub(r"\b(?:const|volatile|static|register|constexpr|extern|inline)\b|[&*]",
                                         " ", type_text)).strip()
    words = text.split()
    if not words or "auto" in words or "<" in text:
        return None
    unknown = [w for w in words if w not in _TYPE_WORDS]
    if unknown:
        if len(words) != 1 or depth > 8:
            return None
        source = _source_text(program)
        alias = re.search(rf"\btypedef\s+([^;{{}}()]+?)\s+{re.escape(words[0])}\s*;", source) or \
            re.search(rf"\busing\s+{re.escape(words[0])}\s*=\s*([^;{{}}]+);", source)
        return _type_kind(program, alias.group(1), depth + 1) if alias else None
    if _PROMOTED.search(text) and not re.search(r"\b(?:int|long)\b", text.replace("short int", "short")):
        return "s32"  # promoted to int before any comparison
    unsigned = "unsigned" in words or re.search(r"\b(?:size_t|uint\d+_t|uintptr_t|uintmax_t)\b", text)
    if unsigned:
        return "u64" if _U64.search(text) else "u32"
    return "s64" if _S64.search(text) else "s32"


def _widest(kinds: list[str]) -> str:
    """The kind C's usual arithmetic conversions give an expression of these kinds (LP64)."""
    if "u64" in kinds:
        return "u64"
    if "s64" in kinds:
        return "s64"  # (a long holds every unsigned int)
    return "u32" if "u32" in kinds else "s32"


_LITERAL = re.compile(r"\b(?:0[xX][0-9a-fA-F]+|\d+)([uUlLzZ]*)\b")
_TYPED_CAST = re.compile(r"\(\s*((?:const\s+)?(?:unsigned|signed|long|int|short|char|size_t|ssize_t|ptrdiff_t|"
                         r"u?int\d+_t|u?intptr_t|std::size_t)[\w\s]*?)\s*\)|"
                         r"\b(?:static_cast|int|long|unsigned|size_t)\s*(?:<\s*([\w\s:]+?)\s*>)?\s*(?=\()")
_SIZE_CALL = re.compile(r"(?:\.|->)\s*(?:size|length|capacity)\s*\(\s*\)|"
                        r"\b(?:strlen|wcslen|std::size|size|sizeof)\b")
_DEFINE = r"^[ \t]*#[ \t]*define[ \t]+{name}[ \t]+(.+)$"


def _signedness(program: Program, fn: Function, text: str, depth: int = 0) -> tuple[str | None, str]:
    """(s32, s64, u32 or u64; None: cannot tell) for the C expression `text`, and the term that decides:
    literal suffixes, casts, `sizeof` and size calls, variables', struct members' and functions' declared
    types (through typedefs), enum constants, object-like macros' values."""
    stripped = text.strip()
    whole = _TYPED_CAST.match(stripped)
    if whole is not None:
        rest = stripped[whole.end():]
        cast_type = whole.group(1) or whole.group(2) or whole.group().split("(")[0]
        if _whole_operand(rest) and (kind := _type_kind(program, cast_type)) is not None:
            return kind, whole.group().strip()  # `(long)v.size()`, `static_cast<int>(v.size())`: the cast's type
    if (size := _SIZE_CALL.search(stripped)) is not None:
        return "u64", size.group().strip()
    kinds: list[tuple[str, str]] = []  # (kind, term)
    for literal in _LITERAL.finditer(stripped):
        value = c_integer(literal.group())
        if value is not None and value.kind != "s32":  # a suffix, or too big for int (`0x80000000`: unsigned)
            kinds.append((value.kind, literal.group()))
    source = _source_text(program)
    for cast in re.finditer(r"\(\s*([A-Za-z_][\w\s]*?)\s*\)\s*(?=[\w(])", stripped):
        kind = _type_kind(program, cast.group(1))
        if kind is None and cast.group(1).strip() not in (fn.locals.keys() | {p.name for p in fn.params}):
            return None, cast.group().strip()  # a cast to a type the file does not tell
        if kind is not None:
            kinds.append((kind, cast.group().strip()))
    plain = re.sub(r"\(\s*[A-Za-z_][\w\s]*?\s*\)\s*(?=[\w(])", " ", re.sub(r"\b\d+\.\d*|\.\d+", "0", stripped))
    plain = re.sub(r"\b(?:0[xX][0-9a-fA-F]+|\d+)[uUlLzZ]*\b", "0", plain)
    for found in re.finditer(r"[A-Za-z_][\w:]*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*(\s*\()?", plain):
        name = found.group().rstrip("( ")
        if name in _TYPE_WORDS:
            continue
        if "." in name or "->" in name:  # a member: its declarations in the file's structs and classes
            member = re.split(r"->|\.", name)[-1].strip()
            declared = {_type_kind(program, t) for t in re.findall(
                rf"(?:^|[;{{]|public:|private:|protected:)\s*((?:const\s+|mutable\s+)*[A-Za-z_][\w:\s]*?)\s+"
                rf"(?:[A-Za-z_]\w*\s*,\s*)*{re.escape(member)}\s*(?:\[[^\]]*\]\s*)?[;,=]", _struct_bodies(source))}
            if len(declared) != 1 or None in declared:
                return None, name
            kinds.append((declared.pop(), name))
            continue
        if found.group(1):  # a call: a function of the file, by its declared return type
            callee = program.functions.get(name)
            kind = _type_kind(program, callee.node.child_by_field_name("type").text.decode()) \
                if callee is not None and callee.node.child_by_field_name("type") is not None else None
            if kind is None:
                return None, name
            kinds.append((kind, f"{name}()"))
            continue
        var = variable(program, fn, name)
        if var is not None:
            kind = _type_kind(program, var.type_text)
            if kind is None:
                return None, name
            kinds.append((kind, name))
            continue
        define = re.search(_DEFINE.format(name=re.escape(name)), source, re.MULTILINE)
        if define is not None and depth < 8:
            kind, _ = _signedness(program, fn, define.group(1).split("//")[0].split("/*")[0], depth + 1)
            if kind is None:
                return None, name
            kinds.append((kind, name))
            continue
        enum = re.search(rf"\benum\b[^{{;]*?(?::\s*([\w\s]+?))?\s*\{{[^}}]*\b{re.escape(name)}\b", source)
        if enum is not None:
            kinds.append(((_type_kind(program, enum.group(1)) if enum.group(1) else None) or "s32", name))
            continue
        if name in program.macros:  # an integer macro defined outside this file (a header's, -D, libclang's)
            kind = getattr(program.macros[name], "kind", None)
            if kind is None:
                return None, name
            kinds.append((kind, name))
            continue
        return None, name
    if not kinds:
        return "s32", stripped
    kind = _widest([k for k, _ in kinds])
    return kind, next((term for k, term in kinds if k == kind and k[0] == "u"), stripped)


def _struct_bodies(source: str) -> str:
    """The text between the braces of the file's struct, class and union definitions (first level)."""
    out = []
    for start in re.finditer(r"\b(?:struct|class|union)\b[^{;()]*\{", source):
        depth, position = 1, start.end()
        while depth and position < len(source):
            depth += {"{": 1, "}": -1}.get(source[position], 0)
            position += 1
        out.append(source[start.end():position - 1])
    return "\n;".join(out)


def _whole_operand(rest: str) -> bool:
    """`rest`, after a cast, is one operand: the cast applies to the whole bound (`(long)(c.n)`, `(int)n`)."""
    rest = rest.strip()
    if rest.startswith("("):
        depth = 0
        for position, char in enumerate(rest):
            depth += {"(": 1, ")": -1}.get(char, 0)
            if depth == 0:
                return not rest[position + 1:].strip()
        return False
    return re.fullmatch(r"[A-Za-z_][\w.>\[\]()-]*|\d+", rest) is not None


def range_texts(loop: Loop) -> tuple[str, str]:
    """C texts (long) of the iterations [lo, hi) of a counted ascending loop."""
    return f"(long)({loop.lower_text})", f"(long)({loop.upper_text})" + (" + 1L" if loop.cond_text == "<=" else "")


def exit_value(loop: Loop) -> str | None:
    """C text of the value a counted ascending loop leaves in its index (`for (i = L; i < U; i++)` leaves
    max(L, U)), or None when the bounds are not known affine expressions. A parallel loop's bounds do not
    change while it runs, so the expression can be evaluated after it."""
    if loop.kind != "for" or loop.var is None or loop.step != 1 or loop.lower is None or loop.upper is None:
        return None
    if loop.lower.is_constant() and loop.upper.is_constant():
        return str(max(loop.lower.constant, loop.upper.constant))
    low, high = affine_to_c(loop.lower), affine_to_c(loop.upper)
    if loop.canonical_condition is not None:
        # `i + c < n`: the clamped `(n >= c ? n - c : 0)`, not `n - c`, which wraps for an unsigned n < c
        high = f"({loop.upper_text})"
    return f"{low} < {high} ? {high} : {low}"


def inner_exit(outer: Loop, inner: Loop) -> str | None:
    """The statement that gives the inner index of a nest run in parallel (each thread or rank over its own
    part of `inner`) the value the sequential nest leaves: `if (i != L) j = <exit>;` (only when the outer
    loop ran), placed after the nest; None when `inner` declares its index in its header."""
    if inner.index_declared:
        return None
    final = exit_value(inner)
    if final is None or outer.index_declared or outer.lower is None:
        raise TransformationError(f"internal error: the exit value of `{inner.var}` at line {inner.line}")
    return f"if ({outer.var} != {affine_to_c(outer.lower)}) {inner.var} = {final};"


def rectangular_nest(fn: Function, outer: Loop) -> Loop | None:
    """The loop that is the whole body of `outer` (comments aside), when neither loop's bounds name the
    other's index; else None."""
    if len(outer.children) != 1:
        return None
    inner = next((lp for lp in fn.loops if lp.id == outer.children[0]), None)
    if inner is None or outer.var in inner.bound_symbols or inner.var in outer.bound_symbols or \
            several_inductions(inner) or several_inductions(outer):
        return None
    if [c.start_byte for c in body_statements(outer.node.child_by_field_name("body"))] != [inner.node.start_byte]:
        return None
    return inner


def jumps_in(fn: Function, loop: Loop, kinds: tuple[str, ...]) -> bool:
    """Whether the body of `loop` holds a jump of one of `kinds` ("break", "continue", "return", "goto")."""
    return any(jump.kind in kinds and ("loop", loop.id) in jump.ctx for jump in fn.jumps)


def _column_loop_accesses(report: FileReport, fn: Function, outer: Loop, inner: Loop, *,
                          before_ok: bool = False) -> list | None:
    """The accesses in the body of the sequential loop `outer` when its loop `inner` may run over each
    thread's or rank's own columns at every outer step: the analysis proved `inner` parallel with no
    reductions and nothing live after it, it is counted upwards by 1, its index's exit value can be given
    after the nest, the nest calls nothing but the value functions, every access is analyzable, nothing the
    nest writes names either loop's bounds, and every scalar `inner` writes is its iterations' own (with
    `before_ok`, the statements before `inner` may write scalars too: they run alike everywhere); else None."""
    analysis = report.analyses.get(inner.id)
    if analysis is None or not analysis.parallel or analysis.reductions or analysis.lastprivate or \
            analysis.conditional or analysis.call_writes or inner.kind != "for" or inner.var is None or \
            inner.step != 1 or inner.lower is None or inner.upper is None:
        return None
    if not inner.index_declared and (outer.index_declared or outer.lower is None):
        return None  # the inner index outlives the nest, and whether the outer loop ran cannot be told after it
    lo, hi = outer.body_orders
    if any(lo < call.order <= hi and (call.method_of is not None or call.name not in VALUE_FUNCTIONS)
           for call in fn.calls):
        return None
    accesses = [a for a in fn.accesses if lo < a.order <= hi]
    if any(a.unanalyzable for a in accesses) or \
            {a.name for a in accesses if a.is_write} & (outer.bound_symbols | inner.bound_symbols):
        return None
    first, last = inner.body_orders
    scalars = {a.name for a in accesses if a.is_write and a.subscripts is None
               and (not before_ok or first < a.order <= last)} - {inner.var}
    declared = {name for name, ctx, _ in fn.declarations if ("loop", inner.id) in ctx}
    if scalars - set(analysis.private) - declared:
        return None  # a scalar written outside the parallel loop's own iterations
    return accesses


def column_nest(report: FileReport, fn: Function, outer: Loop) -> tuple[Loop, list[str]] | None:
    """(inner loop, arrays it writes) when the sequential loop `outer` is a column nest: its body is one
    loop the analysis proved parallel (no reductions, nothing live after it), rectangular in `outer`'s
    index, and every array written anywhere in the nest is accessed only inside that loop, always with
    the parallel index alone as the last subscript and nowhere else (`B[k][j]`, `C[i][j]`). Different
    iterations of the parallel loop then touch different columns at every iteration of `outer`, so every
    dependence `outer` carries stays within one column: a thread or rank that keeps the same block of
    columns at every outer iteration needs nothing from the others until the nest ends (trmm, symm)."""
    if report.analyses[outer.id].parallel or outer.kind != "for":
        return None
    inner = rectangular_nest(fn, outer)
    accesses = _column_loop_accesses(report, fn, outer, inner) if inner is not None else None
    if accesses is None:
        return None
    written = {a.name for a in accesses if a.is_write}
    scalars = {a.name for a in accesses if a.is_write and a.subscripts is None}
    column = Affine.var(inner.var)
    arrays = sorted(written - scalars - {inner.var})
    for a in accesses:
        if a.name not in arrays:
            continue
        if a.subscripts is None or a.indirect or a.through_call or a.subscripts[-1] != column or \
                any(x is None or inner.var in x.symbols() for x in a.subscripts[:-1]) or \
                not inner.body_orders[0] < a.order <= inner.body_orders[1]:
            return None
    return (inner, arrays) if arrays else None


def pivot_column_nest(report: FileReport, fn: Function, outer: Loop) -> tuple[Loop, list[str], list[str]] | None:
    """(parallel loop J, arrays J writes, those of them column k is needed of) when the sequential loop
    `outer` (index k) is a pivot-column nest: its body ends with J, a loop the analysis proved parallel (no
    reductions, nothing live after it) with a nest of its own, which touches the arrays it writes only in its
    own column (`A[i][j]`, `R[k][j]`: the last subscript is J's index alone), or reads them in column k when
    its range leaves k out; the statements before J touch those arrays only in column k (`A[i][k]`,
    `R[k][k]`), and whatever else they write, every iteration of J may read (gramschmidt: the norm of column
    k and Q's column k, then every later column made orthogonal to it). A rank that keeps the columns it owns
    by their index alone (the same owner at every outer step, whatever J's bounds) then needs only column k
    of those arrays at the top of step k, from its owner, which has every write to it; the statements before
    J run alike on every rank. Calls are only the value functions (sqrt); the outer loop's bounds and J's do
    not depend on anything the nest writes."""
    if report.analyses[outer.id].parallel or outer.kind != "for" or outer.var is None:
        return None
    body = outer.node.child_by_field_name("body")
    statements = body_statements(body) if body is not None and body.type == "compound_statement" else []
    inner = next((lp for lp in fn.loops if statements and lp.node.start_byte == statements[-1].start_byte
                  and lp.id in outer.children), None)
    if inner is None or not inner.children or inner.var in outer.bound_symbols:
        return None
    accesses = _column_loop_accesses(report, fn, outer, inner, before_ok=True)
    if accesses is None:
        return None
    in_inner = [a for a in accesses if inner.body_orders[0] < a.order <= inner.body_orders[1]]
    arrays = sorted({a.name for a in in_inner if a.is_write and a.subscripts is not None})
    own, pivot = Affine.var(inner.var), Affine.var(outer.var)
    # J may also read column k when its range leaves k out (`for j = k + 1 ...`: in-place Gram-Schmidt reads
    # the column it just normalized): no iteration of J writes it then
    gap_below, gap_above = inner.lower - pivot, pivot - inner.upper
    pivot_read_ok = (gap_below.is_constant() and gap_below.constant >= 1) or \
        (gap_above.is_constant() and gap_above.constant >= 0)
    pivots = set()
    for a in accesses:
        if a.name not in arrays:
            continue
        inside = inner.body_orders[0] < a.order <= inner.body_orders[1]
        column = a.subscripts[-1] if a.subscripts else None
        allowed = (own, pivot) if inside and pivot_read_ok and not a.is_write else (own if inside else pivot,)
        if a.subscripts is None or a.indirect or a.through_call or len(a.subscripts) != 2 or \
                column not in allowed or any(x is None or inner.var in x.symbols() for x in a.subscripts[:-1]):
            return None
        if not inside or column == pivot:
            pivots.add(a.name)
    return (inner, arrays, sorted(pivots)) if arrays else None


def choose_outermost(report: FileReport, plan_for: Callable[[Function, Loop, LoopAnalysis], P | str],
                     sequential: list[tuple[Loop, str]], *, lastprivate_ok: bool = False,
                     call_writes_ok: bool = False, only: str | None = None) -> dict[str, list[P]]:
    """Per function, outermost loops first: a legal loop for which `plan_for` returns a plan is taken and
    its inner loops go with it; a sequential loop, or one `plan_for` refuses (returning the reason),
    is recorded in `sequential` with why, and its inner loops remain candidates. Loops that need a
    lastprivate scalar or whose calls store into arrays are refused unless the target handles them (a
    distributed-memory target would have to carry those values between processes). `only`: plan that one
    function alone (function mode)."""
    chosen: dict[str, list[P]] = {}
    for fn in report.program.functions.values():
        if only is not None and fn.name != only:
            continue
        loops = {lp.id: lp for lp in fn.loops}
        picked: list[P] = []
        taken: set[int] = set()
        for loop in sorted(fn.loops, key=lambda lp: lp.first_order):
            if inside(loop, taken, loops):
                continue
            analysis = report.analyses[loop.id]
            if not analysis.parallel:
                reasons = "; ".join(f"[{f.code}] {f.message}" for f in analysis.findings if f.blocking)
                sequential.append((loop, reasons or "sequential"))
                continue
            element = next((r.element for r in analysis.reductions if r.kind == "element"), None)
            if element:
                sequential.append((loop, f"reduction into the single element {element} while the loop reads other "
                                         "elements of the array: accumulate into a scalar and store it after the "
                                         "loop to parallelize it"))
                continue
            if analysis.call_writes and not call_writes_ok:
                sequential.append((loop, f"a called function stores into {', '.join(analysis.call_writes)} (one "
                                         "row per iteration), which this target does not distribute"))
                continue
            if analysis.lastprivate and not lastprivate_ok:
                conditional = [name for name in analysis.lastprivate if name in analysis.conditional]
                if conditional:
                    why = (f"[S2P215] {', '.join(conditional)} must keep the value of the last iteration that "
                           "assigned it (lastprivate(conditional)), which this target does not generate")
                else:
                    why = (f"[S2P214] {', '.join(analysis.lastprivate)} must keep the last iteration's value "
                           "after the loop (lastprivate), which this target does not generate")
                sequential.append((loop, why))
                continue
            plan = plan_for(fn, loop, analysis)
            if isinstance(plan, str):
                sequential.append((loop, plan))
                continue
            picked.append(plan)
            taken.add(loop.id)
        if picked:
            chosen[fn.name] = picked
    return chosen


def substituted_reason(fn: Function, loop: Loop) -> str | None:
    """Why a distributed target (MPI, CUDA) leaves a loop sequential when the analysis read one of its
    subscripts through the definition of a scalar the loop sets (`b = m; h[b] += x; b = 1;`): those targets
    write subscripts as their text into code before and after the loop (a reduction's zeroing and
    combining, a gather), where the scalar holds another value; None when no subscript of the loop is."""
    inside = [a for a in fn.accesses if loop.first_order < a.order <= loop.last_order]
    written = {a.name for a in inside if a.subscripts is None and a.is_write}
    for access in inside:
        if access.substituted and written & set(_WORDS.findall(" ".join(access.texts))):
            return (f"its subscript `{access.name}[{']['.join(access.texts)}]` goes through a scalar the loop "
                    "sets, which the analysis read as its value; this target writes subscripts as they are "
                    "written, before and after the loop, where the scalar holds another value (write the value "
                    "in the subscript)")
    return None


def several_inductions(loop: Loop) -> bool:
    """The loop's header steps variables beside its index (`for (i = 0, k = n - 1; i < n; i++, k--)`, as
    written: `headers.py` computes them in the body of the loops a backend distributes, not of those inside a
    parallel loop, which run as written). No directive may go on it (OpenMP's loops have one index) and no
    rewrite of its header may drop the others' steps: the loop is left as it is."""
    return bool(loop.derived)


def header_reason(loop: Loop) -> str | None:
    """Why a loop whose header still sets more than its index is not written (`headers.py` moves those parts
    before the loops it can: not the names a distributed target declares there, whose block would end
    before the gathers and reductions that name them), or None."""
    if loop.derived:
        names = ", ".join(f"`{d[0]}`" for d in loop.derived)
        them = "it" if len(loop.derived) == 1 else "them"
        return (f"its header steps {names} beside the index `{loop.var}` (compute {them} from the index in the "
                "body, so that the header steps its index alone)")
    if not loop.header_extras:
        return None
    return (f"its header also runs `{' '.join(loop.header_extras)}` (declare or set that before the loop, so "
            "the loop's header sets its index alone)")


def real_bound(report: FileReport, fn: Function, loop: Loop) -> str | None:
    """("index `x`" or "bound `lim`", for messages) a `float`/`double` index (`for (double x = 0; x < n;
    x++)`) or scalar among the names of the loop's bounds (`i < lim`): OpenMP's loop form takes neither
    ("invalid type for iteration variable", "invalid controlling predicate"), and a bound converted to an
    integer (MPI's blocks) drops the last iteration of `i < 3.5`; None otherwise (containers in `i <
    v.size()` are no such scalar)."""
    def real(type_text: str) -> bool:
        spelled = through_macros(report.program, type_text)
        return value_rank(spelled) in (1, 2) or " ".join(spelled.replace("const", " ").split()) == "long double"

    if loop.var and loop.index_type and real(loop.index_type):  # (its own declaration: another may follow)
        return f"index `{loop.var}`"
    for name in sorted(loop.bound_symbols):
        var = variable(report.program, fn, name)
        if var is not None and not var.is_pointer and not var.is_array and real(var.type_text):
            return f"bound `{name}`"
    return None
