"""Taking a clerk's edits of an exported ledger workbook back into the ledger.

``plan_import`` reads the workbook and says, row by row, what would happen: new,
changed (field by field), unchanged or rejected (with the reason, named by sheet,
row and column).  ``apply_import`` re-plans inside one write transaction and
applies everything or nothing; the audit log records each field change on flush.
Rows are matched by the identifier columns the export wrote, never by position,
and removing a row never deletes a record.
"""

from __future__ import annotations

import uuid as uuidlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.worksheet.cell_range import CellRange
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.audit import log_event
from db.models import (
    Desk,
    IndicatorValue,
    InspectionRound,
    Measure,
    OrgUnit,
    Progress,
    Record,
    Responsibility,
    Task,
)
from desktop.domain import text as text_rule
from desktop.domain.plan import round_title
from desktop.exports import excel_indicators
from desktop.exports import xlsx_common as xc
from desktop.exports.excel_cells import CellError, as_text, is_blank, parse
from desktop.exports.ledger_schema import (
    EDITABLE_SHEETS,
    ID_HEADER,
    MEASURE_STATUS,
    NOTES_TITLE,
    PETITION_SHEET,
    PROGRESS_SHEET,
    ROUND_HEADER,
    SUMMARY_TITLE,
    TASK_ID_HEADER,
    Column,
    Kind,
    SheetSpec,
)
from desktop.exports.xlsx_guard import BLANK, OpenWorkbook, open_workbook
from desktop.i18n import Msg, UserError
from desktop.services import records
from desktop.services.desk import DeskContext
from desktop.services.door import Ledger

NEW, CHANGED, UNCHANGED, REJECTED = "new", "changed", "unchanged", "rejected"
KIND_LABELS = {NEW: "新增", CHANGED: "修改", UNCHANGED: "未变", REJECTED: "拒绝"}
_MEASURE_LABEL = dict(MEASURE_STATUS)


@dataclass
class Change:
    field: str
    label: str
    old: Any
    new: Any


@dataclass
class RowPlan:
    sheet: str
    row: int
    table: str
    kind: str = UNCHANGED
    uuid: str | None = None
    task_uuid: str | None = None
    changes: list[Change] = field(default_factory=list)
    values: dict[str, Any] = field(default_factory=dict)  # a new row's fields
    errors: list[Msg] = field(default_factory=list)
    warnings: list[Msg] = field(default_factory=list)


@dataclass
class ImportPlan:
    file: str
    rows: list[RowPlan] = field(default_factory=list)
    problems: list[Msg] = field(default_factory=list)  # whole-file or whole-sheet errors
    notes: list[Msg] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems and not any(r.kind == REJECTED for r in self.rows)

    def counts(self) -> dict[str, int]:
        out = dict.fromkeys((NEW, CHANGED, UNCHANGED, REJECTED), 0)
        for r in self.rows:
            out[r.kind] += 1
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "ok": self.ok,
            "counts": self.counts(),
            "problems": [m.zh for m in self.problems],
            "notes": [m.zh for m in self.notes],
            "rows": [
                {"sheet": r.sheet, "row": r.row, "kind": r.kind, "table": r.table,
                 "uuid": r.uuid, "task_uuid": r.task_uuid,
                 "changes": [{"field": c.field, "label": c.label, "old": shown(c.old),
                              "new": shown(c.new)} for c in r.changes],
                 "values": {k: shown(v) for k, v in r.values.items()},
                 "errors": [m.zh for m in r.errors], "warnings": [m.zh for m in r.warnings]}
                for r in self.rows if r.kind != UNCHANGED or r.warnings
            ],
        }


class ImportRejected(UserError):
    """Apply refused: the plan has rejected rows; nothing was changed."""

    def __init__(self, plan: ImportPlan) -> None:
        n = plan.counts()[REJECTED] + len(plan.problems)
        super().__init__(Msg(
            f"有 {n} 处错误，未导入任何内容。请改正后重新导入。",
            f"{n} error(s): nothing was imported. Correct them and import again.",
        ))
        self.plan = plan


def shown(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return value


def in_words(table: str, field: str, value: Any) -> tuple[str, Any]:
    """A field and its value as the workbook shows them: the column's header and, for
    a choice, its label (措施状态：进行中, not status=doing)."""
    if table == "indicator_value":
        return excel_indicators.HEADER_OF.get(field, field), shown(value)
    spec = next((s for s in EDITABLE_SHEETS if s.table == table), None)
    col = next((c for c in spec.columns if c.field == field), None) if spec else None
    if col is None:
        return field, shown(value)
    if col.choices:
        return col.header, col.label_of(value)
    return col.header, shown(value)


# -- entry points -------------------------------------------------------------------

def plan_import(ctx: DeskContext, path: Path, *,
                progress: xc.ProgressFn | None = None) -> ImportPlan:
    """The dry run: nothing is written."""
    with open_workbook(Path(path)) as book, ctx.store.read() as s:
        return build_plan(s, book, Path(path).name, ctx.code, progress=progress)


def apply_import(ctx: DeskContext, path: Path, *,
                 progress: xc.ProgressFn | None = None) -> ImportPlan:
    """Plan again inside the write transaction (so nothing can change in between)
    and apply all of it, or raise ImportRejected and apply none of it."""
    with open_workbook(Path(path)) as book, ctx.ledger.batch() as s:
        plan = build_plan(s, book, Path(path).name, ctx.code, progress=progress)
        if not plan.ok:
            raise ImportRejected(plan)
        if _apply(ctx.ledger, plan, progress):
            # Only a workbook that changed something leaves a trace: importing an
            # untouched export must leave the database exactly as it was.
            log_event(s, "excel_import", str(uuidlib.uuid4()), "import",
                      {"file": plan.file, "counts": plan.counts()})
    return plan


# -- planning -----------------------------------------------------------------------

def build_plan(session: Session, book: OpenWorkbook, file_name: str, desk_code: str, *,
               progress: xc.ProgressFn | None = None) -> ImportPlan:
    plan = ImportPlan(file_name)
    known = {s.title for s in EDITABLE_SHEETS} | {SUMMARY_TITLE, NOTES_TITLE,
                                                   excel_indicators.TITLE}
    for name in book.sheetnames:
        if name not in known:
            plan.notes.append(Msg(f"工作表“{name}”不是台账工作表，已忽略。",
                                  f"Sheet “{name}” is not a ledger sheet; ignored."))
    specs = [s for s in EDITABLE_SHEETS if s.title in book.worksheets]
    with_values = excel_indicators.TITLE in book.worksheets
    if not specs and not with_values:
        plan.problems.append(Msg(
            "这个工作簿里没有可导入的台账工作表（问题清单、措施清单……）。"
            "请使用本程序导出的台账工作簿。",
            "The workbook has no ledger sheets to import; use a workbook exported by "
            "this program.",
        ))
    ticker = xc.Ticker(progress, sum(book.extent(s.title) for s in specs))
    context = _Context(session, desk_code)
    for spec in specs:
        _SheetReader(spec, book, context, plan, ticker).read()
    if with_values:
        _read_values(session, book, desk_code, plan)
    return plan


def _read_values(session: Session, book: OpenWorkbook, desk_code: str,
                 plan: ImportPlan) -> None:
    """The 指标数值 sheet: a row per value that is new, changed or refused."""
    role = session.scalars(select(Desk.role)).first() or "county"
    rows = book.rows(excel_indicators.TITLE)
    try:
        for r, code, unit, month, value, problem in excel_indicators.read_sheet(
                rows, session, desk_code, role):
            row = RowPlan(excel_indicators.TITLE, r, "indicator_value",
                          values={"code": code, "unit": unit, "period": month, "value": value})
            if problem is not None:
                row.kind = REJECTED
                row.errors.append(problem)
            else:
                old = session.scalars(select(IndicatorValue.value).where(
                    IndicatorValue.indicator_code == code, IndicatorValue.unit_code == unit,
                    IndicatorValue.period == month)).first()
                row.kind = NEW if old is None else CHANGED
                if old is not None:
                    row.changes.append(Change("value", "数值", old, value))
            plan.rows.append(row)
    finally:
        rows.close()


class _Context:
    """What every sheet needs from the database, loaded once."""

    def __init__(self, session: Session, desk_code: str) -> None:
        self.session = session
        self.desk_code = desk_code
        self.task_ids = set(session.scalars(select(Task.uuid)))
        self.by_number: dict[int, list[str]] = {}
        # task uuid → the ways a 督察轮次 cell may name its round (name, or as written)
        self.round_of: dict[str, tuple[str, str]] = {}
        for uuid, number, name, kind in session.execute(
                select(Task.uuid, Task.number, InspectionRound.name, InspectionRound.kind)
                .join(InspectionRound, InspectionRound.uuid == Task.round_uuid, isouter=True)):
            self.by_number.setdefault(number, []).append(uuid)
            self.round_of[uuid] = (name or "", round_title(name or "", kind))
        self.rounds = sorted({titles[1] for titles in self.round_of.values() if titles[0]})
        self.unit_names = set(session.scalars(select(OrgUnit.name))) | set(
            session.scalars(select(Responsibility.unit_name)))
        self.progress_keys = set(
            session.execute(select(Progress.task_uuid, Progress.period)))
        self.seen_ids: dict[str, tuple[str, int]] = {}
        self.new_progress: dict[tuple[str, str], int] = {}
        self.recognised: set[str] = set()  # records new rows were recognised as


class _SheetReader:
    def __init__(self, spec: SheetSpec, book: OpenWorkbook, ctx: _Context, plan: ImportPlan,
                 ticker: xc.Ticker) -> None:
        self.spec, self.book, self.ctx, self.plan, self.ticker = spec, book, ctx, plan, ticker
        self.columns: dict[int, Column] = {}
        self.merged: dict[int, str] = {}  # row -> the first merged range it is in
        # row -> (first column, last column, anchor row) of each merged range in it
        self.spans: dict[int, list[tuple[int, int, int]]] = {}
        self.records: dict[str, Record] = {}

    def where(self, row: int, col: Column | None = None) -> str:
        return f"{self.spec.title} 第 {row} 行" + (f" “{col.header}”" if col else "")

    def read(self) -> None:
        rows = self.book.rows(self.spec.title)
        try:
            self._read_rows(rows)
        finally:
            rows.close()

    def _read_rows(self, rows: Iterator[Sequence[Any]]) -> None:
        merged = self.book.merged(self.spec.title)
        if not self._read_header(next(rows, ()), merged):
            return
        # One query for the sheet's table rather than one per row; the objects stay
        # in the session, so applying the plan changes these very ones.
        self.records = {r.uuid: r for r in self.ctx.session.scalars(select(self.spec.model))}
        for ref in merged:
            for r in range(max(ref.min_row, 2), ref.max_row + 1):
                self.merged.setdefault(r, ref.coord)
                self.spans.setdefault(r, []).append((ref.min_col, ref.max_col, ref.min_row))
        # Rows are counted, not asked: a read-only cell may not know its row.
        row = 1
        for row, cells in enumerate(rows, start=2):
            self.ticker.step()
            values = {i: cells[i - 1] if i <= len(cells) else BLANK for i in self.columns}
            if row in self.spans:
                self._unmerge(row, values)
            self._read_row(row, values)
        # Merged cells below the last row in the file are rows too.
        for r in sorted(r for r in self.merged if r > row):
            self.ticker.step()
            self._read_row(r, dict.fromkeys(self.columns, BLANK))

    def _unmerge(self, row: int, values: dict[int, Any]) -> None:
        """Only the top-left cell of a merged range has a value (as Excel shows it)."""
        for first, last, top in self.spans[row]:
            for i in values:
                if first <= i <= last and (row, i) != (top, first):
                    values[i] = BLANK

    def _read_header(self, cells: Sequence[Any], merged: list[CellRange]) -> bool:
        title = self.spec.title
        for ref in merged:
            if ref.min_row == 1:
                self.plan.problems.append(Msg(
                    f"{title} 表头 {ref.coord}：不接受合并单元格，请取消合并后再导入。",
                    f"{title} header {ref.coord}: merged cells are not accepted.",
                ))
                return False
        headers = {}
        for column, cell in enumerate(cells, start=1):
            text = as_text(cell.value).strip()
            if not text:
                continue
            col = self.spec.column(text)
            if col is None:
                self.plan.notes.append(Msg(f"{title}：“{text}”列不是台账列，已忽略。",
                                           f"{title}: column “{text}” is not ours; ignored."))
            elif text in headers:
                self.plan.problems.append(Msg(f"{title}：“{text}”列出现了两次。",
                                              f"{title}: column “{text}” appears twice."))
                return False
            else:
                headers[text] = column
                self.columns[column] = col
        if ID_HEADER not in headers:
            self.plan.problems.append(Msg(
                f"{title}：缺少“{ID_HEADER}”列，无法对应台账记录，整张表未导入。",
                f"{title}: the “{ID_HEADER}” column is missing; the sheet cannot be matched.",
            ))
            return False
        return True

    def _read_row(self, row: int, cells: dict[int, Any]) -> None:
        by_kind = {c.kind: i for i, c in self.columns.items()}
        ident = as_text(cells[by_kind[Kind.ID]].value).strip() if Kind.ID in by_kind else ""
        editable = [(self.columns[i], cells[i]) for i in cells if self.columns[i].editable]
        if not ident and all(is_blank(c.value) for _, c in editable):
            if row in self.merged:
                self._reject_only(row, "")
            return  # an empty row, or an untouched 进展 placeholder
        plan = RowPlan(self.spec.title, row, self.spec.table, uuid=ident or None)
        self.plan.rows.append(plan)
        if row in self.merged:
            plan.errors.append(self._merged_msg(row))
        for i, cell in cells.items():
            col = self.columns[i]
            if col.kind == Kind.DISPLAY:
                continue
            if cell.data_type == "f":
                plan.errors.append(Msg(
                    f"{self.where(row, col)}：不接受公式（{cell.value}），请改为直接填写内容。",
                    f"{self.where(row, col)}: formulas are not accepted ({cell.value}).",
                ))
            elif cell.data_type == "e":
                plan.errors.append(Msg(f"{self.where(row, col)}：单元格是错误值（{cell.value}）。",
                                       f"{self.where(row, col)}: error value {cell.value}."))
        if not plan.errors:
            if ident:
                self._existing(plan, cells)
            else:
                self._new(plan, cells, by_kind)
                if not plan.errors:
                    self._recognise(plan)
        plan.kind = (REJECTED if plan.errors else
                     NEW if plan.uuid is None else CHANGED if plan.changes else UNCHANGED)

    def _merged_msg(self, row: int) -> Msg:
        ref = self.merged[row]
        return Msg(f"{self.spec.title} {ref}：不接受合并单元格，请取消合并后再导入。",
                   f"{self.spec.title} {ref}: merged cells are not accepted.")

    def _reject_only(self, row: int, ident: str) -> None:
        plan = RowPlan(self.spec.title, row, self.spec.table, kind=REJECTED,
                       uuid=ident or None)
        plan.errors.append(self._merged_msg(row))
        self.plan.rows.append(plan)

    def _parse(self, plan: RowPlan, col: Column, cell: Any) -> tuple[bool, Any]:
        try:
            value = parse(col, cell.value)
        except CellError as e:
            plan.errors.append(Msg(f"{self.where(plan.row, col)}：{e.msg.zh}",
                                   f"{self.where(plan.row, col)}: {e.msg.en}"))
            return False, None
        # The same text rule as the window and the packet merge, same words.
        problem = text_rule.check_field(col.field, value, records.field_label(col.field))
        if problem is not None:
            plan.errors.append(Msg(f"{self.where(plan.row, col)}：{problem.zh}",
                                   f"{self.where(plan.row, col)}: {problem.en}"))
            return False, None
        return True, value

    # existing records ---------------------------------------------------------------

    def _existing(self, plan: RowPlan, cells: dict[int, Any]) -> None:
        ident = plan.uuid or ""
        first = self.ctx.seen_ids.get(ident)
        if first:
            plan.errors.append(Msg(
                f"{self.where(plan.row)}：“{ID_HEADER}”与{first[0]} 第 {first[1]} 行重复。",
                f"{self.where(plan.row)}: the identifier repeats {first[0]} row {first[1]}.",
            ))
            return
        self.ctx.seen_ids[ident] = (self.spec.title, plan.row)
        obj = self.records.get(ident)
        if obj is None:
            plan.errors.append(Msg(
                f"{self.where(plan.row)}：找不到编号为“{ident}”的记录（可能已删除，"
                "或这不是本台账导出的文件）。",
                f"{self.where(plan.row)}: no record “{ident}” (deleted, or the file comes "
                "from another ledger).",
            ))
            return
        plan.task_uuid = getattr(obj, "task_uuid", None)
        for i, cell in cells.items():
            col = self.columns[i]
            if col.editable:
                self._compare(plan, obj, col, cell)
            elif col.kind in (Kind.READONLY, Kind.KEY):
                self._readonly(plan, obj, col, cell)
        if isinstance(obj, Measure):
            self._measure_rule(plan, obj)
        if plan.changes and not plan.errors and obj.owner != self.ctx.desk_code:
            plan.errors.append(Msg(
                f"{self.where(plan.row)}：这条记录属于“{obj.owner}”，本台账"
                f"（{self.ctx.desk_code}）不能修改它。",
                f"{self.where(plan.row)}: this record belongs to “{obj.owner}”; this desk "
                f"({self.ctx.desk_code}) cannot change it.",
            ))

    def _compare(self, plan: RowPlan, obj: Record, col: Column, cell: Any) -> None:
        old = getattr(obj, col.field)
        if col.kind == Kind.TEXT and (cell.value is None or isinstance(cell.value, str)) \
                and as_text(cell.value) == (old or ""):
            return  # exactly as exported, whitespace and all
        ok, new = self._parse(plan, col, cell)
        if not ok:
            return
        if col.kind == Kind.TEXT:
            new = new.strip()
            if col.field in records.REQUIRED and not new:
                plan.errors.append(Msg(f"{self.where(plan.row, col)}：不能为空",
                                       f"{self.where(plan.row, col)}: must not be empty"))
                return
            if new == (old or ""):
                return
            self._unit_note(plan, col, new)
        elif new == old or (new == "" and old is None):
            return
        plan.changes.append(Change(col.field, col.header, old, new))

    def _readonly(self, plan: RowPlan, obj: Record, col: Column, cell: Any) -> None:
        old = getattr(obj, col.field)
        try:
            new = parse(col, cell.value)
        except CellError:
            new = cell.value
        if isinstance(new, str) and isinstance(old, str):
            same = new == old or new.strip() == old.strip()
        else:
            same = new == old or (is_blank(new) and old in (None, ""))
        if not same:
            plan.warnings.append(Msg(
                f"{self.where(plan.row, col)}：这一列只供参考，修改未导入。",
                f"{self.where(plan.row, col)}: this column is for reference; the edit "
                "is not imported.",
            ))

    def _measure_rule(self, plan: RowPlan, obj: Measure) -> None:
        """Mirror records.set_fields: a done date means done; done needs a date."""
        changes = {c.field: c for c in plan.changes}
        done = changes["done_date"].new if "done_date" in changes else obj.done_date
        wanted = changes["status"].new if "status" in changes else obj.status
        final = "done" if done else ("doing" if wanted == "done" else wanted)
        if "status" in changes and wanted != final:
            plan.warnings.append(Msg(
                f"{self.where(plan.row)}：措施状态“{_MEASURE_LABEL[wanted]}”与完成日期不符，"
                f"将记为“{_MEASURE_LABEL[final]}”。",
                f"{self.where(plan.row)}: the measure status does not match the done date; "
                f"it will be “{final}”.",
            ))
        plan.changes = [c for c in plan.changes if c.field != "status"]
        if final != obj.status:
            plan.changes.append(Change("status", "措施状态", obj.status, final))

    def _unit_note(self, plan: RowPlan, col: Column, value: str) -> None:
        if self.spec.table == "responsibility" and col.field == "unit_name" \
                and value not in self.ctx.unit_names:
            plan.warnings.append(Msg(
                f"{self.where(plan.row, col)}：“{value}”不在单位名录中，请核对名称（仍会导入）。",
                f"{self.where(plan.row, col)}: “{value}” is not a known unit; check the name.",
            ))

    # new rows -------------------------------------------------------------------------

    def _recognise(self, plan: RowPlan) -> None:
        """A row added in Excel has no identifier even after it was imported: the
        second import finds its record by task and content and adds nothing."""
        for obj in self.records.values():
            if obj.uuid in self.ctx.recognised or obj.uuid in self.ctx.seen_ids \
                    or getattr(obj, "task_uuid", None) != plan.task_uuid:
                continue
            if all(_same(getattr(obj, k), v) for k, v in plan.values.items()):
                self.ctx.recognised.add(obj.uuid)
                plan.uuid, plan.values = obj.uuid, {}
                plan.warnings.append(Msg(
                    f"{self.where(plan.row)}：与台账中已有的记录相同（此前已导入），不再新增。",
                    f"{self.where(plan.row)}: the same as a record already in the ledger "
                    "(imported before); not added again.",
                ))
                return
        if self.spec is PROGRESS_SHEET and \
                (plan.task_uuid, plan.values.get("period")) in self.ctx.progress_keys:
            plan.errors.append(Msg(  # its twin row was recognised first
                f"{self.where(plan.row)}：该任务 {plan.values['period']} 的进展已有记录，"
                "请修改原有的行。",
                f"{self.where(plan.row)}: this task already has progress for "
                f"{plan.values['period']}; edit that row instead.",
            ))

    def _new(self, plan: RowPlan, cells: dict[int, Any], by_kind: dict[Kind, int]) -> None:
        if self.spec is PETITION_SHEET:
            plan.errors.append(Msg(
                f"{self.where(plan.row)}：信访件不能在 Excel 中新增，请在程序中登记。",
                f"{self.where(plan.row)}: petitions cannot be added in Excel; register "
                "them in the program.",
            ))
            return
        task = self._task_of(plan, cells, by_kind)
        if task is None:
            return
        plan.task_uuid = task
        for i, cell in cells.items():
            col = self.columns[i]
            if not col.editable or is_blank(cell.value):
                continue
            ok, value = self._parse(plan, col, cell)
            if ok:
                plan.values[col.field] = value.strip() if isinstance(value, str) else value
                if isinstance(value, str):
                    self._unit_note(plan, col, value.strip())
        for col in self.spec.columns:
            if col.field in records.REQUIRED and not plan.values.get(col.field):
                plan.errors.append(Msg(f"{self.where(plan.row, col)}：不能为空",
                                       f"{self.where(plan.row, col)}: must not be empty"))
        if self.spec is PROGRESS_SHEET:
            self._new_progress(plan, cells, by_kind, task)

    def _task_of(self, plan: RowPlan, cells: dict[int, Any],
                 by_kind: dict[Kind, int]) -> str | None:
        task = as_text(cells[by_kind[Kind.TASK_ID]].value).strip() \
            if Kind.TASK_ID in by_kind else ""
        if task:
            if task in self.ctx.task_ids:
                return task
            plan.errors.append(Msg(
                f"{self.where(plan.row)}：找不到“{TASK_ID_HEADER}”为“{task}”的任务。",
                f"{self.where(plan.row)}: no task with identifier “{task}”.",
            ))
            return None
        number_col = next((i for i, c in self.columns.items() if c.field == "task_number"), None)
        number = cells[number_col].value if number_col in cells else None
        try:
            matches = self.ctx.by_number.get(int(as_text(number).strip()), [])
        except ValueError:
            matches = []
        # A number is unique only within an inspection round: with several rounds the
        # row says which (the 督察轮次 column), else it is refused, never guessed.
        round_col = next((i for i, c in self.columns.items() if c.field == "task_round"), None)
        round_text = as_text(cells[round_col].value).strip() if round_col in cells else ""
        if round_text:
            matches = [m for m in matches if round_text in self.ctx.round_of[m]]
        elif matches and len(self.ctx.rounds) > 1:
            plan.errors.append(Msg(
                f"{self.where(plan.row)}：台账中有多个督察轮次，各轮次的序号各自从 1 起；新增的行须"
                f"填写“{TASK_ID_HEADER}”，或同时填写“{ROUND_HEADER}”和“序号”"
                f"（{'、'.join(self.ctx.rounds)}）。",
                f"{self.where(plan.row)}: the ledger holds several inspection rounds, each "
                f"numbering its tasks from 1; a new row needs the task identifier, or both "
                f"“{ROUND_HEADER}” and the task number ({', '.join(self.ctx.rounds)}).",
            ))
            return None
        if len(matches) == 1:
            return matches[0]
        plan.errors.append(Msg(
            f"{self.where(plan.row)}：新增的行须填写“{TASK_ID_HEADER}”（从同一任务的其他行复制）"
            "或唯一的“序号”。",
            f"{self.where(plan.row)}: a new row needs the task identifier (copy it from "
            "another row of the task) or a unique task number.",
        ))
        return None

    def _new_progress(self, plan: RowPlan, cells: dict[int, Any], by_kind: dict[Kind, int],
                      task: str) -> None:
        period = as_text(cells[by_kind[Kind.KEY]].value).strip() if Kind.KEY in by_kind else ""
        col = self.spec.column("月份")
        try:
            plan.values["period"] = records.clean_value("period", period)
        except records.FieldError:
            where = self.where(plan.row, col)
            plan.errors.append(Msg(f"{where}：“{period}”应写成 2026-05 这样的月份",
                                   f"{where}: “{period}” must look like 2026-05"))
            return
        plan.values.setdefault("percent", None)
        if plan.values["percent"] is None:
            plan.values.pop("percent")
        key = (task, period)
        if key in self.ctx.progress_keys and self._same_progress(plan, key):
            pass  # imported before: _recognise finds it
        elif key in self.ctx.progress_keys:
            plan.errors.append(Msg(
                f"{self.where(plan.row)}：该任务 {period} 的进展已有记录，请修改原有的行。",
                f"{self.where(plan.row)}: this task already has progress for {period}; edit "
                "that row instead.",
            ))
        elif key in self.ctx.new_progress:
            plan.errors.append(Msg(
                f"{self.where(plan.row)}：与第 {self.ctx.new_progress[key]} 行是同一任务同一月份。",
                f"{self.where(plan.row)}: same task and month as row "
                f"{self.ctx.new_progress[key]}.",
            ))
        else:
            self.ctx.new_progress[key] = plan.row


    def _same_progress(self, plan: RowPlan, key: tuple[str, str]) -> bool:
        return any(getattr(p, "task_uuid", None) == key[0] and getattr(p, "period", "") == key[1]
                   and all(_same(getattr(p, k), v) for k, v in plan.values.items())
                   for p in self.records.values())


def _same(stored: Any, value: Any) -> bool:
    if isinstance(stored, str) or isinstance(value, str):
        return (stored or "").strip() == (value or "").strip()
    if stored is None or value is None:
        return stored is None and value is None
    return bool(stored == value)


# -- applying -----------------------------------------------------------------------

def _apply(ledger: Ledger, plan: ImportPlan, progress: xc.ProgressFn | None) -> int:
    """Every row through the ledger's door, as if the clerk had typed it, inside the
    caller's batch: all of it or none."""
    work = [r for r in plan.rows if r.kind in (NEW, CHANGED)]
    ticker = xc.Ticker(progress, len(work))
    for row in work:
        if row.kind == CHANGED and row.table != "indicator_value":
            ledger.set_fields(row.table, row.uuid or "", {c.field: c.new for c in row.changes})
        elif row.table == "indicator_value":  # the same door as `indicator set`
            v = row.values
            ledger.set_indicator_value(v["code"], v["period"], v["value"],
                                       unit_code=None if v["unit"] == ledger.code else v["unit"])
        elif row.table == "progress":
            values = dict(row.values)
            period = values.pop("period")
            ledger.save_progress(row.task_uuid or "", period, values)
        else:
            ledger.add(row.table, row.task_uuid or "", row.values)
        ticker.step()
    ticker.finish()
    return len(work)
