"""Revisits (回头看) scheduled after a close-out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from desktop.domain.dates import add_months


def schedule(closed_on: date, months: Iterable[int] = (3, 12)) -> list[date]:
    return sorted({add_months(closed_on, m) for m in months})


def next_ongoing(last: date, every_months: int) -> date:
    """A long-running (长期坚持) task's next revisit: ``every_months`` after the last."""
    return add_months(last, every_months)
