"""The `seq2par` command line. Heavy modules are imported inside the commands, so `--help` stays fast.

Exit codes (all commands): 0 success, 1 hazards found (check), 2 usage or input error (analyze: also a
syntax error), 3 nothing legal to parallelize, 4 validation mismatch, 5 build/toolchain failure, 6 crash or
timeout of a program under test, 7 the parallel program is slower (parallelize).
"""

from __future__ import annotations

import errno
import json
import sys
from collections.abc import Iterable
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer

from seq2par.cli.errors import error_exit, errors_as_json, errors_as_sarif

app = typer.Typer(
    name="seq2par",
    help="Find the loops of sequential C/C++ that can run in parallel, say why the others cannot, "
    "generate MPI, OpenMP or CUDA versions and validate them against the original. "
    "Exit codes (every command): 0 success, 1 hazards found (check), 2 usage or input error, "
    "3 nothing legal to parallelize, 4 validation mismatch, 5 build or toolchain failure, "
    "6 crash or timeout of a program under test, 7 parallel program slower (parallelize).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

class OutputFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print one clear line to stderr (and its JSON form under --format json) and return the Exit to raise."""
    return error_exit("seq2par", message, code)


@app.command()
def analyze(
    paths: Annotated[list[Path], typer.Argument(help="C/C++ files or directories (walked for sources).")],
    output_format: Annotated[OutputFormat, typer.Option("--format", help="text (compiler remarks), json or sarif "
                                                        "(SARIF 2.1.0 for code scanning).")]
    = OutputFormat.text,
    compile_commands: Annotated[Path | None, typer.Option(
        "--compile-commands", help="compile_commands.json to take each file's flags from.")] = None,
    no_libclang: Annotated[bool, typer.Option(
        "--no-libclang", help="Use tree-sitter alone (faster; no macro values from headers).")] = False,
    show_all: Annotated[bool, typer.Option("--all", help="Also list notes (assertions used).")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No notes: not the line saying how each file was "
                                        "analyzed (errors, warnings and the loops' verdicts are still "
                                        "printed).")] = False,
) -> None:
    """Report, for every loop, whether it can run in parallel and exactly why not.

    Compiler flags for libclang go after `--`, e.g. `seq2par analyze f.c -- -DN=100 -Iinclude`.

    Exit 0: every file analyzed (S2P101 marks a region the compiler accepts and seq2par cannot parse).
    Exit 2: a usage error, a file that could not be analyzed, or a syntax error (S2P100); the other files
    are still reported.
    """
    errors_as_json(output_format == OutputFormat.json)
    errors_as_sarif(output_format == OutputFormat.sarif)
    from seq2par.analyzers import ParseError, collect_sources
    from seq2par.analyzers.analyze import flags_from_compile_commands
    from seq2par.analyzers.frontend import SOURCE_SUFFIXES

    # Click hands the words after `--` to the variadic PATHS argument: the first one that looks like a
    # compiler flag starts the flags.
    # (`./-x.c` reaches us as `-x.c`: a word naming an existing file is a path, not a flag.)
    split = next((i for i, p in enumerate(paths) if str(p).startswith("-") and not Path(p).exists()), len(paths))
    flags = [str(p) for p in paths[split:]]
    paths = paths[:split]
    if not paths:
        raise fail("no input files (usage: seq2par analyze PATH... [-- compiler flags])")
    if quiet and show_all:
        raise fail("--quiet and --all conflict: --all lists the notes that --quiet leaves out")
    sources, unreadable = [], []  # a missing path is that path's error: the others are still analyzed
    for path in paths:
        try:
            sources.extend(collect_sources([path], SOURCE_SUFFIXES | CUDA_SUFFIXES))
        except ParseError as exc:
            unreadable.append((str(path), str(exc)))
    jobs = []
    for source in sources:
        file_flags = flags
        if compile_commands is not None:
            try:
                file_flags = flags_from_compile_commands(compile_commands, source) + flags
            except ParseError as exc:
                raise fail(str(exc)) from None
        jobs.append((source, file_flags))
    if output_format == OutputFormat.sarif:
        from seq2par.analyzers.analyze import allocators_of_the_run, program_links
        from seq2par.cli.sarif import report_to_sarif

        analyzed, errors = [], [error for _, error in unreadable]
        for job in jobs:
            try:
                analyzed.append((job, analyze_path(*job, use_libclang=not no_libclang)))
            except ParseError as exc:
                errors.append(str(exc))
        for error in errors:
            print(f"seq2par: error: {error}", file=sys.stderr)
        failed = bool(errors)
        needs = allocators_of_the_run([program_links(report) for _, report in analyzed])
        reports = [analyze_path(*job, use_libclang=not no_libclang, allocators=allocators) if allocators else report
                   for (job, report), allocators in zip(analyzed, needs, strict=True)]
        syntax = [f"{r.path}:{p.line}:{p.column}" for r in reports for p in r.parse_errors if p.code == "S2P100"]
        print(json.dumps(report_to_sarif(reports, include_notes=show_all, errors=errors,
                                         exit_code=2 if errors or syntax else 0), indent=2))
    else:
        results = _analyze_all(jobs, not no_libclang, output_format == OutputFormat.json, show_all, quiet)
        failed = any(error for _, error, _, _ in results) or bool(unreadable)
        for _, error in unreadable:
            print(f"seq2par: error: {error}", file=sys.stderr)
        for _, error, _, _ in results:
            if error:
                print(f"seq2par: error: {error}", file=sys.stderr)
        if output_format == OutputFormat.json:
            # a file that could not be analyzed keeps its place in the list, with the reason
            print(_json_list([rendered if not error else json.dumps({"path": str(job[0]), "error": error}, indent=2)
                              for (rendered, error, _, _), job in zip(results, jobs, strict=True)]
                             + [json.dumps({"path": path, "error": error}, indent=2) for path, error in unreadable]))
        else:
            print("".join(rendered for rendered, error, _, _ in results if not error), end="")
        syntax = [where for _, _, _, found in results for where in found]
    if syntax:
        print(f"seq2par: error: syntax error at {', '.join(syntax[:5])}{' and more' if len(syntax) > 5 else ''}: "
              "the loops of those regions are not analyzed (S2P100)", file=sys.stderr)
    if failed or syntax:
        raise typer.Exit(2)


def _analyze_one(job: tuple, use_libclang: bool, as_json: bool, show_all: bool, quiet: bool = False
                 ) -> tuple[str, str | None, tuple, list[str]]:
    """One file's result as it is printed (its JSON object, indented, or the text remarks), or its error,
    what it offers and needs from the other files of the run (`program_links`) and where its syntax errors
    (S2P100) are. `job` is (path, flags) or (path, flags, allocators of other files). Rendering here keeps
    it in the worker processes."""
    import gc
    import io
    from contextlib import redirect_stdout

    from seq2par.analyzers import ParseError
    from seq2par.analyzers.analyze import program_links

    # analyze_file pauses the cyclic collector while it builds the IR; keep it paused while the report is
    # rendered too: the first collection after the pause walks every object built during it (all in the
    # youngest generation), about 3% of the batch. The report has few cycles (33 objects for NPB's bt.c),
    # collected later.
    enabled = gc.isenabled()
    gc.disable()
    try:
        source, file_flags, *allocators = job
        try:
            report = analyze_path(source, file_flags, use_libclang=use_libclang,
                                  allocators=allocators[0] if allocators else ())
        except ParseError as exc:
            return "", str(exc), (frozenset(), frozenset()), []
        links = program_links(report)
        syntax = [f"{report.path}:{p.line}:{p.column}" for p in report.parse_errors if p.code == "S2P100"]
        if as_json:
            return json.dumps(report.to_dict(), indent=2), None, links, syntax
        text = io.StringIO()
        with redirect_stdout(text):
            print_report(report, show_all, quiet)
        return text.getvalue(), None, links, syntax
    finally:
        if enabled:
            gc.enable()


CUDA_SUFFIXES = {".cu", ".cuh"}


def analyze_path(path: Path, flags: list[str], use_libclang: bool = True, allocators: Iterable[str] = ()):
    """`analyze_file`, and a CUDA file (.cu, .cuh) read as `check` reads it: its keywords (`__global__`,
    `__device__`...) blanked and each launch `k<<<grid, block>>>(args)` read as the call `k(args)`, at the
    same offsets, then analyzed as C++ with tree-sitter alone (libclang would need the CUDA headers). Its
    host loops are analyzed; the kernels are functions like any other. Raises ParseError as `analyze_file`
    does."""
    from seq2par.analyzers import analyze_file

    if path.suffix.lower() not in CUDA_SUFFIXES:
        return analyze_file(path, flags, use_libclang=use_libclang, allocators=allocators)
    from dataclasses import replace

    from seq2par.analyzers.analyze import analyze_source, read_source
    from seq2par.cli.hazards import blank_cuda

    source, _ = blank_cuda(read_source(path, any_suffix=True))
    report = analyze_source(source, str(path), flags, use_libclang=False, language="cpp", allocators=allocators)
    return replace(report, mode_note="CUDA read as C++ (kernel qualifiers and <<<...>>> launch "
                   "configurations left out); libclang not used: it would need the CUDA headers")


def _json_list(objects: list[str]) -> str:
    """The text `json.dumps(list, indent=2)` gives for a list of objects already rendered with `indent=2`:
    each one indented one level more (JSON strings hold no raw newlines, so every newline is structure)."""
    if not objects:
        return "[]"
    return "[\n" + ",\n".join("  " + text.replace("\n", "\n  ") for text in objects) + "\n]"


def _analyze_all(jobs: list, use_libclang: bool, as_json: bool, show_all: bool, quiet: bool = False) -> list:
    """Every file's result in input order; several files are analyzed in parallel processes (one per core,
    largest files first) when there are enough of them to pay for the workers. A file that calls an
    allocator another file of the run defines is analyzed again knowing it."""
    from functools import partial

    from seq2par.analyzers.analyze import allocators_of_the_run

    work = partial(_analyze_one, use_libclang=use_libclang, as_json=as_json, show_all=show_all, quiet=quiet)
    results = _map_jobs(work, jobs)
    needs = allocators_of_the_run([links for _, _, links, _ in results])
    for index, allocators in enumerate(needs):
        if allocators:
            results[index] = work((*jobs[index][:2], allocators))
    return results


def _map_jobs(work, jobs: list) -> list:
    import os

    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    sizes = [path.stat().st_size if path.exists() else 0 for path, _ in jobs]
    if cores < 2 or len(jobs) < 2 or sum(sizes) < 64 * 1024:
        return [work(job) for job in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    order = sorted(range(len(jobs)), key=lambda i: -sizes[i])
    results: list = [None] * len(jobs)
    with ProcessPoolExecutor(max_workers=min(cores, len(jobs)),
                             mp_context=multiprocessing.get_context("fork")) as pool:
        for index, result in zip(order, pool.map(work, [jobs[i] for i in order]), strict=True):
            results[index] = result
    return results


def print_report(report, show_all: bool = False, quiet: bool = False) -> None:
    """A file's loops as compiler remarks: with `show_all` the non-blocking findings (notes) too; with `quiet`
    not the note on how it was analyzed."""
    path = report.path
    if not quiet:
        print(f"{path}: analyzed with {report.mode} ({report.mode_note})")
    for problem in report.parse_errors:
        level = "error" if problem.code == "S2P100" else "warning"
        print(f"{path}:{problem.line}:{problem.column}: {level} [{problem.code}] {problem.message}")
    lost = report.unanalyzed_loops()
    if lost:
        print(f"{path}: {len(lost)} loop{'s' if len(lost) > 1 else ''} not analyzed because of the syntax "
              f"problems above ({len(report.loops)} analyzed)")
    elif not report.loops:
        print(f"{path}: no loops found")
    for loop in report.loops:
        indent = "  " * loop.depth
        print(f"{path}:{loop.line}:{loop.column}: {indent}{loop.summary()}")
        for finding in loop.findings:
            if not finding.blocking and not show_all and finding.code != "S2P503":  # (an assertion that
                continue  # applied to nothing is shown: the user meant it to unblock the loop)
            print(f"{path}:{finding.line}:{finding.column}: {indent}  [{finding.code}] {finding.message}"
                  f" — {finding.remedy}")


@app.command()
def explain(code: Annotated[str, typer.Argument(help="A finding code such as S2P201.")]) -> None:
    """Print the long explanation of a finding code and what would unblock the loop.

    Exit 0, or 2 for an unknown code.
    """
    from seq2par.analyzers.findings import explain as explain_code
    from seq2par.cli.hazards import ALL_RULES

    try:
        print(explain_code(code, ALL_RULES))
    except KeyError:
        raise fail(f"unknown code {code!r}; known codes: {', '.join(sorted(ALL_RULES))}") from None


def _register_optional() -> None:
    """Commands that live in their own modules (each imports its heavy parts lazily)."""
    import importlib

    for module in ("validate_cmd", "parallelize_cmd", "check_cmd", "lsp_cmd", "model_cmd"):
        try:
            importlib.import_module(f"seq2par.cli.{module}").register(app)
        except ModuleNotFoundError:
            pass


def run() -> None:
    """Console-script entry point."""
    import signal

    terminated = []

    def terminate(signum: int, frame: object) -> None:
        # Unwind like Ctrl-C: running programs are killed and scratch folders removed on the way out.
        terminated.append(signum)
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    # A command defined here (`analyze`, `explain`) needs none of the others: importing them costs about
    # 30 ms of every call. Any other word, or none (`--help` lists every command), registers them all.
    own = {info.name or info.callback.__name__.replace("_", "-") for info in app.registered_commands}
    if len(sys.argv) < 2 or sys.argv[1] not in own:
        _register_optional()
    if len(sys.argv) > 1 and sys.argv[1] == "check":
        sys.argv[2:] = _files_named_like_options(sys.argv[2:])
    try:
        code = app(standalone_mode=False)  # (usage errors come here, to be given as JSON too)
    except typer.Abort:  # Ctrl-C, as the parser reports it outside standalone mode
        _interrupted()
    except typer.TyperException as exc:  # a usage error: no such option, a bad value, a missing argument
        exit_code = getattr(exc, "exit_code", 2)
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        if _format_requested(sys.argv[1:], "json"):
            print(json.dumps({"status": "error", "exit_code": exit_code, "message": message}, indent=2))
        elif _format_requested(sys.argv[1:], "sarif"):  # (a CI step uploading stdout gets a SARIF log)
            from seq2par.cli.sarif import entries_to_sarif

            print(json.dumps(entries_to_sarif([], errors=[message], exit_code=exit_code), indent=2))
        if hasattr(exc, "show"):
            exc.show()
        else:
            print(f"seq2par: error: {exc}", file=sys.stderr)
        sys.exit(exit_code)
    except KeyboardInterrupt:
        _interrupted()
    except OSError as exc:
        if exc.errno == errno.EPIPE:  # `seq2par analyze ... | head`: the reader is gone
            sys.exit(1)
        # a path the system refuses (a name over 255 bytes, a folder where a file is expected...) that no
        # command turned into its own message: still one clear line, not a traceback
        from seq2par.cli.errors import error_exit

        where = f"{exc.filename}: " if exc.filename else ""
        if len(where) > 120:
            where = where[:60] + "..." + where[-40:]
        error_exit("seq2par", f"{where}{exc.strerror or exc}", 2)
        sys.exit(2)
    except SystemExit as exit_:
        if terminated:  # SIGTERM: said like Ctrl-C (under --format json, the error document on stdout)
            from seq2par.cli.errors import error_exit

            error_exit("seq2par", "terminated", 128 + terminated[0])
            sys.exit(128 + terminated[0])
        # Typer turns Ctrl-C into exit status 130 (a SystemExit whose chain holds the KeyboardInterrupt)
        cause = exit_.__context__
        while cause is not None and not isinstance(cause, KeyboardInterrupt):
            cause = cause.__cause__ or cause.__context__
        if cause is None:
            raise
        _interrupted()
    if code == 130:  # Ctrl-C: typer gives it as Exit(130) outside standalone mode
        _interrupted()
    sys.exit(code if isinstance(code, int) else 0)


def _format_requested(args: list[str], kind: str) -> bool:
    """`--format KIND` (or `--format=KIND`) among the words before `--`."""
    words = args[:args.index("--")] if "--" in args else args
    pairs = zip(words, words[1:], strict=False)
    return f"--format={kind}" in words or any(a == "--format" and b == kind for a, b in pairs)


def _files_named_like_options(args: list[str]) -> list[str]:
    """`check`'s arguments with a source file whose name starts with `-` (pre-commit passes `-x.c` as it is)
    written `./-x.c`, so that it is not read as an option and the rest of the hook's batch is still checked.
    Only words before `--` that name an existing file with a suffix `check` reads."""
    suffixes = (".c", ".h", ".cpp", ".cc", ".cxx", ".c++", ".hpp", ".hh", ".hxx", ".cu", ".cuh")
    out = list(args)
    for position, word in enumerate(args):
        if word == "--":
            break
        if word.startswith("-") and word.lower().endswith(suffixes) and Path(word).is_file():
            out[position] = "./" + word
    return out


def _interrupted() -> None:
    """Ctrl-C: say so, and under --format json/sarif leave the error document on stdout as for any error
    (stdout was left empty: a tool reading it got nothing to parse)."""
    from seq2par.cli.errors import error_exit

    error_exit("seq2par", "interrupted", 130)  # prints; outside the app, the exit is ours to make
    sys.exit(130)


if __name__ == "__main__":
    run()
