"""Validate every generated .cu against its original on a GPU with seq2par's own validator.

Used with the device machine: copy validators/ to pkg/seq2par/validators and the examples plus their
generated .cu files to src/ beside this script (see the README's CUDA figures for the last run).
"""
import json
import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "pkg"))
from seq2par.validators import gpu_present, validate_cuda  # noqa: E402

src = Path(__file__).parent / "src"
print("gpu:", gpu_present())
rows = []
for cu in sorted(src.glob("*.cu")):
    original = next(p for p in src.iterdir() if p.stem == cu.stem and p.suffix in (".c", ".cpp"))
    report = validate_cuda(original, cu, archs=("sm_90",), runs=3, timeout=120)
    entry = report.entries[0] if report.entries else None
    row = (cu.stem, report.status, report.mode, report.original_median_seconds,
           entry.median_seconds if entry else None, entry.speedup if entry else None)
    rows.append(row)
    print(json.dumps(row), report.message[:200], flush=True)
speedups = [r[5] for r in rows if r[1] == "equal" and r[5]]
print("geomean", math.exp(sum(math.log(s) for s in speedups) / len(speedups)) if speedups else None)
