"""Liveness of a scalar after a loop (`ProgramAnalysis.live_in_tail`): the tail is cut into one segment per
construct and each segment's answer is kept for the sibling loops that share it. That must answer exactly
what one plain scan of the whole tail answers; checked here on random nests of loops, branches, reads and
writes, for every loop and every starting point."""

from __future__ import annotations

import random

import pytest

from seq2par.analyzers import analyze_source


def _scan(named, start, enclosing) -> bool:
    """The plain scan: live if something reads the value before a write that surely happens; a write in a
    branch or loop covers the reads in its own context only."""
    covering: set[tuple] = set()
    for acc in named[start:]:
        conditional = tuple(c for c in acc.ctx if c not in enclosing)
        if acc.mode != "w":
            if not any(conditional[:n] in covering for n in range(len(conditional) + 1)):
                return True
            continue
        if not any(kind in ("if", "switch", "loop") for kind, _ in conditional):
            return False
        covering.add(conditional)
    return False


def _statements(rng: random.Random, depth: int, counter: list[int]) -> list[str]:
    out = []
    for _ in range(rng.randint(1, 4)):
        roll = rng.random()
        if depth < 3 and roll < 0.3:
            counter[0] += 1
            var = f"i{counter[0]}"
            body = " ".join(_statements(rng, depth + 1, counter))
            out.append(f"for (int {var} = 0; {var} < n; {var}++) {{ {body} }}")
        elif depth < 3 and roll < 0.5:
            body = " ".join(_statements(rng, depth + 1, counter))
            other = " ".join(_statements(rng, depth + 1, counter)) if rng.random() < 0.5 else ""
            out.append(f"if (a[{rng.randint(0, 9)}] > 0) {{ {body} }}" + (f" else {{ {other} }}" if other else ""))
        elif roll < 0.75:
            out.append(f"t = a[{rng.randint(0, 9)}] * {rng.randint(1, 5)};")
        elif roll < 0.9:
            out.append(f"a[{rng.randint(0, 9)}] = t + 1;")
        else:
            out.append("t += 1;")
    return out


@pytest.mark.parametrize("seed", range(40))
def test_segmented_tail_answers_what_the_plain_scan_answers(seed: int) -> None:
    rng = random.Random(seed)
    counter = [0]
    body = " ".join(_statements(rng, 0, counter) + _statements(rng, 0, counter))
    source = f"double a[10];\nvoid f(int n) {{ double t = 0; {body} a[0] = t; }}\n"
    report = analyze_source(source, path="tail.c", use_libclang=False)
    pa = report.program_analysis
    fn = report.program.functions["f"]
    named = pa.accesses_named(fn, "t")
    loops = {lp.id: lp for lp in fn.loops}
    checked = 0
    for lp in fn.loops:
        chain, parent = [], lp.parent
        while parent is not None:
            chain.append(("loop", parent))
            parent = loops[parent].parent
        enclosing = frozenset(chain)
        for start in range(len(named) + 1):
            assert pa.live_in_tail(fn, "t", start, enclosing) == \
                _scan(named, start, enclosing | pa.entered_loops(fn)), (source, start)
            checked += 1
    assert checked or not fn.loops


def test_many_sibling_loops_get_the_verdicts_of_the_plain_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    # 300 sibling loops share the temporary t (the shape that made analysis quadratic in the loop count)
    body = "".join(f"for (i = 0; i < 100; i++) {{ t = a[i] * {k}; if (t > 2) b[i] = t; s += t; }}\n"
                   for k in range(300))
    source = f"double a[100], b[100];\ndouble f(void) {{ int i; double t, s = 0;\n{body}return s + t; }}\n"

    def verdicts():
        report = analyze_source(source, path="siblings.c", use_libclang=False)
        return [(loop.verdict, loop.private, loop.analysis.lastprivate, [f.code for f in loop.findings])
                for loop in report.loops]

    segmented = verdicts()
    from seq2par.analyzers.dependence import ProgramAnalysis
    monkeypatch.setattr(ProgramAnalysis, "live_in_tail",
                        lambda self, fn, name, start, enclosing: _scan(self.accesses_named(fn, name), start,
                                                                       enclosing | self.entered_loops(fn)))
    assert segmented == verdicts()
    assert len(segmented) == 300 and all(v[0].startswith("parallel") for v in segmented)
    # each next loop runs its 100 iterations and assigns t first: only the last one leaves t for the return
    assert [("t" in v[2]) for v in segmented] == [False] * 299 + [True]
