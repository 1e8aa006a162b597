"""C++ that reaches another object than the names show (a review, 2026-12-07: C++ programs parallelized
with OpenMP, validated with their default input and wrong with others):
- `stats::total += v[i]` beside a global `total`: the clause privatized ::total while the threads raced on
  stats::total; `this->tot`, or a data member in a member function, stays the shared member; a clause on a
  `thread_local` does not build;
- a default argument that changes state (`int tag = calls++`) runs at every call that leaves it out;
- `delete shapes[i]` of `std::vector<Shape *>` runs a derived class's destructor, which wrote a global;
- a file-scope reference (`double &pivot = arr[0];`) is another name for an element of the array;
- a method's `const double &f` parameter may be bound to an element of a `std::vector` member;
- `m[key]` inserts into a std::map reached through a `using` alias, a member or an `auto &` reference;
- a static member reached through an element (`nodes[i].visits++`) is one variable for every object;
- a default member initializer or a constructor's member initializers that store (`int id = next_id++;`,
  `T() : id(g++) {}`, a base class's too) run for every object the loop makes;
- `int &ri = i;` read in the loop reads the original index, not the thread's copy (wrong at 1 thread).
Each such loop is sequential with the reason."""

from __future__ import annotations

import pytest

from seq2par.analyzers import analyze_source


def _verdicts(source: str, use_libclang: bool = False) -> dict[int, object]:
    report = analyze_source(source, "objects.cpp", language="cpp", use_libclang=use_libclang)
    return {loop.line: loop for loop in report.loops}


CASES = {
    "qualified": ("""
#include <vector>
namespace stats { double total = 0; }
double total = 0;
double f(const std::vector<double> &v) {
    int n = v.size();
    for (int i = 0; i < n; i++) stats::total += v[i];
    return total;
}
""", 7, "S2P601", "`stats::total`"),
    "member": ("""
#include <vector>
struct St {
    double tot = 0;
    std::vector<double> a;
    void sum() { int n = a.size(); for (int i = 0; i < n; i++) this->tot += a[i]; }
};
""", 6, "S2P601", "`this->tot`"),
    "thread_local": ("""
#include <vector>
thread_local double tl = 0;
void f(const std::vector<double> &v) {
    int n = v.size();
    for (int i = 0; i < n; i++) tl += v[i];
}
""", 6, "S2P601", "thread-local"),
    "default argument": ("""
#include <vector>
static int calls = 0;
static double clean(double x, int tag = calls++) { return x >= 0 ? x * 0.5 : -1000.0 - tag; }
void f(std::vector<double> &out, const std::vector<double> &v) {
    int n = v.size();
    for (int i = 0; i < n; i++) out[i] = clean(v[i]);
}
""", 7, "S2P301", "default argument `calls++`"),
    "derived destructor": ("""
#include <vector>
long checksum = 0;
struct Shape { virtual ~Shape() {} };
struct Tracked : Shape { ~Tracked() override { checksum = (checksum * 31 + 7) % 1000003; } };
void f(std::vector<Shape *> &shapes) {
    int n = shapes.size();
    for (int i = 0; i < n; i++) delete shapes[i];
}
""", 8, "S2P302", "`Tracked`"),
    "file-scope reference": ("""
double arr[1000000];
double &pivot = arr[0];
void f(int lo, int n) {
    for (int i = lo; i < n; i++) arr[i] = arr[i] - pivot;
}
""", 5, "S2P501", "`pivot`"),
    "member vector and reference parameter": ("""
#include <vector>
struct Series {
    std::vector<double> d;
    void divide_by(const double &f) { int n = d.size(); for (int i = 0; i < n; i++) d[i] /= f; }
};
""", 5, "S2P501", "`f`"),
    "map alias": ("""
#include <map>
#include <vector>
using Table = std::map<int, long>;
void f(Table &price, const std::vector<int> &item, std::vector<long> &cost) {
    int n = item.size();
    for (int i = 0; i < n; i++) cost[i] = price[item[i]] * 2;
}
""", 7, "S2P302", "`Table` (a map)"),
    "map member": ("""
#include <map>
#include <vector>
struct DB { std::map<int, long> table; };
void f(DB &db, const std::vector<int> &v, std::vector<long> &out) {
    int n = v.size();
    for (int i = 0; i < n; i++) out[i] = db.table[v[i]];
}
""", 7, "S2P302", "std::map"),
    "map reference": ("""
#include <map>
#include <vector>
void f(std::map<int, long> &t, const std::vector<int> &v, std::vector<long> &out) {
    auto &alias = t;
    int n = v.size();
    for (int i = 0; i < n; i++) out[i] = alias[v[i]];
}
""", 7, "S2P302", "std::map"),
    "static member through an element": ("""
#include <vector>
struct Node { static long visits; double w = 1; };
long Node::visits = 0;
void f(std::vector<Node> &nodes, std::vector<long> &order) {
    int n = nodes.size();
    for (int i = 0; i < n; i++) { nodes[i].visits++; order[i] = nodes[i].visits; }
}
""", 7, "S2P302", "static member"),
    "default member initializer": ("""
#include <vector>
int next_id = 0;
struct T { int id = next_id++; double v = 0; };
void f(std::vector<double> &out) {
    int n = out.size();
    for (int i = 0; i < n; i++) { T t; out[i] = t.id + i; }
}
""", 7, "S2P302", "`T::<initializer next_id++>`"),
    "constructor's member initializers": ("""
#include <vector>
long g = 0;
struct T { long id; T() : id(g++) {} };
void f(std::vector<long> &out) {
    int n = out.size();
    for (int i = 0; i < n; i++) { T arr[2]; out[i] = arr[1].id; }
}
""", 7, "S2P302", "member initializers"),
    "base class's member initializers": ("""
#include <vector>
long g = 0;
struct Base { long id; Base() : id(g++) {} };
struct D : Base { double w = 1; };
void f(std::vector<long> &out) {
    int n = out.size();
    for (int i = 0; i < n; i++) { D d; out[i] = d.id; }
}
""", 8, "S2P302", "`Base::Base`"),
    "index through a reference": ("""
#include <vector>
void f(std::vector<double> &out) {
    int n = out.size();
    int i;
    int &ri = i;
    for (i = 0; i < n; i++) out[i] = ri * 2.0;
}
""", 7, "S2P403", "`ri` reaches the loop's index"),
}


@pytest.mark.parametrize("case", sorted(CASES))
@pytest.mark.parametrize("use_libclang", [False, True])
def test_a_loop_reaching_another_object_than_its_names_show_is_sequential(case: str, use_libclang: bool) -> None:
    source, line, code, what = CASES[case]
    loop = _verdicts(source, use_libclang)[line]
    assert loop.verdict == "sequential", (case, loop.verdict, loop.findings)
    assert any(f.code == code and what in f.message for f in loop.findings), (case, loop.findings)


@pytest.mark.parametrize(("case", "plain"), [
    ("qualified", ("stats::total += v[i]", "total += v[i]")),
    ("member", ("this->tot += a[i]", "a[i] *= 2")),
    ("default argument", ("int tag = calls++", "int tag = 0")),
    ("default member initializer", ("next_id++", "7")),
    ("constructor's member initializers", ("id(g++)", "id(7)")),
    ("derived destructor", ("checksum = (checksum * 31 + 7) % 1000003;", "")),
    ("static member through an element", ("nodes[i].visits++; order[i] = nodes[i].visits;",
                                          "order[i] = nodes[i].visits;")),
])
def test_without_the_hidden_object_the_loop_stays_parallel(case: str, plain: tuple[str, str]) -> None:
    source, line, _, _ = CASES[case]
    loop = _verdicts(source.replace(*plain))[line]
    assert loop.verdict.startswith("parallel"), (case, loop.findings)


@pytest.mark.parametrize(("name", "source", "line", "what"), [
    ("typedef chain", """
#include <map>
#include <vector>
typedef std::map<int, long> A, *PA;
typedef A B;
void f(B &m, const std::vector<int> &k, std::vector<long> &out) {
    int n = k.size();
    for (int i = 0; i < n; i++) out[i] = m[k[i]];
}
""", 8, "inserts the key"),
    ("auto copy", """
#include <map>
#include <vector>
void f(std::map<int, long> &m0, const std::vector<int> &k, std::vector<long> &out) {
    auto m = m0;
    int n = k.size();
    for (int i = 0; i < n; i++) out[i] = m[k[i]];
}
""", 7, "inserts the key"),
    ("reference to a member map", """
#include <map>
#include <vector>
struct DB { std::map<int, long> table; };
void f(DB &d, const std::vector<int> &k, std::vector<long> &out) {
    auto &t = d.table;
    int n = k.size();
    for (int i = 0; i < n; i++) out[i] = t[k[i]];
}
""", 8, "inserts the key"),
    ("constructor defined out of the class", """
#include <vector>
long g = 0;
struct P { long id; P(); };
P::P() : id(g++) {}
void f(std::vector<long> &out) {
    int n = out.size();
    for (int i = 0; i < n; i++) { P p; out[i] = p.id; }
}
""", 8, "member initializers"),
    ("default argument constructing a counting class", """
#include <vector>
static long made = 0;
struct Tag { Tag() { made++; } };
static double f1(double x, Tag t = Tag{}) { (void)t; return x * 2; }
void f(std::vector<double> &out) {
    int n = out.size();
    for (int i = 0; i < n; i++) out[i] = f1(i);
}
""", 8, "default argument"),
])
def test_more_ways_to_the_same_objects_are_seen(name: str, source: str, line: int, what: str) -> None:
    """From a review of the first version (each gave a racing OpenMP program)."""
    loop = _verdicts(source)[line]
    assert loop.verdict == "sequential", (name, loop.findings)
    assert any(what in f.message for f in loop.findings), (name, loop.findings)


@pytest.mark.parametrize(("name", "source", "line"), [
    ("std::min of a plain name", """
#include <algorithm>
#include <vector>
double f(const std::vector<double> &a) {
    double lo = 1e300;
    int n = a.size();
    for (int i = 0; i < n; i++) lo = std::min(lo, a[i]);
    return lo;
}
""", 7),
    ("a member summed under its plain name", """
#include <vector>
struct St {
    double tot = 0;
    std::vector<double> a;
    void sum() { int n = a.size(); for (int i = 0; i < n; i++) tot += a[i]; }
};
""", 6),
    ("a static member read next to an inner loop's step", """
#include <vector>
struct Grid { static const int N = 8; };
void f(std::vector<double> &a, int n) {
    for (int i = 0; i < n; i++)
        for (int k = 0; k < 4; k++) a[i * 4 + k] = k * Grid::N;
}
""", 5),
    ("a library default argument", """
#include <limits>
#include <vector>
static double clip(double x, double eps = std::numeric_limits<double>::epsilon()) { return x < eps ? eps : x; }
void f(std::vector<double> &out) {
    int n = out.size();
    for (int i = 0; i < n; i++) out[i] = clip(out[i]);
}
""", 7),
    ("a pointer container only read", """
#include <vector>
long freed = 0;
struct Shape { double r = 1; virtual ~Shape() {} };
struct Circle : Shape { ~Circle() override { freed++; } };
double f(const std::vector<Shape *> &shapes, std::vector<double> &out) {
    int n = shapes.size();
    for (int i = 0; i < n; i++) out[i] = shapes[i]->r * 2;
    return out[0];
}
""", 8),
])
def test_ordinary_code_near_those_shapes_stays_parallel(name: str, source: str, line: int) -> None:
    """From a review of the first version (each was parallel before, rightly, and then sequential)."""
    loop = _verdicts(source)[line]
    assert loop.verdict.startswith("parallel"), (name, loop.findings)
