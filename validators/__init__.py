"""Validation: build the original and the parallel program, run both, compare outputs, report the speedup.

Everything here is standard library only, so importing it is cheap.
"""

from .build import BuildError, BuildResult, build
from .compare import Comparison, Mismatch, compare_outputs
from .errors import ToolchainError, ValidationError
from .openmp_run import validate_mpi_function, validate_openmp
from .run import RunResult, run_program
from .toolchain import Compiler, GpuInfo, MpiToolchain, find_c_compiler, find_mpi, find_nvcc, gpu_present
from .validate import (
    BuildFailure,
    ParallelResult,
    RunFailure,
    ValidationReport,
    validate_cuda,
    validate_mpi,
)

__all__ = [
    "BuildError",
    "BuildFailure",
    "BuildResult",
    "Comparison",
    "Compiler",
    "GpuInfo",
    "Mismatch",
    "MpiToolchain",
    "ParallelResult",
    "RunFailure",
    "RunResult",
    "ToolchainError",
    "ValidationError",
    "ValidationReport",
    "build",
    "compare_outputs",
    "find_c_compiler",
    "find_mpi",
    "find_nvcc",
    "gpu_present",
    "run_program",
    "validate_cuda",
    "validate_mpi",
    "validate_mpi_function",
    "validate_openmp",
]
