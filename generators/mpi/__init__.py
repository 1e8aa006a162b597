"""MPI backend (SPMD programs with block/cyclic loop distribution)."""

from .generate import GeneratedProgram, MpiGenerator, generate_mpi

__all__ = ["GeneratedProgram", "MpiGenerator", "generate_mpi"]
