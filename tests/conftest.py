"""Fixtures shared by the test folders."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def compile_generated(tmp_path: Path) -> Callable:
    """`compile(generated_text, name, *flags)`: write it to tmp_path/name and build it with mpicc (mpicxx for
    C++) and the flags the generated file asks for (MPI_FLAGS, as the validator builds it; `-fno-openmp-simd`
    among the flags turns them off), linking `-lm` unless `-c` is among the flags; returns (CompletedProcess,
    output path)."""
    from seq2par.validators import find_mpi
    from seq2par.validators.validate import MPI_FLAGS

    def build(generated: str, name: str, *flags: str) -> tuple[subprocess.CompletedProcess, Path]:
        path = tmp_path / name
        path.write_text(generated)
        output = tmp_path / (path.stem.replace(".", "_") + (".o" if "-c" in flags else ""))
        compiler = find_mpi(cxx=path.suffix != ".c").compiler.command
        libraries = [] if "-c" in flags else ["-lm"]
        documented = MPI_FLAGS if "-fno-openmp-simd" not in flags else ()
        done = subprocess.run([*compiler, *documented, *flags, str(path), "-o", str(output), *libraries],
                              capture_output=True, text=True)
        return done, output

    return build
