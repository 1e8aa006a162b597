"""One element of an array or container named another way: a reference bound to it in the loop body
(`P &p = ps[i];`, `double &r = a[i];`), a pointer to it used with `->` (`P *p = &ps[i]; p->x = ...`), or the
element handed to a function's reference parameter (`bump(ps[i])` with `void bump(P &q)`, also `bump(p)`
for such a reference and for a range-for's element). Each is judged as the element `ps[i]` itself: these were
S2P501 ("`p` is a reference to `ps`"), S2P601 (a store through a pointer) and S2P302 ("writes through its
argument") on loops that are parallel. The sequential cases are the shapes where that reading would be wrong:
a subscript the body changes after the binding, a `const` reference bound to a converted temporary, a block's
reference whose name means another variable after the block, callees that reach more than the element."""

from __future__ import annotations

import pytest

from tests.analyzers.test_member_and_view_aliasing import MODES, describe, marked_loop

GRID = """
    #include <vector>
    std::vector<std::vector<double>> g(64, std::vector<double>(64)), h(64, std::vector<double>(64));
"""

PARTICLE = """
    #include <vector>
    struct P { double x, v; };
"""

PARALLEL = {
    "reference_to_a_vector_element": ("cpp", PARTICLE + """
    void init(std::vector<P> &ps) {
        for (size_t i = 0; i < ps.size(); i++) {  /*T*/
            P &p = ps[i];
            p.x = i * 1e-6;
            p.v = 0;
        }
    }
    """),
    "reference_to_a_double_of_a_vector": ("cpp", """
    #include <vector>
    void twice(std::vector<double> &a) {
        for (size_t i = 0; i < a.size(); i++) {  /*T*/
            double &r = a[i];
            r = r * 2.0;
        }
    }
    """),
    "reference_to_an_element_of_a_true_array": ("cpp", """
    double b[1000];
    void fill() {
        for (int i = 0; i < 1000; i++) {  /*T*/
            double &r = b[i];
            r = i * 2.0;
        }
    }
    """),
    "const_reference_read_into_a_sum": ("cpp", PARTICLE + """
    double energy(const std::vector<P> &ps) {
        double e = 0;
        for (size_t i = 0; i < ps.size(); i++) {  /*T*/
            const P &p = ps[i];
            e += 0.5 * p.v * p.v;
        }
        return e;
    }
    """),
    "auto_reference_to_an_element_of_a_matrix": ("cpp", """
    double m[100][100];
    void scale(int n) {
        for (int i = 0; i < n; i++) {  /*T*/
            for (int j = 0; j < n; j++) {
                auto &c = m[i][j];
                c = c * 0.5 + i;
            }
        }
    }
    """),
    "element_handed_to_a_reference_parameter": ("cpp", PARTICLE + """
    static void bump(P &q) { q.x += q.v; }
    void step(std::vector<P> &ps) {
        for (size_t i = 0; i < ps.size(); i++) {  /*T*/
            bump(ps[i]);
        }
    }
    """),
    "reference_handed_to_a_reference_parameter": ("cpp", PARTICLE + """
    static void bump(P &q) { q.x += q.v; }
    void step(std::vector<P> &ps) {
        for (size_t i = 0; i < ps.size(); i++) {  /*T*/
            P &q = ps[i];
            bump(q);
        }
    }
    """),
    "range_for_element_handed_to_a_reference_parameter": ("cpp", PARTICLE + """
    static void bump(P &q) { q.x += q.v; }
    void step(std::vector<P> &ps) {
        for (auto &q : ps) {  /*T*/
            bump(q);
        }
    }
    """),
    "double_element_handed_to_a_reference_parameter": ("cpp", """
    static void relax(double &d, double w) { for (int k = 0; k < 30; k++) d = d + w * (d * 0.5 - d); }
    double a[4096];
    void sweep() {
        for (int i = 0; i < 4096; i++) {  /*T*/
            relax(a[i], 0.3);
        }
    }
    """),
    "method_through_a_reference_to_an_element": ("cpp", """
    #include <vector>
    struct P {
        double x, v;
        void step(double dt) { v += -x * dt; x += v * dt; }
    };
    void advance(std::vector<P> &ps, double dt) {
        for (size_t i = 0; i < ps.size(); i++) {  /*T*/
            P &p = ps[i];
            p.step(dt);
        }
    }
    """),
    "c_pointer_to_an_element_with_arrow": ("c", """
    typedef struct { double x, v; } P;
    void init(P *ps, int n) {
        for (int i = 0; i < n; i++) {  /*T*/
            P *p = &ps[i];
            p->x = i;
            p->v = 0;
        }
    }
    """),
    "c_pointer_plus_index_with_arrow": ("c", """
    typedef struct { double x, v; } P;
    void drift(P *ps, int n) {
        for (int i = 0; i < n; i++) {  /*T*/
            P *p = ps + i;
            p->x += p->v;
        }
    }
    """),
    # declared in the body, the reference binds to each thread's own copy of `s` under the reduction
    "reduction_through_a_reference_declared_in_the_body": ("cpp", """
    #include <vector>
    double total(std::vector<double> &s, const std::vector<double> &a) {
        for (size_t i = 0; i < a.size(); i++) {  /*T*/
            double &acc = s[1];
            acc += a[i];
        }
        return s[1];
    }
    """),
    "reference_to_a_row_of_a_vector_of_vectors": ("cpp", GRID + """
    void fill(int n) {
        for (int i = 0; i < n; i++) {  /*T*/
            auto &row = g[i];
            for (int j = 0; j < n; j++) row[j] = i + j;
        }
    }
    """),
    "rows_read_and_written_through_references": ("cpp", GRID + """
    void copy(int n) {
        for (int i = 0; i < n; i++) {  /*T*/
            std::vector<double> &row = h[i];
            const auto &src = g[i];
            for (int j = 0; j < n; j++) row[j] = 2 * src[j];
        }
    }
    """),
    "nested_range_for_over_rows": ("cpp", GRID + """
    void twice() {
        for (auto &row : g) {  /*T*/
            for (auto &x : row) x *= 2;
        }
    }
    """),
    "range_for_rows_indexed_up_to_their_size": ("cpp", GRID + """
    void bump() {
        for (auto &row : g) {  /*T*/
            for (size_t j = 0; j < row.size(); j++) row[j] += 1;
        }
    }
    """),
    "rows_indexed_up_to_their_size": ("cpp", GRID + """
    void bump() {
        for (size_t i = 0; i < g.size(); i++) {  /*T*/
            for (size_t j = 0; j < g[i].size(); j++) g[i][j] += 1;
        }
    }
    """),
    "inner_loop_up_to_the_size_of_its_row": ("cpp", GRID + """
    void bump(size_t i) {
        for (size_t j = 0; j < g[i].size(); j++) g[i][j] += 1;  /*T*/
    }
    """),
    "row_handed_to_a_reference_parameter": ("cpp", GRID + """
    static void halve(std::vector<double> &r) { for (auto &x : r) x *= 0.5; }
    void all() {
        for (size_t i = 0; i < g.size(); i++) {  /*T*/
            halve(g[i]);
        }
    }
    """),
}

SEQUENTIAL = {
    "reference_to_the_previous_element": ("cpp", PARTICLE + """
    void smear(std::vector<P> &ps) {
        for (size_t i = 1; i < ps.size(); i++) {  /*T*/
            P &p = ps[i - 1];
            p.x += ps[i].x;
        }
    }
    """),
    "subscript_changed_after_the_binding": ("cpp", """
    #include <vector>
    void pack(std::vector<double> &a, const std::vector<double> &b, int n) {
        int k = 0;
        for (int i = 0; i < n; i++) {  /*T*/
            double &r = a[k];
            k++;
            r = b[i];
        }
    }
    """),
    # r is a temporary double holding the int t[0] of the binding: the previous iteration's value (t is a
    # local array each iteration stores first, which would otherwise make it private)
    "const_reference_to_a_converted_element": ("cpp", """
    double s[1000];
    void carry() {
        int t[1] = {0};
        for (int i = 0; i < 1000; i++) {  /*T*/
            const double &r = t[0];
            t[0] = i;
            s[i] = r;
        }
    }
    """),
    # after the block, `t` is the scalar again: it is read before the iteration writes it
    "block_reference_shadowing_a_scalar": ("cpp", """
    double a[1000], b[1000];
    void shadow() {
        double t = 0;
        for (int i = 0; i < 1000; i++) {  /*T*/
            {
                double &t = a[i];
                t = i;
            }
            b[i] = t;
            t = b[i] + 1;
        }
    }
    """),
    "every_iteration_hands_over_one_element": ("cpp", PARTICLE + """
    static void bump(P &q) { q.x += q.v; }
    void step(std::vector<P> &ps, int n) {
        for (int i = 0; i < n; i++) {  /*T*/
            P &q = ps[0];
            bump(q);
        }
    }
    """),
    "element_chosen_through_an_index_array": ("cpp", PARTICLE + """
    static void bump(P &q) { q.x += q.v; }
    void step(std::vector<P> &ps, const int *idx, int n) {
        for (int i = 0; i < n; i++) {  /*T*/
            bump(ps[idx[i]]);
        }
    }
    """),
    # the element's pointer member may point into storage another element's also points into
    "element_with_a_pointer_member": ("cpp", """
    #include <vector>
    struct R { double *p; double s; };
    static void touch(R &r) { r.p[0] += 1; }
    void all(std::vector<R> &rs) {
        for (size_t i = 0; i < rs.size(); i++) {  /*T*/
            touch(rs[i]);
        }
    }
    """),
    # the reduction would privatize `s`, while `acc` stays bound to the shared s[1] (a second review)
    "reduction_through_a_reference_declared_before_the_loop": ("cpp", """
    #include <vector>
    double total(std::vector<double> &s, const std::vector<double> &a) {
        double &acc = s[1];
        for (size_t i = 0; i < a.size(); i++) {  /*T*/
            acc += a[i];
        }
        return s[1];
    }
    """),
    # the explicit specialization that runs writes a global; the primary template does not (a second review)
    "explicit_specialization_with_effects": ("cpp", """
    #include <vector>
    double G = 0;
    template <typename T> T h(T x) { return x + 1; }
    template <> double h<double>(double x) { G = G * 0.5 + x; return G; }
    void all(std::vector<double> &w, const std::vector<double> &v) {
        for (size_t i = 0; i < v.size(); i++) {  /*T*/
            w[i] = h<double>(v[i]);
        }
    }
    """),
    # `q.total` is a static data member: one object every element shares (a review, 2026-12-08)
    "static_member_through_a_reference_parameter": ("cpp", """
    #include <vector>
    struct P { double x; static double total; };
    double P::total = 0;
    static void bump(P &q) { q.total += q.x; }
    void all(std::vector<P> &ps) {
        for (size_t i = 0; i < ps.size(); i++) {  /*T*/
            bump(ps[i]);
        }
    }
    """),
    "static_member_through_a_range_for_element": ("cpp", """
    #include <vector>
    struct P { double x; static long cnt; };
    long P::cnt = 0;
    static void count(P &q) { q.cnt++; }
    void all(std::vector<P> &ps) {
        for (auto &q : ps) {  /*T*/
            count(q);
        }
    }
    """),
    "callee_also_reads_the_global_array": ("cpp", """
    double g[1000];
    static void pull(double &d) { d = g[(int)d % 1000]; }
    void all() {
        for (int i = 0; i < 1000; i++) {  /*T*/
            pull(g[i]);
        }
    }
    """),
    "callee_also_reads_the_array_through_a_pointer": ("cpp", """
    static void first(double &d, const double *all) { d = all[0] + 1; }
    void each(double *h, int n) {
        for (int i = 0; i < n; i++) {  /*T*/
            first(h[i], h);
        }
    }
    """),
    "c_pointer_to_an_element_reading_the_next": ("c", """
    typedef struct { double x, v; } P;
    void smear(P *ps, int n) {
        for (int i = 0; i < n - 1; i++) {  /*T*/
            P *p = &ps[i];
            p->x += ps[i + 1].x;
        }
    }
    """),
    "next_row_read_through_a_reference": ("cpp", GRID + """
    void shift(int n) {
        for (int i = 0; i < n - 1; i++) {  /*T*/
            auto &row = g[i];
            const auto &next = g[i + 1];
            for (int j = 0; j < n; j++) row[j] = next[j];
        }
    }
    """),
    "count_of_the_next_row_read_while_rows_grow": ("cpp", GRID + """
    void grow(int n) {
        for (int i = 0; i < n - 1; i++) {  /*T*/
            double k = g[i + 1].size();
            g[i].push_back(k);
        }
    }
    """),
    "row_grown_while_its_size_bounds_the_loop": ("cpp", GRID + """
    void pad(size_t i) {
        for (size_t j = 0; j < g[i].size(); j++) {  /*T*/
            if (g[i][j] < 0) g[i].push_back(0);
        }
    }
    """),
    "bits_of_one_row_through_a_range_for": ("cpp", """
    #include <vector>
    std::vector<std::vector<bool>> bits(64, std::vector<bool>(64));
    void flip() {
        for (auto &row : bits) {
            for (auto &&b : row) b = !b;  /*T*/
        }
    }
    """),
}

# (the same, the template argument deduced: `h(v[i])`)
SEQUENTIAL["explicit_specialization_called_by_deduction"] = (
    "cpp", SEQUENTIAL["explicit_specialization_with_effects"][1].replace("h<double>(v[i])", "h(v[i])"))


@MODES
@pytest.mark.parametrize("case_id", list(PARALLEL))
def test_element_named_another_way_is_that_element(case_id: str, use_libclang: bool) -> None:
    lang, code = PARALLEL[case_id]
    loop = marked_loop(case_id, lang, code, use_libclang)
    assert loop.verdict.startswith("parallel"), describe(loop)


@MODES
@pytest.mark.parametrize("case_id", list(SEQUENTIAL))
def test_element_names_that_do_not_stay_one_element(case_id: str, use_libclang: bool) -> None:
    lang, code = SEQUENTIAL[case_id]
    loop = marked_loop(case_id, lang, code, use_libclang)
    assert loop.verdict == "sequential", describe(loop)
    assert any(f.blocking for f in loop.findings), describe(loop)
