"""The close-out certificate (销号证明) and, on the following page, the close-out
approval form (整改销号审批表) of one task, in one portrait GB/T 9704 PDF.

Issuing rules, numbers, digests and the audit trail live in
desktop.services.certificates; this module lays the pages out and writes the file
inside the issuing transaction, so a failed write consumes no number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from db.models import Task
from desktop.exports.pdfdoc import (
    CELL_SIZE,
    OfficialDocument,
    format_date_cn,
    paragraph,
    qr_flowable,
    seal_box,
    styles,
)
from desktop.exports.pdfout import save_bytes_atomically
from desktop.services import certificates as service
from desktop.services.certificates import CertificateContent, EffectItem, EvidenceItem, Issued
from desktop.services.desk import DeskContext
from desktop.services.records import get

CERT_TITLE = "整改任务销号证明"
FORM_TITLE = "整改任务销号审批表"
QR_PREFIX = "RECTDESK-CERT"
NO_NUMBER = "（预览稿，正式出具时编号）"
DIGEST_SHOWN = 16  # characters of the digest printed as 核验码 (verify accepts ≥ 12)


@dataclass(frozen=True)
class Stamp:
    """What the issue adds to the content: number, date and digest (None for a draft)."""

    number: str
    issued_on: date
    digest: str


def qr_payload(number: str, digest: str) -> str:
    return f"{QR_PREFIX}|{number}|{digest}"


def write_certificate(ctx: DeskContext, task_no: int | str, out: Path, draft: bool = False, *,
                      unit: str | None = None, reason: str = "",
                      round_ref: str | None = None) -> Issued | None:
    """Write the certificate of task ``task_no`` to ``out``.

    A draft (preview) has the 草稿 watermark, no number, and changes nothing; it can
    be made before the checklist passes and then lists what is still missing.
    Otherwise the certificate is issued (or re-printed), audited with ``reason``, and
    the issue is rolled back if the file cannot be written.
    """
    if draft:
        with ctx.store.read() as s:
            c = service.content(s, service.find_task(s, task_no, unit, round_ref))
        save_bytes_atomically(render(c, issuer=ctx.name, stamp=None), out)
        return None
    with ctx.ledger.batch() as s:
        c = service.content(s, service.find_task(s, task_no, unit, round_ref))
        issued = ctx.ledger.issue_certificate(c, reason=reason).value
        stamp = Stamp(issued.number, issued.issued_on, issued.digest)
        save_bytes_atomically(render(c, issuer=ctx.name, stamp=stamp), out)
    return issued


def certificate_bytes(ctx: DeskContext, task_uuid: str, *, draft: bool,
                      reason: str = "") -> tuple[bytes, Issued | None]:
    """For the GUI, which knows the task by uuid. Issuing commits when this returns;
    the caller saves the bytes (the audit names the reason, e.g. 出具并另存)."""
    if draft:
        with ctx.store.read() as s:
            c = service.content(s, get(s, Task, task_uuid))
        return render(c, issuer=ctx.name, stamp=None), None
    with ctx.ledger.batch() as s:
        c = service.content(s, get(s, Task, task_uuid))
        issued = ctx.ledger.issue_certificate(c, reason=reason).value
        stamp = Stamp(issued.number, issued.issued_on, issued.digest)
        pdf = render(c, issuer=ctx.name, stamp=stamp)
    return pdf, issued


# ---------------------------------------------------------------- layout


def render(c: CertificateContent, *, issuer: str, stamp: Stamp | None) -> bytes:
    buffer = BytesIO()
    doc = OfficialDocument(buffer, title=f"{CERT_TITLE}（{c.unit_name}第{c.number}号任务）",
                           issuer=issuer, draft=stamp is None)
    story = [*_certificate(c, issuer, stamp), PageBreak(), *_approval_form(c, stamp)]
    doc.build(story)
    return buffer.getvalue()


def _styles() -> tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle, ParagraphStyle]:
    st = styles()
    label = ParagraphStyle("rd-form-label", parent=st.header, fontSize=10.5, leading=14)
    value = ParagraphStyle("rd-form-value", parent=st.cell, fontSize=10.5, leading=14)
    right = ParagraphStyle("rd-form-right", parent=value, alignment=TA_RIGHT)
    number = ParagraphStyle("rd-docno", parent=st.subtitle, fontSize=14, leading=22)
    return label, value, right, number


def _certificate(c: CertificateContent, issuer: str, stamp: Stamp | None) -> list[Flowable]:
    st = styles()
    label, value, _right, number_style = _styles()
    story: list[Flowable] = [
        paragraph(CERT_TITLE, st.title),
        paragraph(stamp.number if stamp else NO_NUMBER, number_style),
        Spacer(1, 4 * mm),
    ]
    if stamp is None and c.unmet:
        story += [_notice(c), Spacer(1, 3 * mm)]
    story.append(paragraph(_statement(c), st.body))
    story.append(Spacer(1, 4 * mm))
    # The feedback text and the full signature trail are on the approval form that
    # follows; the certificate keeps to what fits one page with the seal.
    rows: list[tuple[str, str]] = [
        *([("督察轮次", c.round_title)] if c.round_title else []),
        ("整改任务", f"第{c.number}号　{c.title}"),
        ("责任单位", f"{c.unit_name}（牵头：{c.lead_unit}）" if c.lead_unit else c.unit_name),
        ("整改措施", _measures_text(c)),
        ("整改效果", _effects_text(c.effects)),
        ("佐证材料", _evidence_text(c)),
        ("验收意见", _acceptance_text(c)),
        ("销号批准", _decision_text(c)),
    ]
    story.append(_form([[paragraph(k, label), paragraph(v, value)] for k, v in rows], [26, 130]))
    story.append(Spacer(1, 5 * mm))
    story.append(KeepTogether([_signature_block(issuer, stamp)]))
    return story


def _notice(c: CertificateContent) -> Table:
    """On a draft that could not be issued yet: what is missing, in a red box."""
    _label, value, _right, _number = _styles()
    text = "预览提示：目前还不能正式出具，尚未满足：\n" + "\n".join(
        f"· {m.zh}" for m in c.unmet)
    t = Table([[paragraph(text, value)]], colWidths=[156 * mm])
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), value.fontName),  # else Helvetica
                           ("BOX", (0, 0), (-1, -1), 1, colors.Color(0.8, 0.1, 0.1)),
                           ("LEFTPADDING", (0, 0), (-1, -1), 6),
                           ("TOPPADDING", (0, 0), (-1, -1), 4),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return t


def _statement(c: CertificateContent) -> str:
    # Who accepted and who decided are named in the table below: the statement keeps
    # to the dates, so the page holds the seal whatever the offices are called.
    accepted = f"于{format_date_cn(c.accepted_on)}验收合格，" if c.accepted_on else ""
    decided = (f"于{format_date_cn(c.decided_on)}批准销号（销号编号：{c.closeout_number}）。"
               if c.decided_on else "尚待批准销号。")
    # The round before the number: numbers repeat from one round to the next.
    return (f"{c.unit_name}承担的{c.round_title}第{c.number}号整改任务“{c.title}”"
            "已按整改方案完成整改，"
            f"{accepted}{decided}特此证明。")


def _measures_text(c: CertificateContent) -> str:
    lines = []
    for i, m in enumerate(c.measures, 1):
        done = f"，{format_date_cn(m.done_on)}完成" if m.done_on else "，未完成"
        who = f"（{m.responsible}{done}）" if m.responsible else f"（{done.lstrip('，')}）"
        lines.append(f"{i}. {m.description}{who}")
    return "\n".join(lines) or "（未录入）"


def _num(v: float | None) -> str:
    return "—" if v is None else f"{v:g}"


def _effects_text(effects: Sequence[EffectItem]) -> str:
    lines = [f"{i}. {e.indicator}：基准 {_num(e.baseline)}，目标 {_num(e.target)}，"
             f"实际 {_num(e.achieved)}{e.unit_of_measure}" for i, e in enumerate(effects, 1)]
    return "\n".join(lines) or "（未录入）"


def _evidence_line(ev: EvidenceItem) -> str:
    # The hash prefix lets a reader match the paper to the file in the evidence folder.
    return f"{ev.name}（SHA-256 {ev.sha256[:12]}）"


def _evidence_text(c: CertificateContent) -> str:
    lines = []
    for i, e in enumerate(c.effects, 1):
        lines += [f"效果{i}：{_evidence_line(ev)}" for ev in e.evidence]
    lines += [f"其他：{_evidence_line(ev)}" for ev in c.other_evidence]
    return "\n".join(lines) or "（无）"


def _acceptance_text(c: CertificateContent) -> str:
    if c.accepted_on is None:
        return "（尚未验收）"
    return f"{c.opinion}\n验收人：{c.inspector}　验收日期：{format_date_cn(c.accepted_on)}"


def _decision_text(c: CertificateContent) -> str:
    if c.decided_on is None:
        return "（尚未批准）"
    return (f"销号编号：{c.closeout_number}　批准日期：{format_date_cn(c.decided_on)}"
            f"　批准单位：{c.decided_by}")


def _form(rows: list[list[Flowable]], widths_mm: list[float],
          spans: Sequence[tuple[tuple[int, int], tuple[int, int]]] = ()) -> Table:
    t = Table(rows, colWidths=[w * mm for w in widths_mm], splitByRow=1, splitInRow=1)
    style = [
        ("FONT", (0, 0), (-1, -1), styles().cell.fontName, CELL_SIZE),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.Color(0.3, 0.3, 0.3)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    style += [("SPAN", a, b) for a, b in spans]
    t.setStyle(TableStyle(style))
    return t


def _signature_block(issuer: str, stamp: Stamp | None) -> Table:
    st = styles()
    small = ParagraphStyle("rd-qr-note", parent=st.cell, fontSize=8, leading=11)
    sign = ParagraphStyle("rd-cert-sign", parent=st.body, alignment=TA_CENTER,
                          firstLineIndent=0)
    if stamp is not None:
        qr: list[Flowable] = [
            qr_flowable(qr_payload(stamp.number, stamp.digest), 26),
            paragraph(f"核验码：{stamp.digest[:DIGEST_SHOWN]}\n扫码或在整改台账中核验", small),
        ]
        when = format_date_cn(stamp.issued_on)
    else:
        qr = [paragraph("（正式出具后生成核验二维码）", small)]
        when = "年　月　日"
    # The seal is pressed over the issuer's name and date (right of them here, so the
    # printed text stays readable under a translucent red seal).
    t = Table([[qr, [paragraph(issuer, sign), paragraph(when, sign)], seal_box(size_mm=36)]],
              colWidths=[44 * mm, 74 * mm, 38 * mm])
    t.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), small.fontName),  # else Helvetica
                           ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                           ("VALIGN", (0, 0), (0, 0), "BOTTOM"),
                           ("LEFTPADDING", (0, 0), (-1, -1), 0),
                           ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return t


def _approval_form(c: CertificateContent, stamp: Stamp | None) -> list[Flowable]:
    st = styles()
    label, value, right, _number = _styles()

    def p(text: str) -> Flowable:
        return paragraph(text, value)

    def opinion(text: str, who: str, when: date | None) -> list[Flowable]:
        signed = f"{who}（盖章）\n{format_date_cn(when) if when else '年　月　日'}"
        return [p(text), Spacer(1, 8 * mm), paragraph(signed, right)]

    L = lambda text: paragraph(text, label)  # noqa: E731 — a table of short labels
    cert_no = stamp.number if stamp else "（正式出具时编号）"
    rows: list[list[object]] = [
        [L("任务编号"), p(f"{c.unit_name}　第{c.number}号"), L("销号编号"),
         p(c.closeout_number or "（尚未批准）")],
        [L("整改任务"), p(c.title), "", ""],
        [L("督察轮次"), p(c.round_title or "（未录入）"), "", ""],
        [L("督察反馈问题"), p(c.feedback), "", ""],
        [L("整改目标"), p(c.target or "（未录入）"), "", ""],
        [L("整改措施\n完成情况"), p(_measures_text(c)), "", ""],
        [L("整改效果"), p(_effects_text(c.effects)), "", ""],
        [L("佐证材料"), p(_evidence_text(c)), "", ""],
        [L("验收意见"), p(_acceptance_text(c)), "", ""],
        [L("申请单位\n意见"), opinion("申请销号。", c.requested_by or c.unit_name,
                                       c.requested_on), "", ""],
        [L("审批意见"), opinion(f"同意销号。销号编号：{c.closeout_number}"
                               if c.closeout_number else "", c.decided_by or "市级整改办",
                               c.decided_on), "", ""],
        [L("销号证明编号"), p(cert_no), L("核验码"),
         p(stamp.digest[:DIGEST_SHOWN] if stamp else "")],
    ]
    spans = [((1, r), (3, r)) for r in range(1, 11)]
    return [paragraph(FORM_TITLE, st.title), Spacer(1, 2 * mm),
            _form(rows, [26, 56, 24, 50], spans)]
