"""The public notice (公示): every task's status and every petition's handling, with
no personal data — no complainant names, phone or ID numbers, and no responsible
persons, officials or contact numbers (only the names of offices).

Private values are also masked wherever a clerk may have copied them into free text
(a petition's content or result), since the notice is published as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from io import BytesIO
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer, Table
from sqlalchemy import select
from sqlalchemy.orm import Session

from db.models import Petition
from desktop import clock
from desktop.domain.text import neutralise_bidi
from desktop.exports.pdfdoc import OfficialDocument, format_date_cn, paragraph, styles
from desktop.exports.pdfout import (
    CN_ORDINALS,
    deadline_text,
    percent_text,
    save_bytes_atomically,
    short_date,
    status_zh,
)
from desktop.exports.textcell import fast_table
from desktop.services import ledger
from desktop.services.desk import DeskContext
from desktop.services.petitions import MASK
from desktop.services.rounds import find_round

TITLE = "生态环境保护督察反馈问题整改情况公示"
PETITION_STATUS = {"done": "已办结", "in_progress": "办理中"}
# An 18-character resident ID or an 11-digit mobile number typed into free text.
_ID_LIKE = re.compile(r"\b\d{17}[\dXx]\b|\b1[3-9]\d{9}\b")


def write_disclosure_pdf(ctx: DeskContext, out: Path, *, round_ref: str | None = None) -> Path:
    return save_bytes_atomically(disclosure_pdf_bytes(ctx, round_ref=round_ref), out)


def disclosure_pdf_bytes(ctx: DeskContext, *, round_ref: str | None = None) -> bytes:
    """The notice; of one inspection round's tasks if ``round_ref`` (id or name)."""
    today = clock.today()
    with ctx.store.read() as s:
        round_uuid = find_round(s, round_ref).uuid if round_ref else None
        rows = ledger.task_rows(s, today, ctx.settings, round_filter=round_uuid)
        petitions = _petition_rows(s, ctx.is_city)
    order = {u: i for i, u in enumerate(dict.fromkeys(r.round_id for r in rows))}
    if ctx.is_city:  # round after round; within one, county after county
        rows.sort(key=lambda r: (order[r.round_id], r.unit_code, r.number))
    rounds = list(dict.fromkeys(r.round_title for r in rows if r.round_name))
    buffer = BytesIO()
    doc = OfficialDocument(buffer, title=f"{ctx.name}{TITLE}", issuer=ctx.name,
                           landscape=True, footer_note=TITLE)
    width = doc.width / mm
    st = styles()
    story: list[Flowable] = [
        paragraph(TITLE, st.title),
        paragraph(f"{ctx.name}　{format_date_cn(today)}", st.subtitle),
        *([paragraph("督察轮次：" + "；".join(rounds), st.subtitle)] if rounds else []),
        Spacer(1, 4 * mm),
        paragraph(
            f"现将生态环境保护督察反馈问题整改任务（共{len(rows)}项）和督察组交办信访件"
            f"（共{len(petitions)}件）的办理情况予以公示，接受社会监督。", st.body),
        Spacer(1, 3 * mm),
        paragraph("一、整改任务", st.heading), Spacer(1, 2 * mm),
    ]
    if len(rounds) > 1:
        # Task numbers repeat from round to round: one table per round, headed by it.
        for i, title in enumerate(rounds):
            part = [r for r in rows if r.round_title == title]
            story += [paragraph(f"（{CN_ORDINALS[i % 10]}）{title}（{len(part)}项）", st.body),
                      Spacer(1, 1 * mm), _task_table(part, ctx.is_city, width),
                      Spacer(1, 3 * mm)]
    else:
        story.append(_task_table(rows, ctx.is_city, width))
    story += [
        Spacer(1, 6 * mm),
        paragraph("二、交办信访件", st.heading), Spacer(1, 2 * mm),
    ]
    if petitions:
        story.append(_petition_table(petitions, ctx.is_city, width))
    else:
        story.append(paragraph("无交办信访件。", st.body))
    doc.build(story)
    return buffer.getvalue()


def _task_table(rows: list[ledger.TaskRow], is_city: bool, width: float) -> Table:
    # Deliberately no lead official, responsible persons or contacts: offices only.
    header = ["序号", "整改任务", "牵头单位", "完成时限", "整改状态", "完成率"]
    widths = [12.0, 0.0, 50, 24, 22, 16]
    if is_city:
        header.insert(1, "县（市、区）")
        widths.insert(1, 28)
    widths[header.index("整改任务")] = width - sum(widths)
    body = []
    for r in rows:
        cells = [str(r.number), r.title, r.lead_unit, deadline_text(r.deadline),
                 status_zh(r.status), percent_text(r.percent)]
        if is_city:
            cells.insert(1, r.unit_name)
        body.append([neutralise_bidi(c) for c in cells])
    return fast_table(header, body, widths, len(header) - 1)


def _mask(text: str, private: Iterable[str]) -> str:
    for value in private:
        if value and value.strip():
            text = text.replace(value.strip(), MASK)
    return _ID_LIKE.sub(MASK, text)


def _petition_rows(session: Session, is_city: bool) -> list[list[str]]:
    names = ledger.unit_names(session)
    out = []
    for p in session.scalars(select(Petition).order_by(Petition.unit_code, Petition.case_no)):
        private = (p.complainant_name, p.complainant_phone, p.complainant_id)
        cells = [p.case_no, short_date(p.handed_over_date or p.received_date), p.category,
                 _mask(p.location, private), _mask(p.content, private),
                 p.substantiated or "", _mask(p.result, private),
                 PETITION_STATUS.get(p.rectification_status, p.rectification_status)]
        if is_city:
            cells.insert(1, names.get(p.unit_code, p.unit_code))
        out.append([neutralise_bidi(c) for c in cells])
    return out


def _petition_table(rows: list[list[str]], is_city: bool, width: float) -> Table:
    header = ["案件编号", "交办日期", "类别", "地点", "反映问题", "是否属实", "办理结果", "状态"]
    widths = [40.0, 23, 18, 34, 0.0, 18, 0.0, 16]
    if is_city:
        header.insert(1, "县（市、区）")
        widths.insert(1, 24)
    free = width - sum(widths)
    widths[header.index("反映问题")] = free / 2
    widths[header.index("办理结果")] = free / 2
    return fast_table(header, rows, widths)
