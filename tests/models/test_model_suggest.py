"""Suggesters: plans are built only from the generator's legal options; the model loads offline; an
illegal plan never reaches the generator."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import make_tiny_scorer

from seq2par.analyzers import analyze_source
from seq2par.generators.mpi import MpiGenerator
from seq2par.models.features import loop_facts
from seq2par.models.suggest import (
    DEFAULT_CHECKPOINT,
    CostModelSuggester,
    Plan,
    SuggesterError,
    TransformerSuggester,
    check_plan,
    load_suggester,
    nest_alternatives,
)
from seq2par.models.synthetic import generate_programs

TRIANGULAR = """#include <stdio.h>
#define N 3000
static double a[N];
int main(void)
{
    for (int i = 0; i < N; i++) {
        a[i] = i * 0.5;
    }
    double total = 0.0;
    for (int i = 0; i < N; i++) {
        double s = 0.0;
        for (int j = 0; j < i; j++) {
            s += a[j] * 1e-3;
        }
        total += s;
    }
    printf("%.10e\\n", total);
    return 0;
}
"""


@pytest.fixture(scope="module")
def report():
    return analyze_source(TRIANGULAR, path="tri.c")


def _legal(plans: list[Plan], options: dict[int, list[str]]) -> None:
    assert plans
    for plan in plans:
        check_plan(plan.decisions, options)
        assert any(d != "sequential" for d in plan.decisions.values())


def test_cost_model_plans_are_legal_and_prefer_cyclic_for_triangular(report) -> None:
    options = MpiGenerator(report).options()
    plans = CostModelSuggester().suggest(report, options)
    _legal(plans, options)
    outer = report.loops[1].id
    assert plans[0].decisions[outer] == "cyclic"
    assert plans[0].decisions[report.loops[0].id] == "sequential"  # light init loop writing `a`
    assert [p.score for p in plans] == sorted((p.score for p in plans), reverse=True)


def test_effective_decisions_only(report) -> None:
    options = MpiGenerator(report).options()
    outer, inner = report.loops[1].id, report.loops[2].id
    for alternatives in nest_alternatives(report, options):
        for decisions in alternatives:
            if decisions.get(outer) in ("block", "cyclic"):
                assert inner not in decisions  # runs inside one rank: no decision of its own


def test_synthetic_programs_get_legal_plans() -> None:
    for program in generate_programs(6, seed=3):
        rep = analyze_source(program.source, path=f"{program.name}.c")
        options = MpiGenerator(rep).options()
        _legal(CostModelSuggester().suggest(rep, options), options)


def test_transformer_suggester_ranks_legal_plans(report, tmp_path: Path) -> None:
    make_tiny_scorer(tmp_path / "scorer")
    suggester = TransformerSuggester(tmp_path / "scorer")
    options = MpiGenerator(report).options()
    plans = suggester.suggest(report, options)
    _legal(plans, options)
    assert plans == suggester.suggest(report, options)  # deterministic


def test_checkpoint_with_another_head_is_refused_with_the_remedy(tmp_path: Path) -> None:
    make_tiny_scorer(tmp_path / "regressor", outputs=1)  # e.g. an encoder fine-tuned for something else
    with pytest.raises(SuggesterError, match="one per decision"):
        TransformerSuggester(tmp_path / "regressor")
    suggester, note = load_suggester("model", tmp_path / "regressor")
    assert isinstance(suggester, CostModelSuggester) and "seq2par model train" in note


def test_model_scores_each_loop_once_for_all_its_decisions(report, tmp_path: Path) -> None:
    make_tiny_scorer(tmp_path / "scorer")
    suggester = TransformerSuggester(tmp_path / "scorer")
    facts = loop_facts(report)
    outer = facts[report.loops[1].id]
    seen = []
    suggester.tokenizer = _Recording(suggester.tokenizer, seen)
    values = suggester.score_pairs([(outer, "block"), (outer, "cyclic"), (outer, "sequential")])
    assert seen == [1] and len(set(values)) == 3  # one sequence, three different outputs


class _Recording:
    """Wraps a tokenizer and records how many (facts, source) pairs each pair-encoding call holds."""

    def __init__(self, tokenizer, seen: list[int]) -> None:
        self.tokenizer, self.seen = tokenizer, seen

    def __call__(self, first, second=None, **kwargs):
        if second is not None:
            self.seen.append(len(first))
        return self.tokenizer(first, second, **kwargs)

    def decode(self, *args, **kwargs):
        return self.tokenizer.decode(*args, **kwargs)


def test_check_plan_refuses_decisions_outside_options(report) -> None:
    options = MpiGenerator(report).options()
    init = report.loops[0].id
    with pytest.raises(SuggesterError):
        check_plan({init: "cyclic"}, options)  # writes an array: only block is legal
    with pytest.raises(SuggesterError):
        check_plan({report.loops[2].id + 100: "block"}, options)


def test_illegal_model_plan_never_reaches_the_generator(report, monkeypatch) -> None:
    import seq2par.models.suggest as suggest
    from seq2par.cli import parallelize_cmd

    class Rogue:
        name = "rogue"

        def suggest(self, report, options):
            return [Plan({report.loops[0].id: "cyclic"}, 1.0, "illegal")]

    monkeypatch.setattr(suggest, "load_suggester", lambda kind, path: (Rogue(), None))
    decisions, summary = parallelize_cmd._suggest_plan(report, "model", None, quiet=True)
    assert decisions is None and "illegal decision" in summary["note"]


def test_missing_checkpoint_falls_back_to_cost_model(tmp_path: Path) -> None:
    suggester, note = load_suggester("model", tmp_path / "nowhere")
    assert isinstance(suggester, CostModelSuggester) and "falling back" in note


@pytest.mark.skipif(not (DEFAULT_CHECKPOINT / "config.json").exists(), reason="no packaged checkpoint")
def test_packaged_checkpoint_loads_offline(report, monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    suggester = TransformerSuggester()
    assert suggester.load_info.size_bytes <= 20_000_000
    options = MpiGenerator(report).options()
    _legal(suggester.suggest(report, options), options)


CONSTEXPR_STENCIL = """#include <cstdio>
#include <utility>
#include <vector>
constexpr int kPoints = 1000000;
constexpr int kSteps = 100;
int main()
{
    std::vector<double> u(kPoints, 1.0), v(kPoints, 0.0);
    for (int step = 0; step < kSteps; step++) {
        for (int i = 1; i < kPoints - 1; i++) {
            v[i] = 0.5 * (u[i - 1] + u[i + 1]);
        }
        std::swap(u, v);
    }
    std::printf("%f\\n", u[kPoints / 2]);
    return 0;
}
"""


def test_constexpr_bounds_are_known_trip_counts() -> None:
    # `constexpr` constants were unknown symbols: the stencil looked like a light 1,000-iteration loop and the
    # cost model kept it sequential (wave1d.cpp then ran slower at np=2 than sequentially).
    rep = analyze_source(CONSTEXPR_STENCIL, path="stencil.cpp")
    facts = loop_facts(rep)
    stencil = rep.loops[1]
    assert facts[stencil.id].trip == 999998
    plans = CostModelSuggester().suggest(rep, MpiGenerator(rep).options())
    assert plans[0].decisions[stencil.id] == "block"


FEW_OUTER_ITERATIONS = """#include <math.h>
#include <stdio.h>
#define N 4000000
static double x[N];
int main(void)
{
    for (int i = 0; i < N; i++) {
        x[i] = 1.0 + (double)(i % 100) * 0.01;
    }
    double norms[4];
    for (int k = 0; k < 4; k++) {
        double s = 0.0;
        for (int i = 0; i < N; i++) {
            s += pow(x[i], 1.5 + k);
        }
        norms[k] = s;
    }
    printf("%.6e %.6e\\n", norms[0], norms[3]);
    return 0;
}
"""


def test_cost_model_distributes_the_inner_loop_under_a_few_outer_iterations() -> None:
    # Distributing a 4-iteration loop balances poorly and needs all of x on every rank (a gather of the array
    # the init loop distributed); the inner reduction keeps x where it is.
    rep = analyze_source(FEW_OUTER_ITERATIONS, path="norms.c")
    init, outer, inner = (lp.id for lp in rep.loops)
    plans = CostModelSuggester().suggest(rep, MpiGenerator(rep).options())
    assert plans[0].decisions == {init: "block", outer: "sequential", inner: "block"}
