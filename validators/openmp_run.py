"""Validate an OpenMP program (or a function in its two versions, linked with the user's driver) against the
sequential original: build both with the same host compiler and ``-O2`` (the parallel one with
``-fopenmp``), run the original and the parallel program at every ``OMP_NUM_THREADS`` of ``threads``,
compare exactly as `validate_mpi` does (rounding noise, --ignore-line, written files), time both.

With more threads than usable cores the runtime is told ``OMP_WAIT_POLICY=passive`` (idle threads sleep
instead of spinning on the core the working thread needs), unless the environment sets it.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from .errors import ValidationError
from .toolchain import Compiler, find_c_compiler, find_mpi, usable_cores
from .validate import (
    ValidationReport,
    _build_all,
    _build_failed_report,
    _check_inputs,
    _compile_patterns,
    _failed_original_report,
    _probe_builder,
    _report,
    _start_session,
    _workspace,
    is_cxx,
)

OPENMP_FLAGS = ("-fopenmp",)


def thread_environment(threads: int) -> tuple[str, ...]:
    """The `env` prefix that runs a program with `threads` OpenMP threads (passive waiting when they
    outnumber the usable cores)."""
    settings = [f"OMP_NUM_THREADS={threads}"]
    if threads > usable_cores() and "OMP_WAIT_POLICY" not in os.environ:
        settings.append("OMP_WAIT_POLICY=passive")
    return ("env", *settings)


def validate_openmp(
    original: Path,
    parallel: Path,
    *,
    threads: Sequence[int] = (1, 2, 3),
    runs: int = 3,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    timeout: float = 60.0,
    args: Sequence[str] = (),
    stdin: Path | None = None,
    flags: Sequence[str] = (),
    workdir: Path | None = None,
    cwd: Path | None = None,
    compare_stderr: bool = True,
    ignore_lines: Sequence[str] = (),
    rounding_noise: bool = True,
    driver: Path | None = None,
) -> ValidationReport:
    """Build ``original`` (cc/c++ -O2 FLAGS -lm) and ``parallel`` (the same compiler, -fopenmp), each
    linked with ``driver`` when given (function mode: ``original`` and ``parallel`` then hold the function
    without ``main``, the driver calls it and prints its results); run and compare as `validate_mpi` does,
    one configuration per thread count (label ``threads=N``). Raises `ValidationError` for unusable inputs
    and `ToolchainError` when no compiler is found; build failures, crashes, timeouts and mismatches are
    reported."""
    original, parallel = _check_inputs(original, parallel, runs, timeout, stdin, rtol, atol, workdir)
    if not threads or any(count < 1 for count in threads):
        raise ValidationError(f"thread counts must be at least 1, got {list(threads)}")
    extra = _driver_sources(driver)
    cxx = is_cxx(original) or is_cxx(parallel) or any(is_cxx(path) for path in extra)
    host = find_c_compiler(cxx=cxx)
    omp = Compiler((*host.command, *OPENMP_FLAGS), host.language, host.link_flags)
    return _validate_threads(original, parallel, extra, host, omp, threads, runs=runs, rtol=rtol, atol=atol,
                             timeout=timeout, args=args, stdin=stdin, flags=flags, workdir=workdir, cwd=cwd,
                             compare_stderr=compare_stderr, ignore_lines=ignore_lines,
                             rounding_noise=rounding_noise)


def validate_mpi_function(
    original: Path,
    parallel: Path,
    driver: Path,
    *,
    np_list: Sequence[int] = (2, 3),
    runs: int = 3,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    timeout: float = 60.0,
    args: Sequence[str] = (),
    stdin: Path | None = None,
    flags: Sequence[str] = (),
    launcher: str | None = None,
    compare_stderr: bool = True,
    ignore_lines: Sequence[str] = (),
    rounding_noise: bool = True,
) -> ValidationReport:
    """Function mode for MPI: the user's MPI ``driver`` (it initializes MPI, replicates the inputs, calls
    the function and prints the results) linked once with the original function and run on one rank, once
    with the parallel function and run at every rank count of ``np_list``; compared as `validate_mpi`
    compares."""
    original, parallel = _check_inputs(original, parallel, runs, timeout, stdin, rtol, atol, None)
    if not np_list or any(np < 1 for np in np_list):
        raise ValidationError(f"rank counts must be at least 1, got {list(np_list)}")
    extra = _driver_sources(driver)
    cxx = is_cxx(original) or is_cxx(parallel) or any(is_cxx(path) for path in extra)
    mpi = find_mpi(cxx=cxx, launcher=launcher)
    patterns = _compile_patterns(ignore_lines)
    build_flags = (*flags, "-lm")
    commands: dict[str, tuple[str, ...]] = {}
    common = {"target": "mpi", "original": str(original), "parallel": str(parallel), "runs": runs,
              "rtol": rtol, "atol": atol}
    with _workspace(None) as space:
        jobs = {"original": ([*extra, original], space / f"original-{original.stem}", mpi.compiler),
                "parallel": ([*extra, parallel], space / f"parallel-{parallel.stem}", mpi.compiler)}
        built, failures = _build_all(jobs, build_flags, commands)
        if failures:
            return _build_failed_report(common, "mpi", failures, commands)
        session = _start_session(space, None, args=args, stdin=stdin, timeout=timeout, rtol=rtol, atol=atol,
                                 runs=runs, commands=commands, compare_stderr=compare_stderr,
                                 ignore_lines=patterns, probe=None, sources=(*extra, original, parallel))
        reference = mpi.launch_command(1, (str(built["original"].output),))
        configurations = [(f"np={np}", np, mpi.launch_command(np, (str(built["parallel"].output),)))
                          for np in np_list]
        rounds = session.run_rounds(reference, configurations)
        notes = rounds.notes
        if rounding_noise:
            notes = (*notes, "function mode: the original ran at np=1 under mpiexec; rounding noise is not "
                     "measured for MPI drivers")
        if rounds.failure is not None:
            return _failed_original_report(common, "mpi", rounds.failure, commands, notes, rounds)
    return _report(common, "mpi", rounds.entries, rounds.original_median, commands, notes, rounds)


def _driver_sources(driver: Path | None) -> list[Path]:
    if driver is None:
        return []
    driver = Path(driver)
    if not driver.is_file():
        raise ValidationError(f"driver {driver} does not exist or is not a file")
    return [driver.resolve()]


def _validate_threads(original: Path, parallel: Path, extra: list[Path], host: Compiler, omp: Compiler,
                      threads: Sequence[int], *, runs: int, rtol: float, atol: float, timeout: float,
                      args: Sequence[str], stdin: Path | None, flags: Sequence[str], workdir: Path | None,
                      cwd: Path | None, compare_stderr: bool, ignore_lines: Sequence[str],
                      rounding_noise: bool) -> ValidationReport:
    patterns = _compile_patterns(ignore_lines)
    build_flags = (*flags, "-lm")
    commands: dict[str, tuple[str, ...]] = {}
    common = {"target": "openmp", "original": str(original), "parallel": str(parallel), "runs": runs,
              "rtol": rtol, "atol": atol}
    with _workspace(workdir) as space:
        common["workdir"] = str(space) if workdir is not None else None
        jobs = {"original": ([*extra, original], space / f"original-{original.stem}", host),
                "parallel": ([*extra, parallel], space / f"parallel-{parallel.stem}", omp)}
        built, failures = _build_all(jobs, build_flags, commands)
        if failures:
            return _build_failed_report(common, "openmp", failures, commands)
        # The rounding probe links with the original alone: in function mode the driver goes with it.
        probe = None
        if rounding_noise:
            probe = _probe_builder(original, space, host, (*[str(path) for path in extra], *build_flags),
                                   commands)
        session = _start_session(space, cwd, args=args, stdin=stdin, timeout=timeout, rtol=rtol, atol=atol,
                                 runs=runs, commands=commands, compare_stderr=compare_stderr,
                                 ignore_lines=patterns, probe=probe, sources=(*extra, original, parallel))
        binary = str(built["parallel"].output)
        configurations = [(f"threads={count}", count, (*thread_environment(count), binary)) for count in threads]
        rounds = session.run_rounds((str(built["original"].output),), configurations)
        notes = rounds.notes
        cores = usable_cores()
        if max(threads) > cores:
            notes = (*notes, f"threads={max(threads)} is more threads than this machine's {cores} usable cores: "
                     "they share cores (OMP_WAIT_POLICY=passive), so that timing says nothing about the "
                     "speedup (the comparison still holds)")
        if rounds.failure is not None:
            return _failed_original_report(common, "openmp", rounds.failure, commands, notes, rounds)
    return _report(common, "openmp", rounds.entries, rounds.original_median, commands, notes, rounds)
