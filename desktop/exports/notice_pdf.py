"""The close-out public notice (销号公示) of one task, or of every task whose notice
starts in a week, in the official layout (GB/T 9704 margins, 二号 title, 三号 body).

What it publishes: the task, the responsible unit, the target, the measures taken,
when they were completed, the effects reached, the city's acceptance (date, how, the
result and opinion), the notice period and where to object.  No personal data: no
inspectors', officials' or complainants' names or numbers, only offices.
"""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table, TableStyle

from desktop import clock
from desktop.exports.cjkpara import CJKParagraph
from desktop.exports.disclosure_pdf import _mask
from desktop.exports.pdfdoc import (
    CELL_SIZE,
    OfficialDocument,
    escape_text,
    format_date_cn,
    paragraph,
    styles,
)
from desktop.exports.pdfout import save_bytes_atomically
from desktop.i18n import Msg, UserError
from desktop.services import procedure
from desktop.services.certificates import find_task
from desktop.services.desk import DeskContext
from desktop.services.procedure import NoticeContent

TITLE = "整改任务销号公示"
CN_NUMBERS = "一二三四五六七八九十"


def week_of(d: date) -> tuple[date, date]:
    """Monday to Sunday of ``d``'s week."""
    first = d - timedelta(days=d.weekday())
    return first, first + timedelta(days=6)


def write_notice(ctx: DeskContext, task_no: int | str, out: Path, *, unit: str | None = None,
                 round_ref: str | None = None) -> Path:
    with ctx.store.read() as s:
        task = find_task(s, task_no, unit or (None if ctx.is_city else ctx.code), round_ref)
        content = procedure.notice_content(s, task.uuid)
    return save_bytes_atomically(render([content], issuer=ctx.name), out)


def write_week_notice(ctx: DeskContext, out: Path, *, day: date | None = None) -> tuple[Path, int]:
    """Every task whose notice starts in the week of ``day`` (default today)."""
    first, last = week_of(day or clock.today())
    with ctx.store.read() as s:
        contents = [procedure.notice_content(s, t)
                    for t in procedure.notices_starting(s, first, last)]
    if not contents:
        raise UserError(Msg(
            f"{format_date_cn(first)}至{format_date_cn(last)}这一周没有开始公示的任务。",
            f"No task's notice starts in the week {first} to {last}."))
    return save_bytes_atomically(render(contents, issuer=ctx.name), out), len(contents)


def render(contents: list[NoticeContent], *, issuer: str, today: date | None = None) -> bytes:
    today = today or clock.today()
    st = styles()
    buffer = BytesIO()
    doc = OfficialDocument(buffer, title=TITLE, issuer=issuer, footer_note=TITLE)
    story: list[Flowable] = [paragraph(TITLE, st.title)]
    first = min(c.starts_on for c in contents)
    last = max(c.ends_on for c in contents)
    contacts = list(dict.fromkeys(c.contact for c in contents))
    if len(contents) == 1:
        c = contents[0]
        days = (c.ends_on - c.starts_on).days + 1
        intro = (f"根据生态环境保护督察整改验收销号有关规定，{c.unit_name}承担的第{c.number}号"
                 f"整改任务已完成整改并通过市级验收，拟予销号。现将有关情况公示如下，"
                 f"公示期为{format_date_cn(c.starts_on)}至{format_date_cn(c.ends_on)}"
                 f"（共{days}天）。")
    else:
        intro = (f"根据生态环境保护督察整改验收销号有关规定，以下{len(contents)}项整改任务"
                 f"已完成整改并通过市级验收，拟予销号。现将有关情况公示如下，公示期自"
                 f"{format_date_cn(first)}起，至{format_date_cn(last)}止（各项公示期见表内）。")
    story += [Spacer(1, 2 * mm), paragraph(intro, st.body),
              paragraph(f"公示期间如有异议，请向{'、'.join(contacts)}书面反映。", st.body),
              Spacer(1, 4 * mm)]
    for i, c in enumerate(contents):
        if len(contents) > 1:
            head = CN_NUMBERS[i] if i < len(CN_NUMBERS) else str(i + 1)
            story.append(paragraph(f"{head}、{c.unit_name}第{c.number}号任务", st.heading))
            story.append(Spacer(1, 2 * mm))
        story.append(_facts_table(c, doc.width))
        if i < len(contents) - 1:
            story.append(Spacer(1, 5 * mm))
    right = ParagraphStyle("rd-notice-sign", parent=st.body, alignment=TA_RIGHT,
                           firstLineIndent=0)
    story.append(KeepTogether([Spacer(1, 4 * mm), paragraph(issuer, right),
                               paragraph(format_date_cn(today), right)]))
    doc.build(story)
    return buffer.getvalue()


def _facts_table(c: NoticeContent, width: float) -> Table:
    st = styles()
    label = ParagraphStyle("rd-notice-label", parent=st.header)
    # Masked as the disclosure masks free text: an ID or mobile number a clerk typed.
    rows = [
        ("任务编号", f"第{c.number}号"),
        ("整改任务", _safe(c.title)),
        ("责任单位", _safe(c.unit_name)),
        ("整改目标", _safe(c.target) or "—"),
        ("整改措施", "<br/>".join(f"{i}. {_safe(m)}" for i, m in enumerate(c.measures, 1))
         or "—"),
        ("完成时间", format_date_cn(c.completed_on) if c.completed_on else "—"),
        ("整改效果", "<br/>".join(_safe(e) for e in c.effects) or "—"),
        ("验收情况", f"{format_date_cn(c.accepted_on)}经市级{c.method}，验收通过。"
                     f"{_safe(c.opinion)}"),
        ("公示期", f"{format_date_cn(c.starts_on)}至{format_date_cn(c.ends_on)}"),
        ("异议受理", _safe(c.contact)),
    ]
    data = [[paragraph(k, label), CJKParagraph(v, st.cell)] for k, v in rows]
    table = Table(data, colWidths=[28 * mm, width - 28 * mm], splitByRow=1, hAlign="CENTER")
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), st.cell.fontName, CELL_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.5, colors.Color(0.45, 0.45, 0.45)),
        ("BACKGROUND", (0, 0), (0, -1), colors.Color(0.92, 0.92, 0.92)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
    ]))
    return table


def _safe(text: str) -> str:
    """User text as paragraph markup, with typed ID or mobile numbers masked."""
    return escape_text(_mask(text, ()))
