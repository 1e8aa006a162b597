"""Row pointers declared in a loop body (`double *row = &flat[i * M];`, `double *out = m[i];`): the analysis
follows them to the array, so the loops are distributed and each rank fills its own rows through them."""

from __future__ import annotations

from pathlib import Path

import pytest

from seq2par.analyzers import analyze_file
from seq2par.generators.mpi import generate_mpi

PROGRAM = r"""
#include <stdio.h>
#define N 2000
#define M 500
static double flat[N * M], m[N][M];
int main(void) {
    for (int i = 0; i < N; i++) {
        double *row = &flat[i * M];
        for (int j = 0; j < M; j++)
            row[j] = (i * 7 + j * 3) % 11 * 0.5;
    }
    for (int i = 0; i < N; i++) {
        double *out = m[i];
        const double *in = &flat[i * M];
        for (int j = 0; j < M; j++) {
            double t = in[j];
            for (int k = 0; k < 20; k++)
                t = t * 0.9 + 0.1 * j;
            out[j] = t;
        }
    }
    double s = 0.0;
    for (int i = 0; i < N; i++)
        for (int j = 0; j < M; j++)
            s += m[i][j] * (j % 5 + 1);
    printf("%.10e %.10e\n", s, m[N / 2][7]);
    return 0;
}
"""


@pytest.mark.slow
def test_loops_writing_through_body_row_pointers_are_distributed_and_validated(tmp_path: Path,
                                                                             validate_generated) -> None:
    source = tmp_path / "rows.c"
    source.write_text(PROGRAM)
    generated = generate_mpi(analyze_file(source, use_libclang=False))
    # Before: the first two loops were sequential (S2P601, a store through a pointer set in the body).
    assert [plan.loop.line for plan in generated.distributed] == [7, 12, 23]
    report = validate_generated(source, generated.source)
    assert report.status == "equal", report.message
