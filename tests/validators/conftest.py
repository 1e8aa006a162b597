"""Shared fixtures for the validator tests: inline C sources written to a temporary folder."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

SourceWriter = Callable[[str, str], Path]


@pytest.fixture
def write_source(tmp_path: Path) -> SourceWriter:
    """Write a dedented source snippet to ``tmp_path/src/NAME`` and return its path."""
    folder = tmp_path / "src"
    folder.mkdir(exist_ok=True)

    def write(name: str, code: str) -> Path:
        path = folder / name
        path.write_text(textwrap.dedent(code).lstrip())
        return path

    return write
