"""Every loop in examples/ carries its expected verdict as a comment; the analysis must agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_file

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SOURCES = sorted(p for p in EXAMPLES.rglob("*") if p.suffix in (".c", ".cpp"))
EXPECT = re.compile(r"expect:\s*([\w-]+)(?:\(([^)]*)\))?")


def expectations(path: Path) -> dict[int, tuple[str, str]]:
    out = {}
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        m = EXPECT.search(line)
        if m and re.search(r"\b(for|while|do)\b", line):
            out[number] = (m.group(1), m.group(2) or "")
    return out


def test_examples_exist() -> None:
    assert len([p for p in SOURCES if p.suffix == ".c"]) >= 12
    assert len([p for p in SOURCES if p.suffix == ".cpp"]) >= 3


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_expected_verdicts(path: Path) -> None:
    report = analyze_file(path, use_libclang=False)
    expected = expectations(path)
    assert expected, f"{path.name} has no expect: comments"
    loops = {loop.line: loop for loop in report.loops}
    assert set(expected) == set(loops), "every loop must carry an expect: comment"
    problems = []
    for line, (verdict, detail) in expected.items():
        loop = loops[line]
        if loop.verdict != verdict:
            problems.append(f"line {line}: expected {verdict}, got {loop.summary()}")
            continue
        if verdict == "sequential":
            codes = {f.code for f in loop.findings if f.blocking}
            missing = {c.strip() for c in detail.split(",") if c.strip()} - codes
            if missing:
                problems.append(f"line {line}: missing codes {sorted(missing)}, got {sorted(codes)}")
        elif verdict == "parallel-reduction":
            want = set()
            for item in detail.split(","):
                if ":" in item:
                    op, var = (x.strip() for x in item.split(":", 1))
                    want.add((op, var))
            got = set()
            for r in loop.reductions:
                if r.kind in ("minloc", "maxloc"):
                    got.add((r.kind, r.var))
                elif r.kind == "array":
                    got.add((r.op, r.var + "[]"))
                else:
                    got.add((r.op, r.var))
            if want != got:
                problems.append(f"line {line}: reductions {sorted(want)} expected, got {sorted(got)}")
    assert not problems, "\n".join(problems)
