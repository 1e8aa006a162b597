"""Compare two program outputs token by token, numbers within a tolerance.

A parallel program adds floating-point numbers in a different order, so its printed sums legitimately differ
in the last digits; everything else (words, counts, layout of tokens) must match exactly. Numbers are found
even when glued to punctuation (``sum=1.5``, ``1.5,``, ``(3,4)``), by splitting every whitespace-separated
word on the number pattern; the same split applied to both outputs keeps them aligned.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

_CONTEXT_LINES = 2

# Decimal and exponent forms, plus nan/inf when they stand alone (not the "inf" of "info").
_NUMBER = re.compile(
    r"""(
        [+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?
      | (?<![A-Za-z0-9_])[+-]?(?:nan|inf(?:inity)?)(?![A-Za-z0-9_])
    )""",
    re.VERBOSE | re.IGNORECASE,
)
_INTEGER = re.compile(r"[+-]?\d+")


@dataclass(frozen=True)
class Token:
    """One token of an output, with its 1-based line number."""

    text: str
    line: int
    value: float | int | None  # the parsed number, or None for text


@dataclass(frozen=True)
class Allowance:
    """Per-token exceptions to the strict rule in one stream, by token index (as `tokenize` counts).

    ``ignored``: numbers that differ between runs of the original itself (a printed run time): not
    compared at all. ``tolerance``: numbers whose last digits the original does not determine (measured by
    running it under other rounding modes): they match when ``|actual - expected|`` is within the strict
    tolerance *or* within this absolute value, never more. Only numeric tokens are affected; text,
    integers printed as integers and token counts stay exact.
    """

    ignored: frozenset[int] = frozenset()
    tolerance: Mapping[int, float] = field(default_factory=dict)


@dataclass(frozen=True)
class Mismatch:
    """The first place where two outputs differ.

    ``token_index`` counts tokens from 0 across the whole output; ``expected``/``actual`` are the tokens
    (``"<end of output>"`` when one output is shorter); the context holds up to two lines before and the
    line itself from each output.
    """

    reason: Literal["number", "text", "length", "bytes", "missing"]
    line: int
    actual_line: int
    token_index: int
    expected: str
    actual: str
    expected_context: tuple[str, ...]
    actual_context: tuple[str, ...]
    abs_error: float | None = None
    rel_error: float | None = None
    stream: str = "stdout"  # "stdout", "stderr" or "file NAME" (a file the program wrote)

    def describe(self) -> str:
        """A short multi-line description for terminals."""
        where = "" if self.stream == "stdout" else f"{self.stream}: "
        if self.reason == "missing":
            return f"{where}written by the {self.expected}, not by the {self.actual}"
        if self.reason == "bytes":
            return f"{where}binary contents differ at byte {self.token_index}"
        if self.reason == "length":
            head = f"outputs have different lengths: token {self.token_index} (line {self.line})"
        else:
            head = f"line {self.line}, token {self.token_index}"
        lines = [f"{where}{head}: expected {self.expected!r}, got {self.actual!r}"]
        if self.rel_error is not None:
            lines[0] += f" (abs error {self.abs_error:.3g}, rel error {self.rel_error:.3g})"
        lines.append("  expected:")
        lines += [f"    | {text}" for text in self.expected_context]
        lines.append("  actual:")
        lines += [f"    | {text}" for text in self.actual_context]
        return "\n".join(lines)


@dataclass(frozen=True)
class Comparison:
    """The verdict of `compare_outputs`: equal or not, the largest numeric errors seen, the first mismatch.

    Errors are taken over all aligned numeric token pairs (0.0 when there are none); the relative error of
    a pair whose expected value is 0 is 0 when both are 0 and infinity otherwise.
    """

    equal: bool
    max_abs_error: float
    max_rel_error: float
    first_mismatch: Mismatch | None
    tokens: int
    loosened: int = 0  # numbers accepted only thanks to a measured-noise tolerance
    skipped: int = 0  # numbers not compared (they vary between runs of the original)

    def to_dict(self) -> dict[str, Any]:
        return json_safe(asdict(self))


def tokenize(text: str) -> list[Token]:
    """Split an output into tokens: whitespace-separated words, each split again around the numbers in it."""
    tokens: list[Token] = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        for word in line.split():
            for piece in _NUMBER.split(word):
                if not piece:
                    continue
                tokens.append(Token(piece, line_number, _parse_number(piece)))
    return tokens


def _parse_number(piece: str) -> float | int | None:
    if not _NUMBER.fullmatch(piece):
        return None
    if _INTEGER.fullmatch(piece):
        return int(piece)  # exact: a 64-bit count must not be rounded through a double
    return float(piece)


def numbers_close(expected: float | int, actual: float | int, rtol: float, atol: float) -> bool:
    """``|actual - expected| <= atol + rtol * |expected|``; nan equals nan, infinities must share a sign."""
    if isinstance(expected, int) and isinstance(actual, int):
        return abs(actual - expected) <= atol + rtol * abs(expected)
    expected, actual = float(expected), float(actual)
    if math.isnan(expected) or math.isnan(actual):
        return math.isnan(expected) and math.isnan(actual)
    if math.isinf(expected) or math.isinf(actual):
        return expected == actual
    return abs(actual - expected) <= atol + rtol * abs(expected)


def _errors(expected: float | int, actual: float | int) -> tuple[float, float]:
    """(absolute, relative) error of a numeric pair; (0, 0) for matching nan/inf, inf for other specials."""
    if isinstance(expected, int) and isinstance(actual, int):
        difference = float(abs(actual - expected))
        return difference, (difference / abs(expected) if expected else (0.0 if not difference else math.inf))
    expected, actual = float(expected), float(actual)
    if math.isnan(expected) or math.isnan(actual) or math.isinf(expected) or math.isinf(actual):
        same = (math.isnan(expected) and math.isnan(actual)) or expected == actual
        return (0.0, 0.0) if same else (math.inf, math.inf)
    difference = abs(actual - expected)
    if expected == 0.0:
        return difference, 0.0 if difference == 0.0 else math.inf
    return difference, difference / abs(expected)


def compare_outputs(expected: str, actual: str, rtol: float = 1e-9, atol: float = 1e-12,
                    allowance: Allowance | None = None) -> Comparison:
    """Compare ``actual`` against ``expected`` token by token.

    Numeric tokens match when ``|a - b| <= atol + rtol * |b|`` (b expected), or, for a token ``allowance``
    gives a measured-noise tolerance, when ``|a - b|`` is within it; a token it ignores is not compared
    (but must still be a number); other tokens must be identical; outputs with different token counts never
    match. Whitespace layout is ignored. The largest errors are taken over strictly compared numbers only.
    """
    expected_tokens = tokenize(expected)
    actual_tokens = tokenize(actual)
    allowance = allowance or Allowance()
    max_abs = max_rel = 0.0
    loosened = skipped = 0
    first: Mismatch | None = None
    for index, (want, got) in enumerate(zip(expected_tokens, actual_tokens, strict=False)):
        if want.value is not None and got.value is not None:
            if index in allowance.ignored:
                skipped += 1
                continue
            abs_error, rel_error = _errors(want.value, got.value)
            close = numbers_close(want.value, got.value, rtol, atol)
            noise = allowance.tolerance.get(index)
            if not close and noise is not None and abs_error <= noise:
                loosened += 1
                continue
            max_abs, max_rel = max(max_abs, abs_error), max(max_rel, rel_error)
            if first is None and not close:
                first = _mismatch("number", index, want, got, expected, actual, abs_error, rel_error)
        elif first is None and want.text != got.text:
            first = _mismatch("text", index, want, got, expected, actual)
    if first is None and len(expected_tokens) != len(actual_tokens):
        index = min(len(expected_tokens), len(actual_tokens))
        end_expected = _end_token(expected)
        end_actual = _end_token(actual)
        want = expected_tokens[index] if index < len(expected_tokens) else end_expected
        got = actual_tokens[index] if index < len(actual_tokens) else end_actual
        first = _mismatch("length", index, want, got, expected, actual)
    return Comparison(first is None, max_abs, max_rel, first, len(expected_tokens), loosened, skipped)


def compare_streams(
    expected: dict[str, str | bytes], actual: dict[str, str | bytes], rtol: float = 1e-9, atol: float = 1e-12,
    allowances: Mapping[str, Allowance] | None = None,
) -> Comparison:
    """Compare everything two runs produced, stream by stream: ``"stdout"``, ``"stderr"``, ``"file NAME"``.

    Text streams go through `compare_outputs` (with that stream's entry of ``allowances``); binary contents
    (``bytes``) must be identical; a stream that only one run produced (a file only one of them wrote) is a
    mismatch. The first mismatch is the first in ``expected``'s order (then ``actual``'s), and the errors are
    the largest over all streams.
    """
    max_abs = max_rel = 0.0
    tokens = loosened = skipped = 0
    allowances = allowances or {}
    first: Mismatch | None = None
    for stream in [*expected, *(name for name in actual if name not in expected)]:
        want, got = expected.get(stream), actual.get(stream)
        if want is None or got is None:
            found = Mismatch("missing", 1, 1, 0, "original" if got is None else "parallel program",
                             "parallel program" if got is None else "original", (), (), stream=stream)
        elif isinstance(want, bytes) or isinstance(got, bytes):
            want_bytes = want if isinstance(want, bytes) else want.encode()
            got_bytes = got if isinstance(got, bytes) else got.encode()
            found = None if want_bytes == got_bytes else Mismatch(
                "bytes", 1, 1, _first_difference(want_bytes, got_bytes), "", "", (), (), stream=stream)
        else:
            comparison = compare_outputs(want, got, rtol, atol, allowances.get(stream))
            max_abs, max_rel = max(max_abs, comparison.max_abs_error), max(max_rel, comparison.max_rel_error)
            tokens += comparison.tokens
            loosened += comparison.loosened
            skipped += comparison.skipped
            found = comparison.first_mismatch
            if found is not None:
                found = replace(found, stream=stream)
        if first is None:
            first = found
    return Comparison(first is None, max_abs, max_rel, first, tokens, loosened, skipped)


def _first_difference(a: bytes, b: bytes, chunk: int = 4096) -> int:
    """The offset of the first byte where `a` and `b` differ (the shorter length when one is a prefix)."""
    start = 0
    while start < min(len(a), len(b)) and a[start:start + chunk] == b[start:start + chunk]:
        start += chunk
    return next((k for k in range(start, min(len(a), len(b), start + chunk)) if a[k] != b[k]),
                min(len(a), len(b)))


def _end_token(text: str) -> Token:
    return Token("<end of output>", max(1, len(text.splitlines())), None)


def _mismatch(
    reason: Literal["number", "text", "length"],
    index: int,
    want: Token,
    got: Token,
    expected: str,
    actual: str,
    abs_error: float | None = None,
    rel_error: float | None = None,
) -> Mismatch:
    return Mismatch(
        reason=reason,
        line=want.line,
        actual_line=got.line,
        token_index=index,
        expected=want.text,
        actual=got.text,
        expected_context=_context(expected, want.line),
        actual_context=_context(actual, got.line),
        abs_error=abs_error,
        rel_error=rel_error,
    )


def _context(text: str, line: int) -> tuple[str, ...]:
    lines = text.splitlines()
    return tuple(lines[max(0, line - 1 - _CONTEXT_LINES) : line])


def json_safe(value: Any) -> Any:
    """Replace inf/nan (not valid JSON) by strings, recursively."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, dict):
        return {key: json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(item) for item in value]
    return value
