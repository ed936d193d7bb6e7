"""The public notice (公示) as a workbook: every task and petition, no personal data.

Personal data is kept out twice: the columns that hold it are never written, and
free text (progress, petition content and results) is scrubbed of the ledger's own
complainant and contact details and of anything shaped like a phone or ID number,
since clerks sometimes paste those into narratives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date
from pathlib import Path

from openpyxl.workbook.workbook import Workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Petition, Progress, Responsibility, Task
from desktop import clock
from desktop.domain import periods
from desktop.domain.lights import Light
from desktop.domain.status import LABELS as STATUS_LABELS
from desktop.domain.status import Status
from desktop.domain.text import neutralise_bidi
from desktop.exports import xlsx_common as xc
from desktop.exports.ledger_schema import PETITION_STATUS
from desktop.services import ledger
from desktop.services.desk import DeskContext
from desktop.services.rounds import find_round

MASK = "＊＊＊"
_PATTERNS = re.compile(
    r"(?<!\d)(?:\d{17}[\dXx]|\d{15}|1[3-9]\d{9}|0\d{2,3}-?\d{7,8})(?!\d)"
)
TASK_HEADERS = (("序号", 6), ("单位", 12), ("任务名称", 24), ("反馈问题", 40), ("整改目标", 36),
                ("责任单位", 20), ("整改时限", 14), ("整改进展", 50), ("完成比例", 9),
                ("整改状态", 10))
ROUND_HEADER = ("督察轮次", 24)
PETITION_HEADERS = (("信访编号", 20), ("受理日期", 14), ("交办日期", 14), ("地点", 24),
                    ("类别", 10), ("反映问题", 50), ("是否属实", 9), ("办理和整改情况", 50),
                    ("整改状态", 10))


class Scrubber:
    """Masks known personal strings and phone/ID-shaped numbers in public text."""

    def __init__(self, secrets: Iterable[str]) -> None:
        words = sorted({s.strip() for s in secrets if s and len(s.strip()) >= 2},
                       key=len, reverse=True)
        self._words = re.compile("|".join(map(re.escape, words))) if words else None

    def __call__(self, text: str) -> str:
        if self._words is not None:
            text = self._words.sub(MASK, text)
        # A published notice must read the way it is stored: no direction tricks.
        return neutralise_bidi(_PATTERNS.sub(MASK, text))


def personal_strings(session: Session) -> list[str]:
    out: list[str] = []
    for name, phone, ident in session.execute(select(
            Petition.complainant_name, Petition.complainant_phone, Petition.complainant_id)):
        out += [name, phone, ident]
    for person, contact in session.execute(select(Responsibility.person,
                                                  Responsibility.contact)):
        out += [person, contact]
    return out


def export_disclosure(ctx: DeskContext, out: Path, *,
                      progress: xc.ProgressFn | None = None, round_ref: str | None = None
                      ) -> None:
    today = clock.today()
    with ctx.store.read() as s:
        wb = build_disclosure(s, today, ctx, progress, round_ref=round_ref)
    xc.save_atomically(wb, Path(out))


def build_disclosure(session: Session, today: date, ctx: DeskContext,
                     progress: xc.ProgressFn | None = None, *, round_ref: str | None = None
                     ) -> Workbook:
    """``round_ref``: only that inspection round's tasks (the petitions are all there:
    they are not numbered by round)."""
    scrub = Scrubber(personal_strings(session))
    round_uuid = find_round(session, round_ref).uuid if round_ref else None
    rows = ledger.task_rows(session, today, ctx.settings, round_filter=round_uuid)
    petitions = list(session.scalars(select(Petition).order_by(Petition.case_no)))
    ticker = xc.Ticker(progress, len(rows) + len(petitions))
    styles = xc.CellStyles()
    wb = xc.StreamedWorkbook()
    ws = wb.active
    ws.title = "整改任务公示"
    _tasks(wb.rows(ws), session, rows, today, scrub, styles, ticker)
    _petitions(wb.rows(wb.create_sheet("信访件公示")), petitions, scrub, styles, ticker)
    ticker.finish()
    return wb


def _tasks(out: xc.SheetRows, session: Session, rows: list[ledger.TaskRow], today: date,
           scrub: Scrubber, styles: xc.CellStyles, ticker: xc.Ticker) -> None:
    ws = out.ws
    rounds = list(dict.fromkeys(r.round_title for r in rows if r.round_name))
    # Task numbers repeat from round to round: a 督察轮次 column after 序号 (a sheet
    # is filtered and sorted, so every row says it; the printed title too if one).
    named = bool(rounds)
    headers = list(TASK_HEADERS)
    if named:
        headers.insert(1, ROUND_HEADER)
    k = 1 if named else 0  # the columns after 序号 move right by one
    out.header([h for h, _ in headers], styles.header)
    targets = dict(session.execute(select(Task.uuid, Task.target)).all())
    current = periods.period_of(today)
    latest: dict[str, Progress] = {}
    for entry in session.scalars(select(Progress).where(Progress.period <= current)):
        if entry.task_uuid not in latest or entry.period > latest[entry.task_uuid].period:
            latest[entry.task_uuid] = entry
    for r in rows:
        out.new_row()
        p = latest.get(r.uuid)
        out.number(1, r.number, styles.top)
        if named:
            out.text(2, r.round_title, styles.wrap)
        units = "、".join(u for u in [r.lead_unit, *r.responsible] if u)
        texts = (r.unit_name, r.title, r.feedback, targets.get(r.uuid, ""), units)
        for c_idx, text in enumerate(texts, 2 + k):
            out.text(c_idx, scrub(text), styles.wrap)
        if r.deadline is None:
            out.text(7 + k, "长期坚持", styles.top)
        else:
            out.date(7 + k, r.deadline, styles.date)
        if p is not None:
            out.text(8 + k, scrub(f"（{p.period}）{p.narrative}"), styles.wrap)
            if p.percent is None:
                out.blank(9 + k, styles.percent)
            else:
                out.number(9 + k, p.percent, styles.percent)
        status = str(STATUS_LABELS[Status(r.status)])
        if r.light == Light.RED:
            status += "（逾期）"
        out.text(10 + k, status, styles.top)
        ticker.step()
    for i, (_, width) in enumerate(headers):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.auto_filter.ref = f"A1:{chr(ord('A') + len(headers) - 1)}{max(len(rows) + 1, 2)}"
    title = "生态环境保护督察反馈问题整改情况公示"
    xc.print_setup(ws, f"{title}（{rounds[0]}）" if len(rounds) == 1 else title)


def _petitions(out: xc.SheetRows, petitions: list[Petition], scrub: Scrubber,
               styles: xc.CellStyles, ticker: xc.Ticker) -> None:
    ws = out.ws
    out.header([h for h, _ in PETITION_HEADERS], styles.header)
    labels = dict(PETITION_STATUS)
    for p in petitions:
        out.new_row()
        out.text(1, neutralise_bidi(p.case_no), styles.top)
        out.date(2, p.received_date, styles.date)
        out.date(3, p.handed_over_date, styles.date)
        texts = (scrub(p.location), neutralise_bidi(p.category), scrub(p.content),
                 neutralise_bidi(p.substantiated),
                 scrub(p.result),
                 labels.get(p.rectification_status, p.rectification_status))
        for c_idx, text in enumerate(texts, 4):
            out.text(c_idx, text, styles.wrap)
        ticker.step()
    for i, (_, width) in enumerate(PETITION_HEADERS):
        ws.column_dimensions[chr(ord("A") + i)].width = width
    ws.auto_filter.ref = f"A1:I{max(len(petitions) + 1, 2)}"
    xc.print_setup(ws, "群众信访举报件办理情况公示")
