"""CUDA backend: every example with a legal loop compiles with nvcc (sm_75 and sm_90) and its run — on the GPU
when there is one, else in the host emulation that executes the same kernels — matches the original."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_file, analyze_source
from seq2par.generators.cuda import generate_cuda
from seq2par.generators.edits import TransformationError
from seq2par.validators.cuda_run import validate_generated_cuda

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted([*(ROOT / "examples" / "c").glob("*.c"), *(ROOT / "examples" / "cpp").glob("*.cpp")])
NO_PARALLEL_LOOP = {"recurrence.c", "gauss_seidel.c", "alias_shift.c"}
ARCHS = ("sm_75", "sm_90")


def _generate(path: Path):
    try:
        return generate_cuda(analyze_file(path))
    except TransformationError:
        return None


def _validate(original: Path, generated, workdir: Path):
    candidate = workdir / (original.stem + ".cu")
    candidate.write_text(generated.source)
    return validate_generated_cuda(
        original,
        candidate,
        generated,
        archs=ARCHS,
        runs=1,
        rtol=1e-9,
        atol=1e-12,
        timeout=300,
        args=(),
        stdin=None,
        flags=(),
    )


@pytest.fixture(scope="module")
def generated() -> dict[str, object]:
    return {path.name: _generate(path) for path in EXAMPLES}


@pytest.fixture(scope="module")
def validations(generated, tmp_path_factory) -> dict[str, object]:
    """All examples validated at once, two at a time (each validation builds its own jobs in parallel)."""
    workdir = tmp_path_factory.mktemp("cuda")
    jobs = {path.name: path for path in EXAMPLES if generated[path.name] is not None}
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = {
            name: pool.submit(_validate, path, generated[name], workdir) for name, path in jobs.items()
        }
        return {name: future.result() for name, future in futures.items()}


def _block_after(source: str, header: str) -> str:
    """The text of the braced block that follows `header` (brace matching)."""
    start = source.index(header)
    open_at = source.index("{", start)
    depth = 0
    for pos in range(open_at, len(source)):
        if source[pos] == "{":
            depth += 1
        elif source[pos] == "}":
            depth -= 1
            if depth == 0:
                return source[open_at : pos + 1]
    raise AssertionError(f"unbalanced braces after {header!r}")


def test_refused_exactly_where_no_loop_is_parallel(generated):
    refused = {name for name, program in generated.items() if program is None}
    assert refused == NO_PARALLEL_LOOP


@pytest.mark.parametrize(
    "path", [p for p in EXAMPLES if p.name not in NO_PARALLEL_LOOP], ids=lambda p: p.name
)
def test_example_compiles_and_matches_original(path, validations):
    report = validations[path.name]
    assert report.status == "equal", report.message
    assert report.mode in ("gpu", "emulated")
    assert report.ran
    if report.mode == "emulated":
        assert report.message.startswith("emulated on the CPU (no GPU)")
        assert all(entry.speedup is None for entry in report.entries)


@pytest.mark.parametrize(
    "path", [p for p in EXAMPLES if p.name not in NO_PARALLEL_LOOP], ids=lambda p: p.name
)
def test_structure_of_generated_code(path, generated):
    program = generated[path.name]
    source = program.source
    assert program.compiler == "nvcc"
    assert program.distributed
    launches = source.count("S2P_LAUNCH(s2p_kernel")
    assert launches == len(program.distributed)
    assert source.count("CUDA_CHECK(cudaGetLastError());") == launches
    assert source.count("__global__ void s2p_kernel") == launches
    # Every CUDA API call in the program's own code is checked.
    user_code = source.split("end of seq2par CUDA runtime", 1)[1]
    for call in re.finditer(r"\bcuda(Malloc|Memcpy|Free)\(", user_code):
        assert user_code[max(0, call.start() - 11) : call.start()] == "CUDA_CHECK(", call.group()
    # The emulation build runs the very same kernels.
    assert program.emulation_source.endswith(source)
    assert "#define S2P_EMULATE" in program.emulation_source


def test_heat2d_keeps_data_on_the_device_across_time_steps(generated):
    source = generated["heat2d.c"].source
    time_loop = _block_after(source, "for (int t = 0; t < STEPS; t++)")
    assert "S2P_LAUNCH" in time_loop
    assert time_loop.count("cudaMemcpy") == 0
    assert time_loop.count("cudaMalloc") == 0
    # The pointer swap moves the device pointers along with the host pointers.
    assert "s2p_d_u = s2p_d_un;" in time_loop
    assert source.count("cudaMalloc(") - source.count("cudaMalloc(&s2p_scratch_pointer") == 2


def test_wave1d_swaps_device_vectors_without_copies(generated):
    source = generated["wave1d.cpp"].source
    time_loop = _block_after(source, "for (int step = 0; step < kSteps; step++)")
    assert "S2P_LAUNCH" in time_loop
    assert time_loop.count("cudaMemcpy") == 0


REDUCTIONS_C = r"""
#include <stdio.h>
#define N 100000
static double v[N];
static int key[N];
int main(void)
{
    for (int i = 0; i < N; i++) {
        v[i] = (double)((i * 7919) % 1000) - 500.0;
        key[i] = (i * 31) % 64;
    }
    double sum = 1.5, prod = 1.0, lo = 1e300, hi = -1e300, best = 1e300;
    int besti = -1;
    long count = 0;
    int hist[64];
    for (int b = 0; b < 64; b++)
        hist[b] = 0;
    for (int i = 0; i < N; i++) {
        sum += v[i];
        prod *= (i % 1000 == 0) ? 1.0001 : 1.0;
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
        if (v[i] > 400.0)
            count++;
        hist[key[i]] += 1;
    }
    for (int i = 0; i < N; i++) {
        if (v[i] < best) {
            best = v[i];
            besti = i;
        }
    }
    printf("%.6f %.12f %.1f %.1f %ld %.1f %d\n", sum, prod, lo, hi, count, best, besti);
    for (int b = 0; b < 64; b++)
        printf("%d ", hist[b]);
    printf("\n");
    return 0;
}
"""


def test_reductions_match_the_original(tmp_path):
    original = tmp_path / "reductions.c"
    original.write_text(REDUCTIONS_C)
    report = analyze_source(REDUCTIONS_C, path=str(original))
    program = generate_cuda(report)
    kinds = {(r.kind, r.op) for k in program.distributed for r, *_ in k.reductions}
    kinds |= {(r.kind, r.op) for k in program.distributed for r, *_ in k.loc_reductions}
    assert {
        ("scalar", "+"),
        ("scalar", "*"),
        ("scalar", "min"),
        ("scalar", "max"),
        ("minloc", "min"),
    } <= kinds
    assert any(k.array_reductions for k in program.distributed)
    assert "s2p_atomic<S2P_ADD>(&hist[key[i]]" in program.source
    result = _validate(original, program, tmp_path)
    assert result.status == "equal", result.message
    # Ties: the minimum (-500) occurs many times; the sequential rule keeps the smallest index.
    assert "s2p_block_reduce_loc<true>" in program.source


def test_variable_length_array_is_refused_with_a_reason():
    code = """
#include <stdio.h>
int main(int argc, char **argv)
{
    int n = 1000 + argc;
    double a[n];
    for (int i = 0; i < n; i++)
        a[i] = 2.0 * i;
    printf("%f\\n", a[n - 1]);
    return 0;
}
"""
    with pytest.raises(TransformationError, match="variable-length array"):
        generate_cuda(analyze_source(code, path="vla.c"))


def test_block_size_must_be_a_power_of_two(generated):
    with pytest.raises(TransformationError, match="power of two"):
        generate_cuda(analyze_file(ROOT / "examples" / "c" / "matmul.c"), block=100)


HOST_ARRAY_SWAPPED_IN_C = r"""
#include <stdio.h>
#include <stdlib.h>
static void step(double *restrict out, const double *restrict in, int n)
{
    for (int i = 1; i < n - 1; i++) out[i] = 0.5 * in[i] + 0.25 * (in[i - 1] + in[i + 1]);
    out[0] = in[0]; out[n - 1] = in[n - 1];
}
int main(void)
{
    int n = 20000;
    double *u = malloc(sizeof(double) * n), *v = malloc(sizeof(double) * n);
    for (int i = 0; i < n; i++) u[i] = (i % 13) * 1.5;
    for (int t = 0; t < 20; t++) {
        step(v, u, n);
        double *tmp = u; u = v; v = tmp;
        for (int i = 0; i < 100; i++) u[i] = 0.0;
    }
    double s = 0.0;
    for (int i = 0; i < n; i++) s += u[i];
    printf("%.10e %.10e\n", s, u[n / 2]);
    return 0;
}
"""


def test_pointer_swapped_with_a_host_only_array_gets_a_device_buffer(tmp_path):
    """Regression: `u = v` where `v` never had a device copy left u's device pointer NULL (SIGSEGV in the
    emulated run, a CUDA error on a GPU)."""
    original = tmp_path / "swapin.c"
    original.write_text(HOST_ARRAY_SWAPPED_IN_C)
    program = generate_cuda(analyze_source(HOST_ARRAY_SWAPPED_IN_C, path=str(original)))
    result = _validate(original, program, tmp_path)
    assert result.status == "equal", result.message


DEVICE_REFUSALS = r"""
#include <stdio.h>
#define N 5000
short v[N];
unsigned char key[N], hc[16];
struct S { double *x; double *y; };
struct S soa;
double xs[N], ys[N];
struct P { double x, y; } pts[N];
double b[N + 2];
int main(int argc, char **argv)
{
    for (int i = 0; i < N; i++) { v[i] = (short)(i % 7); key[i] = (unsigned char)(i % 16); xs[i] = i; ys[i] = 2 * i; }
    short s = 0;
    for (int i = 0; i < N; i++) s += v[i];
    for (int i = 0; i < N; i++) hc[key[i]]++;
    soa.x = xs; soa.y = ys;
    double t = 0;
    for (int i = 0; i < N; i++) t += soa.y[i];
    for (int i = 0; i < N; i++) pts[i].x = i * 0.5;
    unsigned k = 100;
    int lo = -argc;
    for (int i = lo; i < k; i++) b[i + 1] = 5.0;
    printf("%d %d %f %f %f\n", s, hc[3], t, pts[7].x, b[0]);
    return 0;
}
"""


def test_what_the_device_cannot_take_stays_on_the_host_with_the_reason() -> None:
    """A review of the CUDA target (emulated runs, nvcc builds) found programs it wrote that did not build or
    gave other results: sums and histograms of short/char (the atomics work on 4 and 8 bytes: nvcc found no
    overload), a struct with pointer members passed to a kernel by value (host addresses), a variable
    declared with its struct's definition (nvcc: "type definition is not allowed"), and `int i = lo; i < k`
    with `unsigned k`, which C compares as unsigned (zero trips for lo = -1) and the kernel over longs (101
    trips). Each such loop now stays on the host with the reason."""
    program = generate_cuda(analyze_source(DEVICE_REFUSALS, "refusals.c"))
    reasons = {loop.line: why for loop, why in program.sequential}
    assert "a `short`: the device's atomics work on 4 and 8 bytes" in reasons[15], reasons
    assert "of `unsigned char`: the device's atomics work on 4 and 8 bytes" in reasons[16], reasons
    assert "with pointer members (x, y)" in reasons[19], reasons
    assert "declared with its type's definition" in reasons[20], reasons
    assert "`k` in its bound `k` is unsigned" in reasons[23], reasons
    assert [plan.loop.line for plan in program.distributed] == [13]


def test_a_vector_of_bool_stays_on_the_host() -> None:
    """Review: a count over a `std::vector<bool>` was offloaded with `cudaMemcpy(..., flag.data(), ...)`,
    which nvcc rejects (the bit vector has no data()): validation said build-failed, --no-validate wrote it."""
    source = ("#include <cstdio>\n#include <vector>\nint main(int argc, char **argv) {\n"
              "    std::vector<bool> flag(300000 + argc);\n    long c = 0;\n"
              "    for (std::size_t i = 0; i < flag.size(); ++i) if (flag[i]) c++;\n"
              "    printf(\"%ld\\n\", c);\n    return 0;\n}\n")
    with pytest.raises(TransformationError, match="`flag` is a std::vector<bool>: its elements are bits"):
        generate_cuda(analyze_source(source, "bits.cpp"))


@pytest.mark.parametrize("target", ["mpi-target"])
def test_a_signed_index_against_an_unsigned_bound_is_not_distributed_over_longs(target: str) -> None:
    from seq2par.generators.mpi import generate_mpi

    source = DEVICE_REFUSALS.replace("    for (int i = lo; i < k; i++) b[i + 1] = 5.0;\n",
                                     "    for (int i = lo; i < k; i++) b[i + 1] = 5.0 * i;\n")
    generated = generate_mpi(analyze_source(source, "refusals.c"))
    reasons = {loop.line: why for loop, why in generated.sequential}
    assert "`k` in its bound `k` is unsigned" in reasons.get(23, ""), reasons


HOST_ALIASES = r"""
#include <stdio.h>
#define N 500
double a[N], b[N], u[N];
int main(void)
{
    double *p = a, *q = u + 10;
    for (int i = 0; i < N; i++)
        a[i] = i;
    p[7] = -1.0;
    for (int i = 0; i < N; i++)
        b[i] = a[i] * 2;
    for (int i = 0; i < N; i++)
        u[i] = i * 0.5;
    printf("%f %f %f\n", b[7], b[8], q[3]);
    return 0;
}
"""


def test_host_pointers_into_device_arrays_keep_the_copies_in_step(tmp_path: Path) -> None:
    """`double *p = a; ... p[7] = -1.0;` between two kernels: the host write through p did not mark the
    device copy of a stale (the second kernel read 7, printing 14 instead of -2), and `q[3]` with `q = u + 10`
    read the host copy the kernel had not copied back (0 instead of 6.5). A review's programs (emulated
    runs); the pointer is now followed to the array it points into."""
    original = tmp_path / "aliases.c"
    original.write_text(HOST_ALIASES)
    program = generate_cuda(analyze_file(original))
    assert len(program.distributed) == 3
    result = _validate(original, program, tmp_path)
    assert result.status == "equal", result.message
