"""OpenMP backend: the original source, unchanged but for `#pragma omp parallel for` lines.

One node, shared memory: no data placement at all. What the analysis proves legal becomes the clauses: its
private scalars (`private`), temporaries whose last value is used after the loop (`lastprivate`, S2P214),
scalar and array reductions (`reduction(op: s)`, `reduction(+: hist)`, `reduction(+: y[:n])`), and a loop
index declared outside the loop (`lastprivate(i)`: OpenMP gives it the value sequential execution leaves).
The plan takes the outermost legal `for` loop of each nest; loops whose work is known to be too small to
pay for a parallel region stay sequential, and nests whose inner bounds depend on the outer index
(triangles) get `schedule(static, 1)` so that the threads share the long and the short rows. A loop without
inner loops gets `simd` too (its scalar reductions then vectorize without -ffast-math). A min/max that keeps
its index (minloc), which no OpenMP reduction expresses, becomes a parallel region whose threads each run
their block on `firstprivate` copies, combined in a critical section with the sequential tie rule.
"""

from __future__ import annotations

import ast
import operator
import re
from dataclasses import dataclass, field, replace

from seq2par.analyzers import FileReport
from seq2par.analyzers.affine import Affine
from seq2par.analyzers.dependence import LoopAnalysis, ProgramAnalysis, dimension_value
from seq2par.analyzers.ir import (
    Function,
    Loop,
    _macro_named,
    bit_vector,
    held_type,
    is_plain_scalar,
    random_access_container,
    record_key,
    through_macros,
    value_rank,
    variable,
)
from seq2par.analyzers.subscripts import enclosing_bounds, provably_within

from ..edits import Edit, TransformationError, apply_edits, line_indent
from ..if_conversion import if_conversion_edits, kept_conditional_stores
from ..interchange import (
    block_header,
    dot_product_edit,
    dot_products,
    interchange_edit,
    interchanges,
    outer_swap,
    swap_headers_edits,
    swap_simd_directive,
    swapped_lanes,
    transposed_sums,
)
from ..layout import COMPLEX_TYPE, allocated_count, element_type
from ..plan import (
    body_top_edits,
    choose_outermost,
    column_nest,
    exit_value,
    header_reason,
    inner_exit,
    mixed_sign_bound,
    pointers_into,
    range_texts,
    real_bound,
    scratch_shadows,
    several_inductions,
)
from ..scalar_replacement import (
    INLINED_CALLS,
    Accumulator,
    accumulator_edits,
    accumulators,
    calls_only_inlined,
    held_across_swap,
    reads_across_swap,
    runs_at_least_once,
)
from ..statements import BINDING_PRAGMA, pragma_before

_REDUCTION_OPERATORS = {"+": "+", "*": "*", "&": "&", "|": "|", "^": "^", "&&": "&&", "||": "||",
                        "min": "min", "max": "max"}
MIN_WORK = 4096  # innermost iterations below which a parallel region costs more than it saves
# Loops around a nest of unknown size (in its function, and around the calls of that function) from which it
# runs in parallel only when it has MIN_WORK innermost iterations: under one loop it starts a region per
# iteration of that loop (BT's solvers once per time step: the guard, counting iterations and not what they
# do, sent its 5x5-block nests back to one thread, 2.0x -> 0.9x); under two or more, per iteration of all of
# them (FT's butterflies: 0.11x without the guard)
NEST_GUARD_LOOPS = 2
MAX_ENCLOSING = 1  # sequential loops around a parallel loop without inner loops: deeper, a region per pixel
# a parallel loop of at most this many (constant) iterations over a parallel inner loop is collapsed with it:
# 3 colour channels on 2 threads are 2 + 1 channels (1.5x at best), their pixels collapsed 2x
COLLAPSE_MAX_TRIPS = 32


@dataclass(frozen=True)
class ParallelLoop:
    loop: Loop
    pragma: str  # the whole `#pragma omp parallel for ...` line, without indentation
    declarations: tuple[str, ...] = ()  # lines placed before it (`#pragma omp declare reduction ...`, the
    # opening of a parallel region for a minloc)
    after: tuple[str, ...] = ()  # lines placed after the loop (a minloc's combination); the whole is braced
    inner: tuple[tuple[Loop, str], ...] = ()  # innermost loops of the nest with their `#pragma omp simd` line
    swaps: tuple[tuple[Loop, Loop], ...] = ()  # (j, k) pairs interchanged for stride-1 innermost loops
    held: tuple[Accumulator, ...] = ()  # array elements held in locals across an inner loop
    dots: tuple[tuple[Loop, Loop, str, str, str], ...] = ()  # dot products over a column, made row updates
    swap_held: tuple[Accumulator | None, ...] = ()  # per swap: the element held across the new inner loop
    block_swap: Loop | None = None  # inner loop run outside each thread's block of this one (`outer_swap`)
    sums: Loop | None = None  # inner loop run in parallel around this one, its sums reduced (`_sums_over_rows`)
    around: Loop | None = None  # the sequential loop a column nest's region encloses (`plan.column_nest`)
    indexed: bool = False  # a range-for rewritten as a loop over the container's indices (`_indexable`)
    region: str = ""  # that region's `#pragma omp parallel ...` line
    shadows: tuple[str, ...] = ()  # declarations at the top of the loop body (openmp_clauses' `shadows`)
    collapse: Loop | None = None  # the inner loop of a `collapse(2)` (`_collapsible_child`)
    iterated: bool = False  # a range-for each thread walks over its block with the container's iterators
    # a condition the parallel loop runs under (its reduced arrays' copies fit on the threads' stacks); the
    # original loop runs otherwise
    guard: str = ""
    guard_note: str = "each thread's copies of the reduced arrays fit on its stack"  # when the guard holds
    # (condition, note): a guard that the nest has enough work (`_enough_nest_work`), added to `guard`
    # unless the plan becomes a column nest's region (`_with_work_guard`)
    work_guard: tuple[str, str] | tuple[()] = ()

    @property
    def schedule(self) -> str:
        found = re.search(r"schedule\(([^)]*)\)", self.pragma)
        return found.group(1) if found else "static"

    def describe(self) -> str:
        """What a report line says about this loop: the directive itself, and the loops interchanged."""
        swapped = "".join(f"; {j.var}/{k.var} loops interchanged at line {min(j.line, k.line)} (stride-1 innermost)"
                          for j, k in self.swaps)
        swapped += "".join(f"; {j.var}/{k.var} dot product at line {j.line} accumulated in {element} along rows"
                           for j, k, element, _, _ in self.dots)
        swapped += "".join(f"; {acc.element} held in `{acc.name}` across the interchanged loops at line {acc.loop.line}"
                           for acc in self.swap_held if acc is not None)
        swapped += "".join(f"; {acc.element} held in `{acc.name}` across the loop at line {acc.loop.line}"
                           for acc in self.held)
        if self.block_swap is not None:
            swapped += (f"; {self.loop.var}/{self.block_swap.var} loops interchanged at line {self.loop.line}, each "
                        f"thread keeping its block of {self.loop.var} (`s2p_thread_block`, stride-1 innermost)")
        if self.sums is not None:
            swapped += (f"; {self.loop.var}/{self.sums.var} loops interchanged at line {self.loop.line}, each thread "
                        f"adding over its block of {self.sums.var}, the rows an earlier loop left it")
        if self.iterated:
            return (f"{self.pragma.removeprefix('#')}, each thread walking its block of `{self.loop.range_container}` "
                    f"with the container's own iterators (`s2p_thread_block`){swapped}")
        if self.around is not None:
            return (f"{self.region.removeprefix('#')} around the sequential {self.around.var} loop at line "
                    f"{self.around.line}, {self.pragma.removeprefix('#')} (each thread keeps its columns){swapped}")
        if self.after:
            region = next(line for line in self.declarations if line.startswith("#pragma omp parallel"))
            return (f"{region.removeprefix('#')}, {self.pragma.removeprefix('#')}, combined in "
                    f"`omp critical({MINLOC_CRITICAL})`{swapped}")
        return self.pragma.removeprefix("#") + swapped


@dataclass
class OpenMPProgram:
    source: str
    language: str
    compiler: str  # "cc" or "c++" (with -fopenmp)
    compile_flags: list[str]
    parallel: list[ParallelLoop]
    sequential: list[tuple[Loop, str]] = field(default_factory=list)

    @property
    def distributed(self) -> list[ParallelLoop]:
        """The parallel loops, under the name the other backends' programs use."""
        return self.parallel


def _integer(text: str) -> int | None:
    try:
        return int(text.strip().replace(" ", ""), 0)
    except ValueError:
        return None


def _trip_count(loop: Loop) -> int | None:
    lower = loop.lower
    if lower is None and _integer(loop.lower_text) is not None:
        # `for (int k = -1; k <= 1; ++k)`: the analysis keeps no Affine for a negative literal
        lower = Affine.const(_integer(loop.lower_text))
    if lower is None or loop.upper is None or loop.tile_step:
        return None  # (a tile loop's step is known only at run time)
    span = loop.upper - lower
    if not span.is_constant():
        return None
    step = abs(loop.step or 1)
    return max(0, -(-span.constant // step))


def _known_work(fn: Function, loop: Loop) -> int | None:
    """Innermost iterations of the nest under `loop` when every trip count is a constant, else None."""
    children = {lp.id: lp for lp in fn.loops}
    trips = _trip_count(loop)
    if trips is None:
        return None
    inner = [children[c] for c in loop.children]
    if not inner:
        return trips
    most = 0
    for child in inner:
        work = _known_work(fn, child)
        if work is None:
            return None
        most += work
    return trips * max(most, 1)


def _descendants(fn: Function, loop: Loop) -> list[Loop]:
    by_id = {lp.id: lp for lp in fn.loops}
    out, stack = [], list(loop.children)
    while stack:
        lp = by_id[stack.pop()]
        out.append(lp)
        stack.extend(lp.children)
    return out


def openmp_clauses(report: FileReport, fn: Function, loop: Loop, analysis: LoopAnalysis, *,
                   declarations: list[str] | None = None, minloc_ok: bool = False,
                   shadows: list[str] | None = None, guards: list[str] | None = None) -> list[str] | str:
    """The clauses that make `loop` run in parallel with the sequential result, or why it cannot be done.

    With `declarations` (a list the caller places before the directive), an element-wise reduction into a
    `std::vector` or `std::array` (a histogram `bins[k]++` on a container, which OpenMP cannot reduce as an
    array section) gets a `#pragma omp declare reduction` for its type, appended there. With `minloc_ok`, a
    minloc/maxloc is left to the caller (`minloc_region`) instead of refused. A scratch array of each
    iteration (analysis.private_arrays) that is a local array is `private`; one reached through a parameter
    declared as an array needs a local array of its own shape declared in the loop body, which a clause
    cannot say: with `shadows` (a list the caller declares at the top of the body) its declaration is
    appended there, else the loop is refused.

    gcc puts each thread's copy of a reduced array on the thread's stack: arrays over REDUCTION_COPY_BYTES
    in all are refused; when their size is known only at run time, the condition under which the copies fit
    is appended to `guards` (the caller runs the original loop otherwise), or the loop is refused."""
    if loop.kind == "range":
        # OpenMP 5.0 range-based `for` (gcc >= 9): the container needs random-access iterators.
        if loop.range_container is None or not _random_access(report, fn, loop.range_container):
            return "range-for over a container not known to have random-access iterators"
    elif loop.kind != "for" or loop.var is None:
        return "OpenMP distributes only counted `for` loops"
    elif (header := header_reason(loop)) is not None:
        return header
    elif (real := real_bound(report, fn, loop)) is not None:
        # gcc: "invalid controlling predicate" for `i < lim` with a double lim, in `for` and `simd` alike
        return f"its {real} is not an integer, and OpenMP's loops need integer indices and bounds"
    elif (mixed := mixed_sign_bound(report.program, fn, loop)) is not None:
        return mixed  # OpenMP counts in the index's type: from -1 below an unsigned bound it ran every iteration
    clauses: list[str] = []
    by_op: dict[str, list[str]] = {}
    copies = 0  # bytes of the reduced arrays of known size: each thread's private copies
    unknown: list[str] = []  # C expressions of the others' bytes (`(double)(m + 0) * sizeof s[0]`)
    nonempty: list[str] = []  # and the conditions that their sections are not empty
    for reduction in analysis.reductions:
        if reduction.kind in ("minloc", "maxloc"):
            if minloc_ok:
                continue
            return f"{reduction.kind} of `{reduction.var}`: OpenMP has no reduction that keeps the index"
        if reduction.kind == "element":
            return f"reduction into the single element {reduction.element} while other elements are read"
        op = _REDUCTION_OPERATORS.get(reduction.op)
        if op is None:
            return f"no OpenMP reduction for `{reduction.op}`"
        if op in ("&&", "||") and not runs_at_least_once(loop):
            # OpenMP combines the original value too: `5 && 1` is 1, where a loop that ran zero times leaves 5
            return (f"`{op}` reduction of `{reduction.var}` in a loop that may run zero times: OpenMP would turn "
                    "an accumulator other than 0 or 1 into 0 or 1")
        if reduction.kind == "array" and (record := _record_elements(report, fn, reduction.var)) is not None:
            # (`ps[0].x += a[i]` is a reduction into an element of `ps`: OpenMP's own `+` takes numbers, and
            # `reduction(+: ps)` did not compile)
            return (f"array reduction into `{reduction.var}`, whose elements are `{record}`, a struct or class: "
                    "OpenMP reduces numbers; accumulate the members in local scalars and store them after the loop")
        if reduction.kind == "array" and (into := pointers_into(report.program, fn, reduction.var)):
            # each thread's zeroed copy of the whole array, combined into it at the end, beside reads through
            # the pointers into it that reach the shared array
            return f"array reduction into `{reduction.var}`, whose storage `{', '.join(into)}` also point into"
        if reduction.kind == "array":
            item = _array_section(report, fn, reduction.var, loop)
            if item is None and declarations is not None:
                declared = _container_reduction(report, fn, loop, reduction.var, op)
                if isinstance(declared, str):
                    return declared
                if declared is not None:
                    identifier, line = declared
                    declarations.append(line)
                    clauses.append(f"reduction({identifier}: {reduction.var})")
                    continue
            if item is None:
                return f"array reduction into `{reduction.var}`, whose extent is not known here"
            known = _copy_bytes(report, fn, reduction.var)
            if known is not None:
                copies += known
            elif (term := _copy_bytes_text(item)) is None:
                return (f"array reduction into `{item}`: its size `{item}` is computed by a call, and each "
                        "thread's copy of it goes on the thread's stack, which a guard must check first")
            elif guards is None:
                return (f"array reduction into `{item}`, sized at run time: each thread's copy goes on its stack "
                        "(gcc), and this loop cannot be given a sequential fallback for large sizes")
            else:
                unknown.append(term)
                if "[:" in item:  # a zero-length section crashes gcc 12's reduction code: the original loop then
                    nonempty.append(f"({item.partition('[:')[2][:-1]}) > 0")
            if copies > REDUCTION_COPY_BYTES:
                # 2,198,001 ints (NPB CG's `colidx`) crashed every run, at one thread too
                return _too_big_to_copy(reduction.var, copies)
            by_op.setdefault(op, []).append(item)
        elif op in ("min", "max") and (extremum := _real_extremum(report, fn, reduction.var, op)) is not None:
            # declared at file scope (`extremum_declarations`), so that inner `simd` loops may use it too
            clauses.append(f"reduction({extremum}: {reduction.var})")
        elif op in ("min", "max") and not _integral(report, fn, reduction.var):
            return (f"{op} of `{reduction.var}`, whose type seq2par cannot tell (a typedef, a template "
                    "parameter): OpenMP's own reduction loses a NaN the loop starts from; declare it float, "
                    "double or an integer type")
        elif (complex_type := _complex_scalar(report, fn, reduction.var)) is not None:
            # OpenMP's own `+` and `*` are for arithmetic types: `reduction(+: s)` on a std::complex does not
            # compile. A reduction declared for the type does; each thread starts from 0 (or 1).
            if op not in ("+", "*") or declarations is None:
                return (f"`{op}` reduction of `{reduction.var}`, a {complex_type}, which OpenMP's own reductions do "
                        "not take" + ("" if op in ("+", "*") else " and seq2par declares none for"))
            identifier = f"s2p_complex_{'sum' if op == '+' else 'product'}_{loop.id}"
            line = (f"#pragma omp declare reduction({identifier} : {complex_type} : omp_out {op}= omp_in) "
                    f"initializer(omp_priv = {complex_type}({'0' if op == '+' else '1'}))")
            if line not in declarations:
                declarations.append(line)
            clauses.append(f"reduction({identifier}: {reduction.var})")
        elif not reduction.var.isidentifier():
            # OpenMP's reduction clauses list variables: `reduction(+: s.sum)` does not compile
            return (f"reduction into `{reduction.var}`, a member: OpenMP reduces variables only; accumulate into "
                    "a local scalar in the loop and store it into the member after the loop")
        else:
            by_op.setdefault(op, []).append(reduction.var)
    if unknown and guards is not None:
        guards.append(" && ".join([f"{' + '.join(unknown)} <= {REDUCTION_COPY_BYTES - copies}.0", *nonempty]))
    private = [name for name in analysis.private if name != loop.var]
    declared = scratch_shadows(report.program, fn, analysis)  # (a local array is `private` as it is)
    if isinstance(declared, str):
        return declared
    if declared and shadows is None:
        return (f"{declared[0].split(';')[0]}: a scratch array of each iteration reached through a parameter, "
                "which `private` would copy as a pointer; declare it at the top of the loop body")
    if declared:
        shadows += declared
        private = [name for name in private if name in fn.locals or name not in analysis.private_arrays]
    lastprivate = [name for name in analysis.lastprivate if name not in analysis.conditional]
    clause_items = [*private, *lastprivate, *analysis.conditional, *(n for items in by_op.values() for n in items)]
    member = next((name for name in [*private, *lastprivate, *analysis.conditional] if not name.isidentifier()),
                  None)
    if member is not None:
        # `lastprivate(bt.lo)` does not compile: OpenMP's clauses list whole variables
        return (f"`{member}` is a member that each iteration assigns: OpenMP's clauses take whole variables (keep "
                "the temporary in a local scalar)")
    static = next((name for name in clause_items if _static_member(report, fn, name)), None)
    if static is not None:
        return (f"`{static}` is a static data member: OpenMP makes it shared (it cannot be private, lastprivate "
                "or reduced); use a local variable in the loop")
    if not loop.index_declared and loop.kind == "for" and analysis.index_live:
        if exit_value(loop) is None and not runs_at_least_once(loop):
            odd = loop.lower_text if loop.lower is None else loop.upper_text
            why = "a step other than 1" if loop.step != 1 else f"a start or bound that is not affine (`{odd}`)"
            return (f"the value `{loop.var}` keeps after the loop when it runs zero times (its start value) "
                    f"is not expressed for {why}: declare the index in the loop header if it is not used after "
                    "the loop")
        lastprivate.append(loop.var)  # its value after the loop is what sequential execution leaves
    if private:
        clauses.append(f"private({', '.join(private)})")
    if lastprivate:
        clauses.append(f"lastprivate({', '.join(lastprivate)})")
    carried = [name for name in lastprivate if name != loop.var]
    if carried and not runs_at_least_once(loop):
        # a loop that runs zero times must leave them as they were: lastprivate alone copies out a private
        # copy nothing assigned (gcc writes it back); firstprivate makes that copy the original value
        clauses.append(f"firstprivate({', '.join(carried)})")
    if analysis.conditional:
        # the value of the last iteration that assigned it (OpenMP 5.0; gcc >= 10)
        clauses.append(f"lastprivate(conditional: {', '.join(analysis.conditional)})")
    for op, items in by_op.items():
        clauses.append(f"reduction({op}: {', '.join(items)})")
    clauses += _uneven_schedule(fn, loop)
    return clauses


# chunks of a dynamic schedule: few enough claims that their cost does not show, and more than one cache
# line of an int or double array per chunk, so that threads seldom write the same line
DYNAMIC_CHUNK = 16


def _uneven_schedule(fn: Function, loop: Loop) -> list[str]:
    """The schedule of a nest whose iterations cost different amounts ([] for the default static blocks).
    A triangle (inner bounds involve the index) gets `schedule(static, 1)`: its rows' costs change steadily,
    so dealing them round-robin balances them and keeps every result in the same place at every run. An
    inner `while`/`do` whose trip count depends on the data (an escape-time loop) gets `schedule(dynamic,
    DYNAMIC_CHUNK)`: its costs follow no order a static deal could balance (Mandelbrot rows over an
    off-centre window at 2 threads: static blocks 1.18 s, dynamic chunks of 16 0.66 s, sequential 1.31 s),
    and one iteration at a time would share cache lines. Rows of similar cost lose a little (a Collatz
    count per element: static blocks 0.28 s, chunks of 16 0.29-0.31 s, `static, 1` 0.31-0.33 s)."""
    descendants = _descendants(fn, loop)
    if any(loop.var in (lp.bound_symbols or ()) and lp.lower is not None and lp.upper is not None
           for lp in descendants):
        # (bounds read through the index, CSR rows from `rowstr[j]` to `rowstr[j + 1]`, are no triangle:
        # NPB CG class A at 2 threads, whole program, best of 5: static blocks 0.28 s, guided 0.41 s, dynamic
        # chunks of 256 0.43 s or 16 0.49 s, `static, 1` 0.70 s (each thread's w[j] in shared cache lines),
        # sequential 0.81 s; rows of very unequal lengths would favour dynamic chunks)
        return ["schedule(static, 1)"]
    if any(lp.kind in ("while", "do") and lp.not_countable for lp in descendants):
        return [f"schedule(dynamic, {DYNAMIC_CHUNK})"]
    return []


MINLOC_CRITICAL = "s2p_minloc"  # the name of the critical section that combines the threads' minloc/maxloc

_TYPE_QUALIFIERS = re.compile(r"\b(?:const|volatile|static|register|extern|constexpr|inline)\b")


def minloc_region(report: FileReport, fn: Function, loop: Loop, analysis: LoopAnalysis, tag: str
                  ) -> tuple[list[str], list[str]] | str | None:
    """A minloc/maxloc of `loop` as a parallel region: each thread runs its block of the loop on its own
    copy of the value and the index (`firstprivate`), and a critical section keeps the best of the threads'
    results with the sequential tie rule. Returns (lines before the `omp for`, lines after the loop), None
    when the loop has no minloc, or why it cannot be done.

    The sequential loop `if (d < best) { best = d; at = i; }` (strict: the first of equal values) ends with
    the start value when nothing is smaller, else with the smallest value and the first index holding it.
    Each thread's block, started from the same start value, ends the same way over its own iterations;
    only threads whose value moved below the start value compete, the smaller value and then the smaller
    index winning, which is that rule over the whole loop whatever the order the threads arrive in."""
    reductions = [r for r in analysis.reductions if r.kind in ("minloc", "maxloc")]
    if not reductions:
        return None
    if len(reductions) > 1:
        return "more than one minloc/maxloc in the loop"
    red = reductions[0]
    if red.tie != "first":
        return (f"{red.kind} of `{red.var}` keeps the last of equal values (`<=`/`>=`): only the first (`<`/`>`) "
                "is combined across threads")
    if red.index_value is None or red.index_value.strip() != loop.var or loop.kind != "for" \
            or (loop.step or 1) <= 0:
        return f"{red.kind} of `{red.var}` whose index is not the ascending loop's own index"
    types = []
    for name in (red.var, red.index_var):
        var = variable(report.program, fn, name)
        text = " ".join(_TYPE_QUALIFIERS.sub(" ", var.type_text).split()) if var is not None else ""
        if var is None or var.is_pointer or var.is_array or not text or "&" in text or text == "auto":
            return f"the type of `{name}` is not known here"
        types.append(text)
    better = "<" if red.kind == "minloc" else ">"
    value, index = f"s2p_best_{tag}", f"s2p_best_index_{tag}"
    found = f"s2p_found_{tag}"
    before = ["{",
              f"{types[0]} {value} = {red.var}; {types[1]} {index} = {red.index_var}; int {found} = 0;",
              f"#pragma omp parallel firstprivate({red.var}, {red.index_var})",
              "{"]
    # A name of seq2par's own: all unnamed critical sections of a program are one lock, so a caller running
    # the function inside its own unnamed `omp critical` would wait on itself (OpenMP forbids the nesting).
    after = [f"#pragma omp critical({MINLOC_CRITICAL})",
             f"if ({red.var} {better} {value} || ({found} && {red.var} == {value} && {red.index_var} < {index})) "
             f"{{ {value} = {red.var}; {index} = {red.index_var}; {found} = 1; }}",
             "}",
             f"{red.var} = {value}; {red.index_var} = {index};",
             "}"]
    return before, after


def _clause_names(clause: str) -> list[str]:
    """The variables a clause names, in order: `reduction(+: s, h[:(n * sizeof *h) / sizeof(double)])` -> [s, h]."""
    inside = clause[clause.find("(") + 1:clause.rfind(")")] if "(" in clause else ""
    if clause.startswith("reduction") and ":" in inside:
        inside = inside.split(":", 1)[1]
    names, item, depth = [], "", 0
    for char in inside + ",":
        depth += (char in "([") - (char in ")]")
        if char == "," and depth == 0:
            names.append(item.split("[")[0].strip())
            item = ""
        else:
            item += char
    return [name for name in names if name]


def _with_private(clauses: list[str], name: str) -> list[str]:
    """`clauses` with `name` added to their `private(...)` clause (one made first when there is none)."""
    for k, clause in enumerate(clauses):
        if clause.startswith("private("):
            return [*clauses[:k], f"private({', '.join([*_clause_names(clause), name])})", *clauses[k + 1:]]
    return [f"private({name})", *clauses]


def _read_only_scalars(report: FileReport, fn: Function, loop: Loop, analysis: LoopAnalysis,
                       clauses: list[str], hidden: Loop | None = None) -> list[str]:
    """Arithmetic scalars and pointers of the function (locals, parameters) that the loop reads and never
    assigns: `firstprivate` gives each thread its own copy, which the compiler may keep in a register. Shared,
    they are read through the region's pointer to them, and every store into a `double` array might change a
    shared `double alpha`, so it is read again at each iteration (gemm at 1 thread: 1.2-1.4 s against 0.95-1.0 s
    with the copies)."""
    named = {name for clause in clauses for name in _clause_names(clause)}
    first, last = loop.first_order, loop.last_order
    inside = [a for a in fn.accesses if first < a.order <= last]
    assigned = {a.name for a in inside if a.is_write and a.subscripts is None}
    out: list[str] = []
    for name in dict.fromkeys(a.name for a in inside):
        if name in assigned or name in named or name == loop.var or not name.isidentifier():
            continue
        var = fn.locals.get(name) or fn.param(name)
        if var is None or var.is_static or not is_plain_scalar(var):
            continue
        if any(tag == ("loop", loop.id) for tag in var.ctx):
            continue  # declared inside the loop: already each iteration's own
        if hidden is not None and hidden.index_declared and name == hidden.var:
            continue  # `for (int i...)` swapped inside the loop the pragma is on: no `i` in scope there
        out.append(name)
    return out


_CONTAINER_TYPE = re.compile(r"^(?:std::)?(?:vector|array)\s*<[^;{}()]*>$")


def _container_reduction(report: FileReport, fn: Function, loop: Loop, name: str, op: str
                         ) -> tuple[str, str] | str | None:
    """(reduction identifier, `#pragma omp declare reduction` line) for an element-wise `+`/`*` reduction
    into a std::vector or std::array of the C++ file; None otherwise. The private copies are the
    container with every element zeroed (one for `*`), combined element by element into the original,
    which keeps its own initial contents as in the sequential loop. A std::array's copies are on the threads'
    stacks, as an array's are: over REDUCTION_COPY_BYTES, the reason why not (str)."""
    if report.language != "cpp" or op not in ("+", "*"):
        return None
    var = variable(report.program, fn, name)
    if var is None or "." in name or "->" in name:
        return None
    ctype = " ".join(re.sub(r"\b(?:const|volatile)\b|&", " ", var.type_text).split())
    if not _CONTAINER_TYPE.match(ctype) or "bool" in ctype:
        return None
    shape = re.match(r"^(?:std::)?array\s*<\s*(.+?)\s*,\s*([^,<>]+?)\s*>$", ctype)
    if shape is not None and (size := _SCALAR_BYTES.get(shape.group(1).replace("std::", ""))) is not None and \
            (count := _constant(report, shape.group(2))) is not None and size * count > REDUCTION_COPY_BYTES:
        return _too_big_to_copy(name, size * count)  # 1,200,000 longs crashed at every thread count (a review)
    identifier = f"s2p_{'sum' if op == '+' else 'product'}_{loop.id}"
    neutral = "0" if op == "+" else "1"
    line = (f"#pragma omp declare reduction({identifier} : {ctype} : [&]{{ for (std::size_t s2p_k = 0; "
            f"s2p_k < omp_out.size(); ++s2p_k) omp_out[s2p_k] {op}= omp_in[s2p_k]; }}()) "
            f"initializer(omp_priv = [&]{{ auto s2p_copy = omp_orig; for (auto &s2p_e : s2p_copy) s2p_e = {neutral}; "
            "return s2p_copy; }())")
    return identifier, line




def _record_elements(report: FileReport, fn: Function, name: str) -> str | None:
    """The struct or class of the program that the elements of the array or container `name` are, else None."""
    var = variable(report.program, fn, name)
    if var is None:
        return None
    key = record_key(held_type(var))
    return key if key in report.program.fields else None


def _complex_scalar(report: FileReport, fn: Function, name: str) -> str | None:
    """The type of `name` as written (`std::complex<double>`) when it is a C++ `std::complex` scalar of a real
    type, else None (a typedef of it is not recognized: its reduction then fails to build, and nothing is
    written)."""
    if report.language != "cpp" or not name.isidentifier():
        return None
    var = variable(report.program, fn, name)
    if var is None or var.is_pointer or var.is_array:
        return None
    ctype = " ".join(re.sub(r"\b(?:const|volatile|static|register)\b", " ", var.type_text).split())
    return ctype if COMPLEX_TYPE.match(ctype) else None


def _static_member(report: FileReport, fn: Function, name: str) -> bool:
    """`name` is a class's static data member (one variable of the program, declared in a class body)."""
    var = variable(report.program, fn, name)
    if var is None or var.is_member or name in fn.locals or fn.param(name) is not None:
        return False
    return report.language == "cpp" and any(name in members for members in report.program.fields.values())


_REAL_TYPES = ("float", "double", "long double")
_EXTREMUM_USE = re.compile(r"reduction\(s2p_(min|max)_(float|double|long_double)\s*:")


def _real_extremum(report: FileReport, fn: Function, name: str, op: str) -> str | None:
    """The reduction identifier (`s2p_max_double`) for a min/max of a `float`, `double` or `long double`
    scalar; None for other types (integers: OpenMP's own min/max is exact). OpenMP's own reduction starts
    each thread from +/-infinity and combines with a comparison, so a running value that starts as NaN
    (`double m = x[0]` with x[0] NaN: the sequential loop keeps NaN, since no comparison with it holds) came
    out as the largest element. `extremum_declarations` gives the declaration."""
    var = variable(report.program, fn, name)
    if var is None or var.is_pointer or var.is_array or not name.isidentifier():
        return None
    spelled = through_macros(report.program, var.type_text)
    ctype = " ".join(w for w in spelled.replace("std::", "").split() if w not in ("static", "register"))
    return f"s2p_{op}_{ctype.replace(' ', '_')}" if ctype in _REAL_TYPES else None


def _integral(report: FileReport, fn: Function, name: str) -> bool:
    """Whether the scalar `name` is declared with an integer type."""
    var = variable(report.program, fn, name)
    return var is not None and not var.is_pointer and not var.is_array and \
        value_rank(through_macros(report.program, var.type_text)) == 0


def extremum_declarations(text: str) -> str:
    """`#pragma omp declare reduction` lines, at file scope, for the `s2p_min_*`/`s2p_max_*` reductions `text`
    uses (`_real_extremum`): each thread starts from the original value (a min or max may see it again) and
    the threads' values are combined as fmin/fmax combine them, NaN only when both are NaN: exactly when
    the comparison form kept its NaN start, and never for the fmin/fmax form, which skips NaN itself
    (written out, so that no libm is needed). Which of -0.0 and +0.0 survives a tie between threads or SIMD
    lanes is not specified."""
    lines = []
    for op, ctype in sorted(set(_EXTREMUM_USE.findall(text))):
        better = ">" if op == "max" else "<"
        real = ctype.replace("_", " ")
        lines.append(f"#pragma omp declare reduction(s2p_{op}_{ctype} : {real} : omp_out = omp_in {better} omp_out || "
                     f"omp_out != omp_out ? omp_in : omp_out) initializer(omp_priv = omp_orig)\n")
    return "".join(lines)  # pragma lines only: the OpenMP target changes nothing else


def _random_access(report: FileReport, fn: Function, name: str) -> bool:
    """Whether `name` is a C array or a standard container with random-access iterators, by its type."""
    var = variable(report.program, fn, name)
    if var is None:
        return False
    if var.is_array and not var.is_pointer:
        return True
    return random_access_container(var)


def _array_section(report: FileReport, fn: Function, name: str, loop: Loop) -> str | None:
    """`hist` for a true array of known size; `y[:n]` for a one-dimensional parameter `double y[n]` that the
    loop reaches only through subscripts proven inside [0, n) (C does not hold a caller to a parameter's
    declared size: `long h[16]` may be handed 32 elements, which `h[i & 31]` reaches) and whose `n` the
    function does not change before (`nb = nb / 2` made `h[:nb]` half the histogram)."""
    var = variable(report.program, fn, name)
    if var is None or "." in name or "->" in name:
        return None
    if var.is_array and not var.is_pointer and all(var.dims) and fn.param(name) is None:
        return name
    if var.is_array and fn.param(name) is not None and len(var.dims) == 1 and var.dims[0]:
        size = var.dims[0]
        changed = set(re.findall(r"[A-Za-z_]\w*", size)) & {a.name for a in fn.accesses if a.is_write}
        if changed or not _within_extent(report, fn, loop, name, size):
            return None
        return f"{name}[:{size}]"
    ctype = element_type(var) if var.is_pointer and var.pointer_depth == 1 and not var.pointee_dims else None
    count = allocated_count(fn, var, ctype) if ctype is not None and fn.locals.get(name) is var else None
    if count is not None:
        return f"{name}[:{count}]"  # `double *h = malloc(bins * sizeof *h)` in this function
    return None


# Bytes of private copies of reduced arrays one thread may hold. gcc allocates them on the thread's stack
# (8 MiB for the main thread and libgomp's threads by default, shared with everything else there).
REDUCTION_COPY_BYTES = 1 << 20

_SCALAR_BYTES = {
    "char": 1, "signed char": 1, "unsigned char": 1, "bool": 1, "_Bool": 1, "int8_t": 1, "uint8_t": 1,
    "short": 2, "unsigned short": 2, "int16_t": 2, "uint16_t": 2, "int": 4, "unsigned": 4, "unsigned int": 4,
    "float": 4, "int32_t": 4, "uint32_t": 4, "long": 8, "long int": 8, "unsigned long": 8, "size_t": 8,
    "long long": 8, "long long int": 8, "unsigned long long": 8, "double": 8, "int64_t": 8, "uint64_t": 8,
    "long double": 16,
}


def _too_big_to_copy(name: str, copies: int) -> str:
    return (f"array reduction into `{name}`: each thread would hold a private copy of {copies:,} bytes of reduced "
            f"arrays on its stack, where gcc puts them (more than {REDUCTION_COPY_BYTES >> 20} MiB may overflow it, "
            "and the sequential loop needs none)")


def _copy_bytes(report: FileReport, fn: Function, name: str) -> int | None:
    """Size in bytes of a true array whose dimensions are constants (`long hist[256]`, `int colidx[NZ + 1]`
    once libclang has evaluated it), else None (a section `y[:n]` is sized at run time)."""
    var = variable(report.program, fn, name)
    if var is None or not var.is_array or var.is_pointer or fn.param(name) is not None:
        return None
    size = _SCALAR_BYTES.get(element_type(var) or "")
    dims = [_constant(report, text) for text in var.dims]
    if size is None or not dims or None in dims:
        return None
    for dim in dims:
        size *= dim
    return size


_TOKEN = re.compile(r"\s*(?:(0[xX][0-9a-fA-F]+|\d+)[uUlL]*|([A-Za-z_]\w*)|(<<|>>|[-+*/%()]))")


def _constant(report: FileReport, text: str, depth: int = 0) -> int | None:
    """The value of an integer constant expression of literals, macros (also ones whose value is an
    expression: `#define BINS (1 << 21)`, `NZ + 1` in tree-sitter mode) and + - * / % << >> with
    parentheses; None for anything else."""
    value = dimension_value(report.program, text)
    if value is not None or depth > 8:
        return value
    program, out, pos = report.program, [], 0
    while pos < len(text.rstrip()):
        m = _TOKEN.match(text, pos)
        if m is None:
            return None
        pos = m.end()
        number, name, op = m.groups()
        if number is not None:
            out.append(str(int(number, 16) if number[:2] in ("0x", "0X") else int(number, 8)
                           if len(number) > 1 and number[0] == "0" else int(number)))
        elif name is not None:
            macro = program.macros.get(name)
            if macro is None and name in program.code_macros:
                macro = _constant(report, program.code_macros[name], depth + 1)
            if macro is None:
                return None
            out.append(f"({macro})")
        else:
            out.append("//" if op == "/" else op)  # sizes are positive: floor division is C's
    try:
        value = _evaluate(ast.parse(" ".join(out), mode="eval").body)
    except (SyntaxError, ZeroDivisionError, ValueError):
        return None
    return value if value >= 0 else None


_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.FloorDiv: operator.floordiv,
              ast.Mod: operator.mod, ast.LShift: operator.lshift, ast.RShift: operator.rshift}


def _evaluate(node: ast.AST) -> int:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _evaluate(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        left, right = _evaluate(node.left), _evaluate(node.right)
        if isinstance(node.op, (ast.LShift, ast.RShift)) and not 0 <= right < 64:
            raise ValueError("shift")
        value = _OPERATORS[type(node.op)](left, right)
        if abs(value) >= 1 << 64:
            raise ValueError("too large")
        return value
    raise ValueError("not an integer constant expression")


_SIZE_TEXT = re.compile(r"[\w\s+\-*/%()]+")


def _copy_bytes_text(item: str) -> str | None:
    """A C expression of the bytes of one thread's copy of the reduced `item` (`hist`, `y[:n + 0]`), for a
    guard evaluated before the loop: None when the size calls something (evaluated twice, it might not be
    the same, or have effects)."""
    name, _, size = item.partition("[:")
    if not size:
        return f"(double)sizeof({name})"  # a true array whose size seq2par cannot evaluate: the compiler can
    size = size.removesuffix("]")
    if not _SIZE_TEXT.fullmatch(size) or any(name != "sizeof" for name in re.findall(r"(\w+)\s*\(", size)):
        return None
    return f"(double)({size}) * sizeof({name}[0])"


def _within_extent(report: FileReport, fn: Function, loop: Loop, name: str, size: str) -> bool:
    """Every access to `name` in `loop` has a subscript provably in [0, size): affine, with the loops around
    it bounding it below by 0 and above by `size` - 1 (`size` a constant, or a name the bounds use)."""
    loops = {lp.id: lp for lp in fn.loops}
    extent = report.program.macros.get(size) if not size.isdigit() else int(size)
    for acc in fn.accesses:
        if acc.name != name or not loop.first_order < acc.order <= loop.last_order:
            continue
        if acc.subscripts is None or len(acc.subscripts) != 1 or acc.subscripts[0] is None or acc.unanalyzable:
            return False
        sub, bounds = acc.subscripts[0], enclosing_bounds(acc, loops)
        if extent is not None:
            if not provably_within(sub, 0, extent - 1, bounds):
                return False
            continue
        # a size named by a variable (`n`, `n + 0`): the subscript is a loop index from >= 0 to < size
        named = re.fullmatch(r"\s*([A-Za-z_]\w*)\s*(?:([+-])\s*(\d+))?\s*", size)
        index = next((loops[n] for kind, n in reversed(acc.ctx) if kind == "loop" and n in loops and loops[n].var
                      and sub == Affine.var(loops[n].var)), None)  # the innermost loop of that name
        if named is None or index is None or index.lower is None or index.upper is None or \
                not index.lower.is_constant() or index.lower.constant < 0:
            return False
        slack = int(named.group(3) or 0) * (-1 if named.group(2) == "-" else 1)
        beyond = index.upper - Affine.var(named.group(1))  # the index stops at size + beyond - slack
        if not beyond.is_constant() or beyond.constant > slack:
            return False
    return True


def _indexable(report: FileReport, fn: Function, loop: Loop) -> bool:
    """A range-for over a named `std::vector`, `std::array`, `std::string` or `std::valarray` (not of bool,
    whose elements are proxies): `for (DECL : c) BODY` can run as `for (std::size_t k = 0; k < c.size();
    ++k) { DECL = c[k]; BODY }`, the same elements in the same order. gcc refuses `simd` on a range-for
    over class iterators, and leaves its body scalar in the outlined region (ParEval's 1 - 1/x: 2x slower
    than the original at one thread)."""
    if loop.kind != "range" or loop.range_container is None or not loop.range_container.isidentifier():
        return False
    var = variable(report.program, fn, loop.range_container)
    if var is None or var.is_pointer or (var.is_array and "vector" not in var.type_text):
        return False
    return random_access_container(var) and "bool" not in var.type_text


def _proxy_elements(report: FileReport, fn: Function, loop: Loop) -> bool:
    """A range-for over a named `std::vector<bool>`: its iterators address bits, and gcc's OpenMP range-for
    computes `begin + k` for every iteration, a division and a remainder each (ParEval's xor reduction at
    2 threads ran at 0.59x of the sequential loop). Each thread walks its block with `++` instead."""
    if loop.kind != "range" or loop.range_container is None or not loop.range_container.isidentifier():
        return False
    return bit_vector(variable(report.program, fn, loop.range_container))


def _simd_ok(report: FileReport, fn: Function, loop: Loop, analysis: LoopAnalysis, indexed: bool = False) -> bool:
    """A legal loop worth running in SIMD lanes too: a counted `for` without reductions, or whose reductions
    are all floating-point scalars (which the compiler may not vectorize without being told: a double sum at
    2 threads 0.148 s -> 0.083 s). Not an integer reduction (gcc vectorizes those anyway, and under `simd`
    keeps a copy per lane: ParEval's edge count ran 3x slower), an array reduction (a copy of the array per
    lane), a minloc (one value and index per thread, shared by the lanes), a conditional lastprivate nor a
    conditional element store that stays a branch (memory not known to be writable: see if_conversion)."""
    if not analysis.parallel or analysis.conditional or not (indexed or (loop.kind == "for" and loop.var)) or \
            several_inductions(loop):
        return False
    if loop.node is not None and kept_conditional_stores(report, fn, loop.node):
        return False
    first, last = loop.first_order, loop.last_order
    if any(first < call.order <= last and call.method_of is None and call.name not in INLINED_CALLS
           for call in fn.calls):
        # libm calls become libmvec vector calls under `simd`: range_sum's cos/sin loop ran 1.26 s against
        # 0.75 s without it at 2 threads
        return False
    for reduction in analysis.reductions:
        var = variable(report.program, fn, reduction.var) if reduction.kind == "scalar" else None
        words = _TYPE_QUALIFIERS.sub(" ", var.type_text).split() if var is not None else []
        if not words or words[-1] not in ("float", "double"):
            return False
    return True


_SIMD_CLAUSES = ("private(", "lastprivate(", "reduction(")


def simd_directive(report: FileReport, fn: Function, loop: Loop) -> str | None:
    """`#pragma omp simd` with its clauses for an innermost loop whose iterations may also run in SIMD lanes
    (`_simd_ok`), else None. Also the MPI target's, on the inner loops of a distributed nest: gcc -O2's cost
    model leaves a loop of unknown trip count scalar unless it is told (PolyBench doitgen at np=2: 0.085-0.112 s
    without, 0.052-0.069 s with it, built with -fopenmp-simd)."""
    analysis = report.analyses.get(loop.id)
    if loop.children or analysis is None or not _simd_ok(report, fn, loop, analysis):
        return None
    clauses = openmp_clauses(report, fn, loop, analysis)
    if isinstance(clauses, str) or not all(clause.startswith(_SIMD_CLAUSES) for clause in clauses):
        return None
    return " ".join(["#pragma omp simd", *clauses])


def _canonical_condition_edits(plan: ParallelLoop) -> list[Edit]:
    """OpenMP's loop form wants `i < bound`: a directed loop written `i + c < B` gets the condition `i < (B >= c
    ? B - c : 0)` (the same iterations from a lower bound >= 0, B unsigned or not). Loops whose header an
    interchange moves keep theirs."""
    moved = {lp.id for pair in plan.swaps for lp in pair}
    edits = []
    collapsed = () if plan.collapse is None else (plan.collapse,)
    for loop in (plan.loop, *collapsed, *(child for child, _ in plan.inner)):
        condition = loop.node.child_by_field_name("condition") if loop.kind == "for" else None
        if loop.canonical_condition and loop.id not in moved and condition is not None:
            edits.append(Edit(condition.start_byte, condition.end_byte, loop.canonical_condition))
    return edits


UNKNOWN_LENGTH_INSIDE = ("a loop without inner loops, inside a sequential loop, of unknown length: a parallel "
                         "region on every iteration of the enclosing loop may cost more than the loop")


def _enough_iterations(report: FileReport, fn: Function, loop: Loop, min_work: int) -> str | None:
    """The condition under which a counted unit-step loop runs at least `min_work` iterations (its bounds
    are affine: reading them again has no effect), or a range-for over a standard container (its `size()`),
    else None. The parallel loop runs under it, the original loop otherwise: OpenMP's own `if(parallel: ...)`
    clause still sets up a team of one thread on every call (a malloc and the outlined function), which a
    loop of a few iterations inside another loop pays each time."""
    if loop.kind == "range":
        held = variable(report.program, fn, loop.range_container) if loop.range_container else None
        if held is None or not random_access_container(held) or held.is_array or held.is_pointer:
            return None
        return f"(long)({loop.range_container}.size()) >= {min_work}L"
    if loop.kind != "for" or loop.step != 1 or loop.lower is None or loop.upper is None:
        return None
    low, high = range_texts(loop)
    return f"{high} - {low} >= {min_work}L"


def _loops_around_calls(report: FileReport) -> dict[str, int]:
    """Per function, the most loops a call of it in the file runs inside, counting those around its caller's
    calls in turn (NPB FT's fftz2: 1 in cfftz, which runs inside 2 loops of cffts1, which runs inside 1 of
    main: 4). A function that calls itself back through others may run any number of times: NEST_GUARD_LOOPS."""
    sites = {name: [(caller.name, sum(kind == "loop" for kind, _ in call.ctx)) for caller, call in calls]
             for name, calls in (report.program_analysis or ProgramAnalysis(report.program)).call_sites().items()}

    def recursive(name: str) -> bool:
        seen, todo = set(), [name]
        while todo:
            for caller, _ in sites.get(todo.pop(), ()):
                if caller == name:
                    return True
                if caller not in seen:
                    seen.add(caller)
                    todo.append(caller)
        return False

    depth = {name: NEST_GUARD_LOOPS for name in report.program.functions if recursive(name)}

    def around(name: str) -> int:  # (the call graph above a function that is not recursive has no cycle)
        if name not in depth:
            depth[name] = max((loops + around(caller) for caller, loops in sites.get(name, ())), default=0)
        return depth[name]
    return {name: around(name) for name in report.program.functions}


_BOUND_TOKENS = re.compile(r"\s*(?:([A-Za-z_]\w*)|(\d+)|([-+*()]))")
WORK_ACCESSES = 4  # accesses of one innermost iteration that count as one unit of MIN_WORK


def _plain_bound(report: FileReport, fn: Function, text: str, varying: set[str]) -> str | None:
    """`text` as a C expression of doubles when it is made only of plain arithmetic scalars no iteration of
    the nest changes, integer macros of the file, integer literals, `+ - *` and parentheses: reading it has no
    effect and cannot fault, whatever the values (doubles: no overflow). Else None."""
    out, pos, program = [], 0, report.program
    if re.search(r"\+\+|--|=", text):
        return None
    while pos < len(text.rstrip()):
        token = _BOUND_TOKENS.match(text, pos)
        if token is None:
            return None
        pos = token.end()
        word, number, symbol = token.groups()
        if word is not None:
            if word in program.macros and word not in program.code_macros and word not in \
                    program.function_macros and word not in program.header_code_macros:
                out.append(f"(double)({word})")  # (an integer macro)
                continue
            var = variable(program, fn, word)
            if var is None or word in varying or not is_plain_scalar(var) or var.is_pointer or \
                    _macro_named(program, word):
                return None
            out.append(f"(double){word}")
        else:
            out.append(f"{number}.0" if number is not None else symbol)
    return "".join(out) if out else None


def _enough_nest_work(report: FileReport, fn: Function, loop: Loop, analysis: LoopAnalysis, min_work: int
                      ) -> str | None:
    """For a nest of unknown size that runs many times: the condition under which it does at least `min_work`
    units of work, an innermost iteration of WORK_ACCESSES accesses being one (NPB FT's `for k < lk` over `for
    j < ny` inside the FFT's butterfly loop, lk = 1, 2, 4, ...: a region per butterfly ran the program 10x
    slower than the original at 2 threads). Only a matter of speed, since both branches are the same nest, and
    so that it stays one whatever the values: the nest is a chain of counted unit-step loops, each the whole
    body of the one above, that calls nothing, and every bound is made of plain arithmetic scalars it does not
    change, integer macros and literals with `+ - *` (`_plain_bound`; read as doubles: no effect, no fault,
    no overflow). Else None: planned as before."""
    by_id = {lp.id: lp for lp in fn.loops}
    chain = [loop]
    while chain[-1].children:
        body = chain[-1].node.child_by_field_name("body")
        child = by_id[chain[-1].children[0]] if len(chain[-1].children) == 1 else None
        statements = [n for n in body.named_children if n.type != "comment"] \
            if body is not None and body.type == "compound_statement" else [body]
        if child is None or len(statements) != 1 or statements[0] != child.node or child.derived:
            return None
        chain.append(child)
    if any(loop.first_order <= call.order <= loop.body_orders[1] for call in fn.calls):
        return None
    varying = {*analysis.private, *analysis.lastprivate, *analysis.written_arrays, *analysis.call_writes,
               *(r.var for r in analysis.reductions), *(lp.var for lp in chain),
               *(name for name, _, order in fn.declarations if loop.first_order <= order <= loop.body_orders[1])}
    counts = []
    for lp in chain:
        if lp.kind != "for" or lp.var is None or lp.step != 1 or lp.tile_step or lp.cond_text not in ("<", "<="):
            return None
        low, high = (_plain_bound(report, fn, text, varying) for text in (lp.lower_text, lp.upper_text))
        if low is None or high is None:
            return None
        high += "+1.0" if lp.cond_text == "<=" else ""
        single = re.fullmatch(r"\(double\)\w+|\(double\)\(\w+\)|\d+\.0", high)
        counts.append((high if single else f"({high})") if low == "0.0" else f"({high} - ({low}))")
    innermost = chain[-1]
    accesses = sum(innermost.body_orders[0] < acc.order <= innermost.body_orders[1] for acc in fn.accesses)
    weight = max(1.0, accesses / WORK_ACCESSES)
    return f"{' * '.join(counts)} * {weight:g} >= {min_work}.0"


def plan_openmp(report: FileReport, *, min_work: int = MIN_WORK, lane_sums: bool = True
                ) -> tuple[dict[str, list[ParallelLoop]], list[tuple[Loop, str]]]:
    """The loops to parallelize (outermost legal ones) with their pragmas, and the loops left sequential
    with the reason."""
    sequential: list[tuple[Loop, str]] = []
    around_calls = _loops_around_calls(report)

    def plan_for(fn: Function, loop: Loop, analysis: LoopAnalysis) -> ParallelLoop | str:
        if any(call.name == fn.name and call.method_of is None for call in fn.calls):
            # a recursive FFT with a parallel loop per call ran 300x slower than the original (ParEval)
            return (f"`{fn.name}` calls itself: a parallel region would start on every recursive call (and the "
                    "nested ones run on one thread)")
        if loop.depth > MAX_ENCLOSING and not loop.children:
            # a nest of its own pays for a region per iteration of the loops around it (PolyBench doitgen's
            # p loop inside r and q: 1.5x); a single loop that deep is a region per pixel of an image
            return (f"inside {loop.depth} sequential loops, with no loop of its own: a parallel region would start "
                    "on every iteration of all of them")
        written = pragma_before(loop.node)
        if written is not None and BINDING_PRAGMA.match(written):
            return f"the loop is under `{written}` already: left as written"
        inner_written = next(((child, text) for child in _descendants(fn, loop)
                              if (text := pragma_before(child.node)) is not None), None)
        if inner_written is not None:
            # the directives and held elements this nest's rewrite puts before its inner loops would come
            # between the user's pragma and its loop (a review: `#pragma omp simd` stacked on the user's did
            # not build, and nothing was written)
            return (f"an inner loop (line {inner_written[0].line}) is under the user's `{inner_written[1]}`: left "
                    "as written")
        loops = {lp.id: lp for lp in fn.loops}
        around = loops.get(loop.parent) if loop.parent is not None else None
        while around is not None:
            above = pragma_before(around.node)
            if above is not None and re.match(r"#\s*pragma\s+omp\b", above):
                # `#pragma omp parallel for` inside the user's `#pragma omp simd` (or another loop directive)
                # does not build: OpenMP constructs may not be nested there
                return f"inside a loop under `{above}` (line {around.line}): left as written"
            around = loops.get(around.parent) if around.parent is not None else None
        work = _known_work(fn, loop)
        if work is not None and work < min_work:
            return f"too little work for a parallel region ({work} innermost iterations)"
        threshold = None
        if work is None and loop.depth > 0 and not loop.children:
            # ParEval's bit reversal: `for k < m` inside `for i < n`, a region per i for a few XORs (0.08x).
            # A counted loop forks only when it runs enough iterations (PRK's stream triad inside its time loop:
            # `for (j = 0; j < length; j++)`, length 2e7); OpenMP's `if` runs the region on one thread otherwise
            threshold = _enough_iterations(report, fn, loop, min_work)
            if threshold is None:
                return UNKNOWN_LENGTH_INSIDE
        declarations: list[str] = []
        shadows: list[str] = []
        guards: list[str] = []
        clauses = openmp_clauses(report, fn, loop, analysis, declarations=declarations, minloc_ok=True,
                                 shadows=shadows, guards=guards)
        if isinstance(clauses, str):
            return clauses
        region = minloc_region(report, fn, loop, analysis, str(loop.id))
        if isinstance(region, str):
            return region
        notes = ["each thread's copies of the reduced arrays fit on its stack"] if guards else []
        copyable = not _has_label(loop.node) and _copyable(report.program.source, loop.node)
        if threshold is not None:
            if region is not None or not copyable:
                return UNKNOWN_LENGTH_INSIDE  # (the fallback is a copy of the loop)
            guards.append(threshold)
            notes.append(f"the loop runs at least {min_work} iterations")
        if guards and (region is not None or not copyable):
            # the fallback is a copy of the loop: a label in it would be defined twice
            return ("an array reduction sized at run time, in a loop that cannot be copied for a sequential "
                    "fallback (a minloc region, a label, a preprocessor line, `static` or `__LINE__` in the loop)")
        if shadows and (region is not None or loop.kind != "for"):
            return "a scratch array reached through a parameter, in a minloc or range-for loop: not rewritten"
        indexed = _indexable(report, fn, loop) and region is None
        if not loop.children and _simd_ok(report, fn, loop, analysis, indexed) and region is None:
            # no inner loop: each thread's block may also run in SIMD lanes, which the analysis allows (no
            # dependence between any two iterations) and which lets the compiler vectorize a reduction
            # without -ffast-math
            clauses.insert(0, "simd")
        else:
            indexed = False
        # (these rewrites set the index's exit value after the nest: it must be expressible)
        rewritable = loop.index_declared or exit_value(loop) is not None
        block_swap = outer_swap(report, fn, loop) if region is None and not declarations and not guards and \
            rewritable else None
        if block_swap is not None and _sums_over_rows(report, fn, loop, block_swap):
            # `for i for j x[i] += A[j][i]...` run as `for j for i` over the rows of A each thread just wrote
            inner_analysis = report.analyses[block_swap.id]
            inner_guards: list[str] = []
            inner_clauses = openmp_clauses(report, fn, block_swap, inner_analysis, guards=inner_guards)
            if not isinstance(inner_clauses, str) and not (inner_guards and _has_label(loop.node)):
                inner_clauses = [c for c in inner_clauses if not c.startswith("lastprivate(")]
                if not loop.index_declared:
                    inner_clauses.insert(0, f"private({loop.var})")
                constants = _read_only_scalars(report, fn, block_swap, inner_analysis, inner_clauses, hidden=loop)
                if constants:
                    inner_clauses.append(f"firstprivate({', '.join(constants)})")
                return ParallelLoop(loop, " ".join(["#pragma omp parallel for", *inner_clauses]), sums=block_swap,
                                    guard=" && ".join(inner_guards))
        if block_swap is not None:
            # `for i for j` run as `for j for i-in-my-block`: every thread's block of i is the same at every
            # j (`s2p_thread_block`), so the blocks need no barrier between them
            clauses = [c for c in clauses if not c.startswith(("lastprivate(", "schedule("))]
            if not loop.index_declared:  # each thread runs its own block of the loop (`s2p_thread_block`)
                clauses = _with_private(clauses, loop.var)
            constants = _read_only_scalars(report, fn, loop, analysis, clauses)
            if constants:
                clauses.append(f"firstprivate({', '.join(constants)})")
            return ParallelLoop(loop, " ".join(["#pragma omp parallel", *clauses]), block_swap=block_swap)
        swaps = tuple(interchanges(report, fn, loop))
        swapped = {lp.id for pair in swaps for lp in pair}
        dots = tuple(dot for dot in dot_products(report, fn, loop) if not {dot[0].id, dot[1].id} & swapped)
        swapped |= {lp.id for dot in dots for lp in dot[:2]}
        inner = []
        for child in _descendants(fn, loop):
            directive = simd_directive(report, fn, child) if child.id not in swapped else None
            if directive is not None:
                # gcc -O2 does not vectorize rows of VLA parameters in an outlined parallel region (`no
                # vectype`) unless the loop says `simd`: PolyBench gemm at 2 threads 0.27-0.35 s with it,
                # 0.48-0.64 s without, 0.44-0.49 s sequential
                inner.append((child, directive))
        held = tuple(accumulators(report, fn, loop, swapped, lane_sums, annotated={child.id for child, _ in inner}))
        # `for k for j` turned `for j for k`: the new inner k loop updates one element on every iteration
        swap_held = tuple(held_across_swap(report, fn, j, k, lane_sums) for j, k in swaps)
        constants = _read_only_scalars(report, fn, loop, analysis, clauses)
        if constants:
            clauses.append(f"firstprivate({', '.join(constants)})")
        collapse = None
        if region is None and not declarations and not shadows and not indexed:
            # a child that runs in SIMD lanes keeps them: collapsed, gcc leaves it scalar (a max over 10 rows
            # of 2e7 elements at 2 threads: 0.13 s collapsed, 0.10 s over the rows with `simd` inside)
            kept = {acc.loop.id for acc in held} | {child.id for child, _ in inner}
            collapse = _collapsible_child(report, fn, loop, analysis, swapped | kept)
        if collapse is not None:
            clauses.insert(0, "collapse(2)")
            inner = [(child, directive) for child, directive in inner if child.id != collapse.id]
        if loop.kind == "range" and not indexed and region is None and not declarations and not shadows and \
                not guards and \
                not (inner or swaps or held or dots or collapse) and _proxy_elements(report, fn, loop) and \
                not any(clause.startswith(("lastprivate(", "schedule(", "simd")) for clause in clauses):
            return ParallelLoop(loop, " ".join(["#pragma omp parallel", *clauses]), iterated=True)
        if region is not None:
            before, after = region
            return ParallelLoop(loop, " ".join(["#pragma omp for", *clauses]), (*declarations, *before),
                                tuple(after), tuple(inner), swaps, held, dots, swap_held)
        work_guard = ()
        if work is None and threshold is None and copyable and \
                loop.depth + around_calls[fn.name] >= NEST_GUARD_LOOPS and \
                (enough := _enough_nest_work(report, fn, loop, analysis, min_work)) is not None:
            work_guard = (enough, f"the {'nest' if loop.children else 'loop'} does at least {min_work} "
                                  f"iterations' work ({WORK_ACCESSES} accesses each)")
        return ParallelLoop(loop, " ".join(["#pragma omp parallel for", *clauses]), tuple(declarations),
                            inner=tuple(inner), swaps=swaps, held=held, dots=dots, swap_held=swap_held,
                            indexed=indexed, shadows=tuple(shadows), collapse=collapse, guard=" && ".join(guards),
                            guard_note="; ".join(notes), work_guard=work_guard)

    chosen = choose_outermost(report, plan_for, sequential, lastprivate_ok=True, call_writes_ok=True)
    for name, plans in chosen.items():
        chosen[name] = [_with_work_guard(_column_region(report, report.program.functions[name], plan))
                        for plan in plans]
    return chosen, sequential


def _with_work_guard(plan: ParallelLoop) -> ParallelLoop:
    """The plan under its `work_guard` too, unless it became a column nest's region (which starts once
    around the sequential loop, not once per iteration: the guard would take that from it)."""
    if not plan.work_guard:
        return plan
    condition, note = plan.work_guard
    return replace(plan, guard=" && ".join(g for g in (plan.guard, condition) if g),
                   guard_note="; ".join(n for n in (plan.guard_note if plan.guard else "", note) if n), work_guard=())


def _collapsible_child(report: FileReport, fn: Function, loop: Loop, analysis: LoopAnalysis, rewritten: set[int]
                       ) -> Loop | None:
    """The inner loop to run in one iteration space with `loop` (`collapse(2)`), when that is legal and worth it:
    `loop` has a few iterations (a constant of at most COLLAPSE_MAX_TRIPS, so that threads would get unequal
    numbers of them), and its body is nothing but a counted loop whose iterations are independent too
    (its own verdict), with bounds that no iteration of `loop` changes (a rectangle: OpenMP computes the
    collapsed space once), scalars that are private or the same reductions as `loop`'s, and no edit of
    this plan rewriting it (`rewritten`: interchanges, elements held across it) or a directive of the
    user's on it. Indices that outlive the nest are `lastprivate` (OpenMP gives them the values the
    sequential nest leaves), set after it when the inner loop ran zero times (`_zero_trip_index`)."""
    trips = _trip_count(loop)
    if loop.kind != "for" or trips is None or not 2 <= trips <= COLLAPSE_MAX_TRIPS or len(loop.children) != 1:
        return None
    child = next(lp for lp in fn.loops if lp.id == loop.children[0])
    child_analysis = report.analyses.get(child.id)
    if child.kind != "for" or child.var is None or child.step != 1 or child.not_countable or \
            child.lower is None or child.upper is None or child.id in rewritten or several_inductions(child) or \
            child_analysis is None or not child_analysis.parallel or pragma_before(child.node) is not None:
        return None
    body = loop.node.child_by_field_name("body")
    statements = [node for node in body.named_children if node.type != "comment"] \
        if body is not None and body.type == "compound_statement" else [body]
    if len(statements) != 1 or statements[0] is None or statements[0].start_byte != child.node.start_byte:
        return None
    written = {*analysis.private, *analysis.lastprivate, *analysis.written_arrays,
               *(reduction.var for reduction in analysis.reductions)}
    if loop.var in child.bound_symbols or child.bound_symbols & written:
        return None
    if real_bound(report, fn, child) is not None or mixed_sign_bound(report.program, fn, child) is not None:
        return None  # `j < lim` with a double lim: no loop OpenMP can collapse ("invalid controlling predicate")
    outer_reductions = {(r.var, r.op, r.kind) for r in analysis.reductions}
    if any((r.var, r.op, r.kind) not in outer_reductions or r.kind not in ("scalar", "array")
           for r in child_analysis.reductions):
        return None
    if child_analysis.lastprivate or child_analysis.conditional or child_analysis.private_arrays or \
            child.var in analysis.conditional or exit_value(loop) is None:
        return None
    return child


def _column_region(report: FileReport, fn: Function, plan: ParallelLoop) -> ParallelLoop:
    """A parallel loop whose enclosing sequential loop is a column nest (`plan.column_nest`): one region
    around the sequential loop instead of one per outer iteration, the loop shared out as `omp for
    schedule(static) nowait`. Every thread gets the same block of the parallel loop at each outer
    iteration (the static-schedule guarantee: same trip count, no chunk, no simd), and no dependence
    leaves a column, so the threads need no barrier between outer iterations."""
    loop = plan.loop
    if loop.parent is None or plan.after or plan.declarations or plan.block_swap is not None or plan.shadows or \
            plan.sums is not None or plan.collapse is not None or plan.guard or \
            not plan.pragma.startswith("#pragma omp parallel for"):
        return plan
    outer = next(lp for lp in fn.loops if lp.id == loop.parent)
    if not outer.index_declared and exit_value(outer) is None:
        return plan  # the region sets the outer index's exit value after it
    nest = column_nest(report, fn, outer)
    if nest is None or nest[0] is not loop or outer.var is None or exit_value(outer) is None:
        return plan
    def names(clause: str) -> list[str]:
        found = re.search(r"(?<![\w:])" + clause + r"\([^)]*\)", plan.pragma)
        return _clause_names(found.group(0)) if found else []

    private = ([] if outer.index_declared else [outer.var]) + names("private")
    first = [n for n in names("firstprivate") if n != outer.var]  # the outer index: each thread runs it
    clauses = [f"private({', '.join(private)})"] * bool(private) + [f"firstprivate({', '.join(first)})"] * bool(first)
    region = " ".join(["#pragma omp parallel", *clauses])
    return ParallelLoop(loop, "#pragma omp for schedule(static) nowait", inner=plan.inner, swaps=plan.swaps,
                        held=plan.held, dots=plan.dots, swap_held=plan.swap_held, around=outer, region=region)


def _zero_trip_index(plan: ParallelLoop) -> str | None:
    """`if (L >= U) i = L;` after a loop whose index outlives it, when the loop may run zero times: the
    sequential loop still sets it to its start value, but `lastprivate` copies nothing out then (and with
    `simd` an undefined value); None when not needed or not known (a step other than 1)."""
    loop = plan.loop

    def outlives(index: Loop) -> bool:
        return _outlives(index, plan.pragma)

    inner = plan.collapse
    if inner is not None and not runs_at_least_once(inner):
        # `loop` runs (a collapsed loop has a constant trip count of at least 2), but when the inner loop
        # does not, the collapsed space is empty and lastprivate copies nothing out
        values = [(lp.var, value) for lp, value in ((loop, exit_value(loop)), (inner, inner.lower_text))
                  if outlives(lp)]
        if not values:
            return None
        lo, hi = range_texts(inner)
        sets = " ".join(f"{var} = {value};" for var, value in values)
        return f"if ({lo} >= {hi}) {{ {sets} }}  /* an inner loop that ran zero times */"
    if not outlives(loop) or exit_value(loop) is None or runs_at_least_once(loop):
        return None
    return _zero_trip_guard(loop)


def _outlives(index: Loop, pragma: str) -> bool:
    """The index of a counted `for` declared outside it, which `pragma` makes lastprivate: it outlives the loop."""
    return not index.index_declared and index.kind == "for" and index.var is not None and \
        re.search(rf"lastprivate\((?:[^)]*,\s*)?{re.escape(index.var)}\s*[,)]", pragma) is not None


def _zero_trip_guard(loop: Loop) -> str:
    """`if (L >= U) i = L;`: the value the sequential loop leaves in its index when it runs zero times."""
    lo, hi = range_texts(loop)
    return f"if ({lo} >= {hi}) {loop.var} = {loop.lower_text};  /* a loop that ran zero times */"


def _inner_zero_trip(inner: Loop, pragma: str, outer: Loop, outer_pragma: str) -> str:
    """For an inner loop under `#pragma omp simd lastprivate(j)` whose index outlives it: the value the
    sequential loop leaves when it runs zero times (`simd lastprivate` then assigns nothing, and the outer
    loop's lastprivate copied out a stale or undefined j), as a statement after it; "" when not needed (it
    runs at least once at every step of `outer`: `j <= i` from i = 0)."""
    if inner.step != 1 or runs_at_least_once(inner) or not all(_outlives(inner, text)
                                                               for text in (pragma, outer_pragma)):
        return ""  # (private in the outer loop: its value does not outlive the nest)
    if inner.lower is not None and inner.upper is not None and outer.var is not None and outer.step == 1 and \
            outer.lower is not None and outer.lower.is_constant():
        span = inner.upper - inner.lower
        if span.symbols() <= {outer.var} and span.coefficient(outer.var) >= 0:
            least = span.substitute(outer.var, outer.lower)  # the span grows with the outer index
            if least is not None and least.is_constant() and least.constant >= 1:
                return ""
    return _zero_trip_guard(inner)


def directive_edits(source: bytes, node, pragma: str, braced: bool = False, after: str = "",
                    inner: bool = False) -> list[Edit]:
    """Directive lines before the loop `node`, and the statement `after` after it (following every brace
    the loop's own directives close there); when the loop is the unbraced body of another statement (and
    not `braced` by the caller), the directives, the loop and `after` are braced together. An `inner` loop's
    `after` and brace come before those of the loop around it, which may end at the same byte."""
    indent = line_indent(source, node.start_byte)
    prefix = _line_break_before(source, node)
    order = 0 if inner else 2
    tail = [Edit(node.end_byte, node.end_byte, f"\n{indent}{after}", seq=9 + order)] if after else []
    if braced or (node.parent is not None and node.parent.type == "compound_statement"):
        return [Edit(node.start_byte, node.start_byte, f"{prefix}{pragma}\n{indent}"), *tail]
    return [Edit(node.start_byte, node.start_byte, f"{prefix}{{\n{indent}{pragma}\n{indent}"), *tail,
            Edit(node.end_byte, node.end_byte, f"\n{indent}}}", seq=10 + order if after else 1)]


THREAD_BLOCK = """\
/* seq2par: the block of iterations [lo, hi) that the calling thread of an OpenMP team keeps (the same at
   every call: contiguous, the first (n % threads) threads one more) */
#ifdef _OPENMP
#include <omp.h>
#endif
static inline void s2p_thread_block(long lo, long hi, long *first, long *last)
{
#ifdef _OPENMP
    long t = omp_get_thread_num(), p = omp_get_num_threads();
#else
    long t = 0, p = 1;
#endif
    long n = hi > lo ? hi - lo : 0, q = n / p, r = n % p;
    *first = lo + t * q + (t < r ? t : r);
    *last = *first + q + (t < r ? 1 : 0);
}

"""


def _block_swap_edits(source: bytes, plan: ParallelLoop, fn: Function) -> list[Edit]:
    """`#pragma omp parallel` over the nest with its headers exchanged, each thread running the new inner loop
    over its own block of it (`s2p_thread_block`, the same at every outer iteration, so the threads need no
    barrier between them), and the outer index's sequential exit value set after the region when it is
    declared outside the loop (the inner loop may run zero times, leaving it unassigned).

    The block is computed once rather than left to `omp for schedule(static) nowait` so that the new inner
    loop may also run in SIMD lanes (`outer_swap` proved its iterations independent): OpenMP keeps a
    static schedule's blocks the same from one loop to the next only for loops without `simd`, and without
    it gcc -O2 leaves the outlined loop scalar (PolyBench mvt's A^T y at one thread 22.4 ms, 19.7 ms with
    `simd`; lu at two threads 1.76 s, 1.61 s)."""
    loop, inner = plan.loop, plan.block_swap
    indent = line_indent(source, loop.node.start_byte)
    bounds = ", ".join(range_texts(loop))
    opening = (f"{{\n{indent}{plan.pragma}\n{indent}{{\n{indent}long s2p_lo, s2p_hi;\n"
               f"{indent}s2p_thread_block({bounds}, &s2p_lo, &s2p_hi);\n{indent}")
    edits = [Edit(loop.node.start_byte, loop.node.start_byte, opening)]
    edits += swap_headers_edits(source, loop, inner, block_header(source, loop, "s2p_lo", "s2p_hi"))
    if swapped_lanes(fn, loop, inner):
        edits += directive_edits(source, inner.node, "#pragma omp simd")
    close = f"}}\n{indent}}}"
    if not loop.index_declared:
        close = f"}}\n{indent}{loop.var} = {exit_value(loop)};\n{indent}}}"
    edits.append(Edit(loop.node.end_byte, loop.node.end_byte, f"\n{indent}{close}", seq=2))
    return edits


def _iterated_edits(source: bytes, plan: ParallelLoop) -> list[Edit]:
    """`for (DECL : c) BODY` -> a parallel region in which each thread runs `for (auto it = c.begin() + lo, end =
    c.begin() + hi; it != end; ++it) { DECL = *it; BODY }` over its block [lo, hi) (`s2p_thread_block`): the
    same elements in the same order within a block, the element bound as the range-for binds it."""
    node = plan.loop.node
    indent = line_indent(source, node.start_byte)
    body = node.child_by_field_name("body")
    decl = _range_declaration(source, node)
    c = plan.loop.range_container
    opening = (f"{{\n{indent}{plan.pragma}\n{indent}{{\n{indent}long s2p_lo, s2p_hi;\n"
               f"{indent}s2p_thread_block(0L, (long)({c}.size()), &s2p_lo, &s2p_hi);\n{indent}")
    header = (f"for (auto s2p_it = {c}.begin() + s2p_lo, s2p_end = {c}.begin() + s2p_hi; s2p_it != s2p_end; "
              f"++s2p_it) {{ {decl} = *s2p_it; ")
    return [Edit(node.start_byte, node.start_byte, opening), Edit(node.start_byte, body.start_byte, header, seq=1),
            Edit(body.end_byte, body.end_byte, " }", seq=3),
            Edit(node.end_byte, node.end_byte, f"\n{indent}}}\n{indent}}}", seq=4)]


def _sums_over_rows(report: FileReport, fn: Function, loop: Loop, inner: Loop) -> bool:
    """Whether the transposed product `for i for j X[i] += A[j][i] ...` is better run over j, each thread adding
    into its own copy of X (`transposed_sums` says when that is legal): when an earlier parallel loop of the
    function, beside this one, stored A by rows (gemver's rank-one update before A^T y). Each thread then
    walks whole rows it has just written, where its block of i would take half of every row of A (gemver at
    2 threads: 5.5-6.7 ms against 8.4-9.0 ms). Otherwise the block of i is kept: the same speed (mvt) and
    the sequential order of every sum."""
    if transposed_sums(report, fn, loop, inner) is None:
        return False
    lo, hi = inner.body_orders
    column_walks = {a.name for a in fn.accesses if lo < a.order <= hi and a.is_read and a.subscripts
                    and len(a.subscripts) >= 2 and None not in a.subscripts
                    and a.subscripts[-1] == Affine.var(loop.var) and a.subscripts[0] == Affine.var(inner.var)}
    for earlier in fn.loops:
        analysis = report.analyses.get(earlier.id)
        if earlier.parent != loop.parent or earlier.last_order > loop.first_order or analysis is None or \
                not analysis.parallel or earlier.var is None:
            continue
        first, last = earlier.body_orders
        if any(first < a.order <= last and a.is_write and a.name in column_walks and a.subscripts
               and a.subscripts[0] == Affine.var(earlier.var) for a in fn.accesses):
            return True
    return False


def _sums_edits(source: bytes, plan: ParallelLoop, fn: Function) -> list[Edit]:
    """`for i for j` -> `for j for i` under the directive, the indices' sequential exit values set after it (j's
    only when the loop over i ran: the sequential nest leaves it alone otherwise). The new inner loop over i
    runs in SIMD lanes unless it calls a library function: `transposed_sums` proved that no two i touch a
    common location, and in the outlined region gcc -O2 leaves it scalar (`no vectype` for the thread's copy
    of X: PolyBench gemver's A^T y at EXTRALARGE, where the MPI program's loop vectorizes)."""
    loop, inner = plan.loop, plan.sums
    indent = line_indent(source, loop.node.start_byte)
    edits = [Edit(loop.node.start_byte, loop.node.start_byte, f"{{\n{indent}{plan.pragma}\n{indent}")]
    if calls_only_inlined(fn, inner.first_order, inner.last_order):
        edits.append(Edit(inner.node.start_byte, inner.node.start_byte,
                          f"#pragma omp simd\n{line_indent(source, inner.node.start_byte)}"))
    edits += swap_headers_edits(source, loop, inner)
    close = [] if loop.index_declared else [f"{loop.var} = {exit_value(loop)};"]
    close += [line for line in [inner_exit(loop, inner)] if line is not None]
    edits.append(Edit(loop.node.end_byte, loop.node.end_byte, "".join(f"\n{indent}{line}" for line in close)
                      + f"\n{indent}}}", seq=2))
    return edits


def _range_declaration(source: bytes, node) -> str:
    """DECL of a range-for `for (DECL : c) BODY`, as written."""
    open_paren = next(c for c in node.children if c.type == "(")
    colon = next(c for c in node.children if c.type == ":")
    return source[open_paren.end_byte:colon.start_byte].decode().strip()


def _indexed_header_edits(source: bytes, loop: Loop) -> list[Edit]:
    """`for (DECL : c) BODY` -> `for (std::size_t s2p_k = 0; s2p_k < c.size(); ++s2p_k) { DECL = c[s2p_k]; BODY }`."""
    node = loop.node
    body = node.child_by_field_name("body")
    decl = _range_declaration(source, node)
    k, c = f"s2p_k{loop.id}", loop.range_container
    return [Edit(node.start_byte, body.start_byte,
                 f"for (std::size_t {k} = 0; {k} < {c}.size(); ++{k}) {{ {decl} = {c}[{k}]; "),
            Edit(body.end_byte, body.end_byte, " }", seq=3)]


def _column_region_edits(source: bytes, plan: ParallelLoop) -> list[Edit]:
    """The region around a column nest's sequential loop, with the indices' sequential exit values set
    after it: the outer index (private in the region) and, when the outer loop ran, the inner one."""
    outer, loop = plan.around, plan.loop
    indent = line_indent(source, outer.node.start_byte)
    close = [] if outer.index_declared else [f"{outer.var} = {exit_value(outer)};"]
    close += [line for line in [inner_exit(outer, loop)] if line is not None]
    return [Edit(outer.node.start_byte, outer.node.start_byte, f"{{\n{indent}{plan.region}\n{indent}"),
            Edit(outer.node.end_byte, outer.node.end_byte,
                 "".join(f"\n{indent}{line}" for line in close) + f"\n{indent}}}", seq=2)]


def _fallback_edits(source: bytes, plan: ParallelLoop) -> list[Edit]:
    """`if (guard) { <the parallel loop> } else { <the original loop> }`: the original runs when the reduced
    arrays' copies would not fit on the threads' stacks, or the loop has too few iterations for a region
    (`plan.guard_note` says which). Outside every other edit at the loop's two ends."""
    node = plan.loop.node
    indent = line_indent(source, node.start_byte)
    original = source[node.start_byte:node.end_byte].decode("utf-8", "replace")
    return [Edit(node.start_byte, node.start_byte,
                 f"{_line_break_before(source, node)}if ({plan.guard}) {{  /* seq2par: {plan.guard_note} */\n"
                 f"{indent}", seq=-50),
            Edit(node.end_byte, node.end_byte, f"\n{indent}}} else {{\n{indent}{original}\n{indent}}}", seq=50)]


def _line_break_before(source: bytes, node) -> str:
    """What text inserted before `node` starts with: nothing at the start of a line, else a new line at the
    line's indentation (`if (c) for (...)`)."""
    start = source.rfind(b"\n", 0, node.start_byte) + 1
    return "" if source[start:node.start_byte].strip() == b"" else "\n" + line_indent(source, node.start_byte)


_NOT_COPIED = re.compile(rb"^[ \t]*#|\bstatic\b|\b__(?:LINE|COUNTER)__\b", re.MULTILINE)


def _copyable(source: bytes, node) -> bool:
    """The loop's text means the same twice (a guarded parallel copy beside the original): no preprocessor
    line in it (`#undef`/`#define` change what the second copy compiles to), no `static` (two objects), no
    `__LINE__`/`__COUNTER__`. Read in the file's own text, which the copy is made of (the parsed text may
    have `#if` lines blanked: a copy of a nest across `#else`/`#endif` did not build)."""
    return _NOT_COPIED.search(source[node.start_byte:node.end_byte]) is None


def _has_label(node) -> bool:
    stack = [node]
    while stack:
        current = stack.pop()
        if current.type == "labeled_statement":
            return True
        stack.extend(current.children)
    return False


def generate_openmp(report: FileReport, *, min_work: int = MIN_WORK, only: set[int] | None = None,
                    lane_sums: bool = True) -> OpenMPProgram:
    """The OpenMP version of an analyzed file; raises TransformationError when no loop can be parallelized.
    `only` restricts the pragmas to these loop ids (an editor's loop under the cursor); `lane_sums=False`
    keeps the sums into held locals in the original order (see GenerateOptions)."""
    if report.parse_errors:
        raise TransformationError(report.unreadable())
    chosen, sequential = plan_openmp(report, min_work=min_work, lane_sums=lane_sums)
    source = report.program.source
    edits: list[Edit] = []
    parallel: list[ParallelLoop] = []
    for plans in chosen.values():
        for plan in plans:
            if only is not None and plan.loop.id not in only:
                continue
            node = plan.loop.node
            indent = line_indent(source, node.start_byte)
            if plan.block_swap is not None:
                edits += _block_swap_edits(source, plan, report.program.functions[plan.loop.function])
                parallel.append(plan)
                continue
            if plan.sums is not None:
                edits += _sums_edits(source, plan, report.program.functions[plan.loop.function])
                edits += _fallback_edits(source, plan) if plan.guard else []
                parallel.append(plan)
                continue
            if plan.iterated:
                edits += _iterated_edits(source, plan)
                parallel.append(plan)
                continue
            if plan.around is not None:
                edits += _column_region_edits(source, plan)
            if plan.indexed:
                edits += _indexed_header_edits(source, plan.loop)
            if plan.shadows:
                edits += body_top_edits(source, plan.loop, plan.shadows)
            directives = f"\n{indent}".join((*plan.declarations, plan.pragma))
            guard = _zero_trip_index(plan) or ""
            # a minloc's region is a block of its own already: the guard goes at its end
            edits += directive_edits(source, node, directives, braced=bool(plan.after),
                                     after="" if plan.after else guard)
            if plan.after:
                # inside the region's block (its last line closes it): the block may be an unbraced `if`'s body
                lines = (*plan.after[:-1], *([guard] if guard else []), plan.after[-1])
                edits.append(Edit(node.end_byte, node.end_byte, "".join(f"\n{indent}{line}" for line in lines),
                                  seq=1))
            fn = report.program.functions[plan.loop.function]
            held_in = {acc.loop.id for acc in plan.held}  # loops in a block of their own already
            for child, pragma in plan.inner:
                edits += directive_edits(source, child.node, pragma, braced=child.id in held_in,
                                         after=_inner_zero_trip(child, pragma, plan.loop, plan.pragma),
                                         inner=True)
                edits += if_conversion_edits(report, fn, child.node)
            if " simd" in plan.pragma and not plan.loop.children:
                edits += if_conversion_edits(report, fn, node)
            edits += accumulator_edits(source, list(plan.held))
            edits += [dot_product_edit(source, *dot, inner_directive="#pragma omp simd") for dot in plan.dots]
            for (j, k), held in zip(plan.swaps, plan.swap_held or (None,) * len(plan.swaps), strict=True):
                edits.append(interchange_edit(source, j, k, inner_directive=swap_simd_directive(j, k), held=held,
                                              reads=reads_across_swap(report, fn, j, k)))
            edits += _canonical_condition_edits(plan)
            if plan.guard:
                edits += _fallback_edits(source, plan)
            parallel.append(plan)
    if not parallel:
        reasons = "; ".join(f"line {lp.line}: {why}" for lp, why in sequential[:6]) or "no loops"
        raise TransformationError(f"no loop can be parallelized with OpenMP ({reasons})")
    if any(plan.block_swap is not None or plan.iterated for plan in parallel):
        edits.append(Edit(0, 0, THREAD_BLOCK, -1))
    declared = extremum_declarations("".join(edit.text for edit in edits))
    if declared:
        edits.append(Edit(0, 0, declared, -2))
    cxx = report.language == "cpp"
    return OpenMPProgram(apply_edits(source, edits), report.language, "c++" if cxx else "cc", ["-fopenmp"],
                         parallel, sequential)
