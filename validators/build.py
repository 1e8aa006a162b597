"""Compile a program; a compiler failure becomes a `BuildError` carrying what the user needs to see."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ToolchainError, ValidationError
from .toolchain import Compiler

_MAX_ERROR_LINES = 40


class BuildError(ValidationError):
    """A program did not compile. ``stderr`` is the compiler's output, trimmed to its first lines."""

    def __init__(self, message: str, command: Sequence[str], stderr: str, returncode: int | None) -> None:
        super().__init__(message)
        self.command = tuple(command)
        self.stderr = stderr
        self.returncode = returncode


@dataclass(frozen=True)
class BuildResult:
    """A successful build: the binary, the exact command, how long it took, and any warnings."""

    output: Path
    command: tuple[str, ...]
    seconds: float
    warnings: str


def trim_lines(text: str, max_lines: int = _MAX_ERROR_LINES, *, keep: str = "head") -> str:
    """Keep the first (``keep="head"``) or last (``"tail"``) ``max_lines`` lines, noting how many were cut."""
    lines = text.rstrip().splitlines()
    if len(lines) <= max_lines:
        return "\n".join(lines)
    cut = len(lines) - max_lines
    if keep == "head":
        return "\n".join([*lines[:max_lines], f"... ({cut} more lines)"])
    return "\n".join([f"... ({cut} earlier lines)", *lines[-max_lines:]])


def build(
    sources: Sequence[Path],
    output: Path,
    compiler: Compiler,
    flags: Sequence[str] = (),
    timeout: float = 300.0,
) -> BuildResult:
    """Compile ``sources`` into the executable ``output``.

    The command is ``compiler -O2 SOURCES -o OUTPUT FLAGS LINK_FLAGS``: flags come after the sources so
    that libraries (``-lm``) link, and ``-O2`` is left out when ``flags`` choose their own ``-O`` level.
    Raises `BuildError` (a `ValidationError`) when the compiler fails or exceeds ``timeout`` seconds, and
    `ToolchainError` when the compiler cannot be started at all.
    """
    optimize = () if any(flag.startswith("-O") for flag in flags) else ("-O2",)
    names: list[str] = []
    for source in sources:
        if compiler.language == "c++" and Path(source).suffix == ".c" and len(sources) > 1:
            # a C file linked with a C++ one (a C library, a C++ driver): compiled as the C it is
            names += ["-x", "c", str(source), "-x", "none"]
        else:
            names.append(str(source))
    command = (
        *compiler.command,
        *optimize,
        *names,
        "-o",
        str(output),
        *flags,
        *compiler.link_flags,
    )
    started = time.perf_counter()
    try:
        completed = subprocess.run(
            command,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=timeout,
            stdin=subprocess.DEVNULL,
        )
    except FileNotFoundError:
        raise ToolchainError(f"compiler {compiler.command[0]!r} cannot be started: not found") from None
    except PermissionError:
        raise ToolchainError(f"compiler {compiler.command[0]!r} cannot be started: not executable") from None
    except subprocess.TimeoutExpired as expired:
        stderr = expired.stderr.decode(errors="replace") if isinstance(expired.stderr, bytes) else ""
        raise BuildError(
            f"{compiler.name} did not finish within {timeout:g} s", command, trim_lines(stderr), None
        ) from None
    seconds = time.perf_counter() - started
    if completed.returncode != 0 or not output.is_file():
        names = ", ".join(Path(source).name for source in sources)
        stderr = trim_lines(completed.stderr or completed.stdout)
        raise BuildError(
            f"{compiler.name} failed to compile {names} (exit {completed.returncode})",
            command,
            stderr,
            completed.returncode,
        )
    return BuildResult(output, command, seconds, completed.stderr.strip())
