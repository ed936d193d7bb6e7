"""The ledger as an Excel workbook (台账.xlsx) that a clerk can read, print, edit and
import back.

Sheets: 台账 (one row per task, for reading and printing), the four lists, 进展
and 信访件 (each row carrying the identifiers import matches on), and 说明.
User text always goes in through :func:`xlsx_text.put_text` or
:meth:`xlsx_common.SheetRows.text`, which escape it the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl.formatting.rule import CellIsRule
from openpyxl.styles import PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet
from sqlalchemy import inspect, select
from sqlalchemy.orm import Session

from db.models import Progress, Record, Responsibility, Task
from desktop import clock
from desktop.domain import periods
from desktop.domain.lights import LABELS as LIGHT_LABELS
from desktop.domain.lights import Light
from desktop.domain.settings import DeskSettings
from desktop.domain.status import LABELS as STATUS_LABELS
from desktop.domain.status import Status
from desktop.exports import excel_indicators
from desktop.exports import xlsx_common as xc
from desktop.exports.ledger_schema import (
    EDITABLE_SHEETS,
    NOTES_TITLE,
    PETITION_SHEET,
    PROGRESS_SHEET,
    ROUND_HEADER,
    SUMMARY_TITLE,
    Column,
    Kind,
    SheetSpec,
)
from desktop.exports.xlsx_text import EXCEL_MAX_CHARS, put_text
from desktop.i18n import Msg
from desktop.services import ledger
from desktop.services.desk import DeskContext
from desktop.services.rounds import find_round

EDITABLE_FILL = PatternFill("solid", fgColor="E2EFDA")
READONLY_FILL = PatternFill("solid", fgColor="EDEDED")
LIGHT_FILLS = {
    Light.RED: PatternFill("solid", fgColor="FF9999", bgColor="FF9999"),
    Light.YELLOW: PatternFill("solid", fgColor="FFE699", bgColor="FFE699"),
    Light.GREEN: PatternFill("solid", fgColor="A9D08E", bgColor="A9D08E"),
}
ONGOING = "长期坚持"
SAMPLE_ROWS = 300  # rows looked at when fitting column widths
SPARE_ROWS = 1000  # dropdowns also cover rows a clerk adds below the data


@dataclass
class ExportResult:
    path: Path
    period: str
    rows: dict[str, int] = field(default_factory=dict)
    warnings: list[Msg] = field(default_factory=list)


class _Styles(xc.CellStyles):
    def __init__(self) -> None:
        super().__init__()
        self.editable_header = xc.header_stamp(EDITABLE_FILL)
        self.readonly_header = xc.header_stamp(READONLY_FILL)


@dataclass
class _TaskInfo:
    number: int
    unit_name: str
    title: str
    round_title: str = ""


def export_ledger(ctx: DeskContext, out: Path, period: str | None = None, *,
                  include_personal: bool = True, progress: xc.ProgressFn | None = None,
                  round_ref: str | None = None) -> ExportResult:
    """Write the ledger workbook to ``out`` (atomically).  ``period`` defaults to the
    report due next; complainant details are in unless ``include_personal`` is off;
    ``round_ref`` (an id or a name) limits it to one inspection round's tasks."""
    today = clock.today()
    period = period or periods.next_report(today, ctx.settings.report_due_day)[0]
    result = ExportResult(Path(out), period)
    with ctx.store.read() as s:
        round_uuid = find_round(s, round_ref).uuid if round_ref else None
        wb = build_workbook(s, today, ctx.settings, period, result,
                            include_personal=include_personal, progress=progress,
                            desk=f"{ctx.name}（{ctx.code}）", round_uuid=round_uuid,
                            desk_code=ctx.code, role=ctx.role)
    xc.save_atomically(wb, Path(out))
    return result


def build_workbook(session: Session, today: date, settings: DeskSettings, period: str,
                   result: ExportResult, *, include_personal: bool = True,
                   progress: xc.ProgressFn | None = None, desk: str = "",
                   round_uuid: str | None = None, desk_code: str = "",
                   role: str = "county") -> Workbook:
    """The workbook, ready to ``save``.  Its data sheets are streamed
    (:class:`xlsx_common.StreamedWorkbook`): their cells exist only in the saved file.
    With ``round_uuid`` only that round's tasks and their records (petitions: all)."""
    rows = ledger.task_rows(session, today, settings, round_filter=round_uuid)
    tasks = {r.uuid: _TaskInfo(r.number, r.unit_name, r.title, r.round_title) for r in rows}
    order = {r.uuid: i for i, r in enumerate(rows)}
    records = {spec.table: _load(session, spec, order) for spec in EDITABLE_SHEETS}
    if round_uuid:  # the other rounds' records stay out with their tasks
        records = {k: [r for r in v if getattr(r, "task_uuid", None) in tasks]
                   if k != "petition" else v for k, v in records.items()}
    # The 进展 sheet holds the chosen month only: that is what a clerk edits, and a
    # city's full history would triple the file.  Another month: export it.
    month = [p for p in records["progress"] if p.period == period]  # type: ignore[attr-defined]
    placeholders = _progress_placeholders(rows, period, month)
    total = (len(rows) + sum(len(v) for k, v in records.items() if k != "progress")
             + len(month) + len(placeholders))
    ticker = xc.Ticker(progress, total)

    wb = xc.StreamedWorkbook()
    summary = wb.active
    summary.title = SUMMARY_TITLE
    styles = _Styles()
    _write_summary(wb.rows(summary), session, rows, records, period, ticker, styles)
    several_units = len({r.unit_code for r in rows}) > 1
    several_rounds = len({r.round_id for r in rows}) > 1
    for spec in EDITABLE_SHEETS:
        ws = wb.create_sheet(spec.title)
        is_progress = spec is PROGRESS_SHEET
        columns = [c for c in spec.columns
                   if (include_personal or not c.personal)
                   and (several_units or c.field != "task_unit")
                   and (several_rounds or c.field != "task_round")]
        items = month if is_progress else records[spec.table]
        extra = placeholders if is_progress else []
        written = _write_records(wb.rows(ws), spec, columns, items, extra, tasks,
                                 session, ticker, result, styles)
        result.rows[spec.title] = written
    result.rows[SUMMARY_TITLE] = len(rows)
    if desk_code:  # the unit's indicator values by month, editable in the 数值 column
        result.rows[excel_indicators.TITLE] = excel_indicators.write_sheet(
            wb.rows(wb.create_sheet(excel_indicators.TITLE)), session, desk_code, role, today,
            styles, styles.editable_header, styles.readonly_header)
    _write_notes(wb.create_sheet(NOTES_TITLE), period, today, desk, include_personal)
    ticker.finish()
    return wb


def _load(session: Session, spec: SheetSpec, order: dict[str, int]) -> list[Record]:
    items = list(session.scalars(select(spec.model)))
    if spec is PETITION_SHEET:
        return sorted(items, key=lambda p: p.case_no)  # type: ignore[attr-defined]
    last = len(order)
    sort_key = "period" if spec is PROGRESS_SHEET else "seq"
    return sorted(items, key=lambda r: (order.get(r.task_uuid, last),  # type: ignore[attr-defined]
                                        getattr(r, sort_key)))


def _progress_placeholders(rows: Sequence[ledger.TaskRow], period: str,
                           existing: Iterable[Record]) -> list[dict[str, Any]]:
    """Empty rows for this month's progress where none is entered yet, so a clerk can
    simply fill them in; an empty one is skipped on import."""
    have = {(p.task_uuid, p.period) for p in existing}  # type: ignore[attr-defined]
    return [{"task_uuid": r.uuid, "period": period}
            for r in rows if (r.uuid, period) not in have]


# -- 台账 ---------------------------------------------------------------------------

SUMMARY_COLUMNS = (
    ("序号", 6), (ROUND_HEADER, 18), ("单位", 12), ("任务名称", 24), ("反馈问题", 40),
    ("整改目标", 36), ("整改措施", 44), ("责任单位", 20), ("责任人", 20), ("整改时限", 14),
    ("本期进展", 44), ("完成比例", 9), ("状态", 10), ("预警", 8),
)
# 1-based columns of the summary sheet written apart from the texts
_DEADLINE, _PROGRESS, _PERCENT, _STATUS, _LIGHT = 10, 11, 12, 13, 14


def _write_summary(out: xc.SheetRows, session: Session, rows: Sequence[ledger.TaskRow],
                   records: dict[str, list[Record]], period: str, ticker: xc.Ticker,
                   styles: _Styles) -> None:
    ws = out.ws
    headers = [h for h, _ in SUMMARY_COLUMNS]
    headers[_PROGRESS - 1] = f"{period} 进展"
    out.header(headers, styles.header)
    targets = dict(session.execute(select(Task.uuid, Task.target)).all())
    measures = _grouped(records["measure"], lambda m: m.description)
    people = _grouped(records["responsibility"], _person_line)
    latest = _latest_progress(records["progress"], period)
    samples: list[list[str]] = [[h] for h in headers]
    status_labels = {k: str(v) for k, v in STATUS_LABELS.items()}
    light_labels = {k: str(v) for k, v in LIGHT_LABELS.items()}
    wrap, top = styles.wrap, styles.top
    for i, r in enumerate(rows):
        out.new_row()
        p = latest.get(r.uuid)
        if p is None:
            progress_text, percent = "", None
        elif p.period == period:
            progress_text, percent = p.narrative, p.percent
        else:
            progress_text, percent = f"（{p.period}）{p.narrative}", p.percent
        # The lead unit once, even when it is also among the responsible ones.
        units = "、".join(dict.fromkeys(u for u in [r.lead_unit, *r.responsible] if u))
        texts = [r.round_title, r.unit_name, r.title, r.feedback, targets.get(r.uuid, ""),
                 "\n".join(measures.get(r.uuid, [])), units,
                 "\n".join(people.get(r.uuid, []))]
        out.number(1, r.number, top)
        for c_idx, text in enumerate(texts, 2):
            out.text(c_idx, text, wrap)
        if r.deadline is None:
            out.text(_DEADLINE, ONGOING, top)
        else:
            out.date(_DEADLINE, r.deadline, styles.date)
        out.text(_PROGRESS, progress_text, wrap)
        out.number(_PERCENT, percent, styles.percent)
        out.text(_STATUS, status_labels[Status(r.status)], top)
        out.text(_LIGHT, light_labels[Light(r.light)], top)
        if i < SAMPLE_ROWS:
            for c, text in enumerate([str(r.number), *texts, "2026年12月31日", progress_text]):
                samples[c].append(text)
        ticker.step()
    xc.fit_columns(ws, samples, maximum=[w for _, w in SUMMARY_COLUMNS])
    last = max(len(rows) + 1, 2)
    status_list = ",".join(str(label) for label in STATUS_LABELS.values())
    _dropdown(ws, _STATUS, last, status_list, allow_blank=False)
    light_col = get_column_letter(_LIGHT)
    for lt, fill in LIGHT_FILLS.items():
        ws.conditional_formatting.add(
            f"{light_col}2:{light_col}{last}",
            CellIsRule(operator="equal", formula=[f'"{LIGHT_LABELS[lt]}"'], fill=fill),
        )
    ws.auto_filter.ref = f"A1:{light_col}{last}"
    rounds = list(dict.fromkeys(r.round_title for r in rows if r.round_name))
    title = f"整改台账（{period}）"
    xc.print_setup(ws, f"{title}　{rounds[0]}" if len(rounds) == 1 else title)


def _person_line(r: Record) -> str:
    assert isinstance(r, Responsibility)
    who = r.person or r.unit_name
    return f"{who}（{r.role}）" if r.role else who


def _grouped(items: Iterable[Record], text: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for item in items:
        value = text(item)
        if value:
            out.setdefault(item.task_uuid, []).append(value)  # type: ignore[attr-defined]
    return out


def _latest_progress(items: Iterable[Record], period: str) -> dict[str, Progress]:
    """Each task's entry for ``period``, else its latest earlier one."""
    out: dict[str, Progress] = {}
    for p in items:
        assert isinstance(p, Progress)
        if p.period <= period:
            current = out.get(p.task_uuid)
            if current is None or p.period > current.period:
                out[p.task_uuid] = p
    return out


# -- the editable sheets ------------------------------------------------------------

def _write_records(out: xc.SheetRows, spec: SheetSpec, columns: Sequence[Column],
                   items: Sequence[Record], extra: Sequence[dict[str, Any]],
                   tasks: dict[str, _TaskInfo], session: Session, ticker: xc.Ticker,
                   result: ExportResult, styles: _Styles) -> int:
    ws = out.ws
    out.header([c.header for c in columns],
               [styles.editable_header if c.editable else styles.readonly_header
                for c in columns])
    numbers: dict[str, int] = {}
    if spec is PETITION_SHEET:
        numbers = dict(session.execute(select(Task.uuid, Task.number)).all())
    writers = [_cell_writer(out, col, styles) for col in columns]
    fields = [c.field for c in columns]
    samples: list[list[str]] = [[c.header] for c in columns]
    keys = _column_keys(spec)
    every: list[Record | dict[str, Any]] = [*items, *extra]
    for item in every:
        r_idx = out.new_row()
        values = _row_values(item, keys, tasks, numbers)
        for c_idx, (write, name) in enumerate(zip(writers, fields, strict=True), 1):
            value = values.get(name)
            if value is None or value == "":
                continue  # an empty, unstyled cell is not even written to the file
            text = write(c_idx, value)
            if text is None:
                continue
            if len(text) > EXCEL_MAX_CHARS:
                col = columns[c_idx - 1]
                result.warnings.append(Msg(
                    f"{spec.title} 第 {r_idx} 行“{col.header}”超过 Excel 单元格上限"
                    f"（{EXCEL_MAX_CHARS} 字），在 Excel 中可能显示不全。",
                    f"{spec.title} row {r_idx} “{col.header}” exceeds Excel's cell limit.",
                ))
            if text and r_idx - 2 < SAMPLE_ROWS:
                samples[c_idx - 1].append(text)
        ticker.step()
    r_idx = out.row
    xc.fit_columns(ws, samples, maximum=[c.width for c in columns])
    last_data = max(r_idx, 2)
    for c_idx, col in enumerate(columns, 1):
        if col.kind in (Kind.CHOICE, Kind.BOOL):
            labels = ",".join(label for _, label in col.choices)
            _dropdown(ws, c_idx, last_data + SPARE_ROWS, labels, allow_blank=col.blank_ok)
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last_data}"
    xc.print_setup(ws, spec.title)
    # On paper the 编号（勿改） columns are noise: print from the first column a clerk reads.
    first = next((i for i, c in enumerate(columns, 1) if c.kind not in (Kind.ID, Kind.TASK_ID)),
                 1)
    xc.print_columns(ws, first, len(columns), last_data)
    return r_idx - 1


def _column_keys(spec: SheetSpec) -> list[str]:
    return [c.key for c in inspect(spec.model).column_attrs]


def _row_values(item: Record | dict[str, Any], keys: Sequence[str],
                tasks: dict[str, _TaskInfo], numbers: dict[str, int]) -> dict[str, Any]:
    values = dict(item) if isinstance(item, dict) else {k: getattr(item, k) for k in keys}
    task = tasks.get(values.get("task_uuid") or "")
    if task:
        values.update(task_number=task.number, task_unit=task.unit_name, task_title=task.title,
                      task_round=task.round_title)
    if "task_uuids" in values:
        nums = sorted(numbers[t] for t in values["task_uuids"] or [] if t in numbers)
        values["task_numbers"] = "、".join(str(n) for n in nums)
    return values


_CellWriter = Callable[[int, Any], "str | None"]


def _cell_writer(out: xc.SheetRows, col: Column, styles: _Styles) -> _CellWriter:
    """How column ``col`` writes a (non-empty) value; each returns the text written,
    if any, for the width samples and the cell-size warning."""
    if col.kind in (Kind.CHOICE, Kind.BOOL):
        def choice(c: int, value: Any) -> str | None:
            text = col.label_of(value)
            out.text(c, text, styles.top)
            return text
        return choice
    text_stamp = (styles.ident if col.kind in (Kind.ID, Kind.TASK_ID)
                  else styles.wrap if col.kind in (Kind.TEXT, Kind.READONLY) else styles.top)
    percent = col.kind == Kind.PERCENT

    def value_cell(c: int, value: Any) -> str | None:
        if isinstance(value, date):
            out.date(c, value, styles.date)
            # Measured like the text Excel shows (2026年10月20日): a column sized
            # without it printed ### in place of the date.
            return f"{value.year}年{value.month}月{value.day}日"
        if percent:
            out.number(c, float(value), styles.percent)
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            out.number(c, value, styles.top)
            return str(value)
        text = str(value)
        out.text(c, text, text_stamp)
        return text
    return value_cell


def _dropdown(ws: Worksheet, col: int, last_row: int, labels: str, *,
              allow_blank: bool) -> None:
    letter = get_column_letter(col)
    dv = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=allow_blank,
                        showErrorMessage=True, errorTitle="输入有误",
                        error=f"请从下拉列表中选择：{labels}")
    dv.add(f"{letter}2:{letter}{max(last_row, 2)}")
    ws.add_data_validation(dv)


# -- 说明 ---------------------------------------------------------------------------

def _write_notes(ws: Worksheet, period: str, today: date, desk: str,
                 include_personal: bool) -> None:
    lines = [
        "整改台账 Excel 说明",
        f"导出单位：{desk}　导出日期：{today.year}年{today.month}月{today.day}日　"
        f"本期月份：{period}",
        "",
        "“台账”工作表供阅读和打印，在其中所做的修改不会导入。",
        "问题清单、措施清单、责任清单、效果清单、进展、信访件可以修改后用"
        "“导入台账”（命令 rectdesk import ledger 文件）导回，默认只检查不改动。",
        "表头为绿色的列可以修改；灰色的列只供参考，修改不会导入（导入时会提示）。",
        f"“{EDITABLE_SHEETS[0].columns[0].header}”“{EDITABLE_SHEETS[0].columns[1].header}”"
        "两列用于对应台账中的记录，请勿修改。",
        "新增一行：把“编号（勿改）”留空，“任务编号（勿改）”从同一任务的其他行复制"
        "（县级台账也可只填“序号”）。",
        "删除行不会删除台账中的记录；要删除请在程序中操作。",
        "日期可以写成 2026-05-01、2026年5月1日、2026.5.1 或 2026/5/1。",
        "不接受公式和合并单元格。只能修改本台账负责的记录，其他单位的记录会被拒绝。",
        "“进展”表中本期尚未填写的任务已列出空行，填写后导入即可；空行会被跳过。",
    ]
    if include_personal:
        lines.append("信访件含举报人个人信息，仅供内部使用，不得公开。")
    width = 100  # characters: a landscape A4 line at 11 pt
    for i, line in enumerate(lines, 1):
        cell = ws.cell(i, 1)
        put_text(cell, line)
        cell.alignment = xc.WRAP  # long lines wrap instead of running off the page
        if line:
            ws.row_dimensions[i].height = xc.wrapped_lines(line, width) * xc.LINE_HEIGHT + 2
    ws.cell(1, 1).font = xc.HEADER_FONT
    ws.column_dimensions["A"].width = width
    xc.print_setup(ws, NOTES_TITLE)
    ws.freeze_panes = None
