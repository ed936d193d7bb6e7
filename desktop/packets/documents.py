"""The two human-readable documents inside a county packet: the Excel ledger and the
monthly PDF report, which carries the desk's PAdES signature.

The documents themselves are written in :mod:`desktop.exports` by their own authors;
this module only calls them, imported lazily so that a packet module stays importable
while they evolve. Should the monthly report module be missing (a trimmed build), a
short summary PDF stands in for it and the export's PacketRecord says
``fallback_pdf: true``.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from io import BytesIO
from typing import Any

from sqlalchemy.orm import Session

from desktop.domain.settings import DeskSettings
from desktop.signing.identity import Identity

__all__ = ["Documents", "build_documents"]

SEAL_TEXT = "整改报送专用"


@dataclass(frozen=True)
class Documents:
    xlsx: bytes
    pdf: bytes
    fallback_pdf: bool


def _optional(module: str) -> Any | None:
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as e:
        if e.name == module:
            return None
        raise


def _xlsx(session: Session, today: date, settings: DeskSettings, period: str, desk: str) -> bytes:
    excel = importlib.import_module("desktop.exports.excel_ledger")
    result = excel.ExportResult(path=None, period=period)
    workbook = excel.build_workbook(session, today, settings, period, result, desk=desk)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _report_pdf(session: Session, today: date, settings: DeskSettings, period: str,
                desk_name: str, is_city: bool) -> tuple[bytes, bool]:
    # Rendered from the export's own session, so the report shows exactly the state
    # the data file carries (including this month's declaration).
    report = _optional("desktop.exports.monthly_report")
    data_module = _optional("desktop.exports.monthly_data")
    if report is not None and data_module is not None:
        data = data_module.monthly_data(session, issuer=desk_name, is_city=is_city,
                                        period=period, today=today, settings=settings)
        return report.render(data), False
    return _summary_pdf(session, today, settings, period, desk_name), True


def _summary_pdf(session: Session, today: date, settings: DeskSettings, period: str,
                 desk_name: str) -> bytes:
    """A one-page stand-in: the period's task counts by status, as an official page."""
    from desktop.exports import pdfdoc
    from desktop.services import ledger

    data = ledger.summary(session, today, settings)
    styles = pdfdoc.styles()
    buffer = BytesIO()
    doc = pdfdoc.OfficialDocument(buffer, title=f"{desk_name}{period}月度整改进展报告",
                                  issuer=desk_name)
    story = [
        pdfdoc.paragraph(f"{desk_name}\n{period} 月度整改进展报告", styles.title),
        pdfdoc.paragraph(f"任务总数 {data['tasks_total']} 项。", styles.body),
    ]
    for status, count in data["by_status"].items():
        if count:
            from desktop.domain.status import label

            story.append(pdfdoc.paragraph(f"{label(status)}：{count} 项", styles.body))
    doc.build(story)
    return buffer.getvalue()


def build_documents(session: Session, identity: Identity, *, today: date,
                    settings: DeskSettings, period: str, desk_name: str,
                    desk_code: str) -> Documents:
    """(xlsx, signed pdf) for ``period``, from the open session's view of the ledger."""
    from desktop.exports.pdfsign import sign_pdf

    xlsx = _xlsx(session, today, settings, period, f"{desk_name}（{desk_code}）")
    pdf, fallback = _report_pdf(session, today, settings, period, desk_name, is_city=False)
    signed = sign_pdf(
        pdf,
        p256_private_key=identity.p256_private,
        certificate=identity.cert,
        signer_name=desk_name,
        reason=f"{period} 月度整改进展报送",
        location=desk_name,
        seal_text=SEAL_TEXT,
        page=-1,
        signed_on=today,
    )
    return Documents(xlsx=xlsx, pdf=signed, fallback_pdf=fallback)
