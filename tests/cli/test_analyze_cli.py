"""`seq2par analyze` / `explain` / `--help` through the real console script (a subprocess), as a user runs it.

User errors must give exit code 2, one `seq2par: error:` line on stderr and no traceback.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

SEQ2PAR = (
    str(Path(sys.executable).with_name("seq2par"))
    if Path(sys.executable).with_name("seq2par").exists()
    else shutil.which("seq2par")
)

SMALL = """\
#define N 1000
double a[N], b[N];
int main(void)
{
    double sum = 0.0;
    for (int i = 0; i < N; i++)
        a[i] = 2.0 * b[i];
    for (int i = 0; i < N; i++)
        sum += a[i];
    for (int i = 1; i < N; i++)
        a[i] = a[i - 1] + 1.0;
    return (int)sum;
}
"""

# `a[i + N] = a[i]` over 100 iterations: dependent unless N >= 100, so the verdict shows whether -DN reached
# the analysis.
SHIFT = """\
double a[1000];
void shift(void)
{
    for (int i = 0; i < 100; i++)
        a[i + N] = a[i] * 2.0;
}
"""

LOOP_KEYS = {
    "id",
    "function",
    "line",
    "end_line",
    "depth",
    "parent",
    "verdict",
    "reductions",
    "private",
    "findings",
}


def seq2par(*args: str, cwd: Path | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    assert SEQ2PAR, "the seq2par console script is not installed"
    return subprocess.run([SEQ2PAR, *args], capture_output=True, text=True, cwd=cwd, timeout=timeout)


def write(folder: Path, name: str, code: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(code))
    return path


def assert_user_error(done: subprocess.CompletedProcess, *words: str) -> None:
    """Exit 2, one clear error line on stderr, no traceback."""
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "Traceback" not in done.stderr + done.stdout
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert lines[0].startswith("seq2par: error:"), lines[0]
    for word in words:
        assert word in lines[0], lines[0]


def loops_by_line(done: subprocess.CompletedProcess) -> dict[int, dict]:
    assert done.returncode == 0, done.stderr
    reports = json.loads(done.stdout)
    return {loop["line"]: loop for report in reports for loop in report["loops"]}


# -- normal use ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("mode_flag", [[], ["--no-libclang"]])
def test_text_output_is_compiler_remarks(tmp_path: Path, mode_flag: list[str]) -> None:
    write(tmp_path, "small.c", SMALL)
    done = seq2par("analyze", "small.c", *mode_flag, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    out = done.stdout
    assert re.search(r"^small\.c:6:5: parallel$", out, re.M), out
    assert re.search(r"^small\.c:8:5: parallel \(reduction \+: sum\)$", out, re.M), out
    assert re.search(r"^small\.c:10:5: sequential: .+", out, re.M), out
    assert re.search(r"^small\.c:11:\d+: +\[S2P201\]", out, re.M), out


def test_json_output_lists_every_loop(tmp_path: Path) -> None:
    write(tmp_path, "small.c", SMALL)
    done = seq2par("analyze", "small.c", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    reports = json.loads(done.stdout)
    assert isinstance(reports, list) and len(reports) == 1
    report = reports[0]
    assert {"path", "mode", "loops"} <= report.keys()
    assert report["path"].endswith("small.c")
    assert report["mode"] == "libclang"
    assert [loop["line"] for loop in report["loops"]] == [6, 8, 10]
    for loop in report["loops"]:
        assert LOOP_KEYS <= loop.keys(), loop.keys()
        assert loop["depth"] == 0 and loop["parent"] is None and loop["function"] == "main"
    verdicts = [loop["verdict"] for loop in report["loops"]]
    assert verdicts == ["parallel", "parallel-reduction", "sequential"]
    assert [(r["var"], r["op"]) for r in report["loops"][1]["reductions"]] == [("sum", "+")]
    assert "S2P201" in {f["code"] for f in report["loops"][2]["findings"]}


def test_nested_loops_report_depth_and_parent(tmp_path: Path) -> None:
    write(
        tmp_path,
        "nest.c",
        """\
        double m[64][64];
        void fill(void)
        {
            for (int i = 0; i < 64; i++)
                for (int j = 0; j < 64; j++)
                    m[i][j] = i + j;
        }
        """,
    )
    loops = loops_by_line(seq2par("analyze", "nest.c", "--format", "json", cwd=tmp_path))
    outer, inner = loops[4], loops[5]
    assert (outer["depth"], outer["parent"]) == (0, None)
    assert (inner["depth"], inner["parent"]) == (1, outer["id"])
    assert outer["end_line"] == inner["end_line"] == 6
    assert outer["function"] == inner["function"] == "fill"


def test_no_libclang_gives_treesitter_mode(tmp_path: Path) -> None:
    write(tmp_path, "small.c", SMALL)
    done = seq2par("analyze", "small.c", "--no-libclang", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["mode"] == "treesitter"


def test_directory_is_walked(tmp_path: Path) -> None:
    write(tmp_path, "tree/small.c", SMALL)
    write(tmp_path, "tree/sub/shift.cpp", SHIFT)
    write(tmp_path, "tree/README.txt", "not a source\n")
    write(tmp_path, "tree/.hidden/skip.c", SMALL)
    done = seq2par("analyze", "tree", "--no-libclang", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    paths = sorted(Path(report["path"]).as_posix() for report in json.loads(done.stdout))
    assert paths == ["tree/small.c", "tree/sub/shift.cpp"]


def test_flags_after_double_dash_reach_the_analysis(tmp_path: Path) -> None:
    write(tmp_path, "shift.c", SHIFT)
    without = loops_by_line(seq2par("analyze", "shift.c", "--format", "json", cwd=tmp_path))
    assert without[4]["verdict"] == "sequential"
    far = loops_by_line(seq2par("analyze", "shift.c", "--format", "json", "--", "-DN=100", cwd=tmp_path))
    assert far[4]["verdict"] == "parallel"
    near = loops_by_line(seq2par("analyze", "shift.c", "--format", "json", "--", "-DN=1", cwd=tmp_path))
    assert near[4]["verdict"] == "sequential"
    assert "S2P201" in {f["code"] for f in near[4]["findings"]}


def test_flags_after_double_dash_in_treesitter_mode(tmp_path: Path) -> None:
    write(tmp_path, "shift.c", SHIFT)
    far = loops_by_line(
        seq2par("analyze", "shift.c", "--no-libclang", "--format", "json", "--", "-DN=100", cwd=tmp_path)
    )
    assert far[4]["verdict"] == "parallel"


def test_compile_commands_give_each_file_its_flags(tmp_path: Path) -> None:
    write(tmp_path, "shift.c", SHIFT)
    database = tmp_path / "build" / "compile_commands.json"
    database.parent.mkdir()
    database.write_text(
        json.dumps(
            [
                {
                    "directory": str(tmp_path),
                    "file": "shift.c",
                    "arguments": ["cc", "-DN=100", "-O2", "-c", "shift.c", "-o", "shift.o"],
                }
            ]
        )
    )
    loops = loops_by_line(
        seq2par("analyze", "shift.c", "--format", "json", "--compile-commands", str(database), cwd=tmp_path)
    )
    assert loops[4]["verdict"] == "parallel"
    database.write_text(
        json.dumps([{"directory": str(tmp_path), "file": "shift.c", "command": "cc -DN=1 -c shift.c"}])
    )
    loops = loops_by_line(
        seq2par("analyze", "shift.c", "--format", "json", "--compile-commands", str(database), cwd=tmp_path)
    )
    assert loops[4]["verdict"] == "sequential"


# -- bad or unusual input ---------------------------------------------------------------------------------


def test_missing_path(tmp_path: Path) -> None:
    assert_user_error(seq2par("analyze", "nope.c", cwd=tmp_path), "nope.c")


def test_directory_without_sources(tmp_path: Path) -> None:
    write(tmp_path, "docs/notes.txt", "hello\n")
    assert_user_error(seq2par("analyze", "docs", cwd=tmp_path), "docs")


def test_binary_file_named_c(tmp_path: Path) -> None:
    rng = random.Random(7)
    data = bytearray(rng.randrange(256) for _ in range(4096))
    data[10:14] = b"\0\0\0\0"
    (tmp_path / "x.c").write_bytes(bytes(data))
    assert_user_error(seq2par("analyze", "x.c", cwd=tmp_path), "x.c")


def test_text_file_is_not_source(tmp_path: Path) -> None:
    write(tmp_path, "notes.txt", "for (int i = 0; i < 10; i++) a[i] = 0;\n")
    assert_user_error(seq2par("analyze", "notes.txt", cwd=tmp_path), "notes.txt")


def test_compile_commands_unreadable(tmp_path: Path) -> None:
    write(tmp_path, "small.c", SMALL)
    (tmp_path / "cc.json").write_text("{not json")
    assert_user_error(seq2par("analyze", "small.c", "--compile-commands", "cc.json", cwd=tmp_path), "cc.json")


@pytest.mark.parametrize(
    "database",
    ['{"directory": ".", "file": "small.c", "command": "cc -c small.c"}',
     '[{"directory": ".", "file": "small.c", "command": "cc -DX=\'1 -c small.c"}]'],
    ids=["object-not-list", "unbalanced-quote"],
)
def test_compile_commands_malformed(tmp_path: Path, database: str) -> None:
    """Regression: a top-level object and an unbalanced quote in a command were tracebacks."""
    write(tmp_path, "small.c", SMALL)
    (tmp_path / "cc.json").write_text(database)
    assert_user_error(seq2par("analyze", "small.c", "--compile-commands", "cc.json", cwd=tmp_path), "cc.json")


def test_long_expressions_are_analyzed_and_absurd_ones_refused(tmp_path: Path) -> None:
    """Regression: a 1,000-term sum ended analyze (and check) in a RecursionError traceback."""
    def program(terms: int) -> str:
        total = " + ".join(f"b[i] * {k}.0" for k in range(terms))
        return f"double a[10], b[10];\nvoid f(void) {{ for (int i = 0; i < 10; i++) a[i] = {total}; }}\n"

    (tmp_path / "long.c").write_text(program(1000))
    done = seq2par("analyze", "long.c", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [loop["verdict"] for loop in json.loads(done.stdout)[0]["loops"]] == ["parallel"]
    (tmp_path / "absurd.c").write_text(program(20000))
    assert_user_error(seq2par("analyze", "absurd.c", cwd=tmp_path), "nested too deeply")
    checked = seq2par("check", "absurd.c", "long.c", cwd=tmp_path)  # the other file is still checked
    assert checked.returncode == 2 and "Traceback" not in checked.stderr, checked.stderr
    assert "nested too deeply" in checked.stderr and "in 1 file" in checked.stdout


def test_empty_file_has_no_loops(tmp_path: Path) -> None:
    (tmp_path / "empty.c").write_text("")
    done = seq2par("analyze", "empty.c", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "no loops" in done.stdout


def test_syntax_errors_are_reported_with_a_line(tmp_path: Path) -> None:
    write(
        tmp_path,
        "broken.c",
        """\
        int main(void)
        {
            int x = ;
            for (int i = 0; i < 10; i++ {
                x += i
            }
            return x;
        }
        """,
    )
    done = seq2par("analyze", "broken.c", cwd=tmp_path)
    # a file that does not parse is an input error (exit 2), reported after everything else
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "syntax error at broken.c:3:" in done.stderr, done.stderr
    assert re.search(r"^broken\.c:\d+:\d+: error \[S2P100\]", done.stdout, re.M), done.stdout
    # libclang confirms it and says what is wrong
    assert "expected expression" in done.stdout, done.stdout
    done = seq2par("analyze", "broken.c", "--format", "json", cwd=tmp_path)
    assert done.returncode == 2
    errors = json.loads(done.stdout)[0]["parse_errors"]
    assert errors and all(e["code"] == "S2P100" for e in errors)
    assert errors[0]["line"] == 3


OLD_STYLE = """\
scale(a,n,k)
double*a;
int n;
double k;
{
    int i;
    for (i = 0; i < n; i++)
        a[i] = a[i] * k;
    return 0;
}

void add(double *restrict a, const double *restrict b, int n)
{
    for (int i = 0; i < n; i++)
        a[i] += b[i];
}
"""


def test_code_the_compiler_accepts_and_seq2par_cannot_parse_is_no_syntax_error(tmp_path: Path) -> None:
    """An old-style definition with an implicit `int` written with no blank to spare (seq2par puts `int `
    in front of one whose header has four blanks that separate no two words, as NPB's `main( argc, argv )
    int argc; ...` has) compiles but does not parse with tree-sitter: it was an `error [S2P100] syntax
    error`. libclang, which compiles the file, now tells it apart: S2P101, a warning, exit 0, and the other
    function is still analyzed. Without libclang nothing confirms it, so it stays S2P100."""
    write(tmp_path, "old.c", OLD_STYLE)
    done = seq2par("analyze", "old.c", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert re.search(r"^old\.c:1:\d+: warning \[S2P101\] seq2par cannot parse lines 1-\d+, which the compiler "
                     r"accepts", done.stdout, re.M), done.stdout
    assert "S2P100" not in done.stdout
    assert re.search(r"^old\.c:14:\d+: parallel", done.stdout, re.M), done.stdout
    plain = seq2par("analyze", "old.c", "--no-libclang", cwd=tmp_path)
    assert plain.returncode == 2 and "[S2P100]" in plain.stdout, plain.stdout
    # parallelize names the region and why it stops, without calling it a syntax error
    generated = seq2par("parallelize", "old.c", "--target", "openmp", "--no-validate", cwd=tmp_path)
    assert generated.returncode == 2 and "which the compiler accepts" in generated.stderr, generated.stderr
    assert "fix the syntax error" not in generated.stderr


def test_code_written_before_c99_is_read_with_libclang(tmp_path: Path) -> None:
    """An implicit `int` (NPB's `main(argc, argv)`) and calls to functions declared nowhere are
    errors for clang 16 and later and warnings for the compilers such code was written for: libclang gave
    up on the file (tree-sitter only, no macro values from headers). Now it reads it as gcc does."""
    write(tmp_path, "old99.c", "#define N 64\ndouble a[N];\nmain()\n{\n    int i;\n"
                               "    for (i = 0; i < N; i++)\n        a[i] = i;\n    report(a[3]);\n    return 0;\n}\n")
    done = seq2par("analyze", "old99.c", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)[0]
    assert data["mode"] == "libclang", data["mode_note"]
    assert [loop["verdict"] for loop in data["loops"]] == ["parallel"]


def test_a_file_that_cannot_be_analyzed_keeps_its_place_in_the_json_list(tmp_path: Path) -> None:
    """`analyze --format json a.c b.c` printed only the files it analyzed: a consumer could not tell the
    failed one from one never given. Now it is in the list, in order, with its error."""
    write(tmp_path, "a.c", "void f(double *x, int n) { for (int i = 0; i < n; i++) x[i] = 0; }\n")
    (tmp_path / "b.c").write_bytes(b"int x;\0\0\0\n")
    write(tmp_path, "c.c", "void g(double *y, int n) { for (int i = 0; i < n; i++) y[i] = 1; }\n")
    done = seq2par("analyze", "a.c", "b.c", "c.c", "--format", "json", cwd=tmp_path)
    assert done.returncode == 2 and "b.c: binary file" in done.stderr, done.stderr
    listed = json.loads(done.stdout)
    assert [Path(item["path"]).name for item in listed] == ["a.c", "b.c", "c.c"]
    assert "binary file" in listed[1]["error"] and "loops" not in listed[1]
    assert listed[0]["loops"] and listed[2]["loops"]


def test_ten_megabyte_generated_file(tmp_path: Path) -> None:
    rng = random.Random(3)
    parts, size = ["static const int table[] = {\n"], 0
    while size < 10 * 1024 * 1024:
        line = ", ".join(str(rng.randrange(100000)) for _ in range(16)) + ",\n"
        parts.append(line)
        size += len(line)
    parts.append(
        "};\nint main(void)\n{\n    long s = 0;\n"
        "    for (int i = 0; i < (int)(sizeof table / sizeof table[0]); i++)\n"
        "        s += table[i];\n    return (int)(s & 1);\n}\n"
    )
    text = "".join(parts)
    loop_line = text[: text.index("    for (")].count("\n") + 1
    (tmp_path / "big.c").write_text(text)
    start = time.perf_counter()
    done = seq2par("analyze", "big.c", "--format", "json", cwd=tmp_path, timeout=180)
    elapsed = time.perf_counter() - start
    assert done.returncode == 0, done.stderr
    loops = json.loads(done.stdout)[0]["loops"]
    assert [(loop["line"], loop["verdict"]) for loop in loops] == [(loop_line, "parallel-reduction")]
    assert elapsed < 60, f"analyzing a 10 MB file took {elapsed:.1f} s"


# -- explain and help ----------------------------------------------------------------------------------------


def test_explain_known_code() -> None:
    done = seq2par("explain", "S2P201")
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("S2P201")
    assert "flow" in done.stdout.lower()


def test_explain_unknown_code() -> None:
    assert_user_error(seq2par("explain", "NOPE"), "NOPE")


def test_help_lists_the_commands() -> None:
    done = seq2par("--help")
    assert done.returncode == 0, done.stderr
    for command in ("analyze", "explain", "parallelize", "validate"):
        assert re.search(rf"^\s+{command}\s", done.stdout, re.M), done.stdout


def test_cli_runner_matches_console_script(tmp_path: Path) -> None:
    """The typer app in-process (CliRunner) gives the same JSON as the console script."""
    from typer.testing import CliRunner

    from seq2par.cli.main import _register_optional, app

    _register_optional()
    write(tmp_path, "small.c", SMALL)
    path = str(tmp_path / "small.c")
    result = CliRunner().invoke(app, ["analyze", path, "--no-libclang", "--format", "json"])
    assert result.exit_code == 0, result.output
    in_process = json.loads(result.stdout)
    done = seq2par("analyze", path, "--no-libclang", "--format", "json")
    assert json.loads(done.stdout) == in_process


def test_a_file_whose_name_starts_with_a_dash(tmp_path: Path) -> None:
    """Regression: `./-dash.c` reached the command as `-dash.c` and was taken for a compiler flag
    ("no input files")."""
    write(tmp_path, "-dash.c", SMALL)
    done = seq2par("analyze", "./-dash.c", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)[0]["path"].endswith("-dash.c")


def test_many_files_are_analyzed_in_parallel_with_the_same_output_in_order(tmp_path: Path) -> None:
    """Large batches are spread over worker processes: the printed result must be what one process gives,
    file by file in the order given, with a failing file reported and the others kept."""
    names = []
    for k in range(6):
        body = "".join(f"  for (int i = 1; i < n; i++) a{k}[i] = a{k}[i - {j % 3}] + {j}.0;\n" for j in range(220))
        path = tmp_path / f"f{k}.c"
        path.write_text(f"double a{k}[1000];\nvoid f(int n) {{\n{body}}}\n")
        names.append(path.name)
    (tmp_path / "bad.c").write_bytes(b"\x7fELF\x00\x00" * 100)
    order = ["f3.c", "bad.c", "f0.c", "f5.c", "f1.c", "f4.c", "f2.c"]
    assert sum((tmp_path / n).stat().st_size for n in order) > 64 * 1024
    for fmt in ("text", "json"):
        batch = seq2par("analyze", *order, "--no-libclang", "--format", fmt, cwd=tmp_path)
        assert batch.returncode == 2 and "bad.c" in batch.stderr and "Traceback" not in batch.stderr
        singles = [seq2par("analyze", name, "--no-libclang", "--format", fmt, cwd=tmp_path)
                   for name in order if name != "bad.c"]
        if fmt == "json":  # the failed file keeps its place, with its error
            listed = json.loads(batch.stdout)
            assert "binary file" in listed.pop(1)["error"]
            assert listed == [json.loads(s.stdout)[0] for s in singles]
        else:
            assert batch.stdout == "".join(s.stdout for s in singles)


ALLOC = """\
#include <stdlib.h>
static void *xmalloc(size_t bytes)
{
    void *ret = NULL;
    if (posix_memalign(&ret, 64, bytes) != 0 || !ret)
        exit(1);
    return ret;
}
double *alloc_vector(int n)
{
    double *v = xmalloc(sizeof(double) * n);
    return v;
}
"""

POOL = """\
static double pool[1000];
double *alloc_vector(int n)
{
    return pool;
}
"""

TWO_ARRAYS = """\
#include <stdlib.h>
double *alloc_vector(int n);
static void shift(int n, double *x, double *y)
{
    for (int i = 1; i < n; i++)
        x[i] = y[i - 1] + 1.0;
}
int main(void)
{
    double *a = alloc_vector(1000), *b = alloc_vector(1000);
    shift(1000, a, b);
    return (int)a[999];
}
"""


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_an_allocator_defined_in_another_file_of_the_run_is_known(tmp_path: Path, fmt: str) -> None:
    """A program's arrays come from an allocator in another file (PolyBench's polybench_alloc_data in
    utilities/polybench.c, itself returning xmalloc's posix_memalign storage). Alone, the kernel's file
    cannot tell that two calls return two arrays; analyzed in one run with the allocator's file, it can. A
    function of that name that hands out the same storage twice proves nothing."""
    write(tmp_path, "shift.c", TWO_ARRAYS)
    write(tmp_path, "alloc.c", ALLOC)
    write(tmp_path, "pool.c", POOL)

    def aliasing_in_shift(*files: str) -> bool:
        done = seq2par("analyze", *files, "--format", fmt, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        if fmt == "json":
            loops = [loop for loop in json.loads(done.stdout)[0]["loops"] if loop["line"] == 5]
            assert loops, done.stdout
            aliasing = [f["message"] for f in loops[0]["findings"] if f["code"] == "S2P501"]
            if aliasing and len(files) == 1:  # the finding says what would prove it
                assert "`alloc_vector`, which is not defined in this file" in aliasing[0], aliasing
            return loops[0]["verdict"] == "sequential" and bool(aliasing)
        results = json.loads(done.stdout)["runs"][0]["results"]
        return any(r["ruleId"] == "S2P501" and "shift.c" in json.dumps(r["locations"]) for r in results)

    assert aliasing_in_shift("shift.c")
    assert not aliasing_in_shift("shift.c", "alloc.c")
    assert aliasing_in_shift("shift.c", "pool.c")


def test_c99_complex_declarations_are_read(tmp_path: Path) -> None:
    """`double complex z = 0;` (C99, <complex.h>) did not parse: S2P101 "write that region in today's C",
    exit 2 from parallelize. It is read as a type of its own: the loops are analyzed, and the MPI target,
    which would reduce z as one double, leaves its sum sequential."""
    write(tmp_path, "cplx.c", "#include <complex.h>\n#include <stdio.h>\n#define N 200000\ndouble a[N];\n"
                              "double complex w[N];\nint main(void) {\n"
                              "    for (int i = 0; i < N; i++) w[i] = a[i] * 2.0 + a[i] * I;\n"
                              "    double complex z = 0;\n    for (int i = 0; i < N; i++) z += w[i];\n"
                              '    printf("%g %g\\n", creal(z), cimag(z));\n    return 0;\n}\n')
    done = seq2par("analyze", "cplx.c", cwd=tmp_path)
    assert done.returncode == 0 and "S2P10" not in done.stdout, done.stdout
    assert re.search(r"^cplx\.c:7:\d+: parallel", done.stdout, re.M), done.stdout
    refused = seq2par("parallelize", "cplx.c", "--no-validate", cwd=tmp_path)
    assert refused.returncode == 3 and "type of reduction variable `z` is not a basic C type" in refused.stderr
    generated = seq2par("parallelize", "cplx.c", "--target", "openmp", "--no-validate", cwd=tmp_path)
    assert generated.returncode == 0, generated.stderr


CUDA_PROGRAM = """\
#include <cstdio>
#define N 1024

__device__ float scale(float v) { return 2.0f * v; }

__global__ void __launch_bounds__(256) saxpy(int n, float a, const float *x, float *y)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    __shared__ float tile[256];
    if (i < n) {
        tile[threadIdx.x] = x[i];
        y[i] = a * scale(tile[threadIdx.x]) + y[i];
    }
}

int main(void)
{
    static float x[N], y[N];
    for (int i = 0; i < N; i++) {
        x[i] = 1.0f * i;
        y[i] = 2.0f;
    }
    float *dx, *dy;
    cudaMalloc(&dx, N * sizeof(float));
    cudaMalloc(&dy, N * sizeof(float));
    cudaMemcpy(dx, x, N * sizeof(float), cudaMemcpyHostToDevice);
    cudaMemcpy(dy, y, N * sizeof(float), cudaMemcpyHostToDevice);
    saxpy<<<(N + 255) / 256, 256>>>(N, 2.0f, dx, dy);
    cudaMemcpy(y, dy, N * sizeof(float), cudaMemcpyDeviceToHost);
    for (int i = 1; i < N; i++)
        y[i] += y[i - 1];
    printf("%f\\n", y[N - 1]);
    return 0;
}
"""


@pytest.mark.parametrize("name", ["prog.cu", "prog.cuh"])
def test_cuda_files_are_read_as_check_reads_them(tmp_path: Path, name: str) -> None:
    """`analyze prog.cu` parsed CUDA as plain C++: `__global__`, `__device__` and the `<<<...>>>` launch were
    syntax errors (S2P100, exit 2) and no loop was analyzed, while `check` read the same file. The host loops
    are analyzed now, in every output format; a real syntax error in a .cu file is still one."""
    write(tmp_path, name, CUDA_PROGRAM)
    done = seq2par("analyze", name, cwd=tmp_path)
    assert done.returncode == 0 and "S2P100" not in done.stdout + done.stderr, done.stdout + done.stderr
    assert re.search(rf"^{re.escape(name)}:19:5: parallel$", done.stdout, re.M), done.stdout
    assert re.search(rf"^{re.escape(name)}:30:5: sequential", done.stdout, re.M), done.stdout
    report = json.loads(seq2par("analyze", name, "--format", "json", cwd=tmp_path).stdout)
    assert [(loop["line"], loop["verdict"]) for loop in report[0]["loops"]] == [(19, "parallel"), (30, "sequential")]
    sarif = json.loads(seq2par("analyze", name, "--format", "sarif", cwd=tmp_path).stdout)
    assert sarif["runs"][0]["invocations"][0]["exitCode"] == 0
    write(tmp_path, name, CUDA_PROGRAM.replace("y[i] += y[i - 1];", "y[i] += ;"))
    broken = seq2par("analyze", name, cwd=tmp_path)
    assert broken.returncode == 2 and f"{name}:31:" in broken.stdout and "S2P100" in broken.stdout, broken.stdout


LOST = """\
#include <stdio.h>
#define N 1000
double a[N], b[N];
static void scale(double k) {
    for (int i = 0; i < N; i++)
        a[i] *= k;
}
int main(void) {
    int i;
    int x = @;
    for (i = 0; i < N; i++) a[i] = b[i] * 2.0;
    for (i = 0; i < N; i++) b[i] = a[i] * 2.0;
    scale(x);
    printf("%f\\n", a[10]);
    return 0;
}
"""

BRACE_MACRO = """\
#include <stdio.h>
#define N 1000
#define BEGIN {
double a[N], b[N];
int main(void) BEGIN
    int i;
    for (i = 0; i < N; i++) a[i] = b[i] * 2.0;
    printf("%f\\n", a[10]);
    return 0;
}
"""


@pytest.mark.parametrize("flags", [(), ("--no-libclang",)], ids=["libclang", "treesitter"])
def test_loops_a_syntax_error_keeps_from_a_verdict_are_named(tmp_path: Path, flags: tuple[str, ...]) -> None:
    """A function with a syntax error is not analyzed: the finding named only the error's own line ("loops
    in this region are not analyzed") and the report said "no loops found" for a file whose two loops in
    main, lines below the error, got no verdict. Now the finding names the function and the loops' lines,
    JSON lists them, and the other function is still analyzed."""
    write(tmp_path, "lost.c", LOST)
    done = seq2par("analyze", "lost.c", *flags, cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert re.search(r"^lost\.c:10:\d+: error \[S2P100\] syntax error in lines 10-10.*; the function `main` that "
                     r"holds it \(lines 8-16\) is not analyzed; the loops at lines 11, 12 get no verdict$",
                     done.stdout, re.M), done.stdout
    assert "lost.c: 2 loops not analyzed because of the syntax problems above (1 analyzed)" in done.stdout
    assert re.search(r"^lost\.c:5:\d+: parallel", done.stdout, re.M), done.stdout
    data = json.loads(seq2par("analyze", "lost.c", *flags, "--format", "json", cwd=tmp_path).stdout)[0]
    assert data["unanalyzed_loops"] == [11, 12]
    assert [loop["line"] for loop in data["loops"]] == [5]
    # a file without syntax problems has no such key
    write(tmp_path, "fine.c", LOST.replace("int x = @;", "int x = 2;"))
    fine = json.loads(seq2par("analyze", "fine.c", *flags, "--format", "json", cwd=tmp_path).stdout)[0]
    assert "unanalyzed_loops" not in fine and [loop["line"] for loop in fine["loops"]] == [5, 11, 12]


def test_a_loop_between_regions_seq2par_cannot_parse_is_named(tmp_path: Path) -> None:
    """Braces from a macro: the compiler accepts the file, tree-sitter reads two regions it cannot parse and
    a loop between them that belongs to no function. It said "no loops found", exit 0; the loop is named now
    (still exit 0: S2P101 is a warning)."""
    write(tmp_path, "brace.c", BRACE_MACRO)
    done = seq2par("analyze", "brace.c", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert re.search(r"^brace\.c:5:1: warning \[S2P101\] .*; the loop at line 7 gets no verdict$", done.stdout,
                     re.M), done.stdout
    assert "brace.c: 1 loop not analyzed because of the syntax problems above (0 analyzed)" in done.stdout
    assert "no loops found" not in done.stdout
