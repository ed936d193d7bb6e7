"""Words a clerk reads: the banner follows the ledger, English counts days right,
backups are named by date and size."""

from __future__ import annotations

import re
from datetime import date

import pytest
from pytestqt.qtbot import QtBot

from desktop.ui import commands
from desktop.ui.desk import Desk
from desktop.ui.mainwindow import MainWindow
from desktop.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


def _missing(window: MainWindow) -> int:
    found = re.search(r"(\d+) 项任务尚未填写进展", window.banner.text.text())
    return int(found[1]) if found else 0


def test_banner_follows_progress_entered_after_start(desk: Desk, qtbot: QtBot) -> None:
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show_reminders()
    before = _missing(window)
    assert before > 0
    rows = window.ledger.model.rows
    from desktop.services.taskdetail import child_rows

    task = next(r.uuid for r in rows if not any(
        p["period"] == "2026-11" for p in desk.fetch(
            lambda s, u=r.uuid: child_rows(s, "progress", u))) and r.status != "closed_out")
    desk.push(commands.add_child(desk, "progress", task,
                                 {"period": "2026-11", "percent": 50, "narrative": "推进中"},
                                 "test"))
    qtbot.wait(20)
    assert _missing(window) == before - 1
    desk.undo.undo()
    qtbot.wait(20)
    assert _missing(window) == before


def test_banner_put_away_stays_away(desk: Desk, qtbot: QtBot) -> None:
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    window.show_reminders()
    assert window.banner.isVisible()
    window.banner.dismiss()
    desk.changed.emit("")
    qtbot.wait(20)
    assert not window.banner.isVisible()


def test_english_days_are_counted_right(desk: Desk, qtbot: QtBot, english, monkeypatch) -> None:
    from desktop import clock

    clock.set_today(date(2026, 12, 4))  # the November report is due tomorrow
    try:
        window = MainWindow(desk)
        qtbot.addWidget(window)
        window.show_reminders()
        text = window.banner.text.text()
        assert "in 1 day" in text and "in 1 days" not in text, text
        assert "within 30 days" in text
    finally:
        clock.set_today(None)


def test_backups_listed_by_date_and_size(desk: Desk, qtbot: QtBot) -> None:
    from desktop.services import backups

    path = backups.make_backup(desk.ctx)
    dialog = SettingsDialog(desk)
    qtbot.addWidget(dialog)
    item = dialog.backup_list.item(0)
    assert path.name not in item.text()
    assert re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d，[\d.]+ (KB|MB)", item.text())
    shot(dialog, "settings-backups")


def test_saving_a_pdf_says_where(qtbot: QtBot, tmp_path, dialogs, monkeypatch) -> None:
    from io import BytesIO

    from pypdf import PdfWriter

    from desktop.ui import messages
    from desktop.ui.documents.preview import PdfPreviewDialog

    buf = BytesIO()
    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.write(buf)
    dialog = PdfPreviewDialog(buf.getvalue(), "月报", "月报.pdf")
    qtbot.addWidget(dialog)
    monkeypatch.setattr(messages, "save_file", lambda *a, **k: tmp_path / "十一月月报")
    path = dialog.save_as()
    assert dialogs.shown == [("saved", str(path))]
    assert path == tmp_path / "十一月月报.pdf" and path.exists()
