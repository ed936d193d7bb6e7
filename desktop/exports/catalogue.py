"""The plan's task list (整改任务清单) in the workbook layout cities publish it in.

``plan_catalogue`` reads the workbook and says, row by row, what importing would do
(new task, changed fields, unchanged) or why a row is refused, naming sheet, row and
column; nothing is written.  ``apply_catalogue`` plans again and, only if no row is
refused, writes every row through one door batch (all or nothing).  The reader takes
the layouts real plans use: title rows above the header, merged cells (a value merged
down several rows belongs to each of them), header synonyms, every deadline form, and
responsible units written as names, short names or "各县（市、区）".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Desk, InspectionRound, OrgUnit, Task
from desktop.domain.plan import (
    ALL_REPORTING,
    REPORTING_KINDS,
    deadline_text,
    match_unit,
    name_index,
    parse_deadline,
)
from desktop.exports import xlsx_common as xc
from desktop.exports.excel_cells import as_text, is_blank
from desktop.exports.xlsx_guard import open_workbook
from desktop.exports.xlsx_text import to_cell
from desktop.i18n import Msg, UserError
from desktop.services import catalogue, rounds
from desktop.services.catalogue import CatalogueTask
from desktop.services.desk import DeskContext

# field → headers plans use for it (the first is the one we write).
HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("序号", "编号", "任务编号"),
    "title": ("任务名称", "整改任务"),
    "feedback": ("督察反馈问题", "问题", "反馈问题", "存在问题", "问题描述"),
    "target": ("整改目标", "目标"),
    "measures": ("整改措施", "措施"),
    "lead_leader": ("牵头市领导", "责任市领导"),
    "lead_unit": ("牵头单位",),
    "responsible": ("责任单位", "配合单位"),
    "lead_official": ("责任人",),
    "deadline": ("整改时限", "完成时限", "整改期限"),
    "category": ("类别", "问题类别"),
}
REQUIRED = ("number", "feedback", "deadline")
ALL_WORDS = "各县（市、区）"
_HEADER_ROWS = 10  # a header further down than this is not a plan's task list


@dataclass
class CatalogueRow:
    sheet: str
    row: int
    number: int | None = None
    entry: CatalogueTask | None = None
    action: str = ""  # new | changed | unchanged | refused
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)
    errors: list[Msg] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "number": self.number,
                "action": self.action,
                "units": list(self.entry.units) if self.entry else [],
                "changes": sorted(self.changes),
                "errors": [str(e) for e in self.errors]}


@dataclass
class CataloguePlan:
    file: str
    round_id: str
    rows: list[CatalogueRow] = field(default_factory=list)
    errors: list[Msg] = field(default_factory=list)  # about the workbook as a whole
    # Said after --apply: plan measures a unit had worked on (kept), withdrawn units.
    notes: list[Msg] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and all(not r.errors for r in self.rows)

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "round": self.round_id, "ok": self.ok,
                "new": self.count("new"), "changed": self.count("changed"),
                "unchanged": self.count("unchanged"), "refused": self.count("refused"),
                "errors": [str(e) for e in self.errors],
                "notes": [str(e) for e in self.notes],
                "rows": [r.to_json() for r in self.rows]}


def _norm(text: str) -> str:
    return "".join(text.split()).replace("（", "(").replace("）", ")")


def _header_map(cells: Sequence[Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, c in enumerate(cells):
        text = _norm(as_text(getattr(c, "value", None)))
        for name, words in HEADERS.items():
            if name not in found and text in {_norm(w) for w in words}:
                found[name] = i
    return found


class _Reader:
    def __init__(self, session: Session, round_: InspectionRound) -> None:
        self.s = session
        self.round = round_
        units = rounds.unit_names(session)
        self.index = name_index(units)
        self.kinds = {u.code: u.kind for u in units}
        self.reporting = tuple(sorted(u.code for u in units if u.kind in REPORTING_KINDS))

    def read(self, path: Path, plan: CataloguePlan) -> None:
        with open_workbook(path) as book:
            for sheet in book.worksheets:
                if self._read_sheet(book, sheet, plan):
                    return
        plan.errors.append(Msg(
            "工作簿中找不到任务清单的表头（需有“序号”“问题”“整改时限”等列）。",
            "No task-list header found (columns 序号, 问题, 整改时限 …)."))

    def _read_sheet(self, book: Any, sheet: str, plan: CataloguePlan) -> bool:
        rows = [list(r) for r in book.rows(sheet)]
        header_at, cols = -1, {}
        for i, cells in enumerate(rows[:_HEADER_ROWS]):
            cols = _header_map(cells)
            if all(k in cols for k in REQUIRED):
                header_at = i
                break
        if header_at < 0:
            return False
        values = [[getattr(c, "value", None) for c in cells] for cells in rows]
        kinds = [[getattr(c, "data_type", "") for c in cells] for cells in rows]
        # A value merged over several rows or columns belongs to every cell it covers.
        for rng in book.merged(sheet):
            top = rng.min_row - 1
            if top >= len(values) or rng.min_col - 1 >= len(values[top]):
                continue
            v, k = values[top][rng.min_col - 1], kinds[top][rng.min_col - 1]
            for r in range(rng.min_row - 1, min(rng.max_row, len(values))):
                for c in range(rng.min_col - 1, rng.max_col):
                    while len(values[r]) <= c:
                        values[r].append(None)
                        kinds[r].append("")
                    values[r][c], kinds[r][c] = v, k
        seen: dict[int, int] = {}
        for i in range(header_at + 1, len(values)):
            got = {name: values[i][c] if c < len(values[i]) else None for name, c in cols.items()}
            if all(is_blank(v) for v in got.values()):
                continue  # an empty row (in the middle too)
            row = CatalogueRow(sheet, i + 1)
            plan.rows.append(row)
            for name, c in cols.items():
                kind = kinds[i][c] if c < len(kinds[i]) else ""
                if kind in ("f", "e"):
                    row.errors.append(self._msg(row, c, name, Msg(
                        f"不接受公式或错误值（{values[i][c]}），请直接填写内容",
                        f"formulas and error values are not accepted ({values[i][c]})")))
            if row.errors:
                continue
            self._parse(row, got, cols, seen)
        return True

    @staticmethod
    def _msg(row: CatalogueRow, col: int, name: str, why: Msg) -> Msg:
        cell = f"{get_column_letter(col + 1)}{row.row}"
        head = HEADERS[name][0]
        return Msg(f"工作表“{row.sheet}”第 {row.row} 行“{head}”列（{cell}）：{why.zh}",
                   f"sheet “{row.sheet}” row {row.row} column {head} ({cell}): {why.en}")

    def _units(self, row: CatalogueRow, text: str, col: int, name: str) -> list[str] | None:
        from desktop.domain.plan import split_units

        out: list[str] = []
        bad = False
        for written in split_units(text):
            if written == ALL_REPORTING:
                out.extend(u for u in self.reporting if u not in out)
                continue
            code = match_unit(self.index, written)
            if code is None:
                bad = True
                row.errors.append(self._msg(row, col, name, Msg(
                    f"单位“{written}”不在本市单位名单中（先用 rectdesk unit add 登记）",
                    f"unit “{written}” is not one of the city's units (rectdesk unit add)")))
            elif code not in out:
                out.append(code)
        return None if bad else out

    def _parse(self, row: CatalogueRow, got: dict[str, Any], cols: dict[str, int],
               seen: dict[int, int]) -> None:
        text = {k: as_text(v).strip() for k, v in got.items()}
        try:
            number = int(float(text["number"]))
            if number <= 0 or float(text["number"]) != number:
                raise ValueError
        except ValueError:
            row.errors.append(self._msg(row, cols["number"], "number", Msg(
                f"序号“{text['number']}”应为正整数", f"“{text['number']}” is not a number")))
            return
        row.number = number
        if number in seen:
            row.errors.append(self._msg(row, cols["number"], "number", Msg(
                f"序号 {number} 与第 {seen[number]} 行重复", f"number {number} repeats row "
                f"{seen[number]}")))
            return
        seen[number] = row.row
        if not text["feedback"]:
            row.errors.append(self._msg(row, cols["feedback"], "feedback",
                                        Msg("问题不能为空", "the problem is empty")))
        try:
            deadline = parse_deadline(got["deadline"] if not isinstance(got["deadline"], str)
                                      else text["deadline"],
                                      self.round.plan_issued or self.round.feedback_date)
        except ValueError as e:
            why = e.args[0] if e.args and isinstance(e.args[0], Msg) else Msg(str(e), str(e))
            row.errors.append(self._msg(row, cols["deadline"], "deadline", why))
            deadline = None
        lead = self._units(row, text.get("lead_unit", ""), cols.get("lead_unit", 0), "lead_unit") \
            if text.get("lead_unit") else []
        resp = self._units(row, text.get("responsible", ""), cols.get("responsible", 0),
                           "responsible") if text.get("responsible") else []
        if row.errors or deadline is None or lead is None or resp is None:
            return
        units = tuple(resp or lead)
        if not units:
            row.errors.append(self._msg(row, cols.get("responsible", cols["number"]),
                                        "responsible", Msg("没有写责任单位或牵头单位",
                                                           "no responsible or lead unit")))
            return
        title = text.get("title") or _title_of(text["feedback"])
        official = " ".join(p for p in (text.get("lead_leader", ""),
                                        text.get("lead_official", "")) if p)
        row.entry = CatalogueTask(
            number=number, title=title[:300], feedback=text["feedback"],
            target=text.get("target", ""), measures=text.get("measures", ""),
            lead_unit_code=lead[0] if lead else "", responsible_units=tuple(resp or lead),
            lead_official=official[:100], deadline=deadline, category=text.get("category", "")[:40],
            units=units)


_title_of = catalogue.title_of


def _city_name(session: Session) -> str:
    return session.scalars(select(Desk.name)).first() or ""


def build_plan(session: Session, path: Path, round_ref: str) -> CataloguePlan:
    round_ = rounds.find_round(session, round_ref)
    plan = CataloguePlan(path.name, round_.uuid)
    _Reader(session, round_).read(path, plan)
    for row in plan.rows:
        if row.errors or row.entry is None:
            row.action = "refused"
            continue
        row.changes, missing, have = what_changes(session, round_.uuid, row.entry)
        row.action = "new" if missing and not have else (
            "changed" if row.changes else "unchanged")
    return plan


def what_changes(session: Session, round_uuid: str, entry: CatalogueTask
                 ) -> tuple[dict[str, tuple[Any, Any]], list[str], dict[str, Task]]:
    """What saving ``entry`` would change: field → (stored, new) over its copies
    ("units" when copies are added or withdrawn), the units missing a copy, and the
    copies held."""
    have = catalogue.copies(session, round_uuid, entry.number)
    missing = [u for u in entry.units if u not in have]
    changes: dict[str, tuple[Any, Any]] = {}
    for unit, task in have.items():
        if unit in entry.units:
            changes.update(catalogue.differences(task, entry))
    gone = catalogue.no_copies_beyond(session, round_uuid, entry.number, entry.units)
    if (missing and have) or gone:
        applied = sorted(u for u, t in have.items() if not t.withdrawn)
        changes["units"] = (applied, list(entry.units))
    return changes, missing, have


def plan_catalogue(ctx: DeskContext, path: Path, round_ref: str) -> CataloguePlan:
    if not ctx.is_city:
        raise UserError(Msg("只有市级台账可以导入整改任务清单。",
                            "Only the city desk imports the task catalogue."))
    with ctx.store.read() as s:
        return build_plan(s, Path(path), round_ref)


class CatalogueRejected(UserError):
    def __init__(self, plan: CataloguePlan) -> None:
        bad = [e for r in plan.rows for e in r.errors] + plan.errors
        lines = "\n".join(f"  {m.zh}" for m in bad[:50])
        super().__init__(Msg(f"任务清单有 {len(bad)} 处问题，未导入任何内容：\n{lines}",
                             f"{len(bad)} problems in the task list; nothing was imported."))
        self.plan = plan


def apply_catalogue(ctx: DeskContext, path: Path, round_ref: str) -> CataloguePlan:
    """All rows through one door batch, or none."""
    ledger = ctx.ledger
    ledger.require_city(Msg("导入整改任务清单", "import the task catalogue"))
    with ledger.batch() as s:
        plan = build_plan(s, Path(path), round_ref)
        if not plan.ok:
            raise CatalogueRejected(plan)
        # One flush at the end: the rows do not read each other's copies.
        with s.no_autoflush:
            for row in plan.rows:
                if row.entry is not None and row.action != "unchanged":
                    saved = ledger.save_catalogue_task(plan.round_id, row.entry).value
                    plan.notes.extend(saved.kept)
                    plan.notes.extend(Msg(f"第 {row.entry.number} 号任务不再适用于 {u}，已撤回",
                                          f"task {row.entry.number} withdrawn from {u}")
                                      for u in saved.withdrawn)
    return plan


# --- export: the same layout back --------------------------------------------------------

EXPORT_FIELDS = ("number", "title", "feedback", "target", "measures", "lead_unit", "responsible",
                 "lead_official", "deadline", "category")


def export_catalogue(ctx: DeskContext, out: Path, *, template: bool = False,
                     round_ref: str | None = None) -> int:
    """The catalogue as the plan publishes it (a title row, then the header); with
    ``template`` the header only.  Returns the number of tasks written."""
    with ctx.store.read() as s:
        rows = [] if template else _export_rows(s, round_ref)
        title = _city_name(s) + "整改任务清单"
    wb = Workbook()
    ws = wb.active
    ws.title = "整改任务清单"
    ws.append([title])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(EXPORT_FIELDS))
    ws["A1"].font = Font(bold=True, size=14)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws.append([HEADERS[f][0] for f in EXPORT_FIELDS])
    for r in rows:
        ws.append([to_cell(v) if isinstance(v, str) else v for v in r])
    try:
        xc.save_atomically(wb, Path(out))
    except OSError as e:
        raise xc.unwritable(Path(out), e) from e
    return len(rows)


def _export_rows(s: Session, round_ref: str | None) -> list[list[Any]]:
    from desktop.domain.plan import Deadline
    from desktop.services.taskdetail import child_rows

    q = select(Task).where(Task.withdrawn == "").order_by(Task.number, Task.unit_code)
    if round_ref:
        q = q.where(Task.round_uuid == rounds.find_round(s, round_ref).uuid)
    units = {u.code: u for u in s.scalars(select(OrgUnit))}
    reporting = {c for c, u in units.items() if u.kind in REPORTING_KINDS}
    out: list[list[Any]] = []
    done: set[tuple[str, int]] = set()
    for t in s.scalars(q):
        if (t.round_uuid, t.number) in done:
            continue
        done.add((t.round_uuid, t.number))
        resp = list(t.responsible_units or [])
        names = [units[c].name if c in units else c for c in resp if c not in reporting]
        if reporting and resp[:len(reporting)] == sorted(reporting):
            names.insert(0, ALL_WORDS)  # read back as every reporting unit, in code order
        else:
            names = [units[c].name if c in units else c for c in resp]
        plan = list(t.plan_measures or []) or [  # a ledger from before plans were kept
            m["description"] for m in child_rows(s, "measure", t.uuid)]
        measures = "\n".join(f"{i}. {text}" for i, text in enumerate(plan, start=1))
        lead = units[t.lead_unit_code].name if t.lead_unit_code in units else ""
        out.append([t.number, t.title, t.feedback, t.target, measures, lead, "、".join(names),
                    t.lead_official, deadline_text(Deadline(t.deadline, t.ongoing)),
                    t.category])
    return out
