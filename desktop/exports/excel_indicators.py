"""The 指标数值 sheet of the ledger workbook: every indicator this desk's unit reports
(the city: every unit's) by month, with the same month last year and the judgement in
words, plus empty rows for the months due so a clerk can fill them in Excel; and its
reading back, each value through the door's ``set_indicator_value`` rule."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Indicator, IndicatorValue, OrgUnit
from desktop.domain import indicators as rules
from desktop.domain import periods
from desktop.domain.validation import check_indicator_value, check_period
from desktop.exports import xlsx_common as xc
from desktop.i18n import Msg

TITLE = "指标数值"
HEADERS = ("指标代码", "指标名称", "计量单位", "单位代码", "单位名称", "月份", "数值",
           "上年同月", "评价")
VALUE_COL = 7  # the one column a clerk edits
REPORTING_KINDS = ("county", "zone", "department")
# A planned row's fields (excel_import) as the sheet heads them.
HEADER_OF = {"code": "指标代码", "unit": "单位代码", "period": "月份", "value": "数值"}


def due_months(today: date) -> list[str]:
    """This year's months up to the current one: those a unit reports or may report."""
    current = periods.period_of(today)
    return periods.periods_between(f"{current[:4]}-01", current)


def _reporters(ind: Indicator, desk_code: str, role: str, reporting: list[str],
               holding: set[str]) -> list[str]:
    """The units whose rows the sheet has for ``ind``: a county its own; the city its
    own figure (city-measured) and every unit that reports it or holds values of it."""
    if role != "city":
        return [desk_code] if not ind.reporting_units or desk_code in ind.reporting_units else []
    units = set(ind.reporting_units or reporting) | holding
    if ind.aggregation == "city":
        units.add(desk_code)
    return sorted(units, key=lambda c: (c != desk_code, c))


def sheet_rows(session: Session, desk_code: str, role: str, today: date
               ) -> list[tuple[Indicator, str, str, float | None, float | None, str]]:
    """(indicator, unit code, month, value, last year's, judgement) in sheet order."""
    reporting = list(session.scalars(select(OrgUnit.code).where(
        OrgUnit.kind.in_(REPORTING_KINDS), OrgUnit.code != desk_code)))
    series: dict[tuple[str, str], dict[str, float]] = {}
    for v in session.scalars(select(IndicatorValue)):
        series.setdefault((v.indicator_code, v.unit_code), {})[v.period] = v.value
    out = []
    due = due_months(today)
    for ind in session.scalars(select(Indicator).order_by(Indicator.code)):
        holding = {u for (c, u) in series if c == ind.code}
        for unit in _reporters(ind, desk_code, role, reporting, holding):
            months = series.get((ind.code, unit), {})
            shown = sorted(set(due) | {p for p in months if p[:4] == due[0][:4]})
            for p in shown:
                j = rules.judge(months, p, higher_is_better=ind.higher_is_better,
                                target=ind.target, relative_target=ind.relative_target,
                                summed=ind.aggregation == "sum")
                out.append((ind, unit, p, j.value, j.last_year, _words(j)))
    return out


def _words(j: rules.Judgement) -> str:
    if j.value is None:
        return "未填报"
    if j.better is None:
        return "上年同月无数据"
    change = f"（{j.change_pct:+.1f}%）" if j.change_pct is not None else ""
    return ("好于或持平上年同月" if j.better else "差于上年同月") + change


def write_sheet(out: xc.SheetRows, session: Session, desk_code: str, role: str, today: date,
                styles: xc.CellStyles, editable: xc.Stamp, readonly: xc.Stamp) -> int:
    out.header(HEADERS, [editable if c == VALUE_COL else readonly
                         for c in range(1, len(HEADERS) + 1)])
    units = dict(session.execute(select(OrgUnit.code, OrgUnit.name)).all())
    rows = sheet_rows(session, desk_code, role, today)
    for ind, unit, month, value, last, words in rows:
        out.new_row()
        for col, text in ((1, ind.code), (2, ind.name), (3, ind.unit_of_measure),
                          (4, unit), (5, units.get(unit, unit)), (6, month)):
            out.text(col, text, styles.top)
        out.number(VALUE_COL, value, styles.top)
        out.number(8, last, styles.top)
        out.text(9, words, styles.top)
    ws = out.ws
    for letter, width in zip("ABCDEFGHI", (16, 30, 8, 10, 16, 10, 10, 10, 22), strict=True):
        ws.column_dimensions[letter].width = width
    ws.auto_filter.ref = f"A1:I{max(len(rows) + 1, 2)}"
    xc.print_setup(ws, TITLE)  # frozen header, A4 landscape, as every ledger sheet
    return len(rows)


# -- reading back ------------------------------------------------------------------

def _text(cell: Any) -> str:
    value = getattr(cell, "value", None)
    return "" if value is None else str(value).strip()


def read_sheet(rows: Iterator[Sequence[Any]], session: Session, desk_code: str, role: str
               ) -> Iterator[tuple[int, str, str, str, float | None, Msg | None]]:
    """(row, indicator code, unit, month, value, problem) for each row whose value is
    new, changed or unreadable; unchanged and still-empty rows are passed over."""
    header = [_text(c) for c in next(rows, ())]
    if tuple(header[:len(HEADERS)]) != HEADERS:
        yield 1, "", "", "", None, Msg(
            f"工作表“{TITLE}”的表头与本程序导出的不同，请使用导出的工作簿。",
            f"Sheet “{TITLE}” has another header; use an exported workbook.")
        return
    inds = {i.code: i for i in session.scalars(select(Indicator))}
    kinds = dict(session.execute(select(OrgUnit.code, OrgUnit.kind)).all())
    stored = {(v.indicator_code, v.unit_code, v.period): v.value
              for v in session.scalars(select(IndicatorValue))}
    for r, cells in enumerate(rows, start=2):
        cells = list(cells) + [None] * (len(HEADERS) - len(cells))
        code, unit, month = _text(cells[0]), _text(cells[3]), _text(cells[5])
        raw = getattr(cells[VALUE_COL - 1], "value", None)
        if not code and raw in (None, ""):
            continue  # an empty row
        old = stored.get((code, unit, month))
        if raw in (None, "") and old is None:
            continue  # a month still to fill

        def bad(m: Msg, column: str = "数值", r: int = r) -> Msg:
            where = f"工作表“{TITLE}”第 {r} 行“{column}”列"
            return Msg(f"{where}：{m.zh}", f"sheet “{TITLE}” row {r} column {column}: {m.en}")

        ind = inds.get(code)
        if ind is None:
            yield r, code, unit, month, None, bad(Msg(f"没有代码为“{code}”的指标。",
                                                      f"No indicator “{code}”."), "指标代码")
            continue
        if raw in (None, ""):
            yield r, code, unit, month, None, bad(Msg(
                "已填报的数值不能在 Excel 中清空。", "A value entered cannot be emptied here."))
            continue
        try:
            value = float(str(raw).replace(",", "")) if isinstance(raw, str) else raw
        except ValueError:
            value = raw
        if old is not None and isinstance(value, int | float) and value == old:
            continue  # as exported: nothing to ask of it (a county's value at the city)
        column, problem = "月份", check_period(month)
        if problem is None:
            column, problem = "数值", check_indicator_value(
                value, percent=(ind.unit_of_measure or "").strip() == "%")
        if problem is None and unit != desk_code and (role != "city"
                                                      or kinds.get(unit) != "department"):
            # a county enters its own; the city its own and its departments' (the door)
            column, problem = "单位代码", Msg(
                f"单位 {unit} 的数值只能由它自己的台账填报。" if role == "city"
                else f"只能填报本单位（{desk_code}）的数值。",
                f"{unit} enters its own values at its own desk." if role == "city"
                else f"Only this desk's unit ({desk_code}) can be entered here.")
        if problem is None and ind.reporting_units and unit not in ind.reporting_units \
                and unit != desk_code:
            column, problem = "单位代码", Msg(f"单位 {unit} 不报送指标“{ind.name}”。",
                                           f"Unit {unit} does not report “{ind.name}”.")
        if problem is not None:
            yield r, code, unit, month, None, bad(problem, column)
        elif old is None or float(value) != old:
            yield r, code, unit, month, float(value), None
