"""Validate a parallel program against its sequential original: build both, run both, compare, time.

This is the gate behind every generated program (and any pair a user hands us): the outputs must agree
token by token within a numeric tolerance at every rank count, and the report says how fast the parallel
version is. Results that are the programs' fault (mismatch, crash, timeout, compile error) are *recorded*
in the `ValidationReport`; exceptions are reserved for requests that cannot be carried out (`ValidationError`:
a missing file, ``np=0``) and for missing tools (`ToolchainError`).

Every build and run happens in a scratch directory (a fresh temporary one unless ``workdir`` is given), so
nothing is ever written next to the user's sources, and the inputs are only read.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
import re
import signal
import statistics
import tempfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from .build import BuildError, BuildResult, build, trim_lines
from .compare import Comparison, Mismatch, compare_streams, json_safe
from .errors import ValidationError
from .run import RunResult, run_program
from .toolchain import Compiler, find_c_compiler, find_mpi, find_nvcc, gpu_present

Status = Literal["equal", "mismatch", "build-failed", "crashed", "timeout", "compiled"]
Mode = Literal["mpi", "gpu", "compiled-only", "emulated"]

CXX_SUFFIXES = frozenset({".cpp", ".cc", ".cxx", ".c++", ".C"})
_EXIT_CODES: dict[str, int] = {
    "equal": 0,
    "compiled": 0,
    "mismatch": 4,
    "build-failed": 5,
    "crashed": 6,
    "timeout": 6,
}
_STDERR_TAIL_LINES = 8
_SHORT_RUN_S = 0.2
_MAX_WATCHED_FILES = 10_000  # files under the run folder watched for writes (more: only stdout/stderr)
_MAX_COMPARED_BYTES = 8 << 20  # a bigger written file is compared exactly, by its SHA-256 digest
_ARCH = re.compile(r"(sm|compute)_\d+[a-z]?")
# Banner lines MPI launchers print around a crash; they bury the program's own last words.
_LAUNCHER_NOISE = re.compile(
    r"^\s*$|^[=-]{5,}|^=   |^YOUR APPLICATION TERMINATED|^This typically refers|^Please see the FAQ"
    r"|^BAD TERMINATION"
)


@dataclass(frozen=True)
class BuildFailure:
    """One program that did not compile: which one, the compiler's message and the exact command."""

    program: str
    message: str
    command: tuple[str, ...]
    stderr: str


@dataclass(frozen=True)
class RunFailure:
    """A run that crashed (non-zero exit or signal) or exceeded the time limit.

    ``label`` is ``"original"``, ``"np=3"`` or ``"gpu"``; ``summary`` is one line ending with the last
    line of stderr; ``message`` is that line followed by the last lines of stderr.
    """

    program: Literal["original", "parallel"]
    label: str
    kind: Literal["crashed", "timeout"]
    command: tuple[str, ...]
    returncode: int | None
    signal: str | None
    seconds: float
    stderr_tail: str
    summary: str
    message: str


@dataclass(frozen=True)
class ParallelResult:
    """The parallel program at one configuration (``np`` ranks, or the GPU with ``np=None``).

    ``equal`` holds only when every run finished and matched the original; errors are the largest over
    runs; ``mismatch`` is the first mismatch of the first run that differed; ``speedup`` is the original's
    median time over this configuration's median time.
    """

    label: str
    np: int | None
    equal: bool
    runs: int
    median_seconds: float | None
    speedup: float | None
    max_abs_error: float
    max_rel_error: float
    mismatch: Mismatch | None = None
    failure: RunFailure | None = None


@dataclass(frozen=True)
class ValidationReport:
    """Everything a validation found, ready for text or JSON (`to_dict`).

    ``status``: "equal", "mismatch", "build-failed", "crashed", "timeout", or "compiled" (CUDA built for
    every arch but not run, so *not* validated; ``ran`` is then False). ``mode`` says how the parallel
    program was exercised: "mpi", "gpu", "compiled-only" or "emulated". ``commands`` maps a label such as
    "build parallel" or "run parallel np=2" to the exact argv used.
    """

    target: Literal["mpi", "cuda"]
    status: Status
    mode: Mode
    ran: bool
    message: str
    original: str
    parallel: str
    runs: int
    rtol: float
    atol: float
    original_median_seconds: float | None
    entries: tuple[ParallelResult, ...]
    failures: tuple[RunFailure, ...] = ()
    build_failures: tuple[BuildFailure, ...] = ()
    commands: dict[str, tuple[str, ...]] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def exit_code(self) -> int:
        """0 equal (or compiled-only), 4 mismatch, 5 build failed, 6 crash or timeout."""
        return _EXIT_CODES[self.status]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists, inf/nan become strings), with ``exit_code`` added."""
        data = asdict(self)
        data["exit_code"] = self.exit_code
        return json_safe(data)


def is_cxx(source: Path) -> bool:
    """Whether a source file is C++ by its suffix (.cpp, .cc, .cxx, .c++, .C)."""
    return source.suffix in CXX_SUFFIXES


def validate_mpi(
    original: Path,
    parallel: Path,
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
    workdir: Path | None = None,
    cwd: Path | None = None,
    compare_stderr: bool = True,
) -> ValidationReport:
    """Build the sequential ``original`` (cc/c++) and the MPI ``parallel`` (mpicc/mpicxx), both with
    ``-O2 FLAGS -lm``; run the original ``runs`` times and the parallel one ``runs`` times for each rank
    count in ``np_list`` (through ``launcher``, e.g. ``"srun -n {np}"``, if given); compare everything
    every run produced with the original's first run: stdout, stderr (unless ``compare_stderr`` is False)
    and each file it created or changed in the folder it runs in.

    Programs run with ``args``, read ``stdin`` (else /dev/null) and run in ``cwd`` (default: a scratch
    directory, so files they write land there). ``timeout`` applies to each run.
    Raises `ValidationError` for unusable inputs and `ToolchainError` when a compiler or mpiexec is missing;
    compile errors, crashes, timeouts and mismatches are reported, not raised.
    """
    original, parallel = _check_inputs(original, parallel, runs, timeout, stdin, rtol, atol, workdir)
    if not np_list:
        raise ValidationError("np_list is empty: give at least one rank count, e.g. 2")
    if any(np < 1 for np in np_list):
        raise ValidationError(f"rank counts must be at least 1, got {list(np_list)}")
    host = find_c_compiler(cxx=is_cxx(original))
    mpi = find_mpi(cxx=is_cxx(parallel), launcher=launcher)
    build_flags = (*flags, "-lm")
    commands: dict[str, tuple[str, ...]] = {}
    common = {
        "target": "mpi",
        "original": str(original),
        "parallel": str(parallel),
        "runs": runs,
        "rtol": rtol,
        "atol": atol,
    }

    with _workspace(workdir) as space:
        jobs = {
            "original": ([original], space / f"original-{original.stem}", host),
            "parallel": ([parallel], space / f"parallel-{parallel.stem}", mpi.compiler),
        }
        built, build_failures = _build_all(jobs, build_flags, commands)
        if build_failures:
            return _build_failed_report(common, "mpi", build_failures, commands)
        session = _start_session(space, cwd, args=args, stdin=stdin, timeout=timeout, rtol=rtol, atol=atol,
                                 runs=runs, commands=commands, compare_stderr=compare_stderr)
        configurations = [
            (f"np={np}", np, mpi.launch_command(np, (str(built["parallel"].output),))) for np in np_list
        ]
        rounds = session.run_rounds((str(built["original"].output),), configurations)
        notes = rounds.notes
        cores = os.cpu_count() or 1
        if launcher is None and max(np_list) > cores:
            notes = (*notes, f"np={max(np_list)} is more ranks than this machine's {cores} cores: the ranks "
                     "share cores, so the timings say nothing about the speedup (the comparison still holds)")
        if rounds.failure is not None:
            return _failed_original_report(common, "mpi", rounds.failure, commands, notes)
    return _report(common, "mpi", rounds.entries, rounds.original_median, commands, notes)


def validate_cuda(
    original: Path,
    parallel: Path,
    *,
    archs: Sequence[str] = ("sm_75", "sm_90"),
    runs: int = 3,
    rtol: float = 1e-9,
    atol: float = 1e-12,
    timeout: float = 60.0,
    args: Sequence[str] = (),
    stdin: Path | None = None,
    flags: Sequence[str] = (),
    nvcc_flags: Sequence[str] = ("-fmad=false",),
    workdir: Path | None = None,
    cwd: Path | None = None,
    compare_stderr: bool = True,
) -> ValidationReport:
    """Compile the CUDA ``parallel`` with nvcc once per arch (``-arch=sm_75`` ..., ``-O2 FLAGS -lm``) and the
    ``original`` with cc/c++; when a GPU is present, run and compare exactly as `validate_mpi` does, with one
    "gpu" entry (the binary matching the GPU's compute capability, else the newest arch not above it, whose
    embedded PTX the driver compiles).

    Without a GPU the status is "compiled", ``mode`` "compiled-only", ``ran`` False: compiling proves the
    code builds for every arch, never that it is correct. ``flags`` go to both compilers (use -D/-I/-l);
    ``nvcc_flags`` to nvcc alone (default ``-fmad=false``: fused multiply-adds would change rounding, and
    validation compares against the host build, which does not fuse at -O2).
    Raises `ValidationError` for unusable inputs or arch names and `ToolchainError` when nvcc or the host
    compiler is missing.
    """
    original, parallel = _check_inputs(original, parallel, runs, timeout, stdin, rtol, atol, workdir)
    if not archs:
        raise ValidationError("archs is empty: give at least one GPU architecture, e.g. sm_90")
    for arch in archs:
        if not _ARCH.fullmatch(arch):
            raise ValidationError(f"unknown GPU architecture {arch!r}: expected a name like sm_75 or sm_90")
    host = find_c_compiler(cxx=is_cxx(original))
    nvcc = find_nvcc()
    build_flags = (*flags, "-lm")
    commands: dict[str, tuple[str, ...]] = {}
    common = {
        "target": "cuda",
        "original": str(original),
        "parallel": str(parallel),
        "runs": runs,
        "rtol": rtol,
        "atol": atol,
    }

    with _workspace(workdir) as space:
        jobs = {"original": ([original], space / f"original-{original.stem}", host)}
        for arch in archs:
            arch_nvcc = Compiler((*nvcc.command, f"-arch={arch}", *nvcc_flags), "cuda", nvcc.link_flags)
            jobs[f"parallel {arch}"] = ([parallel], space / f"parallel-{parallel.stem}-{arch}", arch_nvcc)
        built, build_failures = _build_all(jobs, build_flags, commands)
        if build_failures:
            return _build_failed_report(common, "compiled-only", build_failures, commands)
        gpu = gpu_present()
        if gpu is None:
            return ValidationReport(
                **common,
                status="compiled",
                mode="compiled-only",
                ran=False,
                message=f"compiled for {', '.join(archs)}, not run: no GPU",
                original_median_seconds=None,
                entries=(),
                commands=commands,
                notes=("not validated: outputs were not compared because no GPU is present",),
            )
        arch = _pick_arch(archs, gpu.arch)
        session = _start_session(space, cwd, args=args, stdin=stdin, timeout=timeout, rtol=rtol, atol=atol,
                                 runs=runs, commands=commands, compare_stderr=compare_stderr)
        binary = str(built[f"parallel {arch}"].output)
        rounds = session.run_rounds((str(built["original"].output),), [("gpu", None, (binary,))])
        if rounds.failure is not None:
            return _failed_original_report(common, "gpu", rounds.failure, commands, rounds.notes)
        notes = (*rounds.notes, f"ran the {arch} build on {gpu.name}")
    return _report(common, "gpu", rounds.entries, rounds.original_median, commands, notes)


def _check_inputs(
    original: Path, parallel: Path, runs: int, timeout: float, stdin: Path | None, rtol: float, atol: float,
    workdir: Path | None,
) -> tuple[Path, Path]:
    for role, source in (("original", original), ("parallel", parallel)):
        if Path(source).is_dir():
            raise ValidationError(f"{role} source {source} is a folder, not a source file")
        if not Path(source).is_file():
            raise ValidationError(f"{role} source {source} does not exist or is not a file")
    for name, value in (("rtol", rtol), ("atol", atol)):
        if not math.isfinite(value) or value < 0:
            raise ValidationError(f"{name} must be a finite number >= 0, got {value}")
    if workdir is not None and Path(workdir).exists() and not Path(workdir).is_dir():
        raise ValidationError(f"workdir {workdir} exists and is not a folder")
    if stdin is not None and not Path(stdin).is_file():
        raise ValidationError(f"stdin file {stdin} does not exist or is not a file")
    if runs < 1:
        raise ValidationError(f"runs must be at least 1, got {runs}")
    if not math.isfinite(timeout) or timeout <= 0:
        raise ValidationError(f"timeout must be a positive number of seconds, got {timeout}")
    return Path(original).resolve(), Path(parallel).resolve()


@contextlib.contextmanager
def _workspace(workdir: Path | None) -> Iterator[Path]:
    """A scratch folder: the given ``workdir`` (created, kept) or a temporary one (removed afterwards)."""
    if workdir is not None:
        workdir = Path(workdir)
        workdir.mkdir(parents=True, exist_ok=True)
        yield workdir.resolve()
        return
    with tempfile.TemporaryDirectory(prefix="seq2par-validate-") as temporary:
        yield Path(temporary)


def _run_dir(space: Path) -> Path:
    run_dir = space / "run"
    run_dir.mkdir(exist_ok=True)
    return run_dir


def _build_all(
    jobs: dict[str, tuple[list[Path], Path, Compiler]],
    flags: Sequence[str],
    commands: dict[str, tuple[str, ...]],
) -> tuple[dict[str, BuildResult], tuple[BuildFailure, ...]]:
    """Build every job concurrently; collect results and *all* failures (the user fixes them in one go)."""

    def one(item: tuple[str, tuple[list[Path], Path, Compiler]]) -> BuildResult | BuildError:
        _, (sources, output, compiler) = item
        try:
            return build(sources, output, compiler, flags)
        except BuildError as error:
            return error

    with ThreadPoolExecutor(max_workers=max(1, min(len(jobs), 4))) as pool:
        outcomes = list(pool.map(one, jobs.items()))
    built: dict[str, BuildResult] = {}
    failures: list[BuildFailure] = []
    for name, outcome in zip(jobs, outcomes, strict=True):
        commands[f"build {name}"] = outcome.command
        if isinstance(outcome, BuildError):
            failures.append(BuildFailure(name, str(outcome), outcome.command, outcome.stderr))
        else:
            built[name] = outcome
    return built, tuple(failures)


def _build_failed_report(common: dict[str, Any], mode: Mode, failures: tuple[BuildFailure, ...],
                         commands: dict[str, tuple[str, ...]]) -> ValidationReport:
    """The report when a program did not compile: nothing ran."""
    return ValidationReport(**common, status="build-failed", mode=mode, ran=False, message=_build_message(failures),
                            original_median_seconds=None, entries=(), build_failures=failures, commands=commands)


def _start_session(space: Path, cwd: Path | None, *, args: Sequence[str], stdin: Path | None, timeout: float,
                   rtol: float, atol: float, runs: int, commands: dict[str, tuple[str, ...]],
                   compare_stderr: bool) -> _Session:
    """A run session in `cwd`, or in a scratch folder of `space` so that files the programs write land there
    (and, there only, are removed after each run)."""
    return _Session(args=tuple(args), stdin=stdin, timeout=timeout, cwd=cwd if cwd is not None else _run_dir(space),
                    rtol=rtol, atol=atol, runs=runs, commands=commands, compare_stderr=compare_stderr,
                    scratch=cwd is None)


def _build_message(failures: tuple[BuildFailure, ...]) -> str:
    return "; ".join(f"{failure.program} does not compile: {failure.message}" for failure in failures)


def _pick_arch(archs: Sequence[str], gpu_arch: str | None) -> str:
    """The build to run: the GPU's own arch, else the newest one below it (its PTX is JIT-compiled)."""
    if gpu_arch is None or gpu_arch in archs:
        return gpu_arch or archs[-1]
    wanted = _arch_number(gpu_arch)
    below = [arch for arch in archs if _arch_number(arch) <= wanted]
    return max(below, key=_arch_number) if below else archs[0]


def _arch_number(arch: str) -> int:
    return int(re.sub(r"\D", "", arch) or 0)


@dataclass
class _Session:
    """Shared run settings for one validation, and the command log it fills."""

    args: tuple[str, ...]
    stdin: Path | None
    timeout: float
    cwd: Path
    rtol: float
    atol: float
    runs: int
    commands: dict[str, tuple[str, ...]]
    compare_stderr: bool = True
    watch_files: bool = True
    scratch: bool = True  # cwd is our own folder: what a run creates there is removed after it

    def _run(self, command: Sequence[str]) -> tuple[RunResult, dict[str, str | bytes]]:
        """Run once; also return what the run produced: stdout, stderr (unless ignored) and the contents of
        every file it created or changed under the run folder."""
        before = _file_states(self.cwd) if self.watch_files else None
        if before is None:
            self.watch_files = False
        result = run_program(command, self.args, self.stdin, self.timeout, cwd=self.cwd)
        produced: dict[str, str | bytes] = {"stdout": result.stdout}
        if self.compare_stderr:
            produced["stderr"] = result.stderr
        if before is not None:
            produced.update(_collect_written(self.cwd, before, remove=self.scratch))
        return result, produced

    def run_rounds(
        self, original: tuple[str, ...], configurations: Sequence[tuple[str, int | None, tuple[str, ...]]]
    ) -> _Rounds:
        """Run the original and every configuration ``runs`` times, round by round (original, then each
        configuration), so that a machine whose speed drifts during validation slows every program alike
        instead of skewing the speedup. A configuration stops at its first crash or timeout; a failing
        original ends the session."""
        originals: list[tuple[RunResult, dict[str, str | bytes]]] = []
        trials = [_Trials(label, np, command) for label, np, command in configurations]
        for _ in range(self.runs):
            result, produced = self._run(original)
            self.commands["run original"] = result.command
            if not result.ok:
                return _Rounds(None, _failure("original", "original", result), (), ())
            originals.append((result, produced))
            for trial in trials:
                if trial.failure is not None:
                    continue
                result, outputs = self._run(trial.command)
                self.commands[f"run parallel {trial.label}"] = result.command
                if not result.ok:
                    trial.failure = _failure("parallel", trial.label, result)
                    continue
                trial.seconds.append(result.seconds)
                trial.comparisons.append(compare_streams(originals[0][1], outputs, self.rtol, self.atol))
        reference = originals[0][1]
        median = statistics.median(result.seconds for result, _ in originals)
        notes: list[str] = []
        compared = [name for name in reference if name != "stdout"]
        if compared:
            notes.append(f"compared stdout and {', '.join(compared)}")
        if not self.compare_stderr:
            notes.append("stderr was not compared (--ignore-stderr)")
        if not self.watch_files:
            notes.append(f"files the programs write were not compared: over {_MAX_WATCHED_FILES:,} files "
                         "in the folder they run in")
        if not any(reference.values()):
            notes.append("the original printed nothing and wrote no file: equal outputs prove nothing here; "
                         "print the results (a checksum) to validate")
        if any(not compare_streams(reference, r, self.rtol, self.atol).equal for _, r in originals[1:]):
            notes.append(
                "the original's output differs between its own runs (non-deterministic?): "
                "a mismatch may not be the parallel version's fault"
            )
        if median < _SHORT_RUN_S:
            notes.append(
                f"the original runs in {median:.3f} s: start-up (mpiexec, CUDA context) dominates such "
                "short runs, so speedups mean little; use a larger input"
            )
        entries = tuple(trial.result(median) for trial in trials)
        return _Rounds(median, None, tuple(notes), entries)


@dataclass
class _Trials:
    """One parallel configuration's runs so far."""

    label: str
    np: int | None
    command: tuple[str, ...]
    seconds: list[float] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    failure: RunFailure | None = None

    def result(self, original_median: float) -> ParallelResult:
        mismatch = next((c.first_mismatch for c in self.comparisons if c.first_mismatch is not None), None)
        median = statistics.median(self.seconds) if self.seconds else None
        return ParallelResult(
            label=self.label,
            np=self.np,
            equal=self.failure is None and all(c.equal for c in self.comparisons),
            runs=len(self.seconds),
            median_seconds=median,
            speedup=original_median / median if median else None,
            max_abs_error=max((c.max_abs_error for c in self.comparisons), default=0.0),
            max_rel_error=max((c.max_rel_error for c in self.comparisons), default=0.0),
            mismatch=mismatch,
            failure=self.failure,
        )


@dataclass(frozen=True)
class _Rounds:
    """What a session's runs gave: the original's median, or its failure; an entry per configuration."""

    original_median: float | None
    failure: RunFailure | None
    notes: tuple[str, ...]
    entries: tuple[ParallelResult, ...]


def _file_states(folder: Path) -> tuple[dict[str, tuple[int, int, int]], set[str]] | None:
    """(size, mtime_ns, inode) of every regular file under `folder` by relative path, and the relative paths
    of its folders; None when there are over _MAX_WATCHED_FILES files (a big working folder of the user's:
    then files are not compared)."""
    files: dict[str, tuple[int, int, int]] = {}
    folders: set[str] = set()
    pending = [folder]
    while pending:
        with contextlib.suppress(OSError), os.scandir(pending.pop()) as entries:
            for entry in entries:
                name = os.path.relpath(entry.path, folder)
                if entry.is_dir(follow_symlinks=False):
                    folders.add(name)
                    pending.append(Path(entry.path))
                elif entry.is_file(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    files[name] = (info.st_size, info.st_mtime_ns, info.st_ino)
                    if len(files) > _MAX_WATCHED_FILES:
                        return None
    return files, folders


def _collect_written(folder: Path, before: tuple[dict[str, tuple[int, int, int]], set[str]], *,
                     remove: bool) -> dict[str, str | bytes]:
    """``"file NAME"`` -> the contents of every file a run created or changed under `folder`: text when it
    reads as text (UTF-8 without control characters other than tab, newline, carriage return, form feed),
    else bytes, compared exactly; over _MAX_COMPARED_BYTES, its digest, compared exactly. With `remove`
    (our scratch folder, never a user's --cwd) the files and folders the run created are then removed, so
    that every run starts from the same folder and a log each run appends to holds only that run's lines."""
    old_files, old_folders = before
    after_files, after_folders = _file_states(folder) or ({}, set())
    written: dict[str, str | bytes] = {}
    for name in sorted(after_files):
        if old_files.get(name) == after_files[name]:
            continue
        path = folder / name
        try:
            if after_files[name][0] > _MAX_COMPARED_BYTES:
                with path.open("rb") as handle:
                    written[f"file {name}"] = f"sha256:{hashlib.file_digest(handle, 'sha256').hexdigest()}".encode()
            else:
                written[f"file {name}"] = _text(path.read_bytes())
            if remove and name not in old_files:
                path.unlink()
        except OSError:
            continue
    if remove:
        for name in sorted(after_folders - old_folders, key=len, reverse=True):
            with contextlib.suppress(OSError):
                (folder / name).rmdir()
    return written


_CONTROL = re.compile(rb"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _text(data: bytes) -> str | bytes:
    """`data` as text when it is text; else the bytes. Binary data often decodes as UTF-8 (an array of small
    ints), and compared as text its bytes 0x0a and 0x20 would both be whitespace."""
    if _CONTROL.search(data):
        return data
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data


def _failure(program: Literal["original", "parallel"], label: str, result: RunResult) -> RunFailure:
    # The program's last words are on stderr; with nothing there, show stdout's end (MPICH prints its
    # crash banner on stdout, hence the noise filter on both).
    lines = [line for line in result.stderr.splitlines() if not _LAUNCHER_NOISE.match(line)]
    last_words = next((line.strip() for line in reversed(lines) if line.strip()), "")
    if not lines:
        lines = [line for line in result.stdout.splitlines() if not _LAUNCHER_NOISE.match(line)]
    tail = trim_lines("\n".join(lines), _STDERR_TAIL_LINES, keep="tail")
    who = "original" if program == "original" else f"parallel ({label})"
    signal_name = result.signal_name
    if result.timed_out:
        kind: Literal["crashed", "timeout"] = "timeout"
        summary = f"{who} did not finish within {result.seconds:.1f} s and was killed"
    else:
        kind = "crashed"
        code = result.returncode
        reported = _signal_reported_by_launcher(result.stderr + result.stdout)
        if code is not None and code < 0:
            summary = f"{who} was killed by {signal_name or f'signal {-code}'}"
        elif reported is not None:
            signal_name = reported
            summary = f"{who}: a process was killed by {reported} (exit status {code})"
        elif signal_name is not None:
            summary = f"{who} failed with exit status {code} (likely killed by {signal_name})"
        else:
            summary = f"{who} failed with exit status {code}"
    message = summary + "".join(f"\n  {line}" for line in tail.splitlines())
    if last_words:
        summary = f"{summary}: {last_words}"
    return RunFailure(
        program=program,
        label=label,
        kind=kind,
        command=result.command,
        returncode=result.returncode,
        signal=signal_name,
        seconds=result.seconds,
        stderr_tail=tail,
        summary=summary,
        message=message,
    )


def _signal_reported_by_launcher(stderr: str) -> str | None:
    """The signal named in an MPI launcher's crash report (MPICH: "(signal 11)", Open MPI: "on signal 11")."""
    match = re.search(r"(?:\(signal|on signal|KILLED BY SIGNAL:)\s*(\d+)", stderr)
    if match is None:
        return None
    try:
        return signal.Signals(int(match.group(1))).name
    except ValueError:
        return None


def _failed_original_report(
    common: dict[str, Any],
    mode: Mode,
    failure: RunFailure,
    commands: dict[str, tuple[str, ...]],
    notes: tuple[str, ...],
) -> ValidationReport:
    return ValidationReport(
        **common,
        status=failure.kind,
        mode=mode,
        ran=True,
        message=failure.summary,
        original_median_seconds=None,
        entries=(),
        failures=(failure,),
        commands=commands,
        notes=notes,
    )


def _report(
    common: dict[str, Any],
    mode: Mode,
    entries: tuple[ParallelResult, ...],
    original_median: float | None,
    commands: dict[str, tuple[str, ...]],
    notes: tuple[str, ...],
) -> ValidationReport:
    failures = tuple(entry.failure for entry in entries if entry.failure is not None)
    status: Status
    if failures:
        status = failures[0].kind
        message = failures[0].summary
    elif all(entry.equal for entry in entries):
        status = "equal"
        worst = max(entry.max_rel_error for entry in entries)
        labels = ", ".join(entry.label for entry in entries)
        message = f"equal to the original at {labels} (max rel error {worst:.2g})"
    else:
        status = "mismatch"
        differing = [entry.label for entry in entries if not entry.equal]
        message = f"output differs from the original at {', '.join(differing)}"
    return ValidationReport(
        **common,
        status=status,
        mode=mode,
        ran=True,
        message=message,
        original_median_seconds=original_median,
        entries=entries,
        failures=failures,
        commands=commands,
        notes=notes,
    )
