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
import shutil
import signal
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from . import noise
from .build import BuildError, BuildResult, build, trim_lines
from .compare import Allowance, Comparison, Mismatch, compare_streams, json_safe
from .errors import ValidationError
from .noise import LooseToken, NoiseSummary, VaryingToken
from .run import RunResult, run_program
from .toolchain import Compiler, find_c_compiler, find_mpi, find_nvcc, gpu_present, usable_cores

Status = Literal["equal", "mismatch", "build-failed", "crashed", "timeout", "compiled"]
Mode = Literal["mpi", "gpu", "compiled-only", "emulated", "openmp"]

CXX_SUFFIXES = frozenset({".cpp", ".cc", ".cxx", ".c++", ".C"})
_EXIT_CODES: dict[str, int] = {
    "equal": 0,
    "compiled": 0,
    "mismatch": 4,
    "build-failed": 5,
    "crashed": 6,
    "timeout": 6,
}
# the MPI program's own build: the generator marks inner loops it proved free of dependences `#pragma omp simd`,
# which this flag honours (vectorization only, no threads; gcc, clang and icx accept it)
MPI_FLAGS = ("-fopenmp-simd",)
_STDERR_TAIL_LINES = 8
_SHORT_RUN_S = 0.2
_MAX_RUNS = 1000  # runs per program and configuration (10**20 was accepted and ran for ever)
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
    loosened: int = 0  # numbers that matched only within the measured rounding noise (largest over runs)


MISSING_INPUTS = "input files the programs open by a relative name are not in the scratch folder they ran in"
OUTSIDE_NOT_COMPARED = "files the programs may write outside the folder they run in were not compared"
NOTHING_LEFT = ("--ignore-line dropped every line the original printed, and it wrote no file: equal outputs prove "
                "nothing here; narrow the patterns")
ONE_COUNT_ONLY = ("only one rank or thread ran: nothing of the parallel program's distribution (its splits, gathers, "
                  "reductions or threads) was exercised, so equal outputs do not validate it; run it at 2 or more "
                  "(--np 2,3 or --threads 1,2,3)")
NOTHING_COMPARED = ("the original printed nothing and wrote no file: equal outputs prove nothing here; print the "
                    "results (a checksum) to validate")


@dataclass(frozen=True)
class ValidationReport:
    """Everything a validation found, ready for text or JSON (`to_dict`).

    ``status``: "equal", "mismatch", "build-failed", "crashed", "timeout", or "compiled" (CUDA built for
    every arch but not run, so *not* validated; ``ran`` is then False). ``mode`` says how the parallel
    program was exercised: "mpi", "gpu", "compiled-only" or "emulated". ``commands`` maps a label such as
    "build parallel" or "run parallel np=2" to the exact argv used.

    ``noise`` says whether the original's rounding noise was measured and which numbers were compared
    within it; ``varying`` lists numbers that differ between runs of the original (not compared);
    ``dropped_lines`` counts, per stream of the original's first run, the lines ``--ignore-line`` removed;
    ``original_seconds`` are the original's timed runs.
    """

    target: Literal["mpi", "cuda", "openmp"]
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
    noise: NoiseSummary | None = None
    workdir: str | None = None  # the folder made inside --workdir that keeps the binaries
    varying: tuple[VaryingToken, ...] = ()
    dropped_lines: dict[str, int] = field(default_factory=dict)
    original_seconds: tuple[float, ...] = ()
    original_cpu_share: float | None = None  # median CPU time / wall time of the original's timed runs

    @property
    def compared_nothing(self) -> bool:
        """Equal only because the original printed nothing and wrote no file."""
        return NOTHING_COMPARED in self.notes or NOTHING_LEFT in self.notes

    @property
    def ran_in_parallel(self) -> bool:
        """Whether some configuration ran the parallel program on more than one rank or thread (a GPU run, and
        a CUDA emulation or compile-only check, count as parallel: they have no count to choose)."""
        return self.mode not in ("mpi", "openmp") or any(entry.np is None or entry.np >= 2 for entry in self.entries)

    @property
    def exit_code(self) -> int:
        """0 equal (or compiled-only), 4 mismatch, 5 build failed, 6 crash or timeout."""
        return _EXIT_CODES[self.status]

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (tuples become lists, inf/nan become strings), with ``exit_code`` added."""
        data = asdict(self)
        data["exit_code"] = self.exit_code
        data["ran_in_parallel"] = self.ran_in_parallel
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
    ignore_lines: Sequence[str] = (),
    rounding_noise: bool = True,
) -> ValidationReport:
    """Build the sequential ``original`` (cc/c++) and the MPI ``parallel`` (mpicc/mpicxx with
    ``MPI_FLAGS``), both with ``-O2 FLAGS -lm``; run the original ``runs`` times and the parallel one
    ``runs`` times for each rank count in ``np_list`` (through ``launcher``, e.g. ``"srun -n {np}"``, if
    given); compare everything every run produced with the original's first run: stdout, stderr (unless
    ``compare_stderr`` is False) and each file it created or changed in the folder it runs in.

    Lines matching a regular expression of ``ignore_lines`` are dropped from every text stream before
    comparing. Numbers that differ between runs of the original are not compared. When a number differs
    beyond rtol/atol and ``rounding_noise`` is on, the original's rounding noise is measured (see
    `seq2par.validators.noise`) and numbers it does not determine are compared within that noise.

    Programs run with ``args``, read ``stdin`` (else /dev/null) and run in ``cwd`` (default: a scratch
    directory, so files they write land there). ``timeout`` applies to each run. When the rank count
    exceeds this machine's usable cores, the launcher is told to yield instead of busy-polling
    (`MpiToolchain.launch_command`).
    Raises `ValidationError` for unusable inputs and `ToolchainError` when a compiler or mpiexec is missing;
    compile errors, crashes, timeouts and mismatches are reported, not raised.
    """
    original, parallel = _check_inputs(original, parallel, runs, timeout, stdin, rtol, atol, workdir)
    patterns = _compile_patterns(ignore_lines)
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
        common["workdir"] = str(space) if workdir is not None else None
        jobs = {
            "original": ([original], space / f"original-{original.stem}", host),
            "parallel": ([parallel], space / f"parallel-{parallel.stem}",
                         Compiler((*mpi.compiler.command, *MPI_FLAGS), mpi.compiler.language, mpi.compiler.link_flags)),
        }
        built, build_failures = _build_all(jobs, build_flags, commands)
        if build_failures:
            return _build_failed_report(common, "mpi", build_failures, commands)
        session = _start_session(space, cwd, args=args, stdin=stdin, timeout=timeout, rtol=rtol, atol=atol,
                                 runs=runs, commands=commands, compare_stderr=compare_stderr,
                                 ignore_lines=patterns,
                                 probe=_probe_builder(original, space, host, build_flags, commands)
                                 if rounding_noise else None, sources=(original, parallel))
        configurations = [
            (f"np={np}", np, mpi.launch_command(np, (str(built["parallel"].output),))) for np in np_list
        ]
        rounds = session.run_rounds((str(built["original"].output),), configurations)
        notes = rounds.notes
        cores = usable_cores()
        if launcher is None and max(np_list) > cores:
            yielding = {"mpich": " (MPICH told to sleep when idle: MPIR_CVAR_CH4_PROGRESS_THROTTLE)",
                        "openmpi": " (Open MPI told to yield: mpi_yield_when_idle)"}.get(mpi.flavour, "")
            notes = (*notes, f"np={max(np_list)} is more ranks than this machine's {cores} usable cores: the "
                     f"ranks share cores{yielding}, so the timings say nothing about the speedup (the "
                     "comparison still holds)")
        if rounds.failure is not None:
            return _failed_original_report(common, "mpi", rounds.failure, commands, notes, rounds)
    return _report(common, "mpi", rounds.entries, rounds.original_median, commands, notes, rounds)


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
    ignore_lines: Sequence[str] = (),
    rounding_noise: bool = True,
) -> ValidationReport:
    """Compile the CUDA ``parallel`` with nvcc once per arch (``-arch=sm_75`` ..., ``-O2 FLAGS -lm``) and the
    ``original`` with cc/c++; when a GPU is present, run and compare exactly as `validate_mpi` does, with one
    "gpu" entry (the binary matching the GPU's compute capability, else the newest arch not above it, whose
    embedded PTX the driver compiles).

    Without a GPU the status is "compiled", ``mode`` "compiled-only", ``ran`` False: compiling proves the
    code builds for every arch, never that it is correct. ``flags`` go to both compilers (use -D/-I/-l);
    ``nvcc_flags`` to nvcc alone (default ``-fmad=false``: fused multiply-adds would change rounding, and
    validation compares against the host build, which does not fuse at -O2).
    ``ignore_lines`` and ``rounding_noise`` work as in `validate_mpi`.
    Raises `ValidationError` for unusable inputs or arch names and `ToolchainError` when nvcc or the host
    compiler is missing.
    """
    original, parallel = _check_inputs(original, parallel, runs, timeout, stdin, rtol, atol, workdir)
    patterns = _compile_patterns(ignore_lines)
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
        common["workdir"] = str(space) if workdir is not None else None
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
                                 runs=runs, commands=commands, compare_stderr=compare_stderr,
                                 ignore_lines=patterns,
                                 probe=_probe_builder(original, space, host, build_flags, commands)
                                 if rounding_noise else None, sources=(original, parallel))
        binary = str(built[f"parallel {arch}"].output)
        rounds = session.run_rounds((str(built["original"].output),), [("gpu", None, (binary,))])
        if rounds.failure is not None:
            return _failed_original_report(common, "gpu", rounds.failure, commands, rounds.notes, rounds)
        notes = (*rounds.notes, f"ran the {arch} build on {gpu.name}")
    return _report(common, "gpu", rounds.entries, rounds.original_median, commands, notes, rounds)


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
    if runs < 1 or runs > _MAX_RUNS:
        raise ValidationError(f"runs must be between 1 and {_MAX_RUNS}, got {runs}")
    if not math.isfinite(timeout) or timeout <= 0 or timeout > _MAX_TIMEOUT_S:
        raise ValidationError(f"timeout must be a positive number of seconds up to {_MAX_TIMEOUT_S:,} (a week), "
                              f"got {timeout}")
    return Path(original).resolve(), Path(parallel).resolve()


_MAX_TIMEOUT_S = 7 * 24 * 3600  # longer waits overflow the timers below


@contextlib.contextmanager
def _workspace(workdir: Path | None) -> Iterator[Path]:
    """A scratch folder: a new folder inside the given ``workdir`` (created, kept: the user's own files there,
    say a binary named like ours or a `run/` folder, are never written over), or a temporary one (removed
    afterwards)."""
    if workdir is not None:
        workdir = Path(workdir)
        try:
            workdir.mkdir(parents=True, exist_ok=True)
            space = Path(tempfile.mkdtemp(prefix="seq2par-validate-", dir=workdir))
        except (OSError, RuntimeError) as error:
            raise ValidationError(f"cannot use {workdir} as the work folder: {error}") from None
        yield space.resolve()
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
                   compare_stderr: bool, ignore_lines: tuple[re.Pattern[str], ...] = (),
                   probe: Callable[[], tuple[str, ...]] | None = None, sources: Sequence[Path] = ()) -> _Session:
    """A run session in `cwd`, or in a scratch folder of `space` so that files the programs write land there
    (and, there only, are removed after each run). `probe` builds the original's rounding probe on demand
    (None: rounding noise is not measured). `sources`: the programs' files, read for files they write
    outside that folder (`outside_writes`)."""
    folder = cwd if cwd is not None else _run_dir(space)
    opens = _literal_opens(sources)
    backup = _Backup.take(cwd, space / "cwd-backup") if cwd is not None else None
    if isinstance(backup, str):
        # what the programs change or delete there could not be put back: refused, not noted
        raise ValidationError(f"--cwd {cwd}: {backup}: seq2par copies that folder to put back what the programs "
                              "change or delete in it, so that every run reads the same inputs and your files end "
                              "as they were; give a folder holding only the programs' inputs (links to big data "
                              "elsewhere are fine)")
    return _Session(args=tuple(args), stdin=stdin, timeout=timeout, cwd=folder, rtol=rtol, atol=atol, runs=runs,
                    commands=commands, compare_stderr=compare_stderr, scratch=cwd is None, space=space,
                    ignore_lines=ignore_lines, probe=probe, outside=_outside_writes(opens, folder, args),
                    missing=_missing_inputs(opens, folder) if cwd is None else (),
                    backup=backup if isinstance(backup, _Backup) else None,
                    unrestored=backup if isinstance(backup, str) else "")


@contextlib.contextmanager
def _signals_held():
    """SIGINT and SIGTERM wait until the block is done, then take effect as they would have. Python runs
    signal handlers in the main thread only: there, each is replaced for the block by one that notes the
    signal, which is raised again after it (a signal mask would not do: another thread of the process may
    take a process-wide signal)."""
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    previous = {sig: signal.signal(sig, lambda signum, frame: pending.append(signum))
                for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        for sig in dict.fromkeys(pending):
            signal.raise_signal(sig)


_MAX_BACKUP_BYTES = 1 << 30  # a user's --cwd up to this size is copied, and put back after every run


@dataclass
class _Backup:
    """A copy of the files of a user's --cwd folder: after every run, the files it changed or deleted are
    copied back as they were when it started. Every run then reads the same inputs (a program that updates
    its own input, a counter or a restart file, read another input at each run, the numbers it printed were
    left out as varying, and a wrong program was found equal), and the user's files are as they were when
    validation ends. The copy follows changes made between runs (by the user, another process): only what
    changed while a program ran is put back. Files and folders a run created stay (another process may have
    written them there). Symbolic links are not followed: a link a run deleted, pointed elsewhere or replaced
    is made again as it was."""

    folder: Path
    copy: Path
    files: dict[str, tuple[int, int, int]]
    skip: str = ""  # the backup's own folder, when the work folder is inside --cwd (`--workdir` there)
    links: dict[str, str] = field(default_factory=dict)  # relative path -> where the link points
    # st_ctime_ns of each file when the copy was brought up to date: a change of the bytes that keeps the size
    # and the mtime (`touch -r`) still moves it
    ctimes: dict[str, int] = field(default_factory=dict)
    folder_modes: dict[str, int] = field(default_factory=dict)  # relative path -> permissions of each folder

    def outside_folders(self) -> list[str]:
        """Links in the folder to folders outside it: what the programs write through them is not put back."""
        root = self.folder.resolve()
        out = []
        for name in sorted(self.links):
            with contextlib.suppress(OSError):
                pointed = (self.folder / name).resolve()
                if pointed.is_dir() and root != pointed and root not in pointed.parents:
                    out.append(name)
        return out

    @classmethod
    def take(cls, folder: Path, copy: Path) -> _Backup | str:
        """The backup, or why there is none (too many files, too many bytes, a file that cannot be read)."""
        states = _file_states(folder)
        if states is None:
            return f"the folder holds over {_MAX_WATCHED_FILES:,} files"
        inside = os.path.relpath(copy.resolve(), folder.resolve())
        backup = cls(folder, copy, {}, "" if inside.startswith("..") else inside + os.sep)
        total = sum(size for name, (size, _, _) in states[0].items() if not backup._skipped(name))
        if total > _MAX_BACKUP_BYTES:
            return f"the folder holds {total / (1 << 30):.1f} GiB, over the {_MAX_BACKUP_BYTES >> 30} GiB copied"
        try:
            backup.refresh(*states)
        except OSError as error:
            return f"the folder could not be copied: {error}"
        return backup

    def _skipped(self, name: str) -> bool:
        return bool(self.skip) and (name + os.sep).startswith(self.skip)

    def refresh(self, now: dict[str, tuple[int, int, int]], folders: set[str] | None = None) -> None:
        """Before a run: copy the files that are new or changed since the copy was last brought up to date
        (`now`: the folder's states; `folders`: its folders, when the caller has walked it already), and forget
        those deleted meanwhile."""
        if folders is None:
            folders = (_file_states(self.folder) or ({}, set()))[1]
        for name, state in now.items():
            if self._skipped(name) or self.files.get(name, (None, None))[:2] == state[:2]:
                continue
            target = self.copy / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(self.folder / name, target)
            self.files[name] = state
        for name in self.files.keys() - now.keys():
            del self.files[name]
        self.ctimes = {}
        for name in self.files:
            with contextlib.suppress(OSError):
                self.ctimes[name] = os.stat(self.folder / name).st_ctime_ns
        self.folder_modes = {}
        for name in folders:
            if not self._skipped(name):
                with contextlib.suppress(OSError):
                    self.folder_modes[name] = os.stat(self.folder / name).st_mode & 0o7777
        self.links = {name: target for name, target in _links(self.folder).items() if not self._skipped(name)}

    def put_back(self) -> None:
        """After a run: the files it changed (size, mtime or permissions), deleted or replaced (by a folder, a
        link), as they were before it."""
        for name, mode in sorted(self.folder_modes.items()):  # first: a folder made unreadable blocks the rest
            with contextlib.suppress(OSError):
                if (self.folder / name).is_dir() and not (self.folder / name).is_symlink() and \
                        os.stat(self.folder / name).st_mode & 0o7777 != mode:
                    os.chmod(self.folder / name, mode)
        now_files = (_file_states(self.folder) or ({}, set()))[0]
        for name, state in self.files.items():
            # copy2 keeps the mtime; a file put back anew has another inode
            with contextlib.suppress(OSError):
                if name not in now_files or now_files[name][:2] != state[:2] or \
                        os.stat(self.folder / name).st_ctime_ns != self.ctimes.get(name):
                    self._copy_back(name)
                elif os.stat(self.folder / name).st_mode != os.stat(self.copy / name).st_mode:
                    shutil.copymode(self.copy / name, self.folder / name)  # `chmod 000 input.txt`
        now_links = _links(self.folder)
        for name, pointed in self.links.items():
            if now_links.get(name) != pointed:
                with contextlib.suppress(OSError):
                    target = self.folder / name
                    if target.is_symlink() or target.is_file():
                        target.unlink()
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.symlink(pointed, target)

    def _copy_back(self, name: str) -> None:
        target = self.folder / name
        # a folder the file was in that the run replaced with a file or a link (`rm -rf sub; echo x > sub`)
        parent = self.folder
        for part in Path(name).parent.parts:
            parent = parent / part
            if parent.is_symlink() or parent.exists() and not parent.is_dir():
                parent.unlink()
        if target.is_symlink():
            target.unlink()  # a link the run put in its place: not written through
        elif target.is_dir():
            shutil.rmtree(target)  # a folder the run put in its place (`mkdir data.txt`)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(self.copy / name, target)


_STRING = r'"(?P<path>(?:[^"\\\n]|\\.)*)"'
_WRITE_OPENS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], bool]], ...] = (
    # fopen("path", "w"), freopen("path", "a", stdout): a mode with w, a or +
    (re.compile(rf'\b(?:fopen|fopen64|freopen)\s*\(\s*{_STRING}\s*,\s*"(?P<mode>[^"]*)"'),
     lambda m: bool(set(m["mode"]) & set("wa+"))),
    # open("path", O_WRONLY | O_CREAT, 0644), creat("path", 0644)
    (re.compile(rf"\b(?P<call>open|open64|creat)\s*\(\s*{_STRING}(?P<rest>[^;]*)"),
     lambda m: m["call"] == "creat" or re.search(r"\bO_(?:WRONLY|RDWR|CREAT|APPEND|TRUNC)\b", m["rest"]) is not None),
    # std::ofstream out("path"), std::fstream f{"path", ...}, std::ofstream("path")
    (re.compile(rf"\b(?:w?ofstream|w?fstream|basic_ofstream\s*<[^>]*>)\s*(?:\w+\s*)?[({{]\s*{_STRING}"),
     lambda m: True),
    # f.open("path", std::ios::out | std::ios::app)
    (re.compile(rf"\.\s*open\s*\(\s*{_STRING}\s*,(?P<rest>[^;]*)"),
     lambda m: re.search(r"\b(?:out|app|trunc)\b", m["rest"]) is not None),
)
# a file opened for writing by a name that is not a literal (`fopen(argv[2], "w")`): an argument may name it
_NAMED_WRITE_OPEN = re.compile(r'\b(?:fopen|fopen64|freopen)\s*\(\s*[^"\s][^;]*?,\s*"[^"]*[wa+][^"]*"'
                               r'|\b(?:w?ofstream|w?fstream)\s*(?:\w+\s*)?[({]\s*[^"\s)}]'
                               r'|\b(?:open|open64)\s*\([^;"]*\bO_(?:WRONLY|RDWR|CREAT|APPEND|TRUNC)\b|\bcreat\s*\(')
_SPECIAL_PATHS = ("/dev/", "/proc/")


_READ_OPENS = (
    re.compile(rf'\b(?:fopen|fopen64|freopen)\s*\(\s*{_STRING}\s*,\s*"r[bt]?"'),
    re.compile(rf"\b(?:w?ifstream)\s*(?:\w+\s*)?[({{]\s*{_STRING}"),
    re.compile(rf"\b(?:open|open64)\s*\(\s*{_STRING}\s*,\s*O_RDONLY\s*\)"),
)


@dataclass(frozen=True)
class _Opens:
    """What the programs' sources open by a literal name: (path, "FILE:LINE", source number) for writing and
    for reading, and whether they open a file for writing by a name that is not a literal (an argument may
    name it)."""

    writes: tuple[tuple[str, str, int], ...]
    reads: tuple[tuple[str, str, int], ...]
    named_write: bool


def _literal_opens(sources: Sequence[Path]) -> _Opens:
    """Each source read once, for `_outside_writes` and `_missing_inputs`."""
    writes: list[tuple[str, str, int]] = []
    reads: list[tuple[str, str, int]] = []
    named_write = False
    for number, source in enumerate(sources):
        try:
            text = Path(source).read_text(errors="replace")
        except OSError:
            continue

        def where(match: re.Match[str], text: str = text, source: Path = source) -> str:
            return f"{Path(source).name}:{text.count(chr(10), 0, match.start()) + 1}"

        named_write = named_write or _NAMED_WRITE_OPEN.search(text) is not None
        writes += [(m["path"], where(m), number) for pattern, opens_for_writing in _WRITE_OPENS
                   for m in pattern.finditer(text) if opens_for_writing(m)]
        reads += [(m["path"], where(m), number) for pattern in _READ_OPENS for m in pattern.finditer(text)]
    return _Opens(tuple(writes), tuple(reads), named_write)


def _missing_inputs(opens: _Opens, folder: Path) -> tuple[str, ...]:
    """Files the programs open for reading by a relative literal name (`fopen("data.txt", "r")`,
    `std::ifstream in("mesh.dat")`) that `folder` (the scratch folder the runs use) does not hold, as
    "NAME (FILE:LINE)": such a run takes the program's "cannot open" path, which may skip what differs."""
    written = {(path, number) for path, _, number in opens.writes}  # a file the source writes and reads back
    found: dict[str, str] = {}
    for path, where, number in opens.reads:
        if path and not path.startswith("/") and "\\" not in path and path not in found and \
                (path, number) not in written and not (Path(folder) / path).exists():
            found[path] = f"{path} ({where})"
    return tuple(found.values())


def outside_writes(sources: Sequence[Path], folder: Path, args: Sequence[str] = ()) -> tuple[str, ...]:
    """Files the programs may write outside `folder`, the one they run in, which validation does not compare
    (it watches that folder only): a literal path given to a call that opens for writing (`fopen(.., "w")`,
    `open(.., O_CREAT)`, `std::ofstream`) that leads out of it, as "PATH (FILE:LINE)"; and, when a source
    opens a file for writing by a name that is not a literal, the program arguments that are such
    paths."""
    return _outside_writes(_literal_opens(sources), folder, args)


def _outside_writes(opens: _Opens, folder: Path, args: Sequence[str]) -> tuple[str, ...]:
    found: dict[str, str] = {}
    for path, where, _ in opens.writes:
        if path not in found and _outside(path, folder):
            found[path] = f"{path} ({where})"
    if opens.named_write:
        found.update({arg: f"{arg} (a program argument)" for arg in args
                      if arg not in found and _outside(arg, folder)})
    return tuple(found.values())


def _outside(path: str, folder: Path) -> bool:
    """Whether a path the program names (absolute, or relative to `folder`) lies outside `folder`; device
    and /proc paths are not files it writes."""
    if not path or path.startswith(_SPECIAL_PATHS) or "\\" in path:
        return False
    if not path.startswith("/") and ".." not in path:
        return False  # a plain relative name (`out.txt`, `data/x`): under the folder
    base = os.path.realpath(folder)
    return os.path.commonpath([base, os.path.normpath(os.path.join(base, path))]) != base


def _compile_patterns(ignore_lines: Sequence[str]) -> tuple[re.Pattern[str], ...]:
    """The --ignore-line regular expressions, compiled; raises `ValidationError` naming a bad one."""
    patterns = []
    for text in ignore_lines:
        try:
            patterns.append(re.compile(text))
        except re.error as error:
            raise ValidationError(f"--ignore-line {text!r} is not a regular expression: {error}") from None
    return tuple(patterns)


def _probe_builder(original: Path, space: Path, host: Compiler, flags: Sequence[str],
                   commands: dict[str, tuple[str, ...]]) -> Callable[[], tuple[str, ...]]:
    """A function that builds the original once more, linked with the rounding probe (`noise.PROBE_SOURCE`),
    and returns the binary's argv; it raises `BuildError` when that build fails."""

    def build_probe() -> tuple[str, ...]:
        probe = space / "s2p_rounding_probe.c"
        probe.write_text(noise.PROBE_SOURCE)
        try:
            result = build([original, probe], space / f"original-{original.stem}-rounding", host,
                           (*flags, *noise.PROBE_FLAGS, "-ldl"))
        except BuildError as error:
            commands["build original rounding probe"] = error.command
            raise
        commands["build original rounding probe"] = result.command
        return (str(result.output),)

    return build_probe


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
    space: Path | None = None  # the validation's scratch space (rounding-probe runs get folders there)
    ignore_lines: tuple[re.Pattern[str], ...] = ()
    probe: Callable[[], tuple[str, ...]] | None = None  # builds the rounding probe; None: noise not measured
    left_running: int = 0  # processes the runs started that outlived them (stopped by run_program)
    outside: tuple[str, ...] = ()  # files the programs may write outside `cwd` (see `outside_writes`)
    missing: tuple[str, ...] = ()  # input files they open by a relative name, absent from the scratch folder
    backup: _Backup | None = None  # the user's --cwd as it was: put back after every run
    unrestored: str = ""  # why a user's --cwd could not be backed up ("" when it was, or is our own)

    def _run(self, command: Sequence[str], *, cwd: Path | None = None, env: dict[str, str] | None = None,
             timeout: float | None = None) -> tuple[RunResult, dict[str, str | bytes], dict[str, int]]:
        """Run once; also return what the run produced: stdout, stderr (unless ignored) and the contents of
        every file it created or changed under the run folder, with --ignore-line lines blanked (so line
        numbers stay those of the program's output), and how many lines that dropped per stream."""
        folder = cwd or self.cwd
        before = _file_states(folder) if self.watch_files else None
        if before is None:
            self.watch_files = False
        backup = self.backup if self.backup is not None and folder == self.backup.folder else None
        if backup is not None:
            try:
                backup.refresh(*(before if before is not None else _file_states(folder) or ({}, set())))
            except OSError:
                backup = None  # (a file that cannot be read now: this run's changes are not put back)
        try:
            result = run_program(command, self.args, self.stdin, timeout or self.timeout, env=env, cwd=folder)
            self.left_running += result.left_running
            produced: dict[str, str | bytes] = {"stdout": result.stdout}
            if self.compare_stderr:
                produced["stderr"] = result.stderr
            if before is not None:
                produced.update(_collect_written(folder, before, remove=self.scratch or cwd is not None))
            if _exited_with_status(result) and (result.stdout.strip() or any(k.startswith("file ") for k in produced)):
                # compared like an output, when the run gave results (stdout, files) to compare with it: a
                # usage message and `return 1` (no --args given) is a failure, as it was
                produced["exit status"] = f"{result.returncode}\n"
        finally:
            if backup is not None:
                with _signals_held():  # a second Ctrl-C or SIGTERM must not stop a file half put back
                    backup.put_back()
        dropped: dict[str, int] = {}
        if self.ignore_lines:
            for stream, text in produced.items():
                if isinstance(text, str):
                    produced[stream], count = _drop_lines(text, self.ignore_lines)
                    if count:
                        dropped[stream] = count
        return result, produced, dropped

    def run_rounds(
        self, original: tuple[str, ...], configurations: Sequence[tuple[str, int | None, tuple[str, ...]]]
    ) -> _Rounds:
        """Run the original and every configuration ``runs`` times, round by round (original, then each
        configuration), so that a machine whose speed drifts during validation slows every program alike
        instead of skewing the speedup. A configuration stops at its first crash or timeout; a failing
        original ends the session.

        Outputs are compared once every run is done: numbers that differ between the original's own runs
        are left out; when a number still differs beyond rtol/atol, the original is run once more if it ran
        only once (to find such numbers) and its rounding noise is measured (`_measure_noise`), then every
        run is compared again."""
        originals: list[tuple[RunResult, dict[str, str | bytes]]] = []
        dropped: dict[str, int] = {}
        trials = [_Trials(label, np, command) for label, np, command in configurations]
        for _ in range(self.runs):
            result, produced, dropped_now = self._run(original)
            self.commands["run original"] = result.command
            if not result.ok and "exit status" not in produced:
                return _Rounds(None, _failure("original", "original", result), (), ())
            if not originals:
                dropped = dropped_now
            originals.append((result, produced))
            for trial in trials:
                if trial.failure is not None:
                    continue
                result, outputs, _ = self._run(trial.command)
                self.commands[f"run parallel {trial.label}"] = result.command
                # an exit status the original also ends with (one of its own: `return 3;`) is compared as
                # an output; any other failure ends that configuration
                if not result.ok and ("exit status" not in outputs or "exit status" not in produced):
                    trial.failure = _failure("parallel", trial.label, result)
                    continue
                trial.seconds.append(result.seconds)
                trial.outputs.append(outputs)
        reference = originals[0][1]
        seconds = tuple(result.seconds for result, _ in originals)
        median = statistics.median(seconds)
        repeats = [produced for _, produced in originals[1:]]
        varying = noise.varying_tokens(reference, repeats)
        allowances = noise.allowances(varying, ())
        comparisons = [trial.compare(reference, self.rtol, self.atol, allowances) for trial in trials]
        summary = NoiseSummary(False, "not needed: every number matched within rtol/atol"
                               if self.probe is not None else "off (--no-rounding-noise)")
        notes: list[str] = []
        if any(c.first_mismatch is not None and c.first_mismatch.reason == "number" for c in comparisons):
            if not repeats:  # one timed run: run the original again to find numbers that vary by themselves
                result, produced, _ = self._run(original)
                if result.ok or "exit status" in produced:
                    repeats.append(produced)
                    varying = noise.varying_tokens(reference, repeats)
            loose: list[LooseToken] = []
            if self.probe is not None:
                summary, loose = self._measure_noise(reference, varying, max(seconds))
            allowances = noise.allowances(varying, loose)
            for trial in trials:
                trial.compare(reference, self.rtol, self.atol, allowances)
        compared = [name for name in reference if name != "stdout"]
        if compared:
            notes.append(f"compared stdout and {', '.join(compared)}")
        if not self.compare_stderr:
            notes.append("stderr was not compared (--ignore-stderr)")
        if not self.watch_files:
            notes.append(f"files the programs write were not compared: over {_MAX_WATCHED_FILES:,} files "
                         "in the folder they run in")
        if self.unrestored:
            notes.append(f"files the programs change in --cwd {self.cwd} were not put back between runs "
                         f"({self.unrestored}): each run may have read what the one before wrote")
        linked = self.backup.outside_folders() if self.backup is not None else []
        if linked:
            more = " and more" if len(linked) > 5 else ""
            notes.append(f"files the programs change under {', '.join(linked[:5])}{more} in --cwd (links to folders "
                         "outside it) were not put back: seq2par copies the folder itself, not what its links "
                         "point to")
        if self.missing:
            more = " and more" if len(self.missing) > 5 else ""
            notes.append(f"{MISSING_INPUTS}: {', '.join(self.missing[:5])}{more}; the programs ran without "
                         "them (a path that fails to open may skip the code that "
                         "differs): give --cwd with the folder that holds them")
        if self.outside:
            notes.append(f"{OUTSIDE_NOT_COMPARED}: {', '.join(self.outside[:5])}"
                         f"{' and more' if len(self.outside) > 5 else ''}; to compare them, let the programs "
                         "write them in that folder (a relative path, or --cwd above them)")
        if not any(reference.values()):
            notes.append(NOTHING_COMPARED)
        elif dropped and not any(text.strip() if isinstance(text, str) else text for text in reference.values()):
            notes.append(NOTHING_LEFT)  # every line blanked (`--ignore-line ''` matches them all)
        if any(not compare_streams(reference, r, self.rtol, self.atol, allowances).equal for r in repeats):
            notes.append(
                "the original's output differs between its own runs (non-deterministic?): "
                "a mismatch may not be the parallel version's fault"
            )
        if varying:
            notes.append(_varying_note(varying))
        if dropped:
            notes.append(f"--ignore-line dropped {sum(dropped.values())} line(s) of the original's output ("
                         + ", ".join(f"{stream}: {count}" for stream, count in dropped.items()) + ")")
        if summary.measured:
            notes.append(_noise_note(summary))
        if self.left_running:
            notes.append(f"the programs left {self.left_running} process(es) running after they exited (started in "
                         "a session of their own?); seq2par stopped them")
        if median < _SHORT_RUN_S:
            notes.append(
                f"the original runs in {median:.3f} s: start-up (of MPI ranks, threads or a CUDA context) dominates "
                "such short runs, so speedups mean little; use a larger input"
            )
        entries = tuple(trial.result(median) for trial in trials)
        shares = [result.cpu_seconds / result.seconds for result, _ in originals
                  if result.cpu_seconds is not None and result.seconds > 0]
        share = statistics.median(shares) if shares else None
        return _Rounds(median, None, tuple(notes), entries, summary, tuple(varying), dropped, seconds, share)

    def _measure_noise(self, reference: dict[str, str | bytes], varying: Sequence[VaryingToken],
                       slowest: float) -> tuple[NoiseSummary, list[LooseToken]]:
        """Build the rounding probe and run it once per mode in `noise.ROUNDING_MODES` (in parallel, each in
        a folder of its own, when the runs happen in our scratch folder; one after another in a user's
        --cwd); return the summary and the loosely compared numbers. A probe that does not build, or a mode
        that crashes, times out or prints another shape of output, is left out and said so: then those
        numbers stay strict."""
        assert self.probe is not None
        started = time.perf_counter()
        try:
            probe = self.probe()
        except BuildError as error:
            return NoiseSummary(False, f"not measured: the rounding probe did not build ({error})"), []
        # A mode that makes an iteration never converge must not cost the whole --timeout.
        limit = min(self.timeout, 3 * slowest + 2.0)

        def run_mode(mode: str) -> tuple[str, RunResult, dict[str, str | bytes]]:
            folder = None
            if self.scratch and self.space is not None:
                folder = self.space / f"rounding-{mode}"
                folder.mkdir(exist_ok=True)
            result, produced, _ = self._run(probe, cwd=folder, env={noise.ROUNDING_VARIABLE: mode}, timeout=limit)
            return mode, result, produced

        workers = min(len(noise.ROUNDING_MODES), usable_cores()) if self.scratch else 1
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            outcomes = list(pool.map(run_mode, noise.ROUNDING_MODES))
        self.commands["run original rounding probe"] = outcomes[0][1].command
        usable = [(mode, produced) for mode, result, produced in outcomes if result.ok or "exit status" in produced]
        failed = [mode for mode, result, produced in outcomes if not result.ok and "exit status" not in produced]
        ignored = frozenset((token.stream, token.token_index) for token in varying)
        loose, unaligned = noise.loose_tokens(reference, [produced for _, produced in usable], self.rtol,
                                              self.atol, ignored)
        seconds = time.perf_counter() - started
        parts = [f"{len(usable)} run(s) of the original under {', '.join(mode for mode, _ in usable) or 'no mode'} "
                 f"rounding in {seconds:.2f} s"]
        if failed:
            parts.append(f"left out (crashed or too slow): {', '.join(failed)}")
        if unaligned:
            parts.append(f"output shape changed under another rounding mode in {', '.join(unaligned)} "
                         "(those runs not used there)")
        if not usable:
            return NoiseSummary(False, "not measured: " + "; ".join(parts), (), noise.SAFETY_FACTOR, seconds), []
        return noise.summary(loose, [mode for mode, _ in usable], seconds, "; ".join(parts)), loose


def _drop_lines(text: str, patterns: Sequence[re.Pattern[str]]) -> tuple[str, int]:
    """`text` with every line that matches one of `patterns` blanked, and how many lines that was."""
    lines = text.split("\n")
    count = 0
    for number, line in enumerate(lines):
        if line and any(pattern.search(line) for pattern in patterns):
            lines[number] = ""
            count += 1
    return "\n".join(lines), count


def _where(stream: str, line: int, token_index: int) -> str:
    return f"{stream} line {line} token {token_index}"


def _varying_note(varying: Sequence[VaryingToken]) -> str:
    shown = "; ".join(f"{_where(t.stream, t.line, t.token_index)} ({' vs '.join(t.values[:2])})" for t in varying[:3])
    more = f" and {len(varying) - 3} more" if len(varying) > 3 else ""
    return (f"{len(varying)} number(s) differ between runs of the original itself (a printed time?) and were "
            f"not compared: {shown}{more}")


def _noise_note(summary: NoiseSummary) -> str:
    head = (f"rounding noise measured ({summary.note}): {summary.loose_count} number(s) the original does not "
            f"determine to rtol/atol are compared within {summary.safety_factor:g}x their spread")
    if not summary.loose:
        return head
    shown = "; ".join(f"{_where(t.stream, t.line, t.token_index)} {t.text!r} "
                      f"({t.significant_digits} significant digit(s))" for t in summary.loose[:3])
    more = f" and {summary.loose_count - 3} more" if summary.loose_count > 3 else ""
    return f"{head}: {shown}{more}"


@dataclass
class _Trials:
    """One parallel configuration's runs so far."""

    label: str
    np: int | None
    command: tuple[str, ...]
    seconds: list[float] = field(default_factory=list)
    outputs: list[dict[str, str | bytes]] = field(default_factory=list)
    comparisons: list[Comparison] = field(default_factory=list)
    failure: RunFailure | None = None

    def compare(self, reference: dict[str, str | bytes], rtol: float, atol: float,
                allowances: dict[str, Allowance]) -> Comparison:
        """(Re)compare every run with the reference; return the first comparison that failed, else the first."""
        self.comparisons = [compare_streams(reference, outputs, rtol, atol, allowances) for outputs in self.outputs]
        failed = [c for c in self.comparisons if not c.equal]
        return failed[0] if failed else (self.comparisons[0] if self.comparisons else Comparison(True, 0, 0, None, 0))

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
            loosened=max((c.loosened for c in self.comparisons), default=0),
        )


@dataclass(frozen=True)
class _Rounds:
    """What a session's runs gave: the original's median, or its failure; an entry per configuration; what
    the comparison left out or loosened."""

    original_median: float | None
    failure: RunFailure | None
    notes: tuple[str, ...]
    entries: tuple[ParallelResult, ...]
    noise: NoiseSummary | None = None
    varying: tuple[VaryingToken, ...] = ()
    dropped_lines: dict[str, int] = field(default_factory=dict)
    original_seconds: tuple[float, ...] = ()
    original_cpu_share: float | None = None


def _links(folder: Path) -> dict[str, str]:
    """Where each symbolic link under `folder` points, by relative path (links to folders are not entered)."""
    links: dict[str, str] = {}
    pending = [folder]
    while pending and len(links) <= _MAX_WATCHED_FILES:
        with contextlib.suppress(OSError), os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_symlink():
                    with contextlib.suppress(OSError):
                        links[os.path.relpath(entry.path, folder)] = os.readlink(entry.path)
                elif entry.is_dir(follow_symlinks=False):
                    pending.append(Path(entry.path))
    return links


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
        limit = result.limit if result.limit is not None else result.seconds
        summary = (f"{who} exited, but a process it started kept its output open past the {limit:g} s limit "
                   "and was killed" if result.held_open else f"{who} did not finish within {limit:g} s and was killed")
    elif result.flooded is not None:
        kind = "crashed"
        summary = (f"{who} wrote more than {result.flooded // (1024 * 1024)} MiB to stdout and stderr and was "
                   "stopped: outputs are compared in memory; give it a smaller input (--args/--stdin)")
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


def _exited_with_status(result: RunResult) -> bool:
    """The program ended by itself with a status other than 0 (`return 3;`, `exit(1)`): not killed by a
    signal (directly or as the MPI launcher reports it), not stopped for time or output."""
    return (not result.timed_out and result.flooded is None and result.returncode is not None
            and result.returncode > 0 and result.signal_name is None
            and _signal_reported_by_launcher(result.stderr + result.stdout) is None)


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
    rounds: _Rounds | None = None,
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
        **_comparison_fields(rounds),
    )


def _comparison_fields(rounds: _Rounds | None) -> dict[str, Any]:
    """The report fields about what the comparison left out or loosened, from a session's rounds."""
    if rounds is None:
        return {}
    return {"noise": rounds.noise, "varying": rounds.varying, "dropped_lines": dict(rounds.dropped_lines),
            "original_seconds": rounds.original_seconds, "original_cpu_share": rounds.original_cpu_share}


def _report(
    common: dict[str, Any],
    mode: Mode,
    entries: tuple[ParallelResult, ...],
    original_median: float | None,
    commands: dict[str, tuple[str, ...]],
    notes: tuple[str, ...],
    rounds: _Rounds | None = None,
) -> ValidationReport:
    failures = tuple(entry.failure for entry in entries if entry.failure is not None)
    if mode in ("mpi", "openmp") and entries and all(entry.np is not None and entry.np < 2 for entry in entries):
        notes = (*notes, ONE_COUNT_ONLY)
    status: Status
    if failures:
        status = failures[0].kind
        message = failures[0].summary
    elif all(entry.equal for entry in entries):
        status = "equal"
        worst = max(entry.max_rel_error for entry in entries)
        labels = ", ".join(entry.label for entry in entries)
        message = f"equal to the original at {labels} (max rel error {worst:.2g}"
        loosened = max(entry.loosened for entry in entries)
        if loosened:
            message += f"; {loosened} number(s) differ only within the original's measured rounding noise"
        message += ")"
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
        **_comparison_fields(rounds),
    )
