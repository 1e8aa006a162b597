"""`seq2par parallelize`: analyze → plan → generate → validate → write (only what validated)."""

from __future__ import annotations

import hashlib
import json
import re
import shlex
import shutil
import statistics
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Annotated, Any

import typer

from seq2par.cli.errors import error_exit, errors_as_json

EXIT_SLOWER = 7  # validated, but even the fastest plan is slower than the original: nothing written
SLOWER_THRESHOLD = 0.95  # below this speedup at np=2 (or beyond the original's own timing spread) = slower
MIN_TIMED_SECONDS = 0.2  # an original faster than this is dominated by start-up: its speed is not judged
MAX_TIMED_PLANS = 3  # the suggested plan, the runner-up, and the heaviest nest alone
CONFIRM_ROUNDS = 3  # rounds of original + plan before a plan is refused as slower
MIN_CPU_SHARE = 0.9  # an original that got less of a core than this ran on a busy machine: do not refuse
PLAN_MARGIN = 0.10  # another plan replaces the suggested one only when this much faster (one sample each is
#   noise-bound: PolyBench deriche at MEDIUM picked a plan that left its kernel sequential, 0.68x-0.83x vs 0.77x-0.80x)


class Target(str, Enum):
    mpi = "mpi"
    cuda = "cuda"
    openmp = "openmp"


class ResultOn(str, Enum):
    rank0 = "rank0"
    all = "all"


class Suggester(str, Enum):
    model = "model"
    cost = "cost"


class OutputFormat(str, Enum):
    text = "text"
    json = "json"


def _error(message: str, code: int) -> typer.Exit:
    return error_exit("seq2par", message, code)


def _progress(message: str, quiet: bool) -> None:
    if not quiet:
        print(f"seq2par: {message}", file=sys.stderr, flush=True)


def _parse_counts(text: str, option: str) -> list[int]:
    from seq2par.cli.validate_cmd import count_list

    try:
        return list(count_list(text, option))
    except ValueError as error:
        raise _error(str(error), 2) from None


def _single_count_message(target: str, given: str) -> str:
    """Why a validation at one rank or thread only is refused: it exercises nothing of the parallel program, and
    `parallelize` labels what it writes VALIDATED."""
    if target == "openmp":
        return (f"--threads {given}: one thread runs every iteration, so no race, private copy or reduction of the "
                "OpenMP program is exercised and its output would validate nothing; give a count of at least 2 "
                "(e.g. --threads 1,2,3), or --no-validate (the output is labelled UNVALIDATED)")
    return (f"--np {given}: one rank computes every row, so no split, gather, halo exchange or reduction of the "
            "MPI program is exercised and its output would validate nothing; give a count of at least 2 (e.g. "
            "--np 2,3), or --no-validate (the output is labelled UNVALIDATED)")


def default_output(source: Path, target: str, function: str | None = None) -> Path:
    """Where a target's program goes by default: <stem>.mpi.c, <stem>.cu, <stem>.omp.c."""
    from seq2par.generators.backends import get_backend

    return get_backend(target).output_name(source, function)


def _check_function_mode(function: str | None, driver: Path | None, result_on: ResultOn, target: Target,
                         no_validate: bool) -> None:
    """Function mode needs a caller to validate with (or --no-validate); --driver and --result only make
    sense with --function."""
    if function is None:
        if driver is not None:
            raise _error("--driver needs --function NAME (the function the driver calls)", 2)
        if result_on != ResultOn.rank0:
            raise _error("--result is the MPI function-mode contract: give --function NAME too", 2)
        return
    if target == Target.cuda:
        raise _error("--function is available for --target openmp and mpi", 2)
    if target != Target.mpi and result_on != ResultOn.rank0:
        raise _error("--result is the MPI function-mode contract (--target mpi)", 2)
    if driver is None and not no_validate:
        raise _error("--function needs --driver FILE (your program that calls the function and prints its "
                     "results) to validate it, or --no-validate (the output is labelled UNVALIDATED)", 2)
    if driver is not None and not driver.is_file():
        raise _error(f"--driver {driver}: no such file", 2)


def _hazard_key(problem: str) -> tuple[str, str]:
    """A `line:column: CODE message` line of `check` without its position and the line numbers it cites,
    so that a finding on the source and the same one on the parallel program (lines moved) compare equal."""
    text = re.sub(r"^\d+:\d+:\s*", "", problem)
    code, _, message = text.partition(" ")
    return code, re.sub(r"\b(lines?) \d+(?:[-–, ]+\d+)*", r"\1 N", message)


def _loop_rows(generated) -> list[dict]:
    return [{"line": p.loop.line, "function": p.loop.function, "plan": p.describe()} for p in generated.distributed]


def _sequential_rows(generated) -> list[dict]:
    return [{"line": lp.line, "function": lp.function, "reason": why} for lp, why in generated.sequential]


def register(app: typer.Typer) -> None:
    @app.command()
    def parallelize(
        source: Annotated[Path, typer.Argument(help="Sequential C/C++ program (with main).")],
        compiler_flags: Annotated[list[str] | None, typer.Argument(
            help="Compiler flags for the builds, after `--`.", metavar="-- FLAGS", show_default=False)] = None,
        target: Annotated[Target, typer.Option("--target", help="mpi, cuda or openmp.")] = Target.mpi,
        output: Annotated[Path | None, typer.Option("-o", "--output", help="Where to write the parallel "
                                                     "program (default <stem>.mpi.c / <stem>.cu / "
                                                     "<stem>.omp.c).")] = None,
        diff: Annotated[bool, typer.Option("--diff", help="Print a unified diff against the source.")] = False,
        np: Annotated[str, typer.Option("--np", help="Rank counts to validate with (one of them 2 or more).")] = "2,3",
        threads: Annotated[str, typer.Option("--threads", help="OpenMP thread counts to validate with "
                                             "(OMP_NUM_THREADS; one of them 2 or more; timed at 2).")] = "1,2,3",
        function: Annotated[str | None, typer.Option(
            "--function", metavar="NAME", help="Function mode: parallelize this function only, keeping its "
            "signature; the file needs no main. Validated with --driver.")] = None,
        driver: Annotated[Path | None, typer.Option(
            "--driver", help="Function mode: your program that calls the function and prints its results; "
            "it is compiled and linked once with the original file and once with the parallel one (the "
            "function's file must then have no main).")] = None,
        distinct_params: Annotated[bool, typer.Option(
            "--distinct-params", help="Function mode contract: the function's `const &` parameters (its inputs) "
            "are never the objects it writes nor parts of them (the caller does not pass an output, or an "
            "element of one, as an input too: not `scale(y, y[k])`); then they cannot alias its outputs.")] = False,
        result_on: Annotated[ResultOn, typer.Option(
            "--result", help="MPI function mode contract: the caller has initialized MPI and every rank holds "
            "the inputs; results are needed on rank0 or on all ranks.")] = ResultOn.rank0,
        runs: Annotated[int, typer.Option("--runs", help="Timed runs per configuration (median).")] = 3,
        rtol: Annotated[float, typer.Option("--rtol", help="Relative tolerance for numbers.")] = 1e-9,
        atol: Annotated[float, typer.Option("--atol", help="Absolute tolerance for numbers.")] = 1e-12,
        timeout: Annotated[float, typer.Option("--timeout", help="Seconds per run before it is killed.")] = 120.0,
        args: Annotated[str, typer.Option("--args", help="Arguments for the program (one string).")] = "",
        stdin: Annotated[Path | None, typer.Option("--stdin", help="File to feed on standard input.")] = None,
        cwd: Annotated[Path | None, typer.Option(
            "--cwd", help="Run the programs in this folder (where their input files are; default: a scratch "
            "folder, whose files are compared and removed). Files they create or change there are compared; "
            "files they change or delete are put back after every run (a folder up to 1 GiB).",
            show_default=False)] = None,
        launcher: Annotated[str | None, typer.Option("--launcher", help="e.g. 'srun -n {np}'.")] = None,
        ignore_stderr: Annotated[bool, typer.Option("--ignore-stderr", help="Compare stdout and written files "
                                                     "only (e.g. an MPI library that warns on stderr).")] = False,
        no_validate: Annotated[bool, typer.Option("--no-validate", help="Write without validating "
                                                   "(the file is labelled UNVALIDATED).")] = False,
        keep_failed: Annotated[bool, typer.Option("--keep-failed", help="Write the program even if "
                                                   "validation fails (labelled as failed).")] = False,
        in_place: Annotated[bool, typer.Option("--in-place", help="Replace the source, keeping "
                                                "<source>.orig.")] = False,
        force: Annotated[bool, typer.Option("--force", help="Let -o replace an existing file that is not "
                                            "seq2par output (never the source or another input).")] = False,
        arch: Annotated[str, typer.Option("--arch", help="CUDA architectures to compile for.")] = "sm_75,sm_90",
        block: Annotated[int, typer.Option("--block", help="CUDA threads per block (a power of two, 32 to "
                                                           "1024).")] = 256,
        output_format: Annotated[OutputFormat, typer.Option("--format", help="text or json.")] = OutputFormat.text,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress messages and no notes (errors, "
                                            "warnings and the result are still printed).")] = False,
        suggester: Annotated[Suggester, typer.Option("--suggester", help="Who ranks the legal MPI plans: cost "
                                                     "(the transparent rules; default, the better of the two "
                                                     "on held-out programs) or model (the fine-tuned "
                                                     "transformer). See docs/model.md.")]
        = Suggester.cost,
        model: Annotated[Path | None, typer.Option("--model", help="Plan-model checkpoint to rank plans with "
                                                   "(implies --suggester model; default checkpoint: the "
                                                   "packaged one).")] = None,
        generator_model: Annotated[Path | None, typer.Option(
            "--generator-model", help="Local causal LM that proposes rewrites of sequential loop nests; a "
            "rewrite is used only if the analysis finds it parallel and it validates.")] = None,
        ignore_line: Annotated[list[str] | None, typer.Option(
            "--ignore-line", metavar="REGEX", help="Drop lines matching REGEX from every compared output "
            "(repeatable; also `ignore-line` in [tool.seq2par]).", show_default=False)] = None,
        rounding_noise: Annotated[bool, typer.Option(
            "--rounding-noise/--no-rounding-noise", help="When a number differs beyond rtol/atol, run the "
            "original under other rounding modes and compare the digits it does not determine within that "
            "noise (x10). Off: every number within rtol/atol.")] = True,
        allow_slower: Annotated[bool, typer.Option(
            "--allow-slower", help="Write the fastest validated plan even when it is slower than the "
            "original at np=2; in MPI function mode, also distribute loops too cheap to pay for gathering "
            "their results.")] = False,
    ) -> None:
        """Generate a parallel version of SOURCE and validate it against the original.

        The output is written only when validation passed (exit 0). Exit 3: nothing legal to
        parallelize (reasons printed). Exit 4: validation failed (nothing written unless --keep-failed), or
        the generated OpenMP program fails the `check` hazard rules (never written).
        Exit 5: build failed or toolchain missing. Exit 6: a program crashed or timed out. Exit 7: the
        fastest validated MPI or OpenMP plan is slower than the original at np=2 / 2 threads (nothing written unless
        --allow-slower). Compiler flags go after `--`. The source file is never modified unless --in-place.
        """
        errors_as_json(output_format == OutputFormat.json)
        from seq2par.analyzers import ParseError, analyze_file
        from seq2par.cli.validate_cmd import configured_ignore_lines, output_flag, stray_argument
        from seq2par.generators.backends import GenerateOptions, RunOptions, get_backend, valid_cuda_block
        from seq2par.generators.edits import TransformationError, unified_diff

        backend = get_backend(target.value)
        if not source.exists():  # also a link to nothing, or a loop of links
            raise _error(f"{source}: no such file", 2)
        if not source.is_file():  # a folder, a FIFO (reading one may block forever), a device
            raise _error(f"{source}: {'a folder' if source.is_dir() else 'not a regular file'}, not a source file", 2)
        flags = list(compiler_flags or [])
        if (written := output_flag(flags)) is not None:  # (before the stray word: `-o hijack` is one flag)
            raise _error(f"compiler flag {written!r} chooses where the compiler writes; seq2par builds in a folder "
                         "of its own: leave it out", 2)
        stray = stray_argument(flags)
        if stray is not None:
            raise _error(f"unexpected argument {stray!r}: compiler flags go after `--`", 2)
        try:
            patterns = [*configured_ignore_lines(source.resolve().parent), *(ignore_line or [])]
        except ValueError as exc:
            raise _error(str(exc), 2) from None
        counts = _parse_counts(threads, "--threads") if backend.count_name == "threads" else _parse_counts(np, "--np")
        if not no_validate and backend.name in ("mpi", "openmp") and max(counts) < 2:
            raise _error(_single_count_message(backend.name, threads if backend.name == "openmp" else np), 2)
        if not valid_cuda_block(block):
            raise _error(f"--block {block}: use a power of two between 32 and 1024 (CUDA threads per block)", 2)
        if model is not None and not model.exists():
            raise _error(f"--model {model}: no such checkpoint (a file or a saved model folder)", 2)
        _check_function_mode(function, driver, result_on, target, no_validate)
        if in_place and target == Target.cuda and source.suffix != ".cu":
            raise _error("--in-place with --target cuda would write CUDA into a C/C++ file; give -o k.cu", 2)
        if in_place and output is not None:
            raise _error("--in-place and -o/--output conflict: --in-place writes the source itself", 2)
        if diff and output_format == OutputFormat.json:
            raise _error("--diff and --format json conflict: stdout carries one of them (the JSON has the "
                         "output path; run `diff` on it)", 2)
        try:
            shlex.split(args)
        except ValueError as exc:
            raise _error(f"--args cannot be split into arguments: {exc}", 2) from None
        if cwd is not None and not cwd.is_dir():
            raise _error(f"--cwd {cwd} is not a folder", 2)
        if cwd is not None and driver is not None and target == Target.mpi:
            raise _error("--cwd is not supported with an MPI --driver yet: its runs use a scratch folder", 2)
        out_path = source if in_place else (output or backend.output_name(source, function))
        _check_output(source, out_path, in_place, {"--driver": driver, "--stdin": stdin}, named=output is not None,
                      force=force)
        try:
            # what --in-place keeps in <source>.orig; its BOM and line endings are the output's
            original_bytes = source.read_bytes()
            _check_utf8(source)
        except OSError as exc:
            raise _error(f"cannot read {source}: {exc.strerror or exc}", 2) from None
        _progress(f"analyzing {source}", quiet)
        try:
            report = analyze_file(source, flags, use_libclang=True)
        except ParseError as exc:
            raise _error(str(exc), 2) from None
        if report.parse_errors:
            raise _error(_cuda_code(source, original_bytes) or report.unreadable(), 2)
        rewrites: list = []
        if generator_model is not None and target == Target.mpi and function is None:
            report, rewrites = _apply_rewrites(source, report, generator_model, flags, quiet)
        suggestion, ranked = None, []
        if function is not None:  # a name the file does not define (once) is a usage error, not "nothing to do"
            from seq2par.generators.backends import function_loop_ids

            try:
                function_loop_ids(report, function)
            except TransformationError as exc:
                raise _error(str(exc), 2) from None
        if distinct_params and function is None:
            raise _error("--distinct-params is a function-mode contract: give --function NAME too", 2)
        if function is None and not no_validate and target != Target.mpi and "main" not in report.program.functions:
            # (the MPI target says so when it generates: MPI_Init needs a main)
            raise _error(f"{source} has no main(): there is no program to validate; give --function NAME with "
                         "--driver test.c (your program that calls it), or --no-validate", 2)
        generate_options = GenerateOptions(block=block, function=function, result=result_on.value,
                                           distinct_params=distinct_params, flags=tuple(flags),
                                           cost_model=not allow_slower)
        if target == Target.mpi and function is None:
            kind = "model" if model is not None else suggester.value  # a checkpoint given means: use it
            decisions, suggestion, ranked = _suggest_plans(report, kind, model, quiet)
            generate_options = GenerateOptions(decisions=decisions, block=block)
        try:
            generated = backend.generate(report, generate_options)
        except RecursionError:
            raise _error(f"{source}: loops or expressions nested too deeply to generate code for", 2) from None
        except TransformationError as exc:
            if output_format == OutputFormat.json:
                print(json.dumps({"status": "nothing-to-parallelize", "message": str(exc)}, indent=2))
            print(f"seq2par: {exc}", file=sys.stderr)
            raise typer.Exit(3) from None
        for plan in generated.distributed:
            _progress(f"line {plan.loop.line}: {plan.describe()}", quiet)
        for loop, why in getattr(generated, "sequential", []):  # why the others stay as they are
            _progress(f"line {loop.line}: stays sequential: {why}", quiet)
        result: dict = {"source": str(source), "target": target.value, "output": None,
                        "function": function, "loops": _loop_rows(generated), "sequential": _sequential_rows(generated),
                        "validation": None, "suggestion": suggestion, "speed": None,
                        "rewrites": [r.to_dict() for r in rewrites]}
        code = generated.source
        status, exit_code = "unvalidated", 0
        slower_note = ""
        with tempfile.TemporaryDirectory(prefix="seq2par-") as tmp:
            candidate = Path(tmp) / backend.output_name(Path(source.name), function).name
            candidate.write_text(code)
            if not no_validate:
                from seq2par.validators import ToolchainError, ValidationError

                run = RunOptions(counts=tuple(counts), runs=runs, rtol=rtol, atol=atol, timeout=timeout,
                                 args=tuple(shlex.split(args)), stdin=stdin,
                                 # The candidate is built in a scratch folder: `#include "local.h"` must
                                 # still find the source's folder (after the user's own -I folders).
                                 flags=(*flags, f"-I{source.resolve().parent}"), launcher=launcher,
                                 compare_stderr=not ignore_stderr, ignore_lines=tuple(patterns),
                                 rounding_noise=rounding_noise, archs=tuple(arch.split(",")),
                                 driver=driver.resolve() if driver is not None else None,
                                 cwd=cwd.resolve() if cwd is not None else None)
                _progress(f"validating ({backend.describe_validation(run)})", quiet)
                problems = backend.second_gate(candidate, run)
                if problems:
                    # the source's own directives (kept as written) may be what fails: those are the user's to fix
                    own = backend.second_gate(source, run)
                    known = Counter(_hazard_key(problem) for problem in own)
                    ours = []
                    for problem in problems:
                        if known[_hazard_key(problem)] > 0:
                            known[_hazard_key(problem)] -= 1
                        else:
                            ours.append(problem)
                    if own:
                        print(f"seq2par: the source's own directives fail `seq2par check` (seq2par leaves them as "
                              f"written, and the {target.value} program would run them):", file=sys.stderr)
                        for problem in own:
                            print(f"  {source.name}:{problem}", file=sys.stderr)
                    if ours:
                        print(f"seq2par: the generated {target.value} program fails `seq2par check`:", file=sys.stderr)
                        for problem in ours:
                            print(f"  {candidate.name}:{problem}", file=sys.stderr)
                        print("seq2par: nothing written (a hazard in generated code is a bug of seq2par: please "
                              "report it)", file=sys.stderr)
                    else:
                        print("seq2par: nothing written: fix or remove those directives first (`seq2par check "
                              f"{source.name}` lists them)", file=sys.stderr)
                    result["status"] = "hazard"
                    result["hazards"] = ours
                    result["source_hazards"] = own
                    if output_format == OutputFormat.json:
                        print(json.dumps(result, indent=2))
                    raise typer.Exit(4)
                try:
                    validation = backend.validate(source, candidate, generated, run)
                    print_validation(validation, quiet)
                    exact = _exact_sums(backend, report, generated, generate_options, validation, quiet)
                    if exact is not None:
                        # the same plan with every sum in the original order (no SIMD partial sums)
                        generated, generate_options = exact
                        code = generated.source
                        candidate.write_text(code)
                        problems = backend.second_gate(candidate, run)
                        if problems:
                            raise _error(f"the generated {target.value} program fails `seq2par check`: "
                                         f"{'; '.join(problems)}; nothing written (a bug of seq2par)", 4)
                        validation = backend.validate(source, candidate, generated, run)
                        print_validation(validation, quiet)
                except ToolchainError as exc:
                    raise _error(str(exc), 5) from None
                except ValidationError as exc:  # an unusable option value (--timeout, --rtol, ...)
                    raise _error(str(exc), 2) from None
                if backend.times_plans and validation.exit_code == 0:
                    try:
                        speed = _time_plans(backend, report, generated, validation, ranked, generate_options,
                                            Path(tmp), source, run, quiet)
                    except (ToolchainError, ValidationError) as exc:
                        raise _error(str(exc), 5 if isinstance(exc, ToolchainError) else 2) from None
                    result["speed"] = speed.to_dict()
                    if speed.chosen is not None:
                        generated, validation = speed.chosen.generated, speed.chosen.validation
                        code = generated.source
                        result["loops"] = _loop_rows(generated)
                        result["sequential"] = _sequential_rows(generated)
                    if speed.slower:
                        slower_note = speed.message
                result["validation"] = validation.to_dict()
                exit_code = validation.exit_code
                status = validation.status
                if validation.mode == "emulated" and status == "equal":
                    status = "emulated"
                if status == "equal" and validation.compared_nothing:
                    status = "unchecked"  # written, and labelled so: nothing was there to compare
                    print("seq2par: warning: nothing was left to compare (the original prints nothing and writes no "
                          "file, or --ignore-line dropped all it printed); the output is labelled UNCHECKED",
                          file=sys.stderr)
                if slower_note:
                    if allow_slower:
                        _progress(f"note: {slower_note}; written anyway (--allow-slower)", quiet)
                    else:
                        status, exit_code = "slower", EXIT_SLOWER
                        print(f"seq2par: {slower_note}: nothing written (--allow-slower writes it)",
                              file=sys.stderr)
        label = _label(status, target.value, slower_note)
        code = in_source_conventions(code, original_bytes)
        unlabelled = code
        code = signed(label, code)
        result["status"] = status
        if exit_code == 0 or (keep_failed and exit_code != EXIT_SLOWER):
            try:
                backup = None
                if in_place:
                    backup = _keep_original(source, original_bytes)
                    _progress(f"kept the original as {backup}", quiet)
                out_path.parent.mkdir(parents=True, exist_ok=True)
                out_path.write_text(code)
            except OSError as exc:
                if backup is not None and source.read_bytes() == original_bytes:
                    backup.unlink()  # the source is untouched: a stale backup would refuse the next --in-place
                raise _error(f"cannot write {out_path}: {exc.strerror or exc}", 2) from None
            result["output"] = str(out_path)
            _progress(f"wrote {out_path}", quiet)
        elif exit_code != EXIT_SLOWER:
            _progress("validation failed: nothing written (use --keep-failed to keep the program)", quiet)
        if diff:
            # A backend that only inserts directives shows exactly those lines (the label is in the file).
            # The source as read, line endings included (read_text would turn `\r\n` into `\n`, and every
            # line of a CRLF source would differ).
            shown = unlabelled if backend.minimal_diff else code
            print(unified_diff(original_bytes.decode("utf-8", "replace"), shown, str(source), str(out_path)))
        if output_format == OutputFormat.json:
            print(json.dumps(result, indent=2))
        raise typer.Exit(exit_code)


def _cuda_code(source: Path, data: bytes) -> str | None:
    """For a CUDA file (.cu, .cuh) with kernels, qualifiers or launches, which the C++ parser reads as syntax
    errors: the message that says so, where the first one is; else None."""
    if source.suffix.lower() not in (".cu", ".cuh"):
        return None
    from seq2par.cli.hazards import blank_cuda

    blanked, _ = blank_cuda(data)
    first = next((at for at, (was, now) in enumerate(zip(data, blanked, strict=True)) if was != now), None)
    if first is None:
        return None
    line = data[:first].count(b"\n") + 1
    return (f"{source}:{line}: CUDA code (a kernel, a CUDA qualifier or a <<<...>>> launch): parallelize takes a "
            "sequential C/C++ program (a .cu file of host code only is fine); `seq2par analyze` and `seq2par "
            "check` read CUDA files")


def _check_utf8(source: Path) -> None:
    """Refuse a source with bytes that are not UTF-8 (a Latin-1 string literal): generated code is written as
    UTF-8, so such a byte would change, and with it what the program prints."""
    from seq2par.analyzers.analyze import binary_data
    from seq2par.analyzers.frontend import first_non_utf8

    if not source.is_file():
        return  # the analysis says what it is
    data = source.read_bytes()
    if binary_data(data):
        return  # the analysis says so (its bytes are not a Latin-1 string to convert)
    at = first_non_utf8(data)
    if at is not None:
        line = data[:at].count(b"\n") + 1
        raise _error(f"{source}:{line}: bytes that are not UTF-8 (a Latin-1 string?); the generated code would "
                     f"not keep them: convert the file first (iconv -f latin1 -t utf-8 {source})", 2)


def _same_file(a: Path, b: Path) -> bool:
    """One file under two names (also through a hard or symbolic link; a link loop is no file)."""
    try:
        return a.resolve() == b.resolve() or a.exists() and b.exists() and a.samefile(b)
    except (OSError, RuntimeError):
        return False


def _seq2par_output(path: Path) -> bool:
    """The file starts with the label seq2par writes (`/* seq2par: VALIDATED ...`)."""
    try:
        with open(path, "rb") as handle:
            return handle.read(64).removeprefix(_UTF8_BOM).lstrip().startswith(b"/* seq2par:")
    except OSError:
        return False


_DIGEST = re.compile(r" \[digest ([0-9a-f]{16})\] \*/\r?\n")
_UTF8_BOM = b"\xef\xbb\xbf"


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8", "surrogateescape")).hexdigest()[:16]


def in_source_conventions(code: str, source: bytes) -> str:
    """`code`, generated from `source`, with the source's conventions: the byte order mark of a source that
    starts with one at the start (where `signed` keeps it: a compiler skips a BOM only as the file's first
    bytes), and the lines the generator inserted (ending in LF) ending in CRLF when every line of `source`
    ends so (a source that mixes both keeps the generator's LF)."""
    if source.startswith(_UTF8_BOM) and not code.startswith("\ufeff"):
        code = "\ufeff" + code.replace("\ufeff", "", 1)  # (code inserted before the source's first byte)
    if b"\r\n" not in source or source.count(b"\n") != source.count(b"\r\n"):
        return code
    return re.sub(r"(?<!\r)\n", "\r\n", code)


def signed(label: str, body: str) -> str:
    """`label` (one `/* seq2par: ... */` line) with a digest of `body` in it, then `body`: a later run can
    tell the file it wrote from one edited since (hand tuning that a new run must not replace silently).

    The label ends as `body`'s first line does (CRLF in a CRLF source). A byte order mark that starts
    `body` stays the file's first bytes, before the label: compilers skip a BOM only there (nvcc rejects one
    on line 2). The digest covers the body without it."""
    assert label.endswith(" */\n")
    bom = "\ufeff" if body.startswith("\ufeff") else ""
    body = body.removeprefix(bom)
    first_line = body.partition("\n")[0]
    newline = "\r\n" if first_line.endswith("\r") else "\n"
    return f"{bom}{label[:-4]} [digest {_digest(body)}] */{newline}{body}"


def edited_output(path: Path) -> bool:
    """Whether `path` is seq2par output with a digest that its text no longer matches (edited by hand since);
    output without a digest (written before digests) is taken as not edited."""
    try:  # bytes as written: read_text would turn a CRLF source's `\r\n` into `\n` and change the digest
        text = path.read_bytes().decode("utf-8", errors="surrogateescape")
    except OSError:
        return False
    first, _, body = text.removeprefix("\ufeff").partition("\n")
    found = _DIGEST.search(first + "\n")
    return found is not None and found.group(1) != _digest(body)


def _keep_original(source: Path, original: bytes) -> Path:
    """Write `original` (the source as the run read it) to <source>.orig, which must not exist yet: created
    exclusively, so that of two --in-place runs over one file the second refuses (it backed up the first
    one's output and the original was lost); nothing is written if the source changed since it was read."""
    backup = source.with_name(source.name + ".orig")
    if source.read_bytes() != original:
        raise _error(f"{source} changed while seq2par ran (another --in-place run?): nothing written", 2)
    try:
        with open(backup, "xb") as kept:
            kept.write(original)
    except FileExistsError:
        raise _error(f"{backup} appeared while seq2par ran (another --in-place run?): nothing written", 2) from None
    shutil.copystat(source, backup)
    return backup


def _check_output(source: Path, out_path: Path, in_place: bool, inputs: dict[str, Path | None], *,
                  named: bool = True, force: bool = False) -> None:
    """Refuse, before any work, an output that would destroy the source or cannot be written: the source
    itself without --in-place (also through a hard or symbolic link), another input of the run (`inputs`:
    the driver, the stdin file), a folder, an --in-place run over a source that already has a .orig backup
    or is already seq2par output (a second run would replace the only copy of the original)."""
    for option, path in inputs.items():
        if path is not None and _same_file(out_path, path):
            raise _error(f"refusing to overwrite {path}, the {option} file, with the generated code; give "
                         "another -o", 2)
    if in_place:
        backup = source.with_name(source.name + ".orig")
        if backup.exists():
            raise _error(f"{backup} already exists: a second --in-place run would replace the backup of the "
                         "original; move it away first", 2)
        if _seq2par_output(source):
            raise _error(f"{source} is already seq2par output; parallelize the original instead", 2)
        return
    if _same_file(out_path, source):
        why = "-o names the same file" if named else f"the default output name is {out_path.name} itself; give -o"
        raise _error(f"refusing to overwrite the source {source} ({why}); use --in-place "
                     f"(keeps {source}.orig)", 2)
    if out_path.is_dir():
        raise _error(f"-o {out_path} is a folder; give a file name", 2)
    if not force and out_path.is_file() and not _seq2par_output(out_path):
        # a file someone wrote by hand (`s.omp.c`, or a typo in -o): replaced only when asked for
        raise _error(f"{out_path} exists and is not seq2par output: refusing to replace it; give --force to "
                     "replace it, or another -o", 2)
    if not named and not force and out_path.is_file() and edited_output(out_path):
        raise _error(f"{out_path} was edited since seq2par wrote it: refusing to replace the edits; give -o "
                     f"{out_path} or --force to replace it, or another -o", 2)
    parent = next((folder for folder in out_path.absolute().parents if folder.exists()), None)
    if parent is not None and not parent.is_dir():
        raise _error(f"cannot write {out_path}: {parent} is not a folder", 2)


def _suggest_plan(report, kind: str, model_path: Path | None, quiet: bool) -> tuple[dict | None, dict | None]:
    """The top-ranked legal plan (decisions per loop id) and a JSON summary; the cost model when the
    checkpoint cannot be loaded (with a note). Decisions outside `options()` are never passed on."""
    decisions, summary, _ = _suggest_plans(report, kind, model_path, quiet)
    return decisions, summary


def _suggest_plans(report, kind: str, model_path: Path | None,
                   quiet: bool) -> tuple[dict | None, dict | None, list[dict[int, str]]]:
    """As `_suggest_plan`, plus every ranked plan that passed `check_plan`, best first (the candidates
    `_time_plans` may time)."""
    from seq2par.generators.mpi import MpiGenerator
    from seq2par.models.suggest import SuggesterError, check_plan, load_suggester

    options = MpiGenerator(report).options()
    if not options:
        return None, None, []
    chosen, note = load_suggester(kind, model_path)
    if note:
        _progress(f"note: {note}", quiet)
    plans = chosen.suggest(report, options)
    if not plans:
        return None, {"suggester": chosen.name, "note": note, "plan": None}, []
    try:
        check_plan(plans[0].decisions, options)
    except SuggesterError as exc:  # never reached by our suggesters; kept as a hard gate
        _progress(f"note: ignoring the suggested plan: {exc}", quiet)
        return None, {"suggester": chosen.name, "note": str(exc), "plan": None}, []
    legal = []
    for plan in plans:
        try:
            check_plan(plan.decisions, options)
        except SuggesterError:
            continue
        legal.append(plan.decisions)
    _progress(f"plan by the {chosen.name} suggester: {plans[0].rationale}", quiet)
    return plans[0].decisions, {"suggester": chosen.name, "note": note, "plan": plans[0].to_dict()}, legal


@dataclass
class _TimedPlan:
    """A candidate plan that was generated, validated and timed."""

    name: str
    generated: Any
    validation: Any
    speedup: float | None

    def to_dict(self) -> dict:
        return {"plan": self.name, "status": self.validation.status, "speedup": self.speedup,
                "loops": [p.loop.line for p in self.generated.distributed]}


@dataclass
class _Speed:
    """What timing the candidate plans found: whether the original could be timed, every plan timed, the
    plan to write (None: the suggested one) and whether even the fastest is slower than the original."""

    judged: bool
    note: str
    np: int | None = None
    threshold: float = SLOWER_THRESHOLD
    timed: list[_TimedPlan] = field(default_factory=list)
    chosen: _TimedPlan | None = None
    slower: bool = False
    message: str = ""

    def to_dict(self) -> dict:
        fastest = max(self.timed, key=lambda plan: plan.speedup or 0.0) if self.timed else None
        return {"judged": self.judged, "note": self.note, "np": self.np, "threshold": self.threshold,
                "plans": [plan.to_dict() for plan in self.timed],
                "fastest": fastest.name if fastest else None, "slower": self.slower}


def _plan_name(label: str, generated) -> str:
    loops = ", ".join(f"line {p.loop.line} {getattr(p, 'schedule', '')}".rstrip() for p in generated.distributed) \
        or "no loop"
    return f"{label} ({loops})"


def _judged_entry(validation, np: int):
    # MPI entries carry the rank count, OpenMP entries the thread count, in `np`
    return next((entry for entry in validation.entries if entry.np == np), None)


def _exact_sums(backend, report, generated, options, validation, quiet: bool) -> tuple[Any, Any] | None:
    """When the program's output differs from the original's beyond its measured rounding noise and the
    program sums into held locals in SIMD lanes (partial sums per lane, `GenerateOptions.lane_sums`): the
    same plan with those sums in the original order, and its options; else None. A rounding-sensitive
    result (PolyBench gramschmidt's R[k][j], from a nearly rank-deficient matrix) moves more under the
    lanes' reassociation than under the rounding modes the noise is measured with."""
    from dataclasses import replace

    from seq2par.generators.edits import TransformationError

    if validation.status != "mismatch" or not options.lane_sums:
        return None
    exact_options = replace(options, lane_sums=False)
    try:
        exact = backend.generate(report, exact_options)
    except TransformationError:
        return None
    if exact.source == generated.source:
        return None
    _progress("the SIMD partial sums moved the output beyond the original's rounding noise: validating the same "
              "plan with every sum in the original order", quiet)
    return exact, exact_options


def _challengers(timed: list[_TimedPlan], top: _TimedPlan) -> list[_TimedPlan]:
    """The timed plans that may replace the suggested plan `top`, fastest first: those faster than it by more
    than PLAN_MARGIN (all faster ones when it has no speedup). Within the margin the timings cannot tell the
    plans apart on this input, and the cost model's choice stands."""
    bar = (top.speedup or 0.0) * (1.0 + PLAN_MARGIN)
    return sorted((plan for plan in timed if plan is not top and (plan.speedup or 0.0) > bar),
                  key=lambda plan: -(plan.speedup or 0.0))


def _confirmed(top_again: float | None, challenger_again: float | None) -> bool:
    """Whether a challenger timed again is still faster than the suggested plan timed again by more than
    PLAN_MARGIN (any speedup wins over a suggested plan that could not be timed)."""
    return challenger_again is not None and challenger_again > (top_again or 0.0) * (1.0 + PLAN_MARGIN)


def _retimed(backend, source: Path, folder: Path, plan: _TimedPlan, at_judge):
    """The plan validated and timed again at `at_judge`'s count, over its `runs` alternating rounds with the
    original."""
    path = folder / f"retimed{source.suffix}"
    path.write_text(plan.generated.source)
    return backend.validate(source, path, plan.generated, at_judge)


def _speedup_of(check, judge_np: int) -> float | None:
    """The speedup a validation run measured at `judge_np` (None when it failed or did not time it)."""
    entry = _judged_entry(check, judge_np)
    return entry.speedup if check.exit_code == 0 and entry is not None else None


def _time_plans(backend, report, generated, validation, ranked: list[dict[int, str]], options, folder: Path,
                source: Path, run, quiet: bool) -> _Speed:
    """Time the validated suggested plan against the backend's alternatives and pick the fastest at 2
    ranks or threads (or the smallest count), another plan only when it is faster by more than PLAN_MARGIN
    (`_challengers`) and again when both are timed in CONFIRM_ROUNDS more rounds; flag it as slower when
    even the fastest is below `SLOWER_THRESHOLD`x the original, or below 1 minus the original's own spread
    between runs when that spread is larger.

    For MPI the alternatives are the suggester's runner-up and a coarser plan that distributes only the
    heaviest loop nest of the suggested plan; each is validated and timed at that count alone, and the
    fastest, if it is not the suggested plan, is validated again at every count before it can be chosen.
    An original that runs under `MIN_TIMED_SECONDS` is not judged: start-up dominates it."""
    from dataclasses import replace

    from seq2par.generators.edits import TransformationError

    counts = list(run.counts)
    # (one rank or thread runs nothing in parallel: its time says nothing about the plan's speed)
    judge_np = 2 if 2 in counts else min([count for count in counts if count >= 2] or counts)
    median = validation.original_median_seconds
    if median is None or median < MIN_TIMED_SECONDS:
        note = (f"the original runs in {median or 0:.3f} s, too briefly to time against start-up: the plan "
                "was not judged for speed (give a larger input with --args/--stdin to judge it)")
        _progress(f"note: {note}", quiet)
        return _Speed(False, note, judge_np)
    entry = _judged_entry(validation, judge_np)
    top = _TimedPlan(_plan_name("suggested plan", generated), generated, validation,
                     entry.speedup if entry else None)
    timed = [top]
    seen = {generated.source}
    at_judge = replace(run, counts=(judge_np,))
    for label, other_options in backend.alternatives(report, ranked, options)[:MAX_TIMED_PLANS - 1]:
        try:
            other = backend.generate(report, other_options)
        except TransformationError:
            continue
        if other.source in seen or not other.distributed:
            continue
        seen.add(other.source)
        path = folder / f"{label.replace(' ', '-')}{source.suffix}"
        path.write_text(other.source)
        name = _plan_name(label, other)
        _progress(f"timing the {name} at {backend.count_name}={judge_np}", quiet)
        check = backend.validate(source, path, other, at_judge)
        if check.exit_code != 0:
            _progress(f"  {check.status}: {check.message}", quiet)
            continue
        other_entry = _judged_entry(check, judge_np)
        timed.append(_TimedPlan(name, other, check, other_entry.speedup if other_entry else None))
        _progress(f"  speedup {timed[-1].speedup or 0:.2f}x", quiet)
    chosen: _TimedPlan | None = None
    rounds = max(CONFIRM_ROUNDS, run.runs)
    top_again = None  # the suggested plan's validation run when timed again (once)
    for plan in _challengers(timed, top):
        # one sample each may be noise: both timed again in alternating rounds with the original, and the
        # challenger must win by the margin again (PolyBench deriche's MPI plan at MEDIUM)
        _progress(f"timing the {plan.name} and the {top.name} again in {rounds} rounds", quiet)
        if top_again is None:
            top_again = _retimed(backend, source, folder, top, replace(at_judge, runs=rounds))
        again = _speedup_of(_retimed(backend, source, folder, plan, replace(at_judge, runs=rounds)), judge_np)
        top_speedup = _speedup_of(top_again, judge_np)
        if not _confirmed(top_speedup, again):
            _progress(f"  {again or 0:.2f}x against {top_speedup or 0:.2f}x: not clearly faster, not chosen", quiet)
            continue
        _progress(f"validating the {plan.name} at {backend.count_name} {','.join(map(str, counts))}", quiet)
        path = folder / f"chosen{source.suffix}"
        path.write_text(plan.generated.source)
        full = backend.validate(source, path, plan.generated, run)
        if full.exit_code == 0:
            chosen = _TimedPlan(plan.name, plan.generated, full, plan.speedup)
            _progress(f"chose the {plan.name}: the fastest at {backend.count_name}={judge_np}", quiet)
            break
    best = chosen or top
    bar = _bar(validation.original_seconds)
    speed = _Speed(True, f"{len(timed)} plan(s) timed at {backend.count_name}={judge_np}", judge_np, bar, timed,
                   chosen)
    speedup = best.speedup
    if speedup is not None and speedup < bar:
        # Never refuse on one noisy sample: time the fastest plan against the original again, in
        # CONFIRM_ROUNDS alternating rounds, and refuse only if that agrees.
        if best is top and top_again is not None:  # timed again already, against a challenger
            confirm = top_again
            _progress(f"the {best.name} looks slower ({speedup:.2f}x); its second timing decides", quiet)
        else:
            _progress(f"the {best.name} looks slower ({speedup:.2f}x); timing it again", quiet)
            confirm = _retimed(backend, source, folder, best, replace(at_judge, runs=rounds))
        again = _speedup_of(confirm, judge_np)
        if again is not None:
            speedup, bar = again, _bar(confirm.original_seconds)
            speed.threshold = bar
            speed.note += f"; the fastest timed again in {confirm.runs} rounds: {speedup:.2f}x"
        share = confirm.original_cpu_share
        if speedup < bar and share is not None and share < MIN_CPU_SHARE:
            speed.note += (f"; not refused: the machine is busy (the original got {share:.0%} of a core), so "
                           "the timings say little")
            _progress(f"note: {speed.note}", quiet)
        elif speedup < bar:
            speed.slower = True
            speed.message = (f"the fastest validated plan, the {best.name}, runs at {speedup:.2f}x the "
                             f"original at {backend.count_name}={judge_np} (below {bar:.2f}x)")
    within = _within_noise_note(speedup, bar, best.name, f"{backend.count_name}={judge_np}")
    if within and not speed.slower:
        speed.note += f"; {within}"
        _progress(f"note: {within}", quiet)
    return speed


def _within_noise_note(speedup: float | None, bar: float, name: str, where: str) -> str | None:
    """What to tell a user whose plan is written although it ran slower than the original: its speedup is
    below 1 but not below the bar, which the original's own run-to-run spread lowered."""
    if speedup is None or speedup >= 1.0 or speedup < bar:
        return None
    return (f"the {name} ran at {speedup:.2f}x the original at {where}: not faster, but within the original's "
            f"own run-to-run spread (only below {bar:.2f}x counts as slower), so it is written; time it again on "
            "a quieter machine")


def _bar(original_seconds: tuple[float, ...]) -> float:
    """The speedup below which a plan counts as slower: `SLOWER_THRESHOLD`, or lower when the original's
    own runs spread more than that (the difference would then be timing noise)."""
    if len(original_seconds) < 2:
        return SLOWER_THRESHOLD
    spread = (max(original_seconds) - min(original_seconds)) / statistics.median(original_seconds)
    return min(SLOWER_THRESHOLD, 1.0 - spread)



def _apply_rewrites(source: Path, report, model_path: Path, flags: list[str], quiet: bool):
    """Let a local causal LM rewrite sequential loop nests; only gated (legal + validated) rewrites are used."""
    from seq2par.analyzers import analyze_source
    from seq2par.models.rewrite import CausalRewriter, RewriteError, RewriteGate, rewrite_sequential_loops

    try:
        rewriter = CausalRewriter(model_path)
    except RewriteError as exc:
        raise _error(str(exc), 2) from None
    new_source, results = rewrite_sequential_loops(source, report, rewriter, RewriteGate(source, flags=tuple(flags)))
    for result in results:
        verdict = "accepted" if result.accepted else "rejected: " + "; ".join(result.reasons)
        _progress(f"line {result.loop_line}: model rewrite {verdict}", quiet)
    if new_source is None:
        return report, results
    return analyze_source(new_source, path=str(source), flags=flags, use_libclang=True), results


def _label(status: str, target: str, slower_note: str = "") -> str:
    if status == "equal" and slower_note:
        return (f"/* seq2par: VALIDATED — output matched the original ({target}); SLOWER: {slower_note} "
                "(written with --allow-slower). */\n")
    if status == "equal":
        return f"/* seq2par: VALIDATED — output matched the original ({target}). */\n"
    if status == "compiled":
        return "/* seq2par: COMPILED, NOT RUN (no GPU) — not validated. */\n"
    if status == "emulated":
        return "/* seq2par: EMULATED on the CPU (kernels run as host loops) — not validated on a GPU. */\n"
    if status == "unchecked":
        return ("/* seq2par: UNCHECKED — built and run, but nothing was left to compare (the original prints "
                "nothing and writes no file, or --ignore-line dropped all it printed): print the results (a "
                "checksum) and validate again. */\n")
    if status == "unvalidated":
        return "/* seq2par: UNVALIDATED — generated with --no-validate; run `seq2par validate` before use. */\n"
    return f"/* seq2par: VALIDATION FAILED ({status}) — do not use this program as is. */\n"


def print_validation(report, quiet: bool = False) -> None:
    """One line per configuration, on stderr (stdout is reserved for --diff / --format json); with --quiet
    only when validation failed, to say why, and without the notes (--quiet drops progress and notes, never
    an error or the result)."""
    if quiet and report.exit_code == 0:
        return
    original = report.original_median_seconds
    if original is not None:
        print(f"  original          {original:8.3f} s", file=sys.stderr)
    for entry in report.entries:
        state = "equal" if entry.equal else ("FAILED" if entry.failure else "MISMATCH")
        seconds = f"{entry.median_seconds:8.3f} s" if entry.median_seconds is not None else "       - "
        speedup = f"speedup {entry.speedup:5.2f}x" if entry.speedup else ""
        print(f"  {entry.label:<16}  {seconds}  {state:<8} {speedup}", file=sys.stderr)
        if entry.mismatch is not None:
            detail = entry.mismatch.describe().replace("\n", "\n    ")
            print(f"    first mismatch: {detail}", file=sys.stderr)
        if entry.failure is not None:
            print(f"    {entry.failure.message}", file=sys.stderr)
    for failure in report.build_failures:
        print(f"  {failure.program} does not compile: {failure.message}", file=sys.stderr)
        print("    $ " + shlex.join(failure.command), file=sys.stderr)
        for line in failure.stderr.splitlines():
            print(f"    {line}", file=sys.stderr)
    for note in (() if quiet else report.notes):
        print(f"  note: {note}", file=sys.stderr)
    print(f"  result: {report.status}: {report.message}", file=sys.stderr)
