"""Validate a generated CUDA program: on the GPU when there is one, else by its host emulation.

`validate_cuda` compiles the .cu for every requested architecture and, with a GPU, runs and compares it.
Without a GPU that proves only that the code builds; the generated program also carries an emulation
source (the same kernels, launched by loops over blocks and threads on the CPU), which this module builds
with the host C++ compiler and runs against the original exactly as a real run would be. The report then
says `mode="emulated"`: it never claims a GPU validation that did not happen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Protocol

from .toolchain import Compiler, find_c_compiler
from .validate import (
    ValidationReport,
    _build_all,
    _build_failed_report,
    _compile_patterns,
    _failed_original_report,
    _probe_builder,
    _report,
    _start_session,
    _workspace,
    is_cxx,
    validate_cuda,
)


class HasEmulationSource(Protocol):
    emulation_source: str


def validate_generated_cuda(
    original: Path,
    candidate: Path,
    generated: HasEmulationSource,
    *,
    archs: Sequence[str] = ("sm_75", "sm_90"),
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
) -> ValidationReport:
    """Compile ``candidate`` (the generated .cu) with nvcc for ``archs``; run it on the GPU when present.

    Without a GPU, and when every arch compiled, build ``generated.emulation_source`` with the host C++
    compiler (``-O2 -x c++ FLAGS -lm``), run it ``runs`` times against the original and return a report with
    ``mode="emulated"``. Raises what `validate_cuda` raises (`ValidationError`, `ToolchainError`).
    """
    original, candidate = Path(original), Path(candidate)
    report = validate_cuda(
        original,
        candidate,
        archs=tuple(archs),
        runs=runs,
        rtol=rtol,
        atol=atol,
        timeout=timeout,
        args=args,
        stdin=stdin,
        flags=flags,
        workdir=workdir,
        cwd=cwd,
        compare_stderr=compare_stderr,
        ignore_lines=ignore_lines,
        rounding_noise=rounding_noise,
    )
    if report.status != "compiled":
        return report  # a GPU run, or a build failure
    emulated = _emulate(
        original,
        candidate,
        generated,
        runs=runs,
        rtol=rtol,
        atol=atol,
        timeout=timeout,
        args=args,
        stdin=stdin,
        flags=flags,
        workdir=workdir,
        cwd=cwd,
        compare_stderr=compare_stderr,
        ignore_lines=ignore_lines,
        rounding_noise=rounding_noise,
    )
    commands = {**report.commands, **emulated.commands}
    gpu_note = f"compiled with nvcc for {', '.join(archs)}; no GPU, so the kernels ran in the host emulation"
    return replace(
        emulated,
        message=f"emulated on the CPU (no GPU): {emulated.message}",
        commands=commands,
        notes=(gpu_note, *emulated.notes),
    )


def _emulate(
    original: Path,
    candidate: Path,
    generated: HasEmulationSource,
    *,
    runs: int,
    rtol: float,
    atol: float,
    timeout: float,
    args: Sequence[str],
    stdin: Path | None,
    flags: Sequence[str],
    workdir: Path | None,
    cwd: Path | None,
    compare_stderr: bool,
    ignore_lines: Sequence[str],
    rounding_noise: bool,
) -> ValidationReport:
    common = {
        "target": "cuda",
        "original": str(original),
        "parallel": str(candidate),
        "runs": runs,
        "rtol": rtol,
        "atol": atol,
    }
    commands: dict[str, tuple[str, ...]] = {}
    with _workspace(workdir) as space:
        common["workdir"] = str(space) if workdir is not None else None
        emulation = space / f"{candidate.stem}.emulated.cpp"
        emulation.write_text(generated.emulation_source)
        host = find_c_compiler(cxx=is_cxx(original))
        cxx = find_c_compiler(cxx=True)
        emulator = Compiler((*cxx.command, "-x", "c++"), cxx.language, cxx.link_flags)
        jobs = {
            "original": ([original], space / f"original-{original.stem}", host),
            "parallel emulated": ([emulation], space / f"emulated-{candidate.stem}", emulator),
        }
        built, failures = _build_all(jobs, (*flags, "-lm"), commands)
        if failures:
            return _build_failed_report(common, "emulated", failures, commands)
        session = _start_session(space, cwd, args=args, stdin=stdin, timeout=timeout, rtol=rtol, atol=atol,
                                 runs=runs, commands=commands, compare_stderr=compare_stderr,
                                 ignore_lines=_compile_patterns(ignore_lines),
                                 probe=_probe_builder(original, space, host, (*flags, "-lm"), commands)
                                 if rounding_noise else None, sources=(original, emulation))
        rounds = session.run_rounds(
            (str(built["original"].output),), [("emulated", None, (str(built["parallel emulated"].output),))]
        )
        if rounds.failure is not None:
            return _failed_original_report(common, "emulated", rounds.failure, commands, rounds.notes, rounds)
        # Emulated timings say nothing about the GPU: keep them out of the speedup.
        entry = replace(rounds.entries[0], speedup=None)
        notes = (*rounds.notes, "timings of the emulated run are not GPU timings; no speedup is reported")
    return _report(common, "emulated", (entry,), rounds.original_median, commands, notes, rounds)
