"""Fine-tuning and evaluation on (small, hand-made) measured plan data; the committed dataset's shape."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from conftest import make_tiny_scorer

from seq2par.analyzers import analyze_source
from seq2par.generators.mpi import MpiGenerator
from seq2par.models.dataset import DEFAULT_DATA, load_dataset, split_of
from seq2par.models.features import loop_facts
from seq2par.models.suggest import TransformerSuggester
from seq2par.models.synthetic import generate_programs
from seq2par.models.train import evaluate, fine_tune, measured_best, plan_seconds


def _row(program, split: str, times: list[float]) -> dict:
    report = analyze_source(program.source, path=f"{program.name}.c")
    options = MpiGenerator(report).options()
    facts = loop_facts(report)
    ids = sorted(options)
    plans = []
    for index, seconds in enumerate(times):
        decisions = {str(k): options[k][index % len(options[k])] for k in ids[:1]}
        decisions.update({str(k): options[k][0] for k in ids[1:2]})
        plans.append({"decisions": decisions, "source": "sampled", "equal": True, "status": "equal",
                      "seq_seconds": 1.0, "np2_seconds": seconds, "speedup": 1.0 / seconds})
    best = min(range(len(times)), key=lambda i: times[i])
    return {"program": program.name, "origin": "synthetic", "shape": program.shape, "split": split, "seed": 0,
            "loops": {str(k): f.to_dict() for k, f in facts.items()},
            "options": {str(k): v for k, v in options.items()}, "plans": plans, "best": best}


@pytest.fixture(scope="module")
def data(tmp_path_factory) -> Path:
    programs = generate_programs(4, seed=5)
    rows = [_row(programs[0], "train", [0.5, 0.8]), _row(programs[1], "train", [0.9, 0.4]),
            _row(programs[2], "test", [0.3, 0.6]), _row(programs[3], "test", [0.7, 0.2])]
    path = tmp_path_factory.mktemp("data") / "plans.jsonl"
    path.write_text("\n".join([json.dumps({"meta": {"seed": 0}}), *map(json.dumps, rows)]) + "\n")
    return path


def test_plan_times_come_from_the_measured_speedups(data: Path) -> None:
    _, rows = load_dataset(data)
    row = rows[0]
    best = measured_best(row)
    assert best == row["best"]
    other = 1 - best
    ratio = plan_seconds(row, row["plans"][best]) / plan_seconds(row, row["plans"][other])
    assert math.log(ratio) == pytest.approx(math.log(0.5 / 0.8))


def test_fine_tune_then_evaluate(data: Path, tmp_path: Path) -> None:
    make_tiny_scorer(tmp_path / "base")
    info = fine_tune(base=tmp_path / "base", data=data, out=tmp_path / "tuned", epochs=2, threads=1,
                     log=lambda _: None)
    assert info["data"]["train_programs"] == 2 and (tmp_path / "tuned" / "model.safetensors").exists()
    assert TransformerSuggester(tmp_path / "tuned").load_info.metadata["epochs_run"] == 2
    result = evaluate(checkpoint=tmp_path / "tuned", data=data, log=lambda _: None)
    assert result["programs"] == 2 and 0.0 <= result["model"]["best_rate"] <= 1.0
    assert result["cost"]["geomean_seconds"] >= result["oracle_geomean_seconds"]


def test_split_is_by_program_and_stable() -> None:
    assert split_of("synth_0_001_map_heavy", 0) == split_of("synth_0_001_map_heavy", 0)
    assert {split_of(f"p{i}", 0) for i in range(50)} == {"train", "test"}


def test_synthetic_programs_are_reproducible() -> None:
    assert [p.source for p in generate_programs(6, seed=2)] == [p.source for p in generate_programs(6, seed=2)]


@pytest.mark.skipif(not DEFAULT_DATA.exists(), reason="no committed dataset")
def test_committed_dataset_records_seed_split_and_legal_plans() -> None:
    meta, rows = load_dataset(DEFAULT_DATA)
    assert "seed" in meta and {r["split"] for r in rows} == {"train", "test"}
    for row in rows:
        for plan in row["plans"]:
            for loop_id, decision in plan["decisions"].items():
                assert decision in row["options"][loop_id]
