"""End-to-end MPI validation with the real compilers and the real mpiexec (no mocks)."""

from __future__ import annotations

import json
import os
import subprocess
import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest

from seq2par.validators import ValidationError, validate_mpi

SourceWriter = Callable[[str, str], Path]  # the write_source fixture (conftest.py)

ORIGINAL = """
    #include <math.h>
    #include <stdio.h>
    #define N 400000
    int main(void) {
        double sum = 0.0;
        for (int i = 0; i < N; i++) sum += sin(i * 0.001) * 1e-3;
        printf("n=%d\\n", N);
        printf("sum = %.15g\\n", sum);
        return 0;
    }
"""

# Block distribution with the remainder spread by the (rank*N)/size bounds, then a reduction to rank 0.
PARALLEL = """
    #include <math.h>
    #include <mpi.h>
    #include <stdio.h>
    #define N 400000
    int main(int argc, char **argv) {
        MPI_Init(&argc, &argv);
        int rank, size;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        long lo = (long)rank * N / size, hi = (long)(rank + 1) * N / size;
        double local = 0.0;
        for (long i = lo; i < hi; i++) local += sin(i * 0.001) * 1e-3;
        double partial = local, sum = 0.0;
        MPI_Reduce(&partial, &sum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
        if (rank == 0) {
            printf("n=%d\\n", N);
            printf("sum = %.15g\\n", sum);
        }
        MPI_Finalize();
        return 0;
    }
"""

# Forgets the reduction: rank 0 prints only its own block's sum.
PARALLEL_WITHOUT_REDUCE = PARALLEL.replace(
    "MPI_Reduce(&partial, &sum, 1, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);", "sum = partial;"
)

PARALLEL_CRASHING = PARALLEL.replace(
    "double local = 0.0;", "double local = 0.0;\n    if (rank == 1) { volatile int *p = 0; *p = 1; }"
)

# Rank 0 reads numbers from stdin until end-of-file, like the original.
READ_STDIN_ORIGINAL = """
    #include <stdio.h>
    int main(void) {
        double x, sum = 0.0; int count = 0;
        while (scanf("%lf", &x) == 1) { sum += x; count++; }
        printf("count=%d sum=%.6f\\n", count, sum);
        return 0;
    }
"""
READ_STDIN_PARALLEL = """
    #include <mpi.h>
    #include <stdio.h>
    int main(int argc, char **argv) {
        MPI_Init(&argc, &argv);
        int rank; MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        if (rank == 0) {
            double x, sum = 0.0; int count = 0;
            while (scanf("%lf", &x) == 1) { sum += x; count++; }
            printf("count=%d sum=%.6f\\n", count, sum);
        }
        MPI_Finalize();
        return 0;
    }
"""


def test_correct_parallel_version_is_equal_at_2_and_3_ranks(
    write_source: SourceWriter, tmp_path: Path
) -> None:
    original = write_source("sum.c", ORIGINAL)
    parallel = write_source("sum_mpi.c", PARALLEL)
    before = sorted(path.name for path in original.parent.iterdir())

    report = validate_mpi(original, parallel, np_list=(2, 3), runs=3)

    assert report.status == "equal", report.message
    assert report.exit_code == 0
    assert (report.mode, report.ran) == ("mpi", True)
    assert [entry.np for entry in report.entries] == [2, 3]
    for entry in report.entries:
        assert entry.equal and entry.runs == 3 and entry.mismatch is None
        assert entry.median_seconds is not None and entry.median_seconds > 0
        assert entry.speedup is not None and entry.speedup > 0
        assert entry.max_rel_error < 1e-9
    assert report.original_median_seconds is not None
    assert "mpicc" in report.commands["build parallel"][0]
    assert "-n" in report.commands["run parallel np=3"]
    # nothing was written next to the sources
    assert sorted(path.name for path in original.parent.iterdir()) == before
    data = json.loads(json.dumps(report.to_dict()))
    assert data["status"] == "equal" and data["exit_code"] == 0 and data["ran"] is True
    assert [entry["np"] for entry in data["entries"]] == [2, 3]


def test_missing_reduction_is_a_mismatch(write_source: SourceWriter) -> None:
    report = validate_mpi(
        write_source("sum.c", ORIGINAL),
        write_source("sum_wrong.c", PARALLEL_WITHOUT_REDUCE),
        np_list=(2,),
        runs=1,
    )
    assert report.status == "mismatch"
    assert report.exit_code == 4
    entry = report.entries[0]
    assert not entry.equal
    assert entry.mismatch is not None
    assert (entry.mismatch.reason, entry.mismatch.line) == ("number", 2)
    assert entry.max_rel_error > 1e-3


def test_parallel_source_that_does_not_compile_is_build_failed(write_source: SourceWriter) -> None:
    broken = write_source("broken.c", PARALLEL.replace("MPI_Finalize();", "MPI_Finalize()"))
    report = validate_mpi(write_source("sum.c", ORIGINAL), broken, np_list=(2,), runs=1)
    assert report.status == "build-failed"
    assert report.exit_code == 5
    assert report.ran is False
    [failure] = report.build_failures
    assert failure.program == "parallel"
    assert "error" in failure.stderr
    assert failure.command[-1] == "-lm"


def test_crashing_rank_is_reported_not_raised(write_source: SourceWriter) -> None:
    report = validate_mpi(
        write_source("sum.c", ORIGINAL), write_source("sum_crash.c", PARALLEL_CRASHING), np_list=(2,), runs=2
    )
    assert report.status == "crashed"
    assert report.exit_code == 6
    [failure] = report.failures
    assert (failure.program, failure.label, failure.kind) == ("parallel", "np=2", "crashed")
    assert failure.returncode not in (0, None)
    assert failure.signal == "SIGSEGV"  # read from the launcher's crash report
    assert report.entries[0].runs == 0  # stopped at the first crash


def test_endless_program_times_out_and_leaves_no_process(write_source: SourceWriter) -> None:
    unique = f"spin_{uuid.uuid4().hex[:10]}"
    endless = write_source(
        f"{unique}.c",
        """
        #include <mpi.h>
        int main(int argc, char **argv) {
            MPI_Init(&argc, &argv);
            volatile unsigned long spin = 0;
            for (;;) spin++;
            MPI_Finalize();
            return 0;
        }
        """,
    )
    started = time.perf_counter()
    report = validate_mpi(write_source("sum.c", ORIGINAL), endless, np_list=(2,), runs=1, timeout=2.0)
    assert time.perf_counter() - started < 15
    assert report.status == "timeout"
    assert report.exit_code == 6
    assert report.failures[0].kind == "timeout"
    assert "did not finish within 2 s and was killed" in report.message, report.message
    assert _live_processes(unique) == []


def test_a_child_that_keeps_the_output_open_is_named_as_such(write_source: SourceWriter) -> None:
    """Review: a program that exited while a child it forked kept stdout open was reported as not finishing
    "within 10.0 s" under --timeout 5 (the limit plus the time spent draining its pipes)."""
    from seq2par.validators import validate_openmp

    forky = write_source("forky.c", """
        #include <stdio.h>
        #include <unistd.h>
        int main(void) {
            printf("done\\n");
            fflush(stdout);
            if (fork() == 0) { sleep(30); return 0; }
            return 0;
        }
        """)
    report = validate_openmp(forky, forky, threads=(2,), runs=1, timeout=2.0)
    assert report.status == "timeout", report.message
    assert "exited, but a process it started kept its output open past the 2 s limit" in report.message, \
        report.message


def _live_processes(pattern: str, grace_s: float = 3.0) -> list[str]:
    """Non-zombie processes whose command line contains ``pattern``, after letting init reap the killed."""
    deadline = time.monotonic() + grace_s
    while True:
        found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()
        alive = [pid for pid in found if _state(pid) not in ("Z", None)]
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


def _state(pid: str) -> str | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return stat[stat.rfind(")") + 2]


def test_program_reading_stdin_gets_end_of_file(write_source: SourceWriter, tmp_path: Path) -> None:
    original = write_source("readin.c", READ_STDIN_ORIGINAL)
    parallel = write_source("readin_mpi.c", READ_STDIN_PARALLEL)

    no_input = validate_mpi(original, parallel, np_list=(2,), runs=1, timeout=10.0)
    assert no_input.status == "equal", no_input.message
    assert no_input.entries[0].median_seconds is not None and no_input.entries[0].median_seconds < 10.0

    numbers = tmp_path / "numbers.txt"
    numbers.write_text("1.5 2.5\n3\n")
    with_input = validate_mpi(original, parallel, np_list=(2,), runs=1, timeout=10.0, stdin=numbers)
    assert with_input.status == "equal", with_input.message


def test_unusable_requests_raise_validation_error(write_source: SourceWriter, tmp_path: Path) -> None:
    original = write_source("sum.c", ORIGINAL)
    with pytest.raises(ValidationError):
        validate_mpi(original, tmp_path / "missing.c")
    with pytest.raises(ValidationError):
        validate_mpi(original, original, np_list=(0,))
    with pytest.raises(ValidationError):
        validate_mpi(original, original, runs=0)
    with pytest.raises(ValidationError, match="between 1 and"):  # 10**20 was taken and ran for ever
        validate_mpi(original, original, runs=10**20)


# Each program appends its name to LOG (outside the folder it runs in, where the files it writes would be
# compared), then prints the same line.
LOGGING_ORIGINAL = """
    #include <stdio.h>
    int main(void) {
        FILE *log = fopen(LOG, "a");
        fputs("original\\n", log);
        fclose(log);
        printf("done\\n");
        return 0;
    }
"""
LOGGING_PARALLEL = """
    #include <mpi.h>
    #include <stdio.h>
    int main(int argc, char **argv) {
        MPI_Init(&argc, &argv);
        int rank, size;
        MPI_Comm_rank(MPI_COMM_WORLD, &rank);
        MPI_Comm_size(MPI_COMM_WORLD, &size);
        if (rank == 0) {
            FILE *log = fopen(LOG, "a");
            fprintf(log, "np=%d\\n", size);
            fclose(log);
            printf("done\\n");
        }
        MPI_Finalize();
        return 0;
    }
"""


def test_runs_alternate_between_original_and_each_rank_count(write_source: SourceWriter, tmp_path: Path) -> None:
    # Timing every configuration in the same round keeps a machine whose speed drifts from skewing speedups.
    original = write_source("logging.c", LOGGING_ORIGINAL)
    parallel = write_source("logging_mpi.c", LOGGING_PARALLEL)
    run_dir = tmp_path / "run"
    run_dir.mkdir()

    log = tmp_path / "order.log"

    report = validate_mpi(original, parallel, np_list=(2, 3), runs=2, timeout=20.0, cwd=run_dir,
                          flags=(f'-DLOG="{log}"',))

    assert report.status == "equal", report.message
    assert log.read_text().split() == ["original", "np=2", "np=3"] * 2


def test_a_log_every_run_appends_to_compares_what_each_run_appended(
    write_source: SourceWriter, tmp_path: Path
) -> None:
    appending = LOGGING_ORIGINAL.replace('fputs("original\\n", log);', 'fputs("one more line\\n", log);')
    parallel = LOGGING_PARALLEL.replace('fprintf(log, "np=%d\\n", size);', 'fputs("one more line\\n", log);')
    original, parallel = write_source("log.c", appending), write_source("log_mpi.c", parallel)
    # In the scratch folder, what a run creates is removed after it: every run starts from the same folder.
    report = validate_mpi(original, parallel, np_list=(2, 3), runs=2, flags=('-DLOG="order.log"',))
    assert report.status == "equal", report.message

    # In a user's --cwd nothing is removed (review: a file someone else wrote there during the run was
    # deleted), so the first run's log stays and the next run appends to it: their outputs differ. What a
    # later run changes in it is put back (as in any file there before that run): one run's line is left.
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / "data.txt").write_text("input\n")
    report = validate_mpi(original, parallel, np_list=(2,), runs=1, cwd=run_dir, flags=('-DLOG="order.log"',))
    assert report.status == "mismatch"
    assert (run_dir / "order.log").read_text().count("one more line") == 1
    assert (run_dir / "data.txt").read_text() == "input\n"


# Reads a counter and a table from the folder it runs in, prints a result from them, and rewrites both.
COUNTER = r"""
    #include <stdio.h>
    int main(void) {
        int c = 0;
        double s = 0.0;
        FILE *f = fopen("counter.txt", "r");
        if (f != NULL) { if (fscanf(f, "%d", &c) != 1) c = 0; fclose(f); }
        for (int i = 0; i < 100000; i++)
            s += i * 0.5 + c;
        f = fopen("counter.txt", "w"); fprintf(f, "%d\n", c + 1); fclose(f);
        f = fopen("table.dat", "w"); fprintf(f, "%.6f\n", s); fclose(f);
        printf("c=%d s=%.6f\n", c, s);
        return 0;
    }
"""


def test_files_a_program_changes_in_cwd_are_put_back_after_every_run(write_source: SourceWriter,
                                                                      tmp_path: Path) -> None:
    """Review: in a user's --cwd, each run read the counter the run before had written, so every number
    differed between the original's own runs and was left out: a parallel program off by 2x was found
    equal, and the user's counter.txt and table.dat were left changed."""
    from seq2par.validators import validate_openmp

    original = write_source("counter.c", COUNTER)
    wrong = write_source("counter_wrong.c", COUNTER.replace("s += i * 0.5 + c;", "s += 2 * (i * 0.5 + c);"))
    data = tmp_path / "data"
    data.mkdir()
    (data / "counter.txt").write_text("41\n")
    (data / "table.dat").write_text("precious results\n")

    report = validate_openmp(original, wrong, threads=(2,), runs=2, cwd=data)

    assert report.status == "mismatch", report.message
    same = validate_openmp(original, write_source("counter_same.c", COUNTER), threads=(2,), runs=2, cwd=data)
    assert same.status == "equal", same.message
    assert not same.varying
    assert (data / "counter.txt").read_text() == "41\n"
    assert (data / "table.dat").read_text() == "precious results\n"


EXITS_WITH = r"""
    #include <stdio.h>
    int main(void) {
        double s = 0.0;
        for (int i = 0; i < 100000; i++)
            s += i * 0.5;
        printf("s=%.6f\n", s);
        return STATUS;
    }
"""


def test_an_exit_status_of_the_programs_own_is_compared_like_an_output(write_source: SourceWriter) -> None:
    """Review: a program that ends with `return 3;` on purpose could never be validated (its first run
    counted as a crash: "original failed with exit status 3"). The status is now compared as an output;
    a parallel program that fails where the original does not is still a failure."""
    from seq2par.validators import validate_openmp

    def program(name: str, status: int) -> Path:
        return write_source(name, EXITS_WITH.replace("STATUS", str(status)))

    original = program("three.c", 3)
    same = validate_openmp(original, program("three_too.c", 3), threads=(2,), runs=1)
    assert same.status == "equal", same.message
    assert any("exit status" in note for note in same.notes), same.notes
    other = validate_openmp(original, program("four.c", 4), threads=(2,), runs=1)
    assert other.status == "mismatch" and other.entries[0].mismatch.stream == "exit status", other.message
    failing = validate_openmp(program("zero.c", 0), program("fails.c", 3), threads=(2,), runs=1)
    assert failing.status == "crashed", failing.message
    # a usage message and `return 1` (no --args): nothing to compare the status with, a failure as before
    usage = write_source("usage.c", "#include <stdio.h>\nint main(int argc, char **argv) {\n"
                         "    if (argc < 2) { fprintf(stderr, \"usage: prog N\\n\"); return 1; }\n"
                         "    printf(\"%s\\n\", argv[1]);\n    return 0;\n}\n")
    alone = validate_openmp(usage, usage, threads=(2,), runs=1)
    assert alone.status == "crashed" and "original failed with exit status 1" in alone.message, alone.message


def test_a_file_changed_between_runs_in_cwd_is_not_put_back(write_source: SourceWriter, tmp_path: Path) -> None:
    """Review: the backup was taken once, so a file the user edited while validation ran was put back to its
    state before validation after the next run. Only what changed while a program ran is put back."""
    from seq2par.validators import validate_openmp
    from seq2par.validators.validate import _Backup, _file_states

    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    (data / "notes.txt").write_text("v1\n")
    (data / "sub" / "input.txt").write_text("41\n")
    backup = _Backup.take(data, tmp_path / "copy")
    assert isinstance(backup, _Backup)
    (data / "notes.txt").write_text("v2, edited by the user between runs\n")  # not by a program
    backup.refresh(_file_states(data)[0])  # the next run starts
    (data / "sub" / "input.txt").write_text("42\n")  # the run changes its input...
    (data / "notes.txt").unlink()  # ...and deletes a file
    backup.put_back()
    assert (data / "sub" / "input.txt").read_text() == "41\n"
    assert (data / "notes.txt").read_text() == "v2, edited by the user between runs\n"
    # the work folder inside --cwd (`--workdir` there): the backup does not copy itself
    inside = _Backup.take(data, data / "wd" / "cwd-backup")
    assert isinstance(inside, _Backup)
    inside.refresh(_file_states(data)[0])
    assert not (data / "wd" / "cwd-backup" / "wd").exists()
    report = validate_openmp(write_source("counter.c", COUNTER), write_source("same.c", COUNTER), threads=(2,),
                             runs=2, cwd=data)
    assert report.status == "equal", report.message


def test_binary_files_are_compared_byte_for_byte(write_source: SourceWriter) -> None:
    """Review: an fwrite of small ints decodes as UTF-8, and compared as text its 0x0a and 0x20 were both
    whitespace, so {10,1,2,3} and {32,1,2,3} were "equal"."""
    program = """
        #include <stdio.h>
        int main(void) {
            int h[4] = {VALUE, 1, 2, 3};
            FILE *out = fopen("hist.bin", "wb");
            fwrite(h, sizeof h, 1, out);
            fclose(out);
            puts("done");
            return 0;
        }
    """
    report = validate_mpi(write_source("a.c", program.replace("VALUE", "10")),
                          write_source("b.c", program.replace("VALUE", "32")), np_list=(1,), runs=1)
    assert report.status == "mismatch"
    mismatch = report.entries[0].mismatch
    assert mismatch is not None and (mismatch.stream, mismatch.reason, mismatch.token_index) == (
        "file hist.bin", "bytes", 0)


def _to_stderr(code: str) -> str:
    return code.replace('printf("sum', 'fprintf(stderr, "sum')


def _to_file(code: str) -> str:
    return code.replace(
        'printf("sum = %.15g\\n", sum);',
        'FILE *out = fopen("result.txt", "w"); fprintf(out, "sum = %.15g\\n", sum); fclose(out);',
    )


@pytest.mark.parametrize(
    ("rewrite", "stream"), [(_to_stderr, "stderr"), (_to_file, "file result.txt")], ids=["stderr", "file"]
)
def test_a_wrong_result_outside_stdout_is_a_mismatch(
    write_source: SourceWriter, rewrite: Callable[[str], str], stream: str
) -> None:
    """A program whose result goes to stderr or to a file it writes is compared there, not only on stdout
    (before, only stdout was compared, and a parallel version that lost its reduction validated)."""
    original = write_source("sum.c", rewrite(ORIGINAL))
    report = validate_mpi(original, write_source("sum_wrong.c", rewrite(PARALLEL_WITHOUT_REDUCE)),
                          np_list=(2,), runs=1)
    assert report.status == "mismatch", report.message
    mismatch = report.entries[0].mismatch
    assert mismatch is not None and (mismatch.stream, mismatch.reason) == (stream, "number")
    assert mismatch.describe().startswith(f"{stream}: line 1")

    good = validate_mpi(original, write_source("sum_mpi.c", rewrite(PARALLEL)), np_list=(2, 3), runs=1)
    assert good.status == "equal", good.message
    assert any(stream in note for note in good.notes)


def test_a_file_only_the_original_writes_is_a_mismatch(write_source: SourceWriter) -> None:
    original = write_source("sum.c", _to_file(ORIGINAL))
    silent = _to_file(PARALLEL).replace('fopen("result.txt", "w")', 'fopen("/dev/null", "w")')
    report = validate_mpi(original, write_source("sum_mpi.c", silent), np_list=(2,), runs=1)
    assert report.status == "mismatch"
    mismatch = report.entries[0].mismatch
    assert mismatch is not None and (mismatch.stream, mismatch.reason) == ("file result.txt", "missing")


def test_ignore_stderr_compares_stdout_only(write_source: SourceWriter) -> None:
    """--ignore-stderr is for MPI libraries that warn on stderr: a stderr-only difference then passes."""
    noisy = PARALLEL.replace("MPI_Finalize();", 'if (rank == 0) fprintf(stderr, "warning: slow network\\n");\n'
                             "    MPI_Finalize();")
    original, parallel = write_source("sum.c", ORIGINAL), write_source("sum_noisy.c", noisy)
    strict = validate_mpi(original, parallel, np_list=(2,), runs=1)
    assert strict.status == "mismatch" and strict.entries[0].mismatch.stream == "stderr"
    relaxed = validate_mpi(original, parallel, np_list=(2,), runs=1, compare_stderr=False)
    assert relaxed.status == "equal", relaxed.message
    assert any("stderr was not compared" in note for note in relaxed.notes)


def test_programs_that_print_nothing_are_flagged(write_source: SourceWriter) -> None:
    """Equal empty outputs prove nothing: the report says so instead of a plain 'equal'."""
    silent = ORIGINAL.replace('printf("n=%d\\n", N);', "").replace('printf("sum = %.15g\\n", sum);', "")
    silent_parallel = PARALLEL.replace('printf("n=%d\\n", N);', "").replace('printf("sum = %.15g\\n", sum);', "")
    report = validate_mpi(write_source("quiet.c", silent), write_source("quiet_mpi.c", silent_parallel),
                          np_list=(2,), runs=1)
    assert report.status == "equal"
    assert any("printed nothing" in note for note in report.notes), report.notes


def test_more_ranks_than_cores_is_noted(write_source: SourceWriter) -> None:
    import os

    np = (os.cpu_count() or 1) + 1
    report = validate_mpi(write_source("sum.c", ORIGINAL), write_source("sum_mpi.c", PARALLEL), np_list=(np,),
                          runs=1)
    assert report.status == "equal", report.message
    assert any("more ranks than this machine" in note for note in report.notes), report.notes


def test_a_file_written_outside_the_run_folder_is_named_as_not_compared(
    write_source: SourceWriter, tmp_path: Path
) -> None:
    """Validation compares the files the programs write in the folder they run in. A wrong result written to
    an absolute path passed as 'equal' and the report did not say the file went unchecked; now it names it,
    and with --cwd above it the same file is compared and the mismatch found."""
    target = tmp_path / "results" / "result.txt"
    target.parent.mkdir()

    def to_outside(code: str) -> str:
        return _to_file(code).replace('fopen("result.txt", "w")', f'fopen("{target}", "w")')

    original = write_source("sum.c", to_outside(ORIGINAL))
    wrong = write_source("sum_mpi.c", to_outside(PARALLEL_WITHOUT_REDUCE))
    report = validate_mpi(original, wrong, np_list=(2,), runs=1)
    assert report.status == "equal"  # stdout matches; the file is where validation does not look...
    assert any(note.startswith("files the programs may write outside the folder they run in were not compared: "
                               f"{target} (sum.c:") for note in report.notes), report.notes  # ...and it says so
    inside = validate_mpi(original, wrong, np_list=(2,), runs=1, cwd=tmp_path)
    assert inside.status == "mismatch" and inside.entries[0].mismatch.stream == "file results/result.txt"
    assert not any("outside the folder" in note for note in inside.notes), inside.notes


def test_outside_writes_reads_the_calls_that_open_for_writing(tmp_path: Path) -> None:
    from seq2par.validators.validate import outside_writes

    source = tmp_path / "io.cpp"
    source.write_text('\n'.join([
        'FILE *a = fopen("/var/tmp/a.txt", "a");',          # outside: yes
        'FILE *b = fopen("/etc/hosts", "r");',              # read only: no
        'FILE *c = fopen("local.txt", "w");',               # in the folder: no
        'FILE *d = fopen("/dev/null", "w");',               # a device: no
        'int e = open("../e.bin", O_WRONLY | O_CREAT, 0644);',  # climbs out: yes
        'int f = open("/var/tmp/f.bin", O_RDONLY);',        # read only: no
        'std::ofstream g("/var/tmp/g.csv");',               # yes
        'std::ifstream h("/var/tmp/h.csv");',               # no
        'k.open("/var/tmp/k.log", std::ios::out | std::ios::app);',  # yes
        'FILE *l = fopen("sub/../l.txt", "w");',            # stays inside: no
        'FILE *m = fopen(argv[1], "w");',                   # a name from the arguments: they are looked at
    ]) + "\n")
    folder = tmp_path / "run"
    folder.mkdir()
    found = outside_writes([source], folder, args=("/var/tmp/arg.out", "plain.out", "-n"))
    assert found == ("/var/tmp/a.txt (io.cpp:1)", "../e.bin (io.cpp:5)", "/var/tmp/g.csv (io.cpp:7)",
                     "/var/tmp/k.log (io.cpp:9)", "/var/tmp/arg.out (a program argument)")
    assert outside_writes([source], Path("/var/tmp")) == ("../e.bin (io.cpp:5)",)  # the folder holds the others
    reader = tmp_path / "reader.c"
    reader.write_text('FILE *in = fopen(argv[1], "r");\n')  # reads its argument: nothing written there
    assert outside_writes([reader], folder, args=("/var/tmp/input.txt",)) == ()


def test_an_ignore_line_that_drops_every_line_proves_nothing(write_source: SourceWriter) -> None:
    """`--ignore-line ''` matches every line: two programs that print different numbers were "equal" and the
    parallel one was written labelled VALIDATED, with no note that nothing was compared."""
    other = PARALLEL.replace("sum = %.15g", "total = %.15g")
    report = validate_mpi(write_source("sum.c", ORIGINAL), write_source("sum_mpi.c", other), np_list=(2,), runs=1,
                          ignore_lines=("",))
    assert report.compared_nothing and any("dropped every line" in note for note in report.notes), report.notes


READS_INPUT = """
    #include <stdio.h>
    int main(void) {
        FILE *in = fopen("data.txt", "r");
        if (!in) { printf("no data\\n"); return 0; }
        double x, s = 0; while (fscanf(in, "%lf", &x) == 1) s += x;
        fclose(in);
        printf("sum %.17g\\n", s WRONG);
        return 0;
    }
"""


def test_an_input_file_missing_from_the_scratch_folder_is_named(write_source: SourceWriter, tmp_path: Path) -> None:
    """A program that reads data.txt by a relative name ran in the scratch folder, where it does not exist:
    both took the "no data" path and a wrong parallel program was "equal" with no word of it. The report
    names the file, and with --cwd (now also for parallelize) the file is read and the mismatch found."""
    from seq2par.validators import validate_openmp

    original = write_source("rd.c", READS_INPUT.replace(" WRONG", ""))
    wrong = write_source("rd_wrong.c", READS_INPUT.replace(" WRONG", " * 2"))
    (tmp_path / "data.txt").write_text("1.5 2.5 3\n")
    blind = validate_openmp(original, wrong, threads=(2,), runs=1)
    assert blind.status == "equal"
    assert any(note.startswith("input files the programs open by a relative name are not in the scratch folder "
                               "they ran in: data.txt (rd.c:") for note in blind.notes), blind.notes
    seen = validate_openmp(original, wrong, threads=(2,), runs=1, cwd=tmp_path)
    assert seen.status == "mismatch" and not any("relative name" in note for note in seen.notes)


def test_parallelize_runs_the_programs_in_the_folder_cwd_names(tmp_path: Path) -> None:
    import subprocess
    import sys

    seq2par = str(Path(sys.executable).with_name("seq2par"))
    source = tmp_path / "sum.c"
    source.write_text("#include <stdio.h>\n#define N 200000\nstatic double a[N];\nint main(void) {\n"
                      '    FILE *in = fopen("scale.txt", "r"); double k = 1;\n'
                      '    if (in) { if (fscanf(in, "%lf", &k) != 1) k = 1; fclose(in); }\n'
                      "    for (int i = 0; i < N; i++) a[i] = i * k;\n"
                      "    double s = 0; for (int i = 0; i < N; i++) s += a[i];\n"
                      '    printf("%.6e\\n", s);\n    return 0;\n}\n')
    (tmp_path / "scale.txt").write_text("3\n")
    done = subprocess.run([seq2par, "parallelize", "sum.c", "--target", "openmp", "--threads", "1,2", "--runs", "1",
                           "--cwd", str(tmp_path), "--format", "json"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode in (0, 7), done.stderr
    notes = " ".join(__import__("json").loads(done.stdout)["validation"]["notes"])
    assert "relative name" not in notes, notes
    missing = subprocess.run([seq2par, "parallelize", "sum.c", "--cwd", str(tmp_path / "nowhere")], cwd=tmp_path,
                             capture_output=True, text=True, timeout=60)
    assert missing.returncode == 2 and "is not a folder" in missing.stderr


def test_links_a_program_deletes_or_replaces_in_cwd_are_made_again(write_source: SourceWriter,
                                                                     tmp_path: Path) -> None:
    """Review: the --cwd copy skipped symbolic links, so a run that deleted the user's link `latest` (to
    their input) left it deleted, and the next run read no input. Links are now made again as they were."""
    from seq2par.validators import validate_openmp

    source = ('#include <stdio.h>\n#include <unistd.h>\nint main(void) {\n'
              '    double x = 0; FILE *f = fopen("latest", "r");\n'
              '    if (f) { if (fscanf(f, "%lf", &x) != 1) x = -1; fclose(f); }\n'
              '    unlink("latest");\n    unlink("other"); symlink("input.txt", "other");\n'
              '    FILE *g = fopen("plain", "w"); if (g) { fputs("x\\n", g); fclose(g); }\n'
              '    printf("%g\\n", x);\n    return 0;\n}\n')
    program = write_source("links.c", source.replace('unlink("latest");', 'unlink("latest"); unlink("plain");'))
    data = tmp_path / "data"
    data.mkdir()
    (data / "input.txt").write_text("42\n")
    (data / "latest").symlink_to("input.txt")
    (data / "other").symlink_to("nowhere")
    (data / "plain").symlink_to("input.txt")  # the run writes a file where this link was

    report = validate_openmp(program, program, threads=(2,), runs=2, cwd=data)

    assert report.status == "equal", report.message
    assert not report.varying  # every run read 42 through the link
    for name, pointed in (("latest", "input.txt"), ("other", "nowhere"), ("plain", "input.txt")):
        assert (data / name).is_symlink() and os.readlink(data / name) == pointed, name
    assert (data / "input.txt").read_text() == "42\n"


def test_files_a_program_replaces_by_folders_links_or_permissions_in_cwd_are_put_back(
        write_source: SourceWriter, tmp_path: Path) -> None:
    """Review of --cwd: a run that made a folder where the input file was (`mkdir data.txt`), a file where a
    folder was (`rm -rf sub; echo x > sub`), a link where a file was, or took a file's permissions away
    (`chmod 000`), left it so: sub/s.txt was lost and the next run read other inputs."""
    from seq2par.validators import validate_openmp

    program = write_source("swap.c", '#include <stdio.h>\n#include <stdlib.h>\nint main(void) {\n'
                           '    FILE *f = fopen("data.txt", "r"); char text[16] = "none";\n'
                           '    if (f) { if (!fgets(text, sizeof text, f)) text[0] = 0; fclose(f); }\n'
                           '    if (system("rm -f data.txt; mkdir -p data.txt/inner; rm -rf sub; echo file > sub; '
                           'ln -sf /etc/hostname lnk; chmod 000 keep.txt; printf XXX > same.txt; '
                           'touch -r keep.txt same.txt; chmod 000 locked") != 0) return 2;\n'
                           '    printf("%s", text);\n    return 0;\n}\n')
    data = tmp_path / "data"
    (data / "sub").mkdir(parents=True)
    (data / "data.txt").write_text("42\n")
    (data / "sub" / "s.txt").write_text("s\n")
    (data / "lnk").write_text("mine\n")
    (data / "keep.txt").write_text("keep\n")
    (data / "keep.txt").chmod(0o640)
    (data / "same.txt").write_text("abc")  # (the run writes other bytes of the same size, mtime put back)
    kept = os.stat(data / "keep.txt")
    os.utime(data / "same.txt", ns=(kept.st_atime_ns, kept.st_mtime_ns))
    (data / "locked").mkdir(mode=0o750)

    report = validate_openmp(program, program, threads=(2,), runs=2, cwd=data)

    assert report.status == "equal" and not report.varying, report.message
    assert (data / "data.txt").read_text() == "42\n" and (data / "sub" / "s.txt").read_text() == "s\n"
    assert not (data / "lnk").is_symlink() and (data / "lnk").read_text() == "mine\n"
    assert (data / "keep.txt").stat().st_mode & 0o777 == 0o640
    assert (data / "same.txt").read_text() == "abc" and (data / "locked").stat().st_mode & 0o777 == 0o750


def test_a_cwd_that_cannot_be_put_back_is_refused(write_source: SourceWriter, tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """Review of --cwd: a folder over the size copied (1 GiB) or the files watched (10,000) was run in
    anyway, with a note: a program that deleted an input there deleted the user's file (exit 0)."""
    from seq2par.validators import ValidationError, validate_openmp
    from seq2par.validators import validate as module

    program = write_source("del.c", '#include <stdio.h>\nint main(void) { remove("data.txt"); puts("ok"); '
                           'return 0; }\n')
    data = tmp_path / "data"
    data.mkdir()
    (data / "data.txt").write_text("precious\n")
    monkeypatch.setattr(module, "_MAX_BACKUP_BYTES", 4)
    with pytest.raises(ValidationError, match="--cwd .* over the"):
        validate_openmp(program, program, threads=(2,), runs=1, cwd=data)
    assert (data / "data.txt").read_text() == "precious\n"


def test_a_link_in_cwd_to_a_folder_outside_it_is_named_in_the_notes(write_source: SourceWriter,
                                                                    tmp_path: Path) -> None:
    """Review of --cwd: a program writing through `link/` (a link to a folder outside --cwd) changed files
    there that were not put back, and nothing said so."""
    from seq2par.validators import validate_openmp

    program = write_source("w.c", '#include <stdio.h>\nint main(void) { puts("ok"); return 0; }\n')
    (tmp_path / "outside").mkdir()
    data = tmp_path / "data"
    data.mkdir()
    (data / "link").symlink_to(tmp_path / "outside")
    report = validate_openmp(program, program, threads=(2,), runs=1, cwd=data)
    assert report.status == "equal" and any("under link in --cwd" in note for note in report.notes), report.notes


def test_signals_wait_while_files_are_put_back() -> None:
    """Review of --cwd: a second SIGTERM 0.05 s after the first stopped the restore of a 400 MB input half
    copied (the backup then removed with the scratch folder: the user's file was lost). The restore now
    holds SIGINT and SIGTERM until it is done."""
    import signal
    import threading

    from seq2par.validators.validate import _signals_held

    seen: list[str] = []
    previous = signal.signal(signal.SIGTERM, lambda signum, frame: seen.append("handler"))
    other = threading.Thread(target=time.sleep, args=(0.5,), daemon=True)  # (a process-wide signal may be
    other.start()  # taken by any thread that does not block it: a signal mask of the main thread held nothing)
    try:
        with _signals_held():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.05)
            seen.append("restored")
        time.sleep(0.05)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen == ["restored", "handler"]
