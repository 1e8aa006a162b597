"""MPI function mode (`parallelize FILE --function NAME --target mpi`): one function, under a stated contract.

Contract (the caller's side): MPI is initialized (and will be finalized) by the caller; every rank calls the
function with the same, complete inputs (replicated); the results are needed on rank 0 (`--result rank0`)
or on every rank (`--result all`). The function keeps its signature, and the output has no MPI_Init or
MPI_Finalize.

The scheme is the simplest one that keeps every rank's state identical after each parallel loop, so that
the sequential code between the loops (run by every rank on the same data) and the return value are those
of the original on every rank, which satisfies both `--result` contracts:

- the outermost loops of the function that the analysis proves parallel run over a block of their
  iterations per rank (the same split on every rank, so every rank knows every other rank's block);
- a scalar reduction starts from the operator's identity on ranks other than 0 (rank 0 keeps the value the
  accumulator had before the loop) and is combined with one `MPI_Allreduce`; min/max need no identity;
- an array reduction (`bins[key] += ...`) is zeroed on ranks other than 0 and combined element-wise with
  one `MPI_Allreduce` over the whole array;
- an array the loop writes is written only as `x[i]` (the loop's index, or the element of a range-for) or
  in the row `a[i*W + j]` with `j` an inner loop within [0, W) (`j = 1 .. W - 1` too): each rank's block of
  rows is contiguous, and one `MPI_Allgatherv` in place gives every rank the whole array (the elements of
  a row that the loop does not write are the same on every rank already).
- a loop whose iterations cost different amounts (an inner loop bounded by its index: a triangle) and
  whose results are all reductions is dealt round-robin (cyclic) instead of in blocks.

- a minloc/maxloc that keeps the first of equal values (`if (d < best) { best = d; at = i; }`): every rank
  runs its block from the same start pair, one `MPI_Allgather` gives every rank every block's pair, and
  the pairs are taken in block order with the loop's own strict test.

- a scalar whose value after the loop is the one the last iteration that assigned it left (every iteration
  assigns it, or some: `if (b[i].pages < 100) last = i;`): each store also sets a flag of the rank, and the
  highest rank whose block assigned it (blocks are in iteration order) gives its value to every rank with
  one `MPI_Allreduce` (who) and one `MPI_Bcast` (the bytes); no rank assigned it: the value before the loop.

- elimination (`for k: for i > k: row i -= f(row i, row k)`, as in LU and Gaussian elimination): the outer
  loop is sequential and its only statement is the parallel loop over rows, which writes its own rows and
  reads only them and row k. Rows are dealt round-robin (row i always belongs to rank i % size, so each rank
  keeps its rows current across the steps), row k goes from its rank to every rank at the top of each step
  (`MPI_Bcast`), and the rows go to rank 0 (or every rank) after the outer loop.

A loop whose results must be gathered is left sequential when each gathered element costs fewer operations
than moving it (`gather_cost`, calibrated by bench/mpi_gather_cost.py): distributed, it would run slower
than the sequential loop. `--allow-slower` distributes it anyway.

Anything else is refused with the reason (exit 3): a minloc/maxloc keeping the last of equal values,
lastprivate pointers, writes through other subscripts, indirect or through calls, `std::vector<bool>` (no
addressable elements), element types with no MPI datatype for a reduction, loop shapes other than
`for (T i = L; i < U or i <= U; ++i)` and range-for over a named random-access container. The result is
validated with the user's MPI driver when one is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from types import SimpleNamespace

from seq2par.analyzers import FileReport
from seq2par.analyzers.affine import Affine
from seq2par.analyzers.dependence import LoopAnalysis
from seq2par.analyzers.ir import Function, Loop, random_access_container, stores_to, variable

from .edits import Edit, TransformationError, apply_edits, line_indent
from .if_conversion import if_conversion_edits
from .interchange import dot_product_edit, dot_products, header_span, swappable_inner
from .layout import COMPLEX_TYPE, aggregate_type
from .plan import choose_outermost, exit_value, header_reason, mixed_sign_bound, real_bound, substituted_reason, uneven

_MPI_TYPES = {
    "double": "MPI_DOUBLE", "float": "MPI_FLOAT", "long double": "MPI_LONG_DOUBLE",
    "int": "MPI_INT", "signed": "MPI_INT", "unsigned": "MPI_UNSIGNED", "unsigned int": "MPI_UNSIGNED",
    "long": "MPI_LONG", "long int": "MPI_LONG", "unsigned long": "MPI_UNSIGNED_LONG",
    "long long": "MPI_LONG_LONG", "unsigned long long": "MPI_UNSIGNED_LONG_LONG",
    "short": "MPI_SHORT", "unsigned short": "MPI_UNSIGNED_SHORT",
    # (MPI_CHAR takes no reduction in the MPI standard, 5.9.2; a plain char is one of these two)
    "char": "(((char)-1) < 0 ? MPI_SIGNED_CHAR : MPI_UNSIGNED_CHAR)", "signed char": "MPI_SIGNED_CHAR",
    "unsigned char": "MPI_UNSIGNED_CHAR",
    "size_t": "MPI_UNSIGNED_LONG", "std::size_t": "MPI_UNSIGNED_LONG",  # LP64 (Linux, macOS)
    "int64_t": "MPI_INT64_T", "std::int64_t": "MPI_INT64_T", "uint64_t": "MPI_UINT64_T",
    "std::uint64_t": "MPI_UINT64_T", "int32_t": "MPI_INT32_T", "std::int32_t": "MPI_INT32_T",
    "uint32_t": "MPI_UINT32_T", "std::uint32_t": "MPI_UINT32_T",
    "bool": "MPI_CXX_BOOL",
}
_ARITHMETIC_OPS = {"+": "MPI_SUM", "*": "MPI_PROD", "min": "MPI_MIN", "max": "MPI_MAX"}
_BITWISE_OPS = {"^": "MPI_BXOR", "|": "MPI_BOR", "&": "MPI_BAND", "&&": "MPI_LAND", "||": "MPI_LOR"}
_BOOL_OPS = {"^": "MPI_LXOR", "|": "MPI_LOR", "&": "MPI_LAND", "&&": "MPI_LAND", "||": "MPI_LOR"}
_IDENTITY = {"+": "0", "*": "1", "^": "0", "|": "0", "||": "0", "&": "~0", "&&": "1"}
_BOOL_IDENTITY = {"^": "false", "|": "false", "||": "false", "&": "true", "&&": "true"}
_CONTAINER = re.compile(r"^(?:const\s+)?(?:std::)?(vector|array)\s*<\s*(.+?)\s*(?:,\s*[^<>]+)?>\s*(?:const)?\s*$")

RUNTIME = """\
#include <limits.h>
#include <mpi.h>
#include <stdlib.h>

#ifndef S2P_FN_MAX_COUNT  /* the most elements one MPI count holds */
#define S2P_FN_MAX_COUNT INT_MAX
#endif
#ifndef S2P_FN_PIECE  /* bytes per message when a block holds more */
#define S2P_FN_PIECE (1 << 30)
#endif

/* seq2par function mode: rank `rank`'s block [*first, *last) of the iterations [lo, hi), the same split on
   every rank. */
static inline void s2p_fn_block(long long lo, long long hi, int rank, int size, long long *first,
                                long long *last)
{
    long long n = hi > lo ? hi - lo : 0;
    *first = lo + n * rank / size;
    *last = lo + n * (rank + 1) / size;
}

/* Every rank's block of rows [first*width, last*width) of the elements at `base` (each `bytes` long), from
   the rank that computed it to every rank (`everyone`) or to rank 0 only, in place. */
static inline void s2p_fn_gather(void *base, size_t bytes, long long lo, long long hi, long long width,
                                 int everyone)
{
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size == 1 || bytes == 0 || width <= 0 || hi <= lo)
        return;
    if ((unsigned long long)(hi - lo) * (unsigned long long)width > (unsigned long long)S2P_FN_MAX_COUNT) {
        /* more elements than an int counts: each block in pieces of S2P_FN_PIECE bytes, from its rank (to
           rank 0 on a communicator of its own, so that no message of the caller's is matched) */
        MPI_Comm own = MPI_COMM_WORLD;
        if (!everyone)
            MPI_Comm_dup(MPI_COMM_WORLD, &own);
        for (int owner = 0; owner < size; owner++) {
            long long first, last;
            s2p_fn_block(lo, hi, owner, size, &first, &last);
            char *at = (char *)base + (size_t)first * (size_t)width * bytes;
            size_t left = (size_t)(last - first) * (size_t)width * bytes;
            while (left > 0) {
                int piece = left > (size_t)S2P_FN_PIECE ? S2P_FN_PIECE : (int)left;
                if (everyone)
                    MPI_Bcast(at, piece, MPI_BYTE, owner, MPI_COMM_WORLD);
                else if (owner != 0 && rank == owner)
                    MPI_Send(at, piece, MPI_BYTE, 0, 0, own);
                else if (owner != 0 && rank == 0)
                    MPI_Recv(at, piece, MPI_BYTE, owner, 0, own, MPI_STATUS_IGNORE);
                at += piece;
                left -= (size_t)piece;
            }
        }
        if (!everyone)
            MPI_Comm_free(&own);
        return;
    }
    int *counts = (int *)malloc(2 * (size_t)size * sizeof(int));
    int *displs = counts + size;
    for (int r = 0; r < size; r++) {
        long long first, last;
        s2p_fn_block(lo, hi, r, size, &first, &last);
        counts[r] = (int)((last - first) * width);
        displs[r] = (int)(first * width);
    }
    MPI_Datatype element;
    MPI_Type_contiguous((int)bytes, MPI_BYTE, &element);
    MPI_Type_commit(&element);
    if (everyone)
        MPI_Allgatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, base, counts, displs, element, MPI_COMM_WORLD);
    else if (rank == 0)
        MPI_Gatherv(MPI_IN_PLACE, 0, MPI_DATATYPE_NULL, base, counts, displs, element, 0, MPI_COMM_WORLD);
    else
        MPI_Gatherv((char *)base + (size_t)displs[rank] * bytes, counts[rank], element, NULL, NULL, NULL, element, 0,
                    MPI_COMM_WORLD);
    MPI_Type_free(&element);
    free(counts);
}

static inline void s2p_fn_allgather(void *base, size_t bytes, long long lo, long long hi, long long width)
{
    s2p_fn_gather(base, bytes, lo, hi, width, 1);
}

/* `--result rank0`, for an array nothing reads after the loop. */
static inline void s2p_fn_gather_root(void *base, size_t bytes, long long lo, long long hi, long long width)
{
    s2p_fn_gather(base, bytes, lo, hi, width, 0);
}

"""


STEPPED_RUNTIME = """\
/* Rows dealt round-robin, the same on every rank at every step: row r belongs to rank r % size. The first
   row at or after `lo` that `rank` owns. */
static inline long long s2p_fn_cyclic_first(long long lo, int rank, int size)
{
    return lo + (((rank - lo) % size) + size) % size;
}

/* Rows [lo, hi) of `width` elements of `bytes` each at `base`, each from the rank that owns it (row r: rank
   r % size) to rank 0 (`everyone` 0) or to every rank, one strided message per owner. The messages to rank 0
   travel on a communicator of their own: a caller's messages in flight on MPI_COMM_WORLD are not matched. */
static inline void s2p_fn_gather_cyclic(void *base, size_t bytes, long long lo, long long hi, long long width,
                                        int everyone)
{
    int rank, size;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
    if (size == 1 || hi <= lo || bytes == 0 || width <= 0)
        return;
    MPI_Comm own = MPI_COMM_WORLD;
    if (!everyone)
        MPI_Comm_dup(MPI_COMM_WORLD, &own);
    MPI_Datatype row, every;
    MPI_Type_contiguous((int)(bytes * (size_t)width), MPI_BYTE, &row);
    MPI_Type_commit(&row);
    for (int owner = 0; owner < size; owner++) {
        long long first = s2p_fn_cyclic_first(lo, owner, size);
        long long count = first < hi ? (hi - first + size - 1) / size : 0;
        if (count == 0 || (owner == 0 && !everyone))
            continue;
        MPI_Type_vector((int)count, 1, size, row, &every);
        MPI_Type_commit(&every);
        char *at = (char *)base + (size_t)first * bytes * (size_t)width;
        if (everyone)
            MPI_Bcast(at, 1, every, owner, MPI_COMM_WORLD);
        else if (rank == owner)
            MPI_Send(at, 1, every, 0, 0, own);
        else if (rank == 0)
            MPI_Recv(at, 1, every, owner, 0, own, MPI_STATUS_IGNORE);
        MPI_Type_free(&every);
    }
    MPI_Type_free(&row);
    if (!everyone)
        MPI_Comm_free(&own);
}

"""


@dataclass
class FunctionLoop:
    """A loop of the function distributed over the ranks, and how its results are combined."""

    loop: Loop
    lower: str
    upper: str  # exclusive
    scalars: list[tuple[str, str, str]] = field(default_factory=list)  # (name, MPI type, MPI op)
    identities: list[tuple[str, str]] = field(default_factory=list)  # (name, identity) on ranks != 0
    arrays: list[tuple[str, str, str]] = field(default_factory=list)  # (base, width, element expression)
    array_reductions: list[tuple[str, str, str, str]] = field(default_factory=list)  # (name, MPI type, op, count)
    minloc: tuple[str, str, str] | None = None  # (value, index, "<" or ">"): first of equal values
    schedule: str = "block"
    root_only: set[str] = field(default_factory=set)  # arrays gathered on rank 0 only (`--result rank0`)
    dots: list = field(default_factory=list)  # dot products over a column made row updates (interchange.py)
    swapped: Loop | None = None  # the loop around `loop` whose header changes place with loop's (interchange)
    lastprivate: list[str] = field(default_factory=list)  # scalars the last iteration that assigns them sets
    columns: set[str] = field(default_factory=set)  # the inner loops along the gathered rows (a[i*W + j]: j)
    stepped: Loop | None = None  # the sequential loop around `loop` (rows dealt cyclically, row i sent each step)
    pivots: list[str] = field(default_factory=list)  # arrays whose row i (`stepped`'s index) `loop` reads

    @property
    def anchor(self) -> Loop:
        """The outermost loop of the rewritten nest: where the prologue and the collectives go."""
        return self.swapped or self.stepped or self.loop

    def describe(self) -> str:
        over = self.loop.var if self.loop.kind == 'for' else 'the elements'
        parts = [f"block over {over}" if self.schedule == "block" else f"cyclic over {over} (uneven iterations)"]
        if self.stepped is not None:
            parts = [f"rows {over} dealt round-robin inside the sequential loop over {self.stepped.var} at line "
                     f"{self.stepped.line}"]
            if self.pivots:
                parts.append(f"row {self.stepped.var} of " + ", ".join(self.pivots) + " from its rank at each step")
        if self.swapped is not None:
            parts[0] += (f" (interchanged with the loop over {self.swapped.var} at line {self.swapped.line}: each rank "
                         "writes whole rows)")
        if self.scalars:
            parts.append("Allreduce " + ", ".join(name for name, *_ in self.scalars))
        if self.array_reductions:
            parts.append("Allreduce " + ", ".join(f"{name}[]" for name, *_ in self.array_reductions))
        if self.minloc:
            parts.append(f"Allgather ({self.minloc[0]}, {self.minloc[1]}) of every block, kept in block order")
        if self.lastprivate:
            parts.append("from the last block that assigned it: " + ", ".join(self.lastprivate))
        everyone = [base for base, *_ in self.arrays if base not in self.root_only]
        gathers = ("rows to every rank after it ", "rows to rank 0 after it ") if self.stepped else \
            ("Allgatherv ", "Gatherv on rank 0 ")
        if everyone:
            parts.append(gathers[0] + ", ".join(f"{base}[]" for base in everyone))
        if self.root_only:
            parts.append(gathers[1] + ", ".join(f"{base}[]" for base in sorted(self.root_only)))
        parts += [f"{j.var}/{k.var} dot product at line {j.line} accumulated in {element} along rows"
                  for j, k, element, _, _ in self.dots]
        return "; ".join(parts)


@dataclass
class FunctionProgram:
    source: str
    language: str
    compiler: str
    link_flags: list[str]
    distributed: list[FunctionLoop]
    sequential: list[tuple[Loop, str]]


def _clean_type(text: str) -> str:
    text = re.sub(r"\b(const|volatile|static|register|restrict|__restrict__|__restrict)\b", " ", text)
    return " ".join(text.replace("&", " ").split())


def _element_type(type_text: str, is_array: bool) -> str | None:
    """The element type of a std::vector/std::array or a C array, by its declared type."""
    cleaned = _clean_type(type_text)
    match = _CONTAINER.match(cleaned)
    if match:
        return match.group(2)
    if is_array:
        return cleaned.split("[")[0].strip()
    return None


def _not_plain_bytes(report: FileReport, var) -> str | None:
    """The element type of an array the loop writes when its bytes are not its value in another process (a
    pointer, a std::string, a container, a class not defined here), else None. The gathers copy elements as
    bytes: a std::string's bytes point into the rank that wrote it (the validation run crashed)."""
    cleaned = _clean_type(var.type_text)
    container = _CONTAINER.match(cleaned)
    element = container.group(2) if container else cleaned.split("[")[0].strip()
    own_depth = 0 if container or var.is_array else 1  # `double *a`: the pointer is the array
    if "*" in element or var.pointer_depth > own_depth:
        return element + "*" * max(var.pointer_depth - own_depth, 0)
    if element in _MPI_TYPES or element.replace("std::", "") in _MPI_TYPES or COMPLEX_TYPE.match(element):
        return None
    for spelled in (element, f"struct {element}"):  # C++ names a struct without `struct`
        if aggregate_type(report.program, replace(var, type_text=spelled, pointer_depth=0, is_array=True)):
            return None  # a struct of basic members defined in this file, or a typedef of an arithmetic type
    return element


def _mpi_type(ctype: str | None) -> str | None:
    return _MPI_TYPES.get(_clean_type(ctype or ""))


# The static cost model for gathered loops (`gather_cost`). Under the function-mode contract every rank
# holds the inputs, so what distribution adds is moving each computed element to rank 0 (or to every rank).
# bench/mpi_gather_cost.py times a map of K dependent operations per double, rank 0 alone against blocks
# plus MPI_Gatherv (2026-12-05, MPICH 5.0.2, np=2, this 2-core machine, 1M-16M elements): K = 8 ran at
# 0.38x-0.65x, K = 12 at 1.09x-1.20x, K = 24 at 1.42x-1.49x. Counted as `gather_cost` counts (the load of
# x[i] and the store of y[i] included), the crossover lies between 10 and 14: loops below GATHER_OPERATIONS
# per 8 bytes gathered are left sequential. A count the model cannot make (an unknown call, an inner loop
# whose trip count is not a constant) is taken as enough work.
GATHER_OPERATIONS = 12
GATHER_COST_NOTE = ("in bench/mpi_gather_cost.py a map of 8 operations per double ran at 0.4x-0.65x, one of "
                    "12 at 1.1x-1.2x")
_CHEAP_CALLS = frozenset({
    "abs", "fabs", "fabsf", "labs", "llabs", "conj", "real", "imag", "norm", "min", "max", "fmin", "fmax",
    "floor", "ceil", "round", "trunc", "size", "length", "at", "front", "back", "data", "swap", "move",
    "copysign", "signbit", "isnan", "isinf", "isfinite", "get",
})
_MATH_CALLS = frozenset({
    "sqrt", "cbrt", "exp", "exp2", "expm1", "log", "log2", "log10", "log1p", "pow", "sin", "cos", "tan",
    "asin", "acos", "atan", "atan2", "sinh", "cosh", "tanh", "hypot", "erf", "erfc", "tgamma", "lgamma",
    "fmod", "remainder", "arg", "polar", "sqrtf", "expf", "logf", "powf", "sinf", "cosf",
})
_ACCESSORS = frozenset({"size", "length", "at", "front", "back", "data", "real", "imag", "get"})  # methods
_MATH_COST = 20
_CASTS = frozenset({"static_cast", "reinterpret_cast", "const_cast", "bit_cast"})
_COUNTED = frozenset({"binary_expression", "unary_expression", "update_expression", "conditional_expression",
                      "subscript_expression", "pointer_expression"})
_LOOPS = frozenset({"for_statement", "for_range_loop", "while_statement", "do_statement"})
_ELEMENT_BYTES = {"char": 1, "signed char": 1, "unsigned char": 1, "bool": 1, "short": 2, "unsigned short": 2,
                  "int": 4, "unsigned": 4, "unsigned int": 4, "float": 4, "int32_t": 4, "uint32_t": 4,
                  "double": 8, "long": 8, "long int": 8, "unsigned long": 8, "long long": 8,
                  "unsigned long long": 8, "size_t": 8, "int64_t": 8, "uint64_t": 8, "ptrdiff_t": 8,
                  "long double": 16, "complex<double>": 16, "complex<float>": 8, "complex<long double>": 32}


def _start_value(loop: Loop):
    """The node of L in the loop's `T i = L` (one declarator) or `i = L` initializer, or None."""
    init = loop.node.child_by_field_name("initializer")
    if init is None:
        return None
    if init.type == "declaration":
        declarators = [c for c in init.named_children if c.type == "init_declarator"]
        return declarators[0].child_by_field_name("value") if len(declarators) == 1 else None
    if init.type == "assignment_expression" and not loop.index_declared:
        left, operator = init.child_by_field_name("left"), init.child_by_field_name("operator")
        if left is not None and left.type == "identifier" and left.text.decode() == loop.var and \
                operator is not None and operator.type == "=":
            return init.child_by_field_name("right")
    return None


def _declared_once(fn: Function, name: str) -> bool:
    """Whether `fn` declares `name` (a parameter or a local of any block) at most once: `variable` gives one
    declaration per name, and another block's may shadow the one a loop uses."""
    return sum(1 for declared, *_ in fn.declarations if declared == name) + (fn.param(name) is not None) <= 1


def _element_bytes(var, program=None) -> int:
    """Bytes per element of an array, pointer or container, by its declared type: a struct of the file by
    its members (`_struct_bytes`); 8 when not known."""
    if var is None:
        return 8
    element = re.sub(r"\b(?:const|volatile|restrict|__restrict__|__restrict)\b|[*&]", " ",
                     _element_type(var.type_text, True) or "")
    element = re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", element).strip().replace("std::", ""))
    if element in _ELEMENT_BYTES:
        return _ELEMENT_BYTES[element]
    structure = _struct_bytes(program, element) if program is not None else None
    return structure or 8


def _struct_bytes(program, name: str, depth: int = 0) -> int | None:
    """The bytes of `struct name` (or a typedef'd struct, or a C++ struct/class) defined in the file, as the
    sum of its members (basic types, structs of the file, arrays of them with constant sizes); padding is
    left out. None when a member is of another kind."""
    tag = name.removeprefix("struct ").strip()
    if depth > 4 or not re.fullmatch(r"\w+", tag):
        return None
    source = program.source.decode(errors="replace") if isinstance(program.source, bytes) else program.source
    found = re.search(r"\b(?:struct|class)\s+" + tag + r"\s*(?::[^{;]*)?\{([^{}]*)\}", source) or \
        re.search(r"\btypedef\s+struct\s*\w*\s*\{([^{}]*)\}\s*" + tag + r"\s*;", source)
    if found is None:
        return None
    total = 0
    body = re.sub(r"/\*.*?\*/|//[^\n]*|\b(?:public|private|protected)\s*:", "", found.group(1), flags=re.S)
    for member in (m.strip() for m in body.split(";") if m.strip()):
        declared = re.fullmatch(r"([A-Za-z_][\w\s:]*?)\s+((?:[A-Za-z_]\w*(?:\s*\[\s*\d+\s*\])*\s*,?\s*)+)", member)
        if declared is None:
            return None
        kind = " ".join(declared.group(1).replace("const", " ").replace("std::", "").split())
        size = _ELEMENT_BYTES.get(kind) or _struct_bytes(program, kind, depth + 1)
        if size is None:
            return None
        for declarator in declared.group(2).split(","):
            count = 1
            for dim in re.findall(r"\[\s*(\d+)\s*\]", declarator):
                count *= int(dim)
            total += size * count
    return total or None


def gather_cost(report: FileReport, fn: Function, plan: FunctionLoop) -> tuple[float | None, float]:
    """(operations per iteration of `plan`'s loop per element it gathers, the least that pays for moving
    those elements). Operations: each arithmetic, comparison, subscript or dereference counts 1, a math
    library call 20; an inner loop counts its body times a constant trip count, once when it runs along the
    gathered row (a[i*W + j], per element), and makes the count unknown (None) otherwise, as does any other
    call or a lambda."""
    source = report.program.source
    loops = {lp.node.start_byte: lp for lp in fn.loops}
    # the program's own functions and methods, by their last name (`V::norm` is `norm`)
    defined = {key.rsplit("::", 1)[-1] for key in report.program.functions} | set(report.program.defined_functions)

    def trips(node) -> float | None:
        lp = loops.get(node.start_byte)
        if lp is None or lp.var is None:
            return None
        if lp.var in plan.columns:
            return 1.0
        if lp.lower is None or lp.upper is None or not lp.step:
            return None
        span = lp.upper - lp.lower
        if not span.is_constant():
            return None
        return max(0.0, -(-span.constant // abs(lp.step)))

    def count(node) -> float | None:
        kind = node.type
        if kind == "lambda_expression":
            return None
        if kind == "call_expression":
            callee = node.child_by_field_name("function")
            name = source[callee.start_byte:callee.end_byte].decode() if callee is not None else ""
            name = re.split(r"::|\.|->", re.sub(r"<.*", "", name))[-1].strip()
            method = callee is not None and callee.type == "field_expression"
            cost: float | None = 0.0 if name in _CASTS else 1.0 if name in _CHEAP_CALLS else None
            if name in _MATH_CALLS:
                cost = float(_MATH_COST)
            if name in defined or (method and name not in _ACCESSORS):
                cost = None  # the program's own function or method of that name: its work is not counted
            operands = [node.child_by_field_name("arguments")]
            if method:  # the object of a method call
                operands.append(callee.child_by_field_name("argument"))
            for operand in operands:
                more = count(operand) if operand is not None and cost is not None else 0.0
                cost = None if cost is None or more is None else cost + more
            return cost
        total = 0.0
        for child in node.named_children:
            part = count(child)
            if part is None:
                return None
            total += part
        if kind in _LOOPS:
            times = trips(node)
            return None if times is None else total * times
        if kind in _COUNTED:
            total += 1
        elif kind == "assignment_expression":
            operator = node.child_by_field_name("operator")
            if operator is not None and operator.type != "=":
                total += 1  # `x += v`: the load and the operation
        return total

    try:
        work = count(plan.loop.node.child_by_field_name("body"))
    except RecursionError:  # an expression nested too deeply to count is not a cheap one
        work = None
    gathered = sum(_element_bytes(variable(report.program, fn, name), report.program) for name, *_ in plan.arrays)
    needed = GATHER_OPERATIONS * max(1.0, gathered / 8)
    return work, needed


def _in_loop(access, loop: Loop) -> bool:
    return ("loop", loop.id) in access.ctx


def _enclosing(access, inner: dict[int, Loop]) -> dict[str, Loop]:
    """The loops around `access` by their index (the innermost of a name that two of them use)."""
    return {inner[ident].var: inner[ident] for kind, ident in access.ctx
            if kind == "loop" and ident in inner and inner[ident].var is not None}


class _Planner:
    def __init__(self, report: FileReport, cost_model: bool = True) -> None:
        self.report = report
        self.source = report.program.source
        self.cost_model = cost_model

    def text(self, node) -> str:
        return self.source[node.start_byte:node.end_byte].decode()

    def bounds(self, loop: Loop) -> tuple[str, str] | str:
        node = loop.node
        if loop.kind == "range":
            if loop.range_container is None:
                return "range-for over an expression that is not a named container"
            var = variable(self.report.program, self.report.program.functions[loop.function], loop.range_container)
            if var is None or not random_access_container(var):
                return (f"range-for over `{loop.range_container}`: only std::vector, std::array, std::string and "
                        "std::valarray (random-access iterators) are split into blocks")
            return "0", f"{loop.range_container}.size()"
        if loop.kind != "for" or loop.var is None or loop.step != 1:
            return "only `for (i = L; i < U; ++i)` loops (step +1) are distributed"
        condition = node.child_by_field_name("condition")
        start = _start_value(loop)
        if start is None or condition is None:
            return "the loop has no `T i = L` or `i = L` initializer, or no condition"
        if not loop.index_declared and exit_value(loop) is None:
            return f"`{loop.var}` is declared outside the loop and the value the loop leaves in it is not known"
        fn = self.report.program.functions[loop.function]
        if (header := header_reason(loop)) is not None:
            return header
        if (substituted := substituted_reason(fn, loop)) is not None:
            return substituted
        if (real := real_bound(self.report, fn, loop)) is not None:
            return f"its {real} is not an integer (blocks of a converted bound would drop iterations)"
        if (mixed := mixed_sign_bound(self.report.program, fn, loop)) is not None:
            return mixed  # the blocks are computed in long long: from -1 below an unsigned bound, every iteration
        if loop.canonical_condition is not None:  # `i + c < U`: [L, U - c) when U >= c (analyzers/ir.py)
            return self.text(start), loop.upper_text
        if condition.type != "binary_expression":
            return "the loop's condition is not `i < U` or `i <= U`"
        left, right = condition.child_by_field_name("left"), condition.child_by_field_name("right")
        operator = condition.child_by_field_name("operator")
        if left is None or right is None or operator is None or self.text(left) != loop.var:
            return "the loop's condition is not `i < U` or `i <= U`"
        lower = self.text(start)
        if operator.type == "<":
            return lower, self.text(right)
        if operator.type == "<=":
            return lower, f"({self.text(right)}) + 1"
        return "the loop's condition is not `i < U` or `i <= U`"

    def plan(self, fn: Function, loop: Loop, analysis: LoopAnalysis) -> FunctionLoop | str:
        if any(call.name == fn.name and call.method_of is None for call in fn.calls):
            return f"`{fn.name}` calls itself: every recursive call would run collectives"
        if loop.parent is not None:
            stepped = self.stepped(fn, loop, analysis)
            if not isinstance(stepped, str):
                return stepped
            return ("inside a sequential loop: its collectives would run on every iteration of the enclosing "
                    f"loop (function mode distributes loops that no other loop encloses, or {stepped})")
        plan = self.plan_loop(fn, loop, analysis)
        if isinstance(plan, str):
            plan = self.swapped(fn, loop, analysis) or plan
        if isinstance(plan, str) or not self.cost_model or not plan.arrays or plan.swapped is not None:
            return plan
        work, needed = gather_cost(self.report, fn, plan)
        if work is not None and work < needed:
            return (f"not worth distributing: each element it gathers costs about {work:g} operations to compute, "
                    f"fewer than the {needed:g} that moving it to another process costs ({GATHER_COST_NOTE}): "
                    "distributed, it would run slower than the sequential loop. --target openmp needs no "
                    "gather; --allow-slower distributes it anyway")
        return plan

    def stepped(self, fn: Function, loop: Loop, analysis: LoopAnalysis) -> FunctionLoop | str:
        """Elimination (`for i: for j > i: row j -= f(row j, row i)`): the outer loop is sequential, its only
        statement the parallel loop over rows j, which writes row j of its arrays and reads only row j and
        row i. Rows are dealt round-robin (row j always to rank j % size, so each rank keeps its rows current
        across the steps); at each step row i goes from its rank to every rank, and the rows are gathered
        after the outer loop. Returns the plan, or why the nest is not of that shape."""
        loops = {lp.id: lp for lp in fn.loops}
        outer = loops.get(loop.parent) if loop.parent is not None else None
        if outer is None or outer.parent is not None or outer.kind != "for" or outer.var is None or \
                not outer.index_declared or outer.step != 1 or isinstance(self.bounds(outer), str):
            return "a loop over rows directly inside one outermost `for (T i = L; i < U; ++i)`"
        body = outer.node.child_by_field_name("body")
        statements = [c for c in body.named_children if c.type != "comment"] \
            if body is not None and body.type == "compound_statement" else [body]
        if len(statements) != 1 or statements[0] is None or statements[0].start_byte != loop.node.start_byte \
                or statements[0].end_byte != loop.node.end_byte:
            return f"the loop at line {outer.line} runs other statements than the loop over rows"
        plan = self.plan_loop(fn, loop, analysis)
        if isinstance(plan, str):
            return plan
        if plan.scalars or plan.array_reductions or plan.minloc or plan.lastprivate or not plan.arrays or \
                loop.kind != "for" or plan.swapped is not None or not loop.index_declared:
            return "a loop over rows that only writes its own rows (no reductions, no values kept after it)"
        if loop.upper is None or outer.var in loop.upper.symbols() or loop.var in outer.bound_symbols:
            return f"a loop over rows whose end does not change with `{outer.var}`"
        scope = SimpleNamespace(ctx=(("loop", outer.id), ("loop", loop.id)))
        if outer.lower is None or loop.lower is None or not self.nonnegative(outer.lower, scope, loops) or \
                not self.nonnegative(loop.lower, scope, loops):
            # rows are dealt by their index modulo the ranks, from 0 (a row -4 of a pointer into a buffer
            # has no owner)
            return f"loops over `{outer.var}` and rows that start at 0 or above"
        written = {name: width for name, width, _ in plan.arrays}
        if written.keys() & (outer.bound_symbols | loop.bound_symbols):
            return "loop bounds that the loops do not write"
        pivots: set[str] = set()
        direct: set[str] = set()  # pivots read unconditionally, directly in the loop's body
        for access in fn.accesses:
            if access.name not in written or not _in_loop(access, loop):
                continue
            where = f"`{access.name}` at line {access.line}"
            if access.subscripts is None or access.indirect or access.unanalyzable or access.through_call:
                return f"{where} is reached other than by a subscript"
            if access.is_write:
                continue  # plan_loop: row `loop.var` only
            own = self.row_shape(access, loop, fn, loops)
            if own is not None and own[0] == written[access.name]:
                continue
            pivot = self.row_shape(access, loop, fn, loops, row_var=outer.var)
            if pivot is None or pivot[0] != written[access.name]:
                return (f"{where} is read as {access.name}[{', '.join(access.texts)}]: only the iteration's own "
                        f"row and row {outer.var} are current on every rank")
            pivots.add(access.name)
            if access.ctx[access.ctx.index(("loop", loop.id)) + 1:] == ():
                direct.add(access.name)
        if not self.addressed_only_by_subscripts(loop, set(written)):
            return "an array the loop writes is passed, aliased or has its address taken in the loop"
        for name in sorted(pivots - direct):
            # row i is sent only when it exists: read, unconditionally, directly in the loop's body
            return f"row {outer.var} of `{name}` read unconditionally in the loop's own body"
        plan.stepped, plan.pivots, plan.schedule = outer, sorted(pivots), "cyclic"
        return plan

    def addressed_only_by_subscripts(self, loop: Loop, names: set[str]) -> bool:
        """Every use of `names` in the loop is `name[...]` read or written in place: not passed whole, not
        bound to a pointer or a reference, no `&name[...]`."""
        stack = [loop.node]
        while stack:
            node = stack.pop()
            stack.extend(node.named_children)
            if node.type != "identifier" or self.text(node) not in names:
                continue
            parent = node.parent
            if parent is None or parent.type != "subscript_expression" or \
                    parent.child_by_field_name("argument") != node:
                return False
            above = parent.parent
            if above is not None and above.type == "pointer_expression":
                return False
            if above is not None and above.type == "init_declarator" and \
                    "&" in self.text(above.child_by_field_name("declarator") or above):
                return False
        return True

    def swapped(self, fn: Function, outer: Loop, analysis: LoopAnalysis) -> FunctionLoop | None:
        """`for i for j out[i + j*W] = ...` writes a column per i, which no block of i can gather: with both
        loops parallel (no reductions, nothing private but the inner index) no two iterations (i, j) touch a
        common location, so the nest may run in any order; run as `for j for i` and distributed over j,
        each rank writes whole rows, and the innermost loop walks along them."""
        inner = swappable_inner(self.report, fn, outer) if outer.kind == "for" else None
        if inner is None or not inner.index_declared or not outer.index_declared or analysis.call_writes or \
                analysis.lastprivate:
            return None
        # the whole nest in another order: the inner loop must be free of dependences too
        inner_analysis = self.report.analyses.get(inner.id)
        if inner_analysis is None or not inner_analysis.parallel or inner_analysis.reductions or \
                inner_analysis.lastprivate or inner_analysis.conditional or inner_analysis.call_writes or \
                inner_analysis.private or isinstance(self.bounds(outer), str):
            return None
        plan = self.plan_loop(fn, inner, inner_analysis)
        if isinstance(plan, str) or not plan.arrays or plan.schedule != "block":
            return None
        plan.swapped = outer
        return plan

    def plan_loop(self, fn: Function, loop: Loop, analysis: LoopAnalysis) -> FunctionLoop | str:
        if analysis.private_arrays:
            return (f"scratch array{'s' * (len(analysis.private_arrays) > 1)} "
                    f"{', '.join(analysis.private_arrays)} of each iteration: not distributed in function mode")
        bounds = self.bounds(loop)
        if isinstance(bounds, str):
            return bounds
        plan = FunctionLoop(loop, *bounds)
        cxx = self.report.language == "cpp"
        reduced_arrays = set()
        for reduction in analysis.reductions:
            var = variable(self.report.program, fn, reduction.var)
            if reduction.kind in ("minloc", "maxloc"):
                if plan.minloc is not None or reduction.tie != "first" or reduction.index_value is None \
                        or reduction.index_value.strip() != loop.var or loop.kind != "for":
                    return (f"{reduction.kind} of `{reduction.var}` is combined only alone, keeping the first of "
                            "equal values (`<`/`>`), with the loop's own index")
                plan.minloc = (reduction.var, reduction.index_var, "<" if reduction.kind == "minloc" else ">")
                continue
            if reduction.kind == "element":
                return f"{reduction.kind} reduction of `{reduction.var}` is not combined in function mode"
            if var is None:
                return f"the type of `{reduction.var}` is not known"
            if reduction.kind == "array":
                if reduction.op != "+":
                    return f"array reduction `{reduction.op}` into `{reduction.var}`: only + is combined"
                if _CONTAINER.match(_clean_type(var.type_text)):
                    count = f"{reduction.var}.size()"
                elif var.is_array and not var.is_pointer and fn.param(reduction.var) is None and cxx is not None:
                    count = f"(sizeof({reduction.var}) / sizeof({reduction.var}[0]))"
                else:
                    return (f"array reduction into `{reduction.var}`, whose extent is not known here (how many "
                            "elements the loop may update is not in the code: a pointer or an array parameter)")
                element = _element_type(var.type_text, var.is_array)
                mpi = _mpi_type(element)
                if mpi is None or "bool" in (element or ""):
                    return f"array reduction into `{reduction.var}`: no MPI datatype for its elements"
                plan.array_reductions.append((reduction.var, mpi, "MPI_SUM", count))
                reduced_arrays.add(reduction.var)
                continue
            ctype = _clean_type(var.type_text)
            mpi = _mpi_type(ctype)
            if mpi is None or (mpi == "MPI_CXX_BOOL" and not cxx):
                return f"reduction into `{reduction.var}` of type `{var.type_text}`: no MPI datatype"
            if ctype == "bool":
                op, identity = _BOOL_OPS.get(reduction.op), _BOOL_IDENTITY.get(reduction.op)
            elif reduction.op in _ARITHMETIC_OPS:
                op, identity = _ARITHMETIC_OPS[reduction.op], _IDENTITY.get(reduction.op)
            elif ctype in ("double", "float", "long double"):
                op, identity = None, None
            else:
                op, identity = _BITWISE_OPS.get(reduction.op), _IDENTITY.get(reduction.op)
            if op is None:
                return f"no MPI reduction for `{reduction.op}` on `{var.type_text}`"
            plan.scalars.append((reduction.var, mpi, op))
            if identity is not None:
                plan.identities.append((reduction.var, identity))
        written: dict[str, tuple[str, str]] = {}
        columns: set[tuple[str, str]] = set()  # every (width, column) written
        inner = {lp.id: lp for lp in fn.loops}
        for access in fn.accesses:
            if not _in_loop(access, loop) or not access.is_write or access.subscripts is None:
                continue
            if access.name in reduced_arrays or access.reduction is not None and access.name in reduced_arrays:
                continue
            if access.indirect or access.unanalyzable or access.through_call:
                return f"`{access.name}` is written through an indirect subscript or a call (line {access.line})"
            var = variable(self.report.program, fn, access.name)
            if var is not None and ("loop", loop.id) in var.ctx:
                continue  # an array declared in the loop body: each iteration's own
            if not _declared_once(fn, access.name):
                # blocks of the function declare the name again: which declaration (a pointer table, an
                # array) this store reaches is not known here, nor what its elements are
                return (f"`{access.name}` is declared more than once in `{fn.name}` (line {access.line}): its "
                        "elements are not gathered")
            if var is None or "vector<bool>" in _clean_type(var.type_text).replace(" ", ""):
                return f"`{access.name}` has no addressable elements to gather (line {access.line})"
            foreign = _not_plain_bytes(self.report, var)
            if foreign is not None:
                return (f"`{access.name}` holds `{foreign}` elements (line {access.line}): they are gathered as "
                        "bytes, and the bytes of a pointer, a std::string or another class that owns memory "
                        "mean nothing in another process; only basic C types, std::complex and structs of them "
                        "defined in this file are gathered")
            shape = self.row_shape(access, loop, fn, inner)
            if shape is None:
                return (f"`{access.name}` is written as {access.name}[{', '.join(access.texts)}] (line "
                        f"{access.line}): only x[i] or the row a[i*W + j] are gathered in function mode")
            columns.add(shape)
            if written.setdefault(access.name, shape)[0] != shape[0]:
                return f"`{access.name}` is written in two shapes in the loop"
        for name, shape in written.items():
            if not self.always_reached(fn, loop, name, shape, inner):
                # `if (i < m) y[i] = ...` over i < n: the gather writes [lo, hi) of every rank's block, and y
                # may hold only m elements (a review: rank 0's memory past y overwritten, or a SIGSEGV)
                store = next(acc for acc in fn.accesses if acc.name == name and acc.is_write and _in_loop(acc, loop))
                return (f"`{name}` is stored under a condition or after a jump (line {store.line}), and no access "
                        f"of the same element runs in every iteration: the elements the function does not store "
                        f"may not exist, and the gather of each block would write them")
        for name, (width, _) in written.items():
            plan.arrays.append((name, width, f"{name}[0]"))
        plan.columns = {column for _, column in columns}
        for name in analysis.lastprivate:
            # the value after the loop is the one the last iteration that assigned it left (every iteration,
            # or some: lastprivate(conditional)); with blocks in iteration order, the highest rank whose
            # block assigned it has it, and gives it to the others
            var = variable(self.report.program, fn, name)
            if var is None or var.is_pointer or var.pointer_depth or not (
                    _mpi_type(var.type_text) or aggregate_type(self.report.program, var)):
                spelled = "?" if var is None else var.type_text + (
                    " " + "*" * max(1, var.pointer_depth) if var.is_pointer else "")
                return (f"`{name}` keeps the value of the last iteration that assigns it, and its type "
                        f"`{spelled}` is not one whose bytes mean the same in another process")
            stores = sum(1 for acc in fn.accesses if acc.name == name and acc.is_write and _in_loop(acc, loop))
            if sum(1 for _ in stores_to(loop.node, name)) != stores:
                # `(last) = i` is found, but not a store inside a macro (`SETL(i)`) or through a pointer
                return (f"`{name}` keeps the value of the last iteration that assigns it, and not every store to "
                        "it in the loop is a plain assignment seq2par can mark")
            plan.lastprivate.append(name)
        if not plan.arrays and plan.minloc is None and not plan.lastprivate and uneven(fn, loop):
            # A triangle (`j = i + 1 .. n`) split into even blocks gives rank 0 three quarters of the work at
            # np=2 (seven eighths for `k = j + 1 .. n` inside it); dealt round-robin, every rank gets about
            # the same share of every size. Only for loops whose results are reductions: a gathered array
            # needs contiguous blocks, and a minloc's first-of-equal merge needs them in iteration order.
            plan.schedule = "cyclic"
        return plan

    def always_reached(self, fn: Function, loop: Loop, name: str, shape: tuple[str, str],
                       inner: dict[int, Loop]) -> bool:
        """Some access of `name` of the gathered row's shape (a store or a read: the element exists) runs in
        every iteration of `loop`: under no condition or branch inside it (only inner loops), with no jump of
        the loop's body before it; or a store of it ends every path through the body (`if (c) y[i] = 1;
        else y[i] = 0;`)."""
        jumps = [(jump.line, jump.column) for jump in fn.jumps if ("loop", loop.id) in jump.ctx]
        body = loop.node.child_by_field_name("body")
        # (an inner loop may run no iteration: only the loop over the row's columns, which spans the row)
        columns = {lp.id for lp in inner.values() if shape[1] and lp.var == shape[1] and lp.id != loop.id}
        spans = frozenset(inner[ident].node.start_byte for ident in columns)
        for access in fn.accesses:
            if access.name != name or access.subscripts is None or not _in_loop(access, loop) or \
                    access.indirect or access.unanalyzable or access.through_call or \
                    self.row_shape(access, loop, fn, inner) != shape:
                continue
            inside = access.ctx[access.ctx.index(("loop", loop.id)) + 1:]
            if all(kind == "loop" and ident in columns for kind, ident in inside) and \
                    not any(at < (access.line, access.column) for at in jumps):
                return True
            target = _SPACE.sub("", f"{name}[{']['.join(access.texts)}]")
            if access.is_write and body is not None and _stored_on_every_path(body, target, self.text, spans):
                return True
        return False

    def row_shape(self, access, loop: Loop, fn: Function, inner: dict[int, Loop], row_var: str | None = None
                  ) -> tuple[str, str] | None:
        """("1", "") for x[i]; (W, j) for a[i*W + j] with j an inner loop over [0, W) of this loop (or an
        enclosing loop's index over such a range). The row is the loop's own index i, or `row_var` (the index
        of an enclosing loop: the row every iteration reads, a[k*W + j] or its diagonal a[k*W + k])."""
        row_var = row_var or loop.var
        if access.subscripts is not None and len(access.subscripts) > 1:
            return self.slab_shape(access, fn, row_var, inner)
        if len(access.subscripts) != 1 or access.subscripts[0] is None:
            return None
        subscript: Affine = access.subscripts[0]
        if subscript == Affine.var(row_var):
            return "1", ""
        terms = subscript.as_dict()
        if len(terms) != 2:
            return None
        row = [m for m in terms if row_var in m and terms[m] == 1 and len(m) == 2]
        column = [m for m in terms if len(m) == 1 and terms[m] == 1 and m[0] != loop.var]
        if len(row) != 1 or len(column) != 1:
            return None
        width = next(name for name in row[0] if name != row_var)
        (j,) = column[0]
        for ctx_kind, ident in access.ctx:
            candidate = inner.get(ident) if ctx_kind == "loop" else None
            if candidate is not None and candidate.var == j and candidate.id != loop.id:
                if candidate.lower is None or candidate.upper is None or candidate.step != 1 or \
                        ("loop", loop.id) not in access.ctx:
                    return None
                # j within [0, W): the row i*W .. i*W + W - 1 is all the iteration writes (`j = 1 .. N - 1`
                # of a stencil's interior too, `j = i + 1 .. N` of a triangle). Whole rows are gathered: the
                # elements of a row it does not write are the same on every rank (replicated inputs,
                # earlier loops made whole).
                beyond = candidate.upper - Affine.var(width)
                if self.nonnegative(candidate.lower, access, inner) and beyond.is_constant() \
                        and beyond.constant <= 0:
                    return width, j
        return None

    def slab_shape(self, access, fn: Function, row_var: str, inner: dict[int, Loop] | None = None
                   ) -> tuple[str, str] | None:
        """("1", j) for a[i][j] (or a[i][..][..]) of a true array of as many dimensions, declared or a C99
        array parameter (`double a[n][m]`, `double a[][M]`): its row a[i] is `sizeof(a[0])` contiguous
        bytes, gathered whole (j: the second subscript when it is a bare variable, for `gather_cost`).
        Not for pointer tables (`double **a`: rows anywhere) nor containers."""
        var = variable(self.report.program, fn, access.name)
        if var is None or not var.is_array or var.is_pointer or var.pointer_depth or var.is_reference or \
                len(var.dims) != len(access.subscripts) or "<" in var.type_text or \
                access.subscripts[0] != Affine.var(row_var) or not _declared_once(fn, access.name):
            return None
        inner = inner if inner is not None else {lp.id: lp for lp in fn.loops}
        if not all(self.within(subscript, dim, access, inner)
                   for subscript, dim in zip(access.subscripts[1:], var.dims[1:], strict=True)):
            return None  # `a[i][j - 1]` at j = 0 is the row above (an idiom, though C leaves it undefined)
        second = access.subscripts[1]
        symbols = second.symbols() if second is not None else frozenset()
        column = next(iter(symbols)) if len(symbols) == 1 and second == Affine.var(next(iter(symbols))) else ""
        return "1", column

    def within(self, subscript: Affine | None, dim: str, access, inner: dict[int, Loop]) -> bool:
        """Whether `subscript` stays in [0, dim) wherever `access` runs: a constant, or an enclosing loop's
        index plus a constant, over a range that fits (dim a number or a name, `n + 0` too)."""
        named = re.fullmatch(r"\s*(\w+)(?:\s*\+\s*0)?\s*", dim)
        if subscript is None or named is None:
            return False
        extent = Affine.const(int(named.group(1))) if named.group(1).isdigit() else Affine.var(named.group(1))
        if subscript.is_constant():
            return subscript.constant >= 0 and (not extent.is_constant() or subscript.constant < extent.constant)
        symbols = subscript.symbols()
        index = next(iter(symbols)) if len(symbols) == 1 else None
        if index is None or subscript.coefficient(index) != 1:
            return False
        offset = Affine.const(subscript.constant)
        enclosing = _enclosing(access, inner)
        over = enclosing.get(index)
        if over is None or over.lower is None or over.upper is None or over.step != 1:
            return False
        beyond = over.upper + offset - extent
        for _ in range(3):
            # a triangle, `j <= i` with `i < n`: an enclosing index with a positive coefficient is at most its
            # own upper bound - 1, which bounds `beyond` from above
            if beyond is None or beyond.is_constant():
                break
            for name in sorted(beyond.symbols()):
                bound = enclosing.get(name)
                terms = [(m, c) for m, c in beyond.as_dict().items() if name in m]
                if bound is not None and bound.step == 1 and bound.upper is not None and \
                        name not in bound.upper.symbols() and len(terms) == 1 and terms[0][0] == (name,) and \
                        terms[0][1] > 0:
                    beyond = beyond.substitute(name, bound.upper - Affine.const(1))
                    break
            else:
                break
        return self.nonnegative(over.lower + offset, access, inner) and beyond is not None and \
            beyond.is_constant() and beyond.constant <= 0

    @staticmethod
    def nonnegative(value: Affine, access, inner: dict[int, Loop]) -> bool:
        """Whether `value` is >= 0 wherever `access` runs: a constant >= 0 plus nonnegative multiples of
        the indices of enclosing ascending loops that start at such a value themselves."""
        if value.constant < 0:
            return False
        enclosing = _enclosing(access, inner)
        for monomial, coefficient in value.as_dict().items():
            if not monomial:
                continue
            if len(monomial) != 1 or coefficient < 0 or monomial[0] not in enclosing:
                return False
            index = enclosing[monomial[0]]
            if index.lower is None or not index.step or index.step < 0 or index.lower.symbols() or \
                    index.lower.constant < 0:
                return False
        return True


def generate_mpi_function(report: FileReport, function: str, *, result: str = "rank0",
                          cost_model: bool = True) -> FunctionProgram:
    """The MPI version of `function` in an analyzed file, under the function-mode contract (module
    docstring). Raises `TransformationError` when the function is missing or none of its loops can be
    distributed (the reasons listed). `cost_model` False distributes loops that `gather_cost` finds too
    cheap for their gathers (`--allow-slower`)."""
    if result not in ("rank0", "all"):
        raise TransformationError(f"--result must be rank0 or all, got {result!r}")
    if report.parse_errors:
        raise TransformationError(report.unreadable())
    from .backends import function_loop_ids

    function_loop_ids(report, function)  # (raises when the file does not define it, or defines it twice)
    planner = _Planner(report, cost_model)
    sequential: list[tuple[Loop, str]] = []
    chosen = choose_outermost(report, planner.plan, sequential, lastprivate_ok=True, only=function)
    plans = chosen.get(function, [])
    if not plans:
        reasons = "; ".join(f"line {lp.line}: {why}" for lp, why in sequential[:6]) or "no loops"
        raise TransformationError(f"no loop of `{function}` can be distributed with MPI ({reasons})")
    if result == "rank0":
        for plan in plans:
            plan.root_only = _unread_after(report, report.program.functions[function], plan)
    source = report.program.source
    edits = [Edit(0, 0, RUNTIME + (STEPPED_RUNTIME if any(plan.stepped for plan in plans) else ""))]
    fn = report.program.functions[function]
    for plan in plans:
        if plan.stepped is not None:
            edits += _stepped_edits(plan, source)
            continue
        edits += _loop_edits(planner, plan, source)
        # each rank's block runs as plain code: the same locality and vectorization rewrites as OpenMP's
        plan.dots = dot_products(report, fn, plan.loop) if plan.swapped is None else []
        edits += [dot_product_edit(source, *dot) for dot in plan.dots]
        if not plan.loop.children and plan.swapped is None:
            # every rank stores the allgathered arrays whole over the loop's range: a select stores no more
            gathered = frozenset(base for base, *_ in plan.arrays if base not in plan.root_only)
            edits += if_conversion_edits(report, fn, plan.loop.node, stored=gathered)
    cxx = report.language == "cpp"
    return FunctionProgram(apply_edits(source, edits), report.language, "mpicxx" if cxx else "mpicc", ["-lm"],
                           plans, sequential)


def _unread_after(report: FileReport, fn: Function, plan: FunctionLoop) -> set[str]:
    """The arrays of `plan` that only rank 0 needs under `--result rank0`: the function touches no array,
    pointer or container after the loop and calls nothing there, so the other ranks' copies are never read
    again (and a copy that might alias one of them is not read either). Only parameters and automatic
    locals (a global or static array is read again by the next call), and not for a loop that runs again:
    inside another loop, in a function with a `goto` or one that calls itself."""
    end = plan.anchor.last_order
    if plan.anchor.parent is not None or any(call.order > end or call.name == fn.name for call in fn.calls) or \
            any(jump.kind == "goto" for jump in fn.jumps):
        return set()  # run again (inside a loop, through a goto, by recursion), or read by a call
    for acc in fn.accesses:
        if acc.order <= end:
            continue
        var = variable(report.program, fn, acc.name)
        if acc.subscripts is not None or var is None or var.is_pointer or var.is_array or var.is_reference or \
                "<" in var.type_text:
            return set()
    # Only an output is left to rank 0. An array with static storage outlives the call, and one the function
    # reads as an input (an update in place, a read before the loop, a call given it) is read again by the
    # caller's next call on every rank (a review: `step(x)` called twice went wrong on rank 0). An output: no
    # call is given it, every access of it is in this loop, and each read follows a store of the same element
    # that the iteration always makes (`out[i] = 0; for j: out[i] += ...`).
    body = plan.loop.node.child_by_field_name("body")
    loops = {lp.id: lp for lp in fn.loops}
    # (per column of a gathered row, where the loops over it start: they span the row)
    spans = {column: frozenset(lp.node.start_byte for lp in fn.loops if column and lp.var == column)
             for column in ("", *plan.columns)}

    def text(node) -> str:
        return report.program.source[node.start_byte:node.end_byte].decode()

    def same_span(store, read) -> bool:
        """The read is in the store's loops, or in loops over the same column with the same bounds (`for j:
        C[i*n + j] = 0;` then `for k: for j: C[i*n + j] += ...`)."""
        if read.ctx[:len(store.ctx)] == store.ctx:
            return True
        if not store.ctx or store.ctx[-1][0] != "loop" or not any(kind == "loop" for kind, _ in read.ctx):
            return False
        mine = loops.get(store.ctx[-1][1])
        theirs = loops.get(next(ident for kind, ident in reversed(read.ctx) if kind == "loop"))
        return mine is not None and theirs is not None and mine.var in plan.columns and \
            mine.var == theirs.var and mine.lower is not None and mine.upper is not None and \
            mine.lower == theirs.lower and mine.upper == theirs.upper and mine.step == theirs.step

    def output_only(name: str) -> bool:
        if any(re.search(rf"(?<![\w.]){re.escape(name)}\b", arg) for call in fn.calls for arg in call.arg_texts) or \
                any(call.method_of == name and call.name.rsplit(".", 1)[-1] not in ("size", "resize", "empty")
                    for call in fn.calls):
            return False
        # (a method call's use of the container, `out.resize(n)`, is an access of the name alone: see above)
        sizing = {call.line for call in fn.calls if call.method_of == name}
        accesses = [acc for acc in fn.accesses if acc.name == name and not (
            not acc.subscripts and not acc.is_write and acc.line in sizing)]
        if any(not _in_loop(acc, plan.loop) or acc.subscripts is None for acc in accesses):
            return False
        for read in (acc for acc in accesses if acc.is_read):
            element = _SPACE.sub("", f"{name}[{']['.join(read.texts)}]")
            if not any(store.is_write and not store.is_read and store.order < read.order and
                       store.texts == read.texts and same_span(store, read) and
                       all(kind == "loop" for kind, _ in store.ctx) and body is not None and
                       any(_stored_on_every_path(body, element, text, starts) for starts in spans.values())
                       for store in accesses):
                return False
        return True

    return {name for name, *_ in plan.arrays if output_only(name) and (
        fn.param(name) is not None and name not in fn.locals
        or (name in fn.locals and not fn.locals[name].is_static and name not in fn.static_locals))}


_SPACE = re.compile(r"\s+")


def _stored_on_every_path(node, target: str, text, spans: frozenset[int] = frozenset()) -> bool:
    """Every way through the statement `node` stores to `target` (an element's text without spaces): a store
    statement, a block with such a statement before any jump, an `if` with an `else` whose branches both do,
    a loop over a row's columns (`spans`: where those loops start) whose body does (it spans the row; another
    loop may run no iteration)."""
    kind = node.type
    if kind == "expression_statement":
        expression = node.named_children[0] if node.named_child_count == 1 else None
        return expression is not None and expression.type == "assignment_expression" and \
            _SPACE.sub("", text(expression.child_by_field_name("left"))) == target
    if kind == "compound_statement":
        for child in node.named_children:
            if _stored_on_every_path(child, target, text, spans):
                return True
            if _may_leave(child):
                return False
        return False
    if kind == "if_statement":
        other = node.child_by_field_name("alternative")
        if other is not None and other.type == "else_clause":
            other = other.named_children[-1] if other.named_child_count else None
        then = node.child_by_field_name("consequence")
        return other is not None and then is not None and _stored_on_every_path(then, target, text, spans) and \
            _stored_on_every_path(other, target, text, spans)
    if kind == "for_statement" and node.start_byte in spans:
        body = node.child_by_field_name("body")
        return body is not None and _stored_on_every_path(body, target, text, spans)
    return False


def _may_leave(node, in_loop: bool = False, in_switch: bool = False) -> bool:
    """The statement `node` may jump past what follows it: a `return`, a `goto` or a label (a `goto` may come
    to it), a `break`/`continue` that no loop (or `switch`, for `break`) inside it takes, an exception."""
    kind = node.type
    if kind in ("return_statement", "goto_statement", "labeled_statement", "throw_statement"):
        return True
    if kind == "continue_statement":
        return not in_loop
    if kind == "break_statement":
        return not (in_loop or in_switch)
    loop = in_loop or kind in ("for_statement", "while_statement", "do_statement", "for_range_loop")
    switch = in_switch or kind == "switch_statement"
    return any(_may_leave(child, loop, switch) for child in node.named_children)


def _loop_edits(planner: _Planner, plan: FunctionLoop, source: bytes) -> list[Edit]:
    loop, node = plan.loop, plan.anchor.node  # the nest's outermost loop: prologue before, collectives after
    indent = line_indent(source, node.start_byte)
    prologue = [
        "{",
        "    int s2p_rank, s2p_size;",
        "    MPI_Comm_rank(MPI_COMM_WORLD, &s2p_rank);",
        "    MPI_Comm_size(MPI_COMM_WORLD, &s2p_size);",
    ]
    # the bounds once, before the loop: the gathers and the index's exit value after it use these (a bound
    # the loop changes, or `i` itself, would be read again with each rank's own value)
    prologue.append(f"    long long s2p_lo = (long long)({plan.lower}), s2p_hi = (long long)({plan.upper});")
    if plan.schedule == "block":
        prologue += [
            "    long long s2p_first, s2p_last;",
            "    s2p_fn_block(s2p_lo, s2p_hi, s2p_rank, s2p_size, &s2p_first, &s2p_last);"]
    for name, identity in plan.identities:
        prologue.append(f"    if (s2p_rank != 0) {name} = {identity};")
    cxx = planner.report.language == "cpp"
    if plan.minloc is not None:
        for name in plan.minloc[:2]:
            prologue.append(f"    {'auto' if cxx else f'__typeof__({name})'} s2p_start_{name} = {name};")
    for name, _, _, count in plan.array_reductions:
        prologue.append(f"    if (s2p_rank != 0) for (size_t s2p_k = 0; s2p_k < {count}; s2p_k++) {name}[s2p_k] = 0;")
    prologue += [f"    int s2p_set_{name} = 0;  /* whether this rank's block assigned {name} */"
                 for name in plan.lastprivate]
    epilogue = []
    for name in plan.lastprivate:
        epilogue += [f"    {{ int s2p_owner = s2p_set_{name} ? s2p_rank : -1;",
                     "      MPI_Allreduce(MPI_IN_PLACE, &s2p_owner, 1, MPI_INT, MPI_MAX, MPI_COMM_WORLD);",
                     f"      if (s2p_owner >= 0) MPI_Bcast(&{name}, (int)sizeof({name}), MPI_BYTE, s2p_owner, "
                     "MPI_COMM_WORLD); }"]
    for name, mpi, op in plan.scalars:
        # a copy is reduced: the accumulator itself is never address-taken, so the loop keeps it in a register
        epilogue += [f"    {{ auto s2p_value = {name};" if planner.report.language == "cpp"
                     else f"    {{ __typeof__({name}) s2p_value = {name};",
                     f"      MPI_Allreduce(MPI_IN_PLACE, &s2p_value, 1, {mpi}, {op}, MPI_COMM_WORLD);",
                     f"      {name} = s2p_value; }}"]
    if plan.minloc is not None:
        # Every rank ran its block from the same start value: a block's result is the start pair or a pair
        # with a strictly better value. Taken in block (= iteration) order with the loop's own strict test,
        # the blocks' results give the sequential loop's result, the first of equal values included.
        value, index, better = plan.minloc
        typeof = "decltype" if cxx else "__typeof__"
        epilogue += [f"    {{ struct s2p_pair {{ {typeof}({value}) value; {typeof}({index}) index; }};",
                     f"      struct s2p_pair s2p_mine = {{ {value}, {index} }};",
                     "      struct s2p_pair *s2p_all = (struct s2p_pair *)malloc(sizeof s2p_mine * (size_t)s2p_size);",
                     "      MPI_Allgather(&s2p_mine, (int)sizeof s2p_mine, MPI_BYTE, s2p_all, (int)sizeof s2p_mine, "
                     "MPI_BYTE, MPI_COMM_WORLD);",
                     f"      {value} = s2p_start_{value}; {index} = s2p_start_{index};",
                     "      for (int s2p_r = 0; s2p_r < s2p_size; s2p_r++)",
                     f"        if (s2p_all[s2p_r].value {better} {value}) {{ {value} = s2p_all[s2p_r].value; "
                     f"{index} = s2p_all[s2p_r].index; }}",
                     "      free(s2p_all); }"]
    # (guarded: `&v[0]` of an empty std::vector is an error under _GLIBCXX_ASSERTIONS, and nothing was written)
    for name, mpi, op, count in plan.array_reductions:
        epilogue.append(f"    if ((long long)({count}) > 0) MPI_Allreduce(MPI_IN_PLACE, &{name}[0], (int)({count}), "
                        f"{mpi}, {op}, MPI_COMM_WORLD);")
    for name, width, element in plan.arrays:
        gather = "s2p_fn_gather_root" if name in plan.root_only else "s2p_fn_allgather"
        epilogue.append(f"    if (s2p_hi > s2p_lo && (long long)({width}) > 0) "
                        f"{gather}(&{element}, sizeof({element}), s2p_lo, s2p_hi, (long long)({width}));")
    edits = [edit for name in plan.lastprivate for edit in _flag_stores(loop.node, name)]
    head = "\n".join(prologue).replace("\n", "\n" + indent) + "\n" + indent
    if loop.kind == "range":
        right = node.child_by_field_name("right")
        declaration = source[node.children[1].end_byte:right.start_byte].decode().rstrip().removesuffix(":").strip()
        body = node.child_by_field_name("body")
        open_paren = node.children[1]
        close_paren = next(c for c in node.children if c.type == ")")
        edits.append(Edit(node.start_byte, node.start_byte, head))
        container = loop.range_container
        if plan.schedule == "cyclic":
            header = (f"(long long s2p_i = s2p_rank; s2p_i < (long long){container}.size(); "
                      "s2p_i += s2p_size)")
            element = f"{declaration} = {container}[s2p_i];"
        else:
            # the container's own iterators, as the range-for had them: an index costs a bit computation per
            # element of a std::vector<bool> (ParEval's xor reduction ran 2x slower at 1 rank)
            header = (f"(auto s2p_it = {container}.begin() + s2p_first, s2p_end = {container}.begin() + "
                      "s2p_last; s2p_it != s2p_end; ++s2p_it)")
            element = f"{declaration} = *s2p_it;"
        edits.append(Edit(open_paren.start_byte, close_paren.end_byte, header))
        if body.type == "compound_statement":
            edits.append(Edit(body.start_byte + 1, body.start_byte + 1, f" {element}"))
        else:
            edits.append(Edit(body.start_byte, body.start_byte, f"{{ {element} "))
            edits.append(Edit(body.end_byte, body.end_byte, " }", seq=1))
    else:
        value = _start_value(loop)
        condition = loop.node.child_by_field_name("condition")
        if not loop.index_declared:
            # the index outlives the loop: the value the sequential loop leaves, on every rank
            epilogue.append(f"    {loop.var} = s2p_lo < s2p_hi ? s2p_hi : s2p_lo;  /* the value the sequential loop "
                            "leaves */")
        edits.append(Edit(node.start_byte, node.start_byte, head))
        if plan.schedule == "cyclic":
            update = node.child_by_field_name("update")
            edits.append(Edit(value.start_byte, value.end_byte, "s2p_lo + s2p_rank"))
            edits.append(Edit(update.start_byte, update.end_byte, f"{loop.var} += s2p_size"))
        elif plan.swapped is not None:
            # the two headers change places, the inner one (now outside) with this rank's bounds
            (o_start, o_end), (i_start, i_end) = header_span(plan.swapped), header_span(loop)
            header = source[i_start:i_end]
            header = (header[:condition.start_byte - i_start] + f"(long long)({loop.var}) < s2p_last".encode()
                      + header[condition.end_byte - i_start:])
            header = header[:value.start_byte - i_start] + b"s2p_first" + header[value.end_byte - i_start:]
            edits.append(Edit(o_start, o_end, header.decode()))
            edits.append(Edit(i_start, i_end, source[o_start:o_end].decode()))
        else:
            edits.append(Edit(value.start_byte, value.end_byte, "s2p_first"))
            edits.append(Edit(condition.start_byte, condition.end_byte, f"(long long)({loop.var}) < s2p_last"))
    tail = "\n" + indent + "\n".join([*epilogue, "}"]).replace("\n", "\n" + indent)
    edits.append(Edit(node.end_byte, node.end_byte, tail, seq=2))
    return edits


def _stepped_edits(plan: FunctionLoop, source: bytes) -> list[Edit]:
    """The outer loop as it was, on every rank; at the top of each step, row i of each array the row loop
    reads it from goes from its rank to every rank; the row loop runs this rank's rows (j % size == rank);
    after the outer loop, the rows go to rank 0 (or to every rank)."""
    loop, outer = plan.loop, plan.stepped
    assert outer is not None
    indent = line_indent(source, outer.node.start_byte)
    inner_indent = line_indent(source, loop.node.start_byte)
    head = "\n".join(["{",
                      "    int s2p_rank, s2p_size;",
                      "    MPI_Comm_rank(MPI_COMM_WORLD, &s2p_rank);",
                      "    MPI_Comm_size(MPI_COMM_WORLD, &s2p_size);",
                      "    long long s2p_from = -1;  /* the first row the loop over rows runs */"]
                     ).replace("\n", "\n" + indent) + "\n" + indent
    widths = {name: width for name, width, _ in plan.arrays}
    step = outer.var
    def row(name: str) -> tuple[str, str]:  # (row `step` of `name`, its bytes)
        if widths[name] == "1":
            return f"{name}[{step}]", f"sizeof({name}[0])"
        return f"{name}[(size_t)({step}) * (size_t)({widths[name]})]", f"sizeof({name}[0]) * (size_t)({widths[name]})"

    sends = [f"if ((long long)({plan.lower}) < (long long)({plan.upper})) MPI_Bcast(&{row(name)[0]}, "
             f"(int)({row(name)[1]}), MPI_BYTE, (int)((long long)({step}) % s2p_size), MPI_COMM_WORLD);"
             for name in plan.pivots]
    value = _start_value(loop)
    update = loop.node.child_by_field_name("update")
    edits = [Edit(outer.node.start_byte, outer.node.start_byte, head),
             Edit(value.start_byte, value.end_byte,
                  f"s2p_fn_cyclic_first((long long)({plan.lower}), s2p_rank, s2p_size)"),
             Edit(update.start_byte, update.end_byte, f"{loop.var} += s2p_size")]
    braced = outer.node.child_by_field_name("body").type == "compound_statement"
    lines = [f"if (s2p_from < 0 || (long long)({plan.lower}) < s2p_from) s2p_from = (long long)({plan.lower});"]
    if sends:
        lines += [f"/* seq2par: row {step} from its rank */", *sends]
    edits.append(Edit(loop.node.start_byte, loop.node.start_byte,
                      ("" if braced else "{ ") + f"\n{inner_indent}".join(lines) + f"\n{inner_indent}"))
    if not braced:
        edits.append(Edit(loop.node.end_byte, loop.node.end_byte, " }", seq=1))
    # the rows the nest wrote: from the row loop's first row at the first step (rows before it may be memory
    # the caller uses otherwise) to its end; none when the outer loop did not run
    gathers = [f"    if (s2p_from >= 0 && (long long)({width}) > 0) s2p_fn_gather_cyclic(&{name}[0], "
               f"sizeof({name}[0]), s2p_from, (long long)({plan.upper}), (long long)({width}), "
               f"{0 if name in plan.root_only else 1});"
               for name, width, _ in plan.arrays]
    tail = "\n" + indent + "\n".join([*gathers, "}"]).replace("\n", "\n" + indent)
    edits.append(Edit(outer.node.end_byte, outer.node.end_byte, tail, seq=2))
    return edits


def _flag_stores(node, name: str) -> list[Edit]:
    """Each store to the scalar `name` in the loop (`stores_to`) also sets this rank's flag `s2p_set_NAME`:
    `(s2p_set_NAME = 1, name = ...)` has the store's value and type."""
    return [edit for store in stores_to(node, name)
            for edit in (Edit(store.start_byte, store.start_byte, f"(s2p_set_{name} = 1, "),
                         Edit(store.end_byte, store.end_byte, ")", seq=1))]
