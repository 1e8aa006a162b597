"""Arrays of structs (and of typedef'd fixed-size arrays) are distributed by rows like arrays of doubles: one
element travels as sizeof(T) bytes (a contiguous MPI datatype), so gathers, halo exchanges and fetched
elements count elements as before. Structs holding pointers stay sequential: addresses mean nothing in
another process."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from seq2par.analyzers import analyze_file
from seq2par.generators.mpi import generate_mpi

ROOT = Path(__file__).resolve().parents[2]

TYPEDEFS = r"""
#include <stdio.h>
#define N 5000

typedef struct {
    int id;
    double mass;
    float charge[2];
} body;

typedef double vec3[3];

static body b[N];
static vec3 force[N];

int main(void)
{
    for (int i = 0; i < N; i++) {
        b[i].id = i;
        b[i].mass = 1.0 + (i % 13) * 0.25;
    }
    for (int i = 0; i < N; i++) {  /* runs on every rank: b is gathered (as bytes) before it */
        b[i].charge[0] = (float)(i % 3);
        b[i].charge[1] = (float)(i % 5) * 0.5f;
    }
    for (int i = 0; i < N; i++) {
        force[i][0] = b[i].mass * b[i].charge[0];
        force[i][1] = b[i].mass * b[i].charge[1];
        force[i][2] = force[i][0] - force[i][1];
    }
    for (int i = 0; i < N; i++)
        b[i].mass *= 0.5;  /* one member written: the whole element still travels */
    double total = 0.0;
    int odd = 0;
    for (int i = 1; i < N; i++) {  /* sequential: reads the previous element */
        total = total * 0.5 + b[i].mass * force[i - 1][2];
        odd += b[i].id % 2;
    }
    printf("%.15e %d %.15e\n", total, odd, force[N - 1][1]);
    return 0;
}
"""

POINTERS = r"""
#include <stdio.h>
#define N 1000

struct node {
    double value;
    double *extra;
};

static struct node nodes[N];
static double pool[N];

int main(void)
{
    for (int i = 0; i < N; i++) {
        nodes[i].value = i * 0.5;
        nodes[i].extra = &pool[i];
    }
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += nodes[i].value + *nodes[i].extra;
    printf("%.6f\n", s);
    return 0;
}
"""


def line_of(program: str, snippet: str, nth: int = 0) -> int:
    """1-based line of the nth line of `program` that contains `snippet`."""
    return [k for k, line in enumerate(program.splitlines(), 1) if snippet in line][nth]


def main_text(source: str) -> str:
    return source[source.index("int main"):]


@pytest.mark.slow
def test_particles_example_keeps_the_structs_distributed_through_the_time_loop(validate_generated) -> None:
    source = ROOT / "examples" / "c" / "particles.c"
    generated = generate_mpi(analyze_file(source))
    # Before: "element type of `p` is not a basic C type"; only the final sums were distributed.
    assert sorted(p.loop.line for p in generated.distributed) == [21, 32, 46]
    main = main_text(generated.source)
    step_loop = main[main.index("for (int step"):main.index("double kinetic")]
    assert "s2p_gather" not in step_loop and "s2p_exchange_halo" not in step_loop
    assert main.count("s2p_share_element(&p[0], s2p_bytes_type(sizeof(struct particle))") == 3
    assert "s2p_gather" not in main  # the printed particles are fetched from their owners, nothing else
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message


@pytest.mark.slow
def test_typedef_structs_and_fixed_size_arrays_travel_as_bytes(tmp_path: Path, validate_generated) -> None:
    source = tmp_path / "bodies.c"
    source.write_text(TYPEDEFS)
    generated = generate_mpi(analyze_file(source))
    loops = [line_of(TYPEDEFS, "for (int i = 0; i < N; i++)", k) for k in (0, 2, 3)]
    assert len([p for p in generated.distributed if p.loop.line in loops]) == 3
    main = main_text(generated.source)
    gathers = re.findall(r"s2p_gather_rows\((&\w+\[0\](?:\[0\])?), (\S+)", main)
    assert ("&b[0]", "s2p_bytes_type(sizeof(body)),") in gathers
    assert ("&force[0][0]", "MPI_DOUBLE,") in gathers  # an array of arrays: rows of 3 doubles
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message


def test_structs_holding_pointers_are_not_distributed(tmp_path: Path) -> None:
    source = tmp_path / "nodes.c"
    source.write_text(POINTERS)
    generated = generate_mpi(analyze_file(source))
    assert [p.loop.line for p in generated.distributed] == [line_of(POINTERS, "for", 1)]  # the sum only
    reasons = {loop.line: why for loop, why in generated.sequential}
    assert "element type of `nodes`" in reasons[line_of(POINTERS, "for", 0)]


@pytest.mark.parametrize("program", ["particles", "typedefs"])
def test_struct_programs_build_without_warnings(program: str, tmp_path: Path, compile_generated) -> None:
    source = ROOT / "examples" / "c" / "particles.c" if program == "particles" else tmp_path / "bodies.c"
    if program == "typedefs":
        source.write_text(TYPEDEFS)
    done, _ = compile_generated(generate_mpi(analyze_file(source)).source, "prog.mpi.c", "-Wall", "-Werror", "-O2")
    assert done.returncode == 0, done.stderr


ARITHMETIC_TYPEDEF = r"""
#include <stdio.h>
#define N 600
typedef float real;
typedef unsigned char pixel;
static real field[N][N];
static pixel mask[N][N];

int main(void)
{
  for (int i = 0; i < N; i++)
    for (int j = 0; j < N; j++) {
      field[i][j] = (real)((i * 7 + j * 3) % 19) / (real)19.0f;
      mask[i][j] = (pixel)((i + j) % 3 == 0);
    }
  double s = 0.0;
  for (int i = 0; i < N; i += 7)
    for (int j = 0; j < N; j += 5)
      s += (double)field[i][j] * (double)(mask[j][i] + 1);
  printf("%.9e\n", s);
  return 0;
}
"""


@pytest.mark.slow
def test_arrays_of_an_arithmetic_typedef_travel_as_bytes(tmp_path: Path, validate_generated) -> None:
    """`real` and `pixel` (typedefs of float and unsigned char) were 'neither a basic C type nor a struct'."""
    source = tmp_path / "typedef.c"
    source.write_text(ARITHMETIC_TYPEDEF)
    generated = generate_mpi(analyze_file(source))
    assert line_of(ARITHMETIC_TYPEDEF, "for (int i = 0; i < N; i++)", 0) in [p.loop.line for p in generated.distributed]
    gathers = re.findall(r"s2p_gather_rows\((&\w+\[0\]\[0\]), (\S+)", main_text(generated.source))
    assert ("&field[0][0]", "s2p_bytes_type(sizeof(real)),") in gathers
    assert ("&mask[0][0]", "s2p_bytes_type(sizeof(pixel)),") in gathers
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message
