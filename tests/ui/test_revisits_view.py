"""Revisits due and overdue in the window, and their line in the start-up reminder."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from desktop.ui.desk import Desk
from desktop.ui.mainwindow import MainWindow
from desktop.ui.revisits_view import RevisitsView
from desktop.ui.style import LIGHT_COLOURS
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


def test_revisits_view_and_reminder(desk: Desk, qtbot: QtBot) -> None:
    view = RevisitsView(desk)
    qtbot.addWidget(view)
    assert view.list.rowCount() == len(view.rows) > 0
    late = [i for i, r in enumerate(view.rows) if r.overdue]
    kinds = {view.list.item(i, 2).text() for i in range(view.list.rowCount())}
    assert "长期坚持任务" in kinds
    if late:
        assert view.list.item(late[0], 0).foreground().color() == LIGHT_COLOURS["red"]
    shot(view, "revisits", QSize(900, 420))

    w = MainWindow(desk)
    qtbot.addWidget(w)
    w.show_reminders()
    text = w.banner.text.text()
    assert "回头看" in text and "信访件超期未办结" in text
    assert w.banner.revisits_button.isVisibleTo(w.banner)
