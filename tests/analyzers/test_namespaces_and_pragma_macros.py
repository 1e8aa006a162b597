"""Shapes of the Parallel Research Kernels' C++ versions (ParRes/Kernels, Cxx11), whose loops got no verdict
or a wrong reason:

- a call of the file's own function through its namespace (`prk::abs(x)`, `ns::sq(x)`, `ns::ab<double>(x)`,
  also `ab<double>(x)`) was a call of unknown effects (S2P301); it is judged by that function's summary when
  the file defines the name once, in that namespace. `other::sq` stays unknown.

- a program that defines a class of a standard name in its own namespace (`prk::vector`, with a pointer
  member and a destructor): `std::vector<double> A` was taken for an object of that class, whose implicit code
  stores through a pointer member, and every loop touching A was sequential (S2P302). `std::vector` is never
  the program's `vector`.
- a statement macro that expands to pragmas only (`#define PRAGMA_SIMD PRAGMA(GCC ivdep)` with `#define
  PRAGMA(x) _Pragma(#x)`) written on its own line before a `for`: the grammar read `PRAGMA_SIMD for (...)` as
  a syntax error and the whole function was dropped (S2P101). Such a macro is blanked, as `#pragma` lines are.
"""

from __future__ import annotations

import pytest

from seq2par.analyzers import analyze_source

MODES = pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])

OWN_VECTOR = """\
#include <cstdlib>
#include <vector>
namespace mine {
    template <typename T>
    class vector {
        T *data_;
        size_t size_;
      public:
        vector(size_t n) { data_ = (T *)std::malloc(n * sizeof(T)); size_ = n; }
        ~vector() { std::free(data_); }
        T &operator[](size_t i) { return data_[i]; }
    };
}
double fill(int n) {
    std::vector<double> a(n);
    for (int i = 0; i < n; i++) a[i] = 0.5 * i;
    double s = 0;
    for (int i = 0; i < n; i++) s += a[i];
    return s;
}
double own(int n) {
    mine::vector<double> b(n);
    for (int i = 0; i < n; i++) b[i] = 0.5 * i;
    return b[0];
}
"""

PRAGMA_MACRO = """\
#define PRAGMA(x) _Pragma(#x)
#if defined(__INTEL_COMPILER)
# define PRAGMA_SIMD PRAGMA(vector) PRAGMA(ivdep)
#elif defined(__GNUC__)
# define PRAGMA_SIMD PRAGMA(GCC ivdep)
#else
# define PRAGMA_SIMD
#endif
void scale(double *restrict out, const double *restrict in, int n) {
    for (int i = 0; i < n; i++) {
        PRAGMA_SIMD
        for (int j = 0; j < n; j++) {
            out[i * n + j] = 2.0 * in[i * n + j];
        }
    }
}
"""


NAMESPACED = """\
#include <vector>
namespace ns {
    inline double sq(double x) { return x * x; }
    template <typename T> T ab(T x) { return x >= 0 ? x : -x; }
    namespace inner { inline double half(double x) { return 0.5 * x; } }
}
namespace other { double sq(double x); }
double f(const std::vector<double> &a) {
    double s = 0;
    for (size_t i = 0; i < a.size(); i++) s += ns::sq(a[i]);
    for (size_t i = 0; i < a.size(); i++) s += ns::ab(a[i]);
    for (size_t i = 0; i < a.size(); i++) s += ns::ab<double>(a[i]);
    for (size_t i = 0; i < a.size(); i++) s += ns::inner::half(a[i]);
    for (size_t i = 0; i < a.size(); i++) s += other::sq(a[i]);
    return s;
}
"""


@MODES
def test_a_call_through_the_functions_namespace_uses_its_summary(use_libclang: bool) -> None:
    report = analyze_source(NAMESPACED, "ns.cpp", use_libclang=use_libclang)
    verdicts = {loop.line: loop for loop in report.loops}
    for n, row in enumerate(NAMESPACED.splitlines(), 1):
        if "s += " not in row:
            continue
        loop = verdicts[n]
        if "other::" in row:
            assert loop.verdict == "sequential" and any(f.code == "S2P301" for f in loop.findings), row
        else:
            assert loop.verdict == "parallel-reduction", (row, [f.message for f in loop.findings])


@MODES
def test_a_standard_container_is_not_the_programs_class_of_that_name(use_libclang: bool) -> None:
    report = analyze_source(OWN_VECTOR, "own.cpp", use_libclang=use_libclang)
    lines = OWN_VECTOR.splitlines()
    verdicts = {loop.line: loop for loop in report.loops}
    for text in ("a[i] = 0.5 * i;", "s += a[i];"):
        line = next(n for n, row in enumerate(lines, 1) if text in row)
        assert verdicts[line].verdict.startswith("parallel"), [f.message for f in verdicts[line].findings]
    # the program's own class runs its own code: `b[i]` goes through its operator[], a call not followed
    line = next(n for n, row in enumerate(lines, 1) if "b[i] = 0.5 * i;" in row)
    assert verdicts[line].verdict == "sequential"


@MODES
def test_a_macro_of_pragmas_before_a_loop_is_blanked(use_libclang: bool) -> None:
    report = analyze_source(PRAGMA_MACRO, "simd.c", use_libclang=use_libclang)
    assert not report.parse_errors, [f.message for f in report.parse_errors]
    lines = PRAGMA_MACRO.splitlines()
    outer = next(n for n, row in enumerate(lines, 1) if "for (int i = 0;" in row)
    inner = next(n for n, row in enumerate(lines, 1) if "for (int j = 0;" in row)
    verdicts = {loop.line: loop.verdict for loop in report.loops}
    assert verdicts.get(outer) == "parallel" and verdicts.get(inner) == "parallel", verdicts


INNER_NAMESPACE = """\
#include <vector>
double total = 0;
namespace c { namespace b { inline void f(double &x) { x *= 2.0; } } }
void all(std::vector<double> &v) {
    for (size_t i = 0; i < v.size(); i++) b::f(v[i]);
}
"""

OWN_SUBSCRIPT = """\
#include <cstdio>
namespace mine {
    template <typename T> struct Vec {
        T *d;
        T &operator[](int) { return d[0]; }
    };
}
double shared = 0;
int main() {
    mine::Vec<double> v{&shared};
    for (int i = 0; i < 1000; i++) v[i] += 1.0;
    std::printf("%f\\n", shared);
    return 0;
}
"""

PRAGMA_WITH_CODE = """\
#include <cstdio>
double total = 0;
#define PRAGMA(x) _Pragma("GCC diagnostic push") total += 1.0; _Pragma(#x)
#define SIMD PRAGMA(GCC ivdep)
int main() {
    double a[1000], b[1000];
    for (int i = 0; i < 1000; i++) a[i] = i;
    for (int i = 0; i < 1000; i++) {
        SIMD for (int k = 0; k < 1; k++) b[i] = a[i] * 2.0;
    }
    std::printf("%f %f\\n", b[5], total);
    return 0;
}
"""


@MODES
def test_a_namespace_named_like_an_inner_one_is_not_resolved(use_libclang: bool) -> None:
    report = analyze_source(INNER_NAMESPACE, "inner.cpp", use_libclang=use_libclang)
    loop = next(lp for lp in report.loops if "b::f" in INNER_NAMESPACE.splitlines()[lp.line - 1])
    assert loop.verdict == "sequential" and any(f.code == "S2P301" for f in loop.findings), loop.findings


@MODES
def test_a_header_naming_the_function_keeps_the_call_unknown(tmp_path, use_libclang: bool) -> None:
    from seq2par.analyzers import analyze_file

    (tmp_path / "h.h").write_text("extern double total;\n"
                                  "namespace b { inline void f(float &x) { total += x; x *= 2.0f; } }\n")
    source = tmp_path / "main.cpp"
    source.write_text('#include <vector>\n#include "h.h"\ndouble total = 0;\n'
                      "namespace b { void f(double &x) { x *= 2.0; } }\n"
                      "void all(std::vector<float> &v) {\n"
                      "    for (size_t i = 0; i < v.size(); i++) b::f(v[i]);\n}\n")
    report = analyze_file(source, [], use_libclang=use_libclang)
    [loop] = report.loops
    assert loop.verdict == "sequential" and any(f.code == "S2P301" for f in loop.findings), loop.findings


@MODES
def test_own_subscript_operator_behind_a_namespace_is_a_call(use_libclang: bool) -> None:
    report = analyze_source(OWN_SUBSCRIPT, "own.cpp", use_libclang=use_libclang)
    loop = next(lp for lp in report.loops if "v[i] += 1.0" in OWN_SUBSCRIPT.splitlines()[lp.line - 1])
    assert loop.verdict == "sequential", loop.findings


@MODES
def test_a_macro_of_pragmas_and_code_is_not_blanked(use_libclang: bool) -> None:
    report = analyze_source(PRAGMA_WITH_CODE, "code.cpp", use_libclang=use_libclang)
    line = next(n for n, row in enumerate(PRAGMA_WITH_CODE.splitlines(), 1)
                if "for (int i = 0; i < 1000; i++) {" in row)
    assert all(not (lp.line == line and lp.verdict.startswith("parallel")) for lp in report.loops)


@MODES
def test_an_overload_in_the_own_header_makes_a_plain_call_unknown(tmp_path, use_libclang: bool) -> None:
    """`f(v[i])` over floats runs the header's `f(float &)` (which adds to a global), not the file's `f(double
    &)`: the file's summary does not stand for the call. A header declaring the file's own `f(double &val)`
    changes nothing."""
    from seq2par.analyzers import analyze_file

    body = ('#include <vector>\n#include "h.h"\ndouble total = 0;\nvoid f(double &x) { x *= 2.0; }\n'
            "void all(std::vector<ELEMENT> &v) {\n    for (size_t i = 0; i < v.size(); i++) f(v[i]);\n}\n")
    (tmp_path / "h.h").write_text("extern double total;\ninline void f(float &x) { total += x; x *= 2.0f; }\n")
    (tmp_path / "over.cpp").write_text(body.replace("ELEMENT", "float"))
    [loop] = analyze_file(tmp_path / "over.cpp", [], use_libclang=use_libclang).loops
    assert loop.verdict == "sequential" and any("f(float &x)" in f.message for f in loop.findings), loop.findings
    (tmp_path / "h.h").write_text("void f(double &val);\n")
    (tmp_path / "same.cpp").write_text(body.replace("ELEMENT", "double"))
    [loop] = analyze_file(tmp_path / "same.cpp", [], use_libclang=use_libclang).loops
    assert loop.verdict == "parallel", loop.findings
