"""Shared steps of the end-to-end MPI tests: build a generated program, or validate it against its source."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def validate_generated(tmp_path: Path) -> Callable:
    """`validate(source, generated_text, flags=())`: write the generated program beside a scratch copy's name
    and validate it against `source` at np=2 and 3 (one run each), built with `flags` too; returns the
    ValidationReport."""
    from seq2par.validators import validate_mpi

    def validate(source: Path, generated: str, flags: tuple[str, ...] = ()):
        parallel = tmp_path / f"{source.stem}.mpi{source.suffix}"
        parallel.write_text(generated)
        return validate_mpi(source, parallel, np_list=(2, 3), runs=1, timeout=120, flags=flags)

    return validate


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
