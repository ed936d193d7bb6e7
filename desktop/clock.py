"""The date the program takes as today: fixed by ``--today`` / ``RECTDESK_TODAY`` for
reproducible runs, otherwise the computer's calendar."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

ENV_TODAY = "RECTDESK_TODAY"
_fixed: date | None = None


def set_today(value: date | None) -> None:
    global _fixed
    _fixed = value


@contextmanager
def fixed(day: date) -> Iterator[None]:
    """Today is ``day`` inside the block (the demo replays a year of acts on the
    days they happened)."""
    global _fixed
    before, _fixed = _fixed, day
    try:
        yield
    finally:
        _fixed = before


def today() -> date:
    if _fixed is not None:
        return _fixed
    env = os.environ.get(ENV_TODAY)
    if env:
        return date.fromisoformat(env)
    return date.today()


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
