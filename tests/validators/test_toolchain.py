"""Tool discovery on this machine: the mpich wheel's MPI, the host compilers, nvcc, and the GPU probe."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from seq2par.validators import (
    ToolchainError,
    ValidationError,
    find_c_compiler,
    find_mpi,
    find_nvcc,
    gpu_present,
)
from seq2par.validators.toolchain import MPICH_OVERSUBSCRIBED, MpiToolchain, expand_launcher, usable_cores


def test_find_mpi_identifies_the_mpich_wheel() -> None:
    mpi = find_mpi(cxx=False)
    assert mpi.compiler.name == "mpicc"
    assert mpi.mpiexec is not None and mpi.mpiexec.name in ("mpiexec", "mpirun")
    assert mpi.flavour == "mpich"
    assert mpi.version
    assert find_mpi(cxx=True).compiler.name in ("mpicxx", "mpic++", "mpiCC")


def test_launch_commands_per_flavour(monkeypatch: pytest.MonkeyPatch) -> None:
    mpich = find_mpi()
    monkeypatch.delenv("UCX_MEM_EVENTS", raising=False)
    assert mpich.launch_command(1, ("./prog", "x")) == (
        str(mpich.mpiexec), "-n", "1", "-genv", "UCX_MEM_EVENTS", "no", "./prog", "x")
    monkeypatch.setenv("UCX_MEM_EVENTS", "yes")  # the user's choice is left alone
    assert mpich.launch_command(1, ("./prog",)) == (str(mpich.mpiexec), "-n", "1", "./prog")

    openmpi = MpiToolchain(mpich.compiler, Path("/opt/ompi/bin/mpiexec"), "openmpi", "5.0.3")
    many = usable_cores() + 1
    command = openmpi.launch_command(many, ("./prog",))
    assert "--oversubscribe" in command
    assert command[command.index("--mca") + 1:command.index("--mca") + 3] == ("mpi_yield_when_idle", "1")
    assert ("--allow-run-as-root" in command) == (os.geteuid() == 0)
    assert "--oversubscribe" not in openmpi.launch_command(1, ("./prog",))

    with pytest.raises(ValidationError):
        mpich.launch_command(0, ("./prog",))


def test_oversubscribed_mpich_ranks_sleep_when_idle(monkeypatch: pytest.MonkeyPatch) -> None:
    """More ranks than usable cores: MPICH's progress throttle is set (without it np=3 on 2 cores crawled,
    see bench/oversubscribe.py); within the cores it is not, and a user's own value wins."""
    mpich = find_mpi()
    for name, _ in MPICH_OVERSUBSCRIBED:
        monkeypatch.delenv(name, raising=False)
    many = mpich.launch_command(usable_cores() + 1, ("./prog",))
    for name, value in MPICH_OVERSUBSCRIBED:
        assert many[many.index(name) - 1:many.index(name) + 2] == ("-genv", name, value)
    assert not set(dict(MPICH_OVERSUBSCRIBED)) & set(mpich.launch_command(usable_cores(), ("./prog",)))
    monkeypatch.setenv("MPIR_CVAR_CH4_PROGRESS_THROTTLE", "0")
    assert "MPIR_CVAR_CH4_PROGRESS_THROTTLE" not in mpich.launch_command(usable_cores() + 1, ("./prog",))


def test_launcher_template_overrides_mpiexec() -> None:
    mpi = find_mpi(launcher="srun --mpi=pmix -n {np}")
    assert mpi.launch_command(4, ("./prog",)) == ("srun", "--mpi=pmix", "-n", "4", "./prog")
    assert expand_launcher("mpirun -np {np} --bind-to none", 2) == ("mpirun", "-np", "2", "--bind-to", "none")
    for bad in ("srun", "srun -n {np} {host}"):
        with pytest.raises(ValidationError):  # a usage error (exit 2): it was a toolchain failure (exit 5)
            find_mpi(launcher=bad)


def test_host_compiler_honours_cc(monkeypatch: pytest.MonkeyPatch) -> None:
    assert find_c_compiler(cxx=False).language == "c"
    assert find_c_compiler(cxx=True).language == "c++"
    monkeypatch.setenv("CC", "gcc -std=c11")
    assert find_c_compiler().command[1:] == ("-std=c11",)
    monkeypatch.setenv("CC", "no-such-compiler-seq2par")
    with pytest.raises(ToolchainError):
        find_c_compiler()


def test_nvcc_is_found() -> None:
    nvcc = find_nvcc()
    assert nvcc.name == "nvcc" and nvcc.language == "cuda"


def test_gpu_probe_is_quick_and_cached() -> None:
    started = time.perf_counter()
    first = gpu_present()
    assert gpu_present() is first
    assert time.perf_counter() - started < 15
    if first is not None:
        assert first.count >= 1 and first.name


def test_compiler_name_is_the_program_not_a_flag() -> None:
    """Regression: nvcc built with -arch and -fmad flags was reported as '-fmad=false failed to compile'."""
    from seq2par.validators.toolchain import Compiler

    assert Compiler(("/usr/local/cuda/bin/nvcc", "-arch=sm_90", "-fmad=false"), "cuda").name == "nvcc"
    assert Compiler(("ccache", "g++", "-x", "c++"), "cpp").name == "g++"
