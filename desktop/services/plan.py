"""The city's view of its plan: per task number, how its units stand.

Built from the ledger's task rows (services/ledger_rows, the same lights and statuses
the ledger shows), so it reads the same from a plain sqlite3 look or the data layer."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop.services.ledger_rows import TaskRow


@dataclass
class PlanTask:
    number: int
    title: str
    units: list[TaskRow] = field(default_factory=list)
    round_id: str = ""
    round_name: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "number": self.number, "title": self.title, "round_id": self.round_id,
            "round_name": self.round_name, "units": len(self.units),
            "by_light": dict(sorted(Counter(r.light for r in self.units).items())),
            "by_status": dict(sorted(Counter(r.status for r in self.units).items())),
            "cells": [{"unit_code": r.unit_code, "unit_name": r.unit_name, "uuid": r.uuid,
                       "light": r.light, "status": r.status, "percent": r.percent}
                      for r in self.units],
        }


def plan(rows: Iterable[TaskRow]) -> list[PlanTask]:
    """One entry per task of the plan (a number within an inspection round: task 1 of
    two rounds are two tasks), its copies in unit order (rows come sorted)."""
    out: dict[tuple[str, int], PlanTask] = {}
    for r in rows:
        out.setdefault((r.round_id, r.number), PlanTask(
            r.number, r.title, round_id=r.round_id, round_name=r.round_name)).units.append(r)
    return list(out.values())
