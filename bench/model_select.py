"""How the plan model's training settings were chosen: k-fold cross-validation over the *train* programs
of the committed dataset (the held-out test programs are never read here).

Usage: python bench/model_select.py [--folds 3] [--threads 2]

For each setting, fine-tunes on k-1 folds, evaluates on the remaining fold (each suggester picks one of the
measured plans), and prints the mean over folds of: geometric-mean time relative to the measured best
(model, cost model) and the rate of picking the measured best.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
from pathlib import Path

SETTINGS = {
    "epochs 25, lr 2e-4, T 0.05": {"epochs": 25, "lr": 2e-4, "temperature": 0.05},
    "epochs 40, lr 2e-4, T 0.05": {"epochs": 40, "lr": 2e-4, "temperature": 0.05},
    "epochs 25, lr 2e-4, T 0.10": {"epochs": 25, "lr": 2e-4, "temperature": 0.10},
    "epochs 40, lr 1e-4, T 0.05": {"epochs": 40, "lr": 1e-4, "temperature": 0.05},
    "cost prior, epochs 25, lr 2e-4, T 0.05": {"epochs": 25, "lr": 2e-4, "temperature": 0.05, "prior": True},
    "cost prior, expected log time, epochs 25, lr 2e-4": {"epochs": 25, "lr": 2e-4, "prior": True,
                                                          "objective": "expected-log-time"},
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=3)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", default=None, help="run only the settings whose name contains this")
    parser.add_argument("--weights", default="1", help="correction weights to evaluate for cost-prior settings, "
                        "e.g. 0.25,0.5,1 (the model's corrections shrunk toward the cost model)")
    args = parser.parse_args()

    from seq2par.models.dataset import DEFAULT_DATA, load_dataset
    from seq2par.models.train import evaluate, fine_tune

    meta, rows = load_dataset(DEFAULT_DATA)
    train = [r for r in rows if r["split"] == "train"]
    order = sorted(r["program"] for r in train)
    random.Random(0).shuffle(order)
    fold_of = {name: i % args.folds for i, name in enumerate(order)}
    results: dict[str, list[dict]] = {}
    with tempfile.TemporaryDirectory(prefix="s2p-select-") as tmp:
        for fold in range(args.folds):
            data = Path(tmp) / f"fold{fold}.jsonl"
            fold_rows = [{**r, "split": "test" if fold_of[r["program"]] == fold else "train"} for r in train]
            data.write_text("\n".join(json.dumps(x) for x in [{"meta": meta}, *fold_rows]) + "\n")
            for name, setting in SETTINGS.items():
                if args.only and args.only not in name:
                    continue
                out = Path(tmp) / f"model-{fold}"
                fine_tune(data=data, out=out, threads=args.threads, log=lambda _: None, **setting)
                weights = [float(w) for w in args.weights.split(",")] if setting.get("prior") else [1.0]
                for weight in weights:
                    label = f"{name}, weight {weight:g}" if setting.get("prior") else name
                    result = evaluate(checkpoint=out, data=data, correction_weight=weight, log=lambda _: None)
                    results.setdefault(label, []).append(result)
                    print(f"fold {fold} {label}: model {result['model']['geomean_vs_best']:.4f}x "
                          f"best {result['model']['best_rate']:.3f} | cost {result['cost']['geomean_vs_best']:.4f}x "
                          f"best {result['cost']['best_rate']:.3f} ({result['programs']} programs)", flush=True)
    print(f"\nmean over {args.folds} folds of the {len(train)} train programs (relative to the measured best):")
    for name, folds in results.items():
        def mean(who: str, key: str, folds=folds) -> float:
            return statistics.mean(r[who][key] for r in folds)

        print(f"  {name}: model {mean('model', 'geomean_vs_best'):.4f}x, best {mean('model', 'best_rate'):.3f}"
              f"   cost {mean('cost', 'geomean_vs_best'):.4f}x, best {mean('cost', 'best_rate'):.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
