"""Plan-model latency: checkpoint load time, and inference time per loop nest (all candidate decisions of
the nest's distributable loops scored in one batch), on the example programs. Target: <= 50 ms per loop
nest on this CPU, load time reported separately.

Usage: OMP_NUM_THREADS=2 python bench/model_latency.py [--model PATH] [--threads N] [--repeat N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

TARGET_MS = 50.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    import torch

    torch.set_num_threads(args.threads)
    from seq2par.analyzers import analyze_file
    from seq2par.generators.mpi import MpiGenerator
    from seq2par.models.features import loop_facts
    from seq2par.models.suggest import TransformerSuggester

    start = time.perf_counter()
    suggester = TransformerSuggester(args.model)
    load_s = time.perf_counter() - start
    info = suggester.load_info
    print(f"checkpoint {info.path}: {info.parameters:,} parameters, {info.size_bytes / 1e6:.1f} MB, "
          f"load {load_s:.2f} s (torch threads {args.threads})")
    examples = Path(__file__).resolve().parent.parent / "examples"
    per_nest_ms, per_program_ms = [], []
    for path in sorted([*examples.glob("c/*.c"), *examples.glob("cpp/*.cpp")]):
        report = analyze_file(path, [], use_libclang=True)
        options = MpiGenerator(report).options()
        if not options:
            continue
        facts = loop_facts(report)
        nests: dict[int, list] = {}
        by_id = {lp.id: lp for fn in report.program.functions.values() for lp in fn.loops}
        for loop_id, decisions in options.items():
            root = loop_id
            while by_id[root].parent is not None:
                root = by_id[root].parent
            nests.setdefault(root, []).extend((facts[loop_id], d) for d in decisions)
        suggester.score_pairs(next(iter(nests.values())))  # warm-up
        for pairs in nests.values():
            times = []
            for _ in range(args.repeat):
                t = time.perf_counter()
                suggester.score_pairs(pairs)
                times.append((time.perf_counter() - t) * 1000)
            per_nest_ms.append(statistics.median(times))
        t = time.perf_counter()
        suggester.suggest(report, options)
        per_program_ms.append((time.perf_counter() - t) * 1000)
    median = statistics.median(per_nest_ms)
    print(f"{len(per_nest_ms)} loop nests in {len(per_program_ms)} programs: inference per nest median "
          f"{median:.1f} ms, max {max(per_nest_ms):.1f} ms (target <= {TARGET_MS:.0f} ms)")
    print(f"whole suggest() per program (features + scoring + ranking): median "
          f"{statistics.median(per_program_ms):.1f} ms, max {max(per_program_ms):.1f} ms")
    return 0 if median <= TARGET_MS else 1


if __name__ == "__main__":
    sys.exit(main())
