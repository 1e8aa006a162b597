"""Source edits by byte offset, applied in one pass so that the original text is never re-parsed."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


class TransformationError(Exception):
    """A requested transformation cannot be applied; the message lists every reason."""


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str
    seq: int = 0  # insertion order for edits at the same offset


def apply_edits(source: bytes, edits: list[Edit]) -> str:
    """Apply non-overlapping edits; insertions at one offset keep their `seq` order."""
    ordered = sorted(edits, key=lambda e: (e.start, e.end, e.seq))
    out: list[bytes] = []
    pos = 0
    for edit in ordered:
        if edit.start < pos:
            raise TransformationError(f"internal error: overlapping edits at byte {edit.start}")
        out.append(source[pos:edit.start])
        out.append(edit.text.encode())
        pos = edit.end
    out.append(source[pos:])
    return b"".join(out).decode("utf-8", "replace")


def line_indent(source: bytes, offset: int) -> str:
    start = source.rfind(b"\n", 0, offset) + 1
    line = source[start:offset]
    return line[: len(line) - len(line.lstrip())].decode()


def unified_diff(original: str, generated: str, original_name: str, generated_name: str) -> str:
    return "".join(difflib.unified_diff(original.splitlines(keepends=True), generated.splitlines(keepends=True),
                                        fromfile=original_name, tofile=generated_name))
