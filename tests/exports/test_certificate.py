"""Close-out certificates: refusal, numbering, re-prints, drafts, audit and the QR check."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import AuditEntry, Certificate, CityAcceptance, Task
from desktop.cli import main
from desktop.exports.certificate import certificate_bytes, write_certificate
from desktop.i18n import UserError
from desktop.services import certificates
from desktop.services.desk import DeskContext
from tests.exports.pdftools import assert_fonts_embedded, assert_qpdf_clean, pdf_text
from tests.helpers import dump

CLOSED = 2  # closed out in the county demo, checklist complete
OPEN = 3  # in progress: measures open, no acceptance
ACCEPTED = 26  # accepted, but no close-out decision yet
FIRST_NUMBER = "销证〔2026〕130602-01号"


def _certs(ctx: DeskContext) -> list[tuple[str, str, int]]:
    """(number, digest, prints) of every certificate."""
    with ctx.store.read() as s:
        return [(c.number, c.digest, c.prints)
                for c in s.scalars(select(Certificate).order_by(Certificate.number))]


def _events(ctx: DeskContext) -> list[tuple[str, dict[str, object]]]:
    with ctx.store.read() as s:
        rows = s.scalars(select(AuditEntry).where(AuditEntry.table_name == "certificate",
                                                  AuditEntry.action == "event")
                         .order_by(AuditEntry.seq))
        return [(e.field, json.loads(e.new or "{}")) for e in rows]


def test_refused_when_the_checklist_fails_naming_every_reason(county_demo: DeskContext,
                                                              tmp_path: Path) -> None:
    before = dump(county_demo.paths.database)
    with pytest.raises(UserError) as err:
        write_certificate(county_demo, OPEN, tmp_path / "c.pdf", draft=False)
    msg = str(err.value)
    assert msg.startswith("不能出具销号证明：")
    assert "措施未完成：" in msg and "尚未进行验收" in msg and "尚无批准的销号决定" in msg
    assert not (tmp_path / "c.pdf").exists()
    assert dump(county_demo.paths.database) == before


def test_refused_without_an_approved_decision(county_demo: DeskContext, tmp_path: Path) -> None:
    with pytest.raises(UserError) as err:
        write_certificate(county_demo, ACCEPTED, tmp_path / "c.pdf", draft=False)
    assert "尚无批准的销号决定" in str(err.value)
    assert "措施未完成" not in str(err.value)  # its checklist passes
    assert _certs(county_demo) == []


def _closeout_number(ctx: DeskContext) -> str:
    """The number the city's door gave task CLOSED's close-out (the demo's city decided it)."""
    from db.models import CloseoutDecision

    with ctx.store.read() as s:
        task = certificates.find_task(s, CLOSED)
        number = s.scalars(select(CloseoutDecision.closeout_number)
                           .where(CloseoutDecision.task_uuid == task.uuid)).one()
    assert number.startswith("销号〔2026〕第")
    return number


@pytest.mark.tools
def test_issue_numbers_stores_digest_and_audits(county_demo: DeskContext,
                                                tmp_path: Path) -> None:
    out = tmp_path / "证明.pdf"
    issued = write_certificate(county_demo, CLOSED, out, draft=False, reason="出具存档")
    assert issued is not None and not issued.reprint
    assert issued.number == FIRST_NUMBER and issued.issued_on == date(2026, 11, 29)
    assert _certs(county_demo) == [(FIRST_NUMBER, issued.digest, 1)]
    with county_demo.store.read() as s:
        c = certificates.content(s, certificates.find_task(s, CLOSED))
    assert c.digest == issued.digest  # the digest is of the canonical content
    assert _events(county_demo) == [("issue", {"number": FIRST_NUMBER, "reason": "出具存档",
                                               "digest": issued.digest, "supersedes": None})]
    text = pdf_text(out)
    for phrase in ("整改任务销号证明", FIRST_NUMBER, "行业主管部门生态环境保护监管责任落实不力",
                   _closeout_number(county_demo), "整改任务销号审批表", "（盖章）",
                   "效果佐证-2-1.png",
                   "经现场核查", f"核验码：{issued.digest[:16]}", "2026年11月29日"):
        assert phrase in text, phrase
    assert "DRAFT" not in text and "草稿" not in text
    assert_fonts_embedded(out)
    assert_qpdf_clean(out)


def test_second_issue_is_an_audited_reprint_with_the_same_number(
        county_demo: DeskContext, tmp_path: Path) -> None:
    first = write_certificate(county_demo, CLOSED, tmp_path / "1.pdf")
    again = write_certificate(county_demo, CLOSED, tmp_path / "2.pdf", reason="原件遗失补打")
    assert first is not None and again is not None
    assert again.reprint and again.number == first.number and again.prints == 2
    assert [prints for _n, _d, prints in _certs(county_demo)] == [2]
    assert [e[0] for e in _events(county_demo)] == ["issue", "reprint"]
    assert _events(county_demo)[1][1]["reason"] == "原件遗失补打"
    other = write_certificate(county_demo, 8, tmp_path / "3.pdf")  # another closed task
    assert other is not None and other.number == "销证〔2026〕130602-02号"


def test_changed_content_gets_a_new_number(county_demo: DeskContext, tmp_path: Path) -> None:
    first = write_certificate(county_demo, CLOSED, tmp_path / "1.pdf")
    with county_demo.store.write() as s:
        task = certificates.find_task(s, CLOSED)
        # The certificate shows the city's acceptance, which the close-out rests on.
        acc = s.scalars(select(CityAcceptance)
                        .where(CityAcceptance.task_uuid == task.uuid)).one()
        acc.opinion = "复核后同意验收。"
    second = write_certificate(county_demo, CLOSED, tmp_path / "2.pdf")
    assert first is not None and second is not None
    assert second.number != first.number and second.superseded == first.number
    assert _events(county_demo)[-1][1]["supersedes"] == first.number


@pytest.mark.tools
def test_draft_has_watermark_and_consumes_no_number(county_demo: DeskContext,
                                                    tmp_path: Path) -> None:
    before = dump(county_demo.paths.database)
    out = tmp_path / "预览.pdf"
    assert write_certificate(county_demo, OPEN, out, draft=True) is None
    text = pdf_text(out)
    assert "草稿" in text and "仅供核对" in text and "DRAFT" not in text and "预览稿" in text
    assert "尚未满足" in text and "措施未完成" in text  # a draft says what is missing
    assert dump(county_demo.paths.database) == before
    assert_fonts_embedded(out)
    issued = write_certificate(county_demo, CLOSED, tmp_path / "c.pdf")
    assert issued is not None and issued.number == FIRST_NUMBER


def test_verify_checks_number_and_digest(county_demo: DeskContext, tmp_path: Path) -> None:
    issued = write_certificate(county_demo, CLOSED, tmp_path / "c.pdf")
    assert issued is not None
    with county_demo.store.read() as s:
        assert "核验一致" in str(certificates.verify(s, issued.number, issued.digest[:16]))
        with pytest.raises(UserError, match="核验码不符"):
            certificates.verify(s, issued.number, "0" * 16)
        with pytest.raises(UserError, match="没有编号"):
            certificates.verify(s, "销证〔2026〕130602-99号", issued.digest)


def test_print_from_the_preview_is_audited(county_demo: DeskContext) -> None:
    with county_demo.store.read() as s:
        uuid = certificates.find_task(s, CLOSED).uuid
    pdf, issued = certificate_bytes(county_demo, uuid, draft=False, reason="出具")
    assert pdf.startswith(b"%PDF") and issued is not None
    with county_demo.store.write() as s:
        assert certificates.record_print(s, issued.number, "送市整改办") == 2
    assert [e[0] for e in _events(county_demo)] == ["issue", "print"]


def test_ambiguous_number_on_a_city_style_ledger_needs_the_unit(
        county_demo: DeskContext, tmp_path: Path) -> None:
    with county_demo.store.write() as s:
        t = certificates.find_task(s, OPEN)
        s.add(Task(round_uuid=t.round_uuid, number=OPEN, unit_code="130606", title=t.title,
                   owner=t.owner))
    with pytest.raises(UserError, match="--unit"):
        write_certificate(county_demo, OPEN, tmp_path / "c.pdf", draft=True)
    assert write_certificate(county_demo, OPEN, tmp_path / "c.pdf", draft=True,
                             unit="130602") is None
    with pytest.raises(UserError, match="没有编号为 999"):
        write_certificate(county_demo, 999, tmp_path / "c.pdf", draft=True)


def test_cli_refuses_and_names_why(county_home: Path, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    rc = main(["--home", str(county_home), "certificate", str(OPEN), "--out",
               str(tmp_path / "c.pdf")])
    assert rc == 1
    assert "不能出具销号证明：措施未完成" in capsys.readouterr().err
    rc = main(["--home", str(county_home), "certificate", str(CLOSED), "--out",
               str(tmp_path / "c.pdf"), "--reason", "存档"])
    assert rc == 0
    assert FIRST_NUMBER in capsys.readouterr().out


def test_each_desk_numbers_its_own_series(county_demo: DeskContext) -> None:
    """A certificate the city issues for a county's task names the city in its number,
    so it can never repeat one the county gives out on its own desk."""
    with county_demo.store.write() as s:
        city_issued = certificates.issue(s, certificates.content(s, certificates.find_task(
            s, CLOSED)), today=date(2026, 11, 29), desk_code="130600")
        own = certificates.issue(s, certificates.content(s, certificates.find_task(s, 8)),
                                 today=date(2026, 11, 29), desk_code="130602")
    assert city_issued.number == "销证〔2026〕130600-130602-01号"
    assert own.number == FIRST_NUMBER  # the county's series starts at 1 all the same
