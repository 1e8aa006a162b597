"""OpenMP backend (one node, shared memory: pragmas on the original source)."""

from .generate import OpenMPProgram, ParallelLoop, generate_openmp, openmp_clauses, plan_openmp

__all__ = ["OpenMPProgram", "ParallelLoop", "generate_openmp", "openmp_clauses", "plan_openmp"]
