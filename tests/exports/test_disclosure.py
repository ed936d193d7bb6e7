"""The public notice PDF carries no personal data."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from db.models import Petition, Responsibility, Task
from desktop.exports.disclosure_pdf import write_disclosure_pdf
from desktop.services.desk import DeskContext
from tests.exports.pdftools import (
    assert_fonts_embedded,
    assert_qpdf_clean,
    pdf_text,
    squash,
)

ID_NUMBER = "130602199001011234"
NAME = "赵某某"
PHONE = "13912345678"


@pytest.fixture
def notice(county_demo: DeskContext, tmp_path: Path) -> Path:
    with county_demo.store.write() as s:
        # A complainant whose details a clerk also typed into the free text.
        s.add(Petition(case_no="BD-TEST-001", unit_code=county_demo.code, category="噪声",
                       location="某小区", content=f"{NAME}反映（电话{PHONE}）夜间施工噪声扰民。",
                       result=f"已联系{NAME}，身份证{ID_NUMBER}，问题已解决。",
                       complainant_name=NAME, complainant_phone=PHONE,
                       complainant_id=ID_NUMBER, owner=county_demo.code))
    return write_disclosure_pdf(county_demo, tmp_path / "公示.pdf")


@pytest.mark.tools
def test_notice_lists_tasks_and_petitions(notice: Path) -> None:
    text = pdf_text(notice)
    assert "生态环境保护督察反馈问题整改情况公示" in text
    assert "生态环境保护政治责任落实不够到位" in text
    assert "BD-TEST-001" in text and "夜间施工噪声扰民" in text
    assert_fonts_embedded(notice)
    assert_qpdf_clean(notice)


@pytest.mark.tools
def test_no_complainant_data_anywhere(notice: Path, county_demo: DeskContext) -> None:
    text = pdf_text(notice)
    with county_demo.store.read() as s:
        petitions = [(p.complainant_name, p.complainant_phone, p.complainant_id)
                     for p in s.scalars(select(Petition))]
    assert len(petitions) >= 4
    checked = 0
    for details in petitions:
        for private in details:
            if private:
                assert squash(private) not in text, private
                checked += 1
    assert checked >= 6


@pytest.mark.tools
def test_no_responsible_persons_or_contacts(notice: Path, county_demo: DeskContext) -> None:
    text = pdf_text(notice)
    with county_demo.store.read() as s:
        people = [(r.person, r.contact) for r in s.scalars(select(Responsibility))]
        officials = [t.lead_official for t in s.scalars(select(Task)) if t.lead_official]
    assert people
    for person, contact in people:
        assert not person or squash(person) not in text
        assert not contact or squash(contact) not in text
    for official in officials:
        assert squash(official) not in text
