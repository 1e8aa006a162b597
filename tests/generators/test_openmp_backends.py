"""The backend interface: every target answers the same calls; the OpenMP backend's second gate (the
`check` hazard rules over generated code) and its thread environment."""

from __future__ import annotations

from pathlib import Path

import pytest

from seq2par.analyzers import analyze_source
from seq2par.generators.backends import GenerateOptions, RunOptions, get_backend
from seq2par.generators.edits import TransformationError
from seq2par.validators.openmp_run import thread_environment
from seq2par.validators.toolchain import usable_cores

RACY = """\
#include <stdio.h>
#define N 100000
static double a[N];
int main(void)
{
    double s = 0.0;
    for (int i = 0; i < N; i++) a[i] = i;
#pragma omp parallel for
    for (int i = 0; i < N; i++)
        s += a[i];
    printf("%f\\n", s);
    return 0;
}
"""

SUM = """\
#include <stdio.h>
#define N 100000
static double a[N];
double total(void)
{
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += a[i] * a[i];
    return s;
}
int main(void)
{
    for (int i = 0; i < N; i++) a[i] = i;
    printf("%f\\n", total());
    return 0;
}
"""


@pytest.mark.parametrize(("target", "suffix"), [("mpi", "prog.mpi.c"), ("cuda", "prog.cu"),
                                                ("openmp", "prog.omp.c")])
def test_output_names(target: str, suffix: str) -> None:
    assert get_backend(target).output_name(Path("src/prog.c")) == Path("src") / suffix


def test_openmp_output_keeps_the_cpp_suffix() -> None:
    assert get_backend("openmp").output_name(Path("v.cpp")).name == "v.omp.cpp"


def test_second_gate_refuses_a_race(tmp_path: Path) -> None:
    racy = tmp_path / "racy.omp.c"
    racy.write_text(RACY)
    problems = get_backend("openmp").second_gate(racy, RunOptions())
    assert len(problems) == 1 and " S2P703 " in problems[0]


def test_second_gate_passes_generated_code(tmp_path: Path) -> None:
    backend = get_backend("openmp")
    generated = backend.generate(analyze_source(SUM, "sum.c"), GenerateOptions())
    path = tmp_path / "sum.omp.c"
    path.write_text(generated.source)
    assert backend.second_gate(path, RunOptions()) == []


def test_function_mode_restricts_to_the_function() -> None:
    report = analyze_source(SUM, "sum.c")
    generated = get_backend("openmp").generate(report, GenerateOptions(function="total"))
    assert [plan.loop.function for plan in generated.distributed] == ["total"]
    with pytest.raises(TransformationError, match="no function `nope`"):
        get_backend("openmp").generate(report, GenerateOptions(function="nope"))


def test_oversubscribed_threads_wait_passively(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OMP_WAIT_POLICY", raising=False)
    cores = usable_cores()
    assert thread_environment(cores) == ("env", f"OMP_NUM_THREADS={cores}")
    assert thread_environment(cores + 1) == ("env", f"OMP_NUM_THREADS={cores + 1}", "OMP_WAIT_POLICY=passive")
    monkeypatch.setenv("OMP_WAIT_POLICY", "active")  # the user's choice wins
    assert thread_environment(cores + 1) == ("env", f"OMP_NUM_THREADS={cores + 1}")


ROWS = """\
#include <vector>
void scale_rows(std::vector<double> &A, double s, size_t N) {
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++)
            A[i * N + j] = A[i * N + j] * s + (double)j;
}
double mean(std::vector<double> const& x) {
    double sum = 0;
    for (double v : x) sum += v;
    return sum / x.size();
}
void sweep(std::vector<double> &x, int steps) {
    for (int t = 0; t < steps; t++)
        for (size_t i = 1; i < x.size(); i++)
            x[i] = x[i] * 0.5;
}
"""


def test_mpi_function_mode_gathers_rows_and_reduces_range_loops() -> None:
    report = analyze_source(ROWS, "rows.cpp", language="cpp")
    backend = get_backend("mpi")
    rows = backend.generate(report, GenerateOptions(function="scale_rows", result="all", cost_model=False))
    assert "s2p_fn_allgather(&A[0], sizeof(A[0]), s2p_lo, s2p_hi, (long long)(N));" in rows.source
    # the default contract needs the result on rank 0 only, but A is updated in place: the caller's next call
    # reads it on every rank (it went to rank 0 alone before 2026-12-07)
    on_root = backend.generate(report, GenerateOptions(function="scale_rows", cost_model=False))
    assert "s2p_fn_allgather(&A[0], sizeof(A[0]), s2p_lo, s2p_hi, (long long)(N));" in \
        on_root.source
    assert "MPI_Init" not in rows.source and "void scale_rows(std::vector<double> &A" in rows.source
    mean = backend.generate(report, GenerateOptions(function="mean", result="all"))
    assert ("for (auto s2p_it = x.begin() + s2p_first, s2p_end = x.begin() + s2p_last; s2p_it != s2p_end; "
            "++s2p_it) { double v = *s2p_it;") in mean.source
    assert "MPI_Allreduce(MPI_IN_PLACE, &s2p_value, 1, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD);" in mean.source
    assert "if (s2p_rank != 0) sum = 0;" in mean.source  # rank 0 alone keeps the initial value


def test_mpi_function_mode_leaves_loops_inside_sequential_loops() -> None:
    report = analyze_source(ROWS, "rows.cpp", language="cpp")
    with pytest.raises(TransformationError, match="inside a sequential loop"):
        get_backend("mpi").generate(report, GenerateOptions(function="sweep"))


SMOOTH = """\
#include <vector>
void smooth(std::vector<double> const& in, std::vector<double> &out) {
    for (size_t i = 1; i < in.size() - 1; i++)
        out[i] = (in[i - 1] + in[i] + in[i + 1]) / 3.0;
}
"""


# ids: a bare "mpi" keyword makes pytest-mpi skip the test without --with-mpi
@pytest.mark.parametrize("target", ["openmp", "mpi"], ids=["openmp-backend", "mpi-backend"])
def test_distinct_params_contract_lifts_only_the_aliasing_refusal(target: str) -> None:
    report = analyze_source(SMOOTH, "smooth.cpp", language="cpp")
    backend = get_backend(target)
    with pytest.raises(TransformationError, match="S2P501"):
        backend.generate(report, GenerateOptions(function="smooth"))
    generated = backend.generate(report, GenerateOptions(function="smooth", distinct_params=True, cost_model=False))
    # the signature is the original one, byte for byte
    assert "void smooth(std::vector<double> const& in, std::vector<double> &out) {" in generated.source
    assert [plan.loop.line for plan in generated.distributed] == [3]


def test_rank0_gathers_only_what_no_later_call_or_pass_reads() -> None:
    """Under `--result rank0` an array goes to rank 0 alone only when no rank reads it again: not a global
    (the next call reads it on every rank), not in a function that loops back with `goto`."""
    source = """
#define N 64
double prev[N];
void step(double *restrict out) {
    for (int i = 0; i < N; i++) out[i] = prev[N - 1 - i] * 0.5 + i;
    for (int i = 0; i < N; i++) prev[i] = out[i];
}
void again(int n, double *restrict x, double *restrict y) {
    int it = 0;
top:
    for (int i = 0; i < n; i++) x[i] = x[i] + y[n - 1 - i];
    for (int i = 0; i < n; i++) y[i] = x[i] * 0.5;
    if (++it < 3) goto top;
}
"""
    report = analyze_source(source, "g.c")
    backend = get_backend("mpi")
    step = backend.generate(report, GenerateOptions(function="step", cost_model=False))
    assert "s2p_fn_allgather(&prev[0]" in step.source and "s2p_fn_gather_root(&prev" not in step.source
    looped = backend.generate(report, GenerateOptions(function="again", cost_model=False))
    assert "s2p_fn_gather_root" not in looped.source.split("void again")[1]


COSTS = """\
#include <math.h>
void axpy(int n, double a, const double *restrict x, double *restrict y) {
    for (int i = 0; i < n; i++)
        y[i] = a * x[i] + y[i];
}
void waves(int n, const double *restrict x, double *restrict y) {
    for (int i = 0; i < n; i++)
        y[i] = sin(x[i]) * exp(-x[i]);
}
void blur(int n, const double *restrict in, double *restrict out) {
    for (int i = 1; i < n - 1; i++)
        for (int j = 1; j < n - 1; j++)
            out[i * n + j] = (in[(i - 1) * n + j] + in[(i + 1) * n + j] + in[i * n + j - 1] + in[i * n + j + 1]
                              + in[i * n + j]) / 5;
}
double scaled_norm(int n, const double *restrict x, double *restrict y) {
    double sum = 0;
    for (int i = 0; i < n; i++)
        y[i] = 2 * x[i];
    for (int i = 0; i < n; i++)
        sum += x[i] * x[i];
    return sum;
}
void row_sums(int n, int m, const double *restrict a, double *restrict b) {
    for (int i = 0; i < n; i++) {
        double s = 0;
        for (int k = 0; k < m; k++)
            s += a[i * m + k];
        b[i] = s;
    }
}
"""


def test_mpi_function_mode_leaves_loops_too_cheap_for_their_gather_sequential() -> None:
    """Every element a distributed loop computes must then be moved to rank 0; a map of a few operations per
    element ran at 0.3x-0.8x of the sequential loop (ParEval's transforms, axpy): such a loop stays
    sequential with the reason, unless the cost model is off (--allow-slower). Loops with more work per
    element, or work the model cannot count, are distributed as before; a reduction moves one value."""
    report = analyze_source(COSTS, "costs.c")
    backend = get_backend("mpi")
    with pytest.raises(TransformationError, match="line 3: not worth distributing: each element it gathers costs "
                                                  "about 5 operations") as refused:
        backend.generate(report, GenerateOptions(function="axpy"))
    assert "--allow-slower" in str(refused.value) and "--target openmp" in str(refused.value)
    forced = backend.generate(report, GenerateOptions(function="axpy", cost_model=False))
    assert [plan.loop.line for plan in forced.distributed] == [3]
    for function, line in (("waves", 7), ("blur", 11), ("row_sums", 25)):
        generated = backend.generate(report, GenerateOptions(function=function))
        assert [plan.loop.line for plan in generated.distributed] == [line], function
    mixed = backend.generate(report, GenerateOptions(function="scaled_norm"))
    assert [plan.loop.line for plan in mixed.distributed] == [20]  # the sum; the map stays sequential
    assert [(loop.line, why.split(":")[0]) for loop, why in mixed.sequential] == [(18, "not worth distributing")]


def test_gather_cost_counts_operations_per_gathered_byte() -> None:
    """Complex elements are 16 bytes: twice the work pays for moving one; math calls count 20."""
    from seq2par.generators.mpi_function import GATHER_OPERATIONS, gather_cost

    source = """\
#include <complex>
#include <vector>
void conjugate(std::vector<std::complex<double>> &x) {
    for (auto &e : x)
        e = std::conj(e) * 2.0;
}
void magnitudes(std::vector<std::complex<double>> const &x, std::vector<double> &m) {
    for (size_t i = 0; i < x.size(); i++)
        m[i] = std::sqrt(std::norm(x[i]));
}
"""
    report = analyze_source(source, "c.cpp", language="cpp")
    backend = get_backend("mpi")
    conjugate = backend.generate(report, GenerateOptions(function="conjugate", cost_model=False)).distributed[0]
    assert gather_cost(report, report.program.functions["conjugate"], conjugate) == (2.0, 2 * GATHER_OPERATIONS)
    magnitudes = backend.generate(report, GenerateOptions(function="magnitudes", distinct_params=True,
                                                          cost_model=False))
    plan = magnitudes.distributed[0]
    work, needed = gather_cost(report, report.program.functions["magnitudes"], plan)
    assert needed == GATHER_OPERATIONS and work is not None and work >= 20


def test_gather_cost_leaves_the_programs_own_functions_uncounted_and_sizes_its_structs() -> None:
    """From a review: a function of the file named like a cheap library call (`norm`) was counted as one
    operation, so a loop doing 2n operations per element was refused; a 512-byte struct element was taken
    as 8 bytes, so a loop of 13 operations writing one member was distributed and ran 6-12x slower; a
    degree-400 Horner polynomial ended the run ("nested too deeply") inside the counting."""
    from seq2par.generators.mpi_function import GATHER_OPERATIONS, gather_cost

    source = """\
struct cell { double a, b, c, d, e, f, g, h, p[56]; };
static double norm(const double *restrict v, int n)
{
    double s = 0.0;
    for (int k = 0; k < n; k++)
        s += v[k] * v[k];
    return s;
}
void rownorms(int m, int n, const double *restrict A, double *restrict out)
{
    for (int i = 0; i < m; i++)
        out[i] = norm(&A[i * n], n);
}
void touch(int n, const double *restrict x, struct cell *restrict out)
{
    for (int i = 0; i < n; i++)
        out[i].a = x[i] * x[i] * 0.5 + x[i] * 3.0 - x[i] / 7.0 + 1.0;
}
void horner(int n, const double *restrict x, double *restrict y)
{
    for (int i = 0; i < n; i++)
        y[i] = HORNER;
}
""".replace("HORNER", "1.0" + "".join(" + x[i] * (1.0" for _ in range(400)) + ")" * 400)
    report = analyze_source(source, "k.c")
    backend = get_backend("mpi")
    assert [plan.loop.line for plan in backend.generate(report, GenerateOptions(function="rownorms")).distributed] \
        == [11]
    with pytest.raises(TransformationError, match="not worth distributing"):
        backend.generate(report, GenerateOptions(function="touch"))
    plan = backend.generate(report, GenerateOptions(function="touch", cost_model=False)).distributed[0]
    assert gather_cost(report, report.program.functions["touch"], plan)[1] == GATHER_OPERATIONS * 512 / 8
    assert [plan.loop.line for plan in backend.generate(report, GenerateOptions(function="horner")).distributed] \
        == [21]


TRANSPOSED = """\
#include <vector>
void transpose(std::vector<double> const& in, std::vector<double> &out, size_t N) {
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j < N; ++j)
            out[i + j * N] = in[i * N + j];
}
void transpose_until(std::vector<double> const& in, std::vector<double> &out, size_t N) {
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j < N; ++j) {
            if (in[i * N + j] < 0) break;
            out[i + j * N] = in[i * N + j];
        }
}
double transpose_sum(std::vector<double> const& in, std::vector<double> &out, size_t N) {
    double sum = 0;
    for (size_t i = 0; i < N; ++i)
        for (size_t j = 0; j < N; ++j) {
            out[i + j * N] = in[i * N + j];
            sum += in[i * N + j];
        }
    return sum;
}
"""


def test_mpi_function_mode_interchanges_a_nest_that_writes_columns() -> None:
    """A column per i cannot be gathered from blocks of i: the nest runs `for j for i`, distributed over j.
    Not when the inner loop may break (it would leave the loop over i instead) nor with a reduction."""
    report = analyze_source(TRANSPOSED, "t.cpp", language="cpp")
    backend = get_backend("mpi")
    out = backend.generate(report, GenerateOptions(function="transpose", result="all", distinct_params=True)).source
    assert "for (size_t j = s2p_first; (long long)(j) < s2p_last; ++j)\n        for (size_t i = 0; i < N; ++i)" \
        in out
    assert "s2p_fn_allgather(&out[0], sizeof(out[0]), s2p_lo, s2p_hi, (long long)(N));" in out
    for function in ("transpose_until", "transpose_sum"):
        with pytest.raises(TransformationError, match="only x\\[i\\] or the row"):
            backend.generate(report, GenerateOptions(function=function, distinct_params=True))


def test_mpi_function_mode_counts_an_index_plus_constant_condition() -> None:
    """`i + 1 < u.size()` splits [1, size - 1) over the ranks, guarded for an empty container (it was refused:
    'the loop's condition is not `i < U`')."""
    source = """\
#include <cstddef>
#include <vector>
void smooth(std::vector<double> const& u, std::vector<double> &v) {
    for (size_t i = 1; i + 1 < u.size(); ++i)
        v[i] = 0.5 * u[i] + 0.25 * (u[i - 1] + u[i + 1]);
}
"""
    report = analyze_source(source, "s.cpp", language="cpp")
    out = get_backend("mpi").generate(report, GenerateOptions(function="smooth", distinct_params=True,
                                                              cost_model=False)).source
    assert "long long s2p_lo = (long long)(1), s2p_hi = (long long)(((u.size()) >= 1 ? (u.size()) - 1 : 0));" in out
    assert "(long long)(i) < s2p_last" in out


OWNING_ELEMENTS = """\
#include <complex>
#include <string>
#include <vector>
struct Hit { int row; double weight; };
void label(std::vector<std::string> &out, const std::vector<int> &v) {
    for (size_t i = 0; i < v.size(); i++)
        out[i] = (v[i] % 2) ? "odd" : "even";
}
void point(std::vector<const int *> &out, const std::vector<int> &v) {
    for (size_t i = 0; i < v.size(); i++)
        out[i] = &v[i];
}
void plain(std::vector<Hit> &hits, std::vector<std::complex<double>> &z, const std::vector<int> &v) {
    for (size_t i = 0; i < v.size(); i++) {
        hits[i].row = v[i];
        hits[i].weight = v[i] * 0.5;
        z[i] = std::complex<double>(v[i], -v[i]);
    }
}
"""


@pytest.mark.parametrize("function", ["label", "point"])
def test_mpi_function_mode_gathers_only_elements_whose_bytes_are_their_value(function: str) -> None:
    """The gathers copy elements as bytes: a std::string's bytes point into the rank that wrote it, and
    the validation run of `label` crashed (SIGSEGV, exit 6). Such arrays are refused with the reason;
    structs of basic members defined in the file and std::complex are still gathered."""
    report = analyze_source(OWNING_ELEMENTS, "owning.cpp", language="cpp")
    backend = get_backend("mpi")
    with pytest.raises(TransformationError, match=r"holds `(std::string|int \*)` elements"):
        backend.generate(report, GenerateOptions(function=function, distinct_params=True))
    gathered = backend.generate(report, GenerateOptions(function="plain", distinct_params=True)).source
    assert "s2p_fn_gather" in gathered, gathered


def test_mpi_function_mode_marks_every_store_of_a_lastprivate_or_refuses() -> None:
    """A store the flag-marking cannot see (`SETL(i)` through a macro) left the rank's flag unset: at np=4
    the value before the loop (or a lower rank's) won, 24998 for 99998. `(last) = i` is marked; the macro
    store is refused."""
    from seq2par.generators.edits import TransformationError

    backend = get_backend("mpi")
    paren = analyze_source("long last_big(const double *x, long n) {\n    long last = -1;\n"
                           "    for (long i = 0; i < n; i++)\n        if (x[i] > 0.5) (last) = i;\n"
                           "    return last;\n}\n", "k.c")
    assert "(s2p_set_last = 1, (last) = i)" in backend.generate(paren, GenerateOptions(function="last_big")).source
    macro = analyze_source("#define SETL(v) last = (v)\nlong last_big(const double *x, long n) {\n    long last = -1;\n"
                           "    for (long i = 0; i < n; i++)\n        if (x[i] > 0.5) SETL(i);\n    return last;\n}\n",
                           "k2.c")
    with pytest.raises(TransformationError, match="not every store"):
        backend.generate(macro, GenerateOptions(function="last_big"))
