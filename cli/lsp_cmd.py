"""`seq2par lsp`: start the language server on stdin/stdout (see `cli/lsp_server.py`)."""

from __future__ import annotations

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    """Add the `lsp` command to `app`."""
    app.command("lsp")(lsp)


def lsp(
    debounce: Annotated[float, typer.Option(
        "--debounce", min=0.0, help="Seconds of quiet after an edit before the document is re-analyzed "
        "(clients may also send initializationOptions {\"debounce\": s}).")] = 0.05,
    stdio: Annotated[bool, typer.Option("--stdio", help="Accepted for clients that pass it; stdio is the "
                                                         "only transport.")] = True,
) -> None:
    """Run the seq2par language server (diagnostics, hover, code actions) over stdio."""
    import signal

    from seq2par.cli.lsp_server import start_server

    del stdio
    # The server holds no child processes or scratch folders, and its stdin reader thread would keep an
    # unwinding interpreter alive: SIGTERM ends it at once, as the default action does.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    start_server(debounce)
