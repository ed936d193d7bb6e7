"""The ledger's rows, read with plain SQL over a DB-API connection.

This is the one place the ledger table's rows are computed.  It needs nothing but
the standard library, so the window can paint the ledger from a bare ``sqlite3``
connection before SQLAlchemy has loaded; later the same functions run on the
connection under a session (``Store.read_raw``).  A few set-based queries keep a
city ledger of many thousand tasks quick.
"""

from __future__ import annotations

import json
import sqlite3
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from db.unreadable import read_date, read_number
from desktop.domain import periods
from desktop.domain.lights import Light, MeasureDates, days_left, effective_deadline, light
from desktop.domain.plan import round_title
from desktop.domain.settings import DeskSettings
from desktop.domain.status import Status
from desktop.i18n import Msg, UserError

Connection = sqlite3.Connection


@dataclass(slots=True)  # no per-row __dict__: less memory, shorter GC passes
class TaskRow:
    uuid: str
    number: int
    title: str
    unit_code: str
    unit_name: str
    lead_unit: str
    responsible: list[str]
    category: str
    deadline: date | None  # in force, after approved extensions
    original_deadline: date | None
    ongoing: bool
    days_left: int | None
    status: str
    light: str
    latest_period: str | None
    percent: float | None
    owner: str
    feedback: str = field(default="", repr=False)
    # Task numbers are unique only within a round (督察轮次): documents name it.
    round_id: str = ""
    round_name: str = ""
    round_kind: str = ""
    # Why the plan no longer gives this unit the task ("" while it applies): a kept
    # withdrawn copy is shown greyed, never counted and never red.
    withdrawn: str = ""

    @property
    def round_title(self) -> str:
        return round_title(self.round_name, self.round_kind)

    def to_json(self) -> dict[str, Any]:
        d = asdict(self)
        d.pop("feedback")
        for k in ("deadline", "original_deadline"):
            d[k] = d[k].isoformat() if d[k] else None
        return d


def _date(text: str | None, table: str, column: str) -> date | None:
    # SQLAlchemy's SQLite Date type stores ISO text; anything else is a hand-edited
    # database, said in the clerk's words (db.unreadable) instead of a traceback.
    return read_date(text, table, column)


def unit_names(conn: Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT code, name FROM org_unit").fetchall())


_EXTENDED = """
    SELECT task_uuid, max(new_deadline) FROM extension
    WHERE approved = 1 GROUP BY task_uuid"""
# The earliest planned date among each task's open measures is all the light rule
# needs to know about them; the rule itself decides whether that is overdue.
_EARLIEST_OPEN = """
    SELECT task_uuid, min(planned_date) FROM measure
    WHERE done_date IS NULL AND planned_date IS NOT NULL GROUP BY task_uuid"""
_LATEST_PROGRESS = """
    SELECT p.task_uuid, p.period, p.percent FROM progress AS p
    JOIN (SELECT task_uuid, max(period) AS period FROM progress GROUP BY task_uuid) AS l
      ON l.task_uuid = p.task_uuid AND l.period = p.period"""
# Rounds in the order they were fed back, then the task numbers within each.
_TASKS = """
    SELECT t.uuid, t.number, t.title, t.unit_code, t.lead_unit_code, t.responsible_units,
           t.category, t.deadline, t.ongoing, t.status, t.owner, t.feedback,
           t.round_uuid, r.name, r.kind, t.withdrawn
    FROM task AS t LEFT JOIN inspection_round AS r ON r.uuid = t.round_uuid
    {where} ORDER BY r.feedback_date, r.name, t.number, t.unit_code"""


def task_rows(
    conn: Connection,
    today: date,
    settings: DeskSettings,
    *,
    light_filter: str | None = None,
    status_filter: str | None = None,
    unit_filter: str | None = None,
    round_filter: str | None = None,
    withdrawn: bool = False,
) -> list[TaskRow]:
    """All tasks (optionally filtered) in number order.  With ``withdrawn`` the copies
    the plan withdrew from their unit come too, each with its reason and no light (the
    ledger table and ``tasks list`` show them); a light or status filter leaves them
    out, as they have neither."""
    names = unit_names(conn)
    extended = {t: _date(d, "extension", "new_deadline") for t, d in conn.execute(_EXTENDED)}
    earliest_open = {t: _date(d, "measure", "planned_date")
                     for t, d in conn.execute(_EARLIEST_OPEN)}
    progress = {t: (p, read_number(pct, "progress", "percent"))
                for t, p, pct in conn.execute(_LATEST_PROGRESS)}
    # A copy the plan withdrew from its unit is kept for its records but not counted,
    # never red and not in the plan (services/catalogue.py).
    shown_withdrawn = withdrawn and not light_filter and not status_filter
    conditions, params = ([] if shown_withdrawn else ["t.withdrawn = ''"]), []
    if status_filter:
        conditions.append("t.status = ?")
        params.append(status_filter)
    if unit_filter:
        conditions.append("t.unit_code = ?")
        params.append(unit_filter)
    if round_filter:
        conditions.append("t.round_uuid = ?")
        params.append(round_filter)
    where = "WHERE " + " AND ".join(conditions) if conditions else ""
    window = settings.warning_window_days
    rows: list[TaskRow] = []
    for (uuid, number, title, unit_code, lead, responsible, category, deadline, ongoing,
         status, owner, feedback, round_id, round_name, round_kind, gone
         ) in conn.execute(_TASKS.format(where=where), params):
        original = _date(deadline, "task", "deadline")
        extension = extended.get(uuid)
        dl = effective_deadline(original, [extension] if extension else [])
        planned = earliest_open.get(uuid)
        lt = Light.NONE if gone else light(
            status, dl, today, [MeasureDates(planned, None)] if planned else [], window)
        if light_filter and lt != light_filter:
            continue
        p = progress.get(uuid)
        rows.append(TaskRow(
            uuid=uuid,
            number=number,
            title=title,
            unit_code=unit_code,
            unit_name=names.get(unit_code, unit_code),
            lead_unit=names.get(lead, lead),
            responsible=[names.get(c, c) for c in json.loads(responsible or "null") or []],
            category=category,
            deadline=dl,
            original_deadline=original,
            ongoing=bool(ongoing),
            days_left=None if lt == Light.NONE else days_left(dl, today),  # closed: not counted
            status=status,
            light=str(lt),
            latest_period=p[0] if p else None,
            percent=p[1] if p else None,
            owner=owner,
            feedback=feedback or "",
            round_id=round_id or "",
            round_name=round_name or "",
            round_kind=round_kind or "",
            withdrawn=gone or "",
        ))
    return rows


def task_count(conn: Connection) -> int:
    return int(conn.execute("SELECT count(*) FROM task WHERE withdrawn = ''").fetchone()[0])


def unit_choices(conn: Connection) -> list[tuple[str, str]]:
    """(code, name) of units that appear on tasks as keeper or lead, for the filter."""
    names = unit_names(conn)
    codes: set[str] = set()
    for unit, lead in conn.execute("SELECT DISTINCT unit_code, lead_unit_code FROM task"):
        codes.update(c for c in (unit, lead) if c)
    return sorted(((c, names.get(c, c)) for c in codes), key=lambda x: x[0])


def categories(conn: Connection) -> list[str]:
    return sorted(c for (c,) in conn.execute("SELECT DISTINCT category FROM task") if c)


def rounds(conn: Connection) -> list[tuple[str, str, str]]:
    """(id, name, kind) of the rounds that hold tasks, in feedback order."""
    return [(u, n, k or "") for u, n, k in conn.execute(
        "SELECT uuid, name, kind FROM inspection_round WHERE uuid IN "
        "(SELECT DISTINCT round_uuid FROM task) ORDER BY feedback_date, name")]


def find_round(conn: Connection, ref: str) -> str:
    """A round's id from its id, the id's first 8 characters or its name (as
    services/rounds.find_round, on a bare connection for the quick read path)."""
    ref = (ref or "").strip()
    found = [u for u, n in conn.execute("SELECT uuid, name FROM inspection_round")
             if u == ref or n == ref or (len(ref) >= 8 and u.startswith(ref))]
    if len(found) != 1:
        raise UserError(Msg(f"找不到督察轮次“{ref}”（用 rectdesk round list 查看编号）。",
                            f"No inspection round “{ref}” (see rectdesk round list)."))
    return found[0]


def summary(conn: Connection, today: date, settings: DeskSettings,
            round_filter: str | None = None) -> dict[str, Any]:
    """The counts ``rectdesk status`` shows: by status and light, the next report and
    the overdue tasks (of one round if ``round_filter``)."""
    rows = task_rows(conn, today, settings, round_filter=round_filter)
    by_status = Counter(r.status for r in rows)
    by_light = Counter(r.light for r in rows)
    period, due = periods.next_report(today, settings.report_due_day)
    overdue = [r for r in rows if r.light == Light.RED]
    per_round = Counter(r.round_id for r in rows)
    held = [{"id": u, "name": n, "kind": k, "title": round_title(n, k), "tasks": per_round[u]}
            for u, n, k in rounds(conn) if per_round[u]]
    return {
        "today": today.isoformat(),
        "round": held[0] if round_filter and held else None,
        "by_round": held,
        "tasks_total": len(rows),
        "by_status": {s.value: by_status.get(s.value, 0) for s in Status},
        "by_light": {lt.value: by_light.get(lt.value, 0) for lt in Light},
        "next_report": {"period": period, "due": due.isoformat(), "days_left": (due - today).days},
        "overdue": [
            {
                "uuid": r.uuid,
                "number": r.number,
                "round_id": r.round_id,
                "round_name": r.round_name,
                "unit": r.unit_code,
                "title": r.title,
                "deadline": r.deadline.isoformat() if r.deadline else None,
                "days_overdue": -(r.days_left or 0),
            }
            for r in overdue
        ],
    }
