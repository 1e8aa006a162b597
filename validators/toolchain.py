"""Find the tools validation needs: a C/C++ compiler, an MPI wrapper compiler and launcher, nvcc, a GPU.

Discovery never guesses silently. A missing tool raises `ToolchainError` with a message saying what to
install; an MPI launcher is identified by its own ``--version`` output so that the flags it needs (Open MPI
refuses to run as root or to oversubscribe without being told) are added for that MPI only.
"""

from __future__ import annotations

import functools
import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .errors import ToolchainError, ValidationError

Language = Literal["c", "c++", "cuda"]
MpiFlavour = Literal["mpich", "openmpi", "intel", "unknown"]

_VERSION_TIMEOUT_S = 15.0
_GPU_PROBE_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class Compiler:
    """A compiler invocation prefix.

    ``command`` is an argv prefix rather than one path because ``CC="ccache gcc"`` is common;
    ``link_flags`` go after the sources (e.g. the library folder of a pip-installed nvcc).
    """

    command: tuple[str, ...]
    language: Language
    link_flags: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """The compiler's file name, for messages (``gcc``, ``mpicc``, ``nvcc``): the last word before the
        flags (``ccache gcc -x c++`` names gcc)."""
        words = []
        for word in self.command:
            if word.startswith("-"):
                break
            words.append(word)
        return Path(words[-1] if words else self.command[0]).name


@dataclass(frozen=True)
class MpiToolchain:
    """An MPI wrapper compiler plus the way to launch ``np`` ranks.

    ``mpiexec`` is None only when a user ``launcher`` template replaces it (e.g. ``"srun -n {np}"``).
    """

    compiler: Compiler
    mpiexec: Path | None
    flavour: MpiFlavour
    version: str
    launcher: str | None = None

    def launch_command(self, np: int, program: Sequence[str]) -> tuple[str, ...]:
        """Return the argv that runs ``program`` (binary plus its arguments) on ``np`` ranks.

        Open MPI gets ``--allow-run-as-root`` when running as root; MPICH gets ``-genv UCX_MEM_EVENTS no``
        (see below) unless the environment sets it. When ``np`` exceeds the cores this process may run on
        (`usable_cores`), idle ranks are told to give their core away instead of busy-polling: Open MPI
        with ``--oversubscribe --mca mpi_yield_when_idle 1``, MPICH with the ch4 progress throttle
        (`MPICH_OVERSUBSCRIBED`). A launcher template is used as given. Raises `ValidationError` if
        ``np < 1`` and `ToolchainError` if the launcher template is unusable.
        """
        if np < 1:
            raise ValidationError(f"the number of MPI ranks must be at least 1, got {np}")
        if self.launcher is not None:
            return (*expand_launcher(self.launcher, np), *program)
        if self.mpiexec is None:
            raise ToolchainError("no mpiexec and no launcher template: cannot start MPI programs")
        command = [str(self.mpiexec), "-n", str(np)]
        if self.flavour == "mpich" and "UCX_MEM_EVENTS" not in os.environ:
            # UCX (MPICH's ch4:ucx device) patches mmap/munmap in every process at load time to keep its
            # RDMA registration cache coherent: ~45 ms per rank on this kind of VM. Ranks on one host talk
            # through MPICH's shared memory, so the hooks buy nothing there; a user's value wins.
            command += ["-genv", "UCX_MEM_EVENTS", "no"]
        oversubscribed = np > usable_cores()
        if self.flavour == "mpich" and oversubscribed:
            for name, value in MPICH_OVERSUBSCRIBED:
                if name not in os.environ:
                    command += ["-genv", name, value]
        if self.flavour == "openmpi":
            if os.geteuid() == 0:
                command.append("--allow-run-as-root")
            if oversubscribed:
                command += ["--oversubscribe", "--mca", "mpi_yield_when_idle", "1"]
        return (*command, *program)


# MPICH's ch4 ranks spin in their progress loop while they wait; with more ranks than cores a spinning rank
# holds the core the rank it waits for needs, and a run with frequent messages crawls (np=3 on 2 cores:
# 16 s instead of 0.1 s for 2,000 broadcast+allreduce steps). The throttle makes a rank usleep(1) after
# every poll that found nothing, which hands the core over (measured by bench/oversubscribe.py). The yield
# knobs (MPIR_CVAR_POLLS_BEFORE_YIELD, MPIR_CVAR_POSIX_POLL_FREQUENCY) call sched_yield, which Linux's
# scheduler honours too weakly to help. A value set in the environment wins.
MPICH_OVERSUBSCRIBED = (
    ("MPIR_CVAR_CH4_PROGRESS_THROTTLE", "1"),
    ("MPIR_CVAR_CH4_PROGRESS_THROTTLE_NO_PROGRESS_COUNT", "1"),
)


def usable_cores() -> int:
    """The cores this process may run on (its CPU affinity, which containers and batch schedulers set),
    else the machine's CPU count."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


@dataclass(frozen=True)
class GpuInfo:
    """A usable NVIDIA GPU: the first device's name, how many there are, and how it was detected."""

    name: str
    count: int
    compute_capability: str | None
    detected_by: str

    @property
    def arch(self) -> str | None:
        """The nvcc architecture of the first device (``"sm_90"`` for compute capability 9.0), if known."""
        if self.compute_capability is None:
            return None
        return "sm_" + self.compute_capability.replace(".", "")


def expand_launcher(template: str, np: int) -> tuple[str, ...]:
    """Turn a launcher template such as ``"srun -n {np}"`` into an argv prefix.

    Raises `ValidationError` (a usage error: exit 2) when the template lacks ``{np}`` (the rank count would be
    silently ignored) or uses any other placeholder.
    """
    if "{np}" not in template:
        raise ValidationError(f"launcher template {template!r} must contain {{np}}, e.g. 'srun -n {{np}}'")
    try:
        expanded = template.format(np=np)
    except (KeyError, IndexError, ValueError) as error:
        raise ValidationError(
            f"launcher template {template!r} may only use the placeholder {{np}} ({error})"
        ) from None
    try:
        argv = tuple(shlex.split(expanded))
    except ValueError as error:  # an unclosed quote
        raise ValidationError(f"launcher template {template!r} cannot be split into words: {error}") from None
    if not argv:
        raise ValidationError(f"launcher template {template!r} is empty")
    return argv


def _venv_bin() -> Path | None:
    """The running interpreter's bin folder if it is a virtual environment (pip-installed MPI lives there)."""
    if sys.prefix == sys.base_prefix:
        return None
    return Path(sys.executable).parent


def _which(name: str) -> Path | None:
    """Locate an executable, preferring the active virtual environment over PATH."""
    venv_bin = _venv_bin()
    if venv_bin is not None:
        candidate = venv_bin / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return candidate
    found = shutil.which(name)
    return Path(found) if found else None


def _command_from_env(variable: str) -> tuple[str, ...] | None:
    """Parse a compiler from an environment variable such as CC; None when unset or blank."""
    value = os.environ.get(variable, "").strip()
    if not value:
        return None
    argv = shlex.split(value)
    if shutil.which(argv[0]) is None:
        raise ToolchainError(f"${variable} is set to {value!r}, but {argv[0]!r} is not an executable on PATH")
    return tuple(argv)


def find_c_compiler(cxx: bool = False) -> Compiler:
    """Find the host compiler for the sequential original.

    $CXX/$CC when set, else the first of c++/g++/clang++ (or cc/gcc/clang) on PATH.

    Raises `ToolchainError` if none is found or $CC/$CXX names something that is not executable.
    """
    variable, candidates = ("CXX", ("c++", "g++", "clang++")) if cxx else ("CC", ("cc", "gcc", "clang"))
    language: Language = "c++" if cxx else "c"
    from_env = _command_from_env(variable)
    if from_env is not None:
        return Compiler(from_env, language)
    for name in candidates:
        found = shutil.which(name)
        if found:
            return Compiler((found,), language)
    raise ToolchainError(
        f"no {language} compiler found (tried ${variable}, {', '.join(candidates)}); "
        f"install gcc or set ${variable}"
    )


def find_mpi(cxx: bool = False, *, launcher: str | None = None) -> MpiToolchain:
    """Find the MPI wrapper compiler (mpicc or mpicxx) and mpiexec, and identify which MPI they belong to.

    $MPICC/$MPICXX override the wrapper. The active virtual environment's bin folder is searched before
    PATH, because the ``mpich`` wheel installs there. With a ``launcher`` template, mpiexec is optional.
    Raises `ToolchainError` when the wrapper (or, without a launcher, mpiexec) is missing, or the
    template is unusable.
    """
    variable, names = ("MPICXX", ("mpicxx", "mpic++", "mpiCC")) if cxx else ("MPICC", ("mpicc",))
    language: Language = "c++" if cxx else "c"
    command = _command_from_env(variable)
    if command is None:
        for name in names:
            found = _which(name)
            if found is not None:
                command = (str(found),)
                break
    if command is None:
        raise ToolchainError(
            f"no MPI {language} compiler found (tried ${variable}, {', '.join(names)}); "
            "install an MPI (e.g. `pip install mpich`) or load your cluster's MPI module"
        )
    if launcher is not None:
        expand_launcher(launcher, 2)  # reject a bad template now, not after the builds
    mpiexec = _find_mpiexec(Path(shutil.which(command[0]) or command[0]))
    if mpiexec is None and launcher is None:
        raise ToolchainError(
            "mpicc was found but no mpiexec/mpirun; install the matching launcher or pass a launcher "
            "template such as 'srun -n {np}'"
        )
    flavour, version = detect_mpi_flavour(mpiexec) if mpiexec is not None else ("unknown", "")
    return MpiToolchain(Compiler(command, language), mpiexec, flavour, version, launcher)


def _find_mpiexec(wrapper: Path) -> Path | None:
    """Prefer the launcher next to the wrapper compiler: mixing two MPI installations fails at run time."""
    for name in ("mpiexec", "mpirun"):
        sibling = wrapper.parent / name
        if sibling.is_file() and os.access(sibling, os.X_OK):
            return sibling
    for name in ("mpiexec", "mpirun"):
        found = _which(name)
        if found is not None:
            return found
    return None


@functools.lru_cache(maxsize=16)
def detect_mpi_flavour(mpiexec: Path) -> tuple[MpiFlavour, str]:
    """Identify an MPI launcher from its ``--version`` output; returns (flavour, version number or "").

    Intel MPI is checked first because its launcher is Hydra-based like MPICH's. A launcher that cannot
    report a version is "unknown" and is driven with plain ``-n``.
    """
    try:
        completed = subprocess.run(
            [str(mpiexec), "--version"],
            capture_output=True,
            text=True,
            errors="replace",
            timeout=_VERSION_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return "unknown", ""
    text = completed.stdout + completed.stderr
    flavour: MpiFlavour
    if re.search(r"Intel\(R\) MPI|Intel MPI", text):
        flavour = "intel"
    elif re.search(r"Open MPI|OpenRTE|Open RTE", text):
        flavour = "openmpi"
    elif re.search(r"HYDRA|MPICH", text, re.IGNORECASE):
        flavour = "mpich"
    else:
        flavour = "unknown"
    match = re.search(r"\d+\.\d+(?:\.\d+)?", text)
    return flavour, match.group(0) if match else ""


def find_nvcc() -> Compiler:
    """Find nvcc: PATH, then $CUDA_HOME/bin and /usr/local/cuda/bin, then the pip ``nvidia-cuda-nvcc`` wheel.

    A wheel nvcc gets ``-L<wheel>/lib`` as a link flag, since it does not find its own cudart otherwise.
    Raises `ToolchainError` when nvcc is nowhere to be found.
    """
    found = shutil.which("nvcc")
    if found:
        return Compiler((found,), "cuda")
    for root in (os.environ.get("CUDA_HOME"), os.environ.get("CUDA_PATH"), "/usr/local/cuda"):
        if root:
            candidate = Path(root) / "bin" / "nvcc"
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return Compiler((str(candidate),), "cuda")
    for entry in sys.path:
        for relative in ("nvidia/cu13", "nvidia/cuda_nvcc"):
            root = Path(entry or ".") / relative
            candidate = root / "bin" / "nvcc"
            if candidate.is_file() and os.access(candidate, os.X_OK):
                return Compiler((str(candidate),), "cuda", (f"-L{root / 'lib'}",))
    raise ToolchainError(
        "nvcc not found on PATH, in $CUDA_HOME or /usr/local/cuda, or as a pip wheel; install the CUDA "
        "toolkit or `pip install nvidia-cuda-nvcc==13.0.* nvidia-cuda-crt==13.0.* nvidia-nvvm==13.0.* "
        "nvidia-cuda-runtime==13.0.*`"
    )


@functools.lru_cache(maxsize=1)
def gpu_present() -> GpuInfo | None:
    """Return the usable NVIDIA GPU, or None; probed once per process.

    "Usable" means the driver answers: ``nvidia-smi -L`` lists a GPU, or, without nvidia-smi,
    ``/dev/nvidia0`` exists and libcuda loads. An empty ``CUDA_VISIBLE_DEVICES`` (or ``-1``) hides all
    GPUs, as it does for CUDA programs. Never raises.
    """
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if visible is not None and visible.strip() in ("", "-1"):
        return None
    smi = shutil.which("nvidia-smi")
    if smi is not None:
        listing = _probe([smi, "-L"])
        names = re.findall(r"^GPU \d+: (.+?)(?: \(UUID:.*)?$", listing or "", re.MULTILINE)
        if names:
            query = _probe([smi, "--query-gpu=compute_cap", "--format=csv,noheader"]) or ""
            capability = re.search(r"^\s*(\d+\.\d+)\s*$", query, re.MULTILINE)
            return GpuInfo(names[0], len(names), capability.group(1) if capability else None, "nvidia-smi")
        return None
    if Path("/dev/nvidia0").exists() and _libcuda_loads():
        return GpuInfo("NVIDIA GPU", 1, None, "/dev/nvidia0 and libcuda")
    return None


def _probe(argv: list[str]) -> str | None:
    """Run a probe command; its stdout, or None if it fails, hangs or is missing."""
    try:
        completed = subprocess.run(
            argv,
            capture_output=True,
            text=True,
            errors="replace",
            timeout=_GPU_PROBE_TIMEOUT_S,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    return completed.stdout if completed.returncode == 0 else None


def _libcuda_loads() -> bool:
    import ctypes

    try:
        ctypes.CDLL("libcuda.so.1")
    except OSError:
        return False
    return True
