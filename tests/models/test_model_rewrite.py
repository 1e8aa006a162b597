"""--generator-model: a causal LM's rewrite reaches the output only when it parses, the analysis finds it
parallel, and the generated MPI program validates against the original. The LM is a tiny GPT-2 built in
the test that deterministically proposes a chosen text (the real generate() path, no downloads)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_echo_lm

from seq2par.analyzers import analyze_file
from seq2par.models.rewrite import CausalRewriter, RewriteGate, build_prompt, rewrite_sequential_loops

PROGRAM = """#include <stdio.h>
#define N 100000
static double b[N];
int main(void)
{
    b[0] = 0.0;
    for (int i = 1; i < N; i++) {
        b[i] = b[i - 1] + 2.0;
    }
    double s = 0.0;
    for (int i = 0; i < N; i++) {
        s += b[i];
    }
    printf("%.10e\\n", s);
    return 0;
}
"""
LOOP = "for (int i = 1; i < N; i++) {\n        b[i] = b[i - 1] + 2.0;\n    }"
CLOSED_FORM = "for (int i = 1; i < N; i++) {\n        b[i] = 2.0 * i;\n    }"  # legal and equal
WRONG = "for (int i = 1; i < N; i++) {\n        b[i] = 3.0 * i;\n    }"  # legal, output differs
DEPENDENT = "for (int i = 1; i < N; i++) {\n        b[i] = b[i - 1] * 1.0 + 2.0;\n    }"  # still a dependence


@pytest.fixture
def program(tmp_path: Path) -> Path:
    path = tmp_path / "prefix.c"
    path.write_text(PROGRAM)
    return path


def _lm(tmp_path: Path, completion: str) -> Path:
    path = tmp_path / "lm"
    make_echo_lm(path, build_prompt(LOOP), completion)
    return path


def _rewrite(program: Path, tmp_path: Path, completion: str):
    report = analyze_file(program, [], use_libclang=False)
    rewriter = CausalRewriter(_lm(tmp_path, completion), max_new_tokens=len(completion) + 4)
    return rewrite_sequential_loops(program, report, rewriter, RewriteGate(program), max_loops=1)


def test_the_tiny_lm_proposes_its_text(tmp_path: Path) -> None:
    rewriter = CausalRewriter(_lm(tmp_path, CLOSED_FORM + "\n"), max_new_tokens=len(CLOSED_FORM) + 4)
    assert rewriter.propose(LOOP) == CLOSED_FORM


def test_legal_validated_rewrite_is_accepted(program: Path, tmp_path: Path) -> None:
    source, results = _rewrite(program, tmp_path, CLOSED_FORM)
    assert [r.accepted for r in results] == [True]
    assert source is not None and "b[i] = 2.0 * i;" in source


def test_rewrite_with_a_dependence_never_reaches_the_output(program: Path, tmp_path: Path) -> None:
    source, results = _rewrite(program, tmp_path, DEPENDENT)
    assert source is None
    assert not results[0].accepted and "S2P201" in results[0].reasons[0]


def test_rewrite_failing_validation_never_reaches_the_output(program: Path, tmp_path: Path) -> None:
    source, results = _rewrite(program, tmp_path, WRONG)
    assert source is None
    assert not results[0].accepted and results[0].reasons[0].startswith("validation failed (mismatch)")


def test_garbage_is_rejected(program: Path, tmp_path: Path) -> None:
    source, results = _rewrite(program, tmp_path, "}} while ;")
    assert source is None and not results[0].accepted


def test_parallelize_cli_uses_only_the_accepted_rewrite(program: Path, tmp_path: Path) -> None:
    out = tmp_path / "out.c"
    cmd = [sys.executable, "-m", "seq2par.cli.main", "parallelize", str(program), "-o", str(out), "--np", "2",
           "--runs", "1", "--suggester", "cost", "--format", "json", "-q",
           "--generator-model", str(_lm(tmp_path, DEPENDENT))]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert [r["accepted"] for r in result["rewrites"]] == [False]
    assert "b[i - 1] * 1.0" not in out.read_text()
