"""PolyBench/C 4.2.1 analysis-quality bench: does `seq2par analyze` find the shallowest parallel loop of each kernel?

Usage:
  python bench/polybench.py PATH [--mode standalone|original|restrict|both|all] [--dataset LARGE]
                                 [--work DIR] [--kernels gemm,lu] [--json OUT]
  python bench/polybench.py PATH [--mpi] [--openmp] [--kernels gemm,lu] [--np-validate 2,3] [--repeat 3]
                                 [--json OUT]

PATH is a PolyBench/C 4.2.1 checkout (the folder holding `utilities/benchmark_list`).

Two ways a user hands PolyBench over:
  standalone  one self-contained file per kernel: the PolyBench macros preprocessed away (gcc -E -P -nostdinc
              with empty stub system headers), the real #includes put back on top, small definitions of
              polybench_alloc_data/polybench_free_data/timers appended, dumps printed with %.15e. Each
              file is checked to compile with gcc. `make_standalone()` is reusable (the MPI bench uses it).
  original    the kernel's own .c file with utilities/polybench.c, the two files PolyBench compiles into one
              program (the second defines polybench_alloc_data, which allocates the kernel's arrays), in
              one `seq2par analyze` run with the flags a user would give:
              `-- -I utilities -I KERNELDIR -D<DATASET>_DATASET`; `restrict` adds -DPOLYBENCH_USE_RESTRICT.

With --mpi it measures the MPI generator instead (see `timing_bench`): each kernel's standalone MEDIUM file goes
through `seq2par parallelize` (validated at --np-validate, arrays dumped with %.15e, the timer line ignored),
then PolyBench's own kernel timer (POLYBENCH_TIME) is read at LARGE (EXTRALARGE when LARGE runs < 0.3 s):
gcc -O2 original vs the validated MPI program at `mpiexec -n 2` (built as seq2par validates it: mpicc -O2
-fopenmp-simd, for the `omp simd` lines on inner loops), median of --repeat runs each, alternated.
With --openmp the same for `--target openmp` (validated at --threads-validate, timed with OMP_NUM_THREADS=2,
built with gcc -O2 -fopenmp); with both flags each kernel goes through both targets in the same run, and
the OpenMP program's speedup is compared with the MPI program's on that kernel: the two are timed in the same
rounds (original, MPI, OpenMP, then original, OpenMP, MPI) against one sequential baseline, so that the
comparison is of their parallel times and not of two separately measured baselines. The kernels where OpenMP
is behind are listed, each with the number of paired rounds in which it was the slower one and a one-sided
sign test (behind beyond the noise when p < 0.05). A kernel whose two medians are within 10% of each other,
either way, or whose two programs' run times overlap, gets --close-rounds more rounds, so that a close call
rests on more runs. The first target timed fixes the dataset for the other. Each kernel behind gets its median
gap: the kernel timer includes the OpenMP program's thread start (its first parallel region: 50-90 us measured
alone on the 2-core host of 2026-12-06) and not the MPI program's process start and MPI_Init, which come
before it; on kernels of 2-6 ms that is a few percent.
Every timed program, the original included, is built with -falign-loops=64 (--align-loops 0: gcc's
default): on the 2-core EPYC host of 2026-12-07 gcc's default placement decided comparisons more than the
targets did. durbin's OpenMP program (no guarded loop runs at EXTRALARGE; gcc folds the guards away and the
kernel's machine code is the original's, instruction for instruction) ran 16 ms against the original's 13 ms,
and 13 ms against 13 ms with both built with -falign-loops=64; gemm's original ran 0.53 s at the default
placement and 0.33 s aligned, which had made the MPI program look superlinear (2.27x).

For the kernel function (kernel_<name>) it reports whether some outermost loop is parallel (any parallel*
verdict), the shallowest loop depth with a parallel loop, and compares that with EXPECTED below (the ground
truth, read off the kernels by hand). Kernels with no parallel outermost loop get the blocking findings of
each outermost loop. Analyzer failures and tracebacks are listed, never raised.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _benchlib import (  # noqa: E402
    analyzer_identity,
    blocking_findings,
    is_parallel,
    print_table,
    run_analyze,
    seq2par_executable,
    write_json,
)

# System headers PolyBench (kernels, polybench.h) includes; preprocessed against empty stand-ins so that only
# the PolyBench macros are expanded, then the real headers are included on top of the generated file.
STUB_HEADERS = ("stdio.h", "stdlib.h", "string.h", "math.h", "assert.h", "time.h", "unistd.h", "sched.h",
                "float.h", "limits.h", "stddef.h", "stdint.h", "errno.h", "sys/time.h", "sys/resource.h",
                "sys/types.h")
REAL_INCLUDES = ("stdio.h", "stdlib.h", "string.h", "math.h", "unistd.h", "sys/time.h")

RUNTIME = r"""
/* ---- appended by bench/polybench.py: the parts of utilities/polybench.c this program needs ---- */
void *polybench_alloc_data(unsigned long long int n, int elt_size)
{
  void *ptr = calloc((size_t) n, (size_t) elt_size);
  if (ptr == NULL) {
    fprintf(stderr, "[PolyBench] cannot allocate %llu elements of %d bytes\n", n, elt_size);
    exit(1);
  }
  return ptr;
}

void polybench_free_data(void *ptr)
{
  free(ptr);
}

double polybench_program_total_flops = 0;
static double polybench_t_start, polybench_t_end;

static double polybench_now(void)
{
  struct timeval now;
  gettimeofday(&now, NULL);
  return (double) now.tv_sec + now.tv_usec * 1.0e-6;
}

void polybench_timer_start(void) { polybench_t_start = polybench_now(); }
void polybench_timer_stop(void) { polybench_t_end = polybench_now(); }
void polybench_timer_print(void) { printf("%0.6f\n", polybench_t_end - polybench_t_start); }
"""


@dataclass(frozen=True)
class Expected:
    """Shallowest loop depth (0 = outermost loop of the kernel function) with a loop that may legally run in
    parallel as written (scalar/array-element reductions and privatization allowed; no skewing, interchange
    or other restructuring); None when no loop qualifies. `names` are variables the blocking findings of the
    outermost loop(s) must mention when the answer is None."""

    depth: int | None
    reason: str
    names: tuple[str, ...] = ()


# Ground truth, one line of reasoning per kernel (read from the #pragma scop region of each kernel).
EXPECTED: dict[str, Expected] = {
    "correlation": Expected(0, "j loop computing mean[j]: each j owns column j (inner i is a reduction)"),
    "covariance": Expected(0, "j loop computing mean[j]: each j owns column j"),
    "2mm": Expected(0, "i loop of tmp = A*B: each i writes row i of tmp"),
    "3mm": Expected(0, "i loop of E = A*B: each i writes row i of E"),
    "atax": Expected(0, "i loop y[i] = 0 (and the i loop over y[j] += is an array reduction)"),
    "bicg": Expected(0, "i loop s[i] = 0 (the main i loop is an array reduction on s)"),
    "doitgen": Expected(0, "r loop: sum[] is written before read in every (r,q) iteration, so privatizable "
                           "(without array privatization the p loops at depth 2 are the first)"),
    "mvt": Expected(0, "i loop: x1[i] accumulates in iteration i only"),
    "gemm": Expected(0, "i loop: each i scales and accumulates row i of C"),
    "gemver": Expected(0, "i loop of A[i][j] update: each i writes row i of A"),
    "gesummv": Expected(0, "i loop: tmp[i], y[i] per i"),
    "symm": Expected(1, "i carries C[k][j] (k<i) updates after C[i][j] is assigned; j loop: column j only, "
                        "temp2 private"),
    "syr2k": Expected(0, "i loop: iteration i writes C[i][0..i] only, reads A and B"),
    "syrk": Expected(0, "i loop: iteration i writes C[i][0..i] only, reads A"),
    "trmm": Expected(1, "i reads B[k][j] (k>i) that iteration k overwrites (anti); j loop: column j only"),
    "cholesky": Expected(1, "i reads rows j<i written earlier; depth 1: the k loop A[i][i] -= A[i][k]^2 "
                            "is a reduction on A[i][i]"),
    "durbin": Expected(1, "k recurrence on y/alpha/beta; depth 1: sum reduction, z[i] and y[i]=z[i] maps"),
    "gramschmidt": Expected(1, "k updates A used by later k; depth 1: nrm reduction, Q[i][k] map"),
    "lu": Expected(1, "i reads rows k<i written earlier; depth 1: second j loop (j>=i) reads A[i][k], k<i, "
                      "not written by it"),
    "ludcmp": Expected(1, "LU and both substitutions are recurrences; depth 1: second j loop of the LU part "
                          "(w private)"),
    "trisolv": Expected(1, "x[i] reads x[j], j<i (flow); depth 1: j loop is a reduction into x[i]"),
    "deriche": Expected(0, "first i loop: ym1, ym2, xm1 are reset per i (private), row i of y1 per i"),
    "floyd-warshall": Expected(None, "k carries everything; i and j loops read row/column k that iterations "
                                     "i=k / j=k write (only unchanged if path[k][k] >= 0, which a dependence "
                                     "test cannot know)", ("path",)),
    "nussinov": Expected(2, "i and j carry table[i+1][*] and table[i][j-1] (flow); depth 2: k loop is a max "
                            "reduction into table[i][j]"),
    "adi": Expected(1, "t is the time loop; depth 1: both sweeps' i loops own column/row i of p, q, u, v"),
    "fdtd-2d": Expected(1, "t is the time loop (ey[0][j] = _fict_[t], all fields); depth 1: every loop"),
    "heat-3d": Expected(1, "t is the time loop; depth 1: both i loops write B (resp. A) from the other"),
    "jacobi-1d": Expected(1, "t is the time loop; depth 1: both i loops"),
    "jacobi-2d": Expected(1, "t is the time loop; depth 1: both i loops"),
    "seidel-2d": Expected(None, "in-place 9-point Gauss-Seidel: t, i and j all carry flow/anti dependences on "
                                "A (needs skewing/wavefront)", ("A",)),
}


def kernel_sources(polybench_root: Path) -> dict[str, Path]:
    """Kernel name (folder name, e.g. `floyd-warshall`) -> its .c file, in benchmark_list order."""
    listing = polybench_root / "utilities" / "benchmark_list"
    if not listing.exists():
        raise SystemExit(f"{polybench_root}: not a PolyBench/C checkout (no utilities/benchmark_list)")
    out = {}
    for line in listing.read_text().split():
        path = (polybench_root / line).resolve()
        out[path.parent.name] = path
    return out


def kernel_function(kernel: str) -> str:
    return "kernel_" + kernel.replace("-", "_")


def make_standalone(polybench_root: str | Path, kernel: str, dataset: str, out_dir: str | Path, *,
                    timing: bool = False, dump: bool = True) -> Path:
    """Write `<out_dir>/<kernel>.c`: one self-contained C file for a PolyBench kernel, as a user would hand it
    over (macros expanded, real #includes, C99 array parameters, dumps printed with %.15e on stderr).

    `dataset` is MINI, SMALL, MEDIUM, LARGE or EXTRALARGE. With `timing`, the kernel time is printed on stdout
    (POLYBENCH_TIME). Without `dump` the arrays are not printed (PolyBench's `argc > 42` guard stays).
    Raises subprocess.CalledProcessError if gcc cannot preprocess the kernel.
    """
    root, out_dir = Path(polybench_root).resolve(), Path(out_dir)
    source = kernel_sources(root)[kernel]
    stubs = out_dir / "_stub_headers"
    for header in STUB_HEADERS:
        (stubs / header).parent.mkdir(parents=True, exist_ok=True)
        (stubs / header).write_text("")
    defines = ["-DPOLYBENCH_USE_C99_PROTO", f"-D{dataset.upper()}_DATASET"]
    if dump:
        defines.insert(0, "-DPOLYBENCH_DUMP_ARRAYS")
    if timing:
        defines.append("-DPOLYBENCH_TIME")
    done = subprocess.run(["gcc", "-E", "-P", "-nostdinc", "-I", str(stubs), "-I", str(root / "utilities"),
                           "-I", str(source.parent), *defines, str(source)],
                          capture_output=True, text=True, check=True)
    body = done.stdout
    # The stock dump format hides most numerical differences; print every digit that matters.
    for short in ('"%0.2lf "', '"%0.2f "'):
        body = body.replace(short, '"%.15e "')
    includes = "".join(f"#include <{header}>\n" for header in REAL_INCLUDES)
    target = out_dir / f"{kernel}.c"
    target.write_text(f"/* PolyBench/C 4.2.1 {kernel}, {dataset.upper()}_DATASET, standalone */\n"
                      + includes + "\n" + body.strip() + "\n" + RUNTIME)
    return target


def compile_check(source: Path) -> str:
    """'' if gcc builds `source` into an executable, else gcc's first error line."""
    done = subprocess.run(["gcc", "-O0", "-w", "-o", str(source.with_suffix("")), str(source), "-lm"],
                          capture_output=True, text=True)
    if done.returncode == 0:
        return ""
    errors = [line for line in done.stderr.splitlines() if "error" in line] or done.stderr.splitlines() or ["?"]
    return errors[0][:200]


@dataclass
class KernelResult:
    kernel: str
    mode: str
    analyzer_mode: str = ""
    error: str = ""
    traceback: bool = False
    compile_error: str = ""
    seconds: float = 0.0
    loops: int = 0
    outer_parallel_lines: tuple[int, ...] = ()
    shallowest: int | None = None
    shallowest_line: int | None = None
    status: str = ""
    outer_blocking: tuple[tuple[int, str, str, str], ...] = ()  # (loop line, code, vars, message)

    @property
    def outer_parallel(self) -> bool:
        return bool(self.outer_parallel_lines)


def judge(kernel: str, loops: list[dict], outer_blocking: list[tuple[int, str, str, str]],
          shallowest: int | None) -> str:
    """Compare our shallowest parallel depth with the expected one."""
    expected = EXPECTED.get(kernel)
    if expected is None:
        return "no expectation"
    if expected.depth is None:
        if shallowest is not None:
            return f"UNSOUND? parallel at depth {shallowest}, expected none"
        named = {name for _, _, names, _ in outer_blocking for name in names.split(",") if name}
        missing = [name for name in expected.names if name not in named]
        return "ok (none)" if not missing else f"none, but findings do not name {', '.join(missing)}"
    if shallowest is None:
        return f"MISSED: nothing parallel, expected depth {expected.depth}"
    if shallowest == expected.depth:
        return "ok"
    if shallowest < expected.depth:
        return f"SHALLOWER than expected {expected.depth} (unsound?)"
    return f"deeper (expected {expected.depth})"


def analyze_kernel(kernel: str, mode: str, path: Path, flags: list[str], timeout: float,
                   companions: tuple[Path, ...] = ()) -> KernelResult:
    """The kernel function's loops in `seq2par analyze`'s report on `path` (analyzed in one run with the
    `companions`, the program's other files)."""
    result = KernelResult(kernel, mode)
    run = run_analyze([path, *companions], flags, timeout=timeout)
    result.seconds, result.traceback = run.seconds, run.traceback
    if not run.ok:
        result.error = run.error
        result.status = "ANALYZE FAILED"
        return result
    report = next((r for r in run.reports if Path(r.get("path", "")) == path), run.reports[0])
    result.analyzer_mode = report.get("mode", "")
    function = kernel_function(kernel)
    loops = [loop for loop in report.get("loops", []) if loop.get("function") == function]
    result.loops = len(loops)
    if not loops:
        result.error = f"no loops reported in {function}"
        result.status = "NO KERNEL LOOPS"
        return result
    outer = [loop for loop in loops if loop.get("depth") == 0]
    result.outer_parallel_lines = tuple(loop["line"] for loop in outer if is_parallel(loop))
    parallel = sorted((loop for loop in loops if is_parallel(loop)), key=lambda lp: (lp["depth"], lp["line"]))
    if parallel:
        result.shallowest, result.shallowest_line = parallel[0]["depth"], parallel[0]["line"]
    blocking = []
    for loop in outer:
        if is_parallel(loop):
            continue
        for finding in blocking_findings(loop):
            blocking.append((loop["line"], finding.get("code", "?"), ",".join(finding.get("vars") or []),
                             finding.get("message", "")))
    result.outer_blocking = tuple(blocking)
    result.status = judge(kernel, loops, blocking, result.shallowest)
    return result


# ---- MPI timing mode ------------------------------------------------------------------------------------------

TIMER_LINE = r"^\s*[0-9]+\.[0-9]+\s*$"  # polybench_timer_print's line: a run time, never compared
PARALLELIZE_EXIT = {0: "validated", 3: "refused", 4: "WRONG", 5: "build failed", 6: "crashed", 7: "slower"}
MIN_LARGE_SECONDS = 0.3
SHORT_SECONDS, SHORT_REPEAT = 0.1, 9  # kernels that run under SHORT_SECONDS get at least SHORT_REPEAT rounds
CLOSE_CALL = 0.10  # two targets' medians closer than this (relative) get --close-rounds more rounds
SIGNIFICANT = 0.05  # sign-test level at which "behind" is more than the host's noise


@dataclass
class MpiKernelResult:
    kernel: str
    target: str = "mpi"
    status: str = ""  # validated / refused / WRONG / build failed / crashed / tool error
    reason: str = ""
    kernel_plan: str = ""  # how the kernel function's loops were distributed ("" = none: it runs on every rank)
    dataset: str = ""
    sequential: list[float] = field(default_factory=list)
    parallel: list[float] = field(default_factory=list)
    parallelize_seconds: float = 0.0
    note: str = ""

    @property
    def speedup(self) -> float:
        """Median sequential / median parallel kernel time; 1.0 when not timed (refused, or the kernel stays
        sequential and runs redundantly on every rank, which a user would not be handed: exit 7)."""
        if not self.sequential or not self.parallel:
            return 1.0
        return statistics.median(self.sequential) / statistics.median(self.parallel)


def resize_program(small_original: str, large_original: str, small_parallel: str) -> str:
    """The validated parallel program of the small dataset with the large dataset's sizes.

    The two standalone originals differ only in lines holding the sizes (`int ni = 200;` vs `int ni = 1000;`,
    `for (i = 0; i < 260; i++)`) and the dataset name in the first comment. A size line found unchanged in the
    parallel program is replaced; when the generator rewrote one (a distributed loop's bounds), the small sizes
    are mapped to the large ones, number by number, in the lines of the user's code it generated. Raises
    ValueError when the programs differ otherwise (the program is then not timed)."""
    small, large = small_original.splitlines(), large_original.splitlines()
    if len(small) != len(large):
        raise ValueError("the two datasets' programs differ in more than sizes")
    lines = small_parallel.splitlines()
    sizes: dict[str, str] = {}  # a literal size of the small dataset -> the large one's
    rewritten = []  # size lines the generator changed (a distributed loop's bounds): mapped number by number
    for a, b in zip(small, large, strict=True):
        if a == b:
            continue
        if re.sub(r"\d+|[A-Z]+_DATASET", "#", a) != re.sub(r"\d+|[A-Z]+_DATASET", "#", b):
            raise ValueError(f"the datasets' programs differ in more than numbers: {a!r} vs {b!r}")
        for x, y in zip(re.findall(r"\d+", a), re.findall(r"\d+", b), strict=True):
            if x != y and sizes.setdefault(x, y) != y:
                raise ValueError(f"size {x} becomes both {sizes[x]} and {y}")
        where = [k for k, line in enumerate(lines) if line == a]
        if len(where) > 1:
            raise ValueError(f"size line {a.strip()!r} occurs {len(where)} times in the parallel program")
        if where:
            lines[where[0]] = b
        else:
            rewritten.append(a)
    if rewritten:
        # Lines of the user's code after the runtime that are not verbatim lines of the original: the
        # generator's rewrites, where the small sizes must become the large ones too.
        marker = next((k for k, line in enumerate(lines) if "end of seq2par MPI runtime" in line), None)
        if marker is None:
            raise ValueError("no runtime marker in the parallel program")
        verbatim = set(small)
        changed = 0
        for k in range(marker + 1, len(lines)):
            if lines[k] in verbatim or lines[k] in large:
                continue
            new = re.sub(r"(?<![\w.])(\d+)(?![\w.])", lambda m: sizes.get(m.group(1), m.group(1)), lines[k])
            changed += new != lines[k]
            lines[k] = new
        if not changed:
            raise ValueError(f"size line {rewritten[0].strip()!r} not found in the parallel program")
    return "\n".join(lines) + "\n"


def kernel_seconds(command: list[str], timeout: float) -> float:
    """PolyBench's timer line (the last number on stdout) of one run; stderr (the dumped arrays) is dropped."""
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, timeout=timeout)
    if done.returncode != 0:
        raise RuntimeError(f"exit {done.returncode}: {' '.join(command)}")
    numbers = re.findall(r"^\s*([0-9]+\.[0-9]+)\s*$", done.stdout, re.M)
    if not numbers:
        raise RuntimeError(f"no timer line in the output of {' '.join(command)}")
    return float(numbers[-1])


def build(compiler: str, source: Path, exe: Path, flags: tuple[str, ...] = ()) -> None:
    done = subprocess.run([compiler, "-O2", *flags, "-w", str(source), "-o", str(exe), "-lm"], capture_output=True,
                          text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{compiler} failed on {source.name}: {done.stderr.strip()[:300]}")


def layout_flags(options: argparse.Namespace) -> tuple[str, ...]:
    """The code-layout flags every timed program is built with, the original included (see --align-loops)."""
    return (f"-falign-loops={options.align_loops}",) if options.align_loops else ()


TARGETS = {  # target -> (output suffix, validation option, compiler flags of the parallel build)
    "mpi": ("mpi", "--np", ("-fopenmp-simd",)),  # as seq2par validates it (validators.validate.MPI_FLAGS)
    "openmp": ("omp", "--threads", ("-fopenmp",)),
}


@dataclass
class Prepared:
    """A validated parallel program built at the timing dataset, ready to be timed against the original."""

    result: MpiKernelResult
    sequential: list[str]  # the original's command
    parallel: list[str]  # the parallel program's command (mpiexec -n 2 / OMP_NUM_THREADS=2)


def time_prepared(group: list[Prepared], options: argparse.Namespace) -> None:
    """Rounds of one run of the original then one of each parallel program (the same binary, in the same
    conditions, for every target of the group: their speedups share one sequential baseline, so comparing
    them compares their parallel times, not the noise of separate baselines); median of --repeat rounds,
    one round when the kernel runs longer than --long-seconds, SHORT_REPEAT when under SHORT_SECONDS.

    The parallel programs take turns at going first (the order of a round is reversed every other round).
    When two targets are timed and their medians are within CLOSE_CALL of each other, in either direction,
    or the ranges of their runs overlap, both get --close-rounds more rounds: a close call is decided on
    more runs, whichever way it leans."""
    first = group[0].result.sequential[0]
    sequential = [first]
    repeat = options.repeat if first < options.long_seconds else 1
    if first < SHORT_SECONDS:
        repeat = max(repeat, SHORT_REPEAT)  # milliseconds: one busy moment of the host moves a median of 3
    timed = list(group)

    def rounds(start: int, stop: int) -> bool:
        for round_number in range(start, stop):
            if round_number:
                try:
                    sequential.append(kernel_seconds(group[0].sequential, options.run_timeout))
                except (RuntimeError, subprocess.TimeoutExpired) as exc:
                    for item in timed:
                        item.result.note = f"sequential run failed: {exc}"[:200]
                        item.result.parallel = []
                    return False
            for item in list(timed if round_number % 2 == 0 else reversed(timed)):
                try:
                    item.result.parallel.append(kernel_seconds(item.parallel, options.run_timeout))
                except (RuntimeError, subprocess.TimeoutExpired) as exc:
                    item.result.note = f"parallel run failed: {exc}"[:200]
                    item.result.parallel = []
                    timed.remove(item)
        return True

    if not rounds(0, repeat):
        return
    if len(timed) == 2 and first < options.long_seconds and options.close_rounds > 0:
        a, b = (item.result.parallel for item in timed)
        overlap = min(max(a), max(b)) >= max(min(a), min(b))  # each program's runs reach into the other's range
        close = abs(statistics.median(a) - statistics.median(b)) < CLOSE_CALL * min(statistics.median(a),
                                                                                   statistics.median(b))
        if (overlap or close) and not rounds(repeat, repeat + options.close_rounds):
            return
    for item in group:
        item.result.sequential = list(sequential)


def sign_test(slower: int, rounds: int) -> float:
    """One-sided sign test: the probability of `slower` or more losses in `rounds` paired rounds when each
    round is a coin toss (the two programs equally fast)."""
    return sum(math.comb(rounds, k) for k in range(slower, rounds + 1)) / 2 ** rounds if rounds else 1.0


def prepare_kernel(root: Path, kernel: str, work: Path, options: argparse.Namespace, target: str = "mpi",
                   only: str | None = None) -> Prepared | MpiKernelResult:
    """The kernel's program generated by seq2par for `target` at MEDIUM, validated there, and built at the
    dataset `only`, else at LARGE (EXTRALARGE when the original's kernel runs under MIN_LARGE_SECONDS at
    LARGE: the faster of two runs decides when the first is not under it) beside the original; the result
    alone when there is nothing to time (refused, not validated, the kernel left sequential, a build
    failed)."""
    result = MpiKernelResult(kernel, target)
    suffix, counts_option, parallel_flags = TARGETS[target]
    function = kernel_function(kernel)
    medium_dir = work / "MEDIUM"
    medium_dir.mkdir(parents=True, exist_ok=True)
    medium = make_standalone(root, kernel, "MEDIUM", medium_dir, timing=True)
    output = medium_dir / f"{kernel}.{suffix}.c"
    output.unlink(missing_ok=True)
    counts = options.np_validate if target == "mpi" else options.threads_validate
    command = [*options.seq2par, "parallelize", str(medium), "--target", target, counts_option, counts, "--runs", "1",
               "--allow-slower", "--ignore-line", TIMER_LINE, "--timeout", str(options.timeout), "--format", "json",
               "-q", "-o", str(output)]
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)
    result.parallelize_seconds = time.perf_counter() - start
    result.status = PARALLELIZE_EXIT.get(done.returncode, f"tool error (exit {done.returncode})")
    if "Traceback (most recent call last)" in done.stderr:
        result.status = "tool error (traceback)"
    try:
        report = json.loads(done.stdout) if done.stdout.strip() else {}
    except json.JSONDecodeError:
        report = {}
    kernel_loops = [loop for loop in report.get("loops", []) if loop.get("function") == function]
    result.kernel_plan = "; ".join(f"l.{loop['line']} {loop['plan']}" for loop in kernel_loops)
    reasons = [f"l.{s['line']} {s['reason']}" for s in report.get("sequential", []) if s.get("function") == function]
    if result.status != "validated":
        message = report.get("validation", {}).get("message") if isinstance(report.get("validation"), dict) else ""
        stderr = [line for line in done.stderr.splitlines() if line.strip() and "analyzing" not in line]
        result.reason = (reasons[0] if reasons and result.status == "refused" else message or
                         (stderr[-1] if stderr else ""))[:160]
        return result
    if not kernel_loops:
        result.reason = "kernel stays sequential: " + (reasons[0] if reasons else "no legal loop")[:140]
        if not options.time_all:
            return result
    for dataset in (only,) if only else ("LARGE", "EXTRALARGE"):
        folder = work / dataset
        folder.mkdir(parents=True, exist_ok=True)
        original = make_standalone(root, kernel, dataset, folder, timing=True)
        try:
            parallel_text = resize_program(medium.read_text(), original.read_text(), output.read_text())
        except ValueError as exc:
            result.note = f"not timed: {exc}"
            return result
        parallel = folder / f"{kernel}.{suffix}.c"
        parallel.write_text(parallel_text)
        try:
            build("gcc", original, folder / kernel, layout_flags(options))
            build(options.mpicc if target == "mpi" else "gcc", parallel, folder / f"{kernel}.{suffix}",
                  (*parallel_flags, *layout_flags(options)))
            first = kernel_seconds([str(folder / kernel)], options.run_timeout)
            if first >= MIN_LARGE_SECONDS and dataset == "LARGE":
                # deriche's kernel runs 0.25-0.37 s at LARGE: one slow run must not decide the dataset
                first = min(first, kernel_seconds([str(folder / kernel)], options.run_timeout))
        except (RuntimeError, subprocess.TimeoutExpired) as exc:
            result.note = f"not timed: {exc}"[:200]
            return result
        result.dataset = dataset
        if first >= MIN_LARGE_SECONDS:
            break
    if target == "mpi":
        launch = [options.mpiexec, "-n", "2", "-genv", "UCX_MEM_EVENTS", "no", str(folder / f"{kernel}.mpi")]
    else:
        launch = ["env", "OMP_NUM_THREADS=2", "OMP_PROC_BIND=false", str(folder / f"{kernel}.{suffix}")]
    result.sequential = [first]
    return Prepared(result, [str(folder / kernel)], launch)


def timing_bench(root: Path, kernels: dict[str, Path], work: Path, options: argparse.Namespace,
                 targets: list[str]) -> dict[str, list[MpiKernelResult]]:
    """Every kernel through every target in turn (the same load for both); the table per target, then how
    the OpenMP program compares with the MPI one kernel by kernel."""
    print(f"timing mode ({', '.join(targets)}): seq2par = {' '.join(options.seq2par)}; work folder {work}")
    print(f"load before: {os.getloadavg()[0]:.2f} (1-min average) on {os.cpu_count()} CPUs")
    rows: dict[str, list[MpiKernelResult]] = {target: [] for target in targets}
    for kernel in kernels:
        prepared: list[Prepared | MpiKernelResult] = []
        for target in targets:
            # one dataset per kernel, chosen by the first target timed: the targets are compared on it
            dataset = next((p.result.dataset for p in prepared if isinstance(p, Prepared)), None)
            prepared.append(prepare_kernel(root, kernel, work, options, target, dataset))
        # the targets timed at the same dataset share the rounds and the sequential baseline
        ready = [p for p in prepared if isinstance(p, Prepared)]
        for dataset in dict.fromkeys(p.result.dataset for p in ready):
            time_prepared([p for p in ready if p.result.dataset == dataset], options)
        for target, item in zip(targets, prepared, strict=True):
            row = item.result if isinstance(item, Prepared) else item
            rows[target].append(row)
            timed = (f"{statistics.median(row.sequential):.3f} s / {statistics.median(row.parallel):.3f} s"
                     if row.sequential and row.parallel else "-")
            print(f"  {kernel} [{target}]: {row.status} {timed} {row.speedup:.2f}x {row.reason or row.note}",
                  file=sys.stderr, flush=True)
    geomeans = {target: report_timing(target, rows[target]) for target in targets}
    if len(targets) == 2:
        pairs = list(zip(rows["mpi"], rows["openmp"], strict=True))
        ahead = [m.kernel for m, o in pairs if o.speedup >= m.speedup]
        behind = [f"{o.kernel} {o.speedup:.2f}x < {m.speedup:.2f}x" for m, o in pairs if o.speedup < m.speedup]
        print(f"\nOpenMP at 2 threads >= MPI at np=2 on {len(ahead)}/{len(pairs)} kernels; geomean OpenMP "
              f"{geomeans['openmp']:.2f}x vs MPI {geomeans['mpi']:.2f}x")
        print(f"OpenMP behind MPI: {', '.join(behind) or 'none'}")
        # Paired by round (both programs ran in every round, one after the other): in how many rounds the
        # OpenMP program was the slower one, and whether that many losses is more than coin tosses would give.
        significant = []
        for m, o in pairs:
            rounds = list(zip(m.parallel, o.parallel, strict=False))
            if o.speedup >= m.speedup or not rounds:
                continue
            slower = sum(t_o > t_m for t_m, t_o in rounds)
            p = sign_test(slower, len(rounds))
            if p < SIGNIFICANT:
                significant.append(o.kernel)
            gap = statistics.median(o.parallel) - statistics.median(m.parallel)
            print(f"  {o.kernel}: OpenMP slower in {slower} of {len(rounds)} paired rounds (sign test p = {p:.3f}): "
                  f"{'behind' if p < SIGNIFICANT else 'within the noise'}; median gap {gap * 1e6:.0f} us")
        print(f"of those, behind beyond the noise (sign test p < {SIGNIFICANT}): {', '.join(significant) or 'none'}")
    print(f"load after: {os.getloadavg()[0]:.2f}")
    write_json(options.json, {"polybench": str(root), "mode": "timing", "geomean": geomeans,
                              "results": {t: [vars(row) | {"speedup": row.speedup} for row in r]
                                          for t, r in rows.items()}})
    return rows


def report_timing(target: str, rows: list[MpiKernelResult]) -> float:
    """Prints one target's table, counts and geometric mean; returns the geometric mean."""
    count_name = "np=2" if target == "mpi" else "2 threads"
    print(f"\n{target}:")
    table = []
    for row in rows:
        spread = ""
        if row.sequential and row.parallel:
            spread = (f"{min(row.sequential):.3f}-{max(row.sequential):.3f} / "
                      f"{min(row.parallel):.3f}-{max(row.parallel):.3f}")
        table.append((row.kernel, row.status, row.dataset or "-",
                      f"{statistics.median(row.sequential):.3f}" if row.sequential else "-",
                      f"{statistics.median(row.parallel):.3f}" if row.parallel else "-",
                      f"{row.speedup:.2f}x", spread or "-", row.kernel_plan or "-",
                      (row.reason or row.note or "-")[:110]))
    print_table(table, ("kernel", "status", "dataset", "seq s", f"{count_name} s", "speedup",
                        f"range seq / {count_name}", "kernel loops parallel", "reason / note"))
    speedups = [row.speedup for row in rows]
    geomean = math.exp(sum(math.log(x) for x in speedups) / len(speedups)) if speedups else 0.0
    validated = sum(row.status == "validated" for row in rows)
    wrong = sum(row.status == "WRONG" for row in rows)
    distributed = sum(bool(row.kernel_plan) and row.status == "validated" for row in rows)
    print(f"\n{validated}/{len(rows)} validated ({distributed} with the kernel itself distributed), {wrong} wrong, "
          f"{sum(row.status == 'refused' for row in rows)} refused, "
          f"{len(rows) - validated - wrong - sum(row.status == 'refused' for row in rows)} other")
    print(f"geometric-mean kernel speedup at {count_name} (refusals and untimed kernels count as 1.0x): "
          f"{geomean:.2f}x")
    slow = [f"{row.kernel} {row.speedup:.2f}x" for row in rows if row.speedup < 0.95]
    print(f"below 0.95x: {', '.join(slow) or 'none'}")
    return geomean


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    parser.add_argument("path", type=Path, help="PolyBench/C 4.2.1 checkout")
    parser.add_argument("--mode", choices=("standalone", "original", "restrict", "both", "all"), default="both",
                        help="both = standalone + original; all adds original with -DPOLYBENCH_USE_RESTRICT")
    parser.add_argument("--dataset", default="LARGE", choices=("MINI", "SMALL", "MEDIUM", "LARGE", "EXTRALARGE"))
    parser.add_argument("--work", type=Path, help="folder for the standalone files (default: a temp dir)")
    parser.add_argument("--kernels", help="comma-separated subset, e.g. gemm,lu,seidel-2d")
    parser.add_argument("--timeout", type=float, default=120.0, help="seconds per analyze call")
    parser.add_argument("--json", help="write every result to this JSON file")
    parser.add_argument("--mpi", action="store_true",
                        help="MPI timing mode: validate each kernel's MPI program at MEDIUM, time the kernel at "
                             "LARGE (EXTRALARGE when LARGE runs < 0.3 s), gcc -O2 vs mpiexec -n 2")
    parser.add_argument("--openmp", action="store_true",
                        help="the same timing mode for --target openmp (2 threads); with --mpi, both targets")
    parser.add_argument("--np-validate", default="2,3", help="--mpi: rank counts to validate with")
    parser.add_argument("--threads-validate", default="1,2,3", help="--openmp: thread counts to validate with")
    parser.add_argument("--repeat", type=int, default=3, help="--mpi: timed runs of each program (median)")
    parser.add_argument("--close-rounds", type=int, default=6,
                        help="--mpi --openmp: more rounds for a kernel whose two medians are within 10%% of "
                             "each other or whose two programs' run times overlap (0: none)")
    parser.add_argument("--long-seconds", type=float, default=15.0,
                        help="--mpi: a kernel whose first sequential run takes longer is timed once each")
    parser.add_argument("--run-timeout", type=float, default=300.0, help="--mpi: seconds per timed run")
    parser.add_argument("--time-all", action="store_true",
                        help="--mpi: also time validated programs whose kernel function stays sequential")
    parser.add_argument("--seq2par", help="--mpi: the seq2par command to use (default: the venv's)")
    parser.add_argument("--align-loops", type=int, default=64, metavar="BYTES",
                        help="--mpi/--openmp: build every timed program, the original included, with "
                             "-falign-loops=BYTES (0: gcc's default placement). Identical machine code ran "
                             "0.53 s or 0.33 s (gemm) and 13 or 16 ms (durbin) depending on where its loops "
                             "landed (2026-12-07, 2-core EPYC host)")
    options = parser.parse_args()
    print(analyzer_identity())

    root = options.path.resolve()
    kernels = kernel_sources(root)
    if options.kernels:
        wanted = options.kernels.split(",")
        unknown = [k for k in wanted if k not in kernels]
        if unknown:
            parser.error(f"unknown kernels: {', '.join(unknown)}")
        kernels = {k: kernels[k] for k in wanted}
    modes = {"standalone": ["standalone"], "original": ["original"], "restrict": ["restrict"],
             "both": ["standalone", "original"], "all": ["standalone", "original", "restrict"]}[options.mode]
    work = options.work or Path(tempfile.mkdtemp(prefix="polybench-standalone-"))
    work.mkdir(parents=True, exist_ok=True)
    if options.mpi or options.openmp:
        options.seq2par = options.seq2par.split() if options.seq2par else [seq2par_executable()]
        venv_bin = Path(sys.executable).parent
        options.mpicc = str(venv_bin / "mpicc") if (venv_bin / "mpicc").exists() else "mpicc"
        options.mpiexec = str(venv_bin / "mpiexec") if (venv_bin / "mpiexec").exists() else "mpiexec"
        timing_bench(root, kernels, work, options, [t for t, on in (("mpi", options.mpi), ("openmp", options.openmp))
                                                    if on])
        return 0

    results: dict[str, list[KernelResult]] = {}
    for mode in modes:
        rows = []
        for kernel, source in kernels.items():
            compile_error = ""
            if mode == "standalone":
                try:
                    path = make_standalone(root, kernel, options.dataset, work)
                except subprocess.CalledProcessError as exc:
                    result = KernelResult(kernel, mode, error=f"gcc -E failed: {exc.stderr.strip()[:200]}",
                                          status="GENERATION FAILED")
                    rows.append(result)
                    continue
                compile_error = compile_check(path)
                flags: list[str] = []
            else:
                path = source
                flags = ["-I", str(root / "utilities"), "-I", str(source.parent), f"-D{options.dataset}_DATASET"]
                if mode == "restrict":
                    flags.append("-DPOLYBENCH_USE_RESTRICT")
            companions = () if mode == "standalone" else (root / "utilities" / "polybench.c",)
            result = analyze_kernel(kernel, mode, path, flags, options.timeout, companions)
            result.compile_error = compile_error
            rows.append(result)
            print(f"  [{mode}] {kernel}: {result.status} ({result.seconds:.1f} s)", file=sys.stderr, flush=True)
        results[mode] = rows
        report_mode(mode, rows, work if mode == "standalone" else None)

    print("\nSummary")
    for mode, rows in results.items():
        count = sum(r.outer_parallel for r in rows)
        ok = sum(r.status.startswith("ok") for r in rows)
        print(f"  {count}/{len(rows)} kernels with a parallel outermost loop ({mode}); "
              f"shallowest parallel depth as expected: {ok}/{len(rows)}")
    write_json(options.json, {
        "polybench": str(root), "dataset": options.dataset, "work": str(work),
        "expected": {k: vars(v) for k, v in EXPECTED.items()},
        "results": {mode: [vars(r) for r in rows] for mode, rows in results.items()},
    })
    return 0


def report_mode(mode: str, rows: list[KernelResult], work: Path | None) -> None:
    print(f"\n=== mode: {mode}" + (f" (standalone files in {work})" if work else ""))
    table = []
    for r in rows:
        expected = EXPECTED.get(r.kernel)
        codes = sorted({code for _, code, _, _ in r.outer_blocking})
        table.append((
            r.kernel, "-" if expected is None or expected.depth is None else expected.depth,
            "-" if r.shallowest is None else f"{r.shallowest} (l.{r.shallowest_line})",
            "yes" if r.outer_parallel else "no", ",".join(codes) or "-", r.analyzer_mode or "-", r.status,
        ))
    print_table(table, ("kernel", "expected", "ours (line)", "outer par", "outer blocking codes", "analyzer",
                        "status"))
    count = sum(r.outer_parallel for r in rows)
    print(f"\n{count}/{len(rows)} kernels with a parallel outermost loop ({mode})")
    for r in rows:
        if r.outer_parallel_lines:
            print(f"  {r.kernel}: the first outermost loop that carries no dependence is at line "
                  f"{r.outer_parallel_lines[0]}")
    blocked = [r for r in rows if not r.outer_parallel and not r.error]
    if blocked:
        print(f"\nBlocking findings of the outermost loops ({mode}), kernels without a parallel outermost loop:")
        for r in blocked:
            print(f"  {r.kernel}  [{EXPECTED[r.kernel].reason if r.kernel in EXPECTED else ''}]")
            for line, code, names, message in r.outer_blocking:
                print(f"    l.{line} {code} {names or '-'}: {message}")
            if not r.outer_blocking:
                print("    (sequential without a blocking finding)")
    failed = [r for r in rows if r.error or r.traceback or r.compile_error]
    print(f"\nFailures ({mode}): {len(failed) or 'none'}")
    for r in failed:
        parts = [r.error] if r.error else []
        if r.traceback:
            parts.append("TRACEBACK")
        if r.compile_error:
            parts.append(f"generated file does not compile: {r.compile_error}")
        print(f"  {r.kernel}: {'; '.join(parts)}")


if __name__ == "__main__":
    sys.exit(main())
