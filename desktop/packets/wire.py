"""Records on the wire: ORM rows ↔ plain JSON values, and strict checks of what arrives.

The packet carries each record as a flat object of its columns. Dates are ISO strings,
times are naive ISO strings (as stored), numbers are JSON numbers. Everything coming in
is checked against the column's type and length here, so the merge never sees a value
the database would store differently from what was signed.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, DateTime, Float, Integer, String, Table, Text

from db.models import RECORD_CLASSES, Record
from db.types import plain_type

__all__ = [
    "META_FIELDS",
    "MODELS",
    "WireError",
    "decode_row",
    "encode_row",
    "encode_value",
    "table_of",
]

MODELS: dict[str, type[Record]] = {m.__tablename__: m for m in RECORD_CLASSES}
# Fields that describe a version rather than content: never compared as content.
META_FIELDS = frozenset({"revision", "updated_at"})
_UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
_MAX_TEXT = 200_000  # a Text column; far above any real narrative, far below harm
_MAX_JSON_ITEMS = 1_000


class WireError(ValueError):
    """A record in the data file does not fit its table."""


def table_of(name: str) -> Table:
    return MODELS[name].__table__  # type: ignore[return-value]


def encode_value(value: Any) -> Any:
    if isinstance(value, datetime):
        # Stored naive; an aware value (fresh from the audit hook) is shown as stored.
        return value.replace(tzinfo=None, microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [encode_value(v) for v in value]
    return value


def encode_row(table: Table, row: Any) -> dict[str, Any]:
    """A row (ORM object or Core mapping) → wire dict with every column."""
    get = row.get if isinstance(row, dict) else (
        row.__getitem__ if hasattr(row, "keys") else lambda k: getattr(row, k)
    )
    out: dict[str, Any] = {}
    for column in table.columns:
        out[column.key] = encode_value(get(column.key))
    return out


def _check_json(value: Any, depth: int = 0) -> None:
    if depth > 4:
        raise WireError("nested too deeply")
    if isinstance(value, list):
        if len(value) > _MAX_JSON_ITEMS:
            raise WireError("list too long")
        for item in value:
            _check_json(item, depth + 1)
    elif isinstance(value, dict):  # e.g. a ranking entry's figures
        if len(value) > _MAX_JSON_ITEMS:
            raise WireError("object too large")
        for key, item in value.items():
            if not isinstance(key, str) or len(key) > 64:
                raise WireError("object key is not a short text")
            _check_json(item, depth + 1)
    elif isinstance(value, str):
        if len(value) > _MAX_TEXT:
            raise WireError("text too long")
    elif value is not None and not isinstance(value, bool | int | float):
        raise WireError("unsupported JSON value")


def _decode(column: Any, value: Any) -> Any:
    kind = plain_type(column.type)  # a checked Date/Float (db.types) is still one
    if value is None:
        if not column.nullable and not column.primary_key:
            raise WireError(f"{column.key} must not be empty")
        return None
    if isinstance(kind, Boolean):
        if type(value) is not bool:
            raise WireError(f"{column.key} must be true or false")
        return value
    if isinstance(kind, Integer):
        if type(value) is not int or not -(2**62) < value < 2**62:
            raise WireError(f"{column.key} must be an integer")
        return value
    if isinstance(kind, Float):
        if type(value) not in (int, float) or not math.isfinite(value):
            raise WireError(f"{column.key} must be a finite number")
        return float(value)
    if isinstance(kind, DateTime):
        if not isinstance(value, str):
            raise WireError(f"{column.key} must be a time")
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise WireError(f"{column.key} is not a valid time") from None
        if moment.tzinfo is not None:
            raise WireError(f"{column.key} must be a local time without offset")
        return moment
    if isinstance(kind, Date):
        if not isinstance(value, str) or len(value) != 10:
            raise WireError(f"{column.key} must be a date")
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise WireError(f"{column.key} is not a valid date") from None
    if isinstance(kind, JSON):
        _check_json(value)
        return value
    if isinstance(kind, String | Text):
        if not isinstance(value, str):
            raise WireError(f"{column.key} must be text")
        if len(value) > _MAX_TEXT:
            raise WireError(f"{column.key} is longer than {_MAX_TEXT} characters")
        # A value longer than its column, and characters no clerk could type (NUL…),
        # refuse the record at the merge, with the window's words
        # (merge._value_problem), not the whole packet.
        return value
    raise WireError(f"{column.key} has an unsupported type")  # pragma: no cover


def decode_row(table: Table, raw: Any, *, partial: frozenset[str] | None = None) -> dict[str, Any]:
    """Check one incoming record; returns column → Python value. With ``partial`` the
    record may carry only ``uuid`` and those fields (shared records)."""
    if not isinstance(raw, dict):
        raise WireError("record is not an object")
    columns = {c.key: c for c in table.columns}
    unknown = set(raw) - set(columns)
    if unknown:
        raise WireError(f"unknown fields {sorted(unknown)}")
    expected = set(columns) if partial is None else {"uuid", *partial}
    if set(raw) != expected:
        missing = sorted(expected - set(raw))
        extra = sorted(set(raw) - expected)
        raise WireError(f"fields missing {missing} or not allowed {extra}")
    uuid = raw.get("uuid")
    if not isinstance(uuid, str) or not _UUID.match(uuid):
        raise WireError("uuid is not a UUID")
    return {key: _decode(columns[key], value) for key, value in raw.items()}
