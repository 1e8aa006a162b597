"""The LSP code action "Parallelize this loop with OpenMP": the real server and client (pytest-lsp), the loop
under the cursor only, and the file it creates validates with `validate_openmp`."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types
from pytest_lsp import LanguageClient

from tests.integrations.test_lsp_server import (  # noqa: F401  (the fixture is used by name)
    PROGRAM,
    SAXPY_LINE,
    _apply,
    _code_actions,
    _open,
    client,
)


async def test_openmp_code_action_parallelizes_only_the_loop_under_the_cursor(client: LanguageClient,  # noqa: F811
                                                                               tmp_path: Path) -> None:
    from seq2par.validators import validate_openmp

    source = tmp_path / "prog.c"
    uri = _open(client, source, PROGRAM)
    await client.published.wait(uri, 1)
    actions = await _code_actions(client, uri, SAXPY_LINE)
    openmp = [a for title, a in actions.items() if title.startswith("Parallelize this loop with OpenMP")]
    assert len(openmp) == 1, list(actions)
    action = openmp[0]
    assert "prog.omp.c" in action.title and "other loop" not in action.title
    assert action.kind == types.CodeActionKind.QuickFix and not action.is_preferred  # MPI's is preferred
    parallel = _apply(action.edit)
    text = parallel.read_text()
    pragmas = [number for number, line in enumerate(text.splitlines(), 1) if line.strip().startswith("#pragma omp")]
    assert text.startswith("/* seq2par: UNVALIDATED")  # a line of its own: the source's lines move down by one
    assert pragmas == [SAXPY_LINE + 1]  # inserted right above the loop under the cursor, nowhere else
    report = validate_openmp(source, parallel, threads=(1, 2), runs=1, timeout=60)
    assert report.status == "equal", report.message


async def test_code_actions_on_a_crlf_document_write_crlf_lines(client: LanguageClient,  # noqa: F811
                                                               tmp_path: Path) -> None:
    """The label and the lines a generator inserted ended in LF alone in the file written for a CRLF
    document (as `parallelize` wrote them)."""
    uri = _open(client, tmp_path / "crlf.c", PROGRAM.replace("\n", "\r\n"))
    await client.published.wait(uri, 1)
    actions = await _code_actions(client, uri, SAXPY_LINE)
    for title in ("Parallelize this loop with OpenMP", "Parallelize this loop with MPI"):
        (action,) = [a for name, a in actions.items() if name.startswith(title)]
        text = _apply(action.edit).read_bytes()
        assert text.count(b"\n") == text.count(b"\r\n"), title
