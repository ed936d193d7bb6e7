"""Warning lights (红黄绿灯) for tasks."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from desktop.domain.status import Status
from desktop.i18n import Msg


class Light(StrEnum):
    RED = "red"
    YELLOW = "yellow"
    GREEN = "green"
    NONE = "none"  # closed out: no longer watched


LABELS = {
    Light.RED: Msg("红灯", "Red"),
    Light.YELLOW: Msg("黄灯", "Yellow"),
    Light.GREEN: Msg("绿灯", "Green"),
    Light.NONE: Msg("已销号", "Closed"),
}


@dataclass(frozen=True)
class MeasureDates:
    planned: date | None
    done: date | None


def effective_deadline(deadline: date | None, extensions: Iterable[date]) -> date | None:
    """The deadline in force: the latest approved extension, else the original."""
    latest = max(extensions, default=None)
    return latest if latest is not None else deadline


def days_left(deadline: date | None, today: date) -> int | None:
    return None if deadline is None else (deadline - today).days


def light(
    status: str,
    deadline: date | None,
    today: date,
    measures: Iterable[MeasureDates] = (),
    window_days: int = 30,
) -> Light:
    """Red: past the effective deadline and not closed out.  Yellow: within the
    window before it (the deadline day itself included), or a measure overdue.
    Green otherwise.  Ongoing tasks (no deadline) can only be yellow or green."""
    if status == Status.CLOSED_OUT:
        return Light.NONE
    if deadline is not None and today > deadline:
        return Light.RED
    if deadline is not None and (deadline - today).days <= window_days:
        return Light.YELLOW
    if any(m.done is None and m.planned is not None and m.planned < today for m in measures):
        return Light.YELLOW
    return Light.GREEN
