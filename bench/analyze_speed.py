"""Analyzer throughput benchmark: a large generated C file through tree-sitter and libclang modes.

Usage: python bench/analyze_speed.py [--lines N] [--profile]

Prints lines, seconds and lines/s per mode (best of 3), the number of loops found, and the wall time
of `seq2par --help` (best of 5). Targets: >= 150k lines/s in tree-sitter mode, --help <= 0.3 s.

It also prints the *floor* of any analysis built on py-tree-sitter: the throughput of the tree-sitter parse
alone, and of the parse plus a bare TreeCursor walk from Python over the nodes inside loops (found by a
tree-sitter query; no Node objects per node, no analysis). An analyzer that parses with tree-sitter and
looks at every loop's nodes from Python cannot beat that second figure.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

TREESITTER_TARGET = 150_000
HELP_TARGET = 0.3

# No #include: libclang must parse the file cleanly, so the few library functions used are declared here.
PRELUDE = """\
double sqrt(double);
double exp(double);
double fabs(double);
int printf(const char *, ...);
"""

KINDS = ("map", "reduction", "stencil", "recurrence", "calls", "pointers", "minloc", "histogram", "matmul")


def _function(rng: random.Random, index: int) -> str:
    """One realistic function of a random kind; names and constants vary with `index`."""
    kind = KINDS[index % len(KINDS)]
    n = rng.choice((64, 100, 128, 256, 500, 1000, 4096))
    m = rng.choice((8, 16, 32, 64))
    c = round(rng.uniform(0.1, 3.0), 3)
    name = f"{kind}_{index}"
    if kind == "map":
        return f"""\
void {name}(int n, double *restrict out, const double *restrict in)
{{
    for (int i = 0; i < n; i++) {{
        double t = in[i] * {c} + {index % 97}.0;
        out[i] = t * t - in[i];
    }}
    for (int i = 0; i < n; i++)
        out[i] = out[i] > {c} ? out[i] : {c};
}}
"""
    if kind == "reduction":
        return f"""\
double {name}(const double *v, int n)
{{
    double sum = 0.0, mx = v[0];
    int count = 0;
    for (int i = 0; i < n; i++) {{
        sum += v[i] * {c};
        if (v[i] > mx)
            mx = v[i];
        if (v[i] > {c})
            count++;
    }}
    return sum + mx + count;
}}
"""
    if kind == "stencil":
        return f"""\
static double grid_{index}[{n}][{n}], next_{index}[{n}][{n}];
void {name}(int steps)
{{
    for (int s = 0; s < steps; s++) {{
        for (int i = 1; i < {n} - 1; i++) {{
            for (int j = 1; j < {n} - 1; j++) {{
                next_{index}[i][j] = 0.25 * (grid_{index}[i - 1][j] + grid_{index}[i + 1][j]
                                     + grid_{index}[i][j - 1] + grid_{index}[i][j + 1]);
            }}
        }}
        for (int i = 1; i < {n} - 1; i++)
            for (int j = 1; j < {n} - 1; j++)
                grid_{index}[i][j] = next_{index}[i][j];
    }}
}}
"""
    if kind == "recurrence":
        return f"""\
void {name}(double *a, const double *b, int n)
{{
    a[0] = b[0];
    for (int i = 1; i < n; i++)
        a[i] = a[i - 1] * {c} + b[i];
    int k = 0;
    while (k < n && a[k] < {c * 10})
        k++;
    double acc = 0.0;
    for (int i = 0; i < n; i++) {{
        acc = acc * 0.5 + a[i];
        a[i] = acc;
    }}
}}
"""
    if kind == "calls":
        return f"""\
static double helper_{index}(double x)
{{
    return x * {c} + sqrt(fabs(x));
}}
static int counter_{index};
static double bump_{index}(double x)
{{
    counter_{index}++;
    return x + counter_{index};
}}
void {name}(double *out, const double *in, int n)
{{
    for (int i = 0; i < n; i++)
        out[i] = helper_{index}(in[i]) + exp(-in[i]);
    for (int i = 0; i < n; i++)
        out[i] = bump_{index}(out[i]);
    for (int i = 0; i < n; i++)
        printf("%f\\n", out[i]);
}}
"""
    if kind == "pointers":
        return f"""\
void {name}(double *x, double *y, int n, int shift)
{{
    for (int i = 0; i < n - {m}; i++)
        x[i] = y[i + {m}] * {c};
    for (int i = 0; i < n - shift; i++)
        x[i + shift] = x[i] + y[i];
    double *p = x;
    for (int i = 0; i < n; i++)
        *p++ = 0.0;
}}
"""
    if kind == "minloc":
        return f"""\
int {name}(const double *d, int n)
{{
    double best = 1e300;
    int besti = -1;
    for (int i = 0; i < n; i++) {{
        double v = d[i] * d[i] - {c};
        if (v < best) {{
            best = v;
            besti = i;
        }}
    }}
    return besti;
}}
"""
    if kind == "histogram":
        return f"""\
static long hist_{index}[{m}];
void {name}(const int *key, int n)
{{
    for (int b = 0; b < {m}; b++)
        hist_{index}[b] = 0;
    for (int i = 0; i < n; i++)
        hist_{index}[key[i] % {m}] += 1;
}}
"""
    return f"""\
static double ma_{index}[{m}][{m}], mb_{index}[{m}][{m}], mc_{index}[{m}][{m}];
void {name}(void)
{{
    for (int i = 0; i < {m}; i++) {{
        for (int j = 0; j < {m}; j++) {{
            double s = 0.0;
            for (int k = 0; k < {m}; k++)
                s += ma_{index}[i][k] * mb_{index}[k][j];
            mc_{index}[i][j] = s;
        }}
    }}
}}
"""


def generate_source(lines: int, seed: int = 20260101) -> str:
    """A deterministic C file of at least `lines` lines made of many small realistic functions."""
    rng = random.Random(seed)
    parts, count, index = [PRELUDE], PRELUDE.count("\n"), 0
    while count < lines:
        text = _function(rng, index) + "\n"
        parts.append(text)
        count += text.count("\n")
        index += 1
    return "".join(parts)


def best_of(repeats: int, action) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - start)
    return best, result


def floor(code: str, repeats: int) -> tuple[float, float, int]:
    """Best-of-`repeats` seconds of (parse only; parse + find the loops with a tree-sitter query, in C, + a bare
    cursor walk over every node inside the outermost loops), and the number of nodes walked. The walk
    creates no Node objects and analyzes nothing: it is the least any analysis of every loop must do."""
    from tree_sitter import Query, QueryCursor

    from seq2par.analyzers.frontend import _parser, parse

    source = code.encode()
    query = Query(_parser("c").language, "[(for_statement) (while_statement) (do_statement)] @loop")

    def parse_and_walk() -> int:
        loops = QueryCursor(query).captures(parse(source, "c").root_node).get("loop", [])
        nodes, end = 0, -1
        for loop in sorted(loops, key=lambda node: node.start_byte):
            if loop.start_byte < end:
                continue  # nested in a loop already walked
            end, cursor, depth = loop.end_byte, loop.walk(), 0
            while True:
                nodes += 1
                if cursor.goto_first_child():
                    depth += 1
                    continue
                while depth and not cursor.goto_next_sibling():
                    cursor.goto_parent()
                    depth -= 1
                if not depth:
                    break
        return nodes

    parse_seconds, _ = best_of(repeats, lambda: parse(source, "c"))
    walk_seconds, nodes = best_of(repeats, parse_and_walk)
    return parse_seconds, walk_seconds, nodes


def seq2par_executable() -> str:
    local = Path(sys.executable).with_name("seq2par")
    return str(local) if local.exists() else (shutil.which("seq2par") or "seq2par")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=50_000, help="minimum size of the generated file")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="cProfile the tree-sitter mode, top 25")
    options = parser.parse_args()

    from seq2par.analyzers import analyze_source

    code = generate_source(options.lines)
    nlines = code.count("\n")
    print(f"generated {nlines} lines, {len(code) / 1e6:.2f} MB")
    results = {}
    for mode, use_libclang in (("treesitter", False), ("libclang", True)):
        seconds, report = best_of(
            options.repeats, lambda u=use_libclang: analyze_source(code, "bench.c", use_libclang=u)
        )
        results[mode] = nlines / seconds
        verdicts: dict[str, int] = {}
        for loop in report.loops:
            verdicts[loop.verdict] = verdicts.get(loop.verdict, 0) + 1
        print(
            f"{mode:<11} mode={report.mode:<10} lines={nlines} seconds={seconds:.3f} "
            f"lines/s={nlines / seconds:,.0f} loops={len(report.loops)} "
            f"parse_errors={len(report.parse_errors)} verdicts={verdicts}"
        )
    parse_seconds, walk_seconds, nodes = floor(code, options.repeats)
    print(
        f"floor       parse only: seconds={parse_seconds:.3f} lines/s={nlines / parse_seconds:,.0f}; "
        f"parse + bare cursor walk of the {nodes:,} nodes inside loops: seconds={walk_seconds:.3f} "
        f"lines/s={nlines / walk_seconds:,.0f}"
    )
    exe = seq2par_executable()
    help_seconds, _ = best_of(5, lambda: subprocess.run([exe, "--help"], capture_output=True, check=True))
    print(f"seq2par --help  seconds={help_seconds:.3f} (target <= {HELP_TARGET})")

    verdict_ok = results["treesitter"] >= TREESITTER_TARGET
    print(f"tree-sitter target {TREESITTER_TARGET:,} lines/s: {'met' if verdict_ok else 'NOT met'}")
    print(f"--help target {HELP_TARGET} s: {'met' if help_seconds <= HELP_TARGET else 'NOT met'}")
    if options.profile or not verdict_ok:
        profiler = cProfile.Profile()
        profiler.enable()
        analyze_source(code, "bench.c", use_libclang=False)
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).sort_stats("tottime")
        stats.print_stats(25)
        print("top hotspots (tree-sitter mode, by own time):")
        print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
