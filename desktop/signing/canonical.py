"""Canonical JSON: one byte string per value, so hashes and signatures over data are stable.

Sorted keys, UTF-8 without escapes, no insignificant whitespace, no NaN or Infinity.
Only plain JSON types are accepted; callers turn dates, decimals and UUIDs into strings
themselves, so the wire form is decided in one visible place rather than by a hook here.
"""

from __future__ import annotations

import hashlib
import json
import math
from typing import Any

__all__ = ["canonical_json", "sha256_hex"]


def _check(value: Any, path: str) -> None:
    # Walk the value first: json.dumps would quietly turn int keys into strings (so
    # {1: x} and {"1": x} would collide) and tuples into lists of unknown origin.
    if value is None or isinstance(value, bool | int | str):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"non-finite number at {path or '$'}: {value!r}")
        return
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _check(item, f"{path}[{index}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise TypeError(f"object key at {path or '$'} is not a string: {key!r}")
            _check(item, f"{path}.{key}")
        return
    raise TypeError(
        f"value at {path or '$'} of type {type(value).__name__} is not plain JSON; "
        "convert it to a string first"
    )


def canonical_json(obj: Any) -> bytes:
    """Return the canonical UTF-8 encoding of ``obj`` (dict/list/str/int/float/bool/None)."""
    _check(obj, "")
    text = json.dumps(
        obj,
        sort_keys=True,
        ensure_ascii=False,
        separators=(",", ":"),
        allow_nan=False,
    )
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:  # lone surrogates cannot be sent as UTF-8
        raise ValueError(f"string is not valid Unicode: {exc}") from exc


def sha256_hex(data: bytes) -> str:
    """Lower-case hex SHA-256, the form used in manifests."""
    return hashlib.sha256(data).hexdigest()
