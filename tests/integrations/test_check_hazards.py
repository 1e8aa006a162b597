"""`seq2par check`: planted OpenMP/CUDA hazards are all found, correct parallel code raises none.

Each racy snippet plants one hazard (its expected codes are listed next to it); each correct snippet is
a right way to write the same thing. Opportunity notes (S2P801) are not hazards and are ignored here.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from seq2par.cli.check_cmd import check_findings
from seq2par.cli.check_config import CheckConfig, ConfigError, config_from_table
from seq2par.cli.hazards import analyze_for_check, parse_omp

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
SEQ2PAR = str(Path(sys.executable).with_name("seq2par")) if Path(sys.executable).with_name("seq2par").exists() \
    else shutil.which("seq2par")
HAZARDS = {"S2P701", "S2P702", "S2P703", "S2P704", "S2P705", "S2P706"}

PRELUDE = """\
#define N 100000
double a[N], b[N], c[N];
int idx[N], hist[16];
"""


def _codes(code: str, path: str = "snippet.c") -> list[str]:
    checked = analyze_for_check(code, path)
    assert not checked.report.parse_errors, checked.report.parse_errors
    return sorted(f.code for f, _ in check_findings(checked, CheckConfig()) if f.code in HAZARDS)


def _c(body: str, decls: str = "double sum = 0.0, prod = 1.0, best = 1e300, t, m = -1e300;\n"
       "    int i, j, k = 0, besti = -1, count = 0;") -> str:
    result = "return sum + prod + best + m + k + besti + count;"
    return f"{PRELUDE}\ndouble work(void)\n{{\n    {decls}\n{body}\n    {result}\n}}\n"


# (name, loop with its pragma, expected hazard codes)
RACY_OPENMP = [
    ("flow dependence", """
#pragma omp parallel for
    for (i = 1; i < N; i++)
        a[i] = a[i - 1] + b[i];""", ["S2P701"]),
    ("anti dependence under parallel for simd with a continued pragma", """
    #pragma omp parallel for simd schedule(static) \\
        private(t)
    for (i = 0; i < N - 1; i++)
        a[i] = a[i + 1] * 0.5;""", ["S2P701"]),
    ("write through a non-affine subscript: cannot be proven", """
#pragma omp parallel for
    for (i = 0; i < N; i++)
        c[idx[i]] = a[i];""", ["S2P706"]),
    ("write through i % 8 over N iterations: proven to repeat", """
#pragma omp parallel for
    for (i = 0; i < N; i++)
        c[i % 8] = a[i];""", ["S2P701"]),
    ("carried scalar (recurrence)", """
#pragma omp parallel for
    for (i = 0; i < N; i++) {
        k = k + 2;
        b[i] = k;
    }""", ["S2P701"]),
    ("temporary not private", """
#pragma omp parallel for reduction(+:sum)
    for (i = 0; i < N; i++) {
        t = a[i] * b[i];
        sum += t;
    }""", ["S2P702"]),
    ("inner index declared outside (C: shared)", """
#pragma omp parallel for
    for (i = 0; i < 256; i++)
        for (j = 0; j < 256; j++)
            c[i * 256 + j] = a[i] * b[j];""", ["S2P702"]),
    ("sum without reduction", """
#pragma omp parallel for
    for (i = 0; i < N; i++)
        sum += a[i];""", ["S2P703"]),
    ("sum made private instead of reduced", """
#pragma omp parallel for private(sum)
    for (i = 0; i < N; i++)
        sum += a[i] * b[i];""", ["S2P703"]),
    ("max without reduction, under `omp for` in a parallel region", """
#pragma omp parallel
    {
#pragma omp for
        for (int q = 0; q < N; q++)
            if (a[q] > m) m = a[q];
    }""", ["S2P703"]),
    ("histogram without reduction", """
#pragma omp parallel for
    for (i = 0; i < N; i++)
        hist[idx[i]] += 1;""", ["S2P703"]),
    ("minloc has no OpenMP operator", """
#pragma omp parallel for reduction(min:best)
    for (i = 0; i < N; i++)
        if (a[i] < best) { best = a[i]; besti = i; }""", ["S2P703"]),
    ("wrong reduction operator", """
#pragma omp parallel for reduction(+:prod)
    for (i = 0; i < N; i++)
        prod *= 1.0 + b[i] * 1e-6;""", ["S2P705"]),
    ("wrong operator for a max", """
#pragma omp parallel for reduction(min:m)
    for (i = 0; i < N; i++)
        m = a[i] > m ? a[i] : m;""", ["S2P705"]),
    ("live-out value without lastprivate", """
#pragma omp parallel for
    for (i = 0; i < N; i++) {
        t = a[i];
        c[i] = t;
    }
    sum = t;""", ["S2P702"]),
    ("last match under plain lastprivate (the last iteration may not assign it)", """
#pragma omp parallel for lastprivate(besti)
    for (i = 0; i < N; i++)
        if (a[i] > 0.5) besti = i;""", ["S2P702"]),
    ("last match left shared", """
#pragma omp parallel for
    for (i = 0; i < N; i++)
        if (a[i] > 0.5) besti = i;""", ["S2P702"]),
    ("collapse(2) over a dependence in the inner loop", """
#pragma omp parallel for collapse(2)
    for (int r = 0; r < 256; r++)
        for (int s = 1; s < 256; s++)
            c[r * 256 + s] = c[r * 256 + s - 1] + 1.0;""", ["S2P701"]),
    ("store through i / 2: two iterations write each element", """
#pragma omp parallel for
    for (i = 0; i < N; i++)
        c[i / 2] = a[i];""", ["S2P701"]),
    ("collapse(2) over a row accumulator: threads share a[r]", """
#pragma omp parallel for collapse(2)
    for (int r = 0; r < 256; r++)
        for (int s = 0; s < 256; s++)
            a[r] += c[r * 256 + s];""", ["S2P703"]),
    # (a review of the nested-directive rule) under `simd` the index is written back to the shared one, and
    # a read of the shared index after an inner `parallel for` sees an indeterminate value
    ("inner index shared under an inner omp simd", """
#pragma omp parallel for
    for (i = 0; i < 256; i++) {
#pragma omp simd
        for (j = 0; j < 256; j++)
            c[i * 256 + j] = a[i] * b[j];
    }""", ["S2P702"]),
    ("inner index of a nested parallel for read after it", """
#pragma omp parallel for
    for (i = 0; i < 256; i++) {
#pragma omp parallel for
        for (j = 0; j < 256; j++)
            c[i * 256 + j] = a[i] * b[j];
        a[i] = j;
    }""", ["S2P702"]),
    ("inner index shared: the inner loop has no directive of its own", """
#pragma omp parallel for
    for (i = 0; i < 256; i++) {
        for (j = 0; j < 256; j++)
            c[i * 256 + j] = a[i] * b[j];
    }""", ["S2P702"]),
    ("collapse(2) with a temporary of the inner loop left shared", """
#pragma omp parallel for collapse(2)
    for (int r = 0; r < 256; r++)
        for (int s = 0; s < 256; s++) {
            t = a[r] * b[s];
            c[r * 256 + s] = t;
        }""", ["S2P702"]),
]

CORRECT_OPENMP = [
    ("map", """
#pragma omp parallel for
    for (i = 0; i < N; i++)
        a[i] = 2.0 * b[i];"""),
    ("private temporary and sum reduction", """
#pragma omp parallel for private(t) reduction(+:sum)
    for (i = 0; i < N; i++) {
        t = a[i] * b[i];
        sum += t;
    }"""),
    ("temporary declared in the body; `-` reduction of a subtraction", """
#pragma omp parallel for reduction(-:sum)
    for (i = 0; i < N; i++) {
        double d = a[i] - b[i];
        sum -= d * d;
    }"""),
    ("product and max reductions in one pragma", """
#pragma omp parallel for reduction(*:prod) reduction(max:m)
    for (i = 0; i < N; i++) {
        prod *= 1.0 + b[i] * 1e-6;
        if (a[i] > m) m = a[i];
    }"""),
    ("last match under lastprivate(conditional:)", """
#pragma omp parallel for lastprivate(conditional: besti)
    for (i = 0; i < N; i++)
        if (a[i] > 0.5) besti = i;"""),
    ("inner index listed private", """
#pragma omp parallel for private(j)
    for (i = 0; i < 256; i++)
        for (j = 0; j < 256; j++)
            c[i * 256 + j] = a[i] * b[j];"""),
    ("collapse(2) of independent loops", """
#pragma omp parallel for collapse(2)
    for (int r = 0; r < 256; r++)
        for (int s = 0; s < 256; s++)
            c[r * 256 + s] += 1.0;"""),
    ("collapse(2) over a row accumulator with an array-section reduction", """
#pragma omp parallel for collapse(2) reduction(+:a[:256])
    for (int r = 0; r < 256; r++)
        for (int s = 0; s < 256; s++)
            a[r] += c[r * 256 + s];"""),
    # (AutoParBench's NPB reference: 399 false S2P702 errors) the inner loop's own directive makes its index
    # private to it
    ("inner index under a nested directive of its own", """
#pragma omp parallel for
    for (i = 0; i < 256; i++) {
#pragma omp parallel for
        for (j = 0; j < 256; j++)
            c[i * 256 + j] = a[i] * b[j];
    }"""),
    ("row accumulator under a parallel outer loop only", """
#pragma omp parallel for
    for (int r = 0; r < 256; r++)
        for (int s = 0; s < 256; s++)
            a[r] += c[r * 256 + s];"""),
    ("histogram with an array-section reduction", """
#pragma omp parallel for reduction(+:hist[:16])
    for (i = 0; i < N; i++)
        hist[idx[i]] += 1;"""),
    ("histogram with atomic updates", """
#pragma omp parallel for
    for (i = 0; i < N; i++) {
#pragma omp atomic
        hist[idx[i]] += 1;
    }"""),
    ("counter under critical", """
#pragma omp parallel for
    for (i = 0; i < N; i++) {
        if (a[i] > 0.5) {
#pragma omp critical
            count++;
        }
    }"""),
    ("per-thread partial sums in a region, combined under critical", """
#pragma omp parallel
    {
        double local = 0.0, tmp;
#pragma omp for
        for (int q = 0; q < N; q++) {
            tmp = a[q] * 2.0;
            local += tmp;
        }
#pragma omp critical
        sum += local;
    }"""),
    ("lastprivate live-out value", """
#pragma omp parallel for lastprivate(t)
    for (i = 0; i < N; i++) {
        t = a[i];
        c[i] = t;
    }
    sum = t;"""),
    ("stencil into a second buffer", """
#pragma omp parallel for schedule(dynamic, 64) num_threads(4) if(N > 1000)
    for (i = 1; i < N - 1; i++)
        c[i] = 0.25 * (a[i - 1] + 2.0 * a[i] + a[i + 1]);"""),
    ("parallel region with a shared loop inside `omp for` and nowait", """
#pragma omp parallel shared(a, b)
    {
#pragma omp for nowait
        for (int q = 0; q < N; q++)
            a[q] = b[q] + 1.0;
    }"""),
]

RACY_CUDA = [
    ("every thread adds into out[0]", """
__global__ void k(const float *x, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[0] += x[i];
}"""),
    ("threads of a block write out[blockIdx.x]", """
__global__ void k(const float *x, float *out, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        out[blockIdx.x] = x[i];
}"""),
    ("sum into a __device__ global", """
__device__ float total;
__global__ void k(const float *x, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        total += x[i];
}"""),
    ("store through a pointer parameter", """
__global__ void k(const float *x, float *result, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n)
        *result = x[i];
}"""),
    ("every thread writes the whole array", """
__global__ void k(float *out, const float *x, int n)
{
    for (int j = 0; j < n; j++)
        out[j] = 2.0f * x[j];
}"""),
    ("shared s[0] written by every thread of the block", """
__global__ void k(const float *x, float *out)
{
    __shared__ float s[256];
    s[threadIdx.x] = x[threadIdx.x];
    __syncthreads();
    s[0] = 0.0f;
    out[blockIdx.x * blockDim.x + threadIdx.x] = s[threadIdx.x];
}"""),
    ("one thread per block, but every block writes out[0]", """
__global__ void k(const float *x, float *out)
{
    int tid = threadIdx.x;
    if (tid == 0)
        out[0] = x[blockIdx.x];
}"""),
    ("2-D launch: column index only", """
__global__ void k(float *c, int n)
{
    int row = blockIdx.y * blockDim.y + threadIdx.y;
    int col = blockIdx.x * blockDim.x + threadIdx.x;
    if (row < n && col < n)
        c[col] = 1.0f;
}"""),
]

CORRECT_CUDA = [
    ("saxpy", """
__global__ void k(int n, float a, const float *__restrict__ x, float *__restrict__ y)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] = a * x[i] + y[i];
}"""),
    ("grid-stride loop with a per-thread temporary", """
__global__ void k(float *y, int n)
{
    for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x) {
        float t = y[i];
        y[i] = t * t;
    }
}"""),
    ("2-D matmul", """
__global__ void k(const float *a, const float *b, float *c, int n)
{
    int row = blockIdx.y * blockDim.y + threadIdx.y;
    int col = blockIdx.x * blockDim.x + threadIdx.x;
    if (row < n && col < n) {
        float acc = 0.0f;
        for (int j = 0; j < n; j++)
            acc += a[row * n + j] * b[j * n + col];
        c[row * n + col] = acc;
    }
}"""),
    ("block reduction in shared memory, atomics across blocks", """
__global__ void k(const float *x, float *partial, float *total, int n)
{
    __shared__ float s[256];
    int tid = threadIdx.x;
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    float v[2];
    v[0] = i < n ? x[i] : 0.0f;
    s[tid] = v[0];
    __syncthreads();
    for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
        if (tid < stride)
            s[tid] += s[tid + stride];
        __syncthreads();
    }
    if (tid == 0) {
        partial[blockIdx.x] = s[0];
        atomicAdd(total, s[0]);
    }
}"""),
    ("a single thread of the grid writes a flag (early return guard)", """
__global__ void k(int *flag, const int *x, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i != 0)
        return;
    flag[0] = x[0] > 0;
}"""),
    ("host code with a kernel launch", """
__global__ void scale(float *y, int n)
{
    int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i < n) y[i] *= 2.0f;
}
int main(void)
{
    float *y = 0;
    scale<<<(1000 + 255) / 256, 256>>>(y, 1000);
    return 0;
}"""),
]


@pytest.mark.parametrize(("name", "loop", "expected"), RACY_OPENMP, ids=[r[0] for r in RACY_OPENMP])
def test_planted_openmp_hazard_is_found(name: str, loop: str, expected: list[str]) -> None:
    assert _codes(_c(loop)) == expected


@pytest.mark.parametrize(("name", "loop"), CORRECT_OPENMP, ids=[r[0] for r in CORRECT_OPENMP])
def test_correct_openmp_has_no_hazard(name: str, loop: str) -> None:
    assert _codes(_c(loop)) == []


@pytest.mark.parametrize(("name", "kernel"), RACY_CUDA, ids=[r[0] for r in RACY_CUDA])
def test_planted_cuda_race_is_found(name: str, kernel: str) -> None:
    assert _codes(kernel, "kernel.cu") == ["S2P704"]


@pytest.mark.parametrize(("name", "kernel"), CORRECT_CUDA, ids=[r[0] for r in CORRECT_CUDA])
def test_correct_cuda_has_no_race(name: str, kernel: str) -> None:
    assert _codes(kernel, "kernel.cu") == []


def test_pragma_asserts_that_pointer_parameters_do_not_overlap() -> None:
    code = """
void saxpy(int n, float a, const float *x, float *y)
{
#pragma omp parallel for
    for (int i = 0; i < n; i++)
        y[i] = a * x[i] + y[i];
}
"""
    assert _codes(code) == []
    # ... but a loop calling a function that updates a global with nothing to guard it is a race (a warning
    # until 2026-12-06: the analysis cannot run it in parallel, and every thread updates the one `ticks`)
    code = code.replace("y[i] = a * x[i] + y[i];", "y[i] = a * x[i] + tick();")
    code = "static int ticks;\nstatic int tick(void) { return ++ticks; }\n" + code
    assert _codes(code) == ["S2P701"]


def test_hazard_positions_point_at_the_pragma_or_the_dependence() -> None:
    code = _c("""
#pragma omp parallel for
    for (i = 0; i < N; i++)
        sum += a[i];
#pragma omp parallel for
    for (i = 1; i < N; i++)
        a[i] = a[i - 1];""")
    lines = code.splitlines()
    found = {f.code: f for f, _ in check_findings(analyze_for_check(code), CheckConfig())}
    assert lines[found["S2P703"].line - 1].startswith("#pragma omp parallel for")
    racy = found["S2P701"]
    assert "a[i - 1]" in lines[racy.line - 1] and lines[racy.directive_line - 1].startswith("#pragma")
    assert racy.extra["cause"] == "S2P201"


def test_pragma_parser_reads_words_and_clauses() -> None:
    omp = parse_omp("omp parallel for simd private(t, u) reduction(inscan, +: s) reduction(max:m) "
                    "lastprivate(conditional: x) linear(k: 2) collapse(2) // trailing comment")
    assert omp is not None and omp.is_loop and omp.words == ("parallel", "for", "simd")
    assert omp.names("private") == {"t", "u"}
    assert omp.reductions() == {"s": "+", "m": "max"}
    assert omp.names("lastprivate") == {"x"} and omp.names("linear") == {"k"} and omp.collapse() == 2
    assert parse_omp("omp critical(update)").protects
    assert parse_omp("once") is None and parse_omp("ompx foo") is None


def test_examples_have_no_hazards_and_their_legal_loops_are_notes() -> None:
    notes = 0
    for path in sorted(EXAMPLES.rglob("*.c*")):
        findings = check_findings(analyze_for_check(path.read_bytes(), path), CheckConfig())
        assert [f.code for f, _ in findings if f.code in HAZARDS] == [], path
        notes += sum(1 for f, level in findings if f.code == "S2P801" and level == "note")
    assert notes >= 17  # at least one opportunity per example program with a parallel loop


def test_suppression_comment_on_the_line_or_the_line_before() -> None:
    racy = _c("""
#pragma omp parallel for
    for (i = 0; i < N; i++)
        sum += a[i];""")
    pragma = "#pragma omp parallel for\n"
    assert _codes(racy) == ["S2P703"]
    assert _codes(racy.replace(pragma, "#pragma omp parallel for  // seq2par: ignore S2P703\n")) == []
    assert _codes(racy.replace(pragma, "// seq2par: ignore S2P703\n" + pragma)) == []
    assert _codes(racy.replace(pragma, "// seq2par: ignore S2P701\n" + pragma)) == ["S2P703"]
    assert _codes(racy.replace(pragma, "/* seq2par: ignore */\n" + pragma)) == []
    assert _codes(racy.replace(pragma, "// seq2par: ignore S2P703\n\n" + pragma)) == ["S2P703"]  # two lines up


def test_config_severity_ignore_and_globs(tmp_path: Path) -> None:
    config = config_from_table({"severity": {"S2P706": "error", "s2p703": "note"}, "ignore": ["S2P801"],
                                "include": ["src/**"], "exclude": ["src/vendor", "*.gen.c"]}, tmp_path / "x.toml")
    assert config.severity_of("S2P706") == "error" and config.fails("S2P706")
    assert config.severity_of("S2P703") == "note" and not config.fails("S2P703")
    assert config.severity_of("S2P801") == "off" and config.severity_of("S2P701") == "error"
    assert config.selects(tmp_path / "src" / "a.c")
    assert not config.selects(tmp_path / "src" / "vendor" / "b.c")
    assert not config.selects(tmp_path / "src" / "deep" / "x.gen.c")
    assert not config.selects(tmp_path / "other" / "a.c")
    for bad in ({"severity": {"S2P999": "error"}}, {"severity": {"S2P701": "fatal"}}, {"colour": 1},
                {"ignore": "S2P7"}, {"fail-on-opportunities": "yes"}):
        with pytest.raises(ConfigError):
            config_from_table(bad, tmp_path / "pyproject.toml")


def _run(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    assert SEQ2PAR, "the seq2par console script is not installed"
    return subprocess.run([SEQ2PAR, "check", *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_cli_exit_codes_formats_and_config(tmp_path: Path) -> None:
    racy = tmp_path / "racy.c"
    racy.write_text(_c("""
#pragma omp parallel for
    for (i = 1; i < N; i++)
        a[i] = a[i - 1] + b[i];"""))
    clean = tmp_path / "clean.c"
    clean.write_text(_c("""
    for (i = 0; i < N; i++)
        a[i] = 2.0 * b[i];"""))
    result = _run("racy.c", "clean.c", cwd=tmp_path)
    assert result.returncode == 1, result.stderr
    assert "racy.c:" in result.stdout and "error [S2P701]" in result.stdout and "Traceback" not in result.stderr
    result = _run("clean.c", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert [f["code"] for f in data["findings"]] == ["S2P801"] and data["findings"][0]["severity"] == "note"
    # Opportunities fail only when configured; hazards can be downgraded; a bad config is a usage error.
    (tmp_path / "pyproject.toml").write_text("[tool.seq2par]\nfail-on-opportunities = true\n")
    assert _run("clean.c", cwd=tmp_path).returncode == 1
    (tmp_path / ".seq2par.toml").write_text('[severity]\nS2P701 = "warning"\n')
    assert _run("racy.c", cwd=tmp_path).returncode == 0
    (tmp_path / "strict.toml").write_text('[tool.seq2par]\nexclude = ["racy.c"]\n')
    excluded = _run("racy.c", "--config", "strict.toml", "--format", "json", cwd=tmp_path)
    assert excluded.returncode == 0 and json.loads(excluded.stdout)["files"] == []
    (tmp_path / "broken.toml").write_text("[tool.seq2par]\nseverity = 3\n")
    broken = _run("racy.c", "--config", "broken.toml", cwd=tmp_path)
    assert broken.returncode == 2 and broken.stderr.startswith("seq2par: error:")
    missing = _run("nope.c", cwd=tmp_path)
    assert missing.returncode == 2 and "no such file" in missing.stderr


def test_a_cuda_header_gets_the_same_input_checks_as_any_source(tmp_path: Path) -> None:
    """Regression: `.cuh` files were read without the size limit (and the text check) of every other
    source, so a huge generated header was analyzed instead of refused with a clear message."""
    from seq2par.analyzers.analyze import MAX_FILE_BYTES
    from seq2par.cli.check_cmd import run_check

    huge = tmp_path / "table.cuh"
    line = "__device__ const float table_entry = 1.0f;\n"
    huge.write_text(line * (MAX_FILE_BYTES // len(line) + 2))
    binary = tmp_path / "blob.cuh"
    binary.write_bytes(b"\x7fELF\0\0\0" * 100)
    fine = tmp_path / "ok.cuh"
    fine.write_text("__global__ void k(float *a) { a[threadIdx.x] = 0.0f; }\n")
    result = run_check([huge, binary, fine], CheckConfig())
    assert any("table.cuh" in e and "limit" in e for e in result.errors), result.errors
    assert any("blob.cuh" in e and "binary" in e for e in result.errors), result.errors
    assert [Path(f.path).name for f in result.files] == ["ok.cuh"]


def test_the_shared_config_table_may_hold_validate_keys(tmp_path) -> None:
    """`ignore-line` in [tool.seq2par] is read by validate/parallelize; check must accept the same table
    (it rejected it as an unknown key)."""
    from seq2par.cli.check_config import load_config

    (tmp_path / "pyproject.toml").write_text('[tool.seq2par]\nignore-line = ["^Time in seconds"]\n')
    load_config(tmp_path / "pyproject.toml")


def test_a_thousand_term_expression_is_checked_like_any_other(tmp_path: Path) -> None:
    """`analyze` makes room for expressions that nest thousands of frames deep, but the hazard rules ran
    after that room was taken back: a 1,000-term sum in a `parallel for` ended `check` in a RecursionError
    traceback, exit 1 (what a pre-commit hook reads as a hazard) and no SARIF for any file of the run."""
    terms = " + ".join(f"x[{k}] * {k}.0" for k in range(1000))
    source = tmp_path / "long.c"
    source.write_text("double a[100], x[1000], s;\nint main(void) {\n#pragma omp parallel for\n"
                      f" for (int i = 0; i < 100; i++) a[i] = {terms};\n"
                      "#pragma omp parallel for\n for (int i = 0; i < 100; i++) s = s + a[i];\n return 0;\n}\n")
    result = subprocess.run([SEQ2PAR, "check", str(source), "--format", "json"], capture_output=True, text=True,
                            timeout=120)
    assert "Traceback" not in result.stderr, result.stderr
    report = json.loads(result.stdout)
    # the racy sum (its pragma on line 5, loop on 6) is found; the long expression's loop raises nothing
    assert [f["line"] for f in report["findings"] if f["code"] in HAZARDS] in ([5], [6]), report
    assert result.returncode == 1


def test_a_file_that_does_not_compile_fails_check(tmp_path: Path) -> None:
    """A syntax error was a warning and `check` exited 0: a pre-commit hook let a file that does not
    compile through. The compiler now confirms each region seq2par cannot parse: a real syntax error is an
    error and exit 2 (in every format); code the compiler accepts is S2P101, a note; a region it cannot
    judge (a header not found stops clang) stays a warning."""
    (tmp_path / "bad.c").write_text("int main(void) { int a[10];\n for (int i = 0; i < 10; i++ { a[i] = i; }\n"
                                    " return a[3]; }\n")
    result = _run("bad.c", cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert re.search(r"^bad\.c:2:\d+: error \[S2P100\] syntax error in lines 2-\d+: expected '\)'", result.stdout,
                     re.M), result.stdout
    sarif = _run("bad.c", "--format", "sarif", cwd=tmp_path)
    assert sarif.returncode == 2 and json.loads(sarif.stdout)["runs"][0]["results"][0]["level"] == "error"
    # old-style C that the grammar cannot read and the compiler accepts
    (tmp_path / "old.c").write_text("main(argc, argv) int argc; char **argv; { return 0; }\n"
                                    "void twice(double *a, int n) { for (int i = 0; i < n; i++) a[i] *= 2; }\n")
    old = _run("old.c", "--format", "json", cwd=tmp_path)
    assert old.returncode == 0, old.stdout
    assert {f["code"]: f["severity"] for f in json.loads(old.stdout)["findings"]}.get("S2P101") == "note"
    # a header not found: clang stops there and cannot tell, so seq2par's own finding stays a warning
    (tmp_path / "lost.c").write_text('#include "nowhere.h"\nint main(void) { int a[10];\n'
                                     " for (int i = 0; i < 10; i++ { a[i] = i; }\n return a[3]; }\n")
    lost = _run("lost.c", cwd=tmp_path)
    assert lost.returncode == 0 and "warning [S2P100]" in lost.stdout, lost.stdout
    # the configured severity still wins
    (tmp_path / ".seq2par.toml").write_text('[severity]\nS2P100 = "warning"\n')
    assert _run("bad.c", cwd=tmp_path).returncode == 0


def test_an_ignore_comment_without_a_valid_code_silences_nothing(tmp_path: Path) -> None:
    """`// seq2par: ignore S2P70` (a mistyped code) silenced every finding on the line, so a racy loop passed
    the hook with 0 errors. A mistyped code now silences nothing; a bare `ignore`, with or without a reason
    after it, still silences all (annotated code keeps passing)."""
    racy = _c("""
#pragma omp parallel for
    for (i = 1; i < N; i++)
        a[i] = a[i - 1] + b[i];""")
    for comment, silenced in (("// seq2par: ignore S2P70", False), ("// seq2par: ignore s2p7O1", False),
                              ("// seq2par: ignore", True), ("/* seq2par: ignore S2P701 */", True),
                              ("// seq2par: ignore -- reviewed: a benign counter", True),
                              ("/* seq2par: ignore */ // benign", True)):
        (tmp_path / "racy.c").write_text(racy.replace("#pragma omp parallel for",
                                                      f"{comment}\n#pragma omp parallel for"))
        result = _run("racy.c", cwd=tmp_path)
        assert (result.returncode == 0) is silenced, (comment, result.stdout)


def test_a_config_whose_tool_entry_is_not_a_table_is_a_usage_error(tmp_path: Path) -> None:
    """`tool = 5` in pyproject.toml ended check (and validate, parallelize) in a TypeError traceback, exit 1:
    what a hook reads as "hazards found"."""
    (tmp_path / "clean.c").write_text(_c("""
    for (i = 0; i < N; i++)
        a[i] = 2.0 * b[i];"""))
    (tmp_path / "pyproject.toml").write_text("tool = 5\n")  # no [tool.seq2par] in it: not our configuration
    result = _run("clean.c", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    (tmp_path / "pyproject.toml").write_text("[tool]\nseq2par = 5\n")
    for command in (["check", "clean.c"], ["validate", "clean.c", "clean.c", "--target", "openmp"]):
        result = subprocess.run([SEQ2PAR, *command, "--format", "json"], cwd=tmp_path, capture_output=True,
                                text=True, timeout=120)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert "must be a table" in result.stderr


def test_syntax_confirmation_edges_a_review_found(tmp_path: Path) -> None:
    """A C++ header named `.h` (a template, a class) failed the hook (exit 2) as C; a file with more than 20
    errors, an unterminated comment and an error under `#ifdef _OPENMP` with `-fopenmp` passed (exit 0)."""
    (tmp_path / "tmpl.h").write_text("template <class T> struct Box { T v; T get() const { return v; } };\n"
                                     "class Grid { public: double at(int i) const; };\n")
    assert _run("tmpl.h", cwd=tmp_path).returncode == 0
    (tmp_path / "many.c").write_text("int main(void) {\n" + "    int x = ;\n" * 30 + "    return 0;\n}\n")
    assert _run("many.c", cwd=tmp_path).returncode == 2
    (tmp_path / "comment.c").write_text("int main(void) {\n    return 0;\n}\n/* never closed\n"
                                        "int f(void) { return 1; }\n")
    assert _run("comment.c", cwd=tmp_path).returncode == 2
    (tmp_path / "omp.c").write_text("int main(void) {\n    int s = 0;\n#ifdef _OPENMP\n    s = 1 +;\n#endif\n"
                                    "    return s;\n}\n")
    assert _run("omp.c", "--", "-fopenmp", cwd=tmp_path).returncode == 2


@pytest.mark.parametrize("guard", [
    ("#ifdef _OPENMP\n", "#pragma omp parallel for\n", "#endif\n"),
    ("#if 1\n", "#pragma omp parallel for\n", "#endif\n"),
    ("#ifdef _OPENMP\n", "#pragma omp parallel for\n", "#else\n#pragma simd\n#endif\n"),
    ("", "#  pragma omp parallel for\n", ""),
    ("#ifdef _OPENMP\n", "# pragma omp parallel\n", "#endif\n"),
])
def test_guarded_and_spaced_pragmas_are_checked(guard: tuple[str, str, str]) -> None:
    """Review of check: a pragma inside `#ifdef _OPENMP ... #endif` (the most common idiom) or written
    `#  pragma` was never seen, and the races under it passed with exit 0."""
    before, pragma, after = guard
    if "parallel for" in pragma:
        code = ("double a[1001];\nvoid f(void) {\n" + before + pragma + after +
                "    for (int i = 0; i < 1000; i++) a[i] = a[i + 1] + a[i];\n}\n")
    else:
        code = "int count;\nvoid f(void) {\n" + before + pragma + after + "    {\n        count++;\n    }\n}\n"
    checked = analyze_for_check(code, "snippet.c")
    codes = {f.code for f, _ in check_findings(checked, CheckConfig())}
    assert {"S2P701", "S2P707"} & codes, (codes, code)


TILED = """\
#define TILE 16
__global__ void matmul(const float *A, const float *B, float *C, int n)
{
    __shared__ float As[TILE][TILE];
    __shared__ float Bs[TILE][TILE];
    int row = blockIdx.y * TILE + threadIdx.y, col = blockIdx.x * TILE + threadIdx.x;
    float acc = 0.0f;
    for (int t = 0; t < n / TILE; ++t) {
        As[threadIdx.y][threadIdx.x] = A[row * n + t * TILE + threadIdx.x];
        Bs[threadIdx.y][threadIdx.x] = B[(t * TILE + threadIdx.y) * n + col];
        __syncthreads();
        for (int k = 0; k < TILE; ++k) acc += As[threadIdx.y][k] * Bs[k][threadIdx.x];
        __syncthreads();
    }
    C[row * n + col] = acc;
}
"""


def test_two_dimensional_shared_tiles_are_read_whole() -> None:
    """Review of check: only the last subscript of `As[threadIdx.y][threadIdx.x]` was read (the base was the
    expression `As[threadIdx.y]`, not a shared array's name), so the CUDA guide's tiled matrix multiply was
    blocked (S2P704); a write that leaves threadIdx.y out of a 2-D tile is still a race."""
    assert _codes(TILED, "kernel.cu") == []
    same_row = TILED.replace("As[threadIdx.y][threadIdx.x] = A", "As[0][threadIdx.x] = A")
    assert _codes(same_row, "kernel.cu") == ["S2P704"]


def test_a_local_pointer_into_the_array_under_a_pragma_is_reported() -> None:
    """Review of check: `double *b = a + 1;` then `#pragma omp parallel for` over `b[i] = a[i] * 0.5` was
    silent: a pragma asserts that pointer parameters do not overlap, and the overlap seen in the code itself
    was dropped with them. It is now a warning naming it."""
    code = ("#define N 100000\ndouble a[N + 1];\nvoid f(void) {\n    double *b = a + 1;\n"
            "#pragma omp parallel for\n    for (int i = 0; i < N; i++) b[i] = a[i] * 0.5;\n}\n")
    findings = [f for f, _ in check_findings(analyze_for_check(code, "alias.c"), CheckConfig())]
    assert any(f.code == "S2P706" and "set from a + 1" in f.message for f in findings), findings
    parameters = ("void g(double *b, const double *a, int n) {\n#pragma omp parallel for\n"
                  "    for (int i = 0; i < n; i++) b[i] = a[i] * 0.5;\n}\n")
    assert not [f for f, _ in check_findings(analyze_for_check(parameters, "p.c"), CheckConfig())
                if f.code == "S2P706"]


def test_updates_of_a_std_atomic_are_not_races() -> None:
    """Review of check: `std::atomic<long> cnt; ... cnt++;` under `parallel for` was blocked with S2P701
    (read before written); each update is one atomic read-modify-write. A plain long still is a race."""
    code = ("#include <atomic>\nlong f() {\n    std::atomic<long> cnt{0};\n#pragma omp parallel for\n"
            "    for (int i = 0; i < 100000; i++) if (i % 3 == 0) cnt++;\n    return cnt.load();\n}\n")
    assert _codes(code, "atomic.cpp") == []
    plain = code.replace("std::atomic<long> cnt{0};", "long cnt = 0;").replace("cnt.load()", "cnt")
    assert _codes(plain, "plain.cpp") != []  # the missing reduction (S2P703)


@pytest.mark.parametrize("body, expected", [
    ("double &r = s; r += a[i];", ["S2P701"]),  # every iteration's r is the one shared s
    # a[0] accumulates while the loop reads the other elements (the analysis follows the reference since
    # 2026-12-08): the missing reduction, whose advice must not be `reduction(+:a)`
    ("double &r = a[0]; r += a[i];", ["S2P703"]),
    ("double &r = a[i]; r = 2.0 * r;", []),  # bound to the iteration's own element
    ("double &r = b[i]; r = a[i] + 1.0;", []),
])
def test_a_reference_bound_in_the_loop_body_is_judged_by_what_it_is_bound_to(body: str,
                                                                             expected: list[str]) -> None:
    """Review of check: `double &r = s; r += a[i];` under `parallel for` passed: the analysis reports the
    reference as a possible overlap (S2P501), which a pragma asserts away for pointer parameters, and the
    binding written in the loop went with them."""
    code = ("double a[1000], b[1000];\ndouble f() {\n    double s = 0;\n#pragma omp parallel for\n"
            f"    for (int i = 1; i < 1000; i++) {{\n        {body}\n    }}\n    return s;\n}}\n")
    assert _codes(code, "ref.cpp") == expected
    if expected == ["S2P703"]:
        [hazard] = [f for f, _ in check_findings(analyze_for_check(code, "ref.cpp"), CheckConfig())]
        assert "reduction(+:a)" not in hazard.message and "accumulate `a[0]` into a local" in hazard.message
    reduced = code.replace("parallel for", "parallel for reduction(+:s)")
    assert _codes(reduced, "ref.cpp") == [c for c in expected if "a[0]" in body]


def test_pragma_operators_are_read_as_the_pragmas_they_stand_for() -> None:
    """Review of check: `_Pragma("omp parallel for")` (C99's pragma operator, on its own line or as the value
    of a macro such as `PFOR`) was never seen, so the races under it passed."""
    code = ('#define N 100000\n#define PFOR _Pragma("omp parallel for")\ndouble a[N], b[N];\nvoid f(void) {\n'
            '    _Pragma("omp parallel for")\n    for (int i = 1; i < N; i++) a[i] = a[i - 1] + 1.0;\n'
            '    PFOR\n    for (int i = 1; i < N; i++) b[i] = b[i - 1] * 2.0;\n'
            '    _Pragma("omp parallel for") for (int i = 0; i < N - 1; i++) a[i] = b[i];\n}\n')
    found = [f for f, _ in check_findings(analyze_for_check(code, "op.c"), CheckConfig())]
    # a pragma operator inside a line is not read: its loop is reported as not checked (a warning, and none
    # of the findings that would judge it without its pragma); the function around it is still read
    assert sorted((f.code, f.line) for f in found if f.code in HAZARDS) == [("S2P701", 6), ("S2P701", 8),
                                                                              ("S2P706", 9)]
    assert not [f for f in found if f.code in ("S2P100", "S2P101", "S2P801")]
    critical = code.replace('    _Pragma("omp parallel for") for (int i = 0; i < N - 1; i++) a[i] = b[i];\n',
                            '#pragma omp parallel for\n    for (int i = 0; i < N; i++) {\n'
                            '        _Pragma("omp critical") a[0] += b[i];\n    }\n')
    found = [f for f, _ in check_findings(analyze_for_check(critical, "op.c"), CheckConfig())]
    assert sorted((f.code, f.line) for f in found if f.code in HAZARDS) == [("S2P701", 6), ("S2P701", 8),
                                                                              ("S2P706", 11)], found


@pytest.mark.parametrize("region, update, racy", [
    ("int tid = omp_get_thread_num();", "partial[tid] += a[i];", False),
    ("", "partial[omp_get_thread_num()] += a[i];", False),
    ("int tid = omp_get_thread_num(); tid = 0;", "partial[tid] += a[i];", True),  # every thread's 0
    # both in the loop: thread t's partial[tid + 1] is thread t + 1's partial[tid] (braced: unbraced, the second
    # update follows the loop's barrier, and each thread's slots t + 1 then t are its own, no race)
    ("int tid = omp_get_thread_num();", "{ partial[tid + 1] += a[i]; partial[tid] += 1.0; }", True),
    ("int tid = omp_get_thread_num();", "partial[tid + 1] += a[i]; partial[tid] += 1.0;", False),
    ("int tid = omp_get_thread_num();", "partial[tid * 8] += a[i];", False),  # padded slots
    ("int tid = omp_get_thread_num();", "partial[0] += a[i];", True),
])
def test_an_element_per_thread_is_not_shared(region: str, update: str, racy: bool) -> None:
    """Review of check: `partial[omp_get_thread_num()] += a[i]` (each thread its own element, the textbook
    way to sum per thread) was an error (S2P703, and S2P706 for the runtime call)."""
    code = ("#include <omp.h>\n#define N 100000\ndouble a[N], partial[64];\nvoid f(void) {\n"
            f"#pragma omp parallel\n    {{\n        {region}\n#pragma omp for\n"
            f"        for (int i = 0; i < N; i++) {update}\n    }}\n}}\n")
    assert bool(_codes(code)) == racy, _codes(code)


@pytest.mark.parametrize("body, racy", [
    ("std::lock_guard<std::mutex> g(m); total += a[i];", False),
    ("if (a[i] > 0.5) { const std::scoped_lock lock(m); hits.push_back(i); }", False),
    ("std::unique_lock<std::mutex> lk(m); total += a[i];", False),
    ("m.lock(); total += a[i]; m.unlock();", False),
    ("total += a[i]; std::lock_guard<std::mutex> g(m);", True),  # the update comes before the lock
    ("std::mutex mine; std::lock_guard<std::mutex> g(mine); total += a[i];", True),  # one per iteration
    ("{ std::lock_guard<std::mutex> g(m); } total += a[i];", True),  # released before the update
    ("std::unique_lock<std::mutex> lk(m); lk.unlock(); total += a[i];", True),
    ("m.lock(); m.unlock(); total += a[i];", True),
    # (a review of the lock rule) a lock that never locks, or two locks for one variable
    ("std::unique_lock<std::mutex> lk(m, std::defer_lock); total += a[i];", True),
    ("if (a[i] > 0.5) { std::lock_guard<std::mutex> g(m); total += a[i]; } "
     "else { std::lock_guard<std::mutex> g(m2); total -= a[i]; }", True),
])
def test_updates_under_a_cpp_lock_are_protected(body: str, racy: bool) -> None:
    """Review of check: updates under `std::lock_guard` (or `scoped_lock`, `unique_lock`, `m.lock()` ...
    `m.unlock()`) were errors, as if unprotected; only OpenMP's own locks were known."""
    code = ("#include <mutex>\n#include <vector>\nstd::vector<double> a(100000);\nstd::vector<int> hits;\n"
            "double total;\nstd::mutex m, m2;\nvoid f() {\n#pragma omp parallel for\n"
            "    for (int i = 0; i < 100000; i++) {\n        " + body.replace("; ", ";\n        ") + "\n    }\n}\n")
    assert bool(_codes(code, "lock.cpp")) == racy, _codes(code, "lock.cpp")  # (protection is by lines)


@pytest.mark.parametrize("body, racy", [
    ("a[i] = a[i + 1] * 0.5;", False),  # each lane loads before the chunk stores
    ("t = a[i + 2]; a[i] = t + b[i];", False),
    ("a[i] = b[i]; c[i] = a[i + 1];", True),  # the store comes first: a lane would read the new a[i + 1]
    ("b[i] = a[i + 1]; a[i] = 1.0; c[i] = a[i + 2];", True),  # one read after the store
])
def test_simd_over_a_forward_anti_dependence(body: str, racy: bool) -> None:
    """Review of check: `#pragma omp simd` over `a[i] = a[i + 1]` was an error; SIMD lanes load a chunk's
    elements before they store, so a read that comes before the store in the body keeps its value."""
    code = _c(f"#pragma omp simd\n    for (i = 0; i < N - 2; i++) {{ {body} }}")
    assert bool(_codes(code)) == racy, _codes(code)


@pytest.mark.parametrize("code, racy", [
    # each thread locks a mutex of its own: no exclusion
    ("#pragma omp parallel\n    {\n        std::mutex m;\n#pragma omp for\n"
     "        for (int i = 0; i < 100000; i++) {\n            std::lock_guard<std::mutex> g(m);\n"
     "            total += a[i];\n        }\n    }", True),
    ("#pragma omp parallel for private(m)\n    for (int i = 0; i < 100000; i++) {\n"
     "        std::lock_guard<std::mutex> g(m);\n        total += a[i];\n    }", True),
    ("#pragma omp parallel\n    {\n#pragma omp for\n"
     "        for (int i = 0; i < 100000; i++) {\n            std::lock_guard<std::mutex> g(m);\n"
     "            total += a[i];\n        }\n    }", False),
])
def test_a_lock_protects_only_when_the_threads_share_it(code: str, racy: bool) -> None:
    """Review of the lock rule: a mutex declared in the parallel region or listed private is each thread's
    own, and protects nothing."""
    source = ("#include <mutex>\n#include <vector>\nstd::vector<double> a(100000);\ndouble total;\n"
              f"std::mutex m;\nvoid f() {{\n    {code}\n}}\n")
    assert bool(_codes(source, "lock.cpp")) == racy, _codes(source, "lock.cpp")


@pytest.mark.parametrize("pragmas, racy", [
    (("#pragma omp parallel for", "#pragma omp parallel for"), True),  # nested teams number from 0 each
    (("#pragma omp teams distribute", "#pragma omp parallel for"), True),  # each team has a thread 0
    (("", "#pragma omp parallel for"), False),
])
def test_thread_ids_that_repeat_do_not_make_elements_private(pragmas: tuple[str, str], racy: bool) -> None:
    """Review of the per-thread element rule: `partial[omp_get_thread_num()]` under a parallel loop nested in
    another (1968963 for 2000000 at 2 threads) or under `teams` was accepted."""
    outer, inner = pragmas
    code = ("#include <omp.h>\n#define N 1000\ndouble a[N][N], partial[64];\nvoid f(void) {\n"
            f"{outer}\n    for (int j = 0; j < N; j++) {{\n{inner}\n"
            "        for (int i = 0; i < N; i++) partial[omp_get_thread_num()] += a[j][i];\n    }\n}\n")
    assert bool(_codes(code)) == racy, _codes(code)


@pytest.mark.parametrize("body, expected", [
    ("double &r = st.sum; r += a[i];", ["S2P701"]),  # a member of one struct
    ("double &r = *out; r += a[i];", ["S2P701"]),  # what one pointer points to
    ("double &r = acc[i % 4]; r += a[i];", ["S2P706"]),  # not proven one, not asserted either
    ("const double &r = s; b[i] = a[i] * r;", []),  # reads only
])
def test_references_bound_to_other_shared_objects(body: str, expected: list[str]) -> None:
    """Review of the reference rule: a reference bound to a struct member, to `*out` or to `acc[i % 4]`
    passed (the first printed 5004346 for 10000000 at 2 threads); a `const` reference that only reads was
    an error."""
    code = ("struct S { double sum; } st;\ndouble a[1000], b[1000], acc[4], s;\ndouble *out = &s;\n"
            f"void f() {{\n#pragma omp parallel for\n    for (int i = 0; i < 1000; i++) {{\n        {body}\n"
            "    }\n}\n")
    assert _codes(code, "ref.cpp") == expected


@pytest.mark.parametrize("name, code, racy", [
    # an atomic write of a flag any iteration may raise
    ("flag.c", "int flag;\nvoid f(void) {\n#pragma omp parallel for\n    for (int i = 0; i < 100000; i++)\n"
     "        if (i == 500) {\n#pragma omp atomic write\n            flag = 1;\n        }\n}\n", False),
    # an inclusive scan
    ("scan.c", "int a[10000], b[10000];\nint f(void) {\n    int x = 0;\n"
     "#pragma omp parallel for reduction(inscan, +:x)\n    for (int i = 0; i < 10000; i++) {\n"
     "        x += a[i];\n#pragma omp scan inclusive(x)\n        b[i] = x;\n    }\n    return x;\n}\n", False),
    # a reference to the iteration's own struct element
    ("own.cpp", "struct P { double x, v; };\nP ps[100000];\nvoid f() {\n#pragma omp parallel for\n"
     "    for (int i = 0; i < 100000; i++) {\n        P &p = ps[i];\n        p.x += p.v * 0.5;\n"
     "        p.v *= 0.5;\n    }\n}\n", False),
    # two mutexes, each guarding a variable of its own
    ("two.cpp", "#include <mutex>\nstd::mutex m1, m2;\ndouble a, b, v[100000];\nvoid f() {\n"
     "#pragma omp parallel for\n    for (int i = 0; i < 100000; i++) {\n        {\n"
     "            std::lock_guard<std::mutex> g(m1);\n            a += v[i];\n        }\n        {\n"
     "            std::lock_guard<std::mutex> g(m2);\n            b += v[i] * 2.0;\n        }\n    }\n}\n", False),
    # a pointer declared in the body, set from one scalar's address: every iteration updates the one sum
    ("ptr.c", "long sum;\nvoid f(void) {\n#pragma omp parallel for\n"
     "    for (int i = 0; i < 2000000; i++) { long *p = &sum; *p += 1; }\n}\n", True),
])
def test_idioms_of_a_review_of_check(name: str, code: str, racy: bool) -> None:
    """A review of check ran 116 correct OpenMP programs and 81 racy ones at 1-4 threads. Errors on correct
    code: an `atomic write` of a flag (S2P702), `reduction(inscan, ...)` with `omp scan` (S2P701),
    `P &p = ps[i]` updating its members (S2P701), two mutexes each guarding its own variable (S2P703).
    Passed with a warning: `long *p = &sum; *p += 1;` in the body (1500000 for 2000000 at 3 threads)."""
    codes = _codes(code, name)
    assert (codes != [] and "S2P706" not in codes) if racy else codes == [], codes


@pytest.mark.parametrize("callee, expected", [
    ("static long add(long v) { g_total += v; return g_total; }", ["S2P701"]),
    ("static long add(long v) { static long calls = 0; calls++; return calls + v; }", ["S2P701"]),
    ("static long add(long v) {\n    long t;\n#pragma omp atomic capture\n    t = g_total += v;\n    return t;\n}",
     ["S2P706"]),  # guarded in the callee: not proven either way, a warning
])
def test_a_called_function_storing_to_a_global_without_a_guard_is_a_race(callee: str,
                                                                         expected: list[str]) -> None:
    """Review of check: a callee doing `g_total += v` (or counting in its own `static` local) was only a
    warning (1144158 for 2000000 at 2 threads); with nothing in its body that could guard the store, every
    thread updates the one variable."""
    code = (f"long g_total;\n{callee}\nlong f(void) {{\n    long s = 0;\n#pragma omp parallel for reduction(+:s)\n"
            "    for (int i = 0; i < 2000000; i++) { s += i; add(1); }\n    return s;\n}\n")
    assert _codes(code) == expected


@pytest.mark.parametrize("callee, racy", [
    ("#pragma omp for\n    for (int i = 0; i < n; i++) dst[i] = f * src[i];", False),
    ("for (int i = 0; i < n; i++) dst[i] = f * src[i];", True),  # every thread runs every iteration
    ("#pragma omp for\n    for (int i = 0; i < n; i++) dst[i] = f * src[i];\n    dst[0] = 0.0;", True),
    ("#pragma omp for\n    for (int i = 1; i < n; i++) dst[i] = dst[i - 1] * f;", True),  # the loop's own
])
def test_an_orphaned_worksharing_loop_in_a_callee_shares_its_stores(callee: str, racy: bool) -> None:
    """Review of check: `scale(b, a, N, 2.0)` called in a parallel region, its loop under an orphaned
    `#pragma omp for`, was an error (S2P707: every thread writes b); the callee's threads share the
    iterations out. A store outside that loop, or a callee without it, is still a race."""
    code = ("#define N 100000\ndouble a[N], b[N];\n"
            f"static void scale(double *dst, const double *src, int n, double f) {{\n    {callee}\n}}\n"
            "void f(void) {\n#pragma omp parallel\n    {\n        scale(b, a, N, 2.0);\n    }\n}\n")
    codes = [f.code for f, _ in check_findings(analyze_for_check(code, "orphan.c"), CheckConfig())
             if f.code in HAZARDS | {"S2P707", "S2P708"}]
    assert bool(codes) == racy, codes


@pytest.mark.parametrize("outer, racy", [("#pragma omp parallel num_threads(2)", True), ("", False)])
def test_thread_numbers_in_a_nested_region_repeat(outer: str, racy: bool) -> None:
    """Review of check: `partial[omp_get_thread_num()] += 1` in a parallel region nested in another passed;
    each inner team numbers its threads from 0 (3000000 for 4000000)."""
    code = ("#include <omp.h>\nlong partial[64];\nvoid f(void) {\n"
            f"{outer}\n    {{\n#pragma omp parallel num_threads(2)\n    {{\n"
            "        for (int i = 0; i < 1000000; i++) partial[omp_get_thread_num()] += 1;\n    }\n    }\n}\n")
    codes = [f.code for f, _ in check_findings(analyze_for_check(code, "nested.c"), CheckConfig())
             if f.code in HAZARDS | {"S2P707", "S2P708"}]
    assert bool(codes) == racy, codes
