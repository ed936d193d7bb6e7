"""Canonical JSON: exact bytes, refusals, and a Hypothesis round trip."""

from __future__ import annotations

import json
import math
from datetime import date, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop.signing.canonical import canonical_json, sha256_hex


def test_exact_bytes() -> None:
    value = {"b": [1, 2.5, None, True], "a": "整改", "c": {"z": -0.0, "y": 'x"\n'}}
    expected = '{"a":"整改","b":[1,2.5,null,true],"c":{"y":"x\\"\\n","z":-0.0}}'
    assert canonical_json(value) == expected.encode("utf-8")
    # Key order of the input does not matter.
    assert canonical_json(dict(reversed(value.items()))) == canonical_json(value)


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, {"x": [1, math.nan]}])
def test_non_finite_numbers_refused(bad: Any) -> None:
    with pytest.raises(ValueError):
        canonical_json(bad)


@pytest.mark.parametrize(
    "bad",
    [date(2024, 5, 1), {"d": datetime(2024, 5, 1)}, {1: "x"}, {"s": {1, 2}}, b"bytes", object()],
)
def test_non_json_types_refused(bad: Any) -> None:
    with pytest.raises(TypeError):
        canonical_json(bad)


def test_lone_surrogate_refused() -> None:
    with pytest.raises(ValueError):
        canonical_json("\ud800")


def test_sha256_hex() -> None:
    assert sha256_hex(b"abc") == (
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    )


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(alphabet=st.characters(blacklist_categories=("Cs",))),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5)
    ),
    max_leaves=30,
)


@settings(max_examples=200, deadline=None)
@given(json_values)
def test_round_trip_is_stable(value: Any) -> None:
    encoded = canonical_json(value)
    decoded = json.loads(encoded.decode("utf-8"))
    assert decoded == value
    assert canonical_json(decoded) == encoded
    assert b"\n" not in encoded  # control characters are always escaped
