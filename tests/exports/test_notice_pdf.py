"""The close-out public notice (销号公示): one task or a week's batch, in the official
layout, fonts embedded, text extractable, structure clean, and no personal data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import PublicNotice, Responsibility, Task
from desktop.cli import main
from desktop.exports import notice_pdf
from desktop.i18n import UserError
from desktop.services.desk import DeskContext
from tests.exports.pdftools import assert_fonts_embedded, assert_qpdf_clean, pdf_text

CLOSED = 2  # closed out in the county demo: accepted by the city and noticed


def _notice(ctx: DeskContext) -> PublicNotice:
    with ctx.store.read() as s:
        task = s.scalars(select(Task).where(Task.number == CLOSED)).one()
        notice = s.scalars(select(PublicNotice).where(PublicNotice.task_uuid == task.uuid)).one()
        s.expunge(notice)
        return notice


def test_one_task_notice(county_demo: DeskContext, tmp_path: Path) -> None:
    out = notice_pdf.write_notice(county_demo, CLOSED, tmp_path / "公示.pdf")
    notice = _notice(county_demo)
    text = pdf_text(out)
    period = (f"{notice.starts_on.year}年{notice.starts_on.month}月{notice.starts_on.day}日至"
              f"{notice.ends_on.year}年{notice.ends_on.month}月{notice.ends_on.day}日")
    flat = "".join(text.split())
    for phrase in ("整改任务销号公示", "第2号", "行业主管部门生态环境保护监管责任落实不力",
                   "竞秀区", "整改措施", "完成时间", "验收通过", period, "（共7天）",
                   "异议受理", "保定市生态环境保护督察整改工作领导小组办公室"):
        assert phrase in flat, phrase
    # No personal data: neither the inspectors nor the responsible persons or contacts.
    with county_demo.store.read() as s:
        private = [v for r in s.scalars(select(Responsibility)) for v in (r.person, r.contact)]
    assert "验收组" not in flat
    assert not [v for v in private if v and v in flat]
    assert_fonts_embedded(out)
    assert_qpdf_clean(out)


def test_week_notice_and_refusals(county_demo: DeskContext, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    notice = _notice(county_demo)
    out, count = notice_pdf.write_week_notice(county_demo, tmp_path / "周.pdf",
                                              day=notice.starts_on)
    assert count >= 1 and "第2号" in "".join(pdf_text(out).split())
    with pytest.raises(UserError, match="没有开始公示的任务"):
        notice_pdf.write_week_notice(county_demo, tmp_path / "x.pdf", day=date(2020, 1, 1))
    with pytest.raises(UserError, match="尚未开始公示"):
        notice_pdf.write_notice(county_demo, 3, tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
    home = ["--home", str(county_demo.paths.home)]
    assert main([*home, "export", "notice", "--out", str(tmp_path / "y.pdf")]) == 1
    assert "请给出任务编号" in capsys.readouterr().err
    assert main([*home, "export", "notice", "2", "--out", str(tmp_path / "y.pdf")]) == 0
    assert (tmp_path / "y.pdf").exists()


def test_week_is_monday_to_sunday() -> None:
    assert notice_pdf.week_of(date(2026, 12, 4)) == (date(2026, 11, 30), date(2026, 12, 6))
