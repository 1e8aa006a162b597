"""`seq2par check PATH...`: hazards in parallel code, opportunities in sequential code (hooks and CI).

Exit codes: 0 no failing finding (opportunities are notes), 1 at least one finding whose severity is
`error` (a hazard by default; S2P801 too with `fail-on-opportunities = true`), 2 usage, input or
configuration error, or a syntax error the compiler confirms (S2P100; one only seq2par's grammar finds is
a warning, and one in code the compiler accepts is S2P101, a note). Output: text (compiler style), json,
or sarif (SARIF 2.1.0).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from seq2par.cli.errors import error_exit, errors_as_json, errors_as_sarif

if TYPE_CHECKING:
    from seq2par.analyzers import Finding
    from seq2par.cli.check_config import CheckConfig
    from seq2par.cli.hazards import CheckedSource

CHECK_SUFFIXES = {".c", ".h", ".cpp", ".cc", ".cxx", ".c++", ".hpp", ".hh", ".hxx", ".cu", ".cuh"}
EXIT_HAZARDS = 1
EXIT_USAGE = 2


class CheckFormat(str, Enum):
    text = "text"
    json = "json"
    sarif = "sarif"


@dataclass
class FileResult:
    path: str
    findings: list[tuple[Finding, str]] = field(default_factory=list)  # (finding, severity)
    lines: list[str] = field(default_factory=list)


@dataclass
class CheckResult:
    files: list[FileResult]
    config: CheckConfig
    errors: list[str] = field(default_factory=list)  # unreadable inputs

    def count(self, severity: str) -> int:
        return sum(1 for f in self.files for _, s in f.findings if s == severity)

    @property
    def failed(self) -> bool:
        return any(self.config.fails(finding.code) for f in self.files for finding, _ in f.findings)

    @property
    def exit_code(self) -> int:
        if self.errors or any(finding.code == "S2P100" and level == "error"
                              for f in self.files for finding, level in f.findings):
            return EXIT_USAGE
        return EXIT_HAZARDS if self.failed else 0


def check_findings(checked: CheckedSource, config: CheckConfig, *, functions: set[str] | None = None
                   ) -> list[tuple[Finding, str]]:
    """Hazards, opportunities and syntax errors of one analyzed source, after suppression comments and
    the configured severities (findings whose severity is `off` are dropped)."""
    from seq2par.analyzers.analyze import deep_recursion
    from seq2par.cli.hazards import find_hazards, is_suppressed

    found: list[Finding] = list(checked.report.parse_errors) if functions is None else []
    with deep_recursion(checked.report.path):  # the hazard rules recurse along expressions too
        found += find_hazards(checked, min_trip_count=config.opportunity_min_trip_count, functions=functions)
    out = []
    for finding in found:
        level = config.severity_of(finding.code)
        if finding.code == "S2P100" and finding.extra.get("confirmed") and "S2P100" not in config.severity \
                and level != "off":
            level = "error"  # the compiler rejects it too: the file does not compile (exit 2)
        if level == "off" or is_suppressed(finding, checked.lines):
            continue
        out.append((finding, level))
    out.sort(key=lambda item: (item[0].line, item[0].column, item[0].code))
    return out


def collect_check_sources(paths: list[Path]) -> list[Path]:
    """Files as given, directories walked for C/C++/CUDA sources (hidden folders skipped).

    Raises ValueError for a missing path, a directory without sources, or a file of another language.
    """
    from seq2par.analyzers import ParseError, collect_sources

    try:
        out = collect_sources(paths, CHECK_SUFFIXES)
    except ParseError as exc:
        raise ValueError(str(exc)) from None
    for path in out:
        if path.suffix.lower() not in CHECK_SUFFIXES:
            raise ValueError(f"{path}: not a C/C++/CUDA source file (expected one of "
                             f"{', '.join(sorted(CHECK_SUFFIXES))})")
    return out


def _read(path: Path) -> bytes:
    from seq2par.analyzers.analyze import read_source

    # .cuh is not an analyzer suffix: read it as the .cu it is, with the same size and content checks
    return read_source(path, any_suffix=path.suffix.lower() == ".cuh")


def split_compiler_flags(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """PATH... [-- FLAGS]: Click hands the words after `--` to the variadic PATHS argument, so the first
    word that looks like a compiler flag (and names no existing file) starts the flags, as for `analyze`."""
    split = next((i for i, p in enumerate(paths) if str(p).startswith("-") and not Path(p).exists()), len(paths))
    return paths[:split], [str(p) for p in paths[split:]]


def run_check(paths: list[Path], config: CheckConfig, *, use_libclang: bool = False,
              flags: list[str] | None = None) -> CheckResult:
    """Check every selected file; raises ValueError for bad paths (see collect_check_sources).

    `flags` are compiler flags (`-fopenmp`, `-I inc`, `-D X`): `-D`/`-I` reach the analysis (macro values
    with libclang), the others are accepted and ignored.
    """
    from seq2par.analyzers.frontend import ParseError
    from seq2par.cli.hazards import analyze_for_check

    result = CheckResult([], config)
    for path in collect_check_sources(paths):
        if not config.selects(path):
            continue
        try:
            checked = analyze_for_check(_read(path), path, flags=flags or (), use_libclang=use_libclang)
            findings = check_findings(checked, config)
        except (ParseError, OSError) as exc:
            result.errors.append(str(exc))
            continue
        result.files.append(FileResult(str(path), findings, checked.lines))
    return result


def result_to_sarif(result: CheckResult, root: Path | None = None) -> dict:
    from seq2par.cli.sarif import SarifEntry, entries_to_sarif

    entries = [SarifEntry(f.path, finding, level, f.lines) for f in result.files for finding, level in f.findings]
    return entries_to_sarif(entries, root=root, files=[f.path for f in result.files], errors=result.errors,
                            exit_code=result.exit_code)


def result_to_json(result: CheckResult) -> dict:
    return {
        "files": [f.path for f in result.files],
        "findings": [{"path": f.path, "severity": level, **finding.to_dict()}
                     for f in result.files for finding, level in f.findings],
        "errors": result.errors,
        "summary": {"errors": result.count("error"), "warnings": result.count("warning"),
                    "notes": result.count("note"), "files": len(result.files)},
        "config": str(result.config.source) if result.config.source else None,
        "exit_code": result.exit_code,
    }


def print_text(result: CheckResult, *, quiet: bool = False) -> None:
    """Each finding as a compiler remark (not the notes when `quiet`), then the summary line, which counts
    them all."""
    for file in result.files:
        for finding, level in file.findings:
            if quiet and level == "note":
                continue
            print(f"{file.path}:{finding.line}:{finding.column}: {level} [{finding.code}] {finding.message}")
            if level in ("error", "warning"):
                cause_remedy = finding.extra.get("cause_remedy") if finding.extra else None
                print(f"    fix: {cause_remedy or finding.remedy}")
    errors, warnings, notes = result.count("error"), result.count("warning"), result.count("note")
    print(f"seq2par check: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)}, "
          f"{notes} note{'s' * (notes != 1)} in {len(result.files)} file{'s' * (len(result.files) != 1)}")


def register(app: typer.Typer) -> None:
    """Add the `check` command to `app`."""
    app.command("check")(check)


def check(
    paths: Annotated[list[Path], typer.Argument(
        help="C/C++/CUDA files or directories, then optionally `--` and compiler flags.", show_default=False)],
    output_format: Annotated[CheckFormat, typer.Option("--format", help="text, json or sarif (SARIF 2.1.0).")]
    = CheckFormat.text,
    config: Annotated[Path | None, typer.Option(
        "--config", help="pyproject.toml or .seq2par.toml to read (default: the nearest one).")] = None,
    libclang: Annotated[bool, typer.Option(
        "--libclang", help="Also use libclang (macro values from headers; slower). A region seq2par cannot parse "
        "is always checked with the compiler.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No notes (the opportunities) in the text output; "
                                        "errors, warnings and the summary line are still printed.")] = False,
) -> None:
    """Find data races in OpenMP/CUDA code and parallelization opportunities (for hooks and CI).

    Hazards (an OpenMP loop with a carried dependence, a missing private/reduction clause, a wrong
    reduction operator, a CUDA kernel writing one element from several threads) exit 1; opportunities
    are notes. Silence one finding with `// seq2par: ignore S2P701` on its line or the line before.
    Compiler flags go after `--`: `seq2par check f.c -- -fopenmp -I inc -D N=4`.

    Exit 0: no finding at a failing severity. Exit 1: hazards (or other findings the configuration makes
    fail). Exit 2: usage error, unreadable input or configuration, or a file that does not compile (a
    syntax error the compiler confirms, S2P100).
    """
    from seq2par.cli.check_config import ConfigError, discover_config

    errors_as_json(output_format == CheckFormat.json)
    errors_as_sarif(output_format == CheckFormat.sarif)
    try:
        settings = discover_config(Path.cwd(), config)
    except ConfigError as exc:
        raise error_exit("seq2par", str(exc), EXIT_USAGE) from None
    paths, flags = split_compiler_flags(paths)
    if not paths:
        raise error_exit("seq2par", "no input files (usage: seq2par check PATH... [-- compiler flags])", EXIT_USAGE)
    try:
        result = run_check(paths, settings, use_libclang=libclang, flags=[*settings.compiler_flags, *flags])
    except ValueError as exc:
        raise error_exit("seq2par", str(exc), EXIT_USAGE) from None
    for message in result.errors:
        print(f"seq2par: error: {message}", file=sys.stderr)
    if output_format == CheckFormat.json:
        print(json.dumps(result_to_json(result), indent=2))
    elif output_format == CheckFormat.sarif:
        print(json.dumps(result_to_sarif(result), indent=2))
    else:
        print_text(result, quiet=quiet)
    raise typer.Exit(result.exit_code)
