"""LSP latency: time from `didChange` to `publishDiagnostics` on a 2,000-line C file, through a real client.

Usage: python bench/lsp_latency.py [--lines 2000] [--edits 20] [--debounce 0.05]

Starts `seq2par lsp` as a subprocess, talks to it with pygls's LanguageClient over stdio, opens a
generated C file (bench/analyze_speed.py's generator) and makes `--edits` incremental edits, each inside
one function body (alternately adding and removing a loop-carried dependence, in functions spread over
the file). For each edit it measures the wall time from sending `textDocument/didChange` to receiving
the `publishDiagnostics` for that document version. **The figure includes the server's debounce** (the
quiet time it waits after a change before analyzing); the run is repeated with debounce 0 to show the
analysis-and-transport part alone, and the in-process analysis time (`DocumentState.update`) is printed
too. Target: median <= 100 ms with the default debounce.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

from lsprotocol import types
from pygls.lsp.client import LanguageClient

sys.path.insert(0, str(Path(__file__).parent))
from analyze_speed import generate_source  # noqa: E402

TARGET_MS = 100.0
ORIGINAL = "        out[i] = t * t - in[i];"
DEPENDENT = "        out[i] = t * t - in[i] + out[i - 1];"


def edit_lines(text: str, count: int) -> list[int]:
    """0-based lines that the edits toggle: the map functions' update lines, spread over the file."""
    candidates = [i for i, line in enumerate(text.splitlines()) if line == ORIGINAL]
    if not candidates:
        raise SystemExit("the generated file has no editable line")
    step = max(1, len(candidates) // count)
    return [candidates[(k * step) % len(candidates)] for k in range(count)]


async def measure(text: str, edits: list[int], debounce: float) -> list[float]:
    client = LanguageClient("seq2par-bench", "1")
    waiting: dict[int, asyncio.Future] = {}
    arrived: dict[int, float] = {}

    @client.feature(types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    def on_diagnostics(_client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        if params.version is None:
            return
        arrived[params.version] = time.perf_counter()
        future = waiting.get(params.version)
        if future is not None and not future.done():
            future.set_result(params)

    async def wait_for(version: int) -> None:
        if version not in arrived:
            waiting[version] = asyncio.get_running_loop().create_future()
            await asyncio.wait_for(waiting[version], 60)

    await client.start_io(sys.executable, "-m", "seq2par.cli.main", "lsp", "--debounce", str(debounce))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.c"
        path.write_text(text)
        uri = path.as_uri()
        await client.initialize_async(types.InitializeParams(capabilities=types.ClientCapabilities(),
                                                             root_uri=Path(tmp).as_uri()))
        client.initialized(types.InitializedParams())
        client.text_document_did_open(types.DidOpenTextDocumentParams(
            types.TextDocumentItem(uri=uri, language_id="c", version=1, text=text)))
        await wait_for(1)
        latencies = []
        state = {line: False for line in edits}
        for k, line in enumerate(edits):
            version = k + 2
            old, new = (DEPENDENT, ORIGINAL) if state[line] else (ORIGINAL, DEPENDENT)
            state[line] = not state[line]
            change = types.TextDocumentContentChangePartial(
                range=types.Range(types.Position(line, 0), types.Position(line, len(old))), text=new)
            sent = time.perf_counter()
            client.text_document_did_change(types.DidChangeTextDocumentParams(
                text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version),
                content_changes=[change]))
            await wait_for(version)
            latencies.append((arrived[version] - sent) * 1000)
        await client.shutdown_async(None)
        client.exit(None)
    await client.stop()
    return latencies


def in_process(text: str, edits: list[int]) -> list[float]:
    """Analysis time alone (no transport, no debounce) for the same edits."""
    from seq2par.cli.lsp_documents import DocumentState

    state = DocumentState("big.c")
    state.update(text, 1)
    lines = text.splitlines(keepends=True)
    toggled = {line: False for line in edits}
    times = []
    for k, line in enumerate(edits):
        toggled[line] = not toggled[line]
        lines[line] = (DEPENDENT if toggled[line] else ORIGINAL) + "\n"
        result = state.update("".join(lines), k + 2)
        times.append(result.seconds * 1000)
    return times


def describe(label: str, values: list[float]) -> str:
    ordered = sorted(values)
    p90 = ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]
    return (f"{label}: median {statistics.median(values):.1f} ms, p90 {p90:.1f} ms, "
            f"min {ordered[0]:.1f} ms, max {ordered[-1]:.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lines", type=int, default=2000)
    parser.add_argument("--edits", type=int, default=20)
    parser.add_argument("--debounce", type=float, default=0.05, help="the server's debounce (its default)")
    args = parser.parse_args()
    text = generate_source(args.lines)
    edits = edit_lines(text, args.edits)
    print(f"file: {text.count(chr(10))} lines; {len(edits)} edits, each inside one function body")
    with_debounce = asyncio.run(measure(text, edits, args.debounce))
    print(describe(f"didChange -> publishDiagnostics, debounce {args.debounce * 1000:.0f} ms included",
                   with_debounce))
    without = asyncio.run(measure(text, edits, 0.0))
    print(describe("didChange -> publishDiagnostics, debounce 0", without))
    print(describe("analysis alone (in process, DocumentState.update)", in_process(text, edits)))
    median = statistics.median(with_debounce)
    verdict = "met" if median <= TARGET_MS else "NOT met"
    print(f"target: median <= {TARGET_MS:.0f} ms with the debounce included: {verdict} ({median:.1f} ms)")


if __name__ == "__main__":
    main()
