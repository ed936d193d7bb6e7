from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from desktop.ui.mainwindow import MainWindow
from desktop.ui.report_view import ReportView
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


@pytest.fixture
def view(desk, qtbot: QtBot) -> ReportView:
    v = ReportView(desk)
    qtbot.addWidget(v)
    v.reload()
    return v


def test_model_and_missing_vs_entered(view: ReportView, qtmodeltester) -> None:
    qtmodeltester.check(view.model)
    r = view.report
    assert r is not None and r.period == "2026-11"
    assert r.due.isoformat() == "2026-12-05"
    assert len(r.missing) == 47  # this month's progress is not entered yet
    assert view.due.text() == "报送截止：2026-12-05（还有 6 天）"
    view.only_missing.setChecked(True)
    assert view.model.rowCount() == 47
    assert all(view.model.index(i, 0).data().endswith("未填") for i in range(47))
    shot(view, "report", QSize(1000, 560))


def test_last_month_mostly_entered_and_overdue_due_date(view: ReportView) -> None:
    view.set_period("2026-10")
    r = view.report
    assert r is not None and r.period == "2026-10"
    assert len(r.entered) > len(r.missing)
    assert "已过" in view.due.text()
    assert view.counts.text() == f"已填 {len(r.entered)} 项，未填 {len(r.missing)} 项"


def test_no_change_declaration_undo_redo(view: ReportView, desk, qtbot: QtBot) -> None:
    view.no_change.setChecked(True)
    view.note.setText("本月各项任务无新进展")
    view.save_declaration()
    qtbot.wait(5)
    assert view.report is not None and view.report.declaration_no_change
    desk.undo.undo()
    qtbot.wait(5)
    assert not view.report.declaration_no_change
    desk.undo.redo()
    qtbot.wait(5)
    assert view.report.declaration_note == "本月各项任务无新进展"


def test_startup_reminder_names_overdue_soon_and_report(desk, qtbot: QtBot) -> None:
    w = MainWindow(desk)
    qtbot.addWidget(w)
    w.show_reminders()
    text = w.banner.text.text()
    assert "10 项任务已逾期" in text
    assert "15 项任务将在 30 天内到期" in text
    assert "2026-11 月报 2026-12-05 截止，还有 6 天" in text
    assert "47 项任务尚未填写进展" in text
    w.banner.report_button.click()
    assert w.tabs.currentWidget() is w.report
    w.banner.overdue_button.click()
    assert w.ledger.proxy.rowCount() == 10


def test_report_in_english(desk, qtbot: QtBot, english) -> None:
    v = ReportView(desk)
    qtbot.addWidget(v)
    v.reload()
    assert v.due.text() == "Due: 2026-12-05 (in 6 days)"
    shot(v, "report", QSize(1000, 560))
