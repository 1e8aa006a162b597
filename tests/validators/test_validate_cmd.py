"""The `validate` command, driven through a throwaway typer app (cli/main.py registers it the same way)."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from seq2par.cli import validate_cmd

ORIGINAL = """
    #include <stdio.h>
    #ifndef N
    #define N 1000
    #endif
    int main(int argc, char **argv) {
        long sum = 0;
        for (long i = 0; i < N; i++) sum += i;
        printf("args=%d sum=%ld\\n", argc - 1, sum);
        return 0;
    }
"""
PARALLEL = """
    #include <mpi.h>
    #include <stdio.h>
    #ifndef N
    #define N 1000
    #endif
    int main(int argc, char **argv) {
        MPI_Init(&argc, &argv);
        int rank, size;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        long local = 0, sum = 0;
        for (long i = (long)rank * N / size; i < (long)(rank + 1) * N / size; i++) local += i;
        MPI_Reduce(&local, &sum, 1, MPI_LONG, MPI_SUM, 0, MPI_COMM_WORLD);
        if (rank == 0) printf("args=%d sum=%ld\\n", argc - 1, SUM_TO_PRINT);
        MPI_Finalize();
        return 0;
    }
"""


@pytest.fixture
def app() -> typer.Typer:
    application = typer.Typer()

    @application.callback()
    def main() -> None:
        """Keeps `validate` a subcommand, as in the real app."""

    validate_cmd.register(application)
    return application


@pytest.fixture
def sources(tmp_path: Path) -> tuple[Path, Path, Path]:
    original = tmp_path / "sum.c"
    good = tmp_path / "sum_mpi.c"
    wrong = tmp_path / "sum_wrong.c"
    original.write_text(textwrap.dedent(ORIGINAL))
    good.write_text(textwrap.dedent(PARALLEL).replace("SUM_TO_PRINT", "sum"))
    wrong.write_text(textwrap.dedent(PARALLEL).replace("SUM_TO_PRINT", "local"))
    return original, good, wrong


def test_equal_json_with_flags_and_args(app: typer.Typer, sources: tuple[Path, Path, Path]) -> None:
    original, good, _ = sources
    result = CliRunner().invoke(
        app,
        [
            "validate",
            str(original),
            str(good),
            "--target",
            "mpi",
            "--np",
            "2,3",
            "--runs",
            "1",
            "--args",
            "a 'b c'",
            "--format",
            "json",
            "--",
            "-DN=5000",
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["status"] == "equal" and report["exit_code"] == 0
    assert [entry["np"] for entry in report["entries"]] == [2, 3]
    assert "-DN=5000" in report["commands"]["build parallel"]
    assert report["commands"]["run original"][-2:] == ["a", "b c"]


def test_mismatch_text_output(app: typer.Typer, sources: tuple[Path, Path, Path]) -> None:
    original, _, wrong = sources
    result = CliRunner().invoke(app, ["validate", str(original), str(wrong), "--np", "2", "--runs", "1"])
    assert result.exit_code == 4
    first_line = result.stdout.splitlines()[1]
    assert first_line.split()[:2] == ["np=2", "MISMATCH"]
    assert "first mismatch at np=2" in result.stdout
    assert result.stdout.splitlines()[-1].startswith("mismatch:")


@pytest.mark.parametrize(
    "extra",
    [
        ["--np", "0,2"],
        ["--np", "two"],
        ["--target", "opencl"],
        ["--format", "xml"],
        ["--args", "'unbalanced"],
        # Regressions: these went on to the runs (a traceback for nan/inf, exit 4 for a negative tolerance
        # that made equal numbers mismatch, exit 5 for a missing --cwd).
        ["--timeout", "nan"],
        ["--timeout", "inf"],
        ["--rtol", "-1"],
        ["--atol", "nan"],
        ["--cwd", "no/such/folder"],
    ],
)
def test_usage_errors_exit_2_with_one_line(
    app: typer.Typer, sources: tuple[Path, Path, Path], extra: list[str]
) -> None:
    original, good, _ = sources
    result = CliRunner().invoke(app, ["validate", str(original), str(good), *extra])
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith("seq2par validate: error:")


@pytest.mark.parametrize("name", ["notes.txt", "folder"])
def test_a_parallel_argument_that_is_not_a_source_exits_2(
    app: typer.Typer, sources: tuple[Path, Path, Path], tmp_path: Path, name: str
) -> None:
    """Regression: a text file went to mpicc (exit 5 'does not compile'); a folder was said not to exist."""
    original, _, _ = sources
    other = tmp_path / name
    if name == "folder":
        other.mkdir()
    else:
        other.write_text("not a program\n")
    result = CliRunner().invoke(app, ["validate", str(original), str(other)])
    assert result.exit_code == 2, result.output
    assert ("is a folder" if name == "folder" else "is not a C/C++/CUDA source") in result.stderr


def test_missing_source_exits_2(app: typer.Typer, sources: tuple[Path, Path, Path], tmp_path: Path) -> None:
    original, _, _ = sources
    result = CliRunner().invoke(app, ["validate", str(original), str(tmp_path / "nope.c")])
    assert result.exit_code == 2
    assert "nope.c" in result.stderr and "Traceback" not in result.output


def test_cuda_compiled_only_text(app: typer.Typer, tmp_path: Path) -> None:
    original = tmp_path / "k.c"
    kernel = tmp_path / "k.cu"
    original.write_text('#include <stdio.h>\nint main(void) { printf("1\\n"); return 0; }\n')
    kernel.write_text(
        "#include <stdio.h>\n__global__ void k(void) {}\n"
        'int main(void) { k<<<1, 1>>>(); cudaDeviceSynchronize(); printf("1\\n"); return 0; }\n'
    )
    result = CliRunner().invoke(
        app, ["validate", str(original), str(kernel), "--arch", "sm_90", "--runs", "1"]
    )
    from seq2par.validators import gpu_present

    if gpu_present() is None:
        assert result.exit_code == 0, result.output
        assert result.stdout.splitlines()[-1] == "compiled: compiled for sm_90, not run: no GPU"
    else:
        assert result.exit_code == 0 and "equal" in result.stdout


def test_module_import_is_lazy() -> None:
    code = (
        "import sys, seq2par.cli.validate_cmd; "
        "print(any(name.startswith('seq2par.validators') for name in sys.modules))"
    )
    output = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert output.strip() == "False"


@pytest.mark.parametrize("extra", [["-z"], ["--silent"], ["third.c"]])
def test_unknown_options_and_stray_words_are_usage_errors(
    app: typer.Typer, sources: tuple[Path, Path, Path], extra: list[str]
) -> None:
    """Regression: anything validate did not know went to the compilers as a flag, so a mistyped option
    (`-z`) surfaced later as 'does not compile' (exit 5). Compiler flags go after `--`."""
    original, good, _ = sources
    result = CliRunner().invoke(app, ["validate", str(original), str(good), *extra])
    assert result.exit_code == 2, result.output
    assert "does not compile" not in result.output


def test_flags_with_a_separate_value_are_accepted(app: typer.Typer, sources: tuple[Path, Path, Path],
                                                  tmp_path: Path) -> None:
    """`-- -I inc -D N=4`: the words after -I and -D are their values, not stray file names."""
    original, good, _ = sources
    (tmp_path / "inc").mkdir()
    result = CliRunner().invoke(app, ["validate", str(original), str(good), "--np", "2", "--runs", "1", "--",
                                      "-I", str(tmp_path / "inc"), "-D", "UNUSED=4"])
    assert result.exit_code == 0, result.output


def test_sigterm_kills_the_running_program_and_removes_the_scratch_folder(tmp_path: Path) -> None:
    """Regression: SIGTERM (a CI job cancelled, `timeout`, an editor stopping a task) left the program
    running as an orphan and the scratch folder behind; Ctrl-C already cleaned up."""
    import os
    import shutil
    import signal
    import time

    exe = Path(sys.executable).with_name("seq2par")
    seq2par = str(exe) if exe.exists() else shutil.which("seq2par")
    source = tmp_path / "sleeper_7f3a.c"
    source.write_text('#include <stdio.h>\n#include <unistd.h>\nint main(void) { sleep(60); puts("x"); return 0; }\n')
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    process = subprocess.Popen([seq2par, "validate", str(source), str(source), "--np", "2", "--runs", "1"],
                               env={**os.environ, "TMPDIR": str(scratch)}, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not _running("original-sleeper_7f3a"):
        time.sleep(0.1)
    if not _running("original-sleeper_7f3a"):  # say why: seq2par's own exit and words, if it ended
        ended = process.poll()
        if ended is None:
            process.kill()
        out, err = process.communicate(timeout=30)
        pytest.fail(f"the program never started (seq2par {'exited ' + str(ended) if ended is not None else 'still ran'}"
                    f"): {out.decode(errors='replace')[-2000:]} {err.decode(errors='replace')[-2000:]}")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 128 + signal.SIGTERM
    time.sleep(0.5)
    assert not _running("original-sleeper_7f3a")
    assert list(scratch.iterdir()) == []


def _running(name: str) -> bool:
    """Whether a live process runs a program whose path has `name` in it (argv[0], read from /proc: no procps
    needed; the compiler that builds it names the folder too, in a later argument, and exits at once)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                state = (entry / "stat").read_bytes().rsplit(b") ", 1)[1][:1]  # Z: a zombie, already dead
                if name.encode() in (entry / "cmdline").read_bytes().split(b"\0")[0] and state != b"Z":
                    return True
            except (OSError, IndexError):
                continue
    return False


def test_validate_says_what_it_is_doing_to_a_person_waiting(tmp_path: Path) -> None:
    """validate printed nothing until its report (19 s for a slow program at two thread counts): on a terminal
    it now says what it builds and runs first; piped (CI, hooks) stderr stays as it was."""
    import os
    import shutil
    import subprocess

    exe = Path(sys.executable).with_name("seq2par")
    seq2par = str(exe) if exe.exists() else shutil.which("seq2par")
    source = tmp_path / "hello.c"
    source.write_text('#include <stdio.h>\nint main(void) { puts("hi"); return 0; }\n')
    leader, follower = os.openpty()
    try:
        done = subprocess.run([seq2par, "validate", str(source), str(source), "--target", "openmp", "--threads",
                               "1", "--runs", "1"], stdout=subprocess.PIPE, stderr=follower, timeout=120)
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(leader)
    assert done.returncode == 0
    assert b"seq2par: validating" in shown and b"openmp, 1 run each" in shown, shown
