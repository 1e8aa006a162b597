"""Inputs a review of the command line found mishandled: each must end in a clear message and a non-zero exit,
never a traceback, a hang, an overwritten input or a changed program labelled validated."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.cli.test_parallelize_cli import MAP_SUM, SEQ2PAR, digest, error_line, seq2par, write

LATIN1 = b"""#include <stdio.h>
#define N 300000
static double a[N];
static const char name[] = "caf\xe9";
int main(void)
{
    for (int i = 0; i < N; i++)
        a[i] = i * 0.5;
    double s = 0.0;
    for (int i = 0; i < N; i++)
        s += a[i];
    printf("%s %.1f\\n", name, s);
    return 0;
}
"""

needs_gcc = pytest.mark.skipif(shutil.which("gcc") is None, reason="needs gcc")


def test_a_source_with_bytes_that_are_not_utf8_is_analyzed_but_not_rewritten(tmp_path: Path) -> None:
    """Generated code is UTF-8: the literal's byte 0xE9 came out as EF BF BD, the program printed other bytes,
    and validation (which decoded both outputs with U+FFFD) called it equal. Now parallelize refuses the
    file before any work; analyze still reads it (and check did not crash on it)."""
    source = tmp_path / "latin.c"
    source.write_bytes(LATIN1)
    done = seq2par("parallelize", "latin.c", "--target", "openmp", cwd=tmp_path)
    assert done.returncode == 2 and "latin.c:4: bytes that are not UTF-8" in error_line(done)
    assert source.read_bytes() == LATIN1 and not (tmp_path / "latin.omp.c").exists()
    analyzed = seq2par("analyze", "latin.c", "--format", "json", cwd=tmp_path)
    assert analyzed.returncode == 0 and "Traceback" not in analyzed.stderr, analyzed.stderr
    assert "not UTF-8 (the first on line 4)" in analyzed.stdout
    checked = seq2par("check", "latin.c", "--format", "json", cwd=tmp_path)
    assert "Traceback" not in checked.stderr and checked.returncode in (0, 1), checked.stderr


@needs_gcc
def test_outputs_differing_only_in_bytes_that_are_not_utf8_differ(tmp_path: Path) -> None:
    for name, byte in (("a.c", b"\\xe9"), ("b.c", b"\\xe8")):
        (tmp_path / name).write_bytes(b'#include <stdio.h>\nint main(void) { fputs("caf' + byte +
                                      b'\\n", stdout); return 0; }\n')
    done = seq2par("validate", "a.c", "b.c", "--target", "openmp", "--threads", "1", "--runs", "1", cwd=tmp_path)
    assert done.returncode == 4, (done.returncode, done.stdout, done.stderr)


@pytest.mark.parametrize("option", ["--driver", "--stdin"])
def test_the_output_never_replaces_another_input(tmp_path: Path, option: str) -> None:
    write(tmp_path, "kern.c", "void scale(double *x, int n) { for (int i = 0; i < n; i++) x[i] *= 2.0; }\n")
    other = write(tmp_path, "other.c", "int main(void) { return 0; }\n")
    before = digest(other)
    extra = ["--function", "scale", "--driver", "other.c"] if option == "--driver" else ["--stdin", "other.c"]
    done = seq2par("parallelize", "kern.c", "--target", "openmp", "--no-validate", *extra, "-o", "other.c",
                   cwd=tmp_path)
    assert done.returncode == 2 and f"the {option} file" in error_line(done)
    assert digest(other) == before


@pytest.mark.parametrize("flags", [["-omapsum.c"], ["--output=mapsum.c"], ["-MD", "-MF", "mapsum.c"],
                                   ["-Wl,-Map=mapsum.c"], ["-Wl,-o,mapsum.c"], ["-Xlinker", "-Map=mapsum.c"],
                                   ["-fopt-info-all=mapsum.c"], ["-fdump-rtl-expand=mapsum.c"],
                                   ["-Wp,-MD,mapsum.c"], ["-Wa,-adhln=mapsum.c"], ["-Wl,--dependency-file=mapsum.c"],
                                   ["-Wl,@resp.txt"], ["-MJmapsum.c"]])
@pytest.mark.parametrize("command", ["parallelize", "validate"])
def test_compiler_flags_that_choose_an_output_are_refused(tmp_path: Path, flags: list[str], command: str) -> None:
    """`-- -ov.c` made the compiler write its binary over the source (and `-MF v.c` a dependency file)."""
    source = write(tmp_path, "mapsum.c", MAP_SUM)
    write(tmp_path, "copy.c", MAP_SUM)
    before = digest(source)
    files = ["mapsum.c"] if command == "parallelize" else ["mapsum.c", "copy.c"]
    done = seq2par(command, *files, "--target", "openmp", "--", *flags, cwd=tmp_path)
    assert done.returncode == 2, (done.returncode, done.stderr)
    assert "chooses where the compiler writes" in done.stderr and "Traceback" not in done.stderr
    assert digest(source) == before


@pytest.mark.parametrize("flags", [["-MMD", "-MP"], ["-O3", "-fopt-info-vec-optimized"],
                                   ["-Wl,-O1", "-Wl,--as-needed"]])
def test_build_flags_that_write_nothing_the_user_names_are_taken(tmp_path: Path, flags: list[str]) -> None:
    """`-MMD -MP` writes its .d beside the object, in seq2par's build folder; `-fopt-info-vec-optimized`
    prints to stderr: refusing them (as a first version of the broader check did) blocked ordinary builds."""
    write(tmp_path, "mapsum.c", MAP_SUM)
    write(tmp_path, "copy.c", MAP_SUM)
    done = seq2par("validate", "mapsum.c", "copy.c", "--target", "openmp", "--threads", "2", "--runs", "1", "--",
                   *flags, cwd=tmp_path)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("command", ["analyze", "check"])
def test_dependency_file_flags_never_reach_libclang(tmp_path: Path, command: str) -> None:
    """`analyze src.c -- -MD -MF src.c` (also from compile_commands.json, as Meson writes them) made libclang
    write a dependency list over the source; `-MD` alone left src.d beside it. A parse needs neither."""
    source = write(tmp_path, "mapsum.c", MAP_SUM)
    before = digest(source)
    extra = ["--libclang"] if command == "check" else []
    for flags in (["-MD", "-MF", "mapsum.c"], ["-MJmapsum.c"], ["-Xclang", "-dependency-file", "-Xclang", "x.d"]):
        done = seq2par(command, "mapsum.c", *extra, "--", *flags, cwd=tmp_path)
        assert done.returncode in (0, 1), (done.returncode, done.stderr)
        assert digest(source) == before and not list(tmp_path.glob("*.d")), flags


@pytest.mark.parametrize("command", ["analyze", "check", "parallelize"])
def test_a_fifo_named_like_a_source_is_refused_without_blocking(tmp_path: Path, command: str) -> None:
    os.mkfifo(tmp_path / "fifo.c")
    done = seq2par(command, "fifo.c", cwd=tmp_path, timeout=60)
    assert done.returncode == 2, (done.returncode, done.stdout, done.stderr)
    assert "not a regular file" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("command", "options", "expected"), [
    ("parallelize", ["--args", '"x'], "--args cannot be split"),
    ("validate", ["--launcher", '"mpiexec -n {np}'], "cannot be split into words"),
    ("validate", ["--timeout", "1e300"], "timeout must be a positive number"),
    ("validate", ["--workdir", "mapsum.c/sub"], "cannot use mapsum.c/sub as the work folder"),
])
def test_unusable_option_values_are_usage_errors(tmp_path: Path, command: str, options: list[str],
                                                 expected: str) -> None:
    write(tmp_path, "mapsum.c", MAP_SUM)
    write(tmp_path, "copy.c", MAP_SUM)
    files = ["mapsum.c"] if command == "parallelize" else ["mapsum.c", "copy.c"]
    target = ["--target", "mpi"] if "--launcher" in options else ["--target", "openmp"]
    done = seq2par(command, *files, *target, *options, cwd=tmp_path)
    assert done.returncode in (2, 5), (done.returncode, done.stderr)
    assert expected in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_a_loop_of_links_and_a_folder_are_refused(tmp_path: Path) -> None:
    (tmp_path / "one.c").symlink_to("two.c")
    (tmp_path / "two.c").symlink_to("one.c")
    (tmp_path / "dir.c").mkdir()
    for name, options in (("one.c", []), ("dir.c", ["--in-place"])):
        done = seq2par("parallelize", name, "--target", "openmp", *options, cwd=tmp_path)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr



@pytest.mark.parametrize("arguments", ["5", '{"x": 1}'])
def test_a_compile_database_with_arguments_that_are_no_list(tmp_path: Path, arguments: str) -> None:
    write(tmp_path, "mapsum.c", MAP_SUM)
    (tmp_path / "cc.json").write_text(f'[{{"directory": "{tmp_path}", "file": "mapsum.c", "arguments": {arguments}}}]')
    done = seq2par("analyze", "mapsum.c", "--compile-commands", "cc.json", cwd=tmp_path)
    assert done.returncode == 2 and "is not a list of words" in error_line(done)


def test_a_configuration_that_is_not_utf8_is_named(tmp_path: Path) -> None:
    write(tmp_path, "mapsum.c", MAP_SUM)
    (tmp_path / "pyproject.toml").write_bytes(b'[tool.seq2par]\nignore-line = ["caf\xe9"]\n')
    done = seq2par("check", "mapsum.c", cwd=tmp_path)
    assert done.returncode == 2 and "pyproject.toml: cannot read" in done.stderr and "Traceback" not in done.stderr


def test_a_nest_too_deep_to_generate_code_for_is_a_clear_error(tmp_path: Path) -> None:
    depth = 1000
    body = "".join(f"for (int i{d} = 0; i{d} < 2; i{d}++) " for d in range(depth))
    write(tmp_path, "deep.c", f"double a[2];\nint main(void) {{ {body} a[i{depth - 1}] += 1.0; return 0; }}\n")
    done = seq2par("parallelize", "deep.c", "--target", "openmp", "--no-validate", cwd=tmp_path, timeout=300)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr[-2000:]


@needs_gcc
def test_a_program_that_prints_nothing_is_labelled_unchecked(tmp_path: Path) -> None:
    """Equal empty outputs prove nothing: the file was labelled VALIDATED, now UNCHECKED (and so in JSON)."""
    silent = MAP_SUM.replace('printf("sum = %.12e\\n", sum);', "")
    silent = silent.replace('printf("a[12345] = %.12e\\n", a[12345]);', "")
    assert silent != MAP_SUM
    write(tmp_path, "silent.c", silent)
    done = seq2par("parallelize", "silent.c", "--target", "openmp", "--threads", "1,2", "--runs", "1",
                   "--allow-slower", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert '"status": "unchecked"' in done.stdout
    assert (tmp_path / "silent.omp.c").read_text().startswith("/* seq2par: UNCHECKED")


@pytest.mark.parametrize("command", [["check", "missing.c"],
                                     ["parallelize", "missing.c"], ["validate", "missing.c", "other.c"]])
def test_errors_under_format_json_are_json_on_stdout(tmp_path: Path, command: list[str]) -> None:
    """A tool reading stdout got nothing at all when a command failed before its report."""
    done = seq2par(*command, "--format", "json", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    error = json.loads(done.stdout)
    assert error["status"] == "error" and error["exit_code"] == 2 and "missing.c" in error["message"]
    assert "error:" in done.stderr


def test_analyze_reports_the_other_files_when_a_path_is_missing(tmp_path: Path) -> None:
    """Review: one missing path (or a folder without sources) ended `analyze` before any file was analyzed;
    a file that cannot be read is that file's error, as the README says, and the others are reported."""
    write(tmp_path, "ok.c", MAP_SUM)
    (tmp_path / "empty").mkdir()
    done = seq2par("analyze", "ok.c", "missing.c", "empty", "--format", "json", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    files = {entry["path"]: entry for entry in json.loads(done.stdout)}
    assert files["ok.c"]["loops"] and "error" not in files["ok.c"]
    assert files["missing.c"]["error"] == "missing.c: no such file or directory"
    assert files["empty"]["error"].startswith("empty: directory contains no sources")
    text = seq2par("analyze", "missing.c", "ok.c", cwd=tmp_path)
    assert text.returncode == 2 and "ok.c:" in text.stdout and "error: missing.c: no such file" in text.stderr


@needs_gcc
def test_a_program_flooding_stdout_is_stopped_not_held_in_memory(tmp_path: Path) -> None:
    """An endless debug print grew validate's memory without bound (GBs, then the machine's OOM killer).
    Past 256 MiB of output it is stopped: a crash of the program (exit 6) that says why."""
    for name in ("a.c", "b.c"):
        write(tmp_path, name, '#include <stdio.h>\nint main(void) { for (long i = 0;; i++) '
                              'printf("%ld of an endless debug print\\n", i); }\n')
    done = seq2par("validate", "a.c", "b.c", "--target", "openmp", "--threads", "1", "--runs", "1",
                   cwd=tmp_path, timeout=120)
    assert done.returncode == 6, (done.returncode, done.stdout[-500:], done.stderr[-500:])
    assert "wrote more than 256 MiB to stdout and stderr and was stopped" in done.stdout + done.stderr


ESCAPING_CHILD = r"""#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
int main(void)
{
    pid_t child = fork();
    if (child == 0) {
        setsid();
        freopen("/dev/null", "w", stdout);
        freopen("/dev/null", "w", stderr);
        sleep(600);
        return 0;
    }
    FILE *pid = fopen("child.pid", "w");
    fprintf(pid, "%d\n", (int)child);
    fclose(pid);
    double s = 0.0;
    for (int i = 0; i < 1000; i++)
        s += i * 0.5;
    printf("%.1f\n", s);
    return 0;
}
"""


@needs_gcc
def test_children_that_escape_in_a_session_of_their_own_do_not_outlive_validation(tmp_path: Path) -> None:
    """The review's program forked a child that called setsid() and slept: after validation it was still
    running (one per run). Now each run's leftovers are stopped and a note says so."""
    for name in ("a.c", "b.c"):
        write(tmp_path, name, ESCAPING_CHILD)
    work = tmp_path / "work"
    work.mkdir()
    done = seq2par("validate", "a.c", "b.c", "--target", "openmp", "--threads", "1", "--runs", "1",
                   "--cwd", str(work), cwd=tmp_path, timeout=120)
    assert done.returncode == 0, (done.stdout[-800:], done.stderr[-800:])
    # one per run: the original's, the parallel one's and the rounding probe's
    assert re.search(r"left \d+ process\(es\) running after they exited", done.stdout + done.stderr), done.stdout
    child = int((work / "child.pid").read_text())
    try:
        state = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        state = None
    assert state in (None, "Z"), state


def test_in_place_keeps_the_original_even_when_two_runs_race(tmp_path: Path) -> None:
    """Two `--in-place` runs over one file both passed the ".orig exists" check before either wrote; the
    second then backed up the first one's output as .orig and the original was gone (5 of 5 tries). The
    backup is now created exclusively from the bytes the run read, and only if the source is unchanged."""
    import typer

    from seq2par.cli.parallelize_cmd import _keep_original

    source = write(tmp_path, "p.c", MAP_SUM)
    original = source.read_bytes()
    assert _keep_original(source, original).read_bytes() == original
    source.write_text("/* seq2par: VALIDATED (the other run's output) */\n")
    with pytest.raises(typer.Exit):  # the source changed since this run read it
        _keep_original(source, original)
    source.write_bytes(original)
    with pytest.raises(typer.Exit):  # another run made the backup first
        _keep_original(source, original)
    assert (tmp_path / "p.c.orig").read_bytes() == original
    # and two real runs at once: the original survives in p.c.orig
    (tmp_path / "p.c.orig").unlink()
    runs = [subprocess.Popen([SEQ2PAR, "parallelize", "p.c", "--target", "openmp", "--no-validate", "-q",
                              "--in-place"], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for _ in range(2)]
    codes = sorted(run.wait(timeout=120) for run in runs)
    assert codes[0] == 0 and (tmp_path / "p.c.orig").read_bytes() == original, codes


def test_a_source_that_cannot_be_read_is_a_clear_error(tmp_path: Path) -> None:
    """A file that exists and fails on read (here /proc/self/mem, EIO) ended `parallelize` in an OSError
    traceback, exit 1 and no JSON."""
    os.symlink("/proc/self/mem", tmp_path / "mem.c")
    done = seq2par("parallelize", "mem.c", "--format", "json", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert json.loads(done.stdout)["message"].startswith("cannot read mem.c")


def test_the_default_output_never_replaces_a_file_seq2par_did_not_write(tmp_path: Path) -> None:
    """`parallelize s.c --target openmp` replaced a hand-written s.omp.c without any -o. It now refuses; and
    so does an explicit -o naming it (a review: `-o keep.txt` replaced a user's file with C code), unless
    --force; seq2par's own earlier output is replaced as before."""
    write(tmp_path, "mapsum.c", MAP_SUM)
    mine = write(tmp_path, "mapsum.omp.c", "/* my own hand-tuned version */\nint main(void) { return 0; }\n")
    before = digest(mine)
    done = seq2par("parallelize", "mapsum.c", "--target", "openmp", "--no-validate", cwd=tmp_path)
    assert done.returncode == 2 and "is not seq2par output" in done.stderr, done.stderr
    assert digest(mine) == before
    done = seq2par("parallelize", "mapsum.c", "--target", "openmp", "--no-validate", "-o", "mapsum.omp.c",
                   cwd=tmp_path)
    assert done.returncode == 2 and "give --force" in done.stderr and digest(mine) == before, done.stderr
    notes = write(tmp_path, "keep.txt", "precious\n")
    done = seq2par("parallelize", "mapsum.c", "--target", "openmp", "--no-validate", "-o", "keep.txt",
                   cwd=tmp_path)
    assert done.returncode == 2 and notes.read_text() == "precious\n", done.stderr
    done = seq2par("parallelize", "mapsum.c", "--target", "openmp", "--no-validate", "-o", "mapsum.omp.c",
                   "--force", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    again = seq2par("parallelize", "mapsum.c", "--target", "openmp", "--no-validate", cwd=tmp_path)
    assert again.returncode == 0, again.stderr


def test_seq2par_output_edited_by_hand_is_not_replaced_without_o(tmp_path: Path) -> None:
    """Review: a second run replaced mapsum.omp.c, seq2par's own output that the user had tuned since, with
    no word (only the label was checked). The label carries a digest of what follows it."""
    write(tmp_path, "mapsum.c", MAP_SUM)
    args = ("parallelize", "mapsum.c", "--target", "openmp", "--no-validate")
    assert seq2par(*args, cwd=tmp_path).returncode == 0
    output = tmp_path / "mapsum.omp.c"
    assert re.match(r"/\* seq2par: UNVALIDATED .* \[digest [0-9a-f]{16}\] \*/\n", output.read_text())
    assert seq2par(*args, cwd=tmp_path).returncode == 0  # untouched: replaced as before
    tuned = output.read_text().replace("#pragma omp parallel for", "#pragma omp parallel for schedule(guided)")
    output.write_text(tuned)
    done = seq2par(*args, cwd=tmp_path)
    assert done.returncode == 2 and "mapsum.omp.c was edited since seq2par wrote it" in done.stderr, done.stderr
    assert output.read_text() == tuned
    assert seq2par(*args, "-o", "mapsum.omp.c", cwd=tmp_path).returncode == 0  # named: replaced
    assert "schedule(guided)" not in output.read_text()
    # a CRLF source: its untouched output is not taken for edited (read_text turned \r\n into \n)
    (tmp_path / "mapsum.c").write_bytes(MAP_SUM.replace("\n", "\r\n").encode())
    assert seq2par(*args, "-o", "mapsum.omp.c", cwd=tmp_path).returncode == 0
    done = seq2par(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("stop, code, message", [("SIGINT", 130, "interrupted"), ("SIGTERM", 143, "terminated")])
def test_ctrl_c_under_format_json_leaves_the_error_on_stdout(tmp_path: Path, stop: str, code: int,
                                                              message: str) -> None:
    """Ctrl-C during validation left stdout empty under --format json (a tool reading it had nothing to
    parse) and said nothing on stderr; nothing may be written either. A review found SIGTERM (a job
    scheduler's stop) still did."""
    import signal

    slow = MAP_SUM.replace("int main(void)\n{",
                           "int main(void)\n{\n    for (volatile long k = 0; k < 4000000000L; k++) ;")
    assert slow != MAP_SUM
    source = write(tmp_path, "mapsum.c", slow)
    running = subprocess.Popen([SEQ2PAR, "parallelize", "mapsum.c", "--target", "openmp", "--format", "json"],
                               cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        for line in running.stderr:
            if "validating" in line:
                break
        running.send_signal(getattr(signal, stop))
        out, err = running.communicate(timeout=60)
    finally:
        running.kill()
    assert running.returncode == code, err
    assert json.loads(out) == {"status": "error", "exit_code": code, "message": message}
    assert f"seq2par: error: {message}" in err and "Traceback" not in err
    assert source.read_text() == slow and not (tmp_path / "mapsum.omp.c").exists()


def test_messages_of_the_review_for_a_binary_source_and_a_missing_model(tmp_path: Path) -> None:
    """Review: `parallelize` said a binary file had "bytes that are not UTF-8 (a Latin-1 string?)" and told to
    run iconv; a --generator-model folder that does not exist got transformers' message about hub names."""
    (tmp_path / "bin.c").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)))
    done = seq2par("parallelize", "bin.c", cwd=tmp_path)
    assert done.returncode == 2 and "bin.c: binary file, not C/C++ source" in done.stderr, done.stderr
    write(tmp_path, "mapsum.c", MAP_SUM)
    done = seq2par("parallelize", "mapsum.c", "--generator-model", "no-such-folder", "--no-validate", cwd=tmp_path)
    assert done.returncode == 2 and "no-such-folder: no such folder" in done.stderr, done.stderr


def test_the_progress_says_why_a_loop_stays_sequential(tmp_path: Path) -> None:
    """Review: when some loops were parallelized, the text output said nothing about the others (only
    --format json listed them)."""
    write(tmp_path, "mapsum.c", MAP_SUM.replace("int main(void)\n{", "int main(void)\n{\n    int t = 0;\n"
                                                "    for (int k = 1; k < N; k++) t = t * 3 + k;\n"
                                                "    printf(\"%d\\n\", t);"))
    done = seq2par("parallelize", "mapsum.c", "--target", "openmp", "--no-validate", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert re.search(r"seq2par: line \d+: stays sequential: .*`t`", done.stderr), done.stderr


def test_a_file_without_main_points_the_mpi_target_to_function_mode(tmp_path: Path) -> None:
    """Review: the MPI target said only "MPI_Init has nowhere to go" for a library file."""
    write(tmp_path, "kern.c", "void scale(double *x, int n) { for (int i = 0; i < n; i++) x[i] *= 2.0; }\n")
    done = seq2par("parallelize", "kern.c", "--target", "mpi", "--no-validate", cwd=tmp_path)
    assert done.returncode == 3 and "give --function NAME" in done.stderr, (done.returncode, done.stderr)


@pytest.mark.parametrize(("args", "says"), [
    (["parallelize", "kern.c", "--target", "openmp"], "has no main(): there is no program to validate"),
    (["parallelize", "mapsum.c", "--target", "openmp", "--threads", "1,,2", "--no-validate"], "1,,2"),
    (["validate", "mapsum.c", "mapsum.c", "--target", "openmp", "--threads", "1,,2"], "1,,2"),
    (["parallelize", "mapsum.c", "--target", "cuda", "--in-place"], "CUDA into a C/C++ file"),
    (["parallelize", "k.cu", "--target", "cuda"], "the default output name is k.cu itself"),
    (["parallelize", "mapsum.c", "--np", "²", "--no-validate"], "must be comma-separated counts"),
])
def test_option_and_input_mistakes_found_by_a_review(tmp_path: Path, args: list[str], says: str) -> None:
    """A file without main under the OpenMP target failed at link time (exit 5, "build failed"); `--threads
    1,,2` was taken as 1,2; `--in-place --target cuda` wrote CUDA into the .c file; a .cu source's default
    output, the source itself, was reported as if -o had named it."""
    write(tmp_path, "kern.c", "void scale(double *x, int n) { for (int i = 0; i < n; i++) x[i] *= 2.0; }\n")
    write(tmp_path, "k.cu", "void scale(double *x, int n) { for (int i = 0; i < n; i++) x[i] *= 2.0; }\n")
    source = write(tmp_path, "mapsum.c", MAP_SUM)
    before = digest(source)
    done = seq2par(*args, cwd=tmp_path)
    assert done.returncode == 2 and says in done.stderr, (done.returncode, done.stderr)
    assert digest(source) == before


def test_workdir_never_writes_over_the_users_files(tmp_path: Path) -> None:
    """Review: `validate --workdir .` built its binaries as ./original-<stem> and ./parallel-<stem> and ran the
    programs in ./run, writing over a file of the user's with that name. The binaries now go to a new folder
    made inside the work folder, named in the report."""
    write(tmp_path, "mapsum.c", MAP_SUM)
    write(tmp_path, "copy.c", MAP_SUM)
    mine = {"original-mapsum": "the user's own file\n", "parallel-copy": "another\n", "run/keep.txt": "data\n"}
    for name, text in mine.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    done = seq2par("validate", "mapsum.c", "copy.c", "--target", "openmp", "--threads", "2", "--runs", "1",
                   "--workdir", ".", "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    for name, text in mine.items():
        assert (tmp_path / name).read_text() == text, name
    kept = Path(json.loads(done.stdout)["workdir"])
    assert kept.parent == tmp_path.resolve() and kept.name.startswith("seq2par-validate-")
    assert (kept / "original-mapsum").is_file() and (kept / "parallel-copy").is_file()


def test_a_name_the_system_refuses_is_a_clear_error(tmp_path: Path) -> None:
    """Review of the CLI: a path component over 255 bytes ended analyze, check, validate and parallelize in
    an OSError traceback (File name too long), exit 1, and no JSON under --format json."""
    write(tmp_path, "mapsum.c", MAP_SUM)
    long = "x" * 300 + ".c"
    for args in (("analyze", long), ("check", long), ("validate", "mapsum.c", long),
                 ("parallelize", "mapsum.c", "--target", "openmp", "--format", "json", "-o", long)):
        done = seq2par(*args, cwd=tmp_path)
        assert done.returncode == 2 and "File name too long" in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert json.loads(done.stdout)["exit_code"] == 2


def test_an_include_that_is_not_a_regular_file_is_a_clear_error(tmp_path: Path) -> None:
    """Review of the CLI: `#include "pipe.h"` with pipe.h a FIFO hung analyze (libclang waited to read it)
    and parallelize; `#include "/dev/zero"` read for ever. Now exit 2 with the name, at once."""
    os.mkfifo(tmp_path / "pipe.h")
    write(tmp_path, "inc.c", '#include "pipe.h"\nint main(void) { return 0; }\n')
    write(tmp_path, "zero.c", '#include "/dev/zero"\nint main(void) { return 0; }\n')
    write(tmp_path, "nested.c", '#include "mine.h"\nint main(void) { return 0; }\n')
    write(tmp_path, "mine.h", '#include "pipe.h"\n')
    write(tmp_path, "par.omp.c", '#include "pipe.h"\nint main(void) { return 0; }\n')
    for args in (("analyze", "inc.c"), ("analyze", "zero.c"), ("analyze", "nested.c"), ("check", "inc.c"),
                 ("parallelize", "inc.c", "--target", "openmp"), ("validate", "inc.c", "par.omp.c")):
        done = subprocess.run([SEQ2PAR, *args], cwd=tmp_path, capture_output=True, text=True, timeout=60)
        assert done.returncode == 2 and "which is not a regular file" in done.stderr, (args, done.stderr)
    # (a review of this check) a folder named like a header is passed over, as compilers do, and /dev/null
    # is an empty header
    (tmp_path / "utility").mkdir()
    write(tmp_path, "ok.cpp", '#include <utility>\n#include "/dev/null"\nint main() { return 0; }\n')
    done = seq2par("analyze", "ok.cpp", "--", "-I.", cwd=tmp_path)
    assert done.returncode == 0, done.stderr


def test_validate_of_empty_or_binary_files_and_of_outputs_all_ignored(tmp_path: Path) -> None:
    """Review of the CLI: `validate` of a binary or an empty file said "does not compile" (exit 5) where
    analyze says "binary file" (exit 2), and two different programs whose every line --ignore-line dropped
    were reported "equal" with no word."""
    write(tmp_path, "hello.c", '#include <stdio.h>\nint main(void) { puts("hello"); return 0; }\n')
    write(tmp_path, "bye.c", '#include <stdio.h>\nint main(void) { puts("bye"); return 0; }\n')
    write(tmp_path, "empty.c", "")
    (tmp_path / "bin.c").write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(64)))
    for pair, message in ((("bin.c", "hello.c"), "binary file"), (("hello.c", "empty.c"), "is empty")):
        done = seq2par("validate", *pair, cwd=tmp_path)
        assert done.returncode == 2 and message in done.stderr, done.stderr
    done = seq2par("validate", "--target", "openmp", "--ignore-line", ".*", "hello.c", "bye.c", cwd=tmp_path)
    assert done.returncode == 0 and "nothing was left to compare" in done.stderr, done.stderr


def test_an_output_flag_with_its_value_after_the_separator_is_named_as_such(tmp_path: Path) -> None:
    """Review of the CLI: `-- -Wall -o hijack` said "unexpected argument 'hijack': compiler flags go after
    `--`", which they were; the flag that chooses the output is what is refused."""
    write(tmp_path, "mapsum.c", MAP_SUM)
    for command in (("validate", "mapsum.c", "mapsum.c"), ("parallelize", "mapsum.c", "--target", "openmp")):
        done = seq2par(*command, "--", "-Wall", "-o", "hijack", cwd=tmp_path)
        assert done.returncode == 2 and "compiler flag '-o' chooses where" in done.stderr, done.stderr
        assert not (tmp_path / "hijack").exists()


@pytest.mark.parametrize("args", [("analyze", "--format", "json", "--bogus", "mapsum.c"),
                                  ("validate", "--format", "json", "mapsum.c"),
                                  ("parallelize", "--format=json", "--target", "bogus", "mapsum.c"),
                                  ("parallelize", "--format", "json", "--runs", "abc", "mapsum.c"),
                                  ("check", "--format", "json")])
def test_usage_errors_under_format_json_leave_json_on_stdout(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Review of the CLI: errors found by the option parser (an unknown option, a missing argument, a bad
    value) printed click's usage text only, with no JSON on stdout, although --format json was given."""
    write(tmp_path, "mapsum.c", MAP_SUM)
    done = seq2par(*args, cwd=tmp_path)
    assert done.returncode == 2 and "Usage:" in done.stderr, done.stderr
    document = json.loads(done.stdout)
    assert document["status"] == "error" and document["exit_code"] == 2 and document["message"]


def test_usage_errors_under_format_sarif_leave_a_sarif_log_on_stdout(tmp_path: Path) -> None:
    """Review of the CLI: `check --format sarif --bogus` printed the usage text only; a CI step uploading
    stdout as SARIF got an empty file (errors found later already gave a SARIF log)."""
    write(tmp_path, "mapsum.c", MAP_SUM)
    done = seq2par("check", "--format", "sarif", "--bogus", "mapsum.c", cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    log = json.loads(done.stdout)
    assert log["version"] == "2.1.0"
    assert "No such option" in log["runs"][0]["invocations"][0]["toolExecutionNotifications"][0]["message"]["text"]
