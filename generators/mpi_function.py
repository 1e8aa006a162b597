"""MPI function mode (`parallelize --function NAME --target mpi`): not implemented yet.

The contract it is meant for: the caller has initialized MPI, every rank holds the inputs, the results are
needed on rank 0 (`--result rank0`) or on every rank (`--result all`); the function keeps its signature
and the output has no MPI_Init/MPI_Finalize. Until a generator exists that distributes a function's loops
under that contract (and proves the combination of results correct), every request is refused with
exit 3, never answered with a program that was not proved.
"""

from __future__ import annotations

from seq2par.analyzers import FileReport

from .edits import TransformationError


def generate_mpi_function(report: FileReport, function: str, *, result: str = "rank0"):
    """Raises `TransformationError` (exit 3): MPI function mode is not implemented yet."""
    raise TransformationError(f"MPI function mode (--function {function} --result {result}) is not "
                              "implemented yet: use --target openmp for a function, or parallelize a whole "
                              "program with --target mpi")
