"""Run a program with a time limit, and leave nothing behind when it is cut off.

Killing the process group is not enough for MPI: MPICH's Hydra starts every proxy and every rank in a
session of its own, so a rank survives ``killpg`` of mpiexec's group and keeps spinning on a core. On a
timeout we therefore freeze and kill the whole process *tree* (found through parent ids), each member's
group included, as well as the group we started.
"""

from __future__ import annotations

import itertools
import os
import resource
import secrets
import selectors
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from .errors import ToolchainError

_DRAIN_TIMEOUT_S = 5.0
_EXIT_WAIT_S = 2.0
# stdout and stderr together: outputs are held in memory to be compared, and a program that floods them
# (a debug print in a hot loop, an endless loop) would otherwise take every byte of the machine's memory
OUTPUT_LIMIT = 256 * 1024 * 1024
_KEPT_AFTER_FLOOD = 64 * 1024  # the end of each stream, for the failure message


@dataclass(frozen=True)
class RunResult:
    """What one run produced. ``returncode`` is negative (``-signal``) when a signal ended the program and
    None when it was killed for exceeding its time limit."""

    command: tuple[str, ...]
    stdout: str
    stderr: str
    returncode: int | None
    seconds: float
    timed_out: bool
    cpu_seconds: float | None = None  # user+system time of the program and its waited-for descendants
    flooded: int | None = None  # the output limit in bytes, when the program wrote more and was stopped
    left_running: int = 0  # processes it started that outlived it (e.g. in a session of their own), stopped
    limit: float | None = None  # the time limit it ran under
    held_open: bool = False  # timed out after the program itself exited: a child kept its output open

    @property
    def ok(self) -> bool:
        """True when the program finished in time with exit status 0."""
        return not self.timed_out and self.flooded is None and self.returncode == 0

    @property
    def signal_name(self) -> str | None:
        """``"SIGSEGV"`` etc. when a signal ended the program (directly, or as a launcher reports it)."""
        if self.returncode is None:
            return None
        number = -self.returncode if self.returncode < 0 else self.returncode - 128
        if self.returncode < 0 or 128 < self.returncode < 128 + 65:
            try:
                return signal.Signals(number).name
            except ValueError:
                return None
        return None


def run_program(
    cmd: Sequence[str],
    args: Sequence[str] = (),
    stdin_path: Path | None = None,
    timeout: float = 60.0,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    output_limit: int = OUTPUT_LIMIT,
) -> RunResult:
    """Run ``cmd + args`` and capture its output, killing it and all its descendants after ``timeout`` s.

    The program starts in a new session, reads ``stdin_path`` or else /dev/null (so a program that reads
    stdin sees end-of-file instead of waiting on the terminal), and sees ``env`` on top of the current
    environment. A timeout is a result (``timed_out=True``), not an exception, and so is output beyond
    ``output_limit`` bytes (stdout and stderr together: the program is killed, ``flooded`` is set and the
    last 64 KiB of each stream kept). Raises `ToolchainError` when the program cannot be started.
    """
    command = (*cmd, *args)
    # every process the run starts inherits this mark, which finds those that outlive it (`_stop_marked`)
    mark = f"{os.getpid()}.{next(_RUNS)}.{secrets.token_hex(4)}"
    environment = {**os.environ, **(env or {}), RUN_MARK: mark}
    stdin_file = open(stdin_path, "rb") if stdin_path is not None else None  # noqa: SIM115
    usage_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    try:
        process = subprocess.Popen(
            command,
            stdin=stdin_file if stdin_file is not None else subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            cwd=cwd,
            start_new_session=True,
        )
    except OSError as error:
        if stdin_file is not None:
            stdin_file.close()
        raise ToolchainError(f"cannot start {command[0]!r}: {error.strerror or error}") from None
    timed_out = flooded = held_open = False
    try:
        stdout, stderr, stop = _collect(process, time.monotonic() + timeout, output_limit)
        held_open = stop == "timeout" and process.poll() is not None
        if stop is not None:
            kill_process_tree(process.pid)
        if stop == "timeout":
            timed_out = True
            more_out, more_err = _drain(process)
            stdout, stderr = stdout + more_out, stderr + more_err
        elif stop == "flood":
            flooded = True
            _close_pipes(process)
            process.wait()
            stdout, stderr = stdout[-_KEPT_AFTER_FLOOD:], stderr[-_KEPT_AFTER_FLOOD:]
    except BaseException:
        # Interrupted (Ctrl-C) or failed while waiting: do not leave the program running.
        kill_process_tree(process.pid)
        process.wait()
        raise
    finally:
        if stdin_file is not None:
            stdin_file.close()
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    # Only meaningful when nothing else of this process runs children meanwhile (the timed rounds).
    cpu = (usage.ru_utime - usage_before.ru_utime) + (usage.ru_stime - usage_before.ru_stime)
    left_running = _stop_marked(mark)
    return RunResult(
        command=command,
        # bytes that are not UTF-8 kept apart (`\xe9`, not one U+FFFD for every such byte), so that two
        # outputs differing only there do not compare equal
        stdout=stdout.decode(errors="backslashreplace"),
        stderr=stderr.decode(errors="backslashreplace"),
        returncode=None if timed_out or flooded else process.returncode,
        seconds=seconds,
        timed_out=timed_out,
        cpu_seconds=cpu,
        flooded=output_limit if flooded else None,
        left_running=left_running,
        limit=timeout,
        held_open=held_open,
    )


RUN_MARK = "SEQ2PAR_RUN"
_RUNS = itertools.count()


def _stop_marked(mark: str) -> int:
    """SIGKILL every process still carrying this run's mark in its environment (Linux /proc; a process that
    replaced its environment is not found) and return how many there were. A child that starts a session
    of its own and is re-parented to init escapes the parent-id walk of `kill_process_tree`, and one that
    does not hold the output pipes kept running after validation ended."""
    needle = f"{RUN_MARK}={mark}".encode()
    stopped: set[int] = set()
    for _ in range(3):  # stopped first, so that none forks while the others are found and killed
        found = _marked(needle) - stopped - {os.getpid()}
        if not found:
            break
        for pid in found:
            _signal(pid, signal.SIGSTOP)
        stopped |= found
    for pid in stopped:
        _signal(pid, signal.SIGKILL)
    _await_exit(stopped)
    return len(stopped)


def _marked(needle: bytes) -> set[int]:
    try:
        entries = os.listdir("/proc")
    except OSError:
        return set()
    found = set()
    for entry in entries:
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/environ", "rb") as handle:
                    if needle in handle.read().split(b"\0"):
                        found.add(int(entry))
            except OSError:  # gone, or another user's
                continue
    return found


def _collect(process: subprocess.Popen[bytes], deadline: float, limit: int) -> tuple[bytes, bytes, str | None]:
    """Read stdout and stderr until both are closed and the program has exited: (stdout, stderr, None);
    or until `deadline` (time.monotonic) passes, "timeout", or together they exceed `limit` bytes, "flood"
    (the program still runs then)."""
    streams = {process.stdout.fileno(): [], process.stderr.fileno(): []}  # type: ignore[union-attr]
    total = 0
    with selectors.DefaultSelector() as selector:
        for fd in streams:
            selector.register(fd, selectors.EVENT_READ)
        while selector.get_map():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return *_joined(streams), "timeout"
            for key, _ in selector.select(remaining):
                data = os.read(key.fd, 1 << 16)
                if not data:
                    selector.unregister(key.fd)
                    continue
                streams[key.fd].append(data)
                total += len(data)
                if total > limit:
                    return *_joined(streams), "flood"
    try:  # both streams closed; a program may still run without them
        process.wait(timeout=max(deadline - time.monotonic(), 0.0))
    except subprocess.TimeoutExpired:
        return *_joined(streams), "timeout"
    _close_pipes(process)
    return *_joined(streams), None


def _joined(streams: dict[int, list[bytes]]) -> tuple[bytes, bytes]:
    out, err = streams.values()
    return b"".join(out), b"".join(err)


def _close_pipes(process: subprocess.Popen[bytes]) -> None:
    for stream in (process.stdout, process.stderr):
        if stream is not None:
            stream.close()


def _drain(process: subprocess.Popen[bytes]) -> tuple[bytes, bytes]:
    """Collect what a killed program wrote; give up if an escaped grandchild still holds the pipes."""
    try:
        return process.communicate(timeout=_DRAIN_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        process.kill()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()
        process.wait()
        return b"", b""


def kill_process_tree(pid: int) -> None:
    """SIGKILL ``pid``, its process group, and every descendant and its group. Never raises.

    Descendants are stopped (SIGSTOP) before anything is killed, so none can fork or be re-parented to
    init (and so escape the parent-id walk) while the tree is being collected.
    """
    stopped: set[int] = set()
    for _ in range(3):
        tree = {pid, *_descendants(pid)} - stopped
        if not tree:
            break
        for member in tree:
            _signal(member, signal.SIGSTOP)
        stopped |= tree
    groups = {_process_group(member) for member in stopped} | {pid}
    for group in groups:
        if group is not None and group > 1 and group != os.getpgrp():
            try:
                os.killpg(group, signal.SIGKILL)
            except OSError:
                pass
    for member in stopped:
        _signal(member, signal.SIGKILL)
    _await_exit(stopped - {pid})


def _await_exit(pids: set[int]) -> None:
    """Wait (briefly) until killed processes that are not our children have died: SIGKILL is asynchronous,
    and a caller checking right after `run_program` returns must not see them still running."""
    deadline = time.monotonic() + _EXIT_WAIT_S
    pending = set(pids)
    while pending and time.monotonic() < deadline:
        pending = {member for member in pending if _is_running(member)}
        if pending:
            time.sleep(0.01)


def _is_running(pid: int) -> bool:
    """True while ``pid`` exists and is not a zombie (a zombie has released everything but its pid)."""
    if not Path("/proc").is_dir():
        try:
            os.kill(pid, 0)
        except OSError:
            return False
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2] not in "ZX"


def _signal(pid: int, signum: int) -> None:
    try:
        os.kill(pid, signum)
    except OSError:
        pass


def _process_group(pid: int) -> int | None:
    try:
        return os.getpgid(pid)
    except OSError:
        return None


def _descendants(pid: int) -> set[int]:
    """All live descendants of ``pid``, from /proc on Linux or ``ps`` elsewhere."""
    children: dict[int, list[int]] = {}
    for child, parent in _parent_links():
        children.setdefault(parent, []).append(child)
    found: set[int] = set()
    pending = [pid]
    while pending:
        for child in children.get(pending.pop(), ()):
            if child not in found:
                found.add(child)
                pending.append(child)
    return found


def _parent_links() -> list[tuple[int, int]]:
    proc = Path("/proc")
    if proc.is_dir():
        links = []
        for entry in proc.iterdir():
            if not entry.name.isdigit():
                continue
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            # The command name (field 2) may contain spaces and parentheses: parse after the last ')'.
            fields = stat[stat.rfind(")") + 2 :].split()
            links.append((int(entry.name), int(fields[1])))
        return links
    try:
        listing = subprocess.run(
            ["ps", "-A", "-o", "pid=,ppid="], capture_output=True, text=True, timeout=10
        ).stdout
    except (OSError, subprocess.TimeoutExpired):
        return []
    links = []
    for line in listing.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
            links.append((int(parts[0]), int(parts[1])))
    return links
