"""`seq2par parallelize --target openmp` and `seq2par validate --target openmp` end to end (real gcc with
-fopenmp, console script as a subprocess): written only when equal at OMP_NUM_THREADS 1,2,3, a minimal
diff, function mode with a driver, and refusals with their exit codes."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

SEQ2PAR = (
    str(Path(sys.executable).with_name("seq2par"))
    if Path(sys.executable).with_name("seq2par").exists()
    else shutil.which("seq2par")
)

# A map, a reduction, and a min reduction; quick to run.
PROGRAM = """\
#include <stdio.h>

#define N 200000
static double a[N], b[N];

int main(void)
{
    for (int i = 0; i < N; i++)
        b[i] = (double)(i % 1000) * 0.001;
    for (int i = 0; i < N; i++)
        a[i] = b[i] * b[i] + 1.0;
    double sum = 0.0, low = 1e300;
    for (int i = 0; i < N; i++) {
        sum += a[i];
        if (a[i] < low) low = a[i];
    }
    printf("sum = %.12e low = %.12e\\n", sum, low);
    return 0;
}
"""

# Function mode: the function's file has no main; the driver calls it and prints.
FUNCTION_FILE = """\
#include <stddef.h>

double scale_and_sum(double *restrict out, const double *restrict in, size_t n, double factor)
{
    double total = 0.0;
    for (size_t i = 0; i < n; i++) {
        out[i] = in[i] * factor;
        total += out[i];
    }
    return total;
}
"""

DRIVER = """\
#include <stdio.h>
#include <stdlib.h>
#include <stddef.h>

double scale_and_sum(double *restrict out, const double *restrict in, size_t n, double factor);

int main(void)
{
    size_t n = 100000;
    double *in = malloc(n * sizeof *in), *out = malloc(n * sizeof *out);
    for (size_t i = 0; i < n; i++)
        in[i] = (double)(i % 97) / 7.0;
    double total = scale_and_sum(out, in, n, 1.5);
    printf("%.10e %.10e %.10e\\n", total, out[0], out[n - 1]);
    free(in);
    free(out);
    return 0;
}
"""


def seq2par(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([SEQ2PAR, *args], cwd=cwd, capture_output=True, text=True, timeout=600)


def pragma_lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip().startswith("#pragma omp")]


def test_openmp_target_writes_only_pragmas_and_validates(tmp_path: Path) -> None:
    (tmp_path / "prog.c").write_text(PROGRAM)
    done = seq2par("parallelize", "prog.c", "--target", "openmp", "--runs", "1", "--diff", "--format", "text",
                   cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = (tmp_path / "prog.omp.c").read_text()
    assert written.startswith("/* seq2par: VALIDATED")
    pragmas = pragma_lines(written)
    assert len(pragmas) == 4 and pragmas[0].startswith("#pragma omp declare reduction(s2p_min_double"), pragmas
    assert any("reduction(+: sum)" in p and "reduction(s2p_min_double: low)" in p for p in pragmas), pragmas
    # nothing else changed: dropping the label and the pragma lines gives the original back
    body = [line for line in written.splitlines()[1:] if not line.strip().startswith("#pragma omp")]
    assert body == PROGRAM.splitlines()
    # the diff adds the four pragma lines and nothing else (the label is in the file, not the patch)
    added = [line for line in done.stdout.splitlines() if line.startswith("+") and not line.startswith("+++")]
    removed = [line for line in done.stdout.splitlines() if line.startswith("-") and not line.startswith("---")]
    assert [line[1:].strip() for line in added] == pragmas and removed == []
    assert re.search(r"threads=1 .*equal", done.stderr) and re.search(r"threads=3 .*equal", done.stderr)


def test_openmp_json_and_threads_option(tmp_path: Path) -> None:
    (tmp_path / "prog.c").write_text(PROGRAM)
    done = seq2par("parallelize", "prog.c", "--target", "openmp", "--threads", "2", "--runs", "1",
                   "--format", "json", "-q", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["target"] == "openmp" and result["status"] == "equal"
    assert [entry["label"] for entry in result["validation"]["entries"]] == ["threads=2"]
    assert all(row["plan"].startswith("pragma omp parallel for") for row in result["loops"])


def test_openmp_bad_threads_is_a_usage_error(tmp_path: Path) -> None:
    (tmp_path / "prog.c").write_text(PROGRAM)
    done = seq2par("parallelize", "prog.c", "--target", "openmp", "--threads", "0", cwd=tmp_path)
    assert done.returncode == 2 and "--threads" in done.stderr
    assert not (tmp_path / "prog.omp.c").exists()


def test_validate_openmp_catches_a_thread_dependent_result(tmp_path: Path) -> None:
    (tmp_path / "prog.c").write_text('#include <stdio.h>\nint main(void) { printf("1\\n"); return 0; }\n')
    (tmp_path / "prog.omp.c").write_text('#include <stdio.h>\n#include <omp.h>\n'
                                         'int main(void) { printf("%d\\n", omp_get_max_threads() > 1 ? 2 : 1); '
                                         'return 0; }\n')
    done = seq2par("validate", "prog.c", "prog.omp.c", "--runs", "1", "--threads", "1,2", cwd=tmp_path)
    assert done.returncode == 4, done.stdout + done.stderr
    assert re.search(r"threads=1\s+equal", done.stdout) and re.search(r"threads=2\s+MISMATCH", done.stdout)


def test_function_mode_with_driver(tmp_path: Path) -> None:
    (tmp_path / "kernel.c").write_text(FUNCTION_FILE)
    (tmp_path / "driver.c").write_text(DRIVER)
    done = seq2par("parallelize", "kernel.c", "--target", "openmp", "--function", "scale_and_sum",
                   "--driver", "driver.c", "--runs", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = (tmp_path / "kernel.omp.c").read_text()
    assert written.startswith("/* seq2par: VALIDATED")
    assert pragma_lines(written) == [
        "#pragma omp parallel for simd reduction(+: total) firstprivate(n, in, factor, out)"]
    assert "double scale_and_sum(double *restrict out, const double *restrict in, size_t n, double factor)" \
        in written  # the signature is kept


def test_function_mode_needs_a_driver_or_no_validate(tmp_path: Path) -> None:
    (tmp_path / "kernel.c").write_text(FUNCTION_FILE)
    done = seq2par("parallelize", "kernel.c", "--target", "openmp", "--function", "scale_and_sum", cwd=tmp_path)
    assert done.returncode == 2 and "--driver" in done.stderr
    done = seq2par("parallelize", "kernel.c", "--target", "openmp", "--function", "nope", "--no-validate",
                   cwd=tmp_path)
    assert done.returncode == 2 and "nope" in done.stderr  # (a usage error: it was 3, "nothing to do")
    done = seq2par("parallelize", "kernel.c", "--target", "openmp", "--function", "scale_and_sum",
                   "--no-validate", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "kernel.omp.c").read_text().startswith("/* seq2par: UNVALIDATED")


def test_mpi_function_mode_refuses_what_it_cannot_gather(tmp_path: Path) -> None:
    # x[2*i] written by iteration i: the ranks' blocks of elements are not contiguous, so it is refused
    (tmp_path / "kernel.c").write_text(FUNCTION_FILE.replace("out[i] = in[i] * factor;\n        total += out[i];",
                                                             "out[2 * i] = in[i] * factor;"))
    done = seq2par("parallelize", "kernel.c", "--target", "mpi", "--function", "scale_and_sum",
                   "--no-validate", cwd=tmp_path)
    assert done.returncode == 3, done.stderr
    assert "out[2 * i]" in done.stderr
    assert not (tmp_path / "kernel.mpi.c").exists()


SMOOTH = """\
#include <vector>
#include <cstddef>

void smooth(std::vector<double> const& in, std::vector<double> &out) {
    for (size_t i = 1; i < in.size() - 1; i++)
        out[i] = (in[i - 1] + in[i] + in[i + 1]) / 3.0;
}
"""

SMOOTH_DRIVER = """\
#include <cstdio>
#include <vector>

void smooth(std::vector<double> const& in, std::vector<double> &out);

int main() {
    std::vector<double> in(200000), out(200000, 0.0);
    for (size_t i = 0; i < in.size(); i++) in[i] = (double)(i % 17) * 0.25;
    smooth(in, out);
    double total = 0;
    for (double v : out) total += v;
    std::printf("%.12e %.12e\\n", total, out[12345]);
    return 0;
}
"""


def test_distinct_params_contract_in_function_mode(tmp_path: Path) -> None:
    (tmp_path / "smooth.cpp").write_text(SMOOTH)
    (tmp_path / "driver.cpp").write_text(SMOOTH_DRIVER)
    common = ["parallelize", "smooth.cpp", "--target", "openmp", "--function", "smooth", "--driver", "driver.cpp",
              "--runs", "1"]
    done = seq2par(*common, cwd=tmp_path)
    assert done.returncode == 3 and "S2P501" in done.stderr
    done = seq2par(*common, "--distinct-params", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = (tmp_path / "smooth.omp.cpp").read_text()
    assert pragma_lines(written) == ["#pragma omp parallel for simd"]
    assert "void smooth(std::vector<double> const& in, std::vector<double> &out) {" in written


BITS = """\
#include <vector>
bool parity(std::vector<bool> const& x) {
    bool result = false;
    for (auto const& bit : x)
        result ^= bit;
    return result;
}
long ones(std::vector<bool> const& x) {
    long n = 0;
    for (bool b : x) {
        if (b) n += 1;
    }
    return n;
}
"""

BITS_DRIVER = """\
#include <cstdio>
#include <vector>
bool parity(std::vector<bool> const& x);
long ones(std::vector<bool> const& x);
int main() {
    std::vector<bool> x(3000017);
    for (std::size_t i = 0; i < x.size(); i++) x[i] = (i * 2654435761u >> 7) % 3 == 0;
    std::printf("%d %ld\\n", (int)parity(x), ones(x));
    x.resize(5);
    std::printf("%d %ld\\n", (int)parity(x), ones(x));
    return 0;
}
"""


def test_range_for_over_vector_of_bool_walks_blocks_with_iterators(tmp_path: Path) -> None:
    """gcc's OpenMP range-for computes `begin + k` at every iteration, a division for a bit iterator: the xor
    of a std::vector<bool> ran at 0.59x of the sequential loop at 2 threads (ParEval). Each thread now walks
    its block with `++`; validated at 1, 2, 3 threads."""
    (tmp_path / "bits.cpp").write_text(BITS)
    (tmp_path / "driver.cpp").write_text(BITS_DRIVER)
    for function in ("parity", "ones"):
        done = seq2par("parallelize", "bits.cpp", "--target", "openmp", "--function", function, "--driver",
                       "driver.cpp", "--runs", "1", "-o", f"{function}.cpp", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        written = (tmp_path / f"{function}.cpp").read_text()
        assert "for (auto s2p_it = x.begin() + s2p_lo, s2p_end = x.begin() + s2p_hi; s2p_it != s2p_end; ++s2p_it)" \
            in written
        reduction = "^: result" if function == "parity" else "+: n"
        assert pragma_lines(written) == [f"#pragma omp parallel reduction({reduction})"]


MALLOC_HISTOGRAM = """\
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
    long n = 2000000, bins = 300;
    int *key = malloc(n * sizeof *key);
    double *h = malloc(bins * sizeof *h);
    for (long i = 0; i < n; i++)
        key[i] = (int)((i * 7919) % bins);
    for (long b = 0; b < bins; b++)
        h[b] = 0.0;
    for (long i = 0; i < n; i++)
        h[key[i]] += 0.5 * (double)(i % 3);
    double s = 0;
    for (long b = 0; b < bins; b++)
        s += h[b] * (double)b;
    printf("%.6f\\n", s);
    free(key);
    free(h);
    return 0;
}
"""


def test_array_reduction_into_a_malloced_array(tmp_path: Path) -> None:
    """`double *h = malloc(bins * sizeof *h)`: the histogram reduces the section h[:bins] (its extent from
    the allocation: the bytes over the element's size), validated at 1-3 threads. When `bins` changes after
    the allocation the text no longer gives the extent, and the loop stays sequential with the reason."""
    (tmp_path / "hist.c").write_text(MALLOC_HISTOGRAM)
    done = seq2par("parallelize", "hist.c", "--target", "openmp", "--runs", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    pragmas = pragma_lines((tmp_path / "hist.omp.c").read_text())
    assert "#pragma omp parallel for reduction(+: h[:(((size_t)(bins * sizeof *h)) / sizeof(double))]) " \
        "firstprivate(n, key)" in pragmas, pragmas
    first_loop = "    for (long i = 0; i < n; i++)\n        key[i]"
    (tmp_path / "moved.c").write_text(MALLOC_HISTOGRAM.replace(first_loop, "    bins = bins - 1;\n" + first_loop))
    done = seq2par("parallelize", "moved.c", "--target", "openmp", "--no-validate", "--format", "json",
                   cwd=tmp_path)
    reasons = [s["reason"] for s in json.loads(done.stdout)["sequential"]]
    assert "array reduction into `h`, whose extent is not known here" in reasons, reasons


INDEX_PLUS_CONSTANT = """\
#include <cstdio>
#include <vector>

struct Stats { double sum = 0; long count = 0; };

int main() {
    std::vector<double> u(400000), v(400000), empty;
    for (size_t i = 0; i < u.size(); ++i)
        u[i] = (double)(i % 17) * 0.25;
    for (size_t i = 1; i + 1 < u.size(); ++i)
        v[i] = 0.5 * u[i] + 0.25 * (u[i - 1] + u[i + 1]);
    double s = 0;
    for (size_t i = 1; i + 1 < empty.size(); ++i)  // no iteration: 0 - 1 must not wrap to a huge bound
        s += empty[i];
    Stats st;
    for (size_t i = 0; i < v.size(); ++i) {
        st.sum += v[i];
        st.count++;
    }
    std::printf("%.10e %.10e %ld\\n", s, st.sum, st.count);
    return 0;
}
"""


def test_index_plus_constant_conditions_and_member_reductions(tmp_path: Path) -> None:
    """`i + 1 < n` (unsigned-safe, common with size_t) is counted and gets OpenMP's `i < bound` form, guarded
    so that an empty container still runs no iteration; a reduction into a struct member is refused with the
    reason (`reduction(+: st.sum)` does not compile: it once reached the compiler and the hazard check)."""
    (tmp_path / "cond.cpp").write_text(INDEX_PLUS_CONSTANT)
    done = seq2par("parallelize", "cond.cpp", "--target", "openmp", "--runs", "1", "--format", "json",
                   cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = (tmp_path / "cond.omp.cpp").read_text()
    assert "for (size_t i = 1; i < ((u.size()) >= 1 ? (u.size()) - 1 : 0); ++i)" in written
    assert "for (size_t i = 1; i < ((empty.size()) >= 1 ? (empty.size()) - 1 : 0); ++i)" in written
    reasons = [s["reason"] for s in json.loads(done.stdout)["sequential"]]
    assert any(r.startswith("reduction into `st.sum`, a member") for r in reasons), reasons


HAND_WRITTEN_PRAGMA = """\
#include <stdio.h>
#define N 200000
double a[N], b[N];
int main(void) {
    #pragma omp parallel for
    for (int i = 0; i < N; i++) a[i] = i * 0.5;
#pragma scop
    for (int i = 0; i < N; i++) b[i] = a[i] * 2.0;
#pragma endscop
    printf("%.3f\\n", b[N - 1]);
    return 0;
}
"""


def test_a_loop_under_a_pragma_of_its_own_is_left_as_written(tmp_path: Path) -> None:
    """A second directive on a loop the user already annotated broke the build ("for statement expected
    before '#pragma'"): that loop keeps the user's directive, the others get theirs, also after a pragma
    that marks a region rather than the next statement (PolyBench's `#pragma scop`)."""
    (tmp_path / "pre.c").write_text(HAND_WRITTEN_PRAGMA)
    done = seq2par("parallelize", "pre.c", "--target", "openmp", "--runs", "1", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    pragmas = pragma_lines((tmp_path / "pre.omp.c").read_text())
    assert pragmas == ["#pragma omp parallel for", "#pragma omp parallel for simd"], pragmas
    reasons = [s["reason"] for s in json.loads(done.stdout)["sequential"]]
    assert "the loop is under `#pragma omp parallel for` already: left as written" in reasons, reasons


def test_no_parallel_region_inside_a_loop_the_source_gives_an_omp_directive(tmp_path: Path) -> None:
    """A matrix product whose i loop carries the user's `#pragma omp simd` got `#pragma omp parallel for` on
    its k loop, inside the simd region: the build failed (exit 5). The nest under a user's OpenMP directive is
    left as written."""
    (tmp_path / "mm.c").write_text("#include <stdio.h>\n#define M 300\ndouble A[M][M], B[M][M], C[M][M];\n"
                                   "int main(void) {\n"
                                   "    for (int i = 0; i < M; i++) for (int j = 0; j < M; j++)\n"
                                   "        { A[i][j] = (i + j) % 7; B[i][j] = (i * j) % 5; }\n"
                                   "    #pragma omp simd\n    for (int i = 0; i < M; i++)\n"
                                   "        for (int k = 0; k < M; k++)\n            for (int j = 0; j < M; j++)\n"
                                   "                C[i][j] += A[i][k] * B[k][j];\n"
                                   '    printf("%.17g\\n", C[7][9]);\n    return 0;\n}\n')
    done = seq2par("parallelize", "mm.c", "--target", "openmp", "--no-validate", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = (tmp_path / "mm.omp.c").read_text()
    nest = written[written.index("#pragma omp simd\n    for (int i"):]
    assert "parallel" not in nest, nest


def test_function_mode_builds_a_c_library_with_a_cpp_driver(tmp_path: Path) -> None:
    """Review of function mode: a C file with a C++ driver (`extern "C"`) was compiled as C++ with the
    driver (`void *` conversions and the like failed: "original does not compile", exit 5); each is now
    compiled as its own language and linked as C++."""
    (tmp_path / "lib.c").write_text(
        "#include <stdlib.h>\n"
        "void vscale(double *restrict y, const double *restrict x, int n) {\n"
        "    double *tmp = malloc(sizeof(double));  /* C: no cast needed */\n"
        "    for (int i = 0; i < n; i++) y[i] = 2.5 * x[i] + 1.0;\n"
        "    free(tmp);\n}\n")
    (tmp_path / "drv.cpp").write_text(
        "#include <cstdio>\n#include <vector>\n"
        "extern \"C\" void vscale(double *y, const double *x, int n);\n"
        "int main() {\n    int n = 300000;\n    std::vector<double> x(n), y(n);\n"
        "    for (int i = 0; i < n; i++) x[i] = (i * 37 % 101) / 7.0;\n"
        "    vscale(y.data(), x.data(), n);\n"
        "    double c = 0; for (int i = 0; i < n; i++) c += y[i] * (i % 7);\n"
        "    std::printf(\"%.10g\\n\", c);\n}\n")
    done = seq2par("parallelize", "lib.c", "--target", "openmp", "--function", "vscale", "--driver", "drv.cpp",
                   "--allow-slower", "--runs", "1", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "lib.omp.c").read_text().startswith("/* seq2par: VALIDATED")


def test_function_mode_refuses_a_name_defined_twice(tmp_path: Path) -> None:
    """Review of function mode: `--function total` with two overloads `total` (in a namespace) parallelized
    the last one silently; the loops of the first were not even analyzed."""
    (tmp_path / "lib.cpp").write_text(
        "#include <vector>\nnamespace ns {\n"
        "double total(std::vector<double> const &v) { double s = 0; for (double x : v) s += x * x; return s; }\n"
        "double total(std::vector<float> const &v) { double s = 0; for (float x : v) s += x; return s; }\n}\n")
    done = seq2par("parallelize", "lib.cpp", "--target", "openmp", "--function", "total", "--no-validate",
                   cwd=tmp_path)
    assert done.returncode == 2 and "`total` is defined 2 times" in done.stderr, done.stderr
    assert not (tmp_path / "lib.omp.cpp").exists()
    analyzed = seq2par("analyze", "lib.cpp", "--format", "json", cwd=tmp_path)
    assert [loop["line"] for loop in json.loads(analyzed.stdout)[0]["loops"]] == [3, 4]


RACY_USER_DIRECTIVE = """\
#include <stdio.h>
#define N 2000
static double a[N * 200], b[N];
int main(void) {
    for (int i = 0; i < N * 200; i++) a[i] = (i % 7) * 0.5;
    for (int r = 0; r < 50; r++)
        for (int j = 0; j < N; j++) {
            double t = 0.0;
            #pragma omp simd
            for (int i = 0; i < 200; i++) t += a[j * 200 + i];
            b[j] += t;
        }
    double s = 0.0;
    for (int j = 0; j < N; j++) s += b[j];
    printf("%.6f\\n", s);
    return 0;
}
"""


def test_a_racy_directive_of_the_source_is_reported_as_the_users(tmp_path: Path) -> None:
    """The source's own `#pragma omp simd` sums into t without a reduction clause: the second gate refused the
    generated program and called it a bug of seq2par. The hazard is the source's (kept as written): it is
    reported at its line in the source, as the user's to fix, and nothing is written (exit 4)."""
    (tmp_path / "racy.c").write_text(RACY_USER_DIRECTIVE)
    done = seq2par("parallelize", "racy.c", "--target", "openmp", "--runs", "1", "--format", "json", cwd=tmp_path)
    assert done.returncode == 4, done.stderr
    assert not (tmp_path / "racy.omp.c").exists()
    report = json.loads(done.stdout)
    assert report["status"] == "hazard" and report["hazards"] == [], report
    assert [h.split(":")[:2] for h in report["source_hazards"]] == [["9", "13"]], report
    assert "S2P703" in report["source_hazards"][0]
    assert "racy.c:9:13: S2P703" in done.stderr and "bug of seq2par" not in done.stderr, done.stderr
