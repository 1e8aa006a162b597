"""Shared steps of the end-to-end MPI tests: validate a generated program against its source (building one:
`compile_generated` in tests/conftest.py)."""

from __future__ import annotations

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
