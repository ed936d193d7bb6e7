"""The shared PDF framework, checked by poppler (pdffonts/pdftotext/pdfinfo) and qpdf."""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm
from reportlab.platypus import Spacer

from desktop.exports import fonts
from desktop.exports.cjkpara import CANNOT_END, CANNOT_START, CJKParagraph
from desktop.exports.pdfdoc import (
    OfficialDocument,
    data_table,
    format_date_cn,
    paragraph,
    qr_flowable,
    seal_box,
    styles,
)

TITLE = "关于整改任务销号情况的报告"
ISSUER = "某某县生态环境局"
HEADER = ["序号", "整改任务", "责任单位", "进展情况"]
LONG_PARAGRAPH = (
    "根据省生态环境保护督察反馈意见，我县对照整改任务清单，逐项落实整改措施"
    "（责任单位：县生态环境局、县住建局），完成率达到100%，治理面积3500㎡，"
    "群众满意度明显提升。“散乱污”企业综合整治工作已经全面完成，①号问题已销号。"
) * 6


def _need(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.skip(f"{tool} is not installed (poppler-utils / qpdf)")
    return path


def _run(*args: str) -> str:
    _need(args[0])
    result = subprocess.run(args, capture_output=True, text=True, check=True)
    return result.stdout


def _text(path: Path, page: int | None = None) -> str:
    """Extracted text in content order, whitespace removed (pdftotext's spacing of CJK
    and of the rotated watermark is a layout guess, not part of what we check)."""
    pages = ["-f", str(page), "-l", str(page)] if page else []
    return _squash(_run("pdftotext", "-raw", "-enc", "UTF-8", *pages, str(path), "-"))


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def build_sample(target: Path | BytesIO, *, draft: bool = True) -> None:
    st = styles()
    doc = OfficialDocument(
        target if isinstance(target, BytesIO) else str(target),
        title=TITLE,
        issuer=ISSUER,
        draft=draft,
        footer_note="本文件由整改台账生成",
    )
    rows = [
        [
            str(i),
            f"任务{i}：整治<散乱污>企业 & 清理河道",
            "县住建局" if i % 2 else "县生态环境局",
            "=1+1" if i % 5 == 0 else "已完成销号",
        ]
        for i in range(1, 81)
    ]
    story = [
        paragraph(TITLE, st.title),
        paragraph("某环整改〔2026〕3号", st.subtitle),
        paragraph("一、总体情况", st.heading),
        paragraph(LONG_PARAGRAPH, st.body),
        Spacer(1, 6 * mm),
        data_table(HEADER, rows, [14, 74, 34, 34]),
        Spacer(1, 6 * mm),
        qr_flowable("https://example.org/verify/ABC123", 30),
        paragraph(f"{ISSUER}\n{format_date_cn(date(2026, 5, 1))}", st.small),
        seal_box(),
    ]
    doc.build(story)


@pytest.fixture(scope="module")
def sample_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("pdfdoc") / "sample.pdf"
    build_sample(path)
    return path


def test_format_date_cn_has_no_zero_padding() -> None:
    assert format_date_cn(date(2026, 5, 1)) == "2026年5月1日"
    assert format_date_cn(date(2026, 12, 31)) == "2026年12月31日"


def test_portrait_text_block_is_gbt9704() -> None:
    doc = OfficialDocument(BytesIO(), title="t", issuer="i")
    assert doc.width == pytest.approx(156 * mm)
    assert doc.height == pytest.approx(225 * mm)
    assert doc.topMargin == pytest.approx(37 * mm)
    assert doc.leftMargin == pytest.approx(28 * mm)


def test_landscape_document_builds() -> None:
    out = BytesIO()
    doc = OfficialDocument(out, title="宽表", issuer="某县", landscape=True)
    assert doc.pagesize[0] > doc.pagesize[1]
    doc.build([data_table(["甲", "乙"], [["一", "二"]] * 5, [100, 150])])
    assert len(PdfReader(out).pages) == 1


def test_table_rejects_wrong_widths() -> None:
    with pytest.raises(ValueError, match="widths"):
        data_table(["a", "b"], [["1", "2"]], [10])


def test_a_cell_longer_than_a_page_splits_instead_of_failing() -> None:
    out = BytesIO()
    doc = OfficialDocument(out, title="长单元格", issuer="某县")
    doc.build([data_table(["说明"], [["很长的说明文字。" * 400]], [156])])
    assert len(PdfReader(out).pages) >= 2


def test_metadata_and_language(sample_pdf: Path) -> None:
    info = PdfReader(sample_pdf).metadata
    assert info is not None
    assert info.title == TITLE
    assert info.author == ISSUER
    assert info.subject == f"{TITLE}（草稿）"
    assert info.creator is not None and "整改台账" in info.creator
    assert PdfReader(sample_pdf).trailer["/Root"]["/Lang"] == "zh-CN"


@pytest.mark.tools
def test_every_font_is_embedded_and_subset(sample_pdf: Path) -> None:
    lines = _run("pdffonts", str(sample_pdf)).splitlines()[2:]
    assert lines, "pdffonts listed no fonts"
    for line in lines:
        # columns from the right: emb sub uni object-number generation
        emb, sub = line.split()[-5:-3]
        assert (emb, sub) == ("yes", "yes"), line
        assert "+" in line.split()[0], f"not a subset name: {line}"


@pytest.mark.tools
def test_chinese_text_is_extractable(sample_pdf: Path) -> None:
    text = _text(sample_pdf)
    for phrase in (
        TITLE,
        "某环整改〔2026〕3号",
        "根据省生态环境保护督察反馈意见",
        "任务80：整治<散乱污>企业 & 清理河道",
        "=1+1",
        "2026年5月1日",
        "（盖章）",
        "— 1 —",
        "草稿",
        "样稿 仅供核对，不作为正式证明",
    ):
        assert _squash(phrase) in text, phrase


@pytest.mark.tools
def test_table_header_repeats_on_later_pages(sample_pdf: Path) -> None:
    assert len(PdfReader(sample_pdf).pages) >= 3
    for page in (2, 3):
        text = _text(sample_pdf, page)
        assert "".join(HEADER) in text, page  # the header row, in order
        assert f"—{page}—" in text


@pytest.mark.tools
def test_qpdf_finds_no_errors(sample_pdf: Path) -> None:
    _need("qpdf")
    result = subprocess.run(["qpdf", "--check", str(sample_pdf)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No syntax or stream encoding errors found" in result.stdout


@pytest.mark.tools
def test_final_document_has_no_watermark(tmp_path: Path) -> None:
    path = tmp_path / "final.pdf"
    build_sample(path, draft=False)
    text = _text(path)
    assert "DRAFT" not in text and "草稿" not in text
    assert TITLE in text


def _line_texts(text: str, width_pt: float) -> list[str]:
    para = CJKParagraph(text, styles().body)
    para.wrap(width_pt, 10_000)
    return ["".join(w.text for w in line.words) for line in para.blPara.lines]


def test_chinese_line_breaking_rules() -> None:
    text = "（责任单位：县生态环境局、县住建局），完成率达到100%，“散乱污”企业整治。" * 12
    for width in (200.0, 233.0, 301.0, 442.2):
        lines = _line_texts(text, width)
        assert "".join(lines) == text
        for before, after in itertools.pairwise(lines):
            assert after[0] not in CANNOT_START, (width, before, after)
            assert before[-1] not in CANNOT_END, (width, before, after)
            assert not (before[-1].isdigit() and after[0].isdigit()), (width, before, after)


def test_line_breaking_keeps_br_and_cuts_overlong_words() -> None:
    lines = _line_texts("第一行<br/>第二行", 300)
    assert lines == ["第一行", "第二行"]
    url = "https://example.org/" + "a" * 200
    assert "".join(_line_texts(url, 200)) == url


def test_register_pdf_fonts_is_idempotent() -> None:
    first = fonts.register_pdf_fonts()
    assert fonts.register_pdf_fonts() is first
    assert fonts.bundled_font_path().is_file()


def test_office_fonts_are_preferred_and_bad_files_skipped(tmp_path: Path) -> None:
    # A usable "黑体" and a broken "仿宋": the first serves title/heading, the second is
    # skipped in favour of the bundled font.
    shutil.copy(fonts.bundled_font_path(), tmp_path / "SimHei.ttf")
    (tmp_path / "simfang.ttf").write_bytes(b"not a font")
    font_set = fonts.build_font_set([tmp_path])
    assert font_set.body == fonts.BUNDLED_FONT_NAME
    assert font_set.heading == font_set.title != fonts.BUNDLED_FONT_NAME
    assert "SimHei.ttf" in font_set.source
    only_bundled = fonts.build_font_set(None)
    assert {only_bundled.body, only_bundled.title, only_bundled.heading} == {
        fonts.BUNDLED_FONT_NAME
    }
