"""Aliasing through struct members, C++ references and views, and loop bounds stored in arrays.

Each loop in DEPENDENT carries a dependence through storage the analysis did not connect: a pointer member
aimed into an array that is also reached another way, a reference or view bound to an object the loop
also names directly, an `operator[]` that folds two indices onto one cell, or a loop bound kept in an array
element that the body writes. All of them were reported parallel (f14 even as a reduction over `lim[]`).
GUARDS are near neighbours whose accesses provably do not overlap; they must stay parallel, so the fix
cannot be "anything reached through a member or a reference is sequential".
The loop under test is the one whose header line carries the marker comment `/*T*/`.
"""

from __future__ import annotations

import textwrap

import pytest

from seq2par.analyzers import analyze_source

MARK = "/*T*/"

# id → (language, source); every marked loop carries a cross-iteration dependence
DEPENDENT = {
    # pr.dst is pr.src + 1: iteration i writes a[i + 1], which iteration i + 1 reads
    "f1_local_struct_two_pointers": ("c", r"""
        double a[101];
        struct Pair { double *src, *dst; };
        void f(void) {
            struct Pair pr = { a, a + 1 };
            for (int i = 0; i < 100; i++) /*T*/
                pr.dst[i] = pr.src[i] + 1.0;
        }
    """),
    # b.data may be src (and is, at the call): a plain pointer pair seen through a by-value struct
    "f2_struct_by_value_member_aliases_arg": ("c", r"""
        double a[101];
        struct Buf { double *data; int n; };
        static void shift(struct Buf b, const double *src) {
            for (int i = 0; i < b.n; i++) /*T*/
                b.data[i + 1] = src[i] + 1.0;
        }
        void run(void) { struct Buf b = { a, 100 }; shift(b, a); }
    """),
    "f3_callee_reads_global_struct_member": ("c", r"""
        double a[101];
        struct Ctx { double *in; } ctx;
        static double next(int i) { return ctx.in[i + 1]; }
        void f(void) {
            ctx.in = a;  // the loop writes a[i], the callee reads a[i + 1]
            for (int i = 0; i < 100; i++) /*T*/
                a[i] = next(i) * 0.5;
        }
    """),
    "f4_array_of_structs_pointer_members": ("c", r"""
        double buf[101];
        struct Blk { double *data; int n; };
        void f(void) {
            struct Blk blocks[2];
            blocks[0].data = buf; blocks[1].data = buf + 1;
            for (int i = 0; i < 100; i++) /*T*/
                blocks[1].data[i] = blocks[0].data[i] + 1.0;
        }
    """),
    "f5_reference_params_same_struct": ("cpp", r"""
        #include <vector>
        struct Grid { std::vector<double> u; };
        static void relax(Grid &a, const Grid &b, int n) {
            for (int i = 0; i < n; i++) /*T*/
                a.u[i + 1] = b.u[i] + 1.0;
        }
        void run(Grid &g, int n) { relax(g, g, n); }
    """),
    "f6_auto_ref_to_array_member": ("cpp", r"""
        struct Grid { double raw[101]; } g;
        void f() {
            auto &arr = g.raw;
            for (int i = 0; i < 100; i++) /*T*/
                g.raw[i + 1] = arr[i] + 1.0;
        }
    """),
    "f7_reference_to_whole_struct": ("cpp", r"""
        #include <vector>
        struct Grid { std::vector<double> u; };
        void f(int n) {
            Grid g; g.u.assign(n + 1, 1.0);
            Grid &rg = g;
            for (int i = 0; i < n; i++) /*T*/
                g.u[i + 1] = rg.u[i] + 1.0;
        }
    """),
    "f8_reference_member": ("cpp", r"""
        #include <vector>
        struct Holder { std::vector<double> &ref; };
        void f(int n) {
            std::vector<double> v(n + 1, 1.0);
            Holder h{v};
            for (int i = 0; i < n; i++) /*T*/
                h.ref[i + 1] = v[i] + 1.0;
        }
    """),
    "f9_user_operator_subscript_wraps": ("cpp", r"""
        #include <vector>
        struct Periodic {
            std::vector<double> d;
            int n;  // u[-1] and u[n - 1] are one cell, so are u[0] and u[n]
            explicit Periodic(int n_) : d(n_, 0.0), n(n_) {}
            double &operator[](int i) { return d[(i + n) % n]; }
        };
        void f(int n) {
            Periodic u(n);
            for (int i = -1; i <= n; i++) /*T*/
                u[i] = u[i] * 0.5 + i;
        }
    """),
    "f10_iterator_subscript": ("cpp", r"""
        #include <vector>
        void f(int n) {
            std::vector<double> v(n + 1, 1.0);
            auto it = v.begin();
            for (int i = 0; i < n; i++) /*T*/
                it[i + 1] = v[i] + 1.0;
        }
    """),
    "f11_reference_from_conditional": ("cpp", r"""
        #include <vector>
        void f(int n, bool pick) {
            std::vector<double> v(n + 1, 1.0), w(n + 1, 2.0);
            std::vector<double> &r = pick ? v : w;  // r may be v
            for (int i = 0; i < n; i++) /*T*/
                v[i + 1] = r[i] + 1.0;
        }
    """),
    "f12_span_view": ("cpp", r"""
        #include <span>
        #include <vector>
        void f(int n) {
            std::vector<double> v(n + 1, 1.0);
            std::span<double> s(v);
            for (int i = 0; i < n; i++) /*T*/
                s[i + 1] = v[i] + 1.0;
        }
    """),
    # iteration 0 sets cnt[0] = 0, which ends the loop: the trip count depends on the body
    "f13_bound_element_written_by_body": ("c", r"""
        int cnt[64];
        void f(void) { for (int i = 0; i < cnt[0]; i++) cnt[i] = i; } /*T*/
    """),
    # the bound shrinks every iteration: 32 iterations, not 64; `lim[0] -= 1` is no reduction
    "f14_bound_element_decremented": ("c", r"""
        double a[64];
        void f(void) {
            int lim[1] = { 64 };
            for (int i = 0; i < lim[0]; i++) { /*T*/
                a[i] = 1.0;
                lim[0] -= 1;
            }
        }
    """),
}

# id → (language, source); every marked loop is free of cross-iteration dependences
GUARDS = {
    "g1_local_struct_two_array_members": ("c", r"""
        void f(void) {
            struct F { double u[100], v[100]; } s;
            for (int i = 0; i < 100; i++) s.u[i] = s.v[i] + 1.0; /*T*/
        }
    """),
    "g2_distinct_global_arrays_of_structs": ("c", r"""
        struct P { double x, y; };
        struct P p[100], q[100];
        void f(void) { for (int i = 0; i < 100; i++) p[i].x = q[i].x * 2.0; } /*T*/
    """),
    # each member holds its own fresh allocation and the struct does not escape before the loop
    "g3_members_from_separate_mallocs": ("c", r"""
        #include <stdlib.h>
        struct Two { double *a, *b; };
        void f(int n) {
            struct Two t;
            t.a = malloc(n * sizeof(double));
            t.b = malloc(n * sizeof(double));
            for (int i = 0; i < n; i++) /*T*/
                t.a[i] = t.b[i] + 1.0;
            free(t.a); free(t.b);
        }
    """),
    # two vector members of one object are two objects
    "g4_method_on_own_vector_members": ("cpp", r"""
        #include <vector>
        class Field {
            std::vector<double> u, v;
        public:
            void scale(int n) {
                for (int i = 0; i < n; i++) /*T*/
                    u[i] = 2.0 * v[i];
            }
        };
    """),
    "g5_method_via_explicit_this": ("cpp", r"""
        #include <vector>
        struct Field {
            std::vector<double> u, v;
            void scale(int n) { for (int i = 0; i < n; i++) this->u[i] = 2.0 * this->v[i]; } /*T*/
        };
    """),
    "g6_vector_reference_param_in_place": ("cpp", r"""
        #include <vector>
        void f(std::vector<double> &x, int n) {
            for (int i = 0; i < n; i++) x[i] = 2.0 * x[i]; /*T*/
        }
    """),
    "g7_auto_ref_in_place": ("cpp", r"""
        #include <vector>
        void f(int n) {
            std::vector<double> v(n, 1.0);
            auto &r = v;
            for (int i = 0; i < n; i++) /*T*/
                r[i] = 2.0 * r[i];
        }
    """),
    "g8_bound_element_only_read": ("c", r"""
        int n[1];
        double a[100], b[100];
        void f(void) {
            for (int i = 0; i < n[0]; i++) a[i] = b[i]; /*T*/
        }
    """),
}

MODES = pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])


def marked_loop(case_id: str, lang: str, code: str, use_libclang: bool):
    """The loop whose header carries the one /*T*/ marker, analyzed in the given mode."""
    src = textwrap.dedent(code).lstrip("\n")
    lines = [n for n, text in enumerate(src.splitlines(), start=1) if MARK in text]
    assert len(lines) == 1, f"{case_id}: exactly one {MARK} marker expected, found {len(lines)}"
    report = analyze_source(src, path="t.c" if lang == "c" else "t.cpp", use_libclang=use_libclang)
    if use_libclang and lang == "cpp" and "<span>" in src and report.mode != "libclang":
        pytest.skip(f"libclang could not take <span>: {report.mode_note}")
    assert not report.parse_errors, [f.message for f in report.parse_errors]
    loop = report.loop_at_line(lines[0])
    assert loop is not None and loop.line == lines[0], f"{case_id}: no loop on line {lines[0]}"
    return loop


def describe(loop) -> str:
    return f"{loop.summary()} findings={[(f.code, f.blocking, f.message) for f in loop.findings]}"


def openmp_outputs(tmp_path, original: str, parallel: str, *args: str) -> list[list[str]]:
    """Build the C++ program `original` and its OpenMP version `parallel` with g++ -O2 and run each with
    `args` at 2 and 3 threads: [[original's two outputs], [parallel's two outputs]]."""
    import subprocess

    outputs = []
    for name, text, flags in (("seq", original, []), ("omp", parallel, ["-fopenmp"])):
        (tmp_path / f"{name}.cpp").write_text(text)
        subprocess.run(["g++", "-O2", *flags, "-o", str(tmp_path / name), str(tmp_path / f"{name}.cpp")],
                       check=True, capture_output=True)
        outputs.append([subprocess.run([str(tmp_path / name), *args], capture_output=True, text=True, timeout=60,
                                       env={"OMP_NUM_THREADS": str(threads)}).stdout for threads in (2, 3)])
    return outputs


@MODES
@pytest.mark.parametrize("case_id", list(DEPENDENT))
def test_loop_carrying_an_aliased_dependence_is_sequential(case_id: str, use_libclang: bool) -> None:
    lang, code = DEPENDENT[case_id]
    loop = marked_loop(case_id, lang, code, use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.blocking for f in loop.findings), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(GUARDS))
def test_provably_disjoint_neighbour_stays_parallel(case_id: str, use_libclang: bool) -> None:
    lang, code = GUARDS[case_id]
    loop = marked_loop(case_id, lang, code, use_libclang)
    assert loop.verdict == "parallel", describe(loop)
    assert not any(f.blocking for f in loop.findings), describe(loop)
