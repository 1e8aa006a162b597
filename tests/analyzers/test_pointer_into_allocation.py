"""A pointer set to an address inside an allocation (`long *p = &y[q];`, `p = y + q`, `p = y`) reaches the
allocation's elements: a loop storing y[i] and reading `*p` carries a dependence. The allocation was taken for
private storage (no other pointer holds an address inside it) because only a source text equal to `y` counted,
and the loop was called parallel: the MPI program printed 50371 for 98871 at np=2 (a helper's test, 2026-12-07;
the OpenMP program was wrong too). An array declared `long y[N]` was right."""

from __future__ import annotations

import pytest

from seq2par.analyzers import analyze_source

PROGRAM = """
#include <stdlib.h>
long f(int n, int q) {
    long *y = calloc(4096, sizeof(long));
    SET
    for (int i = 0; i < n; i++) y[i] = i;
    for (int i = 0; i < n; i++) y[i] = READ + 1;
    long s = 0;
    for (int i = 0; i < n; i++) s += y[i];
    free(y);
    return s;
}
"""


@pytest.mark.parametrize(("setting", "read"), [
    ("long *p = &y[q];", "*p"),
    ("long *p = y + q;", "p[0]"),
    ("long *p; p = &y[q];", "*p"),
    ("long *p = y;", "p[q]"),
])
@pytest.mark.parametrize("use_libclang", [False, True])
def test_a_pointer_into_an_allocation_reaches_its_elements(setting: str, read: str, use_libclang: bool) -> None:
    source = PROGRAM.replace("SET", setting).replace("READ", read)
    loops = analyze_source(source, "into.c", use_libclang=use_libclang).loops
    rewrite = next(loop for loop in loops if loop.line == 7)
    assert rewrite.verdict == "sequential", (setting, rewrite.verdict)
    assert loops[0].verdict.startswith("parallel") and loops[2].verdict.startswith("parallel"), loops


def test_an_allocation_only_freed_is_still_its_own() -> None:
    """The control: nothing but `free` reads the pointer itself, and the loops over it stay parallel."""
    source = PROGRAM.replace("SET", "long *p = 0; (void)p;").replace("READ", "y[i]")
    loops = analyze_source(source, "own.c").loops
    assert all(loop.verdict.startswith("parallel") for loop in loops), loops
