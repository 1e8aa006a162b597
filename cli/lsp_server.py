"""`seq2par lsp`: a language server (pygls, stdio) that maps the analysis onto editor features.

- Diagnostics on open and change (debounced; only the changed document, and inside it only the functions
  an edit can affect, see `lsp_documents.py`): hazards of parallel code as warnings, parallelization
  opportunities as information, syntax errors as errors, and the blocking reasons of sequential loops as
  hints carrying their finding code.
- Hover on a loop header (or its OpenMP pragma): verdict, reductions, private scalars, findings with
  their remedies, hazards, and the OpenMP pragma that would parallelize it.
- Code actions on a loop header: "Parallelize this loop with MPI" and "Offload this loop nest to CUDA"
  (a WorkspaceEdit that creates or replaces `<stem>.mpi.c` / `<stem>.cu` next to the file with the
  generator's program; kind `quickfix` and preferred only when the plan rests on the analysis alone, kind
  `refactor.rewrite` when it rests on a `// seq2par: independent` assertion; never for a sequential
  loop), and "Why is this loop sequential?" (a command, `seq2par.explainLoop`, which returns and shows
  the `seq2par explain` text of every blocking finding).

The server holds no analysis of its own: everything comes from `seq2par.analyzers`, `cli/hazards.py` and
the generators. Typed `lsprotocol.types` objects throughout.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

from cattrs.errors import ClassValidationError
from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import JsonRPCNotification, JsonRPCRequestMessage, LanguageServerProtocol, lsp_method

from seq2par.analyzers.findings import explain
from seq2par.cli.check_config import CheckConfig, ConfigError, discover_config
from seq2par.cli.hazards import ALL_RULES, CheckedSource
from seq2par.cli.lsp_documents import Analysis, DocumentState, LoopView
from seq2par.cli.sarif import tool_version

DEFAULT_DEBOUNCE = 0.05  # seconds of quiet after a change before the document is analyzed
EXPLAIN_COMMAND = "seq2par.explainLoop"
SOURCE = "seq2par"
logger = logging.getLogger("seq2par.lsp")


@dataclass
class _Generated:
    target: str  # "mpi" | "cuda"
    output: Path
    source: str | None
    loop_ids: set[int]
    error: str | None = None
    reasons: dict[int, str] | None = None


@dataclass(frozen=True)
class _Unreadable:
    """A JSON-RPC message the server cannot read (parameters of the wrong shape, no `jsonrpc: "2.0"`, a
    method that is not a string, an id that is no string or number): what to answer instead of running it."""

    id: Any  # the request's id, None for a notification or an id that could not be read
    request: bool
    code: types.ErrorCodes
    message: str


def _message_id(data: Any) -> Any:
    """The id of a JSON-RPC message as JSON-RPC allows it (a string or an integer), else None."""
    found = data.get("id") if isinstance(data, dict) else None
    return found if isinstance(found, str) or isinstance(found, int) and not isinstance(found, bool) else None


class Seq2parProtocol(LanguageServerProtocol):
    """pygls' protocol, answering what the client got wrong as JSON-RPC says: a request whose parameters
    cannot be read gets an InvalidParams error response with its id (pygls raised before the id was known,
    logged a traceback and showed a window message), a message that is no JSON-RPC request an InvalidRequest
    response, a body that is not JSON a ParseError response (id null); and a change to a document that was
    never opened is ignored with a log line (pygls' workspace raised KeyError)."""

    def structure_message(self, data: dict[str, Any]) -> Any:
        # json.loads calls this for every object of a message, innermost first: only a whole message has
        # "jsonrpc". Responses to the server's own requests are pygls' business.
        if "jsonrpc" not in data or "method" not in data or "error" in data:
            return super().structure_message(data)
        request = "id" in data
        method = data["method"]
        if data["jsonrpc"] != self.VERSION or not isinstance(method, str) or request and _message_id(data) is None:
            return _Unreadable(_message_id(data), request, types.ErrorCodes.InvalidRequest,
                               'not a JSON-RPC 2.0 request: it needs "jsonrpc": "2.0", a method name (a string) '
                               "and an id that is a string or an integer")
        message_type = self.get_message_type(method) or (JsonRPCRequestMessage if request else JsonRPCNotification)
        try:
            return self._converter.structure(data, message_type)
        except Exception as exc:  # noqa: BLE001 - cattrs' errors, or whatever a hook raised on a bad value
            from cattrs import transform_error

            reasons = transform_error(exc) if isinstance(exc, ClassValidationError) else [str(exc)]
            return _Unreadable(data.get("id"), request, types.ErrorCodes.InvalidParams,
                               f"invalid params for {method}: {'; '.join(reasons)}")

    def handle_message(self, message: Any) -> None:
        if isinstance(message, _Unreadable):
            self.refuse(message.id, message.request, message.code, message.message)
        elif not hasattr(message, "jsonrpc"):  # a batch (LSP has none), a bare value, an object without jsonrpc
            self.refuse(_message_id(message), True, types.ErrorCodes.InvalidRequest,
                        'not a JSON-RPC 2.0 message: an object with "jsonrpc": "2.0" was expected')
        else:
            super().handle_message(message)

    def refuse(self, message_id: Any, request: bool, code: types.ErrorCodes, message: str) -> None:
        """Answer a request with error `code` (`message_id` None: JSON-RPC's `"id": null`, which the typed
        response would leave out); a notification gets no answer (JSON-RPC forbids one): a log line."""
        if not request:
            self._server.window_log_message(types.LogMessageParams(types.MessageType.Warning, f"seq2par: {message}"))
        elif message_id is None:
            self._send_data({"jsonrpc": self.VERSION, "id": None, "error": {"code": int(code), "message": message}})
        else:
            self._send_response(message_id, error=types.ResponseError(code=code, message=message))

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        """Apply the change, unless the document was never opened (then there is nothing to change)."""
        uri = params.text_document.uri
        if unquote(uri) not in self.workspace.text_documents:
            self._server.window_log_message(types.LogMessageParams(
                types.MessageType.Warning, f"seq2par: ignored a change to {uri}, which is not open (didOpen first)"))
            return
        yield from super().lsp_text_document__did_change(params)


class Seq2parServer(LanguageServer):
    """The language server; `debounce` is the quiet time (seconds) after a change before analysis."""

    def __init__(self, debounce: float = DEFAULT_DEBOUNCE) -> None:
        super().__init__("seq2par", tool_version(), text_document_sync_kind=types.TextDocumentSyncKind.Incremental,
                         protocol_cls=Seq2parProtocol)
        self.debounce = debounce
        self.states: dict[str, DocumentState] = {}
        self.generation: dict[str, int] = {}
        self.locks: dict[str, asyncio.Lock] = {}
        self.full_reports: dict[str, tuple[int | None, CheckedSource]] = {}
        # Code-action results of the current version of each document (older versions are dropped).
        self.generated: dict[tuple[str, int | None, str, int | None], _Generated] = {}
        self.configs: dict[Path, CheckConfig] = {}

    def report_server_error(self, error: Exception, source: Any) -> None:
        """A body that is not JSON (the only error pygls' reading loop passes on that the protocol has not
        answered): a ParseError response, as JSON-RPC asks; anything else as pygls reports it."""
        if isinstance(error, (json.JSONDecodeError, UnicodeDecodeError)):
            assert isinstance(self.protocol, Seq2parProtocol)
            self.protocol.refuse(None, True, types.ErrorCodes.ParseError, f"the message is not JSON: {error}")
            return
        super().report_server_error(error, source)

    # -- documents --------------------------------------------------------------------------------------
    def remember_generated(self, key: tuple[str, int | None, str, int | None], generated: _Generated) -> None:
        """Keep `generated` for its document version, dropping what earlier versions of that document made."""
        self.forget_generated(key[0], keep_version=key[1])
        self.generated[key] = generated

    def is_current(self, uri: str, version: int | None) -> bool:
        """`uri` is still open (analysed state kept) and at `version`."""
        if uri not in self.states:
            return False
        try:
            return self.workspace.get_text_document(uri).version == version
        except Exception:  # noqa: BLE001 - a document the workspace no longer knows
            return False

    def forget_generated(self, uri: str, keep_version: int | None = None) -> None:
        for key in [k for k in self.generated if k[0] == uri and (keep_version is None or k[1] != keep_version)]:
            del self.generated[key]

    def state_for(self, uri: str) -> DocumentState:
        if uri not in self.states:
            path = uri_to_path(uri)
            self.states[uri] = DocumentState(str(path), self.config_for(path))
        return self.states[uri]

    def config_for(self, path: Path) -> CheckConfig:
        directory = path.parent
        if directory not in self.configs:
            try:
                self.configs[directory] = discover_config(directory)
            except ConfigError as exc:
                self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"seq2par: {exc}"))
                self.configs[directory] = CheckConfig(root=directory)
        return self.configs[directory]

    def schedule(self, uri: str, delay: float) -> None:
        """Analyze `uri` after `delay` seconds unless another change arrives first (debounce)."""
        self.generation[uri] = self.generation.get(uri, 0) + 1
        asyncio.ensure_future(self._analyze_later(uri, self.generation[uri], delay))

    async def _analyze_later(self, uri: str, generation: int, delay: float) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        if self.generation.get(uri) != generation:
            return  # a later change superseded this one; its own task publishes
        lock = self.locks.setdefault(uri, asyncio.Lock())
        async with lock:
            if self.generation.get(uri) != generation:
                return
            document = self.workspace.get_text_document(uri)
            text, version = document.source, document.version
            state = self.state_for(uri)
            try:
                analysis = await asyncio.to_thread(state.update, text, version)
            except Exception as exc:  # an analyzer bug must not take the editor's server down
                logger.exception("analysis of %s failed", uri)
                self.window_log_message(types.LogMessageParams(types.MessageType.Error,
                                                               f"seq2par: analysis failed: {exc!r}"))
                return
        if self.generation.get(uri) != generation:
            return
        self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(
            uri=uri, version=version, diagnostics=diagnostics_for(analysis, text.splitlines(), uri)))

    async def full_report(self, uri: str) -> tuple[int | None, CheckedSource]:
        """A complete analysis of the current text (for code generation) and the document version it is of,
        cached per version. The version is read with the text, before waiting: pygls updates the document
        object in place, so reading it afterwards could file an old analysis under a newer version."""
        document = self.workspace.get_text_document(uri)
        version, text = document.version, document.source
        cached = self.full_reports.get(uri)
        if cached is not None and cached[0] == version:
            return cached
        checked = await asyncio.to_thread(self.state_for(uri).full_report, text)
        if self.is_current(uri, version):
            self.full_reports[uri] = (version, checked)
        return version, checked


def uri_to_path(uri: str) -> Path:
    parsed = urlparse(uri)
    if parsed.scheme == "file":
        return Path(unquote(parsed.path))
    return Path(Path(unquote(parsed.path)).name or "untitled.c")


# -- positions ----------------------------------------------------------------------------------------

def _utf16_column(line_text: str, byte_column: int) -> int:
    """1-based byte column of a line → 0-based UTF-16 offset (the LSP default position encoding)."""
    if line_text.isascii():
        return max(0, byte_column - 1)
    prefix = line_text.encode("utf-8")[:max(0, byte_column - 1)].decode("utf-8", "replace")
    return len(prefix.encode("utf-16-le")) // 2


_TOKEN = re.compile(r"[A-Za-z_]\w*(?:\s*\[[^\]\n]*\])*|#.*|\*\s*[A-Za-z_]\w*")


def _range(lines: list[str], line: int, column: int) -> types.Range:
    """The range of the token at (line, column): an identifier (with subscripts), a pragma line, or one
    character."""
    index = max(0, line - 1)
    text = lines[index] if index < len(lines) else ""
    # the token is looked for in characters; LSP positions count UTF-16 code units (two for an emoji)
    at = len(text.encode("utf-8")[:max(0, column - 1)].decode("utf-8", "replace"))
    match = _TOKEN.match(text, at) if at < len(text) else None
    start = _utf16_column(text, column)
    end = start + (len(match.group(0).rstrip().encode("utf-16-le")) // 2 if match else 1)
    return types.Range(types.Position(index, start), types.Position(index, end))


# -- diagnostics --------------------------------------------------------------------------------------

def diagnostics_for(analysis: Analysis, lines: list[str], uri: str) -> list[types.Diagnostic]:
    """Hazards → Warning, opportunities and notes → Information, syntax errors → Error, blocking reasons
    of sequential loops → Hint (each with its finding code)."""
    out: list[types.Diagnostic] = []
    causes = set()
    for finding, severity in analysis.findings:
        if finding.code == "S2P100":
            level = types.DiagnosticSeverity.Error
        elif finding.code == "S2P101":
            level = types.DiagnosticSeverity.Information
        elif finding.code == "S2P801" or severity == "note":
            level = types.DiagnosticSeverity.Information
        else:
            level = types.DiagnosticSeverity.Warning
        cause = finding.extra.get("cause") if finding.extra else None
        if cause:
            causes.add((finding.line, finding.column, cause))
        related = None
        directive_line = getattr(finding, "directive_line", None)
        anchor = finding.related_line or (directive_line if directive_line != finding.line else None)
        if anchor:
            related = [types.DiagnosticRelatedInformation(
                types.Location(uri, _range(lines, anchor, 1)), "related: the parallel directive or the write")]
        out.append(types.Diagnostic(range=_range(lines, finding.line, finding.column), message=finding.message,
                                    severity=level, code=finding.code, source=SOURCE,
                                    related_information=related))
    for loop in analysis.loops:
        if loop.verdict != "sequential":
            continue
        for finding in loop.findings:
            if not finding.blocking or (finding.line, finding.column, finding.code) in causes:
                continue
            out.append(types.Diagnostic(
                range=_range(lines, finding.line, finding.column),
                message=f"loop at line {loop.line} is sequential: {finding.message} — {finding.remedy}",
                severity=types.DiagnosticSeverity.Hint, code=finding.code, source=SOURCE))
    return out


# -- hover ----------------------------------------------------------------------------------------------

def _loops_for_line(analysis: Analysis, line: int) -> list[LoopView]:
    loops = analysis.loops_at_line(line)
    if loops:
        return loops
    targets = {getattr(f, "loop_line", None) for f, _ in analysis.findings
               if getattr(f, "directive_line", None) == line}
    return [loop for loop in analysis.loops if loop.line in targets]


def hover_markdown(analysis: Analysis, loop: LoopView) -> str:
    lines = [f"**seq2par** · loop at line {loop.line} in `{loop.function}` · **{loop.verdict}**", "",
             f"`{loop.summary}`", ""]
    if loop.reductions:
        lines.append("Reductions: " + ", ".join(f"`{r}`" for r in loop.reductions) + "  ")
    if loop.private:
        lines.append("Private: " + ", ".join(f"`{p}`" for p in loop.private) + "  ")
    if loop.assertions:
        lines.append("Asserted independent (not proven): " + ", ".join(f"`{a}`" for a in loop.assertions) + "  ")
    if loop.findings:
        lines += ["", "Findings:"]
        for finding in loop.findings:
            lines.append(f"- `{finding.code}` ({finding.line}:{finding.column}) {finding.message} — "
                         f"*{finding.remedy}*")
    related = [(f, s) for f, s in analysis.findings if getattr(f, "loop_line", None) == loop.line]
    hazards = [(f, s) for f, s in related if f.code != "S2P801"]
    if hazards:
        lines += ["", "Hazards:"]
        for finding, severity in hazards:
            lines.append(f"- `{finding.code}` ({severity}) {finding.message} — *{finding.remedy}*")
    for finding, _ in related:
        if finding.code == "S2P801" and finding.extra.get("openmp"):
            lines += ["", f"OpenMP: `{finding.extra['openmp']}` · or run `seq2par parallelize`"]
    return "\n".join(lines)


# -- code actions ---------------------------------------------------------------------------------------

def _generate(target: str, checked: CheckedSource, path: Path, only: set[int] | None = None) -> _Generated:
    """Run a generator on the full report; errors are kept (they become disabled actions' reasons)."""
    from seq2par.cli.parallelize_cmd import default_output, in_source_conventions
    from seq2par.generators.edits import TransformationError

    report = checked.report
    output = default_output(path, target)
    if report.parse_errors:
        first = report.parse_errors[0]
        why = "fix the syntax error" if first.code == "S2P100" else "seq2par cannot read the region"
        return _Generated(target, output, None, set(), f"{why} at line {first.line} first")
    from seq2par.generators.backends import GenerateOptions, get_backend

    try:
        # MPI and OpenMP take the loop under the cursor alone; CUDA offloads every legal nest of the file.
        options = GenerateOptions(only=frozenset(only) if only is not None else None)
        generated = get_backend(target).generate(report, options)
    except TransformationError as exc:
        return _Generated(target, output, None, set(), str(exc).splitlines()[0] if str(exc) else "not possible")
    reasons = {loop.id: reason for loop, reason in getattr(generated, "sequential", [])}
    # (the document's line endings for the lines the generator inserted, as `parallelize` writes them)
    return _Generated(target, output, in_source_conventions(generated.source, report.program.source),
                      {plan.loop.id for plan in generated.distributed}, reasons=reasons)


def _workspace_edit(server: Seq2parServer, target_uri: str, text: str) -> types.WorkspaceEdit:
    """Create or replace `target_uri` with `text` (resource operations when the client has them)."""
    capabilities = server.client_capabilities
    workspace_edit = capabilities.workspace.workspace_edit if capabilities.workspace else None
    operations = (workspace_edit.resource_operations or []) if workspace_edit else []
    whole = types.Range(types.Position(0, 0), types.Position(0, 0))
    if workspace_edit and workspace_edit.document_changes and types.ResourceOperationKind.Create in operations:
        return types.WorkspaceEdit(document_changes=[
            types.CreateFile(uri=target_uri, options=types.CreateFileOptions(overwrite=True)),
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=target_uri, version=None),
                edits=[types.TextEdit(range=whole, new_text=text)]),
        ])
    # Without resource operations: replace everything of an existing file (clients clamp the end).
    everything = types.Range(types.Position(0, 0), types.Position(10**9, 0))
    return types.WorkspaceEdit(changes={target_uri: [types.TextEdit(range=everything, new_text=text)]})


async def code_actions(server: Seq2parServer, params: types.CodeActionParams
                       ) -> list[types.CodeAction | types.Command]:
    uri = params.text_document.uri
    state = server.states.get(uri)
    analysis = state.last if state is not None else None
    if analysis is None:
        return []
    first, last = params.range.start.line + 1, params.range.end.line + 1
    loops = []
    for line in range(first, last + 1):
        loops.extend(loop for loop in _loops_for_line(analysis, line) if loop not in loops)
    if not loops:
        return []
    capabilities = server.client_capabilities.text_document
    disabled_support = bool(capabilities and capabilities.code_action and capabilities.code_action.disabled_support)
    path = uri_to_path(uri)
    actions: list[types.CodeAction | types.Command] = []
    for loop in loops:
        if loop.verdict == "sequential":
            blocking = [f for f in loop.findings if f.blocking]
            first_reason = f" ({blocking[0].code} {ALL_RULES[blocking[0].code].title})" if blocking else ""
            # A bare Command (not a CodeAction carrying one): no edit, nothing to label by safety, and
            # every client (including lsprotocol-based ones, which read any result with a `command`
            # key as a Command) shows it.
            actions.append(types.Command(title=f"Why is this loop sequential?{first_reason}",
                                         command=EXPLAIN_COMMAND, arguments=[uri, loop.line]))
            continue
        if path.suffix.lower() in (".cu", ".cuh") or uri_to_path(uri).parent == Path("."):
            continue
        actions.extend(await _generation_actions(server, uri, path, loop, disabled_support))
    return actions


async def _generation_actions(server: Seq2parServer, uri: str, path: Path, loop: LoopView,
                              disabled_support: bool) -> list[types.CodeAction]:
    from seq2par.cli.parallelize_cmd import _seq2par_output, edited_output, signed

    version, checked = await server.full_report(uri)
    report = checked.report
    full_loop = next((lp for lp in report.loops if lp.line == loop.line and lp.column == loop.column), None)
    if full_loop is None:
        return []
    out = []
    for target, verb in (("mpi", "Parallelize this loop with MPI"), ("openmp", "Parallelize this loop with OpenMP"),
                         ("cuda", "Offload this loop nest to CUDA")):
        # MPI and OpenMP parallelize exactly the loop under the cursor; CUDA offloads every legal nest.
        only = {full_loop.id} if target in ("mpi", "openmp") else None
        key = (uri, version, target, full_loop.id if only else None)
        generated = server.generated.get(key)
        if generated is None:
            try:
                generated = await asyncio.to_thread(_generate, target, checked, path, only)
            except ImportError:
                continue  # that backend is not installed
            except Exception as exc:  # a generator bug: log it, offer nothing for that target
                logger.exception("%s generation failed", target)
                server.window_log_message(types.LogMessageParams(
                    types.MessageType.Error, f"seq2par: {target} generation failed: {exc!r}"))
                continue
            if server.is_current(uri, version):  # closed or edited meanwhile: answer, but do not keep it
                server.remember_generated(key, generated)
        if generated.source is None or full_loop.id not in generated.loop_ids:
            if disabled_support and target in ("mpi", "openmp"):
                reason = generated.error or (generated.reasons or {}).get(full_loop.id) or \
                    "the generator distributes an enclosing loop instead"
                out.append(types.CodeAction(title=verb, kind=types.CodeActionKind.RefactorRewrite,
                                            disabled=types.CodeActionDisabled(reason=reason)))
            continue
        exists = generated.output.exists()
        mine = exists and not _seq2par_output(generated.output)
        if mine or exists and edited_output(generated.output):
            # a file of that name written, or edited, by hand: `parallelize` refuses to replace it too
            if disabled_support:
                why = "exists and is not seq2par output" if mine else "was edited since seq2par wrote it"
                out.append(types.CodeAction(title=f"{verb} → {generated.output.name}",
                                            kind=types.CodeActionKind.RefactorRewrite,
                                            disabled=types.CodeActionDisabled(
                                                reason=f"{generated.output.name} {why}: not replaced (move it "
                                                       f"away, or run `seq2par parallelize -o "
                                                       f"{generated.output.name}`)")))
            continue
        backed = not full_loop.assertions
        others = len(generated.loop_ids) - 1
        title = f"{verb} → {generated.output.name}"
        if others:
            title += f" (with {others} other loop{'s' * (others != 1)})"
        if not backed:
            title += " — relies on your `seq2par: independent` assertion"
        out.append(types.CodeAction(
            title=title,
            kind=types.CodeActionKind.QuickFix if backed else types.CodeActionKind.RefactorRewrite,
            is_preferred=backed and target == "mpi",
            edit=_workspace_edit(server, generated.output.as_uri(), signed(
                f"/* seq2par: UNVALIDATED — written by the editor's code action; run `seq2par validate "
                f"{path.name} {generated.output.name}` before use. */\n", generated.source)),
            data={"target": target, "analysis_backed": backed, "validated": False,
                  "validate": f"seq2par validate {path.name} {generated.output.name}"},
        ))
    return out


def explain_loop(server: Seq2parServer, uri: str, line: int) -> str:
    """The `seq2par explain` text for every blocking finding of the loop on `line`."""
    state = server.states.get(uri)
    analysis = state.last if state is not None else None
    loops = analysis.loops_at_line(line) if analysis is not None else []
    if not loops:
        return f"seq2par: no loop starts on line {line}"
    loop = loops[0]
    if loop.verdict != "sequential":
        return f"Loop at line {loop.line} can run in parallel: {loop.summary}"
    parts = [f"Loop at line {loop.line} in {loop.function} is sequential: {loop.summary}", ""]
    for finding in loop.findings:
        if finding.blocking:
            parts.append(f"[{finding.code}] at {finding.line}:{finding.column}: {finding.message}")
            parts.append(explain(finding.code))
    return "\n".join(parts).rstrip() + "\n"


# -- wiring ----------------------------------------------------------------------------------------------

def build_server(debounce: float = DEFAULT_DEBOUNCE) -> Seq2parServer:
    server = Seq2parServer(debounce)

    @server.feature(types.INITIALIZE)
    def initialize(ls: Seq2parServer, params: types.InitializeParams) -> None:
        options = params.initialization_options
        if isinstance(options, dict) and isinstance(options.get("debounce"), (int, float)):
            ls.debounce = max(0.0, float(options["debounce"]))

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: Seq2parServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, 0.0)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: Seq2parServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.schedule(params.text_document.uri, ls.debounce)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: Seq2parServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.generation[uri] = ls.generation.get(uri, 0) + 1
        ls.states.pop(uri, None)
        ls.full_reports.pop(uri, None)
        ls.forget_generated(uri)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: Seq2parServer, params: types.HoverParams) -> types.Hover | None:
        state = ls.states.get(params.text_document.uri)
        analysis = state.last if state is not None else None
        if analysis is None:
            return None
        loops = _loops_for_line(analysis, params.position.line + 1)
        if not loops:
            return None
        return types.Hover(contents=types.MarkupContent(
            kind=types.MarkupKind.Markdown, value="\n\n---\n\n".join(hover_markdown(analysis, lp) for lp in loops)))

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, types.CodeActionKind.RefactorRewrite],
        resolve_provider=False))
    async def code_action(ls: Seq2parServer, params: types.CodeActionParams
                          ) -> list[types.CodeAction | types.Command]:
        return await code_actions(ls, params)

    @server.command(EXPLAIN_COMMAND)
    def explain_command(ls: Seq2parServer, *args: Any) -> str:
        try:
            uri, line = str(args[0]), int(args[1])
        except (IndexError, TypeError, ValueError):
            return "seq2par.explainLoop expects [uri, line] (a document URI and a 1-based line number)"
        text = explain_loop(ls, uri, line)
        ls.window_show_message(types.ShowMessageParams(types.MessageType.Info, text))
        return text

    return server


def _no_traceback_for_bad_json(record: logging.LogRecord) -> bool:
    """Drop pygls' "Unable to handle message" traceback for a body that is not JSON: the client got a
    ParseError response (`Seq2parServer.report_server_error`), and stderr is the editor's server log."""
    error = record.exc_info[1] if record.exc_info else None
    return not isinstance(error, (json.JSONDecodeError, UnicodeDecodeError))


def start_server(debounce: float = DEFAULT_DEBOUNCE) -> None:
    """Serve LSP on stdin/stdout until the client disconnects."""
    logging.getLogger("pygls.server").addFilter(_no_traceback_for_bad_json)
    build_server(debounce).start_io()
