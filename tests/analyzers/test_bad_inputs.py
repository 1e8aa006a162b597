"""Ordinary inputs that ended in a traceback or lost their loops: each now gets a verdict or a clear
per-file error, and the other files of the same run are still analyzed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source

# name → (source, {loop line: expected verdict})
CORPUS = {
    # `#define S_IFMT 0170000`: int("0170000", 0) raised ValueError in the libclang facts
    "octal_macro.c": ("#include <stdlib.h>\n#define MODE 0170000\n#define MASK 0x1FUL\n#define N 010\n"
                      "double a[100];\nint main(void) {\n"
                      "  for (int i = 0; i < N; i++) a[i] = MODE + MASK;\n  return 0;\n}\n",
                      {7: "parallel"}),
    "digit_separators.cpp": ("constexpr long N = 1'000;\ndouble a[N];\nint main() {\n"
                             "  for (long i = 0; i < N; i++) a[i] = 2.0 * i;\n}\n", {4: "parallel"}),
    # implicit int: libclang refuses it and the grammar reads `main()` as a call missing its `;`
    "implicit_int.c": ("double a[100], b[100];\nmain() {\n  int i;\n"
                       "  for (i = 0; i < 100; i++) a[i] = b[i] * 2;\n"
                       "  for (i = 1; i < 100; i++) a[i] = a[i - 1] + 1;\n  return 0;\n}\n",
                       {4: "parallel", 5: "sequential"}),
    # an old-style definition with an implicit int (NPB IS's `main( argc, argv ) int argc; char **argv;`):
    # S2P101, and the whole file was refused for generation
    "old_style_main.c": ("double a[100], b[100];\nmain( argc, argv )\n    int argc;\n    char **argv;\n{\n  int i;\n"
                         "  for (i = 0; i < 100; i++) a[i] = b[i] * argc;\n"
                         "  for (i = 1; i < 100; i++) a[i] = a[i - 1] + 1;\n  return 0;\n}\n"
                         "scale(n, x)\n  int n; double *x;\n{\n  int i;\n  for (i = 0; i < n; i++) x[i] *= 2;\n}\n",
                         {7: "parallel", 8: "sequential", 15: "parallel"}),
    # a pragma between a `for` header and its unbraced body
    "pragma_between.c": ("double a[100], b[100];\nvoid f(int n) {\n  int i, j;\n  for (i = 0; i < n; i++)\n"
                         "#pragma omp parallel for\n    for (j = 0; j < n; j++) a[j] = b[j];\n"
                         "  for (i = 1; i < n; i++)\n#pragma GCC ivdep\n    a[i] = a[i - 1];\n}\n",
                         {4: "sequential", 6: "parallel", 7: "sequential"}),
    # a brace opened in one #ifdef branch and closed after #endif: BACKWARD is not defined
    "conditional_braces.c": ("double a[100], b[100];\nvoid f(int n) {\n  int i;\n#ifdef BACKWARD\n"
                             "  for (i = n - 1; i >= 0; i--) {\n#else\n  for (i = 0; i < n; i++) {\n#endif\n"
                             "    a[i] = b[i] + 1;\n  }\n  for (i = 1; i < n; i++) a[i] = a[i - 1];\n}\n",
                             {7: "parallel", 11: "sequential"}),
    # found by fuzzing (2026-12-06): literals and constants beyond any C integer type ended in tracebacks
    # (ValueError: int() of `0x'` with no digit, Python's 4,300-digit limit; a negative or 2^63 shift count)
    "separator_without_digits.cpp": ("#define N 0x'\n#define M 0b'\ndouble a[100];\nint main() {\n"
                                     "  for (int i = 0; i < 100; i++) a[i] = i;\n}\n", {5: "parallel"}),
    "huge_literal.c": ("double a[100];\n#define BIG " + "1" * 4301 + "\nvoid f(int n) {\n"
                       "  for (int i = 0; i < " + "1" * 4301 + "; i++) a[i % 100] = 1.0;\n"
                       "  for (int i = 0; i < 100; i++) a[i] = i;\n}\n", {4: "sequential", 5: "parallel"}),
    "shift_out_of_range.c": ("void f(int *a, int n) {\n"
                             "  for (int i = 0; i < n; i++) a[i + (1 << (0 - 1))] = 0;\n"
                             "  for (int i = 0; i < n; i++) a[i + (1 << 9223372036854775808)] = 0;\n"
                             "  for (int i = 0; i < n; i++) a[i] = a[i + (1 << 20000)];\n}\n",
                             {2: "sequential", 3: "sequential", 4: "sequential"}),
    # a struct pointer in parentheses, as an accessor macro writes it: `(g)->data[k]` ended in a traceback
    "parenthesized_member_base.c": ("typedef struct { int n; double *data; } grid_t;\n"
                                    "#define AT(g, k) ((g)->data[(k)])\n"
                                    "double sum(const grid_t *g) {\n  double s = 0.0;\n"
                                    "  for (int k = 0; k < g->n; k++) s += AT(g, k);\n"
                                    "  for (int k = 0; k < g->n; k++) s += (g)->data[k] * (*g).data[k];\n"
                                    "  return s;\n}\n"
                                    "void shift(grid_t *g) {\n"
                                    "  for (int k = 1; k < g->n; k++) (g)->data[k] = g->data[k - 1];\n}\n",
                                    {5: "parallel", 6: "parallel", 10: "sequential"}),
}


@pytest.mark.parametrize("name", sorted(CORPUS))
@pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])
def test_each_input_gets_its_verdicts(name: str, use_libclang: bool) -> None:
    source, expected = CORPUS[name]
    report = analyze_source(source, path=name, use_libclang=use_libclang)
    assert not report.parse_errors, [f.message for f in report.parse_errors]
    got = {loop.line: loop.verdict.split("-")[0] for loop in report.loops}
    assert got == expected


def test_one_run_over_the_corpus_analyzes_every_file(tmp_path: Path) -> None:
    for name, (source, _) in CORPUS.items():
        (tmp_path / name).write_text(source)
    (tmp_path / "broken.c").write_text("void f( { for (int i = 0; i < 3; i++) \n")
    (tmp_path / "binary.c").write_bytes(b"\x7fELF\x00\x00\x01\x02" * 64)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    result = subprocess.run([sys.executable, "-m", "seq2par.cli.main", "analyze", str(tmp_path), "--format", "json"],
                            capture_output=True, text=True, env=env, timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode in (0, 2), result.stderr
    files = json.loads(result.stdout)
    by_name = {Path(f["path"]).name: f for f in files}
    for name, (_, expected) in CORPUS.items():
        assert {loop["line"] for loop in by_name[name]["loops"]} == set(expected), name


def test_a_very_long_expression_does_not_end_the_process(tmp_path: Path) -> None:
    """Review: libclang's parse thread (8 MiB of stack) overflowed on a file-scope initializer of 20,000
    terms: a segmentation fault (exit 139) with no message, and nothing reported for the other files."""
    (tmp_path / "long.c").write_text("int x = 1" + "+1" * 20000 + ";\ndouble a[100];\n"
                                     "int main(void) {\n  for (int i = 0; i < 100; i++) a[i] = x;\n  return 0;\n}\n")
    (tmp_path / "other.c").write_text(CORPUS["octal_macro.c"][0])
    result = subprocess.run([sys.executable, "-m", "seq2par.cli.main", "analyze", str(tmp_path / "long.c"),
                             str(tmp_path / "other.c"), "--format", "json"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, (result.returncode, result.stderr)
    files = {Path(f["path"]).name: f for f in json.loads(result.stdout)}
    assert files["long.c"]["mode"] == "libclang", files["long.c"]
    assert [loop["verdict"] for loop in files["long.c"]["loops"]] == ["parallel"]
    assert [loop["line"] for loop in files["other.c"]["loops"]] == [7]


def test_analysis_under_an_address_space_limit(tmp_path: Path) -> None:
    """Review: the 512 MiB stack of the libclang thread could not be reserved under `ulimit -v 500000` (HPC
    login nodes set such limits): `analyze` ended in a traceback (RuntimeError: can't start new thread)."""
    import resource

    (tmp_path / "ok.c").write_text(CORPUS["octal_macro.c"][0])

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (500_000 * 1024, 500_000 * 1024))

    result = subprocess.run([sys.executable, "-m", "seq2par.cli.main", "analyze", str(tmp_path / "ok.c")],
                            capture_output=True, text=True, timeout=120, preexec_fn=limit)
    assert "Traceback" not in result.stderr and result.returncode == 0, result.stderr
    assert "ok.c:7:3: parallel" in result.stdout, result.stdout


def test_function_like_macros_from_a_header_are_expanded(tmp_path: Path) -> None:
    """PolyBench's SCALAR_VAL/SQRT_FUN live in a header: in libclang mode they are expanded, not unknown
    calls (S2P301); tree-sitter alone cannot see the header and stays conservative."""
    from seq2par.analyzers import analyze_file

    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "kernel.h").write_text("#define SCALAR_VAL(x) x\n#define SQRT_FUN(x) sqrt(x)\n")
    source = tmp_path / "k.c"
    source.write_text('#include <math.h>\n#include "kernel.h"\n'
                      "void f(int n, double A[restrict n], const double B[restrict n]) {\n"
                      "  for (int i = 0; i < n; i++) A[i] = SQRT_FUN(B[i]) + SCALAR_VAL(1.5);\n}\n")
    with_headers = analyze_file(source, flags=["-I", str(tmp_path / "inc")], use_libclang=True)
    assert with_headers.mode == "libclang"
    assert [loop.verdict for loop in with_headers.loops] == ["parallel"]
    alone = analyze_file(source, use_libclang=False)
    assert {f.code for f in alone.loops[0].findings} >= {"S2P301"}


def test_type_macros_and_token_pasting_from_a_header(tmp_path: Path) -> None:
    """PolyBench's init loops cast with `(DATA_TYPE) (i*j % n)`, DATA_TYPE a macro of its header, and write
    constants through `SCALAR_VAL(x) x##f`: with libclang both are known (a cast, a literal), not calls of
    unknown effects; tree-sitter alone cannot see the header and stays conservative."""
    from seq2par.analyzers import analyze_file

    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "kernel.h").write_text("#define DATA_TYPE float\n#define SCALAR_VAL(x) x##f\n")
    source = tmp_path / "k.c"
    source.write_text('#include "kernel.h"\n'
                      "void init(int n, DATA_TYPE A[restrict n], DATA_TYPE B[restrict n]) {\n"
                      "  for (int i = 0; i < n; i++) {\n"
                      "    A[i] = (DATA_TYPE) (i * 7 % n) / n;\n"
                      "    B[i] = SCALAR_VAL(0.5) * i;\n"
                      "  }\n}\n")
    with_headers = analyze_file(source, flags=["-I", str(tmp_path / "inc")], use_libclang=True)
    assert with_headers.mode == "libclang"
    assert [loop.verdict for loop in with_headers.loops] == ["parallel"], with_headers.loops[0].summary()
    alone = analyze_file(source, use_libclang=False)
    assert {f.code for f in alone.loops[0].findings} >= {"S2P301"}


SHIFT = ('#include <stdlib.h>\n#include "arrays.h"\n'
         "void shift(int n, double ARR1D(x, n), double ARR1D(y, n)) {\n"
         "  for (int i = 1; i < n; i++) x[i] = y[i - 1] + 1.0;\n}\n"
         "int main(void) {\n  double *a = calloc(100, sizeof(double));\n"
         "  shift(100, a, a);\n  free(a);\n  return 0;\n}\n")


@pytest.mark.parametrize("body, verdict", [("var[dim]", "sequential"), ("var[restrict dim]", "parallel")])
def test_parameters_declared_through_a_header_macro(tmp_path: Path, body: str, verdict: str) -> None:
    """`double ARR1D(x, n)` declares the parameter x through a macro (PolyBench's POLYBENCH_1D). It was read
    as a parameter named ARR1D, x and y as two globals, and the loop reported parallel while the call
    hands the same array twice. With the header, the macro is expanded; without it, x and y are names the
    analysis cannot place, so they may alias."""
    from seq2par.analyzers import analyze_file

    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "arrays.h").write_text(f"#define ARR1D(var, dim) {body}\n")
    source = tmp_path / "shift.c"
    source.write_text(SHIFT)
    with_header = analyze_file(source, flags=["-I", str(tmp_path / "inc")], use_libclang=True)
    assert with_header.mode == "libclang"
    assert [p.name for p in with_header.program.functions["shift"].params] == ["n", "x", "y"]
    loop = with_header.loop_at_line(4)
    assert loop.verdict == verdict, loop.summary()
    alone = analyze_file(source, use_libclang=False)
    loop = alone.loop_at_line(4)
    assert loop.verdict == "sequential" and any("ARR1D" in f.message for f in loop.findings), loop.summary()


def test_file_scope_variables_of_a_header_are_known_with_libclang(tmp_path: Path) -> None:
    """NPB declares its arrays and temporaries in header.h: with libclang, or with tree-sitter reading the
    file's own headers, they are known objects (a row handed to a function, a static temporary); with the
    header missing the analysis must stay conservative."""
    from seq2par.analyzers import analyze_file

    (tmp_path / "header.h").write_text("static double lhs[64][64][5];\nstatic double tmp1;\n")
    source = tmp_path / "solve.c"
    source.write_text('#include "header.h"\n'
                      "static void fill(double r[5], double t) { for (int m = 0; m < 5; m++) r[m] = t * m; }\n"
                      "void sweep(int n) {\n"
                      "  for (int i = 0; i < n; i++)\n"
                      "    for (int j = 0; j < n; j++) { tmp1 = 0.5 * i + j; fill(lhs[i][j], tmp1); }\n"
                      "}\n")
    with_headers = analyze_file(source, flags=["-I", str(tmp_path)], use_libclang=True)
    assert with_headers.mode == "libclang"
    outer = with_headers.loop_at_line(4)
    assert outer.verdict == "parallel-private" and "tmp1" in outer.private, outer.summary()
    read = analyze_file(source, use_libclang=False).loop_at_line(4)
    assert read.verdict == "parallel-private" and "tmp1" in read.private, read.summary()
    (tmp_path / "header.h").unlink()
    alone = analyze_file(source, use_libclang=False)
    assert alone.loop_at_line(4).verdict == "sequential"


def test_tree_sitter_mode_reads_the_files_own_headers(tmp_path: Path) -> None:
    """Without libclang, the file's own headers (beside it, or in an -I folder, nested ones too) give their
    globals, macros and types; a header that cannot be found leaves the names it would declare unknown, so
    they may be pointers to the same array."""
    from seq2par.analyzers import analyze_file

    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "sizes.h").write_text("#define N 1000\ntypedef double real;\n")
    (tmp_path / "inc" / "grid.h").write_text('#include "sizes.h"\nstatic real u[N], v[N];\n'
                                             "extern real *p, *q;\n#define SQ(x) ((x) * (x))\n")
    source = tmp_path / "sweep.c"
    source.write_text('#include "grid.h"\n'
                      "void sweep(void) {\n"
                      "  for (int i = 1; i < N; i++) u[i] = SQ(v[i - 1]) + (real)(i % 3);\n"
                      "  for (int i = 1; i < N; i++) p[i] = q[i - 1];\n"
                      "}\n")
    report = analyze_file(source, flags=["-I", str(tmp_path / "inc")], use_libclang=False)
    assert report.mode == "treesitter"
    assert report.loop_at_line(3).verdict == "parallel", report.loop_at_line(3).summary()
    extern = report.loop_at_line(4)
    assert extern.verdict == "sequential" and {f.code for f in extern.findings} >= {"S2P501"}, extern.summary()
    missing = analyze_file(source, use_libclang=False).loop_at_line(3)  # no -I: grid.h is not found
    assert missing.verdict == "sequential" and any('"grid.h"' in f.message for f in missing.findings), \
        missing.summary()


def test_a_libclang_parse_that_does_not_finish_falls_back_to_tree_sitter(tmp_path: Path) -> None:
    """A macro nested 2^14 times keeps clang busy for minutes: after SEQ2PAR_LIBCLANG_TIMEOUT seconds the
    file is analyzed with tree-sitter alone (here: a clear error, the expression is too deep), no hang."""
    lines = ["#define M0(x) (x)"] + [f"#define M{k}(x) M{k - 1}(M{k - 1}(x))" for k in range(1, 15)]
    source = tmp_path / "blowup.c"
    source.write_text("\n".join(lines) + "\nint a[10];\nvoid f(void) { for (int i = 0; i < 10; i++) a[i] = M14(i); }\n"
                      "void g(double *b) { for (int i = 0; i < 10; i++) b[i] = i; }\n")
    done = subprocess.run([sys.executable, "-m", "seq2par.cli.main", "analyze", str(source), "--format", "json"],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "SEQ2PAR_LIBCLANG_TIMEOUT": "3"})
    assert "Traceback" not in done.stderr
    assert done.returncode in (0, 2), done.stderr
    assert "nested too deeply" in done.stderr or "did not finish" in done.stdout, (done.stdout[-500:], done.stderr)


QUALIFIER_HEADER = """\
#if RESTRICT_KEYWORD
  #define RESTRICT __restrict__
#else
  #define RESTRICT
#endif
#define INLINE static inline
#define N 4096
"""

QUALIFIED = """\
#include <stdlib.h>
#include <kern_general.h>
static double * RESTRICT b;
static double * RESTRICT c;
int main(void) {
  double * RESTRICT a = malloc(N * sizeof(double));
  b = malloc(N * sizeof(double));
  c = malloc(N * sizeof(double));
  for (int i = 0; i < N; i++) { b[i] = i; c[i] = 2 * i; }
  for (int i = 0; i < N; i++) a[i] = b[i] + 3.0 * c[i];
  return (int) a[7];
}
"""


@pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])
@pytest.mark.parametrize("keyword", ["0", "1"])
def test_declarations_with_a_qualifier_macro_are_read(tmp_path: Path, use_libclang: bool, keyword: str) -> None:
    """The Parallel Research Kernels declare every array `DTYPE * RESTRICT a;`, RESTRICT from a header they
    include as `<par-res-kern_general.h>` with -I, empty unless RESTRICT_KEYWORD: the grammar read two
    declarators in a row, and `main` (every loop of the program) was not analyzed. Such macros (empty, or
    restrict/inline qualifiers) are blanked for the parse, and `<x.h>` found in an -I folder is one of the
    file's own headers in tree-sitter mode (it gave the macro, and N)."""
    from seq2par.analyzers import analyze_file

    (tmp_path / "include").mkdir()
    (tmp_path / "include" / "kern_general.h").write_text(QUALIFIER_HEADER)
    source = tmp_path / "nstream.c"
    source.write_text(QUALIFIED)
    flags = ["-I", str(tmp_path / "include"), f"-DRESTRICT_KEYWORD={keyword}"]
    report = analyze_file(source, flags=flags, use_libclang=use_libclang)
    assert not report.parse_errors, [f.message for f in report.parse_errors]
    assert [loop.line for loop in report.loops] == [9, 10]
    assert report.loop_at_line(10).verdict == "parallel", report.loop_at_line(10).summary()
    # a macro that is no qualifier is not blanked: the region stays unread, and says so
    (tmp_path / "include" / "kern_general.h").write_text(QUALIFIER_HEADER.replace("#define RESTRICT\n",
                                                                                  "#define RESTRICT *\n"))
    if keyword == "0" and not use_libclang:
        other = analyze_file(source, flags=flags, use_libclang=False)
        assert other.parse_errors and other.unanalyzed_loops() == [9, 10]


ALLOC_HEADER = """\
#include <stdlib.h>
static double gbuf[1 << 16];
static inline void *my_malloc(size_t bytes)
{
#if defined(MY_USE_MALLOC)
    return my_malloc(bytes);
#elif defined(MY_HAS_C11)
    return aligned_alloc(64, bytes);
#else
    void *ptr = NULL;
    if (posix_memalign(&ptr, 64, bytes)) ptr = NULL;
    return ptr;
#endif
}
static inline double *shared_buffer(size_t bytes) { (void) bytes; return gbuf; }
"""

ALLOC_USER = """\
#include <malloc.h>
#include "my_alloc.h"
int main(void) {
    int n = 4096;
    double *a = (double *) ALLOCATE(n * sizeof(double));
    double *b = (double *) ALLOCATE(n * sizeof(double));
    for (int i = 0; i < n; i++) b[i] = i;
    for (int i = 1; i < n; i++) a[i] = b[i - 1] * 2.0;
    return (int) a[5];
}
"""


@pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])
@pytest.mark.parametrize("allocate, verdict", [
    ("my_malloc", "parallel"),  # the header's allocator: each call is storage of its own
    ("memalign(64, ", "parallel"),  # <malloc.h>'s aligned allocator
    ("shared_buffer", "sequential"),  # a header function handing out one buffer is none
])
def test_allocators_of_the_files_own_headers(tmp_path: Path, use_libclang: bool, allocate: str, verdict: str) -> None:
    """PRK allocates every array with `prk_malloc`, a `static inline` function of its header whose `#if`
    branches return `_mm_malloc`, `aligned_alloc`, a recursive call or what `posix_memalign` gave: its
    results were pointers of unknown origin ("`a` and `b` may overlap") and every kernel loop stayed
    sequential. Allocators of the file's own headers now count like the file's own (a `return` of the
    function's own call counts as its other returns do)."""
    from seq2par.analyzers import analyze_file

    (tmp_path / "my_alloc.h").write_text(ALLOC_HEADER)
    source = tmp_path / "user.c"
    call = allocate if allocate.endswith("(64, ") else allocate + "("
    source.write_text(ALLOC_USER.replace("ALLOCATE(", call))
    loop = analyze_file(source, use_libclang=use_libclang).loop_at_line(8)
    assert loop.verdict == verdict, loop.summary()


@pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])
def test_a_header_with_bytes_that_are_not_utf8(tmp_path: Path, use_libclang: bool) -> None:
    """`#define R \\xff` in a header gcc compiles with: tree-sitter mode read `<bad.h>` (new: found in an -I
    folder) and ended in a UnicodeDecodeError, as libclang mode did reading the macro's spelling."""
    from seq2par.analyzers import analyze_file

    (tmp_path / "inc").mkdir()
    (tmp_path / "inc" / "bad.h").write_bytes(b"#define R \xff\n#define N 100\n")
    source = tmp_path / "user.c"
    source.write_text("#include <bad.h>\ndouble a[N];\nint main(void) {\n"
                      "  for (int i = 0; i < N; i++) a[i] = i;\n  return (int) a[3];\n}\n")
    report = analyze_file(source, flags=["-I", str(tmp_path / "inc")], use_libclang=use_libclang)
    assert report.loop_at_line(4).verdict == "parallel", report.loop_at_line(4).summary()


def test_a_file_of_many_comments_is_analyzed_without_delay(tmp_path: Path) -> None:
    """The include-guard test skipped a file's leading comments with one pattern that backtracked, in time
    exponential in the number of comment blocks before the first code (NPB's CG starts with a stack of
    them: minutes; 10 blocks took a second, each one more doubled it). A file that starts with 40 comment
    blocks and includes a header must be analyzed well within the limit (a correct scan: milliseconds)."""
    body = "\n".join(f"/* note {k} */ double v{k};" for k in range(400))
    source = tmp_path / "notes.c"
    source.write_text("/*----*/\n/* header comment */\n" * 20 + "#include \"notes.h\"\n" + body +
                      "\nint main(void) {\n  for (int i = 0; i < 10; i++) v1 += i;\n  return (int) v1;\n}\n")
    (tmp_path / "notes.h").write_text("/* a header */\n#define N 10\n")
    done = subprocess.run([str(Path(sys.executable).with_name("seq2par")), "analyze", str(source), "--no-libclang"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and "parallel" in done.stdout, done.stdout + done.stderr


BRANCH_MACRO = """\
#ifdef SINGLE
#define SCALE(x) ((x) * 2.0f)
#else
#define SCALE(x) ((x) * 2.0)
#endif
"""


@pytest.mark.parametrize("where", ["header", "file"])
def test_a_macro_defined_in_if_branches_is_expanded_with_libclang(tmp_path: Path, where: str) -> None:
    """PolyBench's header defines its macros in `#if` branches (one per configuration): libclang reports the
    one compiled, which is expanded. A rule against macros a file defines twice (meant for `#undef` and a
    second `#define`, whose uses before it see the first) took those too, and PolyBench's original files
    fell from 30/30 to 10/30 (`bench/polybench.py --mode all`)."""
    from seq2par.analyzers import analyze_file

    loop_file = "double a[1000], b[1000];\nint main(void) {\n  for (int i = 0; i < 1000; i++) a[i] = SCALE(b[i]);\n" \
                "  return (int) a[3];\n}\n"
    (tmp_path / "scale.h").write_text(BRANCH_MACRO)
    source = tmp_path / "user.c"
    source.write_text(('#include "scale.h"\n' if where == "header" else BRANCH_MACRO) + loop_file)
    report = analyze_file(source, use_libclang=True)
    assert report.mode == "libclang", report.mode_note
    loop = next(loop for loop in report.loops if loop.function == "main")
    assert loop.verdict == "parallel", loop.summary()


def test_many_parenthesized_variables_are_read_without_delay(tmp_path: Path) -> None:
    """The rewrite of misread casts (`(i)+order*(j)`) copied the text before each match to look at the token
    before it: quadratic, 2,000 such lines took 7 s and 20,000 minutes (a review). 10,000 lines must take
    well within the limit (the copy: about 3 minutes)."""
    lines = "\n".join("  y += a[(i)+order*(j)] + (i)*(j) - (j)-1;" for _ in range(10_000))
    source = tmp_path / "many.c"
    source.write_text("#include <stdio.h>\nint order = 3;\ndouble a[100000];\nint main(void) {\n"
                      "  int i = 1, j = 2; double y = 0;\n" + lines + "\n  printf(\"%f\\n\", y);\n  return 0;\n}\n")
    done = subprocess.run([str(Path(sys.executable).with_name("seq2par")), "analyze", str(source), "--no-libclang"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stdout + done.stderr
