"""`seq2par lsp` end to end: the real server in a subprocess, driven by pytest-lsp's client.

Every wait is on an event (a publishDiagnostics notification for a given document version, or a
request's response); nothing sleeps.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest_lsp
from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

PROGRAM = """\
#include <stdio.h>
#define N 200000
static double x[N], y[N];

int main(void)
{
    double sum = 0.0;
    for (int i = 0; i < N; i++) {
        x[i] = 0.5 * i;
        y[i] = 1.0 / (i + 1);
    }
    for (int i = 0; i < N; i++)
        y[i] = 2.5 * x[i] + y[i];
    for (int i = 0; i < N; i++)
        sum += y[i];
    printf("%.6f\\n", sum);
    return 0;
}
"""
SAXPY_LINE = 12  # 1-based line of the second loop's header
UPDATE_LINE = 13
SUM_LINE = 14


class Published:
    """Every publishDiagnostics notification, and futures for the ones a test waits for."""

    def __init__(self) -> None:
        self.items: list[types.PublishDiagnosticsParams] = []
        self.waiters: list[tuple[str, int | None, asyncio.Future]] = []

    def add(self, params: types.PublishDiagnosticsParams) -> None:
        self.items.append(params)
        for uri, version, future in list(self.waiters):
            if params.uri == uri and params.version == version and not future.done():
                future.set_result(params)

    async def wait(self, uri: str, version: int | None, timeout: float = 60.0) -> list[types.Diagnostic]:
        for params in self.items:
            if params.uri == uri and params.version == version:
                return list(params.diagnostics)
        future = asyncio.get_running_loop().create_future()
        self.waiters.append((uri, version, future))
        params = await asyncio.wait_for(future, timeout)
        return list(params.diagnostics)


def make_client() -> LanguageClient:
    client = LanguageClient(converter_factory=default_converter)
    client.published = Published()

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.add(params)

    register_lsp_features(client, {**DEFAULT_CLIENT_FEATURES, types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS: publish})
    return client


@pytest_lsp.fixture(config=ClientServerConfig(
    server_command=[sys.executable, "-m", "seq2par.cli.main", "lsp", "--debounce", "0.02"],
    client_factory=make_client))
async def client(lsp_client: LanguageClient, tmp_path: Path):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=tmp_path.as_uri()))
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, path: Path, text: str) -> str:
    path.write_text(text)
    uri = path.as_uri()
    client.text_document_did_open(types.DidOpenTextDocumentParams(types.TextDocumentItem(
        uri=uri, language_id="c", version=1, text=text)))
    return uri


def _change_line(client: LanguageClient, uri: str, version: int, line: int, old: str, new: str) -> None:
    """An incremental change: replace the whole of (1-based) `line`."""
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(
            range=types.Range(types.Position(line - 1, 0), types.Position(line - 1, len(old))), text=new)]))


def _insert_line(client: LanguageClient, uri: str, version: int, before: int, text: str) -> None:
    """An incremental change: a new line before (1-based) line `before`."""
    where = types.Position(before - 1, 0)
    client.text_document_did_change(types.DidChangeTextDocumentParams(
        text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
        content_changes=[types.TextDocumentContentChangePartial(range=types.Range(where, where), text=text + "\n")]))


def _by_code(diagnostics: list[types.Diagnostic]) -> dict[str, list[types.Diagnostic]]:
    out: dict[str, list[types.Diagnostic]] = {}
    for diagnostic in diagnostics:
        out.setdefault(str(diagnostic.code), []).append(diagnostic)
    return out


async def test_diagnostics_on_open_and_after_a_change_that_adds_a_dependence(client: LanguageClient,
                                                                              tmp_path: Path) -> None:
    uri = _open(client, tmp_path / "prog.c", PROGRAM)
    opened = _by_code(await client.published.wait(uri, 1))
    assert set(opened) == {"S2P801"}  # three legal loops: opportunities, no hazard
    assert all(d.severity == types.DiagnosticSeverity.Information for d in opened["S2P801"])
    assert sorted(d.range.start.line + 1 for d in opened["S2P801"]) == [8, SAXPY_LINE, SUM_LINE]

    lines = PROGRAM.splitlines()
    _change_line(client, uri, 2, UPDATE_LINE, lines[UPDATE_LINE - 1], "        y[i] = 2.5 * x[i] + y[i - 1];")
    changed = _by_code(await client.published.wait(uri, 2))
    hint = changed["S2P201"][0]
    assert hint.severity == types.DiagnosticSeverity.Hint and hint.range.start.line + 1 == UPDATE_LINE
    assert "y[i - 1]" in hint.message and hint.source == "seq2par"
    assert sorted(d.range.start.line + 1 for d in changed["S2P801"]) == [8, SUM_LINE]

    # The same loop under an OpenMP pragma is a hazard (warning) anchored at the dependence.
    _insert_line(client, uri, 3, SAXPY_LINE, "#pragma omp parallel for")
    hazards = _by_code(await client.published.wait(uri, 3))
    warning = hazards["S2P701"][0]
    assert warning.severity == types.DiagnosticSeverity.Warning and warning.range.start.line + 1 == UPDATE_LINE + 1
    assert "S2P201" not in hazards  # the hazard already says it; no duplicate hint
    assert warning.related_information[0].location.range.start.line + 1 == SAXPY_LINE  # the pragma

    # A syntax error is an error diagnostic.
    _change_line(client, uri, 4, SUM_LINE + 2, "        sum += y[i];", "        sum += y[i] +;")
    broken = _by_code(await client.published.wait(uri, 4))
    assert broken["S2P100"][0].severity == types.DiagnosticSeverity.Error


async def test_hover_shows_verdict_reductions_and_findings(client: LanguageClient, tmp_path: Path) -> None:
    text = PROGRAM.replace("y[i] = 2.5 * x[i] + y[i];", "y[i] = 2.5 * x[i] + y[i - 1];")
    uri = _open(client, tmp_path / "prog.c", text)
    await client.published.wait(uri, 1)
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri), position=types.Position(SUM_LINE - 1, 6)))
    assert hover is not None and hover.contents.kind == types.MarkupKind.Markdown
    assert "**parallel-reduction**" in hover.contents.value and "`+: sum`" in hover.contents.value
    # the OpenMP backend's own clauses (the pragma `parallelize --target openmp` writes)
    assert "#pragma omp parallel for reduction(+: sum)" in hover.contents.value
    hover = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri), position=types.Position(SAXPY_LINE - 1, 4)))
    assert "**sequential**" in hover.contents.value and "`S2P201`" in hover.contents.value
    assert "restructure the recurrence" in hover.contents.value  # the remedy
    nothing = await client.text_document_hover_async(types.HoverParams(
        text_document=types.TextDocumentIdentifier(uri), position=types.Position(0, 3)))
    assert nothing is None


def _actions(result) -> dict[str, types.CodeAction | types.Command]:
    return {action.title: action for action in result or []}


async def _code_actions(client: LanguageClient, uri: str, line: int) -> dict[str, types.CodeAction | types.Command]:
    result = await client.text_document_code_action_async(types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri),
        range=types.Range(types.Position(line - 1, 4), types.Position(line - 1, 4)),
        context=types.CodeActionContext(diagnostics=[])))
    return _actions(result)


def _apply(edit: types.WorkspaceEdit) -> Path:
    """Apply a create-and-insert WorkspaceEdit to disk as an editor would; returns the file written."""
    written = None
    for change in edit.document_changes or []:
        if isinstance(change, types.CreateFile):
            written = Path(change.uri.removeprefix("file://"))
            written.write_text("")
        elif isinstance(change, types.TextDocumentEdit):
            target = Path(change.text_document.uri.removeprefix("file://"))
            (only,) = change.edits
            assert only.range.start == types.Position(0, 0) and target.read_text() == ""
            target.write_text(only.new_text)
            written = target
    assert written is not None
    return written


async def test_mpi_code_action_applied_validates(client: LanguageClient, tmp_path: Path) -> None:
    from seq2par.validators import validate_mpi

    source = tmp_path / "prog.c"
    uri = _open(client, source, PROGRAM)
    await client.published.wait(uri, 1)
    actions = await _code_actions(client, uri, SAXPY_LINE)
    mpi = [a for title, a in actions.items() if title.startswith("Parallelize this loop with MPI")]
    assert len(mpi) == 1, list(actions)
    action = mpi[0]
    assert "prog.mpi.c" in action.title
    assert action.kind == types.CodeActionKind.QuickFix and action.is_preferred  # analysis-backed
    parallel = _apply(action.edit)
    assert parallel == tmp_path / "prog.mpi.c" and "MPI_Init" in parallel.read_text()
    assert parallel.read_text().startswith("/* seq2par: UNVALIDATED — written by the editor's code action; run "
                                           "`seq2par validate prog.c prog.mpi.c` before use. [digest ")
    report = validate_mpi(source, parallel, np_list=(2,), runs=1, timeout=60)
    assert report.status == "equal", report.message
    cuda = [a for title, a in actions.items() if title.startswith("Offload this loop nest to CUDA")]
    for action in cuda:  # offered only when the CUDA backend generates a kernel for this loop
        assert "prog.cu" in action.title and action.kind == types.CodeActionKind.QuickFix
        assert not action.is_preferred  # one preferred fix per loop: the MPI one
        kernel = _apply(action.edit)
        assert kernel == tmp_path / "prog.cu" and "__global__" in kernel.read_text()


async def test_a_hand_written_output_file_is_not_replaced(client: LanguageClient, tmp_path: Path) -> None:
    """Review: the code action replaced an existing prog.mpi.c someone wrote by hand (whole-file edit, offered
    as the preferred quick fix); `parallelize` refuses to."""
    source = tmp_path / "prog.c"
    mine = tmp_path / "prog.mpi.c"
    mine.write_text("/* my own MPI version */\n")
    uri = _open(client, source, PROGRAM)
    await client.published.wait(uri, 1)
    actions = await _code_actions(client, uri, SAXPY_LINE)
    mpi = [a for title, a in actions.items() if title.startswith("Parallelize this loop with MPI")]
    assert all(action.edit is None for action in mpi), list(actions)
    assert all("prog.mpi.c exists and is not seq2par output" in action.disabled.reason for action in mpi)
    openmp = [a for title, a in actions.items() if title.startswith("Parallelize this loop with OpenMP")]
    assert openmp and openmp[0].edit is not None  # prog.omp.c is free
    assert mine.read_text() == "/* my own MPI version */\n"


async def test_sequential_loop_gets_an_explanation_not_a_transformation(client: LanguageClient,
                                                                         tmp_path: Path) -> None:
    text = PROGRAM.replace("y[i] = 2.5 * x[i] + y[i];", "y[i] = 2.5 * x[i] + y[i - 1];")
    uri = _open(client, tmp_path / "prog.c", text)
    await client.published.wait(uri, 1)
    actions = await _code_actions(client, uri, SAXPY_LINE)
    assert not [t for t in actions if t.startswith(("Parallelize", "Offload"))], list(actions)
    (why,) = [a for t, a in actions.items() if t.startswith("Why is this loop sequential?")]
    assert "S2P201" in why.title and isinstance(why, types.Command)  # no edit: nothing to apply
    text = await client.workspace_execute_command_async(types.ExecuteCommandParams(
        command=why.command, arguments=why.arguments))
    assert "S2P201" in text and "read-after-write" in text  # the `seq2par explain S2P201` text
    assert any("S2P201" in message.message for message in client.messages)
    # Regression: a malformed call (a client, or a user's keybinding) was an internal error with a traceback.
    for arguments in ([uri, "x"], [uri], []):
        reply = await client.workspace_execute_command_async(types.ExecuteCommandParams(
            command=why.command, arguments=arguments))
        assert reply.startswith("seq2par.explainLoop expects [uri, line]"), reply


def test_code_action_results_are_kept_for_the_current_version_only() -> None:
    """Regression: results were cached per (document, version) and never dropped, so a long editing
    session kept one generated program per keystroke that asked for code actions."""
    from seq2par.cli.lsp_server import Seq2parServer, _Generated

    server = Seq2parServer()
    result = _Generated("mpi", Path("a.mpi.c"), "int main(void) { return 0; }\n", {1})
    for version in range(1, 50):
        server.remember_generated(("file:///a.c", version, "mpi", 1), result)
        server.remember_generated(("file:///a.c", version, "cuda", None), result)
        server.remember_generated(("file:///b.c", 1, "mpi", 1), result)
    assert sorted(server.generated) == [("file:///a.c", 49, "cuda", None), ("file:///a.c", 49, "mpi", 1),
                                        ("file:///b.c", 1, "mpi", 1)]
    server.forget_generated("file:///a.c")  # didClose
    assert list(server.generated) == [("file:///b.c", 1, "mpi", 1)]
    # a generation that finishes after its document was closed is answered but not kept
    assert not server.is_current("file:///a.c", 49)


def test_sigterm_stops_the_server_at_once() -> None:
    """Review: the CLI's SIGTERM handler (unwind, clean up) kept `seq2par lsp` alive while its stdin reader
    thread waited for input; the server now ends on SIGTERM straight away."""
    import os
    import signal
    import subprocess
    import sys
    import time

    read_end, write_end = os.pipe()  # stdin stays open: nothing ever arrives
    server = subprocess.Popen([sys.executable, "-m", "seq2par.cli.main", "lsp"], stdin=read_end,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(read_end)
    try:
        time.sleep(1.5)  # let it start and block on stdin
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=5) == -signal.SIGTERM
    finally:
        os.close(write_end)
        if server.poll() is None:
            server.kill()


def test_a_token_after_characters_outside_the_bmp_gets_its_whole_range() -> None:
    """LSP positions count UTF-16 code units (an emoji is two); the token was looked for at the UTF-16
    offset used as a character index, two characters too far, so `a[i]` got a one-character range."""
    from seq2par.cli.lsp_server import _range

    line = "  for (int i = 0; i < 99; i++) { /* \U0001F600\U0001F600 */ a[i+1] = a[i] + 1; }"
    column = line.encode("utf-8").index(b"a[i] +") + 1  # the analysis' 1-based byte column
    start = len(line[:line.index("a[i] +")].encode("utf-16-le")) // 2
    found = _range([line], 1, column)
    assert (found.start.character, found.end.character) == (start, start + len("a[i]"))
