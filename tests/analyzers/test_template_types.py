"""Loops in C++ templates, judged for every type the template may be given (a helper's review of the OpenMP
target on C++, 2026-12-07 evening: each was called parallel, validated with the default input, and the OpenMP
program was wrong for another one; the same loops in plain functions were sequential):

- a reference of a template parameter's type (`const T &s`) was not taken for a reference to a number, so
  `scale(v, v[k])` divided by an element the loop changes (47880 printed for 29880 at 2 threads), and
  `i < cnt` with `fillz(w, w[k])` read a bound the loop zeroes;
- a container of a template parameter's type (`C &c`) was subscripted as an array: `add(m, n)` with a
  `std::map` inserted from every thread (wrong sums, one run hung), a class's own `operator[]` folding indices
  (`d[i % cap]`), a `std::vector<bool>` whose bits share words;
- a `std::vector<T>` written by the loop, where T may be `bool` (also, since 2026-12-07 night, through an alias
  the template declares: `using V = std::vector<T>; V &v`, `typedef std::vector<T> Vec;` in a class template).

The controls: the same templates where every call binds distinct objects, a `T` by value, a program that
never names `bool`, and `T *` elements (objects of their own)."""

from __future__ import annotations

import shutil

import pytest

from seq2par.analyzers import analyze_source
from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop, openmp_outputs

HEADER = """
    #include <cstdio>
    #include <cstdlib>
    #include <map>
    #include <vector>
"""

SEQUENTIAL = {
    "vector_of_bool_through_a_using_alias": """
        #include <vector>
        using BV = std::vector<bool>;
        int main() {
          int n = 1000; BV v(n);
          for (int i = 0; i < n; i++) v[i] = (i % 3 == 0);  /*T*/
          long c = 0; for (int i = 0; i < n; i++) c += v[i];
          printf("%ld\\n", c);
        }
    """,
    "vector_of_bool_through_an_alias_template": """
        #include <vector>
        template <class T> using Flags = std::vector<bool>;
        int main() {
          int n = 1000; Flags<int> v(n);
          for (int i = 0; i < n; i++) v[i] = (i % 3 == 0);  /*T*/
          long c = 0; for (int i = 0; i < n; i++) c += v[i];
          printf("%ld\\n", c);
        }
    """,
    "vector_of_a_nested_type_name": """
        #include <vector>
        template <class T> struct Box { using type = T; };
        int main() {
          int n = 1000; std::vector<Box<bool>::type> v(n);
          for (int i = 0; i < n; i++) v[i] = (i % 3 == 0);  /*T*/
          long c = 0; for (int i = 0; i < n; i++) c += v[i];
          printf("%ld\\n", c);
        }
    """,
    "vector_of_decltype": """
        #include <vector>
        int main() {
          int n = 1000; std::vector<decltype(true)> v(n);
          for (int i = 0; i < n; i++) v[i] = (i % 3 == 0);  /*T*/
          long c = 0; for (int i = 0; i < n; i++) c += v[i];
          printf("%ld\\n", c);
        }
    """,
    "vector_with_a_deduced_element_type": """
        #include <vector>
        int main() {
          int n = 1000; std::vector v(n, false);
          for (int i = 0; i < n; i++) v[i] = (i % 3 == 0);  /*T*/
          long c = 0; for (int i = 0; i < n; i++) c += v[i];
          printf("%ld\\n", c);
        }
    """,
    "member_vector_of_a_class_template_used_outside": """
        #include <vector>
        template <class T> struct W { std::vector<T> data; W(int n) : data(n) {} };
        int main() {
          int n = 1000; W<bool> w(n);
          for (int i = 0; i < n; i++) w.data[i] = (i % 3 == 0);  /*T*/
          long c = 0; for (int i = 0; i < n; i++) c += w.data[i];
          printf("%ld\\n", c);
        }
    """,
    "alias_declared_in_the_template": """
        template <typename T> void put(std::vector<T> &w, int n) {
            using V = std::vector<T>;
            V &v = w;
            for (int i = 0; i < n; i++) v[i] = (i % 3 == 0);  /*T*/
        }
        int main() {
            std::vector<bool> b(1000);
            put(b, 1000);
            int c = 0;
            for (int i = 0; i < 1000; i++) c += b[i];
            printf("%d\\n", c);
        }
    """,
    "typedef_in_a_class_template": """
        template <typename T> struct Box {
            typedef std::vector<T> Vec;
            Vec data;
            void fill(int n) { for (int i = 0; i < n; i++) data[i] = (i % 2 == 0); }  /*T*/
        };
        int main() {
            Box<bool> x;
            x.data.resize(1000);
            x.fill(1000);
            int c = 0;
            for (int i = 0; i < 1000; i++) c += x.data[i];
            printf("%d\\n", c);
        }
    """,
    "const_ref_bound_to_element": """
        template <typename T> void scale(std::vector<T> &v, const T &s) {
            for (std::size_t i = 0; i < v.size(); i++) v[i] = v[i] * s;  /*T*/
        }
        int main(int argc, char **argv) {
            std::vector<double> b(100, 2.0);
            int k = argc > 1 ? atoi(argv[1]) : 0;
            scale(b, b[k]);
            printf("%f\\n", b[99]);
        }
    """,
    "explicit_instantiation": """
        template <typename T> void scale(std::vector<T> &v, const T &s) {
            for (std::size_t i = 0; i < v.size(); i++) v[i] = v[i] * s;  /*T*/
        }
        int main(int argc, char **argv) {
            std::vector<int> w(100, 2);
            scaleT:
            scale<int>(w, w[argc]);
            printf("%d\\n", w[99]);
        }
    """,
    "member_template_const_ref": """
        struct Obj {
            std::vector<long> v;
            template <class T> void mul(const T &s) {
                for (std::size_t i = 0; i < v.size(); i++) v[i] = v[i] * s;  /*T*/
            }
        };
        int main(int argc, char **argv) {
            Obj o; o.v.assign(100, 3);
            o.mul(o.v[argc]);
            printf("%ld\\n", o.v[99]);
        }
    """,
    "const_ref_in_the_bound": """
        template <class T> void fillz(std::vector<T> &v, const T &cnt) {
            for (int i = 0; i < cnt; i++) v[i] = 0;  /*T*/
        }
        int main(int argc, char **argv) {
            std::vector<int> w(100, 50);
            fillz(w, w[argc]);
            printf("%d\\n", w[99]);
        }
    """,
    "container_parameter_given_a_map": """
        template <class C> void add(C &c, int n) {
            for (int i = 0; i < n; i++) c[i] += 1;  /*T*/
        }
        int main(int argc, char **argv) {
            std::map<int, int> m;
            std::vector<int> v(100);
            add(m, argc * 100);
            add(v, 100);
            printf("%zu %d\\n", m.size(), v[3]);
        }
    """,
    "container_parameter_read_only": """
        template <class C> long total(C &c, int n) {
            long s = 0;
            for (int i = 0; i < n; i++) s += c[i];  /*T*/
            return s;
        }
        int main(int argc, char **argv) {
            std::map<int, int> m;
            printf("%ld %zu\\n", total(m, argc * 100), m.size());
        }
    """,
    "abbreviated_template_const_ref": """
        void scale(std::vector<double> &v, const auto &s, int n) {
            for (int i = 0; i < n; i++) v[i] = v[i] / s;  /*T*/
        }
        int main(int argc, char **argv) {
            std::vector<double> v(100, 4.0);
            scale(v, v[argc], 100);
            printf("%f\\n", v[99]);
        }
    """,
    "decltype_parameter": """
        void scale(std::vector<double> &v, decltype(v[0]) s, int n) {
            for (int i = 0; i < n; i++) v[i] = v[i] / s;  /*T*/
        }
        int main(int argc, char **argv) {
            std::vector<double> v(100, 4.0);
            scale(v, v[argc], 100);
            printf("%f\\n", v[99]);
        }
    """,
    "abbreviated_template_container": """
        void put(auto &c, int n) {
            for (int i = 0; i < n; i++) c[i] = 2 * i;  /*T*/
        }
        int main(int argc, char **argv) {
            std::map<int, long> m;
            put(m, argc * 100);
            printf("%zu\\n", m.size());
        }
    """,
    "pointer_to_vector_of_parameter": """
        template <class T> void fill(std::vector<T> *p, int n) {
            for (int i = 0; i < n; i++) (*p)[i] = (i % 3 != 0);  /*T*/
        }
        int main(int argc, char **argv) {
            std::vector<decltype(argc > 0)> v(200);
            fill(&v, 200);
            printf("%d\\n", (int) v[7]);
        }
    """,
    "vector_of_parameter_maybe_bool": """
        template <class T> void flip(std::vector<T> &c, int n) {
            for (int i = 0; i < n; i++) c[i] = !c[i];  /*T*/
        }
        int main(int argc, char **argv) {
            std::vector<bool> b(200, false);
            for (int t = 0; t < argc; t++) flip(b, 200);
            printf("%d\\n", (int) b[7]);
        }
    """,
}

PARALLEL = {
    "vectors_of_a_typedef_struct_and_of_pairs": """
        #include <utility>
        typedef struct { double x, y; } Pt;
        int main() {
            int n = 1000; std::vector<Pt> p(n); std::vector<std::pair<int, int>> q(n);
            for (int i = 0; i < n; i++) { p[i].x = i; q[i].first = i; }  /*T*/
            printf("%f %d\\n", p[3].x, q[4].first);
        }
    """,
    "const_ref_bound_to_a_local": """
        template <typename T> void scale(T *v, int n, const T &s) {
            for (int i = 0; i < n; i++) v[i] = v[i] * s;  /*T*/
        }
        int main(int argc, char **argv) {
            std::vector<double> b(100, 2.0);
            double f = argc * 1.5;
            scale(b.data(), 100, f);
            printf("%f\\n", b[99]);
        }
    """,
    "value_parameter": """
        template <typename T> void scale(T *v, int n, T s) {
            for (int i = 0; i < n; i++) v[i] = v[i] * s;  /*T*/
        }
        int main(int argc, char **argv) {
            std::vector<double> b(100, 2.0);
            scale(b.data(), 100, b[argc]);
            printf("%f\\n", b[99]);
        }
    """,
    "vector_of_parameter_read_only": """
        template <typename T> double total(const std::vector<T> &v) {
            double s = 0;
            for (std::size_t i = 0; i < v.size(); i++) s += v[i];  /*T*/
            return s;
        }
        int main(int argc, char **argv) {
            std::vector<double> b(100, 2.0 * argc);
            printf("%f\\n", total(b));
        }
    """,
}


@MODES
@pytest.mark.parametrize("case_id", list(SEQUENTIAL))
def test_template_loops_are_judged_for_every_type(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "cpp", HEADER + SEQUENTIAL[case_id], use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.blocking and f.code in ("S2P501", "S2P403", "S2P302", "S2P203") for f in loop.findings), \
        describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(PARALLEL))
def test_template_loops_that_stay_parallel(case_id: str, use_libclang: bool) -> None:
    loop = marked_loop(case_id, "cpp", HEADER + PARALLEL[case_id], use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


RING_PROGRAM = """
#include <cstdio>
#include <cstdlib>
#include <vector>
struct Ring {
    std::vector<double> d;
    int cap;
    double &operator[](int i) { return d[i % cap]; }
};
template <class C> void add(C &c, int n) { for (int i = 0; i < n; i++) c[i] += i; }
int main(int argc, char **argv) {
    int n = argc > 1 ? atoi(argv[1]) : 10;
    int cap = argc > 2 ? atoi(argv[2]) : n;
    Ring r{std::vector<double>(cap, 0.0), cap};
    add(r, n);
    double s = 0;
    for (int k = 0; k < cap; k++) s += r.d[k];
    printf("%.1f\\n", s);
}
"""


@pytest.mark.skipif(shutil.which("g++") is None, reason="needs g++")
def test_openmp_program_of_a_container_template_prints_what_the_original_prints(tmp_path) -> None:
    """End to end, with an input the validation's default run does not use (one slot for every index): before
    the fix the template's loop ran in threads that added into the slot a class's `operator[]` gave for many
    indices (499999500000.0 printed for 1999999000000.0 at 2 threads)."""
    from seq2par.generators.openmp import generate_openmp

    parallel = generate_openmp(analyze_source(RING_PROGRAM, "ring.cpp")).source
    outputs = openmp_outputs(tmp_path, RING_PROGRAM, parallel, "2000000", "1")
    assert outputs[1] == [outputs[0][0]] * 2, parallel
