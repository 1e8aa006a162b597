"""How a command ends on an error: one clear line on stderr and, under `--format json`, the same as a JSON
object on stdout, so that a tool reading stdout always gets JSON (`{"status": "error", "exit_code": 2,
"message": ...}`). Each command with a JSON format calls `errors_as_json` first."""

from __future__ import annotations

import contextvars
import json
import sys

import typer

_AS_JSON = contextvars.ContextVar("seq2par_errors_as_json", default=False)
_AS_SARIF = contextvars.ContextVar("seq2par_errors_as_sarif", default=False)


def errors_as_json(enabled: bool) -> None:
    _AS_JSON.set(enabled)


def errors_as_sarif(enabled: bool) -> None:
    """Under --format sarif an error is a SARIF log too (a CI step uploading stdout got an empty file)."""
    _AS_SARIF.set(enabled)


def error_exit(prefix: str, message: str, code: int) -> typer.Exit:
    """Print the error (and its JSON or SARIF form when asked) and return the Exit to raise."""
    print(f"{prefix}: error: {message}", file=sys.stderr)
    if _AS_JSON.get():
        print(json.dumps({"status": "error", "exit_code": code, "message": message}, indent=2))
    elif _AS_SARIF.get():
        from seq2par.cli.sarif import entries_to_sarif

        print(json.dumps(entries_to_sarif([], errors=[message], exit_code=code), indent=2))
    return typer.Exit(code)
