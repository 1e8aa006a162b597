"""`seq2par check` beyond single loops (issue 16): races between threads, sections, tasks and target
regions are found; correct OpenMP shapes that used to raise false alarms stay quiet.

Each program is a small complete function; tests assert on hazard codes only.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from seq2par.cli.check_cmd import check_findings
from seq2par.cli.check_config import CheckConfig
from seq2par.cli.hazards import analyze_for_check

ROOT = Path(__file__).resolve().parents[2]
SEQ2PAR = str(Path(sys.executable).with_name("seq2par"))
FAILING = {"S2P701", "S2P702", "S2P703", "S2P704", "S2P705", "S2P707", "S2P708"}


def _codes(code: str, path: str = "snippet.c") -> list[str]:
    checked = analyze_for_check(code, path)
    return sorted({f.code for f, level in check_findings(checked, CheckConfig()) if f.code in FAILING})


# (name, program, expected failing codes)
RACES = [
    ("static local in a parallel region is shared", """
void visits(int *out) {
#pragma omp parallel
    {
        static int count = 0;
        count++;
        out[0] = count;
    }
}""", ["S2P707"]),
    ("static local in a parallel loop body", """
void sq(double *a, double *b, int n) {
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        static double tmp;
        tmp = a[i] * a[i];
        b[i] = tmp;
    }
}""", ["S2P701", "S2P707"]),
    ("a = b in a time loop without the swap", """
void jac(double *a, double *b, int n, int steps) {
    for (int t = 0; t < steps; t++) {
#pragma omp parallel for
        for (int i = 1; i < n - 1; i++)
            b[i] = a[i - 1] + a[i + 1];
        a = b;
    }
}""", ["S2P701"]),
    ("subscript leaves its row at j = 0", """
#define N 64
double g[N][N];
void left(void) {
#pragma omp parallel for
    for (int i = 0; i < N; i++)
        for (int j = 0; j < N; j++)
            g[i][j] = g[i][j - 1] + 1.0;
}""", ["S2P701"]),
    ("pragma between a for header and its unbraced body", """
double s2(double (*m)[8], int rows) {
    double s = 0.0;
    for (int r = 0; r < rows; r++)
#pragma omp parallel for
        for (int c = 0; c < 8; c++)
            s += m[r][c];
    return s;
}""", ["S2P703"]),
    ("two sections write one variable", """
int both(void) {
    int done = 0;
#pragma omp parallel sections
    {
#pragma omp section
        done += 1;
#pragma omp section
        done += 2;
    }
    return done;
}""", ["S2P707"]),
    ("sections with overlapping ranges", """
#define N 100
int v[N];
void halves(void) {
#pragma omp parallel sections
    {
#pragma omp section
        for (int i = 0; i <= N / 2; i++) v[i] = 1;
#pragma omp section
        for (int i = N / 2; i < N; i++) v[i] = 2;
    }
}""", ["S2P707"]),
    ("task result read without taskwait", """
int f(int n);
int g(int n) {
    int x;
#pragma omp task shared(x)
    x = f(n - 1);
    return x;
}""", ["S2P708"]),
    ("sibling tasks without depend", """
#define N 64
double a[N], b[N];
void st(void) {
#pragma omp parallel
#pragma omp single
    {
#pragma omp task depend(out: a)
        for (int i = 0; i < N; i++) a[i] = i;
#pragma omp task
        for (int i = 0; i < N; i++) b[i] = a[i];
    }
}""", ["S2P708"]),
    ("tasks in a loop update one shared counter", """
int count_pos(const int *v, int n) {
    int count = 0;
#pragma omp parallel
#pragma omp single
    for (int i = 0; i < n; i++) {
#pragma omp task
        if (v[i] > 0) count++;
    }
    return count;
}""", ["S2P708"]),
    ("the creator's shared loop index read by tasks", """
void use(int);
void walk(int n) {
    int i;
#pragma omp parallel
#pragma omp single
    for (i = 0; i < n; i++) {
#pragma omp task
        use(i);
    }
}""", ["S2P708"]),
    ("taskloop nogroup then a read", """
#define N 100
int v[N];
int tl(void) {
    int r = 0;
#pragma omp parallel
#pragma omp single
    {
#pragma omp taskloop nogroup
        for (int i = 0; i < N; i++) v[i] = i;
        r = v[N - 1];
    }
    return r;
}""", ["S2P708"]),
    ("unprotected read of a critical-protected maximum", """
double mx(const double *a, int n) {
    double best = -1e300;
#pragma omp parallel for
    for (int i = 0; i < n; i++)
        if (a[i] > best) {
#pragma omp critical
            best = a[i];
        }
    return best;
}""", ["S2P701", "S2P707"]),
    ("two critical names for one variable", """
double total;
void add(const double *a, const double *b, int n) {
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
#pragma omp critical(one)
        total += a[i];
#pragma omp critical(two)
        total += b[i];
    }
}""", ["S2P707"]),
    ("nowait before a loop that reads the neighbour", """
#define N 100
double a[N], b[N], c[N];
void nw(void) {
#pragma omp parallel
    {
#pragma omp for nowait
        for (int i = 0; i < N; i++) a[i] = b[i];
#pragma omp for
        for (int i = 1; i < N; i++) c[i] = a[i - 1];
    }
}""", ["S2P707"]),
    ("nowait at the end of a time-loop body", """
#define N 100
double u[N], w[N];
void heat(int steps) {
#pragma omp parallel
    for (int t = 0; t < steps; t++) {
#pragma omp for
        for (int i = 1; i < N - 1; i++) w[i] = u[i - 1] + u[i + 1];
#pragma omp for nowait
        for (int i = 1; i < N - 1; i++) u[i] = w[i];
    }
}""", ["S2P707"]),
    ("neighbour's slot read without a barrier", """
#include <omp.h>
double part[64], left[64];
void ex(void) {
#pragma omp parallel
    {
        int me = omp_get_thread_num(), n = omp_get_num_threads();
        part[me] = me;
        left[me] = part[(me + n - 1) % n];
    }
}""", ["S2P707"]),
    ("master writes, everyone reads, no barrier", """
double dt;
double st(const double *v) {
    double out = 0;
#pragma omp parallel reduction(+:out)
    {
#pragma omp master
        dt = v[0];
        out += dt;
    }
    return out;
}""", ["S2P707"]),
    ("every thread writes one scalar", """
#include <omp.h>
int nthreads;
void cnt(void) {
#pragma omp parallel
    nthreads = omp_get_num_threads();
}""", ["S2P707"]),
    ("simd loop with a carried flow dependence", """
void sf(float *a, const float *b, int n) {
#pragma omp simd
    for (int i = 0; i < n; i++)
        a[i + 1] = a[i] + b[i];
}""", ["S2P701"]),
    ("simd safelen longer than the dependence distance", """
void sd(int *v, int n) {
#pragma omp simd safelen(8)
    for (int i = 4; i < n; i++)
        v[i] = v[i - 4] * 3;
}""", ["S2P701"]),
    ("target nowait result read on the host", """
#define N 64
float v[N];
float tn(void) {
#pragma omp target map(tofrom: v) nowait
    for (int i = 0; i < N; i++) v[i] = i;
    return v[10];
}""", ["S2P708"]),
    ("target teams without distribute: every team writes", """
int tt(const int *f, int n) {
    int total = 0;
#pragma omp target teams map(to: f[0:n]) map(tofrom: total)
    {
        for (int i = 0; i < n; i++) if (f[i]) total++;
    }
    return total;
}""", ["S2P707"]),
    ("last value used after the loop, shared", """
double lv(const double *v, int n) {
    double last = 0.0;
    int i;
#pragma omp parallel for
    for (i = 0; i < n; i++)
        last = v[i] * 2;
    return last;
}""", ["S2P702"]),
    # critical and atomic serialize the updates, not their order: a[i + 1] still needs a[i] first (both were
    # silent: anything under critical or atomic was taken as protected)
    ("a carried dependence in a critical section", """
#define N 1000
double a[N + 1];
void chain(void) {
#pragma omp parallel for
    for (int i = 0; i < N; i++) {
#pragma omp critical
        a[i + 1] = a[i] + 1;
    }
}""", ["S2P701"]),
    # the region walk looked at a call's arguments only, never at what the function does
    ("a callee incrementing a global in every thread", """
long g;
static void bump(void) { g++; }
void count(int n) {
#pragma omp parallel
    {
        for (int i = 0; i < n; i++) bump();
    }
}""", ["S2P707"]),
    ("a callee adding through the pointer every thread hands it", """
static void add(long *p, long v) { *p += v; }
long total(int n) {
    long sum = 0;
#pragma omp parallel
    {
        for (int i = 0; i < n; i++) add(&sum, 1);
    }
    return sum;
}""", ["S2P707"]),
    ("a private copy read before the iteration writes it", """
double a[1000];
void ramp(void) {
    double x = 5.0;
#pragma omp parallel for private(x)
    for (int i = 0; i < 1000; i++) {
        x = x + 1.0;
        a[i] = x;
    }
}""", ["S2P701"]),
    ("a carried dependence under atomic write", """
#define N 1000
double a[N + 1];
void chain(void) {
#pragma omp parallel for
    for (int i = 0; i < N; i++) {
#pragma omp atomic write
        a[i + 1] = a[i] + 1;
    }
}""", ["S2P701"]),
]

QUIET = [
    ("a user-declared reduction of a struct, updated member by member", """
typedef struct { double sx, sy; } acc_t;
#pragma omp declare reduction(accadd : acc_t : omp_out.sx += omp_in.sx, omp_out.sy += omp_in.sy) \\
    initializer(omp_priv = {0, 0})
double sums(const double *x, const double *y, int n) {
    acc_t acc = {0, 0};
#pragma omp parallel for reduction(accadd : acc)
    for (int i = 0; i < n; i++) { acc.sx += x[i]; acc.sy += y[i]; }
    return acc.sx + acc.sy;
}"""),
    ("a user-declared argmax over a struct", """
typedef struct { double v; int i; } pair;
#pragma omp declare reduction(pmax : pair : omp_out = omp_in.v > omp_out.v ? omp_in : omp_out) \\
    initializer(omp_priv = omp_orig)
int argmax(const double *a, int n) {
    pair best = {-1.0, -1};
#pragma omp parallel for reduction(pmax : best)
    for (int i = 0; i < n; i++) { if (a[i] > best.v) { best.v = a[i]; best.i = i; } }
    return best.i;
}"""),
    ("private temporary read after the loop", """
double nz(float *x, int n) {
    float len = 1.0f;
#pragma omp parallel for private(len)
    for (int i = 0; i < n; i++) { len = x[i] * 2.0f; x[i] = len; }
    return len;
}"""),
    ("private struct temporary", """
struct V { double x, y; };
void cp(const struct V *a, struct V *o, int n) {
    struct V t;
#pragma omp parallel for private(t)
    for (int i = 0; i < n; i++) { t.x = a[i].y; t.y = a[i].x; o[i] = t; }
    o[0] = t;
}"""),
    ("firstprivate variable updated in the body", """
void off(double *v, int n, double base) {
    double o = base;
#pragma omp parallel for firstprivate(o)
    for (int i = 0; i < n; i++) { o = o + 0.0; v[i] += o; }
}"""),
    ("tiles bounded by min()", """
#define N 256
#define T 32
static int imin(int a, int b) { return a < b ? a : b; }
void tr(double A[N][N], double B[N][N]) {
    int ii, jj, i, j;
#pragma omp parallel for private(jj, i, j)
    for (ii = 0; ii < N; ii += T)
        for (jj = 0; jj < N; jj += T)
            for (i = ii; i < imin(ii + T, N); i++)
                for (j = jj; j < imin(jj + T, N); j++)
                    B[j][i] = A[i][j];
}"""),
    ("threadprivate scratch array", """
#define W 64
static double scratch[W];
#pragma omp threadprivate(scratch)
void sm(int rows, double (*img)[W]) {
    int r, c;
#pragma omp parallel for private(c)
    for (r = 0; r < rows; r++) {
        for (c = 0; c < W; c++) scratch[c] = img[r][c];
        for (c = 1; c < W - 1; c++) img[r][c] = scratch[c - 1] + scratch[c + 1];
    }
}"""),
    ("write guarded by thread number 0", """
#include <omp.h>
int nth(void) {
    int n = 0;
#pragma omp parallel
    {
        int tid = omp_get_thread_num();
        if (tid == 0) n = omp_get_num_threads();
    }
    return n;
}"""),
    ("ordered(2) doacross: inner index is private", """
#define N 64
double a[N][N];
void wf(void) {
    int i, j;
#pragma omp parallel for ordered(2)
    for (i = 1; i < N; i++)
        for (j = 1; j < N; j++) {
#pragma omp ordered depend(sink: i - 1, j) depend(sink: i, j - 1)
            a[i][j] = a[i - 1][j] + a[i][j - 1];
#pragma omp ordered depend(source)
        }
}"""),
    ("a callee that only reads globals, and one called under critical", """
long g, h;
static long peek(void) { return g; }
static void bump(void) { h++; }
void look(long *out, int n) {
#pragma omp parallel
    {
        long mine = peek();
#pragma omp critical
        {
            bump();
            out[0] += mine;
        }
    }
}"""),
    ("updates under omp_set_lock", """
#include <omp.h>
double ls(const double *a, int n) {
    double total = 0.0;
    omp_lock_t lk;
    omp_init_lock(&lk);
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        omp_set_lock(&lk);
        total += a[i];
        omp_unset_lock(&lk);
    }
    return total;
}"""),
    ("inner for redeclares the index", """
void wt(const double *w, const double *x, double *out, int n) {
#pragma omp parallel for
    for (int i = 0; i < n; i++) {
        double acc = 0.0;
        for (int i = 0; i < 8; i++) acc += w[i];
        out[i] = acc * x[i];
    }
}"""),
    ("u[1 - p] against u[p][i +- 1]", """
#define N 1000
double u[2][N];
void ht(int steps) {
    for (int t = 0; t < steps; t++) {
        int p = t % 2;
#pragma omp parallel for
        for (int i = 1; i < N - 1; i++)
            u[1 - p][i] = u[p][i - 1] + u[p][i + 1];
    }
}"""),
    ("two disjoint constant index tables", """
double flux[8];
static const int lo[4] = {0, 2, 4, 6};
static const int hi[4] = {1, 3, 5, 7};
void ed(const double *f) {
#pragma omp parallel for
    for (int e = 0; e < 4; e++) { flux[lo[e]] += f[e]; flux[hi[e]] -= f[e]; }
}"""),
    ("sections over disjoint halves", """
#define N 100
int v[N];
void hv(void) {
#pragma omp parallel sections
    {
#pragma omp section
        for (int i = 0; i < N / 2; i++) v[i] = 1;
#pragma omp section
        for (int i = N / 2; i < N; i++) v[i] = 2;
    }
}"""),
    ("tasks with taskwait, depend chains and firstprivate blocks", """
int f(int n);
int g(int n) {
    int x, y;
#pragma omp task shared(x)
    x = f(n - 1);
#pragma omp task shared(y)
    y = f(n - 2);
#pragma omp taskwait
    return x + y;
}
void blocks(double *v, int n) {
#pragma omp parallel
#pragma omp single
    for (int b = 0; b < n; b += 64) {
#pragma omp task firstprivate(b)
        for (int i = b; i < b + 64 && i < n; i++) v[i] *= 2.0;
    }
}"""),
    ("task reduction", """
double ts(const double *v, int n) {
    double sum = 0.0;
#pragma omp parallel
#pragma omp single
    {
#pragma omp taskgroup task_reduction(+:sum)
        for (int i = 0; i < n; i += 10) {
#pragma omp task in_reduction(+:sum)
            for (int k = i; k < i + 10 && k < n; k++) sum += v[k];
        }
    }
    return sum;
}"""),
    ("nowait between static loops over the same index", """
#define N 100
float x[N], y[N];
void si(void) {
#pragma omp parallel
    {
#pragma omp for schedule(static) nowait
        for (int i = 0; i < N; i++) x[i] = i;
#pragma omp for schedule(static)
        for (int i = 0; i < N; i++) y[i] = x[i];
    }
}"""),
    ("own slot, barrier, then thread 0 sums", """
#include <omp.h>
double ps[16];
double r16(const double *v, int n) {
    double total = 0.0;
#pragma omp parallel num_threads(16)
    {
        int t = omp_get_thread_num();
        double s = 0.0;
        for (int i = t; i < n; i += 16) s += v[i];
        ps[t] = s;
#pragma omp barrier
        if (t == 0)
            for (int k = 0; k < 16; k++) total += ps[k];
    }
    return total;
}"""),
    ("simd with a dependence longer than safelen", """
void ok(int *v, int n) {
#pragma omp simd safelen(4)
    for (int i = 8; i < n; i++)
        v[i] = v[i - 8] * 3;
}"""),
    ("target nowait with taskwait before the host read", """
#define N 64
float w[N];
float tw(void) {
#pragma omp target map(tofrom: w) nowait
    for (int i = 0; i < N; i++) w[i] = i;
#pragma omp taskwait
    return w[10];
}"""),
]


@pytest.mark.parametrize(("name", "program", "expected"), RACES, ids=[r[0] for r in RACES])
def test_race_is_found(name: str, program: str, expected: list[str]) -> None:
    assert _codes(program) == expected


@pytest.mark.parametrize(("name", "program"), QUIET, ids=[r[0] for r in QUIET])
def test_correct_openmp_raises_no_hazard(name: str, program: str) -> None:
    assert _codes(program) == []


def test_compiler_flags_after_double_dash(tmp_path: Path) -> None:
    racy = tmp_path / "racy.c"
    racy.write_text(RACES[0][1])
    fine = tmp_path / "fine.c"
    fine.write_text(QUIET[0][1])
    (tmp_path / "inc").mkdir()
    done = subprocess.run([SEQ2PAR, "check", "--format", "json", str(racy), str(fine), "--", "-fopenmp", "-I",
                           str(tmp_path / "inc"), "-D", "X=1"], capture_output=True, text=True)
    assert done.returncode == 1, done.stderr
    result = json.loads(done.stdout)
    assert sorted(result["files"]) == sorted([str(racy), str(fine)])
    assert {f["code"] for f in result["findings"] if f["path"] == str(racy)} == {"S2P707"}
    assert not [f for f in result["findings"] if f["path"] == str(fine) and f["severity"] == "error"]
    alone = subprocess.run([SEQ2PAR, "check", str(fine), "--", "-fopenmp"], capture_output=True, text=True)
    assert alone.returncode == 0, alone.stdout + alone.stderr


def test_corpus_headers_cover_every_category() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from check_corpus import read_corpus

    programs = read_corpus(ROOT / "bench" / "check_corpus")
    categories = {p.category for p in programs}
    assert len(programs) >= 150
    racy = sum(p.label == "racy" for p in programs)
    assert 0.4 <= racy / len(programs) <= 0.6
    assert {"sections", "task", "taskloop", "critical-atomic", "nowait", "barrier", "simd", "target", "loop",
            "static-local", "alias-assign", "row-overflow", "pragma-unbraced"} <= categories



SCRATCH_ROW = """
double A[100][40][50], C[50][50];
void contract(void) {
    double row[50];
    int r, q, p, s;
#pragma omp parallel for private(q, p, s)
    for (r = 0; r < 100; r++)
        for (q = 0; q < 40; q++) {
            for (p = 0; p < 50; p++) {
                row[p] = 0.0;
                for (s = 0; s < 50; s++)
                    row[p] += A[r][q][s] * C[s][p];
            }
            for (p = 0; p < 50; p++)
                A[r][q][p] = row[p];
        }
}"""


def test_a_scratch_array_shared_by_the_threads_is_a_race_and_private_is_the_fix() -> None:
    """The analysis privatizes `row` (each iteration stores every element it reads, nothing reads it after
    the loop); left shared, every thread writes it: S2P702. `private(row)` gives each thread a copy."""
    assert _codes(SCRATCH_ROW) == ["S2P702"]
    assert _codes(SCRATCH_ROW.replace("private(q, p, s)", "private(q, p, s, row)")) == []


BLOCKS = """
void transposed(int n, int m, double A[m][n], double x[n], double y[m]) {
    int i, j;
#pragma omp parallel private(j, i)
    {
        long s2p_lo, s2p_hi;
        s2p_thread_block((long)(0), (long)(n), &s2p_lo, &s2p_hi);
        for (j = 0; j < m; j++)
            for (i = s2p_lo; i < s2p_hi; i++)
                x[i] = x[i] + A[j][i] * y[j];
    }
}
"""


def test_the_blocks_of_seq2pars_thread_helper_are_the_threads_own() -> None:
    """seq2par's OpenMP target runs a swapped nest over each thread's block (`s2p_thread_block`, written
    into the file by the generator): `check` takes the loop over that block as a worksharing loop, so the
    threads' updates of x[i] are not a race. A helper of the same name that is not seq2par's (here: every
    thread gets the whole range) proves nothing, and the same loop is a race."""
    from seq2par.generators.openmp.generate import THREAD_BLOCK

    assert _codes(THREAD_BLOCK + BLOCKS) == []
    whole = ("static inline void s2p_thread_block(long lo, long hi, long *first, long *last)\n"
             "{\n    *first = lo;\n    *last = hi;\n}\n")
    assert _codes(whole + BLOCKS) == ["S2P707"]
    # the loop must run exactly the block: a bound of its own is not the thread's block
    assert _codes(THREAD_BLOCK + BLOCKS.replace("i < s2p_hi", "i < n")) == ["S2P707"]


def test_a_block_loop_that_declares_its_index_is_the_threads_own_too() -> None:
    """`for (int i = s2p_lo; ...)`, as the OpenMP target writes it for a source whose loop declares its index:
    the declaration's text ends in `;`, and the block was not recognized (a review, 2026-12-07: parallelize
    refused its own mvt program as racy, exit 4, and wrote none of its loops)."""
    from seq2par.generators.openmp.generate import THREAD_BLOCK

    declared = BLOCKS.replace("#pragma omp parallel private(j, i)", "#pragma omp parallel private(j)").replace(
        "for (i = s2p_lo; i < s2p_hi; i++)", "for (int i = s2p_lo; i < s2p_hi; i++)")
    assert "int i = s2p_lo" in declared
    assert _codes(THREAD_BLOCK + declared) == []
    assert _codes(THREAD_BLOCK + declared.replace("i < s2p_hi", "i < n")) == ["S2P707"]


@pytest.mark.parametrize("clause, after", [
    ("private(x)", "return x;"),  # the value after the loop is the one from before it
    ("firstprivate(x)", "return 0.0;"),  # each thread carries from the value before the loop
])
def test_private_values_that_differ_from_the_sequential_loop_are_warned(clause: str, after: str) -> None:
    """`private(x)` or `firstprivate(x)` on a loop that carries `x` or whose last `x` is used after it: no
    race, but the program computes something else than the loop without the pragma (a review's programs
    printed 1000, 500, 250 at 1, 2, 4 threads). Nothing was reported."""
    body = "x = x + 1.0; a[i] = x;" if clause.startswith("first") else "x = 2.0 * i; a[i] = x;"
    program = (f"double a[1000];\ndouble f(void) {{\n    double x = 5.0;\n#pragma omp parallel for {clause}\n"
               f"    for (int i = 0; i < 1000; i++) {{ {body} }}\n    {after}\n}}\n")
    checked = analyze_for_check(program, "p.c")
    levels = {(f.code, level) for f, level in check_findings(checked, CheckConfig())}
    assert ("S2P706", "warning") in levels, levels
    assert not {code for code, _ in levels} & FAILING


ELEMENT_UPDATES = """
#include <vector>
struct P { double x, v; };
void move(std::vector<P> &ps) {
#pragma omp parallel for
    LOOP
}
"""


@pytest.mark.parametrize(("loop", "codes"), [
    ("for (auto &p : ps) p.x += 0.1 * p.v;", []),
    ("for (int i = 0; i < (int)ps.size(); i++) { P &p = ps[i]; p.x += 0.1 * p.v; }", []),
    ("for (int i = 0; i < (int)ps.size(); i++) { P &p = ps[i % 2]; p.x += 0.1 * p.v; }", ["S2P703"]),
])
def test_a_member_of_the_iterations_own_element_is_no_reduction(loop: str, codes: list[str]) -> None:
    """`p.x += ...` through the range-for's reference, or a reference bound to `ps[i]` in the body, updates
    the iteration's own element: it was taken for one variable accumulated by every iteration (S2P703,
    "add reduction(+:p.x)", which does not even compile), blocking commits of correct C++."""
    assert _codes(ELEMENT_UPDATES.replace("LOOP", loop), "snippet.cpp") == codes


def test_a_private_array_not_proven_filled_is_a_warning() -> None:
    """`private(tmp)` gives each thread its own array: its conflicts between iterations are wrong only if an
    iteration reads an element it did not store first, which `k < m` leaves open. That was an error
    (blocking the commit) like a dependence on a shared array."""
    program = """
double a[1000][3], out[1000];
void f(int m) {
    double tmp[3];
#pragma omp parallel for private(tmp)
    for (int i = 0; i < 1000; i++) {
        for (int k = 0; k < m; k++) tmp[k] = a[i][k] * 2;
        out[i] = tmp[0] + tmp[1];
    }
}"""
    levels = {(f.code, level) for f, level in check_findings(analyze_for_check(program, "p.c"), CheckConfig())}
    assert ("S2P706", "warning") in levels and not {code for code, _ in levels} & FAILING, levels
    assert _codes(program.replace("private(tmp)", "")) == ["S2P701"]  # shared: each thread stores into one array


TASKS_THROUGH_POINTERS = """
#include <stdlib.h>
typedef struct node { int v; struct node *next; } node;
double a[1000];
void f(node *head) {
    double *q = &a[0];
#pragma omp parallel
#pragma omp single
    LOOP
}
"""


@pytest.mark.parametrize(("loop", "codes"), [
    # each task gets its own element / list node (the OpenMP spec's own linked-list example): not proven,
    # so a warning, not an error that blocks the commit
    ("for (int i = 0; i < 1000; i++) { double *p = &a[i];\n#pragma omp task firstprivate(p)\n *p = 2.0; }", []),
    ("for (node *p = head; p; p = p->next) {\n#pragma omp task firstprivate(p)\n p->v *= 2; }", []),
    # the same address in every task: a race
    ("for (int i = 0; i < 1000; i++) {\n#pragma omp task firstprivate(q)\n *q += 2.0; }", ["S2P708"]),
])
def test_tasks_writing_through_their_own_pointers(loop: str, codes: list[str]) -> None:
    assert _codes(TASKS_THROUGH_POINTERS.replace("LOOP", loop)) == codes


GROWING = """
#include <vector>
int out[1000];
void f() {
    std::vector<int> w;
#pragma omp parallel for CLAUSE
    for (int i = 0; i < 1000; i++) { BODY }
}
"""


@pytest.mark.parametrize(("clause", "body", "codes"), [
    ("", "w.push_back(i);", ["S2P701"]),  # two threads reallocating one vector: it crashed in 2 of 3 runs
    ("", "std::vector<int> t; t.push_back(i); out[i] = (int)t.size();", []),
    ("private(w)", "w.clear(); w.push_back(i); out[i] = (int)w.size();", []),
    ("", "\n#pragma omp critical\n w.push_back(i);\n", []),
])
def test_growing_a_shared_container_in_a_parallel_loop_is_an_error(clause: str, body: str, codes: list[str]) -> None:
    assert _codes(GROWING.replace("CLAUSE", clause).replace("BODY", body), "snippet.cpp") == codes


def test_the_advice_for_a_member_or_a_pointer_reduction_is_code_that_compiles() -> None:
    """`add reduction(+:st.sum)` (gcc: expected ')' before '.') and `reduction(+:pc[:n])` with no `n` in the
    program were the advice: neither compiles."""
    member = """
struct stats { double sum; } st;
void f(const double *a) {
#pragma omp parallel for
    for (int i = 0; i < 1000; i++) st.sum += a[i];
}"""
    messages = [f.message for f, _ in check_findings(analyze_for_check(member, "m.c"), CheckConfig())
                if f.code == "S2P703"]
    assert messages and "reduction(+:st.sum)" not in messages[0] and "atomic" in messages[0], messages
    pointer = """
int f(void) {
    int count = 0, *pc = &count;
#pragma omp parallel for
    for (int i = 0; i < 1000; i++) *pc += 1;
    return count;
}"""
    messages = [f.message for f, _ in check_findings(analyze_for_check(pointer, "p.c"), CheckConfig())
                if f.code == "S2P703"]
    assert messages and "[:n]" not in messages[0] and "N: how many elements of `pc`" in messages[0], messages


@pytest.mark.parametrize("binding", ["ps[i - i]", "ps[0 * i]"])
def test_a_reference_bound_to_one_element_in_every_iteration_is_a_race(binding: str) -> None:
    loop = f"for (int i = 0; i < (int)ps.size(); i++) {{ P &p = {binding}; p.x += 0.1 * p.v; }}"
    assert _codes(ELEMENT_UPDATES.replace("LOOP", loop), "snippet.cpp") == ["S2P703"]


def test_a_partial_value_of_a_user_declared_reduction_is_not_let_through() -> None:
    """`out[i] = acc.sx` reads the thread's partial sum: the skip for user-declared reductions made the prefix
    sum pass quietly. It is a warning now (the argmax over `best.v` shape stays unblocked)."""
    program = """
typedef struct { double sx; } acc_t;
#pragma omp declare reduction(accadd : acc_t : omp_out.sx += omp_in.sx) initializer(omp_priv = {0})
void prefix(const double *x, double *out, int n) {
    acc_t acc = {0};
#pragma omp parallel for reduction(accadd : acc)
    for (int i = 0; i < n; i++) { acc.sx += x[i]; out[i] = acc.sx; }
}"""
    levels = {(f.code, level) for f, level in check_findings(analyze_for_check(program, "p.c"), CheckConfig())}
    assert ("S2P706", "warning") in levels, levels


def _check_cli(tmp_path: Path, program: str, name: str = "p.c") -> tuple[int, dict[str, str]]:
    """Run the real `seq2par check` on one file: its exit code and {finding code: severity}."""
    source = tmp_path / name
    source.write_text(program)
    done = subprocess.run([SEQ2PAR, "check", "--format", "json", str(source)], capture_output=True, text=True)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    return done.returncode, {f["code"]: f["severity"] for f in json.loads(done.stdout)["findings"]}


CONDITIONAL_TASKWAIT = """
#include <stdio.h>
int work(int n);
int run(int n, int flag) {
    int acc = 0;
#pragma omp parallel
#pragma omp single
    {
#pragma omp task shared(acc)
        acc = work(n);
        WAIT
        printf("%d\\n", acc);
    }
    return acc;
}"""


@pytest.mark.parametrize(("wait", "racy"), [
    ("if (flag) {\n#pragma omp taskwait\n        }", True),  # flag 0: printf reads acc while the task writes it
    ("if (flag) printf(\"-\\n\");\n        else {\n#pragma omp taskwait\n        }", True),
    ("if (flag) {\n#pragma omp taskwait\n        } else {\n#pragma omp taskwait\n        }", False),
    ("if (flag) printf(\"-\\n\");\n#pragma omp taskwait", False),
], ids=["then only", "else only", "both branches", "after the if"])
def test_a_taskwait_in_one_branch_does_not_wait_on_the_other(tmp_path: Path, wait: str, racy: bool) -> None:
    """A taskwait inside one branch of an `if` ended the task for the code after the `if` too: with the
    branch not taken, the read races with the task (compiled with gcc -fopenmp, 2 and 4 threads, flag 0: the
    read printed 0 while the task stored 7). Both branches waiting, or a wait after the `if`, is correct."""
    rc, codes = _check_cli(tmp_path, CONDITIONAL_TASKWAIT.replace("WAIT", wait))
    assert (rc, "S2P708" in codes) == ((1, True) if racy else (0, False)), codes


def test_the_code_after_a_taskwait_in_its_branch_is_ordered(tmp_path: Path) -> None:
    """The task is finished in the rest of the branch that waits for it, not after the `if`."""
    program = CONDITIONAL_TASKWAIT.replace("WAIT", "if (flag) {\n#pragma omp taskwait\n            acc++;\n        }")
    rc, codes = _check_cli(tmp_path, program.replace('printf("%d\\n", acc);', ""))
    assert rc == 0, codes
    rc, codes = _check_cli(tmp_path, program)
    assert rc == 1 and "S2P708" in codes, codes


SECTION_REDUCTION = """
#define NB 8
void hist(double *a, const double *v, int n) {
#pragma omp parallel for reduction(+:SECTION)
    for (int i = 0; i < n; i++) {
        BODY
    }
}"""


@pytest.mark.parametrize(("section", "body", "expected"), [
    ("a[0:4]", "a[i % 8] += v[i];", ("S2P703", "error")),  # gcc: a segfault, the private copy has 4 elements
    ("a[0:4]", "for (int k = 0; k < NB; k++) a[k] += v[i];", ("S2P703", "error")),
    ("a[2:4]", "a[i % 4] += v[i];", ("S2P703", "error")),  # 0 and 1 are below the section
    ("a[0:4]", "a[(int)v[i]] += 1.0;", ("S2P706", "warning")),  # where it lands is not known
    ("a[0:8]", "a[i % 8] += v[i];", None),
    ("a[:NB]", "for (int k = 0; k < NB; k++) a[k] += v[i];", None),
    ("a[2:4]", "a[2 + i % 4] += v[i];", None),
    ("a[0:8]", "for (int k = 7; k >= 0; k--) a[k] += v[i];", None),
], ids=["modulo past the end", "inner loop past the end", "below the start", "unknown index", "modulo inside",
        "inner loop inside", "offset inside", "descending inside"])
def test_a_reduction_over_a_smaller_array_section_than_the_loop_updates(
        tmp_path: Path, section: str, body: str, expected: tuple[str, str] | None) -> None:
    """`reduction(+:a[0:4])` while the loop updates a[i % 8] passed: the elements outside the section are
    not reduced (compiled with gcc -fopenmp, the program wrote past the 4-element private copies and
    crashed). An update provably outside the section is an error; one whose index is not known a warning."""
    rc, codes = _check_cli(tmp_path, SECTION_REDUCTION.replace("SECTION", section).replace("BODY", body))
    if expected is None:
        assert rc == 0 and not codes, codes
    else:
        assert codes.get(expected[0]) == expected[1], codes
        assert rc == (1 if expected[1] == "error" else 0), codes


THREAD_SLOTS = """
#include <omp.h>
#define PAD 8
double partial[64 * PAD], grid[64][64];
void f(const double *v, int n) {
#pragma omp parallel
    {
        int me = omp_get_thread_num();
        BODY
    }
}"""


@pytest.mark.parametrize(("body", "racy"), [
    ("for (int k = 0; k < 2; k++) partial[me + k] = 0.0;", True),  # threads 0 and 1 both store partial[1]
    ("for (int i = 0; i < n; i++) partial[me + (i & 1)] += v[i];", True),
    ("for (int k = 0; k < 4; k++) grid[k][me + k / 2] = 0.0;", True),
    ("partial[me + 1] = 0.0;", False),
    ("partial[2 * me + 1] = 0.0;", False),
    ("partial[me * PAD] = 0.0;", False),
    ("for (int k = 0; k < 4; k++) grid[me][k] = 0.0;", False),
    ("for (int k = 0; k < 4; k++) grid[k][me] = 0.0;", False),
    ("for (int j = 0; j < n; j++) partial[me * n + j] = 0.0;", False),  # a row of n elements per thread
    ("for (int j = 0; j <= n; j++) partial[me * n + j] = 0.0;", True),  # one past the row
], ids=["me + k", "me + (i & 1)", "second subscript me + k / 2", "me + 1", "2 * me + 1", "me * PAD",
        "row me", "column me", "row of n", "row of n + 1"])
def test_a_subscript_is_the_threads_own_only_if_it_is_one_per_thread(tmp_path: Path, body: str,
                                                                        racy: bool) -> None:
    """In a parallel region, any subscript mentioning `me = omp_get_thread_num()` was taken as the thread's
    own element: `partial[me + k]` for k = 0, 1 passed, though threads 0 and 1 both store partial[1]. A
    subscript is the thread's own when it is `c * me + d` with constants c != 0 and d, or `me * n + j` with j
    from 0 to n - 1 (other subscripts may be anything)."""
    rc, codes = _check_cli(tmp_path, THREAD_SLOTS.replace("BODY", body))
    assert (rc, "S2P707" in codes) == ((1, True) if racy else (0, False)), codes


DEPEND_CHAIN = """
int step(int acc, int i);
int chain(int n) {
    int acc = 0;
#pragma omp parallel
    CREATOR
    {
        for (int i = 0; i < n; i++) {
#pragma omp task depend(KIND: acc) shared(acc)
            acc = step(acc, i);
        }
#pragma omp taskwait
    }
    return acc;
}"""


@pytest.mark.parametrize(("creator", "kind", "racy"), [
    ("#pragma omp single", "inout", False),  # gcc -fopenmp, 2 and 4 threads: the sequential result
    ("#pragma omp single", "out", False),
    ("#pragma omp single", "mutexinoutset", False),  # one at a time (in any order)
    ("#pragma omp master", "inout", False),
    ("#pragma omp single", "in", True),  # `in` orders a task after writers only, not readers after each other
    ("#pragma omp single", "inoutset", True),  # the tasks of one inoutset run at once
    ("", "inout", True),  # every thread creates tasks: not siblings, their depend clauses order nothing
], ids=["single inout", "single out", "single mutexinoutset", "master inout", "single in", "single inoutset",
        "every thread inout"])
def test_instances_of_a_task_chained_by_depend(tmp_path: Path, creator: str, kind: str, racy: bool) -> None:
    """Tasks created in a loop, each updating `acc` under `depend(inout: acc)`, run one after the other:
    the dependences serialize sibling tasks. They were reported as a race between instances (S2P708)."""
    program = DEPEND_CHAIN.replace("CREATOR", creator).replace("KIND", kind)
    rc, codes = _check_cli(tmp_path, program)
    assert (rc, "S2P708" in codes) == ((1, True) if racy else (0, False)), codes


@pytest.mark.parametrize(("first", "second", "racy"), [
    ("inoutset", "inoutset", True),  # the tasks of one inoutset run at once
    ("in", "in", True),
    ("inout", "inoutset", False),
    ("in", "inoutset", False),
    ("mutexinoutset", "mutexinoutset", False),
])
def test_sibling_tasks_ordered_by_their_depend_kinds(tmp_path: Path, first: str, second: str, racy: bool) -> None:
    """Two sibling tasks updating x under `depend(inoutset: x)` each passed: any `inoutset` on the item was
    taken as an order, but the tasks of one inoutset set are mutually independent, like `in` tasks."""
    program = f"""
int f(int), g(int);
int two(int n) {{
    int x = 0;
#pragma omp parallel
#pragma omp single
    {{
#pragma omp task depend({first}: x) shared(x)
        x += f(n);
#pragma omp task depend({second}: x) shared(x)
        x += g(n);
#pragma omp taskwait
    }}
    return x;
}}"""
    rc, codes = _check_cli(tmp_path, program)
    assert (rc, "S2P708" in codes) == ((1, True) if racy else (0, False)), codes


PER_THREAD_SUMS = """
#include <omp.h>
#define PAD 8
double partial[64 * PAD];
void sums(const double *v, int n) {
#pragma omp parallel
    {
        int tid = omp_get_thread_num();
        partial[FIRST] = 0.0;
#pragma omp for
        for (int i = 0; i < n; i++)
            partial[SECOND] += v[i];
    }
}"""


@pytest.mark.parametrize(("first", "second", "racy"), [
    ("tid", "tid", False),  # gcc -fopenmp, 2 and 4 threads: the right total
    ("tid * PAD", "tid * PAD", False),  # padded against false sharing
    ("PAD * tid + 1", "PAD * tid + 1", False),
    ("tid", "tid + 1", True),  # thread t's loop updates the slot thread t + 1 sets
    ("tid * PAD", "tid * n", True),  # the stride is not known to be nonzero
])
def test_each_thread_sets_and_updates_its_own_slot(tmp_path: Path, first: str, second: str, racy: bool) -> None:
    """`partial[tid] = 0.0;` in the region, then `partial[tid] += v[i]` in an `omp for`: each thread its own
    slot, but the two accesses were taken as a race between the region's threads (S2P707); padded slots
    `partial[tid * PAD]` were also a missing reduction (S2P703)."""
    program = PER_THREAD_SUMS.replace("FIRST", first).replace("SECOND", second)
    rc, codes = _check_cli(tmp_path, program)
    assert (rc == 1) == racy, codes
    if not racy:
        assert not codes, codes


ROW_RANGES = """
void rows(double *a, double *b, const int *rowstr, const int *len, int nrows) {
#pragma omp parallel for
    for (int j = 0; j < nrows; j++)
        for (int k = START; k < END; k++) {
            BODY
        }
}"""


@pytest.mark.parametrize(("start", "end", "body", "expected"), [
    ("rowstr[j]", "rowstr[j + 1]", "a[k] = 0.0;", ("S2P706", "warning")),  # CSR rows: disjoint if rowstr grows
    ("rowstr[j + 1] - 1", "rowstr[j]", "a[k] = 0.0;", ("S2P706", "warning")),
    # a row's first element reads the one before it, the last of the previous row in CSR data: kept an error
    ("rowstr[j]", "rowstr[j + 1]", "a[k] += a[k - 1];", ("S2P701", "error")),
    ("rowstr[j]", "rowstr[j + 1]", "a[k] = 2.0 * a[k] + b[j];", ("S2P706", "warning")),
    ("0", "len[j]", "a[k] = 0.0;", ("S2P701", "error")),  # every row with an element stores a[0]
    ("rowstr[j]", "rowstr[j + 1]", "a[k] = 0.0; a[0] = 1.0;", ("S2P701", "error")),
    ("rowstr[0]", "rowstr[1]", "a[k] = 0.0;", ("S2P701", "error")),  # the same range in every iteration
], ids=["csr rows", "csr rows backwards", "csr rows reading a neighbour", "csr rows updated", "from 0",
        "and a[0]", "one range"])
def test_a_dependence_through_ranges_read_from_memory_is_not_proven(
        tmp_path: Path, start: str, end: str, body: str, expected: tuple[str, str]) -> None:
    """`for (k = rowstr[j]; k < rowstr[j + 1]; k++) a[k] = 0.0;` under `parallel for` on j (CSR rows) was a
    proven dependence (S2P701): whether two rows' ranges overlap depends on the contents of rowstr, which
    the analysis cannot see. It is a warning now (S2P706) when every access to the array is at that index;
    a range that starts at the same place in every iteration, a store at a fixed element, or a read of a
    neighbour (the previous row's last element in CSR data) is still an error."""
    program = ROW_RANGES.replace("START", start).replace("END", end).replace("BODY", body)
    if "rowstr[j + 1] - 1" in start:
        program = program.replace("k < rowstr[j]; k++", "k >= rowstr[j]; k--")
    rc, codes = _check_cli(tmp_path, program)
    assert codes.get(expected[0]) == expected[1], codes
    assert rc == (1 if expected[1] == "error" else 0), codes


def test_a_thread_number_declared_in_two_regions_of_one_function(tmp_path: Path) -> None:
    """`int tid = omp_get_thread_num();` in two parallel regions of one function is each region's thread
    number; assigned again in its region (`tid = 0;`) it is not."""
    program = """
#include <omp.h>
double partial[64];
void f(void) {
#pragma omp parallel
    {
        int tid = omp_get_thread_num();
        partial[tid] = 1.0;
    }
#pragma omp parallel
    {
        int tid = omp_get_thread_num();
        AGAIN
        partial[tid] += 2.0;
    }
}"""
    assert _check_cli(tmp_path, program.replace("AGAIN", "")) == (0, {})
    rc, codes = _check_cli(tmp_path, program.replace("AGAIN", "tid = 0;"))
    assert rc == 1 and "S2P707" in codes, codes
