"""PolyBench/C 4.2.1 analysis-quality bench: does `seq2par analyze` find the shallowest parallel loop of each kernel?

Usage:
  python bench/polybench.py PATH [--mode standalone|original|restrict|both|all] [--dataset LARGE]
                                 [--work DIR] [--kernels gemm,lu] [--json OUT]

PATH is a PolyBench/C 4.2.1 checkout (the folder holding `utilities/benchmark_list`).

Two ways a user hands PolyBench over:
  standalone  one self-contained file per kernel: the PolyBench macros preprocessed away (gcc -E -P -nostdinc
              with empty stub system headers), the real #includes put back on top, small definitions of
              polybench_alloc_data/polybench_free_data/timers appended, dumps printed with %.15e. Each
              file is checked to compile with gcc. `make_standalone()` is reusable (the MPI bench uses it).
  original    the kernel's own .c file with the flags a user would give:
              `-- -I utilities -I KERNELDIR -D<DATASET>_DATASET`; `restrict` adds -DPOLYBENCH_USE_RESTRICT.

For the kernel function (kernel_<name>) it reports whether some outermost loop is parallel (any parallel*
verdict), the shallowest loop depth with a parallel loop, and compares that with EXPECTED below (the ground
truth, read off the kernels by hand). Kernels with no parallel outermost loop get the blocking findings of
each outermost loop. Analyzer failures and tracebacks are listed, never raised.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _benchlib import analyzer_identity, blocking_findings, is_parallel, print_table, run_analyze, write_json  # noqa: E402

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
                    timing: bool = False) -> Path:
    """Write `<out_dir>/<kernel>.c`: one self-contained C file for a PolyBench kernel, as a user would hand it
    over (macros expanded, real #includes, C99 array parameters, dumps printed with %.15e on stderr).

    `dataset` is MINI, SMALL, MEDIUM, LARGE or EXTRALARGE. With `timing`, the kernel time is printed on stdout
    (POLYBENCH_TIME). Raises subprocess.CalledProcessError if gcc cannot preprocess the kernel.
    """
    root, out_dir = Path(polybench_root).resolve(), Path(out_dir)
    source = kernel_sources(root)[kernel]
    stubs = out_dir / "_stub_headers"
    for header in STUB_HEADERS:
        (stubs / header).parent.mkdir(parents=True, exist_ok=True)
        (stubs / header).write_text("")
    defines = ["-DPOLYBENCH_DUMP_ARRAYS", "-DPOLYBENCH_USE_C99_PROTO", f"-D{dataset.upper()}_DATASET"]
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


def analyze_kernel(kernel: str, mode: str, path: Path, flags: list[str], timeout: float) -> KernelResult:
    result = KernelResult(kernel, mode)
    run = run_analyze([path], flags, timeout=timeout)
    result.seconds, result.traceback = run.seconds, run.traceback
    if not run.ok:
        result.error = run.error
        result.status = "ANALYZE FAILED"
        return result
    report = run.reports[0]
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
            result = analyze_kernel(kernel, mode, path, flags, options.timeout)
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
