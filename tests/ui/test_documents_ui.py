"""The document preview (QtPdf), printing, saving and the 文档 menu."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSize
from PySide6.QtPrintSupport import QPrinter
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Certificate, Task
from desktop.exports.monthly_report import monthly_report_bytes
from desktop.services.desk import DeskContext
from desktop.ui import messages
from desktop.ui.documents import install_document_actions
from desktop.ui.documents.actions import DocumentActions
from desktop.ui.documents.preview import PdfPreviewDialog
from desktop.ui.mainwindow import MainWindow
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


@pytest.fixture
def report_pdf(county_demo: DeskContext) -> bytes:
    return monthly_report_bytes(county_demo, "2026-10")


def test_preview_shows_the_pdf_and_saves_a_screenshot(report_pdf: bytes, qtbot: QtBot) -> None:
    dialog = PdfPreviewDialog(report_pdf, "2026年10月整改进展情况报告", "月报.pdf")
    qtbot.addWidget(dialog)
    assert dialog.page_count == len(PdfReader(BytesIO(report_pdf)).pages)
    dialog.resize(QSize(900, 700))
    dialog.show()
    qtbot.wait(1500)  # QPdfView renders pages in a background thread
    path = shot(dialog, "document-preview")
    assert path.exists() and path.stat().st_size > 20_000  # a rendered page, not white


def test_save_as_writes_the_same_bytes(report_pdf: bytes, qtbot: QtBot, tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = PdfPreviewDialog(report_pdf, "月报", "月报.pdf")
    qtbot.addWidget(dialog)
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: tmp_path / "存档")
    saved = dialog.save_as()
    assert saved == tmp_path / "存档.pdf"
    assert saved.read_bytes() == report_pdf


def test_printing_renders_every_page(report_pdf: bytes, qtbot: QtBot, tmp_path: Path) -> None:
    dialog = PdfPreviewDialog(report_pdf, "月报", "月报.pdf")
    qtbot.addWidget(dialog)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # a "printer" we can read
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    dialog.render_to(printer)
    assert len(PdfReader(tmp_path / "printed.pdf").pages) == dialog.page_count


@pytest.fixture
def window(desk, qtbot: QtBot) -> MainWindow:
    w = MainWindow(desk)
    qtbot.addWidget(w)
    install_document_actions(w, desk.ctx)
    return w


def test_menu_lists_the_documents(window: MainWindow) -> None:
    menus = {a.text(): a.menu() for a in window.menuBar().actions()}
    assert "文档(&D)" in menus
    texts = [a.text() for a in menus["文档(&D)"].actions()]
    assert texts == ["月报 PDF…", "台账 Excel…", "导入台账 Excel…", "公示 PDF…", "公示 Excel…",
                     "销号证明（选中任务）…"]


def test_monthly_report_is_built_off_the_gui_thread_and_previewed(
        window: MainWindow, qtbot: QtBot) -> None:
    actions: DocumentActions = window.document_actions  # type: ignore[attr-defined]
    op = actions.monthly_report("2026-10")
    assert op is not None
    with qtbot.waitSignal(op.finished, timeout=20_000) as blocker:
        pass
    assert blocker.args[0] is True
    assert actions.previews and actions.previews[-1].page_count >= 4


def test_certificate_draft_then_issue_then_print_is_audited(
        window: MainWindow, qtbot: QtBot, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch, dialogs) -> None:
    ctx = window.desk.ctx
    with ctx.store.read() as s:
        uuid = s.scalars(select(Task.uuid).where(Task.number == 2)).one()
    actions: DocumentActions = window.document_actions  # type: ignore[attr-defined]
    op = actions.certificate(uuid)
    assert op is not None
    with qtbot.waitSignal(op.finished, timeout=20_000):
        pass
    preview = actions.previews[-1]
    assert not preview.print_button.isEnabled()  # drafts are not printed
    preview.resize(QSize(800, 900))
    qtbot.wait(1500)
    shot(preview, "certificate-draft")
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: tmp_path / "证明.pdf")
    actions.issue(preview, uuid)
    assert (tmp_path / "证明.pdf").exists()
    assert preview.print_button.isEnabled()
    assert dialogs.shown[-1][0] == "info" and "销证〔2026〕130602-01号" in dialogs.shown[-1][1]
    preview.on_printed()  # what a finished print job calls
    with ctx.store.read() as s:
        assert s.scalars(select(Certificate.prints)).one() == 2
