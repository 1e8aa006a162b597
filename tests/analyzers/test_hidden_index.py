"""A loop body that declares a name like the loop's index (C allows it: the body is a block of its own)
makes every later use of the name that other thing. The accesses are recorded by name, so `enum { i = 3 };
a[i] += 1.0;` was read as one element per iteration: parallel, and every thread added to a[3] (a review,
2026-12-07: the OpenMP program printed 500000 for 1000000). Such a loop is sequential (S2P403) with a
finding at the declaration."""

from __future__ import annotations

import pytest

from seq2par.analyzers import analyze_source

LOOP = """
double a[1000];
void f(int n) {
    for (int i = 0; i < n; i++) {
        DECLARATION
        a[i] += 1.0;
    }
}
"""


@pytest.mark.parametrize("declaration", [
    "enum { i = 3 };",
    "enum E { A, i } e = A;",
    "typedef int i; i x = 3; (void)x;",
    "int i;",
    "extern int i;",
    "{ enum { i = 3 }; a[i] += 2.0; }",
    "int i(void);",
    "extern int (i);",
    "typedef int (*i)(void);",
])
@pytest.mark.parametrize("use_libclang", [False, True])
def test_a_declaration_that_hides_the_index_keeps_the_loop_sequential(declaration: str, use_libclang: bool) -> None:
    source = LOOP.replace("DECLARATION", declaration)
    if declaration.startswith(("typedef", "int i(void)", "extern int (i)")):
        source = source.replace("a[i] += 1.0;", "a[0] += 1.0;")
    report = analyze_source(source, "hidden.c", use_libclang=use_libclang)
    [loop] = report.loops
    assert loop.verdict == "sequential", (declaration, loop.verdict)
    assert any(f.code == "S2P403" and "hides loop index `i`" in f.message and f.line == 5 for f in loop.findings)


def test_a_struct_tag_named_like_the_index_hides_nothing() -> None:
    """Tags are names of their own kind in C: `struct i` leaves `a[i]` the index's element."""
    [loop] = analyze_source(LOOP.replace("DECLARATION", "struct i { int v; };"), "tag.c").loops
    assert loop.verdict == "parallel", loop.findings


@pytest.mark.parametrize("kind", ["class", "struct"])
def test_a_scoped_enumeration_hides_nothing(kind: str) -> None:
    """C++'s `enum class K { i };` names its member `K::i`: `a[i]` after it is still the index's element (the
    loop was sequential for it)."""
    source = LOOP.replace("DECLARATION", f"enum {kind} K {{ i, j }}; K k = K::i;").replace(
        "a[i] += 1.0;", "a[i] += k == K::i ? 1.0 : 2.0;")
    for use_libclang in (False, True):
        [loop] = analyze_source(source, "scoped.cpp", language="cpp", use_libclang=use_libclang).loops
        assert loop.verdict == "parallel", (use_libclang, loop.findings)
    [loop] = analyze_source(source.replace(f"enum {kind} K", "enum K").replace("K::i", "i"), "plain.cpp",
                            language="cpp").loops
    assert loop.verdict == "sequential"


def test_an_index_declared_outside_the_header_hidden_in_cxx() -> None:
    """C++ forbids redeclaring a header's name in the body's outermost block, not an index declared before
    the loop, nor one hidden in an inner block."""
    source = """
double a[1000];
void f(int n) {
    int i;
    for (i = 0; i < n; i++) {
        { enum { i = 3 }; a[i] += 1.0; }
    }
}
"""
    [loop] = analyze_source(source, "hidden.cpp", language="cpp").loops
    assert loop.verdict == "sequential"
    assert any("hides loop index `i`" in f.message for f in loop.findings)


def test_a_store_to_the_index_keeps_its_own_finding() -> None:
    """`k += 2` really stores to the index; the inner loop's own `k` after it is not what the finding is on."""
    source = """
double a[100];
void f(void) {
    for (int k = 0; k < 90; k++) {
        k += 2;
        for (int k = 0; k < 2; k++) a[k] += 1;
    }
}
"""
    outer = analyze_source(source, "store.c").loops[0]
    [finding] = [f for f in outer.findings if f.code == "S2P403"]
    assert finding.message == "loop index `k` is assigned in the body" and finding.line == 5


def test_a_using_declaration_hides_the_index_in_cxx() -> None:
    source = """
namespace ns { int i = 3; }
double a[1000];
void f(int n) {
    int i;
    for (i = 0; i < n; i++) {
        using ns::i;
        a[i] += 1.0;
    }
}
"""
    [loop] = analyze_source(source, "using.cpp", language="cpp").loops
    assert loop.verdict == "sequential" and any("hides loop index `i`" in f.message for f in loop.findings)


EXTERN_INSIDE = """
int cnt;
double a[1000];
void f(int n) {
    int cnt = 0;
    for (int i = 0; i < n; i++) {
        a[i] = i;
        { extern int cnt; cnt = cnt + 1; }
    }
    a[0] = cnt;
}
"""


def test_an_extern_declaration_of_a_name_the_function_has_keeps_the_loop_sequential() -> None:
    """A review: `{ extern int cnt; cnt = cnt + 1; }` with a local `cnt`: the accesses were taken for the
    local's, a `+` reduction on it, while the threads raced on the global (500000 for 1000000)."""
    [loop] = analyze_source(EXTERN_INSIDE, "extern.c").loops
    assert loop.verdict == "sequential"
    assert any(f.code == "S2P601" and "`cnt` names two objects" in f.message for f in loop.findings)
    [plain] = analyze_source(EXTERN_INSIDE.replace("    int cnt = 0;\n", "").replace("a[0] = cnt;", ""),
                             "global.c").loops
    assert not any(f.code == "S2P601" for f in plain.findings)


@pytest.mark.parametrize("start", ["base++", "next_start()", "(base = 2)", "NEXT", "START"])
def test_a_start_that_changes_state_keeps_the_loop_sequential(start: str) -> None:
    """A review: `for (i = base++; ...)` ran `base++` once per thread in the OpenMP program (base ended at 16
    for 4); a start calling a function that changes state, likewise."""
    source = f"""
int base, calls;
double a[1000];
int next_start(void) {{ calls++; return 0; }}
#define NEXT (base++)
#define START next_start()
void f(int n) {{
    int i;
    for (i = {start}; i < n; i++)
        a[i] += 1.0;
}}
"""
    [loop] = [lp for lp in analyze_source(source, "start.c").loops if lp.line == 9]
    assert loop.verdict == "sequential"
    assert any(f.code == "S2P403" and "the start of loop `i`" in f.message for f in loop.findings)
    pure = source.replace(f"i = {start};", "i = base + 1;")
    [loop] = [lp for lp in analyze_source(pure, "start.c").loops if lp.line == 9]
    assert loop.verdict == "parallel"


@pytest.mark.parametrize("header", ["i = 0; i < n--; i++", "i = 0; i < (m -= 1) + 20; i++",
                                    "i = 0; i < n; i += STEP"])
def test_a_condition_or_step_that_changes_state_keeps_the_loop_sequential(header: str) -> None:
    """A third review: `i < n--` ran with n's first value in the OpenMP program (and printed it), `(m -= 1)`
    crashed it; `#define STEP (k++)` likewise."""
    source = f"""
int k = 1;
double a[100000];
#define STEP (k++)
void f(int n, int m) {{
    int i;
    for ({header})
        a[i] += 1.0;
}}
"""
    [loop] = [lp for lp in analyze_source(source, "header.c").loops if lp.line == 7]
    assert loop.verdict == "sequential", loop.findings


VOLATILE = """
volatile int base, flag;
extern volatile int lim;
int plain;
double a[100000];
void f(int n, volatile int *p, int *volatile q) {
    volatile int step = 3;
    for (int i = START; i < BOUND; i += STEP)
        a[i] += 1.0;
}
"""


@pytest.mark.parametrize(("start", "bound", "step", "name"), [
    ("base", "n", "1", "base"), ("0", "lim", "1", "lim"), ("0", "n", "step", "step"), ("0", "*p", "1", "p"),
    ("0", "n - flag", "1", "flag"), ("q[0]", "n", "1", "q"),
])
@pytest.mark.parametrize("use_libclang", [False, True])
def test_a_header_that_reads_a_volatile_keeps_the_loop_sequential(start: str, bound: str, step: str, name: str,
                                                                  use_libclang: bool) -> None:
    """A volatile (a device register, a flag a signal handler sets) may change between reads: gcc's OpenMP
    reads the start once per thread and the bound once, where the sequential loop reads the bound at every
    iteration. (The IR kept only the declaration's type, without its qualifiers: a `volatile` test on that
    text, in the forward substitution of scalars too, never held.)"""
    source = VOLATILE.replace("START", start).replace("BOUND", bound).replace("STEP", step)
    [loop] = analyze_source(source, "vol.c", use_libclang=use_libclang).loops
    assert loop.verdict == "sequential", loop.findings
    assert any(f.code == "S2P403" and f"reads volatile `{name}`" in f.message for f in loop.findings)
    plain = source.replace("volatile", "")
    [loop] = analyze_source(plain, "vol.c", use_libclang=use_libclang).loops
    assert loop.verdict.startswith("parallel"), (plain, loop.findings)


def test_a_header_macro_that_hides_a_call_in_an_inner_bound_is_seen_with_libclang(tmp_path) -> None:
    """A review: `#define LIM getm()` in a header, `for (j = 0; j < LIM; j++)` inside a parallel loop: with
    libclang the header's macro was kept apart and not looked into (parallel; getm's counter raced), while
    tree-sitter mode said S2P602."""
    from seq2par.analyzers import analyze_file

    (tmp_path / "lim.h").write_text("extern int calls;\nint getm(void);\n#define LIM getm()\n")
    (tmp_path / "hmac.c").write_text("""#include "lim.h"
double a[256][256];
int calls;
int getm(void) { calls++; return 64; }
void f(int n) {
    for (int i = 0; i < n; i++)
        for (int j = 0; j < LIM; j++)
            a[i][j] += i * 0.5 + j;
}
""")
    for use_libclang in (True, False):
        report = analyze_file(tmp_path / "hmac.c", [], use_libclang=use_libclang)
        outer = next(lp for lp in report.loops if lp.line == 6)
        assert outer.verdict == "sequential" and any(f.code == "S2P602" for f in outer.findings), \
            (use_libclang, report.mode, outer.findings)
