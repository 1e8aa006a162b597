"""MPI backend: SPMD program from the loop analysis. Mark → optimize → lower.

1. **Mark**: choose the outermost legal loops that can be distributed (block over ranks, or cyclic when
   they write no arrays and their iterations vary in cost) and describe, per array, how the loop writes
   and reads it in terms of rows of the loop index (`generators/layout.py`). A loop writing storage that
   other names may reach than those the placement follows (`escapes.py`) stays sequential.
2. **Optimize (data placement)**: walk each function's statements in order with an abstract state per
   array — replicated on every rank, or distributed as the rows of some loop. A distributed array stays
   distributed while following loops with the same distribution read it row-aligned (owner computes);
   reads of neighbouring rows (`u[i±k]`) become a halo exchange; anything else (sequential code, a
   differently distributed loop, a function call, the function's exit) gathers it first. Sequential
   loops around distributed ones (time loops) are iterated to a fixed point, so the steady state needs
   only the halo exchange per step. Pointer swaps move the state with the pointer.
3. **Lower**: render the runtime (jinja2 template), rewrite loop bounds, add reductions
   (MPI_Allreduce, MPI_MINLOC/MAXLOC), gathers (MPI_Allgatherv) and halo exchanges (MPI_Sendrecv).
Everything else runs redundantly on every rank, which is always correct; rank 0 alone writes stdout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

from seq2par.analyzers.affine import Affine
from seq2par.analyzers.analyze import FileReport
from seq2par.analyzers.dependence import (
    LoopAnalysis,
    ProgramAnalysis,
    Reduction,
    elements_stored_before_read,
    runs_whole_range,
)
from seq2par.analyzers.ir import Function, Loop, Program, _strip_parens
from seq2par.generators.edits import Edit, TransformationError, apply_edits, line_indent
from seq2par.generators.interchange import (
    block_bounds_edits,
    block_header,
    header_parts,
    header_span,
    interchange_edit,
    interchanges,
    outer_swap,
    swap_headers_edits,
    swap_simd_directive,
    swapped_lanes,
    transposed_sums,
)
from seq2par.generators.layout import (
    RowMap,
    affine_to_c,
    aggregate_type,
    allocated_count,
    element_type,
    mpi_type,
    row_access,
    variable,
)
from seq2par.generators.mpi.escapes import EscapeAnalysis, plain_aliases
from seq2par.generators.mpi.shared import SharedArray, free_edits, shareable_arrays
from seq2par.generators.openmp.generate import directive_edits, extremum_declarations, simd_directive
from seq2par.generators.plan import (
    address_into,
    body_top_edits,
    choose_outermost,
    column_nest,
    derived_pointers,
    exit_value,
    header_reason,
    inner_exit,
    inside,
    jumps_in,
    mixed_sign_bound,
    pivot_column_nest,
    pointers_into,
    range_texts,
    real_bound,
    scratch_shadows,
    step_reason,
    substituted_reason,
    uneven,
)
from seq2par.generators.scalar_replacement import accumulator_edits, accumulators, held_across_swap, reads_across_swap
from seq2par.generators.statements import (
    body_statements,
    code_text,
    directive_start,
    freed_name,
    pointer_copy,
    pragma_before,
    swap_statement,
)

MPI_OPS = {"+": "MPI_SUM", "*": "MPI_PROD", "min": "MPI_MIN", "max": "MPI_MAX", "&": "MPI_BAND",
           "|": "MPI_BOR", "^": "MPI_BXOR", "&&": "MPI_LAND", "||": "MPI_LOR"}
IDENTITY = {"+": "0", "*": "1", "^": "0"}  # ops that are not idempotent: other ranks start from these
# MPI 3.1, section 5.9.2: the basic datatypes each predefined operation is defined for, among those
# `layout.C_TO_MPI` gives C types. MPI_CHAR is a character type and takes none of them (MPICH sums it, Open MPI
# refuses it); MPI_C_BOOL and MPI_CXX_BOOL are logical types and take only MPI_LAND, MPI_LOR and MPI_LXOR.
_C_INTEGER = frozenset({"MPI_INT", "MPI_LONG", "MPI_SHORT", "MPI_UNSIGNED_SHORT", "MPI_UNSIGNED", "MPI_UNSIGNED_LONG",
                        "MPI_LONG_LONG", "MPI_UNSIGNED_LONG_LONG", "MPI_SIGNED_CHAR", "MPI_UNSIGNED_CHAR",
                        "MPI_INT8_T", "MPI_INT16_T", "MPI_INT32_T", "MPI_INT64_T", "MPI_UINT8_T", "MPI_UINT16_T",
                        "MPI_UINT32_T", "MPI_UINT64_T"})
_FLOATING = frozenset({"MPI_FLOAT", "MPI_DOUBLE", "MPI_LONG_DOUBLE"})
_LOGICAL = frozenset({"MPI_C_BOOL", "MPI_CXX_BOOL"})
DEFINED_FOR = {"MPI_SUM": _C_INTEGER | _FLOATING, "MPI_PROD": _C_INTEGER | _FLOATING, "MPI_MIN": _C_INTEGER | _FLOATING,
               "MPI_MAX": _C_INTEGER | _FLOATING, "MPI_LAND": _C_INTEGER | _LOGICAL, "MPI_LOR": _C_INTEGER | _LOGICAL,
               "MPI_LXOR": _C_INTEGER | _LOGICAL, "MPI_BAND": _C_INTEGER, "MPI_BOR": _C_INTEGER, "MPI_BXOR": _C_INTEGER}
# what a C operator computes on bool values (0 and 1), as a logical operation
_BOOL_OPS = {"|": "MPI_LOR", "||": "MPI_LOR", "max": "MPI_LOR", "&": "MPI_LAND", "&&": "MPI_LAND", "min": "MPI_LAND",
             "^": "MPI_LXOR"}
# a plain `char` is signed or unsigned as the compiler chooses: reduced as the integer type it is
PLAIN_CHAR = "(((char)-1) < 0 ? MPI_SIGNED_CHAR : MPI_UNSIGNED_CHAR)"
PAIR_TYPES = {"double": ("MPI_DOUBLE_INT", "double"), "float": ("MPI_FLOAT_INT", "float"),
              "int": ("MPI_2INT", "int"), "long": ("MPI_LONG_INT", "long")}
_IDENT = re.compile(rb"[A-Za-z_]\w*")
MIN_NESTED_LIGHT_TRIP = 50_000  # a loop without inner loops inside a sequential one: worth its communication


# What reads standard input, which reaches rank 0 only (s2p_share_stdin gives every rank a copy): stdio,
# its _unlocked forms, C++ streams, and read() on descriptor 0.
_STDIN_READS = re.compile(rb"\b(?:v?f?scanf|getchar(?:_unlocked)?|f?getc(?:_unlocked)?|f?gets(?:_unlocked)?|"
                          rb"fread(?:_unlocked)?|getline|getdelim|cin|stdin|STDIN_FILENO)\b|\bread\s*\(\s*0\s*,")
# Random numbers seeded from something each process sees differently: every rank would draw its own.
_PER_PROCESS_SEEDS = re.compile(rb"\brandom_device\b|\b(?:srand(?:om|48)?|seed)\s*\([^;]*"
                                rb"\b(?:time|clock|getpid|gettimeofday|clock_gettime|rdtsc)\b")
# Calls that change the file system, made by rank 0 alone (runtime.c.j2), as it alone writes files; `system`
# too: the command may write files (`seq 1 9 > nums.txt`) that every rank then reads, and the broadcast of its
# result keeps the other ranks waiting until rank 0's command is done.
_FILE_SYSTEM_CALLS = ({"name": "rename", "params": "from, to"}, {"name": "remove", "params": "path"},
                      {"name": "unlink", "params": "path"}, {"name": "mkdir", "params": "path, mode"},
                      {"name": "rmdir", "params": "path"}, {"name": "system", "params": "command"})


# Ways to write or change files that the runtime does not route through rank 0 (every rank would make the
# change): POSIX open/creat for writing, popen, wide or explicit basic_ streams, std::filesystem's changes.
_UNWRAPPED_WRITES = re.compile(
    rb"(?<![.>\w])(?:open|open64|openat)\s*\((?![^;()]*\bO_RDONLY\s*\))[^;]*\)|\bcreat\s*\(|\bpopen\s*\("
    rb"|\b(?:wofstream|wfstream|basic_ofstream|basic_fstream)\b"
    rb"|\b(?:filesystem|fs)\s*::\s*(?:remove|remove_all|rename|create_directory|create_directories|create_symlink|"
    rb"create_directory_symlink|create_hard_link|copy|copy_file|copy_symlink|resize_file|permissions|"
    rb"last_write_time)\s*\(")


# Opening files where the runtime's `fopen`/`freopen` macros (function-like: they need the name right before
# its `(`) do not reach, through `fopen64`/`freopen64` (not wrapped), or through a stream buffer it does not
# wrap: every rank would open and write the file.
# Read in the code alone (`perror("fopen")` is no use of it).
_UNWRAPPED_OPENS = re.compile(
    rb"\(\s*(?:std\s*::\s*)?f(?:re)?open(?:64)?\s*\)|(?<![\w.>])f(?:re)?open\b(?!\s*\()|\bf(?:re)?open64\b"
    rb"|\b(?:basic_filebuf|w?filebuf)\b")


_DECLARATION_WORDS = frozenset({b"return", b"else", b"case", b"do", b"sizeof"})  # may precede a call


def _arguments(source: bytes, open_paren: int) -> int | None:
    """How many arguments the call whose `(` is at `open_paren` has (top-level commas + 1), or None when the
    parentheses do not close."""
    depth, count, empty = 0, 1, True
    for position in range(open_paren, len(source)):
        char = source[position:position + 1]
        if char in b"([{":
            depth += 1
        elif char in b")]}":
            depth -= 1
            if depth == 0:
                return 0 if empty else count
        elif char == b"," and depth == 1:
            count += 1
        elif not char.isspace() and depth >= 1:
            empty = False
    return None


def _calls_through_macro(source: bytes, name: str, cpp: bool, arity: int) -> bool:
    """Whether `source` calls `name` and every `name(` there can go through the runtime's function-like macro
    of that name (which takes `arity` arguments). In C every one can. In C++ only a plain, `std::` or `::`
    call with that many arguments: `std::remove(v.begin(), v.end(), 0)` (the algorithm), `fs::remove(p)`,
    `log.rename(a)` or a declaration `void rename(...)` would be rewritten into code that does not compile
    or means something else, so the runtime then leaves them all alone (every rank makes the call)."""
    calls = list(re.finditer(rb"\b" + name.encode() + rb"\s*\(", source))
    if not calls or not cpp:
        return bool(calls)
    for call in calls:
        if _arguments(source, call.end() - 1) != arity:
            return False
        before = source[max(0, call.start() - 80):call.start()].rstrip()
        if before.endswith((b".", b"->")):
            return False
        if before.endswith(b"::"):
            before = before[:-2].rstrip()
            qualifier = re.search(rb"[A-Za-z_]\w*$", before)
            if qualifier is not None and qualifier.group() != b"std":
                return False
            continue
        word = re.search(rb"[A-Za-z_]\w*$", before)
        if word is not None and word.group() not in _DECLARATION_WORDS or before.endswith((b"*", b"&", b">")):
            return False  # `int rename(...)`, `FILE *fopen(...)`: a declaration
    return True


@lru_cache(maxsize=1)
def _templates():
    import jinja2

    return jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
                              keep_trailing_newline=True, trim_blocks=True, lstrip_blocks=True)


def reduction_operands(ctype: str, op: str, cpp: bool) -> tuple[str, str] | str:
    """The (datatype, operation) that MPI_Allreduce combines `ctype` values updated with the C operator `op`
    (`+`, `min`, `&&`, ...) by, as the MPI standard defines them (MPI 3.1, section 5.9.2: `DEFINED_FOR`); the
    reason (str) when no predefined pair computes it. A plain `char` is reduced as the signed or unsigned char it
    is (MPI_CHAR takes no reduction), a `bool` with the logical operation that gives the same 0 or 1, as
    MPI_CXX_BOOL in C++."""
    datatype = mpi_type(ctype)
    if datatype is None:
        return f"`{ctype}` has no MPI datatype"
    if datatype in _LOGICAL:
        datatype = "MPI_CXX_BOOL" if cpp else "MPI_C_BOOL"
        operation = _BOOL_OPS.get(op)
        if operation is None:
            return f"MPI has no reduction computing `{op}` on a bool"
        return datatype, operation
    operation = MPI_OPS.get(op)
    if operation is None:
        return f"MPI has no reduction for `{op}`"
    if datatype == "MPI_CHAR":
        return (PLAIN_CHAR, operation) if operation in DEFINED_FOR and "MPI_SIGNED_CHAR" in DEFINED_FOR[operation] \
            else f"MPI defines no {operation} on a char"
    if datatype not in DEFINED_FOR.get(operation, ()):
        return f"MPI defines no {operation} on {datatype} (`{ctype}`; MPI 3.1, section 5.9.2)"
    return datatype, operation


@dataclass(frozen=True)
class Dist:
    """An array whose rows [block of lo..hi) are valid only on their owner rank."""

    lo: str
    hi: str
    rowmap: RowMap
    ctype: str
    balance: int = 0  # how the blocks were split: 0 even, 1/-1 balanced for growing/shrinking rows (triangles)
    span: tuple[Affine, Affine] | None = field(default=None, compare=False)  # [lo, hi) as values, when known
    # Distributed by columns instead: [lo, hi) are columns, valid on their owner in every row of `span`
    # (first row's address, row count, row length, first row, end row), as a column pass left them
    columns: tuple[str, str, str, str, str] | None = None

    @property
    def key(self) -> tuple:
        return (self.lo, self.hi, self.rowmap.stride, self.balance)


@dataclass
class ArrayUse:
    rowmap: RowMap | None = None  # how the loop writes it (None: read only)
    ctype: str | None = None
    read_offsets: set[int] = field(default_factory=set)
    unaligned_read: bool = False
    # written only in the column the loop index names (`A[i][j]` over j): (pointer to the first row the loop
    # writes, how many rows, row length), gathered as each rank's block of columns right after the loop
    columns: tuple[str, str, str] | None = None
    covers: bool = False  # the loop stores every element of those rows in its columns and reads none
    pass_rows: tuple[Affine, Affine] | None = None  # a column pass over all rows of this range [first, end)

    @property
    def written(self) -> bool:
        return self.rowmap is not None or self.columns is not None


@dataclass
class DistributedLoop:
    loop: Loop
    analysis: LoopAnalysis
    lo: str
    hi: str
    schedule: str  # "block" or "cyclic"
    arrays: dict[str, ArrayUse]
    scalar_reductions: list[tuple[Reduction, str]]  # (reduction, C type)
    array_reductions: list[tuple[Reduction, str, str, str]]  # (reduction, C type, base pointer, count)
    number: int = 0
    balance: int = 0  # block split: 0 even; 1 (-1): iteration i's inner loops run up to (from) i, equal work per rank
    clip: tuple[str, str] | None = None  # the loop's own bounds when `lo`/`hi` is a wider range shared with
    #                                      neighbouring loops (see MpiGenerator._share_ranges)
    mirrors: list[tuple[object, str, str]] = field(default_factory=list)  # (statement, array, nest text):
    #   `X[j][i] = X[i][j];` moved after the loop as a nest of its own (see MpiGenerator._mirrors)
    around: Loop | None = None  # the loop this inner one is taken out of: `for i for j` runs as `for j-in-block
    #                             for i` (see MpiGenerator._transposed)
    transposed: DistributedLoop | None = None  # this nest distributed over its inner loop instead, for the
    #                                            placement to pick when it gathers less (MpiGenerator._transposed)
    use_transposed: bool = False  # the placement picked `transposed`
    shadows: list[str] = field(default_factory=list)  # declarations at the top of the body (plan.scratch_shadows)

    def describe(self) -> str:
        if self.use_transposed and self.transposed is not None:
            return self.transposed.describe()
        over = self.loop.var if self.loop.kind != "range" else f"the elements of {self.loop.range_container}"
        balanced = {1: " (balanced: rows grow)", -1: " (balanced: rows shrink)"}.get(self.balance, "")
        parts = [f"{self.schedule} over {over}{balanced}"]
        if self.scalar_reductions:
            parts.append("reduction " + ", ".join(
                f"{r.kind if r.kind.endswith('loc') else r.op}:{r.var}" for r, _ in self.scalar_reductions))
        if self.array_reductions:
            parts.append("array reduction " + ", ".join(f"{r.op}:{r.var}[]" for r, *_ in self.array_reductions))
        if self.mirrors:
            parts.append("mirror copies into " + ", ".join(name for _, name, _ in self.mirrors) + " moved after it")
        if self.around is not None:
            parts.append(f"{self.around.var}/{self.loop.var} loops interchanged: each rank runs every "
                         f"{self.around.var} over its rows of {self.loop.var}")
        return "; ".join(parts)


@dataclass
class ColumnPlan:
    """A sequential loop around one parallel loop whose every written array is touched only in the column
    the parallel index names (`for i for j B[i][j] += A[k][i] * B[k][j]`, trmm; symm): the dependences the
    outer loop carries stay within a column, so each rank runs the whole outer loop over its own block of
    columns, with no communication inside, and the columns are gathered once after it."""

    loop: Loop  # the sequential outer loop
    inner: Loop  # the parallel loop whose index names the columns
    lo: str
    hi: str
    columns: list[tuple[str, str, str, str]]  # (array, C element type, rows, row stride) of the written arrays
    number: int = 0
    schedule: str = "columns"
    # a pivot-column nest (plan.pivot_column_nest): the columns dealt round-robin in panels, and these
    # arrays' column `loop.var` sent by its owner at the top of every outer step
    pivots: list[str] | None = None

    def describe(self) -> str:
        gathered = ", ".join(c[0] for c in self.columns)
        if self.pivots is not None:
            sent = f"; column {self.loop.var} of {', '.join(self.pivots)} from its rank at each step" \
                if self.pivots else ""
            return (f"panels of columns over {self.inner.var} (line {self.inner.line}) dealt round-robin, around the "
                    f"sequential {self.loop.var} loop{sent}; gather columns of {gathered} after it")
        return (f"block of columns over {self.inner.var} (line {self.inner.line}) around the sequential "
                f"{self.loop.var} loop; gather columns of {gathered} after it")


@dataclass
class GeneratedProgram:
    source: str
    language: str
    compiler: str  # "mpicc" or "mpicxx"
    link_flags: list[str]
    distributed: list[DistributedLoop]
    sequential: list[tuple[Loop, str]]  # loops left sequential, with the reason
    communication: dict[str, int] = field(default_factory=dict)


class MpiGenerator:
    """Generates an MPI program from a FileReport. `generate()` raises TransformationError."""

    def __init__(self, report: FileReport, *, min_trip_count: int = 64,
                 decisions: dict[int, str] | None = None, only: set[int] | None = None, share: bool = True,
                 lane_sums: bool = True) -> None:
        """`decisions` maps loop ids to "block", "cyclic" or "sequential" (a plan chosen by a suggester);
        a decision is applied only where it is legal (see `options`); loops without one use the defaults.
        `only` restricts distribution to these loop ids (e.g. the loop under an editor's cursor).
        `share=False` keeps every array private to its rank (no node-shared arrays, see `shared.py`).
        `lane_sums=False` keeps the sums into held locals in the original order (see GenerateOptions)."""
        self.share = share
        self.lane_sums = lane_sums
        self.shared: dict[str, SharedArray] = {}
        self.exchanged: set[str] = set()  # arrays the placement gathers or halo-exchanges somewhere
        self.shared_frees = False  # some free() of a shared heap array was rewritten
        self.vector_hints = 0  # S2P_IVDEP lines emitted (see _Placement._vectorization_hints)
        self.simd_loops = 0  # `#pragma omp simd` lines emitted (idem)
        self.balanced = False  # some loop is split into balanced blocks (s2p_balanced_block)
        self.bytes_types = False  # some distributed array has struct elements (s2p_bytes_type)
        self.columns = False  # some ColumnPlan gathers columns (s2p_gather_columns)
        self.pivots = False  # some ColumnPlan deals columns round-robin (s2p_bcast_column, ...)
        self.turns = False  # some array left in columns is made rows (s2p_columns_to_rows)
        self._spellings: dict[str, str] = {}  # type name -> what a `using`/`typedef` of the file spells it
        self.report = report
        self.decisions = dict(decisions or {})
        if only is not None:
            for loop in report.program.all_loops():
                if loop.id not in only:
                    self.decisions[loop.id] = "sequential"
        self.program: Program = report.program
        self.min_trip_count = min_trip_count
        self.pa = report.program_analysis or ProgramAnalysis(self.program)
        # code that runs after main returns or at exit() (an atexit handler, a C++ destructor): it may read
        # any array, so nothing may be left distributed when main returns or the program exits
        self.exit_time_code = _EXIT_TIME_CODE.search(_code_only(self.program.source)) is not None
        self.sequential: list[tuple[Loop, str]] = []
        self.counter = 0

    @cached_property
    def escapes(self) -> EscapeAnalysis:
        """Where arrays escape the names the placement follows (see `escapes.py`), for the whole program."""
        return EscapeAnalysis(self.program)

    # -- mark -----------------------------------------------------------------------------------------
    def choose(self) -> dict[str, list[DistributedLoop]]:
        chosen = choose_outermost(self.report, self._planned_distribution, self.sequential)
        self._column_plans(chosen)
        self._drop_nested_calls(chosen)
        self._share_ranges(chosen)
        for plans in chosen.values():
            for plan in plans:
                self.counter += 1
                plan.number = self.counter
        return chosen

    def _column_plans(self, chosen: dict[str, list]) -> None:
        """ColumnPlans for the sequential loops the marking left whole (see ColumnPlan)."""
        left = {loop.id for loop, _ in self.sequential}
        for fn in self.program.functions.values():
            loops = {lp.id: lp for lp in fn.loops}
            taken = {plan.loop.id for plan in chosen.get(fn.name, [])}
            for loop in sorted(fn.loops, key=lambda lp: lp.first_order):
                # an inner loop taken for its columns alone gives way: the column nest keeps the columns on
                # their ranks for the whole outer loop instead of gathering them at every outer step
                within = [p for p in chosen.get(fn.name, []) if inside(p.loop, {loop.id}, loops)]
                if loop.id not in left or inside(loop, taken, loops) or not all(
                        isinstance(p, DistributedLoop) and _columns_only(p) for p in within):
                    continue
                plan = self._column_plan(fn, loop, loops)
                if plan is None:
                    continue
                chosen[fn.name] = [p for p in chosen.get(fn.name, []) if p not in within] + [plan]
                taken.add(loop.id)
                inner = {lp.id for lp in fn.loops if lp.id == loop.id or inside(lp, {loop.id}, loops)}
                self.sequential = [(lp, why) for lp, why in self.sequential if lp.id not in inner]

    def _column_plan(self, fn: Function, outer: Loop, loops: dict[int, Loop]) -> ColumnPlan | None:
        nest = column_nest(self.report, fn, outer)
        pivots = None
        if nest is None:
            pivot_nest = pivot_column_nest(self.report, fn, outer)
            if pivot_nest is not None:
                *nest, pivots = pivot_nest
        if nest is None or self.decisions.get(outer.id) == "sequential" or \
                self.decisions.get(nest[0].id) == "sequential":
            return None
        inner, written = nest
        out = []
        for name in written:
            var = variable(self.program, fn, name)
            ctype = element_type(var) if var is not None else None
            if var is None or ctype is None or not var.is_array or len(var.dims) != 2 or not all(var.dims):
                return None
            out.append((name, ctype, f"(long)({var.dims[0]})", f"(long)({var.dims[1]})"))
        return ColumnPlan(outer, inner, *range_texts(inner), out, pivots=pivots)

    @staticmethod
    def _share_ranges(chosen: dict[str, list[DistributedLoop]]) -> None:
        """Block loops of one function over `i` in [1, n), [0, n) and [0, n - 1) (fdtd-2d's three field updates)
        get three different splits, so every array one writes and the next reads is gathered in full each
        time. Split them all over the widest range, [0, n), each loop clipped to its own bounds: their rows
        then line up and neighbour reads become halo exchanges. Sound because a row the clipped loop does not
        write keeps the value its owner already had (placement gathers any array whose split differs)."""
        for plans in chosen.values():
            groups: dict[tuple, list[DistributedLoop]] = {}
            for plan in plans:
                loop = plan.loop
                if plan.schedule != "block" or loop.kind != "for" or plan.balance or loop.lower is None or \
                        _splits_columns(plan.arrays) or \
                        loop.upper is None or loop.cond_text not in ("<", "<="):
                    continue
                upper, lower = loop.upper, loop.lower  # (the IR's upper bound is exclusive, `<=` included)
                key = (lower - Affine.const(lower.constant), upper - Affine.const(upper.constant))
                groups.setdefault(key, []).append(plan)
            for (lower_part, upper_part), members in groups.items():
                bounds = {(m.loop.lower.constant, m.loop.upper.constant) for m in members}
                if len(bounds) < 2:
                    continue
                low = min(b[0] for b in bounds)
                high = max(b[1] for b in bounds)
                if max(b[0] for b in bounds) - low > 2 or high - min(b[1] for b in bounds) > 2:
                    continue  # only ranges that differ by a boundary row or two
                lo_text = "(long)" + affine_to_c(lower_part + Affine.const(low))
                hi_text = "(long)" + affine_to_c(upper_part + Affine.const(high))
                for m in members:
                    own = (m.loop.lower.constant, m.loop.upper.constant)
                    if own != (low, high):
                        m.clip = (m.lo, m.hi)
                    m.lo, m.hi = lo_text, hi_text  # one text for all: placement compares splits by text

    def _planned_distribution(self, fn: Function, loop: Loop, analysis: LoopAnalysis) -> DistributedLoop | str:
        decision = self.decisions.get(loop.id)
        if decision == "sequential":
            return "left sequential by the plan"
        plan = self._distribution(fn, loop, analysis)
        if not isinstance(plan, str) and decision in self._schedules(plan):
            plan.schedule = decision
        return plan

    @staticmethod
    def _schedules(plan: DistributedLoop) -> list[str]:
        return ["block"] if any(use.written for use in plan.arrays.values()) else ["block", "cyclic"]

    def options(self) -> dict[int, list[str]]:
        """Legal decisions per loop id, for every legal loop that could be distributed: its schedules and
        "sequential" (then its inner loops become candidates)."""
        out: dict[int, list[str]] = {}
        for fn in self.program.functions.values():
            for loop in fn.loops:
                analysis = self.report.analyses[loop.id]
                if not analysis.parallel:
                    continue
                plan = self._distribution(fn, loop, analysis)
                if not isinstance(plan, str):
                    out[loop.id] = self._schedules(plan) + ["sequential"]
        return out

    def _drop_nested_calls(self, chosen: dict[str, list[DistributedLoop]]) -> None:
        """A function with distributed loops must not run inside another distributed loop: the ranks
        would call its collectives a different number of times."""
        changed = True
        while changed:
            changed = False
            for fname, plans in list(chosen.items()):
                for plan in plans:
                    lo, hi = plan.loop.body_orders
                    fn = self.program.functions[fname]
                    for callee in self._callees(fn, lo, hi):
                        if callee in chosen:
                            for inner in chosen.pop(callee):
                                self.sequential.append((inner.loop, f"its function `{callee}` is called inside "
                                                        f"the distributed loop at line {plan.loop.line}"))
                            changed = True

    def _callees(self, fn: Function, lo: int, hi: int, seen: set[str] | None = None) -> set[str]:
        seen = set() if seen is None else seen
        out = set()
        for call in fn.calls:
            if lo < call.order <= hi and call.method_of is None and call.name in self.program.functions:
                if call.name not in seen:
                    seen.add(call.name)
                    out.add(call.name)
                    callee = self.program.functions[call.name]
                    out |= self._callees(callee, -1, 1 << 60, seen)
        return out

    def _distribution(self, fn: Function, loop: Loop, analysis: LoopAnalysis):
        """A DistributedLoop, or the reason (str) why this legal loop is not distributed."""
        if (construct := _unplaced_construct(fn, loop)) is not None:
            # the data placement walks blocks, `if`s and loops; around anything else it makes every array whole
            # and leaves the statement as it is (the report said "block over i" for a loop left sequential)
            return f"it is inside a `{construct}`: only loops in blocks, `if`s and other loops are distributed"
        if loop.kind == "range" and loop.range_container is None:
            return "range-for over an expression: only named containers are distributed"
        if loop.kind not in ("for", "range") or loop.var is None:
            return "only counted `for` loops are distributed"
        if loop.lower is None or loop.upper is None:
            # counted, but a bound the block arithmetic cannot take (a call, a cast, `>>`, `?:`, a char)
            which = f"start `{loop.lower_text}`" if loop.lower is None else f"bound `{loop.upper_text}`"
            return (f"the {which} of `{loop.var}` is not a sum of integer constants and variables times "
                    "constants, which the blocks of iterations are computed from")
        if loop.step != 1:
            return f"{step_reason(loop)}: only unit-stride ascending loops are distributed so far"
        if (header := header_reason(loop)) is not None:
            return header
        if (substituted := substituted_reason(fn, loop)) is not None:
            return substituted
        if (real := real_bound(self.report, fn, loop)) is not None:
            return f"its {real} is not an integer (blocks of a converted bound would drop iterations)"
        if (mixed := mixed_sign_bound(self.program, fn, loop)) is not None:
            return mixed
        if (moved := _bound_changes_later(self.pa, fn, loop)) is not None:
            return moved
        derived = derived_pointers(fn)
        offset = next((acc for acc in fn.accesses if acc.is_write and acc.subscripts is not None
                       and acc.name in derived and loop.body_orders[0] < acc.order <= loop.body_orders[1]), None)
        if offset is not None:
            # its rows are rows of another array, shifted: gathered as rows of `q` past a's end, or not at all
            return (f"it writes through `{offset.name}`, an address into `{', '.join(sorted(derived[offset.name]))}`:"
                    " its blocks cannot be gathered as rows of either")
        trip = loop.upper - loop.lower
        if trip.is_constant() and trip.constant < self.min_trip_count and not any(
                child for child in loop.children):
            return f"only {trip.constant} iterations: not worth distributing"
        if loop.parent is not None and not loop.children and (not trip.is_constant()
                                                              or trip.constant < MIN_NESTED_LIGHT_TRIP):
            # Inside a sequential loop, each of its runs pays a collective (gather, halo, reduction) of a few
            # microseconds, and more when the ranks share busy cores; a loop without inner loops does ~1 ns
            # of work per iteration (PolyBench's durbin, jacobi-1d, gramschmidt's norm ran 0.4-0.6x).
            size = f"{trip.constant} iterations" if trip.is_constant() else "a trip count not known here"
            return (f"no inner loop and {size}, inside the sequential loop at line "
                    f"{self._loop_line(fn, loop.parent)}: the communication on each of its runs would cost more "
                    f"than its work (distributed when it has >= {MIN_NESTED_LIGHT_TRIP} iterations)")
        lo_text, hi_text = range_texts(loop)
        if loop.kind == "range":
            lo_text, hi_text = "0L", f"(long){loop.range_container}.size()"
        loops_by_id = {lp.id: lp for lp in fn.loops}
        bounds = {}
        for lp in fn.loops:
            if lp is loop or inside(lp, {loop.id}, loops_by_id):
                if lp.var and lp.lower is not None and lp.upper is not None:
                    bounds[lp.var] = (lp.lower, lp.upper - Affine.const(1))
        lo_o, hi_o = loop.body_orders
        body = [a for a in fn.accesses if lo_o < a.order <= hi_o and ("loop", loop.id) in a.ctx]
        # (each rank has its own copy of the scratch arrays of an iteration: never gathered)
        declared = {name for name, ctx, _ in fn.declarations if ("loop", loop.id) in ctx} | \
            set(analysis.private_arrays)
        assigned = {a.name for a in body if a.is_write and a.subscripts is None}
        reduced_arrays = {r.var for r in analysis.reductions if r.kind == "array"}
        arrays: dict[str, ArrayUse] = {}
        mirrors = self._mirrors(fn, loop, body)
        mirrored = {(a.line, a.column) for _, _, _, accesses in mirrors for a in accesses}
        for acc in body:
            if acc.subscripts is None or acc.name in declared or acc.name in reduced_arrays or \
                    (acc.line, acc.column) in mirrored:
                continue
            use = arrays.setdefault(acc.name, ArrayUse())
            ra = row_access(self.program, fn, loop, acc, bounds)
            if acc.is_write:
                var = variable(self.program, fn, acc.name)
                ctype = element_type(var) if var is not None else None
                if ctype is None and var is not None:
                    ctype = aggregate_type(self.program, var)  # structs travel as bytes (s2p_bytes_type)
                if var is not None and self._spelled(var.type_text).replace(" ", "").count("vector<") >= 2:
                    return (f"`{acc.name}` is a vector of vectors: each row is an allocation of its own, at each "
                            "process's own addresses, which this target does not gather; one "
                            f"std::vector of n * m elements indexed `{acc.name}[i * m + j]` can be distributed")
                if var is not None and var.pointer_depth >= 2 and not var.is_array:
                    return (f"`{acc.name}` is a table of row pointers ({var.type_text} {'*' * var.pointer_depth}): "
                            "each process would hold its own rows at its own addresses, which this target does "
                            f"not gather; allocate it as one block (`{var.type_text} (*{acc.name})[N] = "
                            f"malloc(...)`, or `{acc.name}[i * n + j]`) to distribute it")
                if ra.offset != 0 or ra.rowmap is None:
                    columns = self._column_slice(fn, loop, acc, assigned)
                    if isinstance(columns, str):
                        return columns
                    if ctype is None:
                        return self._element_type_refusal(acc.name, var)
                    if use.rowmap is not None or (use.columns is not None and use.columns != columns[0]):
                        return f"`{acc.name}` is written in two different shapes of rows or columns"
                    use.covers = columns[1] and (use.covers or use.columns is None)
                    use.columns, use.ctype, use.pass_rows = columns[0], ctype, columns[2]
                    continue
                if ctype is None:
                    return self._element_type_refusal(acc.name, var)
                if use.columns is not None:
                    return f"`{acc.name}` is written in two different shapes of rows or columns"
                if use.rowmap is not None and use.rowmap.stride != ra.rowmap.stride:
                    return f"`{acc.name}` is written with two different row strides"
                use.rowmap, use.ctype = ra.rowmap, ctype
            if acc.is_read:
                if ra.offset is None:
                    use.unaligned_read = True
                else:
                    use.read_offsets.add(ra.offset)
        # Arrays handed to functions inside the loop are read in unknown places.
        for call in fn.calls:
            if lo_o < call.order <= hi_o:
                for arg in call.args:
                    node = _strip_parens(arg)
                    if node.type == "identifier":
                        name = node.text.decode()
                        var = variable(self.program, fn, name)
                        if var is not None and (var.is_array or var.is_pointer):
                            arrays.setdefault(name, ArrayUse()).unaligned_read = True
        for name, use in sorted(arrays.items()):
            if use.written and (escape := self.escapes.untracked(fn, name)) is not None:
                # `struct V v = { a };`, `double *p = (double *)a;`, `reg(a)` keeping it in a global: the rows
                # other ranks computed were never gathered for a read under that name (validated, then wrong
                # for other inputs), nor a write under it split its own way
                through = "" if escape.name == name else f"`{escape.name}`, "
                return (f"`{name}` may be reached under a name the data placement does not follow ({through}"
                        f"{escape.describe()}): rows other ranks compute would not be gathered for it")
        for name, use in arrays.items():
            if use.rowmap is not None and (use.unaligned_read or any(o != 0 for o in use.read_offsets)):
                return f"`{name}` is written and read at other rows in the same loop"
            if use.columns is not None and use.covers and any(a.name == name and a.is_read for a in body):
                # reads of elements the iteration stored first (`ym1 = y1[i][j]` after storing y1[i][j])
                # still need none of the array's earlier contents
                accesses = sorted((a for a in body if a.name == name), key=lambda a: a.order)
                use.covers = elements_stored_before_read(fn, accesses, assigned)
        scalar_reductions = []
        array_reductions = []
        for red in analysis.reductions:
            var = variable(self.program, fn, red.var)
            ctype = element_type(var) if var is not None else None
            if red.kind == "array":
                if red.op not in ("+", "min", "max"):
                    return f"array reduction with `{red.op}` is not supported"
                if ctype is None:
                    return f"element type of `{red.var}` is not a basic C type"
                if isinstance(operands := reduction_operands(ctype, red.op, self.program.language == "cpp"), str):
                    return f"array reduction `{red.op}` into `{red.var}`: {operands}"
                updates = [a for a in body if a.name == red.var and a.reduction is not None]
                element = self._single_element(updates, bounds,
                                               {a.name for a in body if a.is_write and a.subscripts is None})
                if element is not None:
                    # `B[i][j] += A[k][i] * B[k][j]` over k: one element, not the array. Zeroing the whole
                    # array on the other ranks would change what the loop reads at other elements (trmm).
                    if loop.parent is not None:
                        return (f"reduction into the single element {element} inside an enclosing sequential "
                                "loop: one MPI_Allreduce per outer iteration would cost more than this loop's work")
                    array_reductions.append((red, ctype, "&" + element, "1"))
                    continue
                if (into := pointers_into(self.program, fn, red.var)):
                    return (f"array reduction into `{red.var}`, whose storage `{', '.join(into)}` also point into: the "
                            "other ranks' copies would start from zeros there too")
                if any(a.name == red.var and a.reduction is None for a in body):
                    return (f"array reduction into `{red.var}`, which the loop also reads at other elements: the "
                            "other ranks' partial sums would start from zeros there")
                base, count = self._array_extent(fn, var, ctype)
                if count is None:
                    return f"size of `{red.var}` is not known (declare it as an array or allocate it in this " \
                           "function)"
                array_reductions.append((red, ctype, base, count))
                continue
            if ctype is None or (red.kind == "scalar" and mpi_type(ctype) is None):
                return f"type of reduction variable `{red.var}` is not a basic C type"
            if red.kind not in ("minloc", "maxloc") and \
                    isinstance(operands := reduction_operands(ctype, red.op, self.program.language == "cpp"), str):
                return f"reduction `{red.op}` into `{red.var}`: {operands}"
            if red.kind in ("minloc", "maxloc"):
                if ctype not in PAIR_TYPES:
                    return f"{red.kind} on a `{ctype}` value is not supported by MPI's pair types"
                if red.tie != "first" or red.index_value != loop.var:
                    return (f"{red.kind} on `{red.var}` records `{red.index_value}`, not the loop index, or keeps "
                            "the last of equal values: MPI_MINLOC's tie rule would differ")
            scalar_reductions.append((red, ctype))
        shadows = scratch_shadows(self.program, fn, analysis)
        if isinstance(shadows, str):
            shadows = []  # (a rank's own copy of the storage is private already: the local copy only helps speed)
        writes_arrays = any(use.written for use in arrays.values())
        schedule = "cyclic" if not writes_arrays and uneven(fn, loop) else "block"
        # columns split evenly
        balance = self._balance(fn, loop) if schedule == "block" and not _splits_columns(arrays) else 0
        swap = outer_swap(self.report, fn, loop) if schedule == "block" and not balance else None
        return DistributedLoop(loop, analysis, lo_text, hi_text, schedule, arrays, scalar_reductions,
                               array_reductions, balance=balance,
                               mirrors=[(statement, name, nest) for statement, name, nest, _ in mirrors],
                               transposed=self._transposed(fn, loop, swap, bounds) if swap is not None else None,
                               shadows=shadows)

    def _transposed(self, fn: Function, outer: Loop, inner: Loop, bounds: dict) -> DistributedLoop | None:
        """The nest `for i for j X[i] = X[i] + E` (a transposed product: gemver's, mvt's `A[j][i]`) distributed
        over j instead of i: each rank runs every i over its block of j, adding its share into each X[i],
        and X is summed over the ranks (MPI_Allreduce of n elements). The placement takes it when the rows
        of j are where an array the nest walks down a column already lives (gemver's A, left in row blocks
        by the update before the product): the plan over i would gather that array, n * n elements.

        Legal where `transposed_sums` says (the other ranks start from zeros). None when the nest has another
        shape."""
        reduced = transposed_sums(self.report, fn, outer, inner)
        if reduced is None:
            return None
        analysis = self.report.analyses[inner.id]
        lo_o, hi_o = inner.body_orders
        body = [a for a in fn.accesses if lo_o < a.order <= hi_o]
        array_reductions = []
        for name in reduced:
            var = variable(self.program, fn, name)
            ctype = element_type(var) if var is not None else None
            if var is None or ctype is None or \
                    isinstance(reduction_operands(ctype, "+", self.program.language == "cpp"), str):
                return None
            base, count = self._array_extent(fn, var, ctype)
            if count is None or pointers_into(self.program, fn, name):
                return None
            array_reductions.append((Reduction(name, "+", "array"), ctype, base, count))
        arrays: dict[str, ArrayUse] = {}
        for acc in body:
            if acc.subscripts is None or acc.name in reduced:
                continue
            use = arrays.setdefault(acc.name, ArrayUse())
            offset = row_access(self.program, fn, inner, acc, bounds).offset
            if offset is None:
                use.unaligned_read = True
            else:
                use.read_offsets.add(offset)
        return DistributedLoop(inner, analysis, *range_texts(inner), "block", arrays, [], array_reductions,
                               around=outer)

    def _column_slice(self, fn: Function, loop: Loop, acc, assigned: set[str]
                      ) -> tuple[tuple[str, str, str], bool, tuple[Affine, Affine] | None] | str:
        """For a write `A[r][j]` of a 2-D array in the loop over `j`, ((pointer to the first row written, rows,
        row length), whether the loop stores every element of those rows in its columns): the rank's block of
        columns is gathered right after the loop. `r` is either fixed in the loop (one row: lu's
        `A[i][j]` over j >= i, inside a sequential loop) or the index of a loop that is the unconditional body
        of this one (a column pass over all rows: deriche's `y1[i][j]` over i inside j, not inside a
        sequential loop, where each run would gather every row; with the range of those rows). `assigned`: the
        scalars the loop's body assigns. Else the reason (str)."""
        not_a_row = f"writes {acc.name}[{']['.join(acc.texts)}], which is not a row of `{loop.var}`"
        var = variable(self.program, fn, acc.name)
        subs = acc.subscripts
        if var is None or subs is None or None in subs or acc.indirect or acc.through_call or loop.kind != "for":
            return not_a_row
        dims = var.dims if var.is_array else ("", *var.pointee_dims) if var.pointer_depth == 1 else ()
        if len(subs) != 2 or len(dims) != 2 or not dims[1] or subs[1] != Affine.var(loop.var) or \
                loop.var in subs[0].symbols():
            return not_a_row
        row = subs[0]
        stride = f"(long)({dims[1]})"
        if not row.symbols() & assigned:
            return (f"&{acc.name}[{acc.texts[0]}][0]", "1L", stride), False, None
        # a column pass: the row index walks a loop that runs unconditionally in this loop's body
        if len(acc.ctx) < 2 or acc.ctx[-2] != ("loop", loop.id) or acc.ctx[-1][0] != "loop":
            return not_a_row
        inner = next(lp for lp in fn.loops if lp.id == acc.ctx[-1][1])
        if row != Affine.var(inner.var or "") or loop.var in inner.bound_symbols or \
                not runs_whole_range(fn, inner) or (inner.lower.symbols() | inner.upper.symbols()) & assigned or \
                jumps_in(fn, loop, ("break", "continue", "return", "goto")):
            return not_a_row  # (the row loop must visit every row of its range, for every column)
        if loop.parent is not None:
            return (f"writes the columns of {acc.name} over all its rows, inside the sequential loop at line "
                    f"{self._loop_line(fn, loop.parent)}: each of its runs would gather the whole array")
        first = affine_to_c(inner.lower)
        return ((f"&{acc.name}[{first}][0]", f"(long){affine_to_c(inner.upper - inner.lower)}", stride), True,
                (inner.lower, inner.upper))

    def _mirrors(self, fn: Function, loop: Loop, body: list) -> list[tuple[object, str, str, list]]:
        """`X[j][i] = X[i][j];`, the last statement of a loop over `j >= i` directly inside the loop over `i`
        (covariance, correlation: the lower triangle copied from the upper one), when every other access
        of X in the loop is X[i][j] or X[i][i]. The copy writes only elements (j > i) nothing else in the
        loop touches, from an element no later iteration writes again, so it can run after the loop, as a
        nest of its own with the same headers; the loop then writes only its own rows. Returns (statement,
        X, the nest's text, the statement's accesses)."""
        out = []
        if jumps_in(fn, loop, ("continue", "break", "goto", "return")):
            return out  # a `continue` (or any jump) may skip the copy in some iterations
        for inner in fn.loops:
            if inner.parent != loop.id or inner.kind != "for" or inner.var is None or loop.var is None or \
                    inner.lower is None or inner.step != 1 or loop.step != 1:
                continue
            start = inner.lower - Affine.var(loop.var)
            if not start.is_constant() or start.constant < 0:
                continue
            body_node = inner.node.child_by_field_name("body")
            statements = body_statements(body_node) if body_node.type == "compound_statement" else []
            if not statements or statements[-1].type != "expression_statement":
                continue
            assign = statements[-1].named_children[0] if statements[-1].named_children else None
            if assign is None or assign.type != "assignment_expression" or \
                    assign.child_by_field_name("operator").text != b"=":
                continue
            lhs, rhs = assign.child_by_field_name("left"), assign.child_by_field_name("right")
            (first, last) = _span(statements[-1])
            accesses = [a for a in body if first <= (a.line, a.column) < last and a.subscripts is not None]
            i, j = Affine.var(loop.var), Affine.var(inner.var)
            if len(accesses) != 2 or lhs.type != "subscript_expression" or rhs.type != "subscript_expression":
                continue
            write = next((a for a in accesses if a.is_write), None)
            read = next((a for a in accesses if not a.is_write), None)
            if write is None or read is None or write.name != read.name or write.mode != "w" or \
                    write.subscripts != (j, i) or read.subscripts != (i, j) or write.indirect or read.indirect:
                continue
            name = write.name
            others = [a for a in body if a.name == name and a not in accesses]
            if any(a.subscripts not in ((i, j), (i, i)) or a.indirect or a.through_call for a in others):
                continue
            headers = [self.program.source[lp.node.start_byte:lp.node.child_by_field_name("body").start_byte]
                       .decode().strip() for lp in (loop, inner)]
            nest = f"{headers[0]}\n  {headers[1]}\n    {statements[-1].text.decode()}"
            out.append((statements[-1], name, nest, accesses))
        return out

    @staticmethod
    def _single_element(updates: list, bounds: dict, assigned: set[str]) -> str | None:
        """`B[i][j]` when every reduction update names that same element, with subscripts free of this loop's
        and its inner loops' indices (`bounds`) and of the scalars the loop assigns (`h[b]++` with `b` computed
        in the body is a histogram, not one element); else None."""
        if not updates or any(a.subscripts is None or a.indirect or any(x is None for x in a.subscripts)
                              for a in updates):
            return None
        texts = {a.texts for a in updates}
        if len(texts) != 1 or any(x.symbols() & (set(bounds) | assigned) for a in updates for x in a.subscripts):
            return None
        return updates[0].name + "".join(f"[{t}]" for t in next(iter(texts)))

    @staticmethod
    def _balance(fn: Function, loop: Loop) -> int:
        """1 when the inner loops' trip counts grow linearly with this index (`j <= i`), -1 when they
        shrink (`j = i + 1 .. n`), else 0: a triangular nest split evenly gives one rank three times the
        other's work at np=2; split into blocks of equal work (s2p_balanced_block) it stays contiguous,
        so gathers and placement work as for even blocks."""
        loops_by_id = {lp.id: lp for lp in fn.loops}
        signs = set()
        for lp in fn.loops:
            if not inside(lp, {loop.id}, loops_by_id):
                continue
            if lp.not_countable:
                return 0
            if loop.var not in lp.bound_symbols:
                continue
            if lp.lower is None or lp.upper is None or lp.step != 1:
                return 0
            grow = lp.upper.coefficient(loop.var) - lp.lower.coefficient(loop.var)
            if grow == 0:
                continue
            signs.add(1 if grow > 0 else -1)
        return signs.pop() if len(signs) == 1 else 0

    def _element_type_refusal(self, name: str, var) -> str:
        if var is not None and re.search(r"\bvector\s*<", self._spelled(var.type_text)):
            element = re.sub(r".*vector\s*<\s*|\s*>.*", "", var.type_text)
            return (f"`{name}` is a std::vector of `{element}`: "
                    "this target distributes vectors of basic C types only (a plain array of a struct of them, "
                    "or one vector per member, can be distributed)")
        return f"element type of `{name}` is neither a basic C type nor a struct of them defined in this file"

    def _spelled(self, type_text: str) -> str:
        """A type name through one `using T = ...;` or `typedef ... T;` of the file (`Matrix`); looked up once
        per name (every array a candidate loop writes asks)."""
        name = type_text.strip()
        if not name.isidentifier():
            return type_text
        if name not in self._spellings:
            source = self.program.source.decode(errors="replace")
            found = re.search(r"\busing\s+" + name + r"\s*=\s*([^;]+);", source) or \
                re.search(r"\btypedef\s+([^;]+?)\s+" + name + r"\s*;", source)
            self._spellings[name] = found.group(1) if found else type_text
        return self._spellings[name]

    @staticmethod
    def _loop_line(fn: Function, loop_id: int) -> int:
        return next((lp.line for lp in fn.loops if lp.id == loop_id), 0)

    def _array_extent(self, fn: Function, var, ctype: str) -> tuple[str, str | None]:
        if var.is_array and fn.param(var.name) is var and var.name not in fn.locals:
            # A parameter declared as an array (`double y[n]`) is a pointer: sizeof would give 8 bytes.
            if not var.dims or not all(var.dims):
                return var.name, None
            base = "&" + var.name + "[0]" * len(var.dims)
            return base, "(int)(" + " * ".join(f"(long)({d})" for d in var.dims) + ")"
        if var.is_array and all(var.dims):
            base = "&" + var.name + "[0]" * len(var.dims)
            return base, f"(int)(sizeof({var.name}) / sizeof({ctype}))"
        if "vector<" in var.type_text:
            return f"{var.name}.data()", f"(int){var.name}.size()"
        count = allocated_count(fn, var, ctype)
        if count is not None:
            # `malloc(n * sizeof *h)`'s text was once taken for a count: an MPI_Allreduce over 8n doubles
            return var.name, f"(int){count}"
        return var.name, None

    # -- optimize + lower -----------------------------------------------------------------------------
    def generate(self) -> GeneratedProgram:
        chosen = self.choose()
        if not chosen:
            reasons = "\n".join(f"  line {lp.line}: {why}" for lp, why in self.sequential) or "  no loops"
            raise TransformationError(f"nothing to parallelize in {self.program.path}:\n{reasons}")
        if "main" not in self.program.functions:
            raise TransformationError(f"{self.program.path} has no main(): MPI_Init has nowhere to go; give "
                                      "--function NAME to parallelize one function (its caller initializes MPI)")
        # Placement twice: first with every array that may be shared, to learn which ones are ever gathered
        # or halo-exchanged; only those are worth a shared window (its pages fault more slowly than private
        # ones, so an array each rank only touches in its own rows is better left private).
        self.shared = shareable_arrays(self.program, chosen) if self.share else {}
        for attempt in ("probe", "final"):
            edits: list[Edit] = []
            self.comm = {"allgatherv": 0, "halo": 0, "allreduce": 0}
            self.exchanged = set()
            self.vector_hints = 0
            self.simd_loops = 0
            self.balanced = False
            self.bytes_types = False
            self.columns = False
            self.pivots = False
            self.turns = False
            for fname, plans in chosen.items():
                _Placement(self, self.program.functions[fname], plans, edits).run()
            if attempt == "probe":
                kept = {name: array for name, array in self.shared.items() if name in self.exchanged}
                if kept.keys() == self.shared.keys():
                    break
                self.shared = kept
        for array in self.shared.values():
            edits.extend(array.edits)
        heap = {name for name, array in self.shared.items() if array.setup is None}
        frees = free_edits(self.program, heap, self.program.functions["main"]) if heap else []
        edits.extend(frees)
        self.shared_frees = bool(frees)
        edits.extend(self._init_edits())
        edits.append(self._runtime_edit(chosen))
        declared = extremum_declarations("".join(edit.text for edit in edits))  # for inner `omp simd` loops
        if declared:
            edits.append(Edit(0, 0, declared, -2))
        source = apply_edits(self.program.source, edits)
        compiler = "mpicxx" if self.program.language == "cpp" else "mpicc"
        distributed = [p for plans in chosen.values() for p in plans]
        return GeneratedProgram(source, self.program.language, compiler, ["-lm"], distributed, self.sequential,
                                dict(self.comm))

    def datatype(self, ctype: str) -> str:
        """The MPI datatype of one element: the basic type's, else a contiguous run of sizeof(T) bytes
        (structs of basic types, see layout.aggregate_type), so that counts stay in elements."""
        basic = mpi_type(ctype)
        if basic is not None:
            return basic
        self.bytes_types = True
        return f"s2p_bytes_type(sizeof({ctype}))"

    def _init_edits(self) -> list[Edit]:
        main = self.program.functions["main"]
        body = main.body
        names = [p.name for p in main.params]
        args = f"&{names[0]}, &{names[1]}" if len(names) >= 2 else "NULL, NULL"
        indent = line_indent(self.program.source, body.named_children[0].start_byte) if body.named_children \
            else "    "
        setup = "".join(f"\n{indent}{array.setup}" for array in self.shared.values() if array.setup)
        return [Edit(body.start_byte + 1, body.start_byte + 1, f"\n{indent}s2p_init({args});{setup}", seq=-1)]

    def _runtime_edit(self, chosen) -> Edit:
        source = self.program.source
        uses_halo = self.comm["halo"] > 0
        uses_element = self.comm.get("element", 0) > 0
        cpp = self.program.language == "cpp"
        code = _code_only(source)
        calls = _code_only(source, strings=True)  # (`fopen /* x */ (...)` is a call the macro takes)
        uses_fopen = re.search(rb"\bf(?:re)?open\b", source) is not None if not cpp else \
            _calls_through_macro(calls, "fopen", cpp, 2) or _calls_through_macro(calls, "freopen", cpp, 3)
        if uses_fopen and re.search(rb'f(?:re)?open\s*\([^;]*"[rwa]b?\+', source):
            raise TransformationError(f"{self.program.path} opens a file for reading and writing (`+` mode): only "
                                      "rank 0 writes files, so the other ranks could not read it back")
        unwrapped = _UNWRAPPED_WRITES.search(source)
        if unwrapped:
            raise TransformationError(
                f"{self.program.path} changes files through `{unwrapped.group().decode(errors='replace').strip()}`, "
                "which seq2par's MPI runtime does not route through rank 0 (it does for fopen/freopen, "
                "std::ofstream/fstream, remove, rename, mkdir and system): every rank would make the change; "
                "use one of those, or the OpenMP target")
        unwrapped = _UNWRAPPED_OPENS.search(code)
        if unwrapped:
            raise TransformationError(
                f"{self.program.path} opens files through `{unwrapped.group().decode(errors='replace').strip()}` "
                "(a pointer to fopen, a parenthesized name, or a std::filebuf), where seq2par's MPI runtime cannot "
                "route the writes through rank 0: every rank would write the file; call fopen/freopen by name or "
                "use std::ofstream, or the OpenMP target")
        seeded = _PER_PROCESS_SEEDS.search(source)
        if seeded:
            raise TransformationError(
                f"{self.program.path} seeds its random numbers from what each process sees differently "
                f"(`{seeded.group().decode(errors='replace')[:60]}`): every rank would draw other numbers, and the "
                "distributed loops would combine data from different inputs; seed with a constant or a value "
                "from the command line")
        uses_stdin = _STDIN_READS.search(source) is not None
        uses_streams = cpp and re.search(rb"\b(?:ofstream|ifstream|fstream)\b", source) is not None
        file_system_calls = [call for call in _FILE_SYSTEM_CALLS if call["name"] not in self.program.functions
                             and _calls_through_macro(source, call["name"], cpp, call["params"].count(",") + 1)]
        runtime = _templates().get_template("runtime.c.j2").render(uses_halo=uses_halo, uses_fopen=uses_fopen,
                                                                   uses_stdin=uses_stdin, uses_element=uses_element,
                                                                   cpp=cpp, uses_streams=uses_streams,
                                                                   file_system_calls=file_system_calls,
                                                                   uses_shared=bool(self.shared),
                                                                   uses_ivdep=self.vector_hints > 0,
                                                                   uses_balanced=self.balanced,
                                                                   uses_bytes=self.bytes_types,
                                                                   uses_columns=self.columns,
                                                                   uses_pivots=self.pivots,
                                                                   uses_turns=self.turns,
                                                                   shared_frees=self.shared_frees,
                                                                   shared_allocators={
                                                                       e.text for a in self.shared.values()
                                                                       if a.setup is None for e in a.edits})
        lines = []
        for plans in chosen.values():
            for plan in plans:
                lines.append(f" *   line {plan.loop.line} ({plan.loop.function}): {plan.describe()}")
        if self.shared:
            lines.append(" * One copy per node (MPI shared memory when all ranks share a node): "
                         + ", ".join(sorted(self.shared)))
        for loop, why in self.sequential:
            lines.append(f" *   line {loop.line} ({loop.function}) stays sequential: {why}")
        build = ""
        if self.simd_loops:
            compiler = "mpicxx" if self.program.language == "cpp" else "mpicc"
            build = (f" * Build with {compiler} -O2 -fopenmp-simd: the `omp simd` lines vectorize inner loops the "
                     "analysis proved free of\n * dependences (no threads; without the flag they are ignored).\n")
        header = ("/* Generated by seq2par from " + Path(self.program.path).name + ": MPI version.\n" + build
                  + " * Loops distributed over ranks:\n" + "\n".join(lines) + "\n */\n")
        # After the last top-level #include (or at the top).
        root = self.program.tree.root_node
        pos = 0
        for child in root.named_children:
            if child.type == "preproc_include":
                pos = child.end_byte
            elif child.type not in ("comment", "preproc_def"):
                break
        text = ("\n" if pos else "") + header + runtime + ("\n" if not pos else "")
        return Edit(pos, pos, text, seq=-2)


_PLACED = frozenset({"compound_statement", "for_statement", "while_statement", "do_statement", "if_statement",
                     "else_clause"})


def _unplaced_construct(fn: Function, loop: Loop) -> str | None:
    """The first statement around the loop, inside its function, that `_Placement` does not walk into (a
    `switch`, a label, a `try`), by the word that starts it; None when there is none."""
    node = loop.node.parent
    while node is not None and node != fn.body:
        if node.type not in _PLACED:
            return node.type.removesuffix("_statement").replace("_", " ")
        node = node.parent
    return None


def _bound_changes_later(pa: ProgramAnalysis, fn: Function, loop: Loop) -> str | None:
    """Why the loop's split cannot be computed again from its bounds' text where its rows are gathered or
    used: a variable of the start or bound is assigned after the loop, or in a loop around it (`n = keep;`
    after it: the gather split [0, n) with the new n and collected rows the ranks had not computed)."""
    names = (loop.lower.symbols() | loop.upper.symbols()) - {loop.var}
    if not names:
        return None
    end = loop.node.end_point[0] + 1
    around = [lp for lp in fn.loops if lp.node.start_byte < loop.node.start_byte and
              loop.node.end_byte <= lp.node.end_byte]
    indices = {lp.var for lp in around}  # `for (k...) for (i = k + 1; ...)`: a split per k (see _sequential_loop)
    for name in sorted(names):
        local = name in fn.locals or fn.param(name) is not None
        if name in fn.address_taken or not local and pa.address_escapes(name):
            # `int *pn = &n; *pn = keep;`, `sscanf(s, "%d", &n)`, a file-scope `int *pn = &n;`
            where = f" (line {fn.address_taken[name]})" if name in fn.address_taken else ""
            return (f"the address of `{name}`, in its bounds, is taken{where}: it may change where the rows "
                    "are gathered, and the split is computed from the bounds again there")
        if name not in fn.locals and fn.param(name) is None and any(
                name in summary.writes_globals or summary.unknown
                for summary in (pa.summary(call.name) for call in fn.calls if call.name in pa.p.functions)):
            return (f"`{name}`, in its bounds, is a global that a function this one calls may change: the split "
                    "is computed from the bounds again where the rows are gathered")
    for acc in fn.accesses:
        if acc.name in names and acc.is_write and acc.subscripts is None and acc.name not in indices and (
                acc.line > end or any(lp.node.start_point[0] + 1 <= acc.line <= lp.node.end_point[0] + 1
                                      for lp in around)):
            return (f"`{acc.name}`, in its bounds, is assigned again at line {acc.line}: the rows are gathered "
                    "where the split is computed from the bounds again")
    return None


_JUMPS = ("break_statement", "continue_statement", "goto_statement")
_EXIT_TIME_CODE = re.compile(rb"\b(?:atexit|at_quick_exit|on_exit)\s*\(|~\s*[A-Za-z_]\w*\s*\(")
_EXIT_CALL = re.compile(rb"\s*(?:\(\s*void\s*\)\s*)?(?:std\s*::\s*)?(?:exit|quick_exit)\s*\(")


def _code_only(source: bytes, strings: bool = False) -> bytes:
    """`source` without its comments and, unless `strings`, its string literals (a `~X(` or `atexit(` in them
    is not code; `fopen /* x */ ("f", "a")` is a call of two arguments)."""
    return re.sub(rb'//[^\n]*|/\*.*?\*/|("(?:\\.|[^"\\\n])*")', lambda m: m.group(1) if strings and m.group(1)
                  else b" ", source, flags=re.S)


def _is_exit_call(node) -> bool:
    """`exit(1);` / `std::exit(...)` / `quick_exit(...)`: the program ends here, running its exit-time code."""
    return node.type == "expression_statement" and _EXIT_CALL.match(node.text) is not None


def _jumps_within(node, exits: bool = False) -> list:
    """The statements in `node` that leave it other than by its end: `break` and `continue` of the loop
    around it (not of a loop or, for `break`, a `switch` inside it), `goto` and `return`; and with `exits`,
    calls of `exit` (the program has code that runs at exit)."""
    found = []
    stack = [(node, False, False)]  # (node, inside an inner loop, inside an inner switch)
    while stack:
        current, in_loop, in_switch = stack.pop()
        t = current.type
        if t == "break_statement" and not in_loop and not in_switch or \
                t == "continue_statement" and not in_loop or t in ("goto_statement", "return_statement") or \
                exits and _is_exit_call(current):
            found.append(current)
            continue
        for child in current.named_children:
            stack.append((child, in_loop or t in ("for_statement", "while_statement", "do_statement",
                                                  "for_range_loop"),
                          in_switch or t == "switch_statement"))
    return sorted(found, key=lambda n: n.start_byte)


class _Placement:
    """Data placement for one function: walks statements, tracking which arrays are distributed."""

    def __init__(self, gen: MpiGenerator, fn: Function, plans: list[DistributedLoop], edits: list[Edit]) -> None:
        self.gen = gen
        self.p = gen.program
        self.fn = fn
        self.plans = {plan.loop.node.start_byte: plan for plan in plans}
        self.edits = edits
        self.seq = 0
        self._code_cache: tuple[tuple[int, int] | None, bytes] = (None, b"")
        self.aliases = plain_aliases(self.p, fn)
        # `q = &a[1]; p = q + 1;`: p reaches a too (each pointer with every array it reaches, at any depth)
        self.derived = derived_pointers(fn)
        # `double &e = v[0];` reaches v as a pointer into it does (its reads after a loop distributing v read
        # every rank's rows: `(&e)[q]`); a reference to the whole vector is a plain alias (`plain_aliases`)
        self.element_references = {name: target for name, target in fn.references.items()
                                   if (var := fn.locals.get(name)) is not None and var.is_reference
                                   and var.init_text.strip(" ()") != target}
        for name, target in self.element_references.items():
            self.derived.setdefault(name, set()).add(target)
        for pointer in self.derived:
            reached, todo = set(), list(self.derived[pointer])
            while todo:
                name = todo.pop()
                if name not in reached:
                    reached.add(name)
                    todo += self.derived.get(name, ())
            self.derived[pointer] = reached
        self.loop_jumps: list[list[tuple[object, dict]]] = []  # per loop being placed: (break/continue, state)

    def run(self) -> None:
        body = self.fn.body
        state = self._block(body.named_children, {}, self.edits)
        last = next((c for c in reversed(body.named_children) if c.type != "comment"), None)
        if last is None or last.type != "return_statement":
            self._gather(self._escapes(state), state, body.end_byte - 1, self.edits, "before the function returns")

    # -- state helpers --------------------------------------------------------------------------------
    def _gather(self, names, state: dict, where, edits: list[Edit], why: str) -> None:
        """Gather `names` before the statement `where` (or at the function's closing brace, an int)."""
        if not names:
            return
        lines = [f"/* seq2par: gather {', '.join(names)} ({why}) */"]
        lines += self._gather_lines(names, state)
        if isinstance(where, int):
            self.seq += 1
            edits.append(Edit(where, where, "    " + "\n    ".join(lines) + "\n", self.seq))
        else:
            self._insert_before(where, lines, edits)

    def _gather_lines(self, names, state: dict) -> list[str]:
        lines = []
        for name in names:
            dist: Dist = state.pop(name)
            lines.append(self._gather_call(name, dist))
            self.gen.comm["allgatherv"] += 1
        return lines

    def _insert_before(self, node, lines: list[str], edits: list[Edit]) -> None:
        """Insert statements before `node`; when `node` is not in a block (the body of an unbraced
        `if`/`for`, a labelled statement), wrap both in braces so that the structure is kept."""
        indent = line_indent(self.p.source, node.start_byte)
        text = "".join(f"{line}\n{indent}" for line in lines)
        self.seq += 1
        if node.parent is not None and node.parent.type not in ("compound_statement", "case_statement"):
            edits.append(Edit(node.start_byte, node.start_byte, "{ " + text, self.seq))
            self.seq += 1
            edits.append(Edit(node.end_byte, node.end_byte, " }", self.seq))
        else:
            start = directive_start(node)
            edits.append(Edit(start, start, text, self.seq))

    def _base(self, name: str) -> str:
        var = variable(self.p, self.fn, name)
        if var is not None and var.is_array and var.dims:
            return "&" + name + "[0]" * len(var.dims)
        if var is not None and "vector<" in var.type_text:
            return f"{name}.data()"
        return name

    def _gather_call(self, name: str, dist: Dist) -> str:
        self.gen.exchanged.add(name)
        if dist.columns is not None:
            base, rows, stride, _, _ = dist.columns
            return self._gather_columns_call(name, base, dist.ctype, rows, stride, dist.lo, dist.hi)
        m = dist.rowmap
        if dist.balance:
            return (f"s2p_gather_balanced({self._base(name)}, {self.gen.datatype(dist.ctype)}, {dist.lo}, "
                    f"{dist.hi}, {dist.balance}, {m.stride}, {m.rmin}, {m.rmax});")
        return (f"s2p_gather_rows({self._base(name)}, {self.gen.datatype(dist.ctype)}, {dist.lo}, {dist.hi}, "
                f"{m.stride}, {m.rmin}, {m.rmax});")

    def _mentions(self, node, state: dict) -> list[str]:
        if not state:
            return []
        text = self._code(node)
        names = {m.group().decode() for m in _IDENT.finditer(text)}
        touched = set(names & state.keys())
        for name in names & self.aliases.keys():
            # `double *p = a;` and a loop writing p[...]: reading a[...] reads what p's rows hold
            touched |= self.aliases[name] & state.keys()
        for pointer in names & self.derived.keys():
            # `probe[k]` with `probe = &u[row * M]`: reads (or writes) u past the element named there
            for array in self.derived[pointer]:
                touched |= ({array} | self.aliases.get(array, set())) & state.keys()
        for name in names & self.p.functions.keys():
            s = self.gen.pa.summary(name)
            reached = s.reads_globals | s.writes_globals
            touched |= (reached | {a for g in reached for a in self.aliases.get(g, ())}) & state.keys()
            if s.writes_params or s.unknown:
                touched |= names & state.keys()
        for name in names:
            # a called function without a body may touch any global
            if name not in self.p.functions and re.search(rb"\b" + name.encode() + rb"\s*\(", text) and \
                    name not in ("printf", "fprintf", "puts", "sqrt", "exp", "log", "sin", "cos", "free"):
                touched |= {g for g in state if g in self.p.globals}
        return sorted(touched)

    # -- walking --------------------------------------------------------------------------------------
    def _contains_plan(self, node) -> bool:
        return any(node.start_byte <= start < node.end_byte for start in self.plans)

    def _block(self, statements, state: dict, edits: list[Edit]) -> dict:
        declared = set()
        for stmt in statements:
            state = self._statement(stmt, state, edits)
            if stmt.type == "declaration":
                for d in stmt.children_by_field_name("declarator"):
                    name = self._declared_name(d)
                    if name:
                        declared.add(name)
        # Names declared in this block go out of scope (their storage is still reachable through the
        # pointers they were copied to, which carry the same state).
        return {k: v for k, v in state.items() if k not in declared}

    @staticmethod
    def _declared_name(node) -> str | None:
        while node is not None and node.type != "identifier":
            node = node.child_by_field_name("declarator")
        return node.text.decode() if node is not None else None

    def _calls_exiting(self, node) -> bool:
        """`node` calls a function of the program that may end the program (its summary `exits`: exit(),
        abort(), a throw, in it or in what it calls)."""
        start, end = _span(node)
        return any(start <= (call.line, call.column) < end and call.method_of is None and
                   (call.name in self.p.functions or call.name in self.p.overloads) and
                   self.gen.pa.summary(call.name).exits for call in self.fn.calls)

    def _escapes(self, names, exiting: bool = False) -> list[str]:
        """Arrays whose contents outlive the function: globals, parameters, borrowed pointers. Nothing
        outlives main, the program ends there, unless it has exit-time code (an `atexit` handler, a
        destructor), which may read any of them; then, as at an `exit()` call (`exiting`), all do."""
        if self.gen.exit_time_code and (exiting or self.fn.name == "main"):
            return sorted(names)
        if self.fn.name == "main":
            return []
        out = []
        for name in names:
            var = self.fn.locals.get(name)
            if (var is None or (var.is_pointer and not var.allocated)) and not (
                    self.gen.pa.dead_after_every_call(self.fn, name)
                    and not self.gen.escapes.named_otherwise_by_a_caller(self.gen.pa, self.fn, name)):
                out.append(name)
        return sorted(out)

    def _statement(self, node, state: dict, edits: list[Edit]) -> dict:
        if node.type == "comment":
            return state
        if node.type in _JUMPS:
            # the placement follows the structure: the state at the end of a loop's body stands for the state
            # at its next test and after it, and at the end of a branch for the state after the `if`. A jump
            # leaves from here instead: a `break` or `continue` joins the loop's head state (what differs is
            # gathered before it, see _sequential_loop); a `goto` makes everything whole (a whole array
            # satisfies whatever distribution the code it reaches expects). Nothing after it runs: {}.
            if node.type != "goto_statement" and self.loop_jumps:
                self.loop_jumps[-1].append((node, dict(state)))
            else:
                self._gather(sorted(state), state, node, edits, "before the jump")
            return {}
        if node.start_byte in self.plans:
            plan = self.plans[node.start_byte]
            if isinstance(plan, ColumnPlan):
                return self._columns(plan, state, edits)
            return self._distributed(plan, state, edits)
        if self._contains_plan(node):
            t = node.type
            if t == "compound_statement":
                return self._block(node.named_children, state, edits)
            if t in ("for_statement", "while_statement", "do_statement"):
                return self._sequential_loop(node, state, edits)
            if t == "if_statement":
                return self._if(node, state, edits)
            # Unknown construct around a distributed loop: make everything whole before and after.
            self._gather(sorted(state), state, node, edits, "entering a construct")
            return state
        swapped = swap_statement(node)
        if swapped is not None:
            a, b = swapped
            new = {k: v for k, v in state.items() if k not in (a, b)}
            if a in state:
                new[b] = state[a]
            if b in state:
                new[a] = state[b]
            return new
        swap = pointer_copy(node, self.p, self.fn)
        if swap is not None:
            target, source = swap
            new = dict(state)
            new.pop(target, None)
            if source in state:
                new[target] = state[source]
            return new
        if state and self.gen.exit_time_code and self._calls_exiting(node):
            # `finish(0);` whose callee may call exit(): the program's exit-time code may read any array
            self._gather(self._escapes(state, exiting=True), state, node, edits,
                         "before a call that may end the program")
        if node.type == "if_statement" and state and not self._mentions(node.child_by_field_name("condition"), state) \
                and self._mentions(node, state):
            return self._if(node, state, edits)  # gather inside the branch that needs it, not every time
        freed = freed_name(node)
        if freed is not None:
            new = dict(state)
            new.pop(freed, None)
            return new
        if node.type == "return_statement":
            self._gather(self._escapes(state), state, node, edits, "before the function returns")
            # and what the returned expression reads is fetched or gathered below, as for any statement:
            # `return a[q] * 2.0;` in a helper that distributed `a`, `return a[q] > 5.0 ? 0 : 3;` ending main
            # (the exit status) read rank 0's stale copy when nothing else after the loop read `a`
        elif state:
            for jump in _jumps_within(node, exits=self.gen.exit_time_code):
                # `if (err < tol) break;`: joined with the loop's head state, in the branch that takes it
                if jump.type in ("break_statement", "continue_statement") and self.loop_jumps:
                    self.loop_jumps[-1].append((jump, dict(state)))
                    continue
                names = self._escapes(state, exiting=True) if _is_exit_call(jump) else \
                    sorted(state) if jump.type != "return_statement" else self._escapes(state)
                self._gather(names, dict(state), jump, edits, "before the jump")  # (the jump's branch only)
        names = [n for n in self._mentions(node, state) if not self._only_written(node, n)]
        elements = {n: self._element_reads(node, n) for n in names}
        shared = [n for n in names if elements[n] and not state[n].balance and state[n].columns is None]
        if shared:
            self._share_elements(shared, elements, state, node, edits)
        names = [n for n in names if n not in shared]
        if names:
            self._gather(names, state, node, edits, f"read at line {node.start_point[0] + 1}")
        return state

    def _element_reads(self, node, name: str) -> list[str]:
        """Flat C indices when `node` reads `name` only at a few single elements (`a[0]`, `u[(N/2)*M + 2]`)
        and contains no loop: those elements are broadcast by their owners instead of gathering the array."""
        if node.type in ("for_statement", "while_statement", "do_statement", "for_range_loop") or any(
                node.start_byte <= lp.node.start_byte < node.end_byte for lp in self.fn.loops):
            return []
        start, end = _span(node)
        accesses = self._sole_accesses(node, name)
        if not accesses or len(accesses) > 4 or address_into(name).search(self._code(node)):
            return []  # `&u[k]`, `u + k`: an address, from which the code may reach any element
        written = {a.name for a in self.fn.accesses if start <= (a.line, a.column) < end and a.is_write}
        var = variable(self.p, self.fn, name)
        indices = []
        for a in accesses:
            if a.mode != "r" or a.subscripts is None or a.indirect or any(s is None for s in a.subscripts):
                return []
            if any(s.symbols() & (written | {name}) for s in a.subscripts):
                return []
            if len(a.texts) == 1:
                indices.append(f"(long)({a.texts[0]})")
            elif var is not None and var.is_array and len(var.dims) == len(a.texts) and all(var.dims):
                flat = f"(long)({a.texts[0]})"
                for dim, sub in zip(var.dims[1:], a.texts[1:], strict=True):
                    flat = f"({flat} * (long)({dim}) + (long)({sub}))"
                indices.append(flat)
            else:
                return []
        return indices

    def _share_elements(self, names, elements, state, node, edits: list[Edit]) -> None:
        lines = [f"/* seq2par: fetch single elements of {', '.join(names)} from their owners */"]
        for name in names:
            dist: Dist = state[name]
            m = dist.rowmap
            for index in dict.fromkeys(elements[name]):
                lines.append(f"s2p_share_element({self._base(name)}, {self.gen.datatype(dist.ctype)}, {dist.lo}, "
                             f"{dist.hi}, {m.stride}, {m.rmin}, {m.rmax}, {index});")
                self.gen.comm["element"] = self.gen.comm.get("element", 0) + 1
        self._insert_before(node, lines, edits)

    def _other_names(self, name: str) -> set[str]:
        """The names besides `name` under which the code reaches its storage: its plain copies and the pointers
        set from an address into it or into them (`long *p = &y[K];`), at any depth."""
        names = {name} | self.aliases.get(name, set())
        for pointer, arrays in self.derived.items():
            if arrays & names:
                names |= {pointer} | self.aliases.get(pointer, set())
        return names - {name}

    def _only_written(self, node, name: str) -> bool:
        """Plain stores into a distributed array keep it distributed: every rank stores the same value,
        so the owner's copy is right and no other rank's rows are read. The same holds when every element
        the statement reads it stored itself first (adi's `p[i][j-1]` after `p[i][0] = 0` and
        `p[i][j] = ...`): the array's earlier contents are not needed, so it is not gathered."""
        accesses = self._sole_accesses(node, name)
        if not accesses:
            return False
        if all(a.mode == "w" and a.subscripts is not None and not a.indirect for a in accesses):
            return True
        start, end = _span(node)
        written = {a.name for a in self.fn.accesses
                   if a.is_write and a.subscripts is None and start <= (a.line, a.column) < end}
        return elements_stored_before_read(self.fn, accesses, written)

    def _sole_accesses(self, node, name: str) -> list:
        """The recorded accesses of `name` inside `node`, in program order, when they are all its mentions
        there (none hides in an expression the IR does not record), no other name of its storage appears there
        and no function called there reaches the array, else []."""
        start, end = _span(node)
        accesses = [a for a in self.fn.accesses if a.name == name and start <= (a.line, a.column) < end]
        mentions = len(re.findall(rb"(?<![\w.])" + re.escape(name.encode()) + rb"(?!\w)", self._code(node)))
        if len(accesses) != mentions:
            return []
        if self._other_names(name) & {m.group().decode() for m in _IDENT.finditer(self._code(node))}:
            # reached under another name too (`y[1] = *p;`, `printf(..., y[0], *p)` with `p = &y[K]`): what
            # the statement does under `name` alone says nothing of what it reads through the other
            return []
        called = {c.name for c in self.fn.calls if start <= (c.line, c.column) < end}
        if any(name in (self.gen.pa.summary(f).reads_globals | self.gen.pa.summary(f).writes_globals)
               or self.gen.pa.summary(f).unknown for f in called & self.p.functions.keys()):
            return []  # a called function reaches the array too
        return sorted(accesses, key=lambda a: a.order)

    def _code(self, node) -> bytes:
        """`code_text` of `node`, kept for the statement being placed (asked once per array it mentions)."""
        key = (node.start_byte, node.end_byte)
        if self._code_cache[0] != key:
            self._code_cache = (key, code_text(self.p.source, node))
        return self._code_cache[1]

    def _sequential_loop(self, node, state: dict, edits: list[Edit]) -> dict:
        body = node.child_by_field_name("body")
        header_names = []
        for field_name in ("initializer", "condition", "update"):
            part = node.child_by_field_name(field_name)
            if part is not None:
                header_names += self._mentions(part, state)
        if header_names:
            self._gather(sorted(set(header_names)), state, node, edits, "used by the loop header")
        # Fixed point of the state at the loop head. The body runs many times, so its steady-state
        # distribution wins: a different distribution on entry is gathered once, before the loop.
        head = dict(state)
        header = [part for part in (node.child_by_field_name(f) for f in ("condition", "update")) if part is not None]
        for attempt in range(8):
            trial: list[Edit] = []
            self.loop_jumps.append([])
            out = self._loop_body(body, dict(head), trial)
            jumps = self.loop_jumps.pop()
            # the header is evaluated again after the body: what it reads is gathered at the end of the body
            # (`while (x[last] > lim)` read each rank's stale copy, and the ranks ran different counts)
            tested = {name for part in header for name in self._mentions(part, out)}
            changed = False
            for name in set(head) | set(out):
                a, b = head.get(name), out.get(name)
                if name in tested:
                    if a is not None:
                        head.pop(name)
                        changed = True
                    continue
                if a == b or b is None:
                    continue
                changed = True
                if a is None or attempt < 3:
                    head[name] = b
                else:
                    head.pop(name)  # no steady state: gather at the end of the body instead
            if not changed:
                end_gathers = sorted(name for name in out if name not in head)
                if end_gathers:
                    self._gather_at_end(body, end_gathers, out, trial)
                for jump, at_jump in jumps:
                    # a `break` reaches the code after the loop and a `continue` the next test: both expect the
                    # head's state, as the end of the body does
                    differing = sorted(name for name in at_jump if at_jump[name] != head.get(name))
                    self._gather(differing, at_jump, jump, trial, "before the jump")
                entry_gathers = sorted(name for name in state if state[name] != head.get(name))
                if entry_gathers:
                    self._gather(entry_gathers, state, node, edits,
                                 f"distributed differently inside the loop at line {node.start_point[0] + 1}")
                edits.extend(trial)
                return head
        raise TransformationError(f"data placement did not converge for the loop at line {node.start_point[0] + 1}")

    def _loop_body(self, body, state: dict, edits: list[Edit]) -> dict:
        if body.type == "compound_statement":
            return self._block(body.named_children, state, edits)
        return self._statement(body, state, edits)

    def _gather_at_end(self, body, names, state, edits) -> None:
        if body.type != "compound_statement":
            # an unbraced body: `stmt;` becomes `{ stmt; gather...; }`
            lines = [self._gather_call(name, state[name]) for name in names]
            self.gen.comm["allgatherv"] += len(names)
            self.seq += 1
            edits.append(Edit(body.start_byte, body.start_byte, "{ ", self.seq))
            self.seq += 1
            edits.append(Edit(body.end_byte, body.end_byte, " " + " ".join(lines) + " }", self.seq))
            return
        pos = body.end_byte - 1
        indent = line_indent(self.p.source, body.named_children[-1].start_byte) if body.named_children else ""
        lines = [f"/* seq2par: gather {', '.join(names)} (distributed differently on the next iteration) */"]
        for name in names:
            lines.append(self._gather_call(name, state[name]))
            self.gen.comm["allgatherv"] += 1
        self.seq += 1
        edits.append(Edit(pos, pos, "".join(f"{indent}{line}\n" for line in lines)
                          + line_indent(self.p.source, pos), self.seq))

    def _if(self, node, state: dict, edits: list[Edit]) -> dict:
        cond = node.child_by_field_name("condition")
        names = self._mentions(cond, state)
        if names:
            self._gather(names, state, node, edits, "used by the condition")
        for branch in (node.child_by_field_name("consequence"), node.child_by_field_name("alternative")):
            if branch is None:
                continue
            if branch.type == "else_clause":
                branch = branch.named_children[0]
            out = self._loop_body(branch, dict(state), edits)
            differing = sorted(n for n in out if out[n] != state.get(n))
            if differing:
                self._gather_at_end(branch, differing, out, edits)
        return state

    def _gather_columns_call(self, name: str, base: str, ctype: str, rows: str, stride: str, lo: str, hi: str) -> str:
        """Every rank's block [lo, hi) of columns of `rows` rows (`stride` elements each) from `base`, made whole."""
        self.gen.exchanged.add(name)
        self.gen.columns = True
        self.gen.comm["allgatherv"] += 1
        return f"s2p_gather_columns({base}, {self.gen.datatype(ctype)}, {rows}, {stride}, {lo}, {hi});"

    # -- a block of columns around a sequential loop ---------------------------------------------------
    def _columns(self, plan: ColumnPlan, state: dict, edits: list[Edit]) -> dict:
        """Every array the nest mentions made whole first; the parallel loop's bounds become this rank's
        block of columns (or its panels: `_pivot_columns`); after the outer loop, each written array's
        columns are gathered, and the parallel index gets the value the sequential nest leaves (when the
        outer loop ran at all)."""
        node = plan.loop.node
        indent = line_indent(self.p.source, node.start_byte)
        names = self._mentions(node, state)
        pre = []
        if names:
            pre = [f"/* seq2par: gather {', '.join(names)} (read by this loop) */", *self._gather_lines(names, state)]
        if plan.pivots is not None:
            post = self._pivot_columns(plan, edits)
        else:
            lo_var, hi_var = f"s2p_lo{plan.number}", f"s2p_hi{plan.number}"
            pre[:0] = [f"long {lo_var}, {hi_var};",
                       f"s2p_block({plan.lo}, {plan.hi}, s2p_rank, &{lo_var}, &{hi_var});"]
            self._rewrite_header(plan.inner, "block", lo_var, hi_var, plan.lo, plan.hi, edits)
            post = [self._gather_columns_call(name, self._base(name), ctype, rows, stride, plan.lo, plan.hi)
                    for name, ctype, rows, stride in plan.columns]
            final = inner_exit(plan.loop, plan.inner)
            if final is not None:
                post.append(f"{final}  /* the value the sequential nest leaves */")
        self.seq += 1
        opening = f"{{ /* seq2par: distributed over MPI ranks ({plan.describe()}) */\n"
        start = directive_start(node)
        edits.append(Edit(start, start, opening + "".join(f"{indent}{line}\n" for line in pre) + indent, self.seq))
        self.seq += 1
        edits.append(Edit(node.end_byte, node.end_byte, "".join(f"\n{indent}{line}" for line in post)
                          + f"\n{indent}}}", self.seq))
        return state

    def _pivot_columns(self, plan: ColumnPlan, edits: list[Edit]) -> list[str]:
        """A pivot-column nest (plan.pivot_column_nest): the parallel loop runs over the columns this rank owns
        (panels of S2P_PANEL columns dealt round-robin, the same at every outer step); column k of each pivot
        array comes from its owner at the top of step k. Returns the lines after the outer loop: every column
        of the written arrays from its owner."""
        self.gen.pivots = True
        inner, var = plan.inner.node, plan.inner.var
        self._rewrite_header(plan.inner, "panels", "", "", plan.lo, plan.hi, edits)
        shapes = {name: (ctype, rows, stride) for name, ctype, rows, stride in plan.columns}
        first = body_statements(plan.loop.node.child_by_field_name("body"))[0]
        inside = line_indent(self.p.source, first.start_byte)
        sends = [f"/* seq2par: column {plan.loop.var} of {', '.join(plan.pivots)} from the rank that owns it */"]
        for name in plan.pivots:
            ctype, rows, stride = shapes[name]
            self.gen.comm["bcast"] = self.gen.comm.get("bcast", 0) + 1
            sends.append(f"s2p_bcast_column({self._base(name)}, {self.gen.datatype(ctype)}, {rows}, {stride}, "
                         f"(long)({plan.loop.var}));")
        if plan.pivots:
            self.seq += 1
            edits.append(Edit(first.start_byte, first.start_byte,
                              "".join(f"{line}\n{inside}" for line in sends), self.seq))
        if not plan.inner.index_declared:
            # J's bounds follow the outer index: its exit value is taken at every outer step, J being last
            self.seq += 1
            edits.append(Edit(inner.end_byte, inner.end_byte, f"\n{inside}{var} = {exit_value(plan.inner)};  "
                              "/* the value the sequential loop leaves */", self.seq))
        post = []
        for name, ctype, rows, stride in plan.columns:
            self.gen.exchanged.add(name)
            self.gen.comm["allgatherv"] += 1
            post.append(f"s2p_gather_panels({self._base(name)}, {self.gen.datatype(ctype)}, {rows}, "
                        f"{stride});  /* each column from the rank that owns it */")
        return post

    # -- one distributed loop -------------------------------------------------------------------------
    @staticmethod
    def _gathered(plan: DistributedLoop, state: dict) -> list[str]:
        """The distributed arrays `plan` needs whole: read at rows other ranks own (neighbouring rows of
        an aligned split are a halo exchange instead), written in columns, or reduced into."""
        out = []
        for name, use in sorted(plan.arrays.items()):
            dist = state.get(name)
            if dist is None or use.covers:
                continue  # (an array whose rows the loop stores whole in every column keeps its placement)
            if dist.columns is not None:
                if not _Placement._turns_to_rows(plan, use, dist):
                    out.append(name)
                continue
            aligned = use.columns is None and dist.lo == plan.lo and dist.hi == plan.hi and \
                plan.schedule == "block" and not use.unaligned_read and dist.balance == plan.balance and \
                (use.rowmap is None or use.rowmap.stride == dist.rowmap.stride)
            if not aligned or (use.read_offsets - {0} and dist.balance):  # no halo exchange for balanced blocks
                out.append(name)
        return out + [red.var for red, *_ in plan.array_reductions if red.var in state]

    @staticmethod
    def _turns_to_rows(plan: DistributedLoop, use: ArrayUse, dist: Dist) -> bool:
        """Whether the array `dist` leaves in columns is made the rows `plan` reads (an all-to-all of each
        rank's block of rows in the others' columns) rather than gathered whole: `plan` is a block loop over
        exactly the rows the columns cover and reads or writes the array in its own row only."""
        stride = dist.columns[2]
        return plan.schedule == "block" and not plan.balance and _split_span(plan) == dist.span and \
            use.columns is None and not use.unaligned_read and use.read_offsets <= {0} and \
            (use.rowmap is None or use.rowmap.stride == stride)

    @classmethod
    def _picks_transposed(cls, plan: DistributedLoop, state: dict) -> bool:
        """Whether the nest runs over its inner loop (plan.transposed): when that gathers no array of rows
        longer than one element and spares one that the plan over the outer loop gathers."""
        if plan.transposed is None:
            return False

        def rows(names) -> set[str]:
            return {name for name in names if state[name].rowmap.stride != "1L"}
        outer, inner = set(cls._gathered(plan, state)), set(cls._gathered(plan.transposed, state))
        return bool(rows(outer - inner)) and not rows(inner - outer)

    def _distributed(self, plan: DistributedLoop, state: dict, edits: list[Edit]) -> dict:
        # one storage under two names (`p = a`): the loop's halo, gather and split logic look the array up
        # by the name the loop uses, so its state moves to that name (a stencil reading p[i - 1] after a
        # loop that wrote q[i] got no halo exchange)
        for name in plan.arrays:
            if name not in state:
                other = next((a for a in sorted(self.aliases.get(name, ())) if a in state), None)
                if other is not None:
                    state = dict(state)
                    state[name] = state.pop(other)
        plan.use_transposed = self._picks_transposed(plan, state)
        if plan.use_transposed:
            plan.transposed.number = plan.number
            plan = plan.transposed
        node = (plan.around or plan.loop).node
        n = plan.number
        source = self.p.source
        indent = line_indent(source, node.start_byte)
        pre: list[str] = []
        post: list[str] = []
        gathers = self._gathered(plan, state)
        for name, use in sorted(plan.arrays.items()):
            dist = state.get(name)
            if dist is None or name in gathers or use.covers:
                continue
            if dist.columns is not None:
                base, _, stride, first, end = dist.columns
                self.gen.exchanged.add(name)
                self.gen.turns = True
                pre.append(f"s2p_columns_to_rows({base}, {self.gen.datatype(dist.ctype)}, {first}, {end}, "
                           f"{stride}, {dist.lo}, {dist.hi});  /* {name}: each rank's rows from the others' columns */")
                self.gen.comm["alltoall"] = self.gen.comm.get("alltoall", 0) + 1
                state = dict(state)
                state[name] = Dist(plan.lo, plan.hi, RowMap.whole(stride), dist.ctype,
                                   span=_split_span(plan))
                continue
            below = max([0] + [-o for o in use.read_offsets])
            above = max([0] + list(use.read_offsets))
            if below or above:
                m = dist.rowmap
                self.gen.exchanged.add(name)
                pre.append(f"s2p_exchange_halo({self._base(name)}, {self.gen.datatype(dist.ctype)}, {dist.lo}, "
                           f"{dist.hi}, {m.stride}, {m.rmin}, {m.rmax}, {below}L, {above}L);")
                self.gen.comm["halo"] += 1
        for name in self._call_globals(plan, state) + self._reached_through_derived(plan, state):
            if name not in gathers:
                gathers.append(name)
        if gathers:
            pre[:0] = [f"/* seq2par: gather {', '.join(sorted(gathers))} (read by this loop) */",
                       *self._gather_lines(sorted(gathers), state)]
        lo_var, hi_var = f"s2p_lo{n}", f"s2p_hi{n}"
        if plan.schedule == "block":
            pre.insert(0, f"long {lo_var}, {hi_var};")
            if plan.balance:
                self.gen.balanced = True
                pre.insert(1, f"s2p_balanced_block({plan.lo}, {plan.hi}, {plan.balance}, s2p_rank, &{lo_var}, "
                              f"&{hi_var});")
            else:
                pre.insert(1, f"s2p_block({plan.lo}, {plan.hi}, s2p_rank, &{lo_var}, &{hi_var});")
            if plan.clip is not None:
                pre.insert(2, f"if ({lo_var} < {plan.clip[0]}) {lo_var} = {plan.clip[0]};  /* this loop's own bounds "
                              f"within the split of {plan.lo}..{plan.hi} */")
                pre.insert(3, f"if ({hi_var} > {plan.clip[1]}) {hi_var} = {plan.clip[1]};")
        for red, _ctype in plan.scalar_reductions:
            if red.kind == "scalar" and red.op in IDENTITY:
                pre.append(f"if (s2p_rank != 0) {red.var} = {IDENTITY[red.op]};  /* this rank's partial result */")
        mirrored = {statement.start_byte: "/* seq2par: moved after the loop (a mirror copy) */"
                    for statement, _, _ in plan.mirrors}
        swaps = interchanges(self.gen.report, self.fn, plan.loop, frozenset(mirrored))
        inside_swaps = [(j.node.start_byte, j.node.end_byte) for j, k in swaps
                        if j.node.start_byte < k.node.start_byte]  # the interchange edit leaves these out itself
        for statement, _, _ in plan.mirrors:
            if any(start <= statement.start_byte < end for start, end in inside_swaps):
                continue
            self.seq += 1
            edits.append(Edit(statement.start_byte, statement.end_byte, mirrored[statement.start_byte], self.seq))
        outermost = plan.around or plan.loop
        final = exit_value(outermost) if not outermost.index_declared else None
        if final is not None:
            # each rank's loop stopped at the end of its own block
            post.append(f"{outermost.var} = {final};  /* the value the sequential loop leaves */")
        if plan.around is not None and not plan.loop.index_declared:
            post.append(f"{inner_exit(plan.around, plan.loop)}  /* the value the sequential nest leaves */")
        for red, ctype, base, count in plan.array_reductions:
            if red.op == "+":
                pre.append(f"if (s2p_rank != 0) memset({base}, 0, sizeof({ctype}) * (size_t){count});")
            datatype, operation = reduction_operands(ctype, red.op, self.p.language == "cpp")
            post.append(f"MPI_Allreduce(MPI_IN_PLACE, {base}, {count}, {datatype}, {operation}, MPI_COMM_WORLD);")
            self.gen.comm["allreduce"] += 1
        for red, ctype in plan.scalar_reductions:
            post.append(self._reduce(red, ctype))
            self.gen.comm["allreduce"] += 1
        left_in_columns = {}
        for name, use in sorted(plan.arrays.items()):
            if use.columns is not None:
                base, rows, stride = use.columns
                before = state.get(name)
                if use.covers and use.pass_rows is not None and plan.schedule == "block" and not plan.balance and \
                        plan.clip is None and (before is None or (before.columns is None and not before.balance and
                                                                  before.span == use.pass_rows and
                                                                  before.rowmap.stride == stride)):
                    # every element of the rows the array had distributed (if any) is stored again in the
                    # columns: its columns stay on their ranks until a reader needs them
                    first, end = (f"(long){affine_to_c(bound)}" for bound in use.pass_rows)
                    left_in_columns[name] = Dist(plan.lo, plan.hi, RowMap.whole(stride),
                                                 use.ctype, span=use.pass_rows,
                                                 columns=(base, rows, stride, first, end))
                    continue
                post.append(self._gather_columns_call(name, base, use.ctype, rows, stride, plan.lo, plan.hi)
                            + f"  /* each rank's columns of {name} */")
        for name, use in sorted(plan.arrays.items()):
            if use.written and name in self.gen.shared:
                pre.append(f"s2p_before_write({self._base(name)});  /* other ranks may still read these rows */")
        block_swap = outer_swap(self.gen.report, self.fn, plan.loop) if plan.schedule == "block" else None
        directed: list[tuple[int, int]] = []  # loops given a directive here, which the hints below leave alone
        if plan.loop.kind == "range":
            self._rewrite_range_header(plan, lo_var, hi_var, edits)
        elif plan.around is not None:
            # `for i for j` -> `for j-in-my-rows for i`
            start, end = header_span(plan.loop)
            rewritten = []
            self._rewrite_header(plan.loop, plan.schedule, lo_var, hi_var, plan.lo, plan.hi, rewritten)
            header = apply_edits(self.p.source[start:end], [Edit(e.start - start, e.end - start, e.text)
                                                            for e in rewritten])
            outer_start, outer_end = header_span(plan.around)
            edits += [Edit(outer_start, outer_end, header),
                      Edit(start, end, self.p.source[outer_start:outer_end].decode())]
        elif block_swap is None:
            self._rewrite_header(plan.loop, plan.schedule, lo_var, hi_var, plan.lo, plan.hi, edits)
        else:
            # `for i for j` -> `for j for i-in-my-rows`: the rank's rows of i, each walked along at every j
            edits += swap_headers_edits(self.p.source, plan.loop, block_swap,
                                        block_header(self.p.source, plan.loop, lo_var, hi_var))
            if swapped_lanes(self.fn, plan.loop, block_swap):  # as the OpenMP target's thread blocks
                self.gen.simd_loops += 1
                edits += directive_edits(self.p.source, block_swap.node, "#pragma omp simd")
                # nothing may come between that directive and its loop (an S2P_IVDEP did: no build)
                directed.append((block_swap.node.start_byte, block_swap.node.end_byte))
        # `for k for j` turned `for j for k`: the element the new inner k loop updates, held in a local
        helds = [held_across_swap(self.gen.report, self.fn, j, k, self.gen.lane_sums) for j, k in swaps]
        described = plan.describe() + "".join(f"; {j.var}/{k.var} loops interchanged at line {j.line} (stride-1 "
                                              "innermost)" for j, k in swaps)
        described += "".join(f"; {held.element} held in `{held.name}`" + (" (a SIMD sum)" if held.simd else "")
                             for held in helds if held is not None)
        if block_swap is not None:
            described += (f"; {plan.loop.var}/{block_swap.var} loops interchanged, each rank keeping its rows of "
                          f"{plan.loop.var} (stride-1 innermost)")
        self.seq += 1
        opening = f"{{ /* seq2par: distributed over MPI ranks ({described}) */\n"
        opening += "".join(f"{indent}{line}\n" for line in pre) + indent
        start = directive_start(node)
        edits.append(Edit(start, start, opening, self.seq))
        # after the opening: a hint on this loop goes next to its `for`
        moved = block_swap is not None or plan.around is not None or plan.loop.kind != "for"
        self._vectorization_hints(plan, edits, skip=[*directed, *((min(j.node.start_byte, k.node.start_byte),
                                                                   max(j.node.end_byte, k.node.end_byte))
                                                                  for j, k in swaps)],
                                  simd=not moved)
        for (j, k), held in zip(swaps, helds, strict=True):
            self.seq += 1
            directive = swap_simd_directive(j, k)
            self.gen.simd_loops += bool(directive) or bool(held and held.simd)
            edits.append(interchange_edit(self.p.source, j, k, self.seq, inner_directive=directive, held=held,
                                          moved=mirrored, reads=reads_across_swap(self.gen.report, self.fn, j, k)))
        # elements an innermost loop updates on every iteration, held in locals across it (as the OpenMP
        # target does): the compiler cannot keep them in registers when the arrays may share storage
        rewritten = {lp.id for pair in swaps for lp in pair} | \
            {lp.id for lp in (block_swap, plan.around) if lp is not None} | ({plan.loop.id} if plan.around else set())
        held = accumulators(self.gen.report, self.fn, plan.around or plan.loop, rewritten, self.gen.lane_sums)
        self.gen.simd_loops += len({acc.loop.id for acc in held if acc.simd})
        edits += accumulator_edits(self.p.source, held)
        if plan.shadows:
            self.seq += 1
            edits += body_top_edits(self.p.source, plan.loop, plan.shadows, self.seq)
        closing = "".join(f"\n{indent}{line}" for line in post) + f"\n{indent}}}"
        self.seq += 1
        edits.append(Edit(node.end_byte, node.end_byte, closing, self.seq))
        new = dict(state)
        new.update(left_in_columns)
        for red, *_ in plan.array_reductions:
            new.pop(red.var, None)
        for name, use in plan.arrays.items():
            if use.rowmap is not None:
                if plan.schedule != "block":
                    raise TransformationError("internal error: cyclic loop writes arrays")
                new[name] = Dist(plan.lo, plan.hi, use.rowmap, use.ctype, plan.balance, span=_split_span(plan))
        if plan.mirrors:
            lines = self._mirror_nests(plan, new, indent)
            self.seq += 1
            edits.append(Edit(node.end_byte, node.end_byte, "".join(f"\n{indent}{line}" for line in lines), self.seq))
        return new

    def _mirror_nests(self, plan: DistributedLoop, state: dict, indent: str) -> list[str]:
        """After the loop: each mirrored array made whole, then its copies run on every rank."""
        lines = []
        for _, name, nest in plan.mirrors:
            if name in state:
                lines.append(f"/* seq2par: gather {name} (read by the mirror copies) */")
                lines += self._gather_lines([name], state)
            lines += nest.splitlines()
        return lines

    def _vectorization_hints(self, plan: DistributedLoop, edits: list[Edit],
                             skip: list[tuple[int, int]] = (), simd: bool = True) -> None:
        """With `simd` (no loop header of the nest moved), every innermost loop whose iterations may run in
        SIMD lanes (`simd_directive`, as the OpenMP target's inner loops) gets `#pragma omp simd`, which the
        build's -fopenmp-simd turns on: gcc -O2 leaves loops of unknown trip count scalar otherwise (PolyBench
        doitgen at np=2: 0.085-0.112 s without it, 0.052-0.069 s with it); without the flag it is ignored.

        A file-scope array made node-shared is reached through a pointer (`static double (*b)[N]`), so the
        compiler can no longer tell it from the arrays the loop stores into; at -O2, GCC then leaves the
        innermost loop scalar where the original was vectorized (matmul's j loop ran 2.7x slower at one
        rank). The analysis proved those innermost loops free of loop-carried dependences, which is what
        `GCC ivdep` asserts: S2P_IVDEP restores the vectorization (it expands to nothing for other
        compilers). Only where every array the loop indexes was a true array in the original, so the
        compiler knew them apart there too: the hint gives back what sharing took, nothing more."""
        globals_made_shared = {name for name, array in self.gen.shared.items() if array.setup is not None}
        if not globals_made_shared and not simd:
            return
        loops = {lp.id: lp for lp in self.fn.loops}
        stack = [plan.loop]
        while stack:
            loop = stack.pop()
            inner = [loops[child] for child in loop.children if child in loops]
            if inner:
                stack.extend(inner)
                continue
            if pragma_before(loop.node) is not None or any(start <= loop.node.start_byte < end for start, end in skip):
                continue
            indent = line_indent(self.p.source, loop.node.start_byte)
            directive = simd_directive(self.gen.report, self.fn, loop) if simd else None
            if directive is not None:
                self.gen.simd_loops += 1
                self.seq += 1
                start = loop.node.start_byte
                if self.p.source[self.p.source.rfind(b"\n", 0, start) + 1:start].strip():
                    indent += "  "  # `for (...) for (...)` on one line: the directive needs a line of its own
                    directive = f"\n{indent}{directive}"
                edits.append(Edit(start, start, f"{directive}\n{indent}", self.seq))
                continue
            analysis = self.gen.report.analyses.get(loop.id)
            lo, hi = loop.body_orders
            indexed = {acc.name for acc in self.fn.accesses if lo < acc.order <= hi and acc.subscripts is not None}
            true_arrays = all((var := variable(self.p, self.fn, name)) is not None and var.is_array
                              and not var.is_pointer for name in indexed)
            if analysis is None or analysis.verdict != "parallel" or loop.kind != "for" or not true_arrays \
                    or not indexed & globals_made_shared:
                continue
            self.gen.vector_hints += 1
            self.seq += 1
            edits.append(Edit(loop.node.start_byte, loop.node.start_byte, f"S2P_IVDEP\n{indent}", self.seq))

    def _rewrite_range_header(self, plan: DistributedLoop, lo_var: str, hi_var: str, edits: list[Edit]) -> None:
        """`for (DECL : c) BODY` → `for (std::size_t k = lo; k < hi; ++k) { DECL = c[k]; BODY }`."""
        node = plan.loop.node
        source = self.p.source
        body = node.child_by_field_name("body")
        open_paren = next(c for c in node.children if c.type == "(")
        colon = next(c for c in node.children if c.type == ":")
        decl = source[open_paren.end_byte:colon.start_byte].decode().strip()
        it = f"s2p_it{plan.number}"
        if plan.schedule == "block":
            header = f"for (std::size_t {it} = {lo_var}; {it} < (std::size_t){hi_var}; ++{it}) "
        else:
            header = f"for (std::size_t {it} = s2p_rank; {it} < (std::size_t){plan.hi}; {it} += s2p_size) "
        element = f"{{ {decl} = {plan.loop.range_container}[{it}]; "
        edits.append(Edit(node.start_byte, body.start_byte, header + element))
        edits.append(Edit(body.end_byte, body.end_byte, " }"))

    def _reached_through_derived(self, plan: DistributedLoop, state: dict) -> list[str]:
        """The distributed arrays the loop reads through a pointer into them (`double *p = a + off;` then
        `c[i] = p[i]`): the loop's rows of `p` are not its rows of `a`, so they are gathered whole (the loop
        read each rank's stale copy of the rows other ranks had computed). Writes through such pointers are
        refused before (`_distribution`)."""
        out = []
        named = set(plan.arrays)
        if self.element_references:
            # `double &e = v[0];` read in the loop as `e` (no subscript: not among the loop's arrays)
            named |= {m.group().decode() for m in _IDENT.finditer(self._code(plan.loop.node))} & \
                self.element_references.keys()
        for name in sorted(named):
            for array in sorted(self.derived.get(name, ())):
                out += sorted(({array} | self.aliases.get(array, set())) & state.keys())
        return out

    def _call_globals(self, plan: DistributedLoop, state: dict) -> list[str]:
        lo, hi = plan.loop.body_orders
        out = set()
        for call in self.fn.calls:
            if lo < call.order <= hi and call.name in self.p.functions:
                s = self.gen.pa.summary(call.name)
                out |= (s.reads_globals | s.writes_globals) & state.keys()
        return sorted(out)

    def _reduce(self, red: Reduction, ctype: str) -> str:
        if red.kind in ("minloc", "maxloc"):
            pair_type, value_type = PAIR_TYPES[ctype]
            op = "MPI_MINLOC" if red.kind == "minloc" else "MPI_MAXLOC"
            return (f"{{ struct {{ {value_type} value; int index; }} s2p_in = {{ {red.var}, (int){red.index_var} }}, "
                    f"s2p_out;\n      MPI_Allreduce(&s2p_in, &s2p_out, 1, {pair_type}, {op}, MPI_COMM_WORLD);\n"
                    f"      {red.var} = s2p_out.value; {red.index_var} = s2p_out.index; }}")
        # Reduce a copy: taking the address of the accumulator itself can slow the loop down (it may no
        # longer live in a register).
        datatype, operation = reduction_operands(ctype, red.op, self.p.language == "cpp")
        return (f"{{ {ctype} s2p_value = {red.var}; MPI_Allreduce(MPI_IN_PLACE, &s2p_value, 1, {datatype}, "
                f"{operation}, MPI_COMM_WORLD); {red.var} = s2p_value; }}")

    def _rewrite_header(self, loop: Loop, schedule: str, lo_var: str, hi_var: str, lo_text: str, hi_text: str,
                        edits: list[Edit]) -> None:
        """`loop`'s bounds made this rank's block [lo_var, hi_var), or its cyclic share of [lo_text, hi_text),
        or its panels of columns in [lo_text, hi_text) (`panels`: s2p_panel_first / s2p_panel_next)."""
        if schedule == "block":
            edits += block_bounds_edits(loop, lo_var, hi_var)
            return
        var = loop.var
        value, cond, update = header_parts(loop)
        if schedule == "panels":
            edits.append(Edit(value.start_byte, value.end_byte, f"s2p_panel_first({lo_text})"))
            edits.append(Edit(cond.start_byte, cond.end_byte, f"{var} < {hi_text}"))
            edits.append(Edit(update.start_byte, update.end_byte, f"{var} = s2p_panel_next({var})"))
        else:
            edits.append(Edit(value.start_byte, value.end_byte, f"{lo_text} + s2p_rank"))
            edits.append(Edit(cond.start_byte, cond.end_byte, f"{var} < {hi_text}"))
            edits.append(Edit(update.start_byte, update.end_byte, f"{var} += s2p_size"))


def _splits_columns(arrays: dict[str, ArrayUse]) -> bool:
    """Some array is written only in the column the loop index names (see MpiGenerator._column_slice)."""
    return any(use.columns is not None for use in arrays.values())


def _columns_only(plan: DistributedLoop) -> bool:
    """The loop writes arrays only in the column its index names (every written array is a column slice)."""
    written = [use for use in plan.arrays.values() if use.written]
    return bool(written) and all(use.columns is not None for use in written) and not plan.array_reductions


def _split_span(plan: DistributedLoop) -> tuple[Affine, Affine] | None:
    """The iterations [lo, hi) `plan` splits, as values, when its loop is counted and not clipped (see
    MpiGenerator._share_ranges); else None."""
    loop = plan.loop
    if plan.clip is not None or loop.kind != "for" or loop.lower is None or loop.upper is None:
        return None
    return loop.lower, loop.upper


def _span(node) -> tuple[tuple[int, int], tuple[int, int]]:
    """`node`'s (line, column) start and end, 1-based like the IR's accesses and calls."""
    return (node.start_point[0] + 1, node.start_point[1] + 1), (node.end_point[0] + 1, node.end_point[1] + 1)


def generate_mpi(report: FileReport, **options) -> GeneratedProgram:
    """Generate the MPI program for an analyzed file; raises TransformationError."""
    return MpiGenerator(report, **options).generate()
