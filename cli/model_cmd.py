"""`seq2par model ...`: build the measured plan dataset, pretrain/fine-tune the plan model, evaluate it,
show what is loaded. torch/transformers are imported only inside the commands that need them."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

model_app = typer.Typer(name="model", help="The plan-ranking model: dataset, pretrain, train, eval, info.",
                        no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False,
                        rich_markup_mode=None)


def _error(message: str, code: int = 2) -> typer.Exit:
    print(f"seq2par: error: {message}", file=sys.stderr)
    return typer.Exit(code)


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _threads(threads: int | None) -> int:
    value = threads or int(os.environ.get("OMP_NUM_THREADS", "0") or 0) or min(2, os.cpu_count() or 1)
    return max(1, value)


def _our_dataset(path: Path) -> bool:
    """`path` is a plans dataset `model dataset` wrote (its first line is the `meta` record), or empty."""
    try:
        with open(path, "rb") as kept:
            first = kept.readline(1 << 16)
    except OSError:
        return False
    return not first.strip() or first.lstrip().startswith(b'{"meta"')


def _check_out_folder(out: Path, marker: str, command: str) -> None:
    """`--out` of `model train|pretrain`: a folder it may write, not a file and not a folder of someone
    else's files (an empty one, or one an earlier run wrote: it holds `marker`)."""
    if out.exists() and not out.is_dir():
        raise _error(f"--out {out} is a file; {command} writes a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / marker).is_file():
        raise _error(f"--out {out} is a folder of other files (no {marker}, which `model {command}` writes): "
                     "refusing to replace them; give a new or empty folder")


@model_app.command()
def dataset(
    out: Annotated[Path, typer.Option("--out", help="JSON lines file to write (the committed one is "
                                      "models/data/plans.jsonl).")] = Path("plans.jsonl"),
    seed: Annotated[int, typer.Option("--seed", help="Seed of the synthetic programs and the split.")] = 0,
    programs: Annotated[int, typer.Option("--programs", help="Synthetic programs to generate.")] = 42,
    plans: Annotated[int, typer.Option("--plans", help="Plans measured per program (cap).")] = 5,
    runs: Annotated[int, typer.Option("--runs", help="Timed runs per plan (median).")] = 2,
    examples: Annotated[Path | None, typer.Option("--examples", help="Folder with c/ and cpp/ example "
                                                  "programs to include (default: ./examples if present).")]
    = None,
) -> None:
    """Measure legal plans of examples/ + synthetic programs with validate_mpi at np=2 (MPI only)."""
    from seq2par.models.dataset import build_dataset

    if programs < 0 or plans < 1 or runs < 1:
        raise _error("--programs must be at least 0, --plans and --runs at least 1")
    if out.is_dir():
        raise _error(f"--out {out} is a folder; dataset writes a JSON lines file")
    if out.exists() and not _our_dataset(out):
        raise _error(f"--out {out} exists and is not a plans dataset seq2par wrote: refusing to replace it; give "
                     "another --out or remove it")
    if examples is None and Path("examples").is_dir():
        examples = Path("examples")
    meta = build_dataset(out, seed=seed, programs=programs, cap=plans, runs=runs,
                         examples=examples, log=_log)
    print(json.dumps(meta, indent=2))


@model_app.command()
def pretrain(
    out: Annotated[Path, typer.Option("--out", help="Folder for the pretrained encoder.")] = Path(
        "pretrained-encoder"),
    seconds: Annotated[float, typer.Option("--seconds", help="Training time budget.")] = 420.0,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    threads: Annotated[int | None, typer.Option("--threads", help="torch threads (default 2).")] = None,
) -> None:
    """Train the C tokenizer and pretrain the small encoder (masked-language modelling) on C/C++ found
    offline on this machine (system headers, sources in site-packages)."""
    from seq2par.models.pretrain import pretrain as run_pretrain

    _check_out_folder(out, "pretraining.json", "pretrain")
    if not seconds > 0:
        raise _error(f"--seconds must be positive, got {seconds}")
    info = run_pretrain(out, seconds=seconds, seed=seed, threads=_threads(threads), log=_log)
    print(json.dumps({k: v for k, v in info.items() if k != "corpus"} | {
        "corpus_files": info["corpus"]["files"], "corpus_lines": info["corpus"]["lines"]}, indent=2))


@model_app.command()
def train(
    base: Annotated[Path | None, typer.Option("--base", help="Encoder to fine-tune: our pretrained encoder "
                                              "(default) or any local Hugging Face encoder checkpoint.")]
    = None,
    data: Annotated[Path | None, typer.Option("--data", help="plans.jsonl (default: the packaged one).")]
    = None,
    out: Annotated[Path, typer.Option("--out", help="Where to write the fine-tuned checkpoint.")] = Path(
        "plan-model"),
    epochs: Annotated[int, typer.Option("--epochs")] = 25,
    cost_prior: Annotated[bool, typer.Option("--cost-prior", help="Learn corrections to the cost model's "
                                             "scores instead of scores from scratch.")] = False,
    seed: Annotated[int, typer.Option("--seed")] = 0,
    threads: Annotated[int | None, typer.Option("--threads", help="torch threads (default 2).")] = None,
) -> None:
    """Fine-tune on the measured plan data (train split) and write a save_pretrained checkpoint."""
    from seq2par.models.dataset import DEFAULT_DATA
    from seq2par.models.train import DEFAULT_BASE, fine_tune

    if epochs < 1:
        raise _error(f"--epochs must be at least 1, got {epochs}")
    _check_out_folder(out, "seq2par_model.json", "train")
    base = base or DEFAULT_BASE
    if not (base / "config.json").exists():
        raise _error(f"{base}: not a save_pretrained checkpoint (no config.json)")
    data = data or DEFAULT_DATA
    if not data.exists():
        raise _error(f"{data}: no such dataset; build one with `seq2par model dataset`")
    try:
        info = fine_tune(base=base, data=data, out=out, epochs=epochs, seed=seed, threads=_threads(threads),
                         prior=cost_prior, log=_log)
    except (OSError, ValueError, KeyError, TypeError) as exc:  # a malformed plans.jsonl too
        raise _error(f"{type(exc).__name__}: {exc}" if isinstance(exc, KeyError) else str(exc)) from None
    from seq2par.models.train import record_eval

    info["eval"] = record_eval(out, data)
    print(json.dumps(info, indent=2))


@model_app.command("eval")
def evaluate(
    model: Annotated[Path | None, typer.Option("--model", help="Checkpoint (default: the packaged one).")]
    = None,
    data: Annotated[Path | None, typer.Option("--data", help="plans.jsonl (default: the packaged one).")]
    = None,
    split: Annotated[str, typer.Option("--split", help="test (held-out programs) or train.")] = "test",
    as_json: Annotated[bool, typer.Option("--json", help="Print the full result as JSON.")] = False,
) -> None:
    """Held-out comparison: model vs cost model (measured-best rate, geometric-mean runtime)."""
    from seq2par.models.dataset import DEFAULT_DATA
    from seq2par.models.suggest import DEFAULT_CHECKPOINT, SuggesterError
    from seq2par.models.train import evaluate as run_eval

    if split not in ("test", "train"):
        raise _error(f"--split must be test or train, got {split!r}")
    data = data or DEFAULT_DATA
    if not data.is_file():
        raise _error(f"{data}: no such dataset; build one with `seq2par model dataset`")
    try:
        result = run_eval(checkpoint=model or DEFAULT_CHECKPOINT, data=data, split=split)
    except SuggesterError as exc:
        raise _error(str(exc)) from None
    except (OSError, ValueError, KeyError, TypeError) as exc:  # a malformed plans.jsonl (JSONDecodeError too)
        raise _error(f"{data}: not a plans dataset ({type(exc).__name__}: {exc})") from None
    if not result.get("programs"):
        raise _error(f"{data}: no programs in its {split} split: nothing to compare")
    if as_json:
        print(json.dumps(result, indent=2))
        return
    print(f"split {result['split']}: {result['programs']} programs (plans measured at np=2)")
    for name in ("model", "cost"):
        r = result[name]
        print(f"  {name:5}  picks the measured best {r['best_rate'] * 100:5.1f}%   geomean np=2 time "
              f"{r['geomean_seconds']:.4f} s   ({r['geomean_vs_best']:.3f}x the best)")
    print(f"  best   geomean np=2 time {result['oracle_geomean_seconds']:.4f} s")


@model_app.command()
def info(
    model: Annotated[Path | None, typer.Option("--model", help="Checkpoint (default: the packaged one).")]
    = None,
) -> None:
    """What checkpoint is loaded, its size, training data, metrics, load and inference time."""
    from seq2par.models.suggest import DEFAULT_CHECKPOINT, SuggesterError, TransformerSuggester

    path = model or DEFAULT_CHECKPOINT
    try:
        suggester = TransformerSuggester(path)
    except SuggesterError as exc:
        raise _error(str(exc)) from None
    load = suggester.load_info
    print(f"checkpoint   {load.path}")
    print(f"parameters   {load.parameters:,}   size on disk {load.size_bytes / 1e6:.1f} MB")
    print(f"load time    {load.seconds:.2f} s")
    meta = load.metadata
    if meta:
        data = meta.get("data", {})
        print(f"base         {meta.get('base')}")
        pre = meta.get("pretraining") or {}
        if pre:
            corpus = pre.get("corpus", {})
            print(f"pretraining  {pre.get('steps')} MLM steps, {corpus.get('files')} files / "
                  f"{corpus.get('lines')} lines of C/C++ ({corpus.get('description', '')})")
        print(f"fine-tuning  {data.get('train_loops')} loops from {data.get('train_programs')} "
              f"programs of {data.get('path')} (seed {data.get('seed')}), {meta.get('epochs_run')} epochs, "
              f"{meta.get('train_seconds')} s")
        if "eval" in meta:
            for name in ("model", "cost"):
                r = meta["eval"][name]
                print(f"eval {name:5}   best-plan rate {r['best_rate']:.3f}, geomean np=2 "
                      f"{r['geomean_seconds']:.4f} s on {meta['eval']['programs']} held-out programs")
    from seq2par.models.features import LoopFacts

    facts = LoopFacts(0, "main", 1, 0, 1000, 1, 1, 1e6, False, False, ("+:s",), ("a",), ("b",), (0,),
                      "parallel", "for (int i = 0; i < N; i++) { for (int k = 0; k < K; k++) s += a[i]; }")
    suggester.score_pairs([(facts, "block")])
    start = time.perf_counter()
    for _ in range(5):
        suggester.score_pairs([(facts, "block"), (facts, "cyclic"), (facts, "sequential")])
    per_nest = (time.perf_counter() - start) / 5 * 1000
    print(f"inference    {per_nest:.1f} ms per loop nest (one loop, 3 decisions, one pass)")


def register(app: typer.Typer) -> None:
    app.add_typer(model_app, name="model")
