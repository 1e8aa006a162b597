"""SARIF 2.1.0 output for `analyze --format sarif` and `check --format sarif` (GitHub code scanning, CI).

One run, tool `seq2par`, one rule per finding code used (stable codes from `analyzers/findings.py` and
`cli/hazards.py`), one result per finding with its level, message, location and, where the finding
relates two places (a dependence and its write, a hazard and its OpenMP pragma), a related location.
Paths are relative to `root` (default: the current directory) under the `SRCROOT` base id.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from urllib.parse import quote

from seq2par.analyzers import FileReport, Finding
from seq2par.cli.hazards import ALL_RULES, DEFAULT_SEVERITY

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
LEVELS = ("error", "warning", "note", "none")


@dataclass(frozen=True)
class SarifEntry:
    """One finding to report: where (path, and the file's lines to convert byte columns) and how loud."""

    path: str
    finding: Finding
    level: str  # error | warning | note | none
    lines: Sequence[str] | None = None


def tool_version() -> str:
    try:
        return version("seq2par")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0.0.0"


def _rule_name(kind: str) -> str:
    return "".join(part.capitalize() for part in kind.replace("_", "-").split("-"))


def _rule(code: str) -> dict:
    rule = ALL_RULES[code]
    level = DEFAULT_SEVERITY.get(code, "note")
    return {
        "id": code,
        "name": _rule_name(rule.kind),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.explanation},
        "help": {"text": f"{rule.explanation}\n\nWhat to do: {rule.remedy}"},
        "defaultConfiguration": {"level": level if level in LEVELS else "none"},
        "properties": {"tags": [rule.kind], "blocking": rule.blocking},
    }


def _uri(path: str, root: Path) -> tuple[str, bool]:
    """(uri, relative?) for `path`: relative to `root` when inside it, else an absolute file URI."""
    resolved = Path(path).resolve()
    try:
        return quote(resolved.relative_to(root).as_posix()), True
    except ValueError:
        return resolved.as_uri(), False


def _column(lines: Sequence[str] | None, line: int, byte_column: int) -> int:
    """Byte column (1-based) → Unicode code point column (SARIF's default column kind)."""
    if not lines or not 1 <= line <= len(lines):
        return max(1, byte_column)
    prefix = lines[line - 1].encode("utf-8")[:max(0, byte_column - 1)]
    return len(prefix.decode("utf-8", "replace")) + 1


def _location(uri: str, relative: bool, index: int, line: int, column: int) -> dict:
    artifact = {"uri": uri, "index": index}
    if relative:
        artifact["uriBaseId"] = "SRCROOT"
    return {"physicalLocation": {"artifactLocation": artifact,
                                 "region": {"startLine": max(1, line), "startColumn": max(1, column)}}}


def entries_to_sarif(entries: Iterable[SarifEntry], *, root: Path | None = None,
                     files: Iterable[str] = (), errors: Sequence[str] = (), exit_code: int | None = None) -> dict:
    """A SARIF 2.1.0 log (a JSON-ready dict) with one run holding every entry.

    `files` lists analyzed files without findings, so that they appear as artifacts too. `errors` (a file
    that could not be read, a usage error) become the invocation's error notifications, and then the
    invocation did not succeed.
    """
    root = (root or Path.cwd()).resolve()
    entries = list(entries)
    codes = sorted({e.finding.code for e in entries})
    rule_index = {code: i for i, code in enumerate(codes)}
    artifacts: list[dict] = []
    artifact_index: dict[str, int] = {}

    def artifact(path: str) -> tuple[str, bool, int]:
        uri, relative = _uri(path, root)
        if uri not in artifact_index:
            artifact_index[uri] = len(artifacts)
            location = {"uri": uri, **({"uriBaseId": "SRCROOT"} if relative else {})}
            language = "cuda" if path.endswith((".cu", ".cuh")) else "c" if path.endswith((".c", ".h")) else "cpp"
            artifacts.append({"location": location, "sourceLanguage": language})
        return uri, relative, artifact_index[uri]

    for path in files:
        artifact(path)
    results = []
    for entry in entries:
        finding = entry.finding
        uri, relative, index = artifact(entry.path)
        result = {
            "ruleId": finding.code,
            "ruleIndex": rule_index[finding.code],
            "level": entry.level if entry.level in LEVELS else "note",
            "message": {"text": f"[{finding.code}] {finding.message}"},
            "locations": [_location(uri, relative, index, finding.line,
                                    _column(entry.lines, finding.line, finding.column))],
        }
        if finding.related_line:
            related = _location(uri, relative, index, finding.related_line, 1)
            related["id"] = 1
            related["message"] = {"text": "related location (the write, or the parallel directive)"}
            result["relatedLocations"] = [related]
        properties = {"kind": finding.kind, "blocking": finding.blocking}
        if finding.vars:
            properties["variables"] = list(finding.vars)
        if finding.distance is not None:
            properties["distance"] = finding.distance
        for key in ("function", "loop_line", "directive_line"):
            value = getattr(finding, key, None)
            if value:
                properties[key] = value
        result["properties"] = properties
        results.append(result)
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": {"name": "seq2par", "version": tool_version(),
                                "rules": [_rule(code) for code in codes]}},
            "originalUriBaseIds": {"SRCROOT": {"uri": root.as_uri() + "/"}},
            "artifacts": artifacts,
            "results": results,
            "columnKind": "unicodeCodePoints",
            "invocations": [{
                "executionSuccessful": not errors,
                **({"exitCode": exit_code} if exit_code is not None else {}),
                **({"toolExecutionNotifications": [{"level": "error", "message": {"text": error}}
                                                   for error in errors]} if errors else {}),
            }],
        }],
    }


def report_to_sarif(reports: Iterable[FileReport], *, root: Path | None = None, include_notes: bool = False,
                    errors: Sequence[str] = (), exit_code: int | None = None) -> dict:
    """SARIF for `seq2par analyze`: syntax errors (S2P100) as warnings, regions the compiler accepts and
    seq2par cannot parse (S2P101) as notes, every blocking finding of a
    sequential loop as a note (why the loop cannot run in parallel), notes such as S2P502 only with
    `include_notes` (analyze's `--all`); `errors`: files that could not be analyzed."""
    entries: list[SarifEntry] = []
    files: list[str] = []
    for report in reports:
        files.append(report.path)
        lines = report.program.source.decode("utf-8", "replace").splitlines()
        for problem in report.parse_errors:
            entries.append(SarifEntry(report.path, problem, "warning" if problem.code == "S2P100" else "note", lines))
        for loop in report.loops:
            for finding in loop.findings:
                if finding.blocking or include_notes:
                    entries.append(SarifEntry(report.path, finding, "note", lines))
    return entries_to_sarif(entries, root=root, files=files, errors=errors, exit_code=exit_code)
