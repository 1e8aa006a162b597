"""``seq2par validate ORIGINAL PARALLEL``: build, run and compare a parallel program against its original.

Exit codes (every target: mpi, cuda, openmp): 0 equal (or, for CUDA without a GPU, compiled but not run),
2 usage error, 4 output mismatch,
5 build failed or tool missing, 6 crash or timeout. The validators are imported inside the command so
that the CLI starts fast whichever command runs.
"""

from __future__ import annotations

import json
import shlex
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

from seq2par.cli.errors import error_exit, errors_as_json

if TYPE_CHECKING:
    from seq2par.validators import ValidationReport

EXIT_USAGE = 2
EXIT_TOOLCHAIN = 5  # a missing toolchain is a build failure (issue #3)

# Compiler options whose value may be the next word (`-I inc`, `-D N=4`, `-include cfg.h`).
_TWO_WORD_FLAGS = {"-I", "-D", "-U", "-L", "-l", "-x", "-include", "-imacros", "-isystem", "-iquote",
                   "-idirafter", "-Xlinker", "-Xpreprocessor", "-Xassembler", "-MF", "-MT", "-MQ", "--param",
                   "-B", "-isysroot", "-target", "-arch", "-framework", "-Xcompiler", "-ccbin"}


def stray_argument(flags: list[str]) -> str | None:
    """The first word after `--` that is neither a flag nor the value of the flag before it (a stray file
    name would otherwise be compiled along with the program), else None."""
    previous = None
    for flag in flags:
        if not flag.startswith("-") and previous not in _TWO_WORD_FLAGS:
            return flag
        previous = flag
    return None


def output_flag(flags: list[str]) -> str | None:
    """The first compiler flag that chooses where the compiler or the linker writes (`-o v.c`, `-ov.c`,
    `--output=v.c`, `-MF v.c`, `-Wl,-Map=v.c`, `-Xlinker -o`, `-fdump-rtl-expand=v.c`, `-aux-info v.c`...):
    seq2par builds in a folder of its own, and such a flag could overwrite a source."""
    from seq2par.analyzers.semantics import writes_files

    for k, flag in enumerate(flags):
        if writes_files(flag, flags[k + 1] if k + 1 < len(flags) else ""):
            return flag
    return None


def configured_ignore_lines(start: Path) -> list[str]:
    """The ``ignore-line`` regular expressions of the nearest ``[tool.seq2par]`` table (pyproject.toml or
    .seq2par.toml at or above ``start``, found as `seq2par check` finds its configuration); raises
    ValueError with a message naming the file when the value is not a string or a list of strings."""
    from seq2par.cli.check_config import ConfigError, find_config, seq2par_table

    try:
        found = find_config(start)
    except ConfigError as error:
        raise ValueError(str(error)) from None
    if found is None:
        return []
    try:
        data = tomllib.loads(found.read_text())
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"{found}: cannot read ({error})") from None
    try:
        table = seq2par_table(data, found)
    except ConfigError as error:
        raise ValueError(str(error)) from None
    if table is None and found.name != "pyproject.toml":
        table = data
    value = (table or {}).get("ignore-line", [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"{found}: [tool.seq2par] `ignore-line` must be a list of regular expressions")
    return value


def register(app: typer.Typer) -> None:
    """Add the ``validate`` command to ``app``."""
    app.command("validate")(validate)


def validate(
    original: Annotated[Path, typer.Argument(help="The sequential C/C++ program.", show_default=False)],
    parallel: Annotated[
        Path, typer.Argument(help="Its MPI or OpenMP (.c/.cpp) or CUDA (.cu) version.", show_default=False)
    ],
    compiler_flags: Annotated[
        list[str] | None,
        typer.Argument(help="Compiler flags for both builds, after `--`.", metavar="-- FLAGS", show_default=False),
    ] = None,
    target: Annotated[
        str | None,
        typer.Option(help="mpi, cuda or openmp (default: cuda for a .cu file, openmp for a .omp.c/.omp.cpp "
                     "file, else mpi).", show_default=False),
    ] = None,
    np: Annotated[str, typer.Option("--np", help="Comma-separated MPI rank counts.")] = "2,3",
    threads: Annotated[str, typer.Option("--threads", help="Comma-separated OpenMP thread counts.")] = "1,2,3",
    driver: Annotated[
        Path | None, typer.Option(help="Function mode (openmp): a program calling the function, linked with "
                                  "each of ORIGINAL and PARALLEL (which then have no main).")
    ] = None,
    runs: Annotated[int, typer.Option(help="Runs per program and rank count (median time is reported).")] = 3,
    rtol: Annotated[float, typer.Option(help="Relative tolerance for numbers in the output.")] = 1e-9,
    atol: Annotated[float, typer.Option(help="Absolute tolerance for numbers in the output.")] = 1e-12,
    timeout: Annotated[float, typer.Option(help="Seconds allowed per run.")] = 60.0,
    args: Annotated[
        str, typer.Option("--args", help='Program arguments, quoted: --args "-n 100 in.txt".')
    ] = "",
    stdin: Annotated[Path | None, typer.Option(help="File fed to both programs' stdin.")] = None,
    launcher: Annotated[
        str | None, typer.Option(help='MPI launcher template replacing mpiexec, e.g. "srun -n {np}".')
    ] = None,
    arch: Annotated[
        str, typer.Option(help="Comma-separated CUDA architectures to compile for.")
    ] = "sm_75,sm_90",
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    workdir: Annotated[
        Path | None, typer.Option(help="Keep the binaries: they go to a new folder seq2par-validate-* made in this "
                                      "one (nothing already there is written over), not a temporary one.")
    ] = None,
    cwd: Annotated[
        Path | None, typer.Option(help="Folder the programs run in (default: a scratch folder). Files they "
                                  "change or delete there are put back after every run (a folder up to 1 GiB).")
    ] = None,
    ignore_stderr: Annotated[
        bool, typer.Option("--ignore-stderr", help="Compare stdout and written files only (e.g. an MPI "
                           "library that warns on stderr).")
    ] = False,
    ignore_line: Annotated[
        list[str] | None,
        typer.Option("--ignore-line", metavar="REGEX", help="Drop lines matching REGEX from every compared "
                     "output before comparing (repeatable; also `ignore-line` in [tool.seq2par]).",
                     show_default=False),
    ] = None,
    rounding_noise: Annotated[
        bool, typer.Option("--rounding-noise/--no-rounding-noise", help="When a number differs beyond "
                           "rtol/atol, run the original under other rounding modes and compare the digits it "
                           "does not determine within that noise (x10). Off: every number within rtol/atol.")
    ] = True,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress message and no notes (errors, "
                                        "warnings and the result are still printed).")] = False,
) -> None:
    """Build ORIGINAL and PARALLEL, run both, compare their outputs within a tolerance, report the speedup.

    Compared: stdout, stderr and every file a run creates or changes in the folder it runs in.

    Compiler flags for both builds go after `--`, e.g. `-- -DN=1000000 -O3`.

    Exit 0: equal (or, with a program that cannot run here, compiled only). Exit 2: usage or input error.
    Exit 4: the outputs differ. Exit 5: a build failed or a toolchain is missing. Exit 6: a program crashed
    or timed out.
    """
    errors_as_json(output_format == "json")
    for role, path, kinds in (("original", original, ("c", "cpp")), ("parallel", parallel, ("c", "cpp", "cuda"))):
        if path.is_dir():
            _usage_error(f"{role} source {path} is a folder, not a source file")
        if not path.is_file():
            _usage_error(f"{role} source {path} does not exist")
        if _language(path) not in kinds:
            names = "/".join(_KIND_NAMES[kind] for kind in kinds)
            _usage_error(f"{role} source {path} is not a {names} source (by its suffix)")
        _check_text(role, path)
    if stdin is not None and not stdin.is_file():
        _usage_error(f"--stdin file {stdin} does not exist or is not a file")
    if cwd is not None and not cwd.is_dir():
        _usage_error(f"--cwd {cwd} is not an existing folder")
    chosen = (target or _default_target(parallel)).lower()
    if chosen not in ("mpi", "cuda", "openmp"):
        _usage_error(f"--target must be mpi, cuda or openmp, got {target!r}")
    if driver is not None and chosen != "openmp":
        _usage_error("--driver is available with --target openmp (MPI function mode: `seq2par parallelize "
                     "--function NAME --driver FILE --target mpi`)")
    if driver is not None and not driver.is_file():
        _usage_error(f"--driver {driver} does not exist or is not a file")
    if output_format not in ("text", "json"):
        _usage_error(f"--format must be text or json, got {output_format!r}")
    try:
        program_args = shlex.split(args)
    except ValueError as error:
        _usage_error(f"--args cannot be split into arguments: {error}")
    flags = list(compiler_flags or [])
    if (written := output_flag(flags)) is not None:  # (before the stray word: `-o hijack` is one flag)
        _usage_error(f"compiler flag {written!r} chooses where the compiler writes; seq2par builds in a folder of "
                     "its own: leave it out")
    stray = stray_argument(flags)
    if stray is not None:
        _usage_error(f"unexpected argument {stray!r}: compiler flags go after `--`")
    try:
        patterns = [*configured_ignore_lines(original.resolve().parent), *(ignore_line or [])]
    except ValueError as error:
        _usage_error(str(error))
    from seq2par.analyzers.analyze import special_include_error

    for role, path in (("original", original), ("parallel", parallel)):
        special = special_include_error(path, path.read_bytes(), flags)
        if special is not None:
            _usage_error(f"{role} source {path}: {special}")

    from seq2par.validators import ToolchainError, ValidationError, validate_cuda, validate_mpi, validate_openmp

    # progress for a person waiting (builds and timed runs take a while), not for logs
    if sys.stderr.isatty() and not quiet:
        print(f"seq2par: validating {parallel} against {original} ({chosen}, {runs} run{'s' * (runs != 1)} "
              "each)...", file=sys.stderr, flush=True)
    try:
        if chosen == "openmp":
            report = validate_openmp(
                original,
                parallel,
                threads=_parse_np(threads, "--threads"),
                runs=runs,
                rtol=rtol,
                atol=atol,
                timeout=timeout,
                args=program_args,
                stdin=stdin,
                flags=flags,
                workdir=workdir,
                cwd=cwd,
                compare_stderr=not ignore_stderr,
                ignore_lines=patterns,
                rounding_noise=rounding_noise,
                driver=driver,
            )
        elif chosen == "mpi":
            report = validate_mpi(
                original,
                parallel,
                np_list=_parse_np(np),
                runs=runs,
                rtol=rtol,
                atol=atol,
                timeout=timeout,
                args=program_args,
                stdin=stdin,
                flags=flags,
                launcher=launcher,
                workdir=workdir,
                cwd=cwd,
                compare_stderr=not ignore_stderr,
                ignore_lines=patterns,
                rounding_noise=rounding_noise,
            )
        else:
            archs = tuple(item.strip() for item in arch.split(",") if item.strip())
            report = validate_cuda(
                original,
                parallel,
                archs=archs,
                runs=runs,
                rtol=rtol,
                atol=atol,
                timeout=timeout,
                args=program_args,
                stdin=stdin,
                flags=flags,
                workdir=workdir,
                cwd=cwd,
                compare_stderr=not ignore_stderr,
                ignore_lines=patterns,
                rounding_noise=rounding_noise,
            )
    except ToolchainError as error:
        _fail(str(error), EXIT_TOOLCHAIN)
    except ValidationError as error:
        _usage_error(str(error))

    if output_format == "json":
        typer.echo(json.dumps(report.to_dict(), indent=2))
    else:
        typer.echo(format_report(report, quiet=quiet))
    if report.status == "equal" and not report.ran_in_parallel:
        # (parallelize refuses such counts: it would label its output VALIDATED)
        print("seq2par validate: warning: only one rank or thread ran: \"equal\" says nothing about the parallel "
              "program's distribution; run it at 2 or more (--np 2,3, --threads 1,2,3)", file=sys.stderr)
    if report.status == "equal" and report.compared_nothing:
        # (parallelize labels such a program UNCHECKED: "equal" here said the same of two programs that had
        # nothing in common)
        print("seq2par validate: warning: nothing was left to compare (the original prints nothing and writes "
              "no file, or --ignore-line dropped all it printed): \"equal\" says nothing about the results",
              file=sys.stderr)
    raise typer.Exit(report.exit_code)


_KIND_NAMES = {"c": "C", "cpp": "C++", "cuda": "CUDA"}


def _check_text(role: str, path: Path) -> None:
    """An empty or binary file is an input error (exit 2), not a program that "does not compile" (exit 5)."""
    from seq2par.analyzers.analyze import binary_data

    try:
        with open(path, "rb") as source:
            head = source.read(8192)
    except OSError as error:
        _usage_error(f"cannot read {role} source {path}: {error.strerror or error}")
    if not head.strip():
        _usage_error(f"{role} source {path} is empty")
    if binary_data(head):
        _usage_error(f"{role} source {path}: binary file, not C/C++ source")


def _language(path: Path) -> str | None:
    from seq2par.analyzers.frontend import language_for_path

    return "cuda" if path.suffix == ".cu" else language_for_path(path)


def _default_target(parallel: Path) -> str:
    if parallel.suffix == ".cu":
        return "cuda"
    return "openmp" if parallel.stem.endswith(".omp") else "mpi"


def count_list(text: str, option: str) -> tuple[int, ...]:
    """`2,3` as (2, 3); raises ValueError with the message for anything else (an empty item as in `1,,2`, a
    word, a count below 1)."""
    items = [item.strip() for item in text.split(",")]
    if not all(item.isascii() and item.isdigit() for item in items):
        raise ValueError(f"{option} must be comma-separated counts such as 2,3, got {text!r}")
    counts = tuple(int(item) for item in items)
    if any(count < 1 for count in counts):
        raise ValueError(f"{option} needs counts of at least 1, got {text!r}")
    return counts


def _parse_np(text: str, option: str = "--np") -> tuple[int, ...]:
    try:
        return count_list(text, option)
    except ValueError as error:
        _usage_error(str(error))


def format_report(report: ValidationReport, *, quiet: bool = False) -> str:
    """The human-readable report: a line per configuration, details of what went wrong, a summary line; the
    notes too unless `quiet`."""
    lines: list[str] = []
    if report.original_median_seconds is not None:
        lines.append(f"original  {_seconds(report.original_median_seconds)}  (median of {report.runs})")
    for entry in report.entries:
        if entry.failure is not None:
            verdict = entry.failure.kind
        else:
            verdict = "equal" if entry.equal else "MISMATCH"
        parts = [f"{entry.label:<5}", f"{verdict:<9}"]
        if entry.median_seconds is not None:
            parts.append(_seconds(entry.median_seconds))
        if entry.speedup is not None:
            parts.append(f"speedup {entry.speedup:.2f}x")
        if entry.max_rel_error and entry.failure is None:
            parts.append(f"max rel error {entry.max_rel_error:.2g}")
        if entry.loosened:
            parts.append(f"{entry.loosened} within rounding noise")
        line = "  ".join(parts).rstrip()
        lines.append(line)
    for entry in report.entries:
        if entry.mismatch is not None:
            lines.append(f"first mismatch at {entry.label}: {entry.mismatch.describe()}")
    for failure in report.failures:
        lines.append(failure.message)
    for build_failure in report.build_failures:
        lines.append(f"{build_failure.program} does not compile: {build_failure.message}")
        lines.append("  $ " + shlex.join(build_failure.command))
        lines += [f"  {line}" for line in build_failure.stderr.splitlines()]
    lines += [f"note: {note}" for note in (() if quiet else report.notes)]
    if report.workdir and not quiet:
        lines.append(f"note: binaries kept in {report.workdir}")
    lines.append(f"{report.status}: {report.message}")
    return "\n".join(lines)


def _seconds(value: float) -> str:
    return f"{value:.2f} s" if value >= 0.1 else f"{value:.3f} s"


def _usage_error(message: str) -> NoReturn:
    _fail(message, EXIT_USAGE)


def _fail(message: str, code: int) -> NoReturn:
    raise error_exit("seq2par validate", message, code)
