"""The two error types of the validation layer.

`ToolchainError` means the machine lacks something (no mpicc, no nvcc, an unusable launcher template): the
user fixes their environment. `ValidationError` means the request itself cannot be carried out (a missing
source file, ``np=0``) or, through its subclass `BuildError`, that a program does not compile. A program that
crashes, times out or prints something different is *not* an error: it is a result, recorded in the
`ValidationReport`.
"""

from __future__ import annotations


class ToolchainError(Exception):
    """A compiler, MPI launcher or CUDA tool is missing or unusable; the message says what to install."""


class ValidationError(Exception):
    """The validation request cannot be carried out as given; the message says which input is wrong."""
