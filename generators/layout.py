"""Where an array's elements live relative to a distributed loop: the row mapping shared by the backends.

A loop over `i` that writes `a[i*S + r]` (or `a[i][...]`, or `a[k*i + c]`) owns, per iteration, one
*row* of S consecutive elements starting at `i*S`. Distributing the iterations in blocks then gives each
rank a contiguous element range, which is what makes gathers (MPI_Allgatherv) and halo exchanges
(MPI_Sendrecv of boundary rows) expressible with plain counts and displacements.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from seq2par.analyzers.affine import Affine
from seq2par.analyzers.ir import Access, Function, Loop, Program, Variable, variable
from seq2par.analyzers.subscripts import split_row

C_TO_MPI = {
    "double": "MPI_DOUBLE", "float": "MPI_FLOAT", "long double": "MPI_LONG_DOUBLE", "int": "MPI_INT",
    "long": "MPI_LONG", "long int": "MPI_LONG", "long long": "MPI_LONG_LONG", "long long int": "MPI_LONG_LONG",
    "unsigned": "MPI_UNSIGNED", "unsigned int": "MPI_UNSIGNED", "unsigned long": "MPI_UNSIGNED_LONG",
    "unsigned long long": "MPI_UNSIGNED_LONG_LONG", "size_t": "MPI_UNSIGNED_LONG", "short": "MPI_SHORT",
    "unsigned short": "MPI_UNSIGNED_SHORT", "char": "MPI_CHAR", "signed char": "MPI_SIGNED_CHAR",
    "unsigned char": "MPI_UNSIGNED_CHAR", "int64_t": "MPI_INT64_T", "uint64_t": "MPI_UINT64_T",
    "int32_t": "MPI_INT32_T", "uint32_t": "MPI_UINT32_T", "int8_t": "MPI_INT8_T", "uint8_t": "MPI_UINT8_T",
    "int16_t": "MPI_INT16_T", "uint16_t": "MPI_UINT16_T", "bool": "MPI_C_BOOL", "_Bool": "MPI_C_BOOL",
}


# `std::complex` of a real type, as a declaration spells it: its bytes are its value (gathers), and OpenMP
# needs a reduction declared for it
COMPLEX_TYPE = re.compile(r"^(?:std::)?complex\s*<\s*(?:float|double|long double)\s*>$")


def element_type(var: Variable) -> str | None:
    """C element type of an array/pointer/vector variable, without qualifiers (None if unknown, and None
    when the elements are pointers: `double **rows` or `double *rows[N]` hold addresses, which mean nothing
    in another process)."""
    if var.pointer_depth > (0 if var.is_array else 1):
        return None
    text = var.type_text
    if "vector<" in text:
        text = text[text.index("vector<") + 7:text.rindex(">")]
    words = [w for w in text.replace("std::", "").split() if w not in ("const", "static", "volatile",
                                                                       "restrict", "register", "extern")]
    text = " ".join(words)
    return text if text in C_TO_MPI else None


def mpi_type(c_type: str | None) -> str | None:
    return C_TO_MPI.get(c_type) if c_type else None


_QUALIFIERS = ("const", "static", "volatile", "restrict", "register", "extern")


def _plain_words(text: str) -> str:
    return " ".join(w for w in text.split() if w not in _QUALIFIERS)


def aggregate_type(program: Program, var: Variable) -> str | None:
    """The element type of an array of structs, or of a typedef'd struct or fixed-size array (`vec3 p[N]`),
    when its elements can travel between ranks as plain bytes: the type is defined in this file and every
    member is a basic C type or a fixed-size array of one (no pointers, which mean nothing in another
    process; no C++ members with constructors), or a typedef of an arithmetic type. None otherwise."""
    if var.pointer_depth > (0 if var.is_array else 1) or "vector<" in var.type_text or "<" in var.type_text:
        return None
    name = _plain_words(var.type_text)
    if not name or name in C_TO_MPI:
        return None
    source = program.source.decode(errors="replace") if isinstance(program.source, bytes) else program.source
    body = None
    tag = re.fullmatch(r"struct\s+(\w+)", name)
    if tag:
        found = re.search(r"\bstruct\s+" + tag.group(1) + r"\s*\{([^{}]*)\}", source)
        body = found.group(1) if found else None
    elif re.fullmatch(r"\w+", name):
        if name in program.arithmetic_types:
            return name  # `typedef char base;`: its bytes are the value (PolyBench nussinov's seq)
        found = re.search(r"\btypedef\s+struct\s*\w*\s*\{([^{}]*)\}\s*" + name + r"\s*;", source)
        if found:
            body = found.group(1)
        else:
            array = re.search(r"\btypedef\s+([\w\s]+?)\s+" + name + r"\s*((?:\[[^\]]+\]\s*)+);", source)
            if array and _plain_words(array.group(1)) in C_TO_MPI:
                # libclang sees through the typedef: `vec3 f[N]` then has dims (N, 3) and its subscripts reach
                # the doubles, which are then the elements (counting vec3s would overrun the rows).
                typedef_dims = tuple(d.strip() for d in re.findall(r"\[([^\]]+)\]", array.group(2)))
                if len(var.dims) > len(typedef_dims) and \
                        tuple(d.strip() for d in var.dims[-len(typedef_dims):]) == typedef_dims:
                    return _plain_words(array.group(1))
                return name
    if body is None:
        return None
    members = [m.strip() for m in re.sub(r"/\*.*?\*/|//[^\n]*", "", body, flags=re.S).split(";") if m.strip()]
    for member in members:
        declared = re.fullmatch(r"([A-Za-z_][\w\s]*?)\s+([A-Za-z_]\w*(?:\s*\[[^\]]+\])*"
                                r"(?:\s*,\s*[A-Za-z_]\w*(?:\s*\[[^\]]+\])*)*)", member)
        if declared is None or _plain_words(declared.group(1)) not in C_TO_MPI:
            return None
    return name if members else None


def affine_to_c(expr: Affine) -> str:
    """C text for an Affine (symbols are C identifiers or `v.size()` forms)."""
    parts = []
    for monomial, coef in expr.terms:
        body = "*".join(f"(long)({m})" if m.endswith("()") else m for m in monomial)
        if not body:
            parts.append(f"{coef}L")
        elif coef == 1:
            parts.append(body)
        else:
            parts.append(f"{coef}L*{body}")
    return "(" + (" + ".join(parts) if parts else "0L") + ")"


@dataclass(frozen=True)
class RowMap:
    """Per-iteration row: elements [i*stride + rmin, i*stride + rmax] (C expressions)."""

    stride: str
    rmin: str
    rmax: str

    @staticmethod
    def whole(stride: str) -> RowMap:
        """Every element of rows `stride` elements long."""
        return RowMap(stride, "0L", f"({stride} - 1L)")


@dataclass(frozen=True)
class RowAccess:
    offset: int | None  # row = i + offset; None when the access is not row-aligned with the loop
    rowmap: RowMap | None


def row_access(program: Program, fn: Function, loop: Loop, acc: Access, bounds) -> RowAccess:
    """How `acc` (an access of an array in `loop`) maps onto rows of the loop index."""
    var = variable(program, fn, acc.name)
    subs = acc.subscripts
    if var is None or subs is None or any(s is None for s in subs) or acc.indirect:
        return RowAccess(None, None)
    i = loop.var
    # a pointer to arrays (`double (*a)[M] = malloc(...)`) is subscripted like the array `double a[][M]`
    dims = var.dims if var.is_array else ("", *var.pointee_dims) if var.pointer_depth == 1 else ()
    if len(subs) > 1 or len(dims) > 1:
        # a[i+c][...]: multi-dimensional array, one row = product of trailing dimensions
        if len(subs) != len(dims) or not all(dims[1:]):
            return RowAccess(None, None)
        first = subs[0]
        if first.coefficient(i) != 1 or (first - Affine.var(i)).symbols():
            return RowAccess(None, None)
        # Trailing subscripts stay inside row `first` (C array bounds), whatever they are (c[i][i]).
        stride = "*".join(f"(long)({d})" for d in dims[1:])
        return RowAccess((first - Affine.var(i)).constant, RowMap.whole(stride))
    sub = subs[0]
    coef = sub.coefficient(i)
    rest = sub - Affine.var(i).scale(coef)
    if coef > 0 and not rest.symbols():
        # a[k*i + c]: rows of k elements
        c = rest.constant
        offset, r = divmod(c, coef)
        return RowAccess(offset, RowMap(f"{coef}L", f"{r}L", f"{r}L"))
    split = split_row(sub, {i} | set(bounds), bounds)
    if split is not None:
        q, _, stride = split
        if q.coefficient(i) == 1 and not (q - Affine.var(i)).symbols():
            stride_c = affine_to_c(stride)
            return RowAccess((q - Affine.var(i)).constant, RowMap.whole(stride_c))
    return RowAccess(None, None)


_ALLOCATION = (re.compile(r"\bcalloc\s*\((.*),(.*)\)\s*$"), re.compile(r"\bmalloc\s*\((.*)\)\s*$"))
_WORD = re.compile(r"[A-Za-z_]\w*")
def allocated_bytes(var: Variable) -> str | None:
    """C text of the bytes a pointer's declaration allocates (`malloc(n * sizeof *h)`, `calloc(n, size)`),
    else None."""
    init = var.init_text or ""
    calloc, malloc = (pattern.search(init) for pattern in _ALLOCATION)
    if calloc:
        return f"(size_t)({calloc.group(1).strip()}) * ({calloc.group(2).strip()})"
    if malloc:
        return f"(size_t)({malloc.group(1).strip()})"
    return None


def allocated_count(fn: Function, var: Variable, ctype: str) -> str | None:
    """C text of the number of `ctype` elements a pointer was allocated with in its declaration
    (`double *h = malloc(bins * sizeof *h)`, `calloc(n, sizeof(double))`, `malloc(sizeof(double[N][N]))`):
    the bytes over the element's size, whatever form the size takes. None when the declaration allocates
    nothing, a variable of the size is assigned after it (the text would no longer be the size), or the
    pointer itself is assigned again or has its address taken (`if (nb > 8) h = calloc(nb, ...)`: another
    allocation may be the one it holds)."""
    size = allocated_bytes(var)
    if size is None:
        return None
    if sum(1 for a in fn.accesses if a.name == var.name and a.is_write and not a.subscripts) > 1:
        return None
    body = fn.node.text.decode("utf-8", "replace") if fn.node is not None and fn.node.text is not None else ""
    if re.search(rf"&\s*\(?\s*{re.escape(var.name)}\b(?!\s*\[)", body):
        return None
    names = set(_WORD.findall(size)) - {"sizeof", "size_t", var.name}
    if any(a.name in names and a.is_write and a.line > var.line for a in fn.accesses):
        return None
    return f"(({size}) / sizeof({ctype}))"
