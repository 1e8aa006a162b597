"""A seeded generator of synthetic sequential C programs for the plan dataset.

Each program is a short `main` with loop nests of one of a few shapes — light init loops, heavy compute
maps, triangular nests (iteration cost grows with the index), stencils inside a time loop, reductions with
per-element work, a matrix product — with sizes and inner work drawn from the seed so that a sequential
run takes roughly 0.1–1 s here. Outputs are sums of positive terms printed with 10 digits, so that an
MPI version that reassociates them still compares equal at rtol 1e-9. The same seed gives the same
programs, byte for byte.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

HEADER = "#include <stdio.h>\n#include <stdlib.h>\n#include <math.h>\n\n"


@dataclass(frozen=True)
class SyntheticProgram:
    name: str
    shape: str
    source: str


def _init_loop(rng: random.Random, arrays: list[str], n: str) -> str:
    lines = [f"    for (int i = 0; i < {n}; i++) {{"]
    for k, name in enumerate(arrays):
        a, b = rng.randint(3, 17), rng.randint(5, 31)
        lines.append(f"        {name}[i] = 1.0 + (double)((i * {a} + {k + 1}) % {b}) / {b}.0;")
    lines.append("    }")
    return "\n".join(lines)


def _work_expr(rng: random.Random, var: str, acc: str) -> str:
    return rng.choice([
        f"{acc} += {var} * 0.5 + 1.0 / (1.0 + {var} * {var});",
        f"{acc} += sqrt({var} * {var} + 1.0);",
        f"{acc} += {var} * {var} * 1e-3 + 0.25;",
        f"{acc} = {acc} * 0.999 + {var} * 1e-2;",
    ])


def map_heavy(rng: random.Random) -> str:
    n = rng.choice([2000, 4000, 8000, 20000, 50000])
    inner = max(4, int(rng.uniform(0.2, 1.0) * 3.5e8 / n))
    expr = _work_expr(rng, "x", "s")
    light_tail = rng.random() < 0.6
    tail = ""
    if light_tail:
        tail = ("    for (int i = 0; i < N; i++) {\n        c[i] = b[i] * 2.0 + a[i];\n    }\n")
    out = "c" if light_tail else "b"
    return HEADER + f"""#define N {n}
#define K {inner}

static double a[N], b[N], c[N];

int main(void)
{{
{_init_loop(rng, ["a"], "N")}
    for (int i = 0; i < N; i++) {{
        double s = 0.0;
        for (int k = 0; k < K; k++) {{
            double x = a[i] + k * 1e-4;
            {expr}
        }}
        b[i] = s;
    }}
{tail}    double total = 0.0;
    for (int i = 0; i < N; i++) {{
        total += {out}[i];
    }}
    printf("total = %.10e\\n", total);
    printf("first = %.10e\\n", {out}[0]);
    return 0;
}}
"""


def triangular(rng: random.Random) -> str:
    n = rng.choice([1500, 2500, 4000, 6000])
    reps = max(1, int(rng.uniform(0.3, 1.0) * 1.2e9 / (n * n)))
    writes = rng.random() < 0.5
    body_store = "        r[i] = s;\n" if writes else "        total += s;\n"
    final = ("    for (int i = 0; i < N; i++) {\n        total += r[i];\n    }\n" if writes else "")
    return HEADER + f"""#define N {n}
#define R {reps}

static double a[N], r[N];

int main(void)
{{
{_init_loop(rng, ["a"], "N")}
    double total = 0.0;
    for (int i = 0; i < N; i++) {{
        double s = 0.0;
        for (int j = 0; j < i; j++) {{
            for (int q = 0; q < R; q++) {{
                s += a[j] * 1e-3 + a[i] * 1e-4 + q * 1e-6;
            }}
        }}
{body_store}    }}
{final}    printf("total = %.10e\\n", total);
    return 0;
}}
"""


def stencil_time(rng: random.Random) -> str:
    two_d = rng.random() < 0.5
    if two_d:
        n = rng.choice([300, 500, 800])
        steps = max(5, int(rng.uniform(0.3, 1.0) * 3e8 / (n * n)))
        return HEADER + f"""#define N {n}
#define STEPS {steps}

int main(void)
{{
    double *u = malloc(sizeof(double) * N * N);
    double *v = malloc(sizeof(double) * N * N);
    for (int i = 0; i < N; i++) {{
        for (int j = 0; j < N; j++) {{
            u[i * N + j] = 1.0 + (double)((i * 7 + j * 3) % 11);
            v[i * N + j] = u[i * N + j];
        }}
    }}
    for (int t = 0; t < STEPS; t++) {{
        for (int i = 1; i < N - 1; i++) {{
            for (int j = 1; j < N - 1; j++) {{
                v[i * N + j] = 0.2 * (u[i * N + j] + u[(i - 1) * N + j] + u[(i + 1) * N + j]
                                      + u[i * N + j - 1] + u[i * N + j + 1]);
            }}
        }}
        double *tmp = u;
        u = v;
        v = tmp;
    }}
    double sum = 0.0;
    for (int i = 0; i < N; i++) {{
        for (int j = 0; j < N; j++) {{
            sum += u[i * N + j];
        }}
    }}
    printf("sum = %.10e\\n", sum);
    free(u);
    free(v);
    return 0;
}}
"""
    n = rng.choice([20000, 50000, 100000, 200000])
    steps = max(5, int(rng.uniform(0.3, 1.0) * 4e8 / n))
    return HEADER + f"""#define N {n}
#define STEPS {steps}

static double u[N], v[N];

int main(void)
{{
{_init_loop(rng, ["u", "v"], "N")}
    for (int t = 0; t < STEPS; t++) {{
        for (int i = 1; i < N - 1; i++) {{
            v[i] = 0.25 * u[i - 1] + 0.5 * u[i] + 0.25 * u[i + 1];
        }}
        for (int i = 1; i < N - 1; i++) {{
            u[i] = v[i];
        }}
    }}
    double sum = 0.0;
    for (int i = 0; i < N; i++) {{
        sum += u[i];
    }}
    printf("sum = %.10e\\n", sum);
    return 0;
}}
"""


def reduction(rng: random.Random) -> str:
    n = rng.choice([200000, 1000000, 3000000])
    inner = max(1, int(rng.uniform(0.3, 1.0) * 3e8 / n))
    expr = _work_expr(rng, "x", "s")
    return HEADER + f"""#define N {n}
#define K {inner}

static double a[N], b[N];

int main(void)
{{
{_init_loop(rng, ["a", "b"], "N")}
    double dot = 0.0, big = 0.0;
    for (int i = 0; i < N; i++) {{
        double s = 0.0;
        for (int k = 0; k < K; k++) {{
            double x = a[i] * b[i] + k * 1e-5;
            {expr}
        }}
        dot += s;
        if (s > big) big = s;
    }}
    printf("dot = %.10e\\n", dot);
    printf("max = %.10e\\n", big);
    return 0;
}}
"""


def matmul(rng: random.Random) -> str:
    n = rng.choice([700, 850, 1000])
    return HEADER + f"""#define N {n}

static double a[N][N], b[N][N], c[N][N];

int main(void)
{{
    for (int i = 0; i < N; i++) {{
        for (int j = 0; j < N; j++) {{
            a[i][j] = 1.0 + (double)((i + 2 * j) % 7) / 7.0;
            b[i][j] = 1.0 + (double)((3 * i + j) % 5) / 5.0;
        }}
    }}
    for (int i = 0; i < N; i++) {{
        for (int k = 0; k < N; k++) {{
            for (int j = 0; j < N; j++) {{
                c[i][j] += a[i][k] * b[k][j];
            }}
        }}
    }}
    double trace = 0.0;
    for (int i = 0; i < N; i++) {{
        trace += c[i][i];
    }}
    printf("trace = %.10e\\n", trace);
    return 0;
}}
"""


def light_maps(rng: random.Random) -> str:
    n = rng.choice([1000000, 2000000, 4000000])
    reps = rng.randint(15, 50)
    return HEADER + f"""#define N {n}
#define REPS {reps}

static double a[N], b[N], c[N];

int main(void)
{{
{_init_loop(rng, ["a", "b"], "N")}
    for (int r = 0; r < REPS; r++) {{
        for (int i = 0; i < N; i++) {{
            c[i] = a[i] * 1.5 + b[i] * 0.5 + r;
        }}
        for (int i = 1; i < N; i++) {{
            b[i] = c[i - 1] * 0.5 + c[i] * 0.25;
        }}
    }}
    double sum = 0.0;
    for (int i = 0; i < N; i++) {{
        sum += c[i] + b[i];
    }}
    printf("sum = %.10e\\n", sum);
    return 0;
}}
"""


SHAPES = {
    "map_heavy": map_heavy,
    "triangular": triangular,
    "stencil_time": stencil_time,
    "reduction": reduction,
    "matmul": matmul,
    "light_maps": light_maps,
}


def generate_programs(count: int, seed: int = 0) -> list[SyntheticProgram]:
    """`count` programs, cycling through the shapes so that each is represented; deterministic in seed."""
    rng = random.Random(seed)
    names = sorted(SHAPES)
    programs = []
    for index in range(count):
        shape = names[index % len(names)]
        programs.append(SyntheticProgram(f"synth_{seed}_{index:03d}_{shape}", shape, SHAPES[shape](rng)))
    return programs
