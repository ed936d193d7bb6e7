"""A supervision notice (督办单) in the official layout: the issuing office in red over
a red line, the number, the addressee, the body, the reply date, the issuer and date
beside a seal box (GB/T 9704 margins, as every document here)."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, KeepTogether, Spacer
from sqlalchemy import select

from db.models import OrgUnit, Petition, SupervisionNotice, Task
from desktop.domain.supervision import LEVEL_LABELS
from desktop.exports.monthly_report import RED
from desktop.exports.pdfdoc import OfficialDocument, format_date_cn, paragraph, seal_box, styles
from desktop.exports.pdfout import save_bytes_atomically
from desktop.services.desk import DeskContext
from desktop.services.records import get


def letterhead(issuer: str, number: str = "") -> list[Flowable]:
    """The red issuing-office line shared by notices and bulletins."""
    st = styles()
    office = ParagraphStyle("rd-office", parent=st.title, textColor=RED, fontSize=26,
                            leading=34, spaceAfter=2 * mm)
    out: list[Flowable] = [paragraph(issuer, office)]
    if number:
        out.append(paragraph(number, ParagraphStyle("rd-number", parent=st.subtitle,
                                                    alignment=TA_CENTER)))
    out.append(HRFlowable(width="100%", thickness=1.5, color=RED, spaceBefore=1 * mm,
                          spaceAfter=6 * mm))
    return out


def notice_bytes(ctx: DeskContext, notice_uuid: str) -> tuple[str, bytes]:
    with ctx.store.read() as s:
        n = get(s, SupervisionNotice, notice_uuid)
        unit = s.scalar(select(OrgUnit.name).where(OrgUnit.code == n.unit_code)) or n.unit_code
        task = s.get(Task, n.task_uuid) if n.task_uuid else None
        case = s.scalar(select(Petition.case_no).where(Petition.uuid == n.petition_uuid)) \
            if n.petition_uuid else None
        number, level, text = n.number, n.level, n.text
        issued, reply_by = n.issued_on, n.reply_by
        about = (f"第{task.number}号整改任务“{task.title}”" if task is not None
                 else f"交办信访件{case}" if case else "")
    st = styles()
    label = LEVEL_LABELS[level].zh
    title = f"生态环境保护督察整改{label}通知"
    buffer = BytesIO()
    doc = OfficialDocument(buffer, title=f"{title}（{number}）", issuer=ctx.name)
    right = ParagraphStyle("rd-right", parent=st.body, alignment=TA_RIGHT, firstLineIndent=0)
    addressee = ParagraphStyle("rd-to", parent=st.body, firstLineIndent=0)
    story: list[Flowable] = [
        *letterhead(ctx.name, number),
        paragraph(title, st.title),
        Spacer(1, 2 * mm),
        paragraph(f"{unit}：", addressee),
    ]
    if about:
        story.append(paragraph(f"关于{about}，现{label}如下：", st.body))
    story += [
        paragraph(text, st.body),
        paragraph(f"请于{format_date_cn(reply_by)}前将办理情况（含已采取的措施和佐证材料）"
                  "随月度报送包书面回复。逾期未回复的，将按规定升级督办。", st.body),
        Spacer(1, 8 * mm),
        # The issuer, the date and the seal stay on one page, as on a paper notice.
        KeepTogether([paragraph(ctx.name, right), paragraph(format_date_cn(issued), right),
                      Spacer(1, 1 * mm), seal_box(size_mm=34)]),
    ]
    doc.build(story)
    return number, buffer.getvalue()


def write_notice(ctx: DeskContext, notice_uuid: str, out: Path) -> Path:
    return save_bytes_atomically(notice_bytes(ctx, notice_uuid)[1], out)
