"""导入台账 Excel in the window: the check off the GUI thread, the preview dialog,
the report, and the all-or-nothing import."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from datetime import date
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import QSize
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Measure
from desktop.exports.excel_ledger import export_ledger
from desktop.services.desk import DeskContext
from desktop.ui import messages
from desktop.ui.documents import install_document_actions
from desktop.ui.documents.actions import DocumentActions
from desktop.ui.documents.import_dialog import ImportPreviewDialog
from desktop.ui.mainwindow import MainWindow
from tests.exports.excel_helpers import find_row, headers
from tests.helpers import dump
from tests.ui.conftest import Dialogs, shot

pytestmark = pytest.mark.qt

MEASURES = "措施清单"


@pytest.fixture
def window(desk, qtbot: QtBot) -> MainWindow:
    w = MainWindow(desk)
    qtbot.addWidget(w)
    install_document_actions(w, desk.ctx)
    return w


def _open_measure(ctx: DeskContext) -> str:
    """A measure in progress without a done date (its uuid)."""
    with ctx.store.read() as s:
        return s.scalars(select(Measure.uuid).where(Measure.done_date.is_(None),
                                                    Measure.status == "doing")
                         .order_by(Measure.uuid)).first()


def _edited_workbook(ctx: DeskContext, out: Path, uuid: str, done: object) -> int:
    """Export the ledger, then write ``done`` in one measure's 完成日期; its row."""
    export_ledger(ctx, out)
    wb = openpyxl.load_workbook(out)
    ws = wb[MEASURES]
    row = find_row(ws, uuid)
    ws.cell(row, headers(ws)["完成日期"]).value = done
    wb.save(out)
    return row


def _trigger(window: MainWindow, text: str) -> None:
    menu = window.document_actions.menu  # type: ignore[attr-defined]
    action: QAction = next(a for a in menu.actions() if a.text() == text)
    action.trigger()


def _open_dialog(window: MainWindow, qtbot: QtBot, menu: str = "导入台账 Excel…",
                 ) -> ImportPreviewDialog:
    actions: DocumentActions = window.document_actions  # type: ignore[attr-defined]
    _trigger(window, menu)
    qtbot.waitUntil(lambda: actions.import_dialog is not None, timeout=20_000)
    dialog = actions.import_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    return dialog


def _table(dialog: ImportPreviewDialog) -> list[list[str]]:
    t = dialog.table
    return [[t.item(r, c).text() for c in range(t.columnCount())] for r in range(t.rowCount())]


def test_import_preview_then_apply_reloads_the_ledger(
        window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: Dialogs,
        monkeypatch: pytest.MonkeyPatch) -> None:
    ctx = window.desk.ctx
    uuid = _open_measure(ctx)
    book = tmp_path / "台账-改.xlsx"
    row = _edited_workbook(ctx, book, uuid, "2026年5月1日")
    dialogs.files = [book]
    before = dump(ctx.paths.database)

    dialog = _open_dialog(window, qtbot)
    assert dump(ctx.paths.database) == before  # the check writes nothing
    texts = {k: label.text() for k, label in dialog.count_labels.items()}
    assert texts["new"] == "新增：0 行" and texts["changed"] == "修改：1 行"
    assert texts["rejected"] == "拒绝：0 行"
    assert texts["unchanged"] != "未变：0 行"
    assert _table(dialog) == [
        [MEASURES, str(row), "修改", "完成日期：（空） → 2026-05-01\n措施状态：进行中 → 已完成"]]
    assert dialog.apply_button.isEnabled()

    dialog.resize(QSize(900, 480))
    path = shot(dialog, "import-preview")
    assert path.exists()

    report = tmp_path / "检查"
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: report)
    saved = dialog.save_report()
    assert saved == report.with_suffix(".xlsx") and saved.exists()
    assert dump(ctx.paths.database) == before

    op = dialog.apply()
    assert op is not None
    with qtbot.waitSignal(window.ledger.counts_changed, timeout=20_000), \
            qtbot.waitSignal(op.finished, timeout=20_000) as done:  # import, then reload
        pass
    assert done.args[0] is True
    with ctx.store.read() as s:
        m = s.get(Measure, uuid)
        assert (m.done_date, m.status) == (date(2026, 5, 1), "done")
    assert dialogs.shown[-1] == ("info", "已导入：新增 0 行，修改 1 行。")
    assert not dialog.apply_button.isEnabled()  # imported once, not twice
    assert dialog.summary.text() == "已导入。"


def test_impossible_date_is_rejected_and_nothing_changes(
        window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: Dialogs) -> None:
    ctx = window.desk.ctx
    uuid = _open_measure(ctx)
    book = tmp_path / "台账-错.xlsx"
    row = _edited_workbook(ctx, book, uuid, "2026年2月30日")
    dialogs.files = [book]
    before = dump(ctx.paths.database)

    dialog = _open_dialog(window, qtbot)
    assert dialog.count_labels["rejected"].text() == "拒绝：1 行"
    lines = _table(dialog)
    assert len(lines) == 1
    sheet, shown_row, kind, what = lines[0]
    assert (sheet, shown_row, kind) == (MEASURES, str(row), "拒绝")
    assert f"{MEASURES} 第 {row} 行 “完成日期”" in what and "2026年2月30日" in what
    assert dialog.table.item(0, 3).background().color().name() == "#ffcdd2"
    assert not dialog.apply_button.isEnabled()
    assert dialog.apply() is None
    dialog.resize(QSize(900, 480))
    shot(dialog, "import-rejected")
    assert dump(ctx.paths.database) == before


def test_untouched_export_has_nothing_to_import(
        window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: Dialogs) -> None:
    book = tmp_path / "台账.xlsx"
    export_ledger(window.desk.ctx, book)
    dialogs.files = [book]
    dialog = _open_dialog(window, qtbot)
    assert dialog.table.rowCount() == 0
    assert not dialog.apply_button.isEnabled()
    assert "没有需要导入的内容" in dialog.summary.text()


def test_not_a_workbook_is_refused_with_a_message(
        window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: Dialogs) -> None:
    bad = tmp_path / "假的.xlsx"
    bad.write_text("不是工作簿", encoding="utf-8")
    dialogs.files = [bad]
    actions: DocumentActions = window.document_actions  # type: ignore[attr-defined]
    op = actions.import_ledger()
    assert op is not None
    with qtbot.waitSignal(op.finished, timeout=20_000) as done:
        pass
    assert done.args[0] is False
    assert dialogs.shown and dialogs.shown[-1][0] == "error"
    assert actions.import_dialog is None



@pytest.mark.usefixtures("english")
def test_english_preview_wraps_the_reasons(
        window: MainWindow, qtbot: QtBot, tmp_path: Path, dialogs: Dialogs) -> None:
    ctx = window.desk.ctx
    uuid = _open_measure(ctx)
    book = tmp_path / "ledger.xlsx"
    row = _edited_workbook(ctx, book, uuid, "2026年2月30日")
    dialogs.files = [book]
    dialog = _open_dialog(window, qtbot, "Import ledger Excel…")
    assert dialog.count_labels["rejected"].text() == "Rejected: 1"
    assert _table(dialog)[0][:3] == [MEASURES, str(row), "Rejected"]
    assert "is not a valid date" in _table(dialog)[0][3]
    dialog.resize(QSize(640, 360))  # narrow: the reason wraps, it is not cut off
    shot(dialog, "import-preview")
    one_line = dialog.table.fontMetrics().height() + 8
    assert dialog.table.rowHeight(0) > one_line
