"""The monthly progress report PDF, read back with poppler and qpdf."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.pdfbase.pdfmetrics import stringWidth
from sqlalchemy import select

from db.models import Progress, Task
from desktop.exports import monthly_report
from desktop.exports.cjkpara import CANNOT_START
from desktop.exports.fonts import register_pdf_fonts
from desktop.exports.monthly_report import monthly_report_bytes, write_monthly_report
from desktop.exports.textcell import wrap_text
from desktop.exports.xlsx_common import Cancelled
from desktop.i18n import UserError
from desktop.services.desk import DeskContext
from tests.exports.pdftools import (
    assert_fonts_embedded,
    assert_qpdf_clean,
    page_count,
    pdf_text,
    squash,
)

PERIOD = "2026-10"
TABLE_HEADER = "序号整改任务牵头单位完成时限状态预警完成率本月进展"
LONG_NARRATIVE = ("围绕“散乱污”企业综合整治，逐户核查（含<临时>点位&堆场），完成率达到100%，"
                  "治理面积3500㎡，群众满意度明显提升。") * 3  # several lines, one page


@pytest.fixture
def report(county_demo: DeskContext, tmp_path: Path) -> Path:
    with county_demo.store.write() as s:
        first = s.scalars(select(Task).where(Task.number == 1)).one()
        p = s.scalars(select(Progress).where(Progress.task_uuid == first.uuid,
                                             Progress.period == PERIOD)).first()
        if p is None:
            s.add(Progress(task_uuid=first.uuid, period=PERIOD, narrative=LONG_NARRATIVE,
                           percent=60, owner=county_demo.code))
        else:
            p.narrative = LONG_NARRATIVE
    return write_monthly_report(county_demo, tmp_path / "月报.pdf", PERIOD)


@pytest.mark.tools
def test_title_period_and_a_task_are_in_the_text(report: Path) -> None:
    text = pdf_text(report)
    assert "2026年10月整改进展情况报告" in text
    assert "报告期：2026年10月" in text
    assert "竞秀区整改办" in text
    assert "生态环境保护政治责任落实不够到位" in text  # task 1's title
    for section in ("一、总体情况", "二、整改任务本月进展", "三、逾期任务", "四、信访件办理情况"):
        assert section in text


@pytest.mark.tools
def test_long_chinese_progress_wraps_and_stays_whole(report: Path) -> None:
    text = pdf_text(report)
    assert squash(LONG_NARRATIVE) in text  # markup characters drawn as text, nothing cut


@pytest.mark.tools
def test_task_table_header_repeats_on_every_table_page(report: Path) -> None:
    assert page_count(report) >= 4
    for page in (2, 3, 4):
        text = pdf_text(report, page)
        assert TABLE_HEADER in text, page
        assert f"—{page}—" in text


@pytest.mark.tools
def test_fonts_embedded_and_qpdf_clean(report: Path) -> None:
    assert_fonts_embedded(report)
    assert_qpdf_clean(report)


@pytest.mark.tools
def test_petition_summary_has_no_personal_data(report: Path, county_demo: DeskContext) -> None:
    from db.models import Petition

    text = pdf_text(report)
    with county_demo.store.read() as s:
        details = [(p.complainant_name, p.complainant_phone, p.complainant_id)
                   for p in s.scalars(select(Petition))]
    for private in (value for row in details for value in row if value):
        assert squash(private) not in text


@pytest.mark.tools
def test_default_period_is_the_report_due_next(county_demo: DeskContext,
                                               tmp_path: Path) -> None:
    out = write_monthly_report(county_demo, tmp_path / "r.pdf")
    assert "2026年11月整改进展情况报告" in pdf_text(out, 1)  # TODAY is 2026-11-29


def test_bytes_variant_is_a_pdf(county_demo: DeskContext) -> None:
    data = monthly_report_bytes(county_demo, PERIOD)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")


def test_invalid_period_is_refused(county_demo: DeskContext, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="2026-13"):
        write_monthly_report(county_demo, tmp_path / "r.pdf", "2026-13")
    assert not (tmp_path / "r.pdf").exists()


def test_progress_is_reported_and_cancel_leaves_no_file(county_demo: DeskContext,
                                                        tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    write_monthly_report(county_demo, tmp_path / "a.pdf", PERIOD,
                         progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]

    def cancel(done: int, total: int) -> None:
        if done >= 2:
            raise Cancelled

    with pytest.raises(Cancelled):
        write_monthly_report(county_demo, tmp_path / "b.pdf", PERIOD, progress=cancel)
    assert not (tmp_path / "b.pdf").exists()
    assert not list(tmp_path.glob(".rectdesk-*"))


def test_text_cells_follow_chinese_line_breaking() -> None:
    font = register_pdf_fonts().body
    text = "整改措施已经全部落实到位，群众反映的问题得到解决。" * 5 + "（完成）。"
    for width in (40.0, 61.0, 97.5, 150.0):
        lines = wrap_text(text, font, 10.5, width)
        assert "".join(lines) == text
        for line in lines:
            assert stringWidth(line, font, 10.5) <= width + 0.01, (width, line)
        for line in lines[1:]:
            assert line[0] not in CANNOT_START, (width, line)


def test_report_title_helper() -> None:
    assert monthly_report.report_title("2026-05") == "2026年5月整改进展情况报告"
