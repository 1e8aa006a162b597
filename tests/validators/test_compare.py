"""Unit tests for token-wise output comparison with a numeric tolerance."""

from __future__ import annotations

import json
import math

import pytest

from seq2par.validators.compare import compare_outputs, numbers_close, tokenize


@pytest.mark.parametrize(
    ("expected", "actual", "rtol", "atol", "equal"),
    [
        ("sum = 1.0000000000", "sum = 1.0000000001", 1e-9, 0.0, True),
        ("sum = 1.0", "sum = 1.00001", 1e-9, 1e-12, False),
        ("0.0", "1e-13", 0.0, 1e-12, True),
        ("0.0", "1e-11", 0.0, 1e-12, False),
        ("1e3", "1000.0", 0.0, 0.0, True),
        ("42", "42", 0.0, 0.0, True),
        ("42", "43", 1e-9, 1e-12, False),
        ("9007199254740993", "9007199254740992", 0.0, 0.0, False),  # exact beyond 2**53
        ("a  b\n\n c", "a b c", 0.0, 0.0, True),  # layout of whitespace is ignored
        ("result ok", "result OK", 0.0, 0.0, False),
    ],
)
def test_tolerance_and_exact_tokens(
    expected: str, actual: str, rtol: float, atol: float, equal: bool
) -> None:
    assert compare_outputs(expected, actual, rtol, atol).equal is equal


def test_embedded_numbers_compare_numerically() -> None:
    expected = "sum=1.5000000000001, max=(3,4) done."
    actual = "sum=1.5, max=(3,4) done."
    assert [token.text for token in tokenize(expected)][:3] == ["sum=", "1.5000000000001", ","]
    comparison = compare_outputs(expected, actual, rtol=1e-9, atol=0.0)
    assert comparison.equal
    assert 0 < comparison.max_rel_error < 1e-12


def test_embedded_number_mismatch_points_at_the_number() -> None:
    comparison = compare_outputs("step 1\nsum=1.5,\n", "step 1\nsum=1.6,\n", rtol=1e-9, atol=0.0)
    mismatch = comparison.first_mismatch
    assert not comparison.equal and mismatch is not None
    assert (mismatch.reason, mismatch.line, mismatch.expected, mismatch.actual) == ("number", 2, "1.5", "1.6")
    assert mismatch.token_index == 3
    assert mismatch.expected_context == ("step 1", "sum=1.5,")
    assert mismatch.actual_context == ("step 1", "sum=1.6,")
    assert mismatch.rel_error == pytest.approx(0.1 / 1.5)


def test_different_token_count_is_a_mismatch() -> None:
    comparison = compare_outputs("1 2 3\n", "1 2\n", rtol=1e-9, atol=1e-12)
    assert not comparison.equal
    assert comparison.first_mismatch is not None
    assert comparison.first_mismatch.reason == "length"
    assert comparison.first_mismatch.expected == "3"
    assert comparison.first_mismatch.actual == "<end of output>"

    longer = compare_outputs("1 2\n", "1 2 extra\n")
    assert not longer.equal and longer.first_mismatch is not None
    assert longer.first_mismatch.actual == "extra"


def test_text_mismatch() -> None:
    comparison = compare_outputs("rank 0 done\n", "rank 0 failed\n")
    assert comparison.first_mismatch is not None
    assert comparison.first_mismatch.reason == "text"
    assert comparison.first_mismatch.actual == "failed"


def test_nan_and_infinity() -> None:
    assert compare_outputs("x = nan", "x = -nan").equal
    assert compare_outputs("inf -inf", "inf -inf").equal
    assert not compare_outputs("inf", "-inf").equal
    assert not compare_outputs("nan", "1.0").equal
    assert not compare_outputs("1.0", "inf").equal
    assert numbers_close(math.nan, math.nan, 0.0, 0.0)
    assert not numbers_close(math.inf, 1e308, 1.0, 0.0)
    # "info" and "nano" are words, not special numbers
    assert [token.value for token in tokenize("info nano")] == [None, None]


def test_comparison_is_json_serializable_with_infinite_errors() -> None:
    comparison = compare_outputs("0.0", "1.0")
    assert comparison.max_rel_error == math.inf
    data = comparison.to_dict()
    assert json.loads(json.dumps(data))["max_rel_error"] == "inf"
