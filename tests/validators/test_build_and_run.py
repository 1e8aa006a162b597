"""`build` and `run_program` on their own: compiler errors, stdin, timeouts, signals."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from seq2par.validators import BuildError, build, find_c_compiler, run_program

SourceWriter = Callable[[str, str], Path]  # the write_source fixture (conftest.py)


def test_build_error_carries_the_compiler_message_and_command(
    write_source: SourceWriter, tmp_path: Path
) -> None:
    source = write_source("bad.c", "int main(void) { return undeclared_name; }\n")
    with pytest.raises(BuildError) as caught:
        build([source], tmp_path / "bad", find_c_compiler(), ["-Wall"])
    assert "undeclared_name" in caught.value.stderr
    assert caught.value.command[1] == "-O2"
    assert caught.value.command[-1] == "-Wall"
    assert caught.value.returncode not in (0, None)


def test_build_keeps_an_explicit_optimization_level(write_source: SourceWriter, tmp_path: Path) -> None:
    source = write_source("ok.c", "int main(void) { return 0; }\n")
    result = build([source], tmp_path / "ok", find_c_compiler(), ["-O3"])
    assert "-O2" not in result.command and "-O3" in result.command
    assert result.output.is_file()


def test_program_reading_stdin_sees_end_of_file() -> None:
    reader = [sys.executable, "-c", "import sys; print(len(sys.stdin.read()))"]
    result = run_program(reader, timeout=10)
    assert (result.stdout.strip(), result.returncode, result.timed_out) == ("0", 0, False)


def test_stdin_from_file_and_arguments(tmp_path: Path) -> None:
    data = tmp_path / "in.txt"
    data.write_text("abc")
    echo = [sys.executable, "-c", "import sys; print(sys.stdin.read(), *sys.argv[1:])"]
    result = run_program(echo, ["x", "y"], stdin_path=data, timeout=10, env={"SEQ2PAR_TEST": "1"})
    assert result.stdout.split() == ["abc", "x", "y"]
    assert result.ok


def test_timeout_kills_children_in_other_sessions() -> None:
    # The child starts a grandchild in a session of its own, as Hydra does with its ranks.
    script = (
        "import subprocess, sys, time\n"
        "sleeper = [sys.executable, '-c', 'import time; time.sleep(600)']\n"
        "child = subprocess.Popen(sleeper, start_new_session=True)\n"
        "print(child.pid, flush=True)\n"
        "time.sleep(600)\n"
    )
    started = time.perf_counter()
    result = run_program([sys.executable, "-c", script], timeout=1.5)
    assert result.timed_out and result.returncode is None
    assert time.perf_counter() - started < 5  # the grandchild no longer holds the output pipes
    grandchild = int(result.stdout)
    assert _state(grandchild) in (None, "Z")  # gone, or a zombie waiting for init to reap it


def _state(pid: int) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rfind(")") + 2]


def test_signal_is_reported() -> None:
    result = run_program([sys.executable, "-c", "import os, signal; os.kill(os.getpid(), signal.SIGABRT)"])
    assert result.returncode == -6 and result.signal_name == "SIGABRT" and not result.ok


def test_a_program_that_floods_its_output_is_stopped_at_the_limit() -> None:
    """Outputs are held in memory to be compared: an endless print took every byte of the machine's memory.
    Past the limit (stdout and stderr together) the program is killed and the result says so, keeping the
    end of each stream for the message."""
    flood = [sys.executable, "-c", "import sys\nwhile True:\n    sys.stdout.write('y' * 4095 + '\\n')\n"
             "    sys.stderr.write('e' * 1023 + '\\n')\n"]
    started = time.perf_counter()
    result = run_program(flood, timeout=60, output_limit=4 * 1024 * 1024)
    assert result.flooded == 4 * 1024 * 1024 and not result.ok and not result.timed_out, result
    assert result.returncode is None and time.perf_counter() - started < 30
    assert 0 < len(result.stdout) <= 64 * 1024 and result.stdout.endswith("y\n")
    assert 0 < len(result.stderr) <= 64 * 1024
    # below the limit nothing changes: everything is kept, both streams apart
    quiet = run_program([sys.executable, "-c", "import sys; print('a' * 100000); print('b', file=sys.stderr)"],
                        timeout=60, output_limit=4 * 1024 * 1024)
    assert quiet.ok and quiet.flooded is None and quiet.stdout == "a" * 100000 + "\n" and quiet.stderr == "b\n"


def test_a_child_that_outlives_the_program_in_a_session_of_its_own_is_stopped() -> None:
    """A child started in a session of its own, not holding the output pipes, was re-parented to init when
    the program exited and kept running after validation ended. Every process of a run carries a mark in
    its environment; those still running when the run ends are stopped and counted."""
    script = (
        "import subprocess, sys\n"
        "sleeper = [sys.executable, '-c', 'import time; time.sleep(600)']\n"
        "child = subprocess.Popen(sleeper, start_new_session=True, stdout=subprocess.DEVNULL,\n"
        "                         stderr=subprocess.DEVNULL)\n"
        "print(child.pid, flush=True)\n"
    )
    started = time.perf_counter()
    result = run_program([sys.executable, "-c", script], timeout=30)
    assert result.ok and result.left_running == 1, result
    assert time.perf_counter() - started < 10
    assert _state(int(result.stdout)) in (None, "Z")
    assert run_program([sys.executable, "-c", "print(1)"], timeout=30).left_running == 0
