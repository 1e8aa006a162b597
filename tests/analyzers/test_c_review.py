"""Loops a review of plain C (2026-12-06) found reported parallel although they are not: each gave another
result than its OpenMP or MPI program for some input while the default input passed validation. The loop
under test carries the marker `/*T*/` on its header line and must be sequential with a blocking finding
whose message holds the given text; the neighbours, which differ in what makes them safe, stay parallel."""

from __future__ import annotations

import pytest

from tests.analyzers.test_cpp_alias_review import marked  # the loop marked /*T*/ in a source

# id -> (source, text of the blocking finding)
SEQUENTIAL = {
    # with k = 0 the first iteration overwrites the bound: the loop stops after two iterations
    "bound_read_through_a_pointer_into_the_array_written": (r"""
        int a[1002];
        int main(int argc, char **argv) {
            int k = argc > 1 ? 0 : 1;
            a[0] = 1000;
            int *np = &a[0];
            for (int i = 0; i < *np; i++) a[i + k] = 2; /*T*/
            return a[5];
        }
    """, "through `np`"),
    "bound_read_through_a_parameter_given_the_array_written": (r"""
        int a[1002];
        static void fill(const int *np, int *out, int k) {
            for (int i = 0; i < *np; i++) out[i + k] = 2; /*T*/
        }
        int main(int argc, char **argv) { a[0] = 1000; fill(a, a, argc - 1); return a[5]; }
    """, "through `np`"),
    # each thread has its own exception flags: a division by zero in another thread's block is not seen
    "exception_flags_tested_after_the_loop": (r"""
        #include <fenv.h>
        double a[1000], b[1000];
        int main(void) {
            feclearexcept(FE_ALL_EXCEPT);
            for (int i = 0; i < 1000; i++) a[i] = 1.0 / b[i]; /*T*/
            return fetestexcept(FE_DIVBYZERO) != 0;
        }
    """, "floating-point environment"),
    # fesetround reaches the thread that calls it, not the pool's other threads
    "rounding_mode_set_before_the_loop": (r"""
        #include <fenv.h>
        #include <math.h>
        double b[1000]; long q[1000];
        int main(int argc, char **argv) {
            fesetround(argc > 1 ? FE_UPWARD : FE_TONEAREST);
            for (int i = 0; i < 1000; i++) q[i] = lrint(b[i]); /*T*/
            return (int)q[3];
        }
    """, "floating-point environment"),
    # from lo > hi an unsigned char index runs through 255 and wraps around to hi
    "narrow_index_compared_with_not_equal": (r"""
        float tab[256][64];
        int main(int argc, char **argv) {
            int lo = argc > 1 ? 200 : 0, hi = argc > 1 ? 10 : 255;
            for (unsigned char u = lo; u != hi; u++) /*T*/
                for (int j = 0; j < 64; j++) tab[u][j] = u * 3 + j;
            return (int)tab[3][3];
        }
    """, "index `u` of type `unsigned char`"),
    # a start of -10 is 246 in an unsigned char; a bound of 300 is never reached
    "narrow_index_with_a_variable_start": (r"""
        float tab[256][64];
        int main(int argc, char **argv) {
            int lo = argc > 1 ? -10 : 0, hi = argc > 2 ? 300 : 255;
            for (unsigned char u = lo; u < hi; u++) /*T*/
                for (int j = 0; j < 64; j++) tab[u][j] = u * 3 + j;
            return (int)tab[3][3];
        }
    """, "index `u` of type `unsigned char`"),
    # feenableexcept makes a division by zero trap in the calling thread only
    "traps_enabled_before_the_loop": (r"""
        #define _GNU_SOURCE
        #include <fenv.h>
        double a[1000], b[1000];
        int main(void) {
            feenableexcept(FE_DIVBYZERO);
            for (int i = 0; i < 1000; i++) a[i] = 1.0 / b[i]; /*T*/
            return (int)a[3];
        }
    """, "floating-point environment"),
    # perror prints errno: the domain error of another thread's log would not be seen
    "errno_printed_by_perror": (r"""
        #include <math.h>
        #include <stdio.h>
        double x[1000], y[1000];
        int main(void) {
            for (int i = 0; i < 1000; i++) y[i] = log(x[i]); /*T*/
            perror("log");
            return 0;
        }
    """, "errno"),
    "unsigned_index_compared_with_not_equal": (r"""
        float v[1000];
        void f(unsigned lo, unsigned hi) {
            for (unsigned u = lo; u != hi; u++) v[u % 1000] += 1.0f; /*T*/
        }
    """, "unsigned index"),
    # sm writes p[0..M-1] from &a[i][k]: into row i + 1 when k > 0
    "row_pointer_into_the_middle_of_a_row": (r"""
        #define M 32
        double a[1001][M];
        static void sm(double p[M]) { for (int j = 0; j < M; j++) p[j] = p[j] * 0.5 + 1.0; }
        int main(int argc, char **argv) {
            int k = argc - 1;
            for (int i = 0; i < 1000; i++) { a[i][0] = a[i][0] * 3.0 + 1.0; sm(&a[i][k]); } /*T*/
            return (int)a[5][5];
        }
    """, "sm"),
    # the union's two members are one storage: each iteration reads what the previous one stored
    "union_members_carry_a_value": (r"""
        #include <stdint.h>
        union cvt { double d; uint64_t u; };
        double b[1000]; long e[1000];
        int main(void) {
            union cvt cv; cv.d = 0;
            for (int i = 0; i < 1000; i++) { e[i] = (long)(cv.u >> 40); cv.d = b[i]; } /*T*/
            return (int)e[3];
        }
    """, "cv"),
}

PARALLEL = {
    "bound_read_through_a_pointer_to_another_array": r"""
        int a[1000], c[1000];
        static void fill(const int *np, int *out) {
            for (int i = 0; i < *np; i++) out[i] = i * 2; /*T*/
        }
        int main(void) { c[0] = 500; fill(c, a); return a[3]; }
    """,
    "narrow_index_with_constant_bounds": r"""
        double t[300];
        void f(void) { for (unsigned char c = 0; c < 200; c++) t[c] = c; /*T*/ }
    """,
    "row_pointer_to_the_start_of_a_row": r"""
        #define M 32
        double a[1001][M];
        static void sm(double p[M]) { for (int j = 0; j < M; j++) p[j] = p[j] * 0.5 + 1.0; }
        int main(void) {
            for (int i = 0; i < 1000; i++) { a[i][1] = a[i][1] * 3.0 + 1.0; sm(&a[i][0]); } /*T*/
            return (int)a[5][5];
        }
    """,
    "union_member_written_before_read": r"""
        #include <stdint.h>
        union cvt { double d; uint64_t u; };
        double b[1000]; long e[1000];
        void f(void) {
            union cvt cv;
            for (int i = 0; i < 1000; i++) { cv.d = b[i]; e[i] = (long)(cv.u >> 52); } /*T*/
        }
    """,
    # the review of the fixes: needless refusals they made
    "unsigned_index_from_0_with_not_equal": r"""
        #include <stddef.h>
        void f(double *v, size_t n) { for (size_t i = 0; i != n; ++i) v[i] = i * 0.5; /*T*/ }
    """,
    "char_index_over_character_literals": r"""
        int counts[256];
        void f(void) { for (char c = 'a'; c <= 'z'; c++) counts[(int)c] = c * 2; /*T*/ }
    """,
    "short_index_below_a_short_bound": r"""
        double v[40000];
        void f(short n) { for (short i = 0; i < n; i++) v[i] = i * 0.5; /*T*/ }
    """,
    "errno_named_only_in_a_comment": r"""
        #include <math.h>
        double x[1000], y[1000];
        /* log sets errno on a domain error */
        void f(void) { for (int i = 0; i < 1000; i++) y[i] = log(x[i]); /*T*/ }
    """,
    # Fortran-style: the bound's pointer is the address of the caller's scalar (the review of the fixes)
    "bound_through_the_address_of_a_scalar": r"""
        #include <stdlib.h>
        void fill(const int *n, int *a) {
            for (int i = 0; i < *n; i++) a[i] = 2 * i; /*T*/
        }
        int main(void) { int n = 100; int *a = malloc(n * sizeof(int)); fill(&n, a); return a[3]; }
    """,
}


@pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])
@pytest.mark.parametrize("case_id", sorted(SEQUENTIAL))
def test_the_marked_loop_is_sequential_and_says_why(case_id: str, use_libclang: bool) -> None:
    code, text = SEQUENTIAL[case_id]
    loop = marked(code, use_libclang, "t.c")
    assert loop.verdict == "sequential", loop.summary()
    assert any(f.blocking and text in f.message for f in loop.findings), loop.summary()


@pytest.mark.parametrize("use_libclang", [False, True], ids=["treesitter", "libclang"])
@pytest.mark.parametrize("case_id", sorted(PARALLEL))
def test_the_neighbours_stay_parallel(case_id: str, use_libclang: bool) -> None:
    loop = marked(PARALLEL[case_id], use_libclang, "t.c")
    assert loop.verdict.startswith("parallel"), loop.summary()
