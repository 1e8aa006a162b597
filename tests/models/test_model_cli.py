"""`seq2par model info` and `parallelize --suggester/--model` through the real CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import make_tiny_scorer

PROGRAM = """#include <stdio.h>
#define N 20000
static double a[N];
int main(void)
{
    for (int i = 0; i < N; i++) {
        double s = 0.0;
        for (int k = 0; k < 50; k++) {
            s += (i + k) * 1e-3;
        }
        a[i] = s;
    }
    double total = 0.0;
    for (int i = 0; i < N; i++) {
        total += a[i];
    }
    printf("%.10e\\n", total);
    return 0;
}
"""


def _seq2par(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {"OMP_NUM_THREADS": "1", "HF_HUB_OFFLINE": "1", "PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "seq2par.cli.main", *args], capture_output=True, text=True,
                          timeout=timeout, env=env)


def test_model_info_reports_size_and_timing(tmp_path: Path) -> None:
    make_tiny_scorer(tmp_path / "scorer")
    done = _seq2par("model", "info", "--model", str(tmp_path / "scorer"))
    assert done.returncode == 0, done.stderr
    assert "load time" in done.stdout and "ms per loop nest" in done.stdout


def test_model_info_on_a_missing_checkpoint_is_a_clear_error(tmp_path: Path) -> None:
    done = _seq2par("model", "info", "--model", str(tmp_path / "none"))
    assert done.returncode == 2 and "no model checkpoint" in done.stderr


def test_parallelize_with_a_model_and_with_the_cost_model(tmp_path: Path) -> None:
    make_tiny_scorer(tmp_path / "scorer")
    source = tmp_path / "prog.c"
    source.write_text(PROGRAM)
    for extra in (["--model", str(tmp_path / "scorer")], ["--suggester", "cost"]):
        done = _seq2par("parallelize", str(source), "-o", str(tmp_path / "out.c"), "--np", "2", "--runs", "1",
                        "--format", "json", *extra)
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        expected = "cost" if extra[0] == "--suggester" else "model"
        assert result["suggestion"]["suggester"] == expected
    # A checkpoint path that does not exist is a typo, not a reason to rank plans some other way (before: a
    # note and the cost model, exit 0).
    done = _seq2par("parallelize", str(source), "-o", str(tmp_path / "out.c"), "--model", str(tmp_path / "missing"))
    assert done.returncode == 2 and "no such checkpoint" in done.stderr, done.stderr


@pytest.mark.parametrize("args", [["eval", "--data", "NOWHERE"], ["eval", "--data", "BAD"], ["eval", "--split", "x"],
                                  ["train", "--epochs", "-1", "--out", "OUT"], ["pretrain", "--out", "FILE"],
                                  ["dataset", "--programs", "-1", "--out", "OUT"],
                                  # (a review of the CLI: these replaced the user's files, or ended in a
                                  # traceback, or printed NaN as JSON)
                                  ["dataset", "--programs", "0", "--examples", "EMPTY", "--out", "FILE"],
                                  ["dataset", "--programs", "0", "--examples", "EMPTY", "--out", "MINE"],
                                  ["train", "--epochs", "1", "--out", "MINE"],
                                  ["pretrain", "--seconds", "1", "--out", "MINE"],
                                  ["eval", "--data", "EMPTYDATA", "--json"]])
def test_model_commands_refuse_bad_input_without_a_traceback(tmp_path: Path, args: list[str]) -> None:
    """A missing or malformed dataset, --epochs -1 and a file for pretrain's --out folder ended in Python
    tracebacks (exit 1); --split bogus was taken (exit 0)."""
    (tmp_path / "bad.jsonl").write_text("{not json\n")
    (tmp_path / "file.txt").write_text("keep me\n")
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "config.json").write_text('{"mine": true}\n')
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty.jsonl").write_text(
        '{"meta": {"seed": 0}}\n')  # a dataset of no programs
    swap = {"NOWHERE": str(tmp_path / "none.jsonl"), "BAD": str(tmp_path / "bad.jsonl"),
            "FILE": str(tmp_path / "file.txt"), "OUT": str(tmp_path / "out"),  # nothing written in the checkout
            "MINE": str(tmp_path / "mine"), "EMPTY": str(tmp_path / "empty"),
            "EMPTYDATA": str(tmp_path / "empty.jsonl")}
    done = _seq2par("model", *(swap.get(a, a) for a in args))
    assert done.returncode == 2 and "Traceback" not in done.stderr, (done.returncode, done.stderr[-500:])
    assert done.stderr.startswith("seq2par: error:")
    assert (tmp_path / "file.txt").read_text() == "keep me\n"
    assert (tmp_path / "mine" / "config.json").read_text() == '{"mine": true}\n'
