"""What `seq2par lsp` answers to messages it cannot read: JSON-RPC error responses, never a traceback.

pygls raised while reading such a message, before it knew the request's id: the client waited for an
answer that never came, got a window message instead, and the server's stderr had a traceback. Every wait
here is on a response (the raw client reads the server's stdout in a thread); nothing sleeps.
"""

from __future__ import annotations

import asyncio
import json
import queue
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types
from pygls.exceptions import JsonRpcException
from pytest_lsp import ClientServerConfig, LanguageClient, client_capabilities

SERVER = [sys.executable, "-m", "seq2par.cli.main", "lsp", "--debounce", "0.02"]


class RawClient:
    """Framed JSON-RPC over the server's stdin/stdout, byte for byte: what pygls' client cannot send."""

    def __init__(self) -> None:
        self.server = subprocess.Popen(SERVER, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.received: queue.Queue = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stdout = self.server.stdout
        while True:
            length = None
            line = stdout.readline()
            while line.strip():
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":")[1])
                line = stdout.readline()
            if not line or length is None:
                self.received.put(None)
                return
            self.received.put(json.loads(stdout.read(length)))

    def send_bytes(self, body: bytes) -> None:
        self.server.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.server.stdin.flush()

    def send(self, message: object) -> None:
        self.send_bytes(json.dumps(message).encode())

    def answer(self, message_id: object) -> tuple[dict, list[dict]]:
        """The response with `message_id` (None: the one with `"id": null`), and the notifications before it."""
        before = []
        while True:
            message = self.received.get(timeout=60)
            assert message is not None, "the server stopped"
            if "id" in message and "method" not in message and message["id"] == message_id:
                return message, before
            before.append(message)

    def close(self) -> str:
        """Shut the server down as a client does; its stderr."""
        self.send({"jsonrpc": "2.0", "id": "bye", "method": "shutdown"})
        self.answer("bye")
        self.send({"jsonrpc": "2.0", "method": "exit"})
        self.server.wait(timeout=30)
        return self.server.stderr.read().decode()


HOVER = {"textDocument": {"uri": "file:///nowhere/x.c"}, "position": {"line": 0, "character": 0}}


@pytest.mark.parametrize(
    ("body", "message_id", "code"),
    [
        (b'{"jsonrpc": "2.0", "id": 7, "method": "textDocument/hover", "params": {"bogus": 1}}', 7, -32602),
        (b'{"jsonrpc": "2.0", "id": "s", "method": "textDocument/hover", "params": 5}', "s", -32602),
        (b'{"jsonrpc": "2.0", "id": 8, "method": "textDocument/hov', None, -32700),
        (b"\xff\xfe not utf-8", None, -32700),
        (b'{"id": 9, "method": "textDocument/hover", "params": {}}', 9, -32600),
        (b'{"jsonrpc": "2.0", "id": 10, "method": 42}', 10, -32600),
        (b'{"jsonrpc": "2.0", "id": {"no": 1}, "method": "textDocument/hover"}', None, -32600),
        (b"[1, 2]", None, -32600),
    ],
    ids=["params-missing", "params-not-an-object", "cut-json", "not-utf8", "no-jsonrpc", "method-not-a-string",
         "id-an-object", "batch"],
)
def test_an_unreadable_request_gets_a_json_rpc_error_and_the_server_keeps_serving(
        body: bytes, message_id: object, code: int) -> None:
    client = RawClient()
    try:
        client.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
        client.answer(1)
        client.send({"jsonrpc": "2.0", "method": "initialized", "params": {}})
        client.send_bytes(body)
        error, before = client.answer(message_id)
        assert error["error"]["code"] == code and "result" not in error
        assert not [m for m in before if m.get("method") == "window/showMessage"], before
        client.send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": HOVER})
        assert client.answer(2)[0] == {"jsonrpc": "2.0", "id": 2, "result": None}
    finally:
        stderr = client.close()
    assert "Traceback" not in stderr, stderr


def test_unreadable_notifications_get_no_answer_but_a_log_line() -> None:
    """JSON-RPC forbids answering a notification: a didOpen that cannot be read, and a didChange of a
    document never opened (pygls' workspace raised KeyError, shown to the user), are logged."""
    client = RawClient()
    try:
        client.send({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}})
        client.answer(1)
        client.send({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"x": 1}})
        client.send({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": "file:///nowhere/never.c", "version": 2}, "contentChanges": [{"text": "int x;"}]}})
        client.send({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": HOVER})
        answer, before = client.answer(2)
        assert answer["result"] is None
        assert [m["method"] for m in before] == ["window/logMessage", "window/logMessage"], before
        assert "KeyError" not in json.dumps(before) and "never.c" in before[1]["params"]["message"]
    finally:
        stderr = client.close()
    assert "Traceback" not in stderr and "KeyError" not in stderr, stderr


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER))
async def client(lsp_client: LanguageClient, tmp_path: Path):
    await lsp_client.initialize_session(types.InitializeParams(
        capabilities=client_capabilities("visual-studio-code"), root_uri=tmp_path.as_uri()))
    yield
    await lsp_client.shutdown_session()


async def test_a_real_client_gets_invalid_params_for_its_request(client: LanguageClient) -> None:
    position = types.Position(0, 0)
    object.__setattr__(position, "line", "first")  # (past lsprotocol's validator: what a buggy client sends)
    unreadable = types.HoverParams(types.TextDocumentIdentifier("file:///nowhere/x.c"), position)
    with pytest.raises(JsonRpcException) as raised:
        await asyncio.wait_for(client.text_document_hover_async(unreadable), 60)  # (no answer came at all)
    assert raised.value.code == types.ErrorCodes.InvalidParams
    assert await client.text_document_hover_async(types.HoverParams(
        types.TextDocumentIdentifier("file:///nowhere/x.c"), types.Position(0, 0))) is None
    assert not client.messages  # (window/showMessage)
