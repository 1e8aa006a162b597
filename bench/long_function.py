"""How analysis time grows with the loops of one function.

Usage: python bench/long_function.py [--loops 1000,2000,4000,8000] [--seq2par PATH]

Generated code: one function of N sibling loops that share scalar temporaries (`t = a[i] * k; b[i] = t;
s += a[i];`), the shape of long generated or unrolled solver code. Each size goes through one `seq2par
analyze --format json` run (tree-sitter mode, best of 2, wall time); the bench prints seconds, loops/s and
the growth exponent between successive sizes (1.0 = linear, 2.0 = quadratic). A function's loops are
analyzed one after another, so what the analysis of one loop looks at after it must not grow with N.
"""

from __future__ import annotations

import argparse
import math
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def source(loops: int) -> str:
    body = "".join(f"  for (i = 0; i < 100; i++) {{ t = a[i] * {k}; b[i] = t; s += a[i]; }}\n" for k in range(loops))
    return f"double a[100], b[100];\ndouble f(void) {{\n  int i; double s = 0, t;\n{body}  return s;\n}}\n"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--loops", default="1000,2000,4000,8000")
    parser.add_argument("--seq2par", default=shutil.which("seq2par") or str(Path(sys.executable).with_name("seq2par")))
    args = parser.parse_args()
    sizes = [int(n) for n in args.loops.split(",")]
    previous = None
    print(f"{'loops':>7} {'seconds':>8} {'loops/s':>8} {'growth':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            path = Path(tmp, f"long{n}.c")
            path.write_text(source(n))
            best = math.inf
            for _ in range(2):
                start = time.perf_counter()
                done = subprocess.run([args.seq2par, "analyze", str(path), "--no-libclang", "--format", "json"],
                                      capture_output=True)
                best = min(best, time.perf_counter() - start)
                if done.returncode != 0:
                    print(f"seq2par analyze exited {done.returncode}: {done.stderr.decode()[-500:]}", file=sys.stderr)
                    return 1
            growth = f"{math.log(best / previous[1]) / math.log(n / previous[0]):.2f}" if previous else ""
            print(f"{n:>7} {best:>8.2f} {n / best:>8.0f} {growth:>7}")
            previous = (n, best)
    return 0


if __name__ == "__main__":
    sys.exit(main())
