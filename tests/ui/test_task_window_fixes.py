"""What a clerk saw go wrong in the task window (issue 15): a heading that grew with
every edit, listeners that outlived closed windows, a close-out request that could
be sent twice, deletions without a question, raw values in the history."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QtMsgType, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from desktop.ui.desk import Desk
from desktop.ui.mainwindow import MainWindow
from desktop.ui.task_dialog import TaskDialog
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


def _tasks(desk: Desk) -> list:
    """The open tasks: what a closed-out task's close-out rests on is frozen (door)."""
    from desktop.services.ledger import task_rows

    rows = desk.fetch(lambda s: task_rows(s, desk.today, desk.ctx.settings))
    return [r for r in rows if r.status != "closed_out"]


def _edit_location(dialog: TaskDialog, text: str) -> None:
    problems = dialog.lists["problem"]
    assert problems.model.setData(problems.model.index(0, 1), text)


def test_heading_keeps_its_height_after_ten_edits(desk: Desk, qtbot: QtBot) -> None:
    dialog = TaskDialog(desk, _tasks(desk)[0].uuid)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.wait(5)
    height, size = dialog.head.sizeHint().height(), dialog.head.font().pointSizeF()
    for i in range(10):
        _edit_location(dialog, f"地点 {i}")
        qtbot.wait(5)
    assert dialog.head.font().pointSizeF() == size
    assert dialog.head.sizeHint().height() == height
    dialog.tabs.setCurrentWidget(dialog.closeout)
    shot(dialog, "task-after-ten-edits")


def test_closed_task_windows_stop_listening(desk: Desk, qtbot: QtBot, capfd) -> None:
    """Open, edit and close task windows, then keep editing: nothing on stderr, no
    Qt warning, no exception from a listener whose widgets are gone."""
    messages: list[str] = []

    def handler(kind: QtMsgType, _ctx: object, text: str) -> None:
        if not text.startswith("This plugin does not support"):  # the offscreen platform
            messages.append(text)

    window = MainWindow(desk)
    qtbot.addWidget(window)
    previous = qInstallMessageHandler(handler)
    try:
        tasks = _tasks(desk)
        for r in tasks[:4]:
            dialog = window.open_task(r.uuid)
            assert dialog is not None
            _edit_location(dialog, "地点 甲")
            qtbot.wait(5)
            dialog.done(0)  # closed as the clerk closes it: finished → deleteLater
            qtbot.wait(5)
            QApplication.sendPostedEvents(None, 0)  # the deferred delete
        assert not window.task_windows
        for r in tasks[:4]:  # later changes to the same tasks and to everything
            desk.changed.emit(r.uuid)
        desk.changed.emit("")
        qtbot.wait(20)
    finally:
        qInstallMessageHandler(previous)
    out, err = capfd.readouterr()
    assert err == ""
    assert "already deleted" not in out
    assert messages == []


def test_closeout_request_disables_the_button(desk: Desk, qtbot: QtBot) -> None:
    from desktop.domain.status import Status

    accepted = next(r for r in _tasks(desk) if r.status == Status.ACCEPTED)
    dialog = TaskDialog(desk, accepted.uuid)
    qtbot.addWidget(dialog)
    tab = dialog.closeout
    assert tab.request_button.isEnabled()
    tab.request()
    assert tab.refusal.text() == "", tab.refusal.text()
    qtbot.wait(5)
    assert not tab.request_button.isEnabled()
    assert "申请销号" in tab.request_button.toolTip()


def test_checklist_shows_every_condition(desk: Desk, qtbot: QtBot) -> None:
    """Conditions wrap instead of ending in "…", and the list is as tall as they are
    (up to about sixteen lines, then it scrolls) instead of four and a half lines."""
    from desktop.services.taskdetail import closeout_state

    rows = _tasks(desk)
    unmet = {r.uuid: len(desk.fetch(lambda s, u=r.uuid: closeout_state(s, u)).unmet)
             for r in rows}
    many = max((u for u, n in unmet.items() if n <= 7), key=lambda u: unmet[u])
    worst = max(unmet, key=lambda u: unmet[u])
    for uuid in (many, worst):
        dialog = TaskDialog(desk, uuid)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.tabs.setCurrentWidget(dialog.closeout)
        qtbot.wait(5)
        checklist = dialog.closeout.checklist
        line = checklist.fontMetrics().height()
        for i in range(checklist.count()):  # wrapped: tall enough for its text
            item = checklist.item(i)
            width = checklist.fontMetrics().horizontalAdvance(item.text())
            lines = checklist.visualItemRect(item).height() // line
            assert lines * checklist.visualItemRect(item).width() >= width * 0.9
        if uuid == many:
            assert checklist.count() >= 5
            assert checklist.verticalScrollBar().maximum() == 0  # all of it in view
            shot(dialog, "task-closeout")
        else:
            assert checklist.viewport().height() >= 12 * line


def test_delete_asks_first_and_undo_brings_it_back(desk: Desk, qtbot: QtBot, dialogs) -> None:
    dialog = TaskDialog(desk, _tasks(desk)[0].uuid)
    qtbot.addWidget(dialog)
    problems = dialog.lists["problem"]
    n = problems.model.rowCount()
    problems.view.selectRow(0)
    dialogs.answer = False
    problems.delete_selected()
    qtbot.wait(5)
    assert dialogs.shown[-1][0] == "confirm" and "删除" in dialogs.shown[-1][1]
    assert problems.model.rowCount() == n
    dialogs.answer = True
    problems.delete_selected()
    qtbot.wait(5)
    assert problems.model.rowCount() == n - 1
    desk.undo.undo()
    qtbot.wait(5)
    assert problems.model.rowCount() == n


def test_history_reads_as_words(desk: Desk, qtbot: QtBot) -> None:
    """是/否 for flags, linked records by name, who did it in words."""
    from desktop.services.taskdetail import child_rows

    rows = _tasks(desk)
    task = next(r.uuid for r in rows
                if any(e["effect_uuid"] for e in desk.fetch(
                    lambda s, u=r.uuid: child_rows(s, "evidence", u))))
    dialog = TaskDialog(desk, task)
    qtbot.addWidget(dialog)
    effects = dialog.lists["effect"]
    col = [c.field for c in effects.model.columns].index("higher_is_better")
    from PySide6.QtCore import Qt

    assert effects.model.setData(effects.model.index(0, col), Qt.CheckState.Unchecked.value,
                                 Qt.ItemDataRole.CheckStateRole)
    qtbot.wait(5)
    dialog.tabs.setCurrentWidget(dialog.history)  # the log is read when its tab shows
    dialog.show()
    qtbot.wait(5)
    model = dialog.history.model
    cells = [model.index(r, c).data() for r in range(model.rowCount())
             for c in range(model.columnCount())]
    text = "\n".join(str(c) for c in cells)
    assert "True" not in text and "False" not in text
    assert "是" in text and "否" in text
    assert "_uuid" not in text
    assert "关联效果指标" in text
    for raw in ("checked_on", "closeout_number", "caption", "requested_on"):
        assert raw not in text, raw
    actors = {model.index(r, 1).data() for r in range(model.rowCount())}
    assert "clerk" not in actors and "demo" not in actors
    assert f"{desk.ctx.ledger.clerk}（{desk.code}台账）" in actors  # the door's one name
    dialog.tabs.setCurrentWidget(dialog.history)
    shot(dialog, "task-history")


def test_measure_status_reads_like_the_workbook(desk: Desk, qtbot: QtBot) -> None:
    from desktop.exports.ledger_schema import MEASURE_STATUS

    dialog = TaskDialog(desk, _tasks(desk)[0].uuid)
    qtbot.addWidget(dialog)
    assert dialog.lists["measure"].model._measure_status() == dict(MEASURE_STATUS)


def test_window_title_names_the_desk_once(desk: Desk, qtbot: QtBot) -> None:
    window = MainWindow(desk)
    qtbot.addWidget(window)
    title = window.windowTitle()
    assert "整改台账" not in title  # Qt adds the program's name itself
    assert title.count("演示") == 1


def _clipped(top) -> list[str]:
    """Header titles wider than their section, in every table of ``top`` (the
    month report is another area's)."""
    from PySide6.QtWidgets import QTableView

    from desktop.ui.report_view import ReportView

    out = []
    for view in top.findChildren(QTableView):
        parent, skip = view.parent(), False
        while parent is not None:
            skip = skip or isinstance(parent, ReportView)
            parent = parent.parent()
        if skip or view.model() is None:
            continue
        header = view.horizontalHeader()
        for i in range(header.count()):
            if header.isSectionHidden(i):
                continue
            title = view.model().headerData(i, header.orientation())
            wanted = header.fontMetrics().horizontalAdvance(str(title))
            if wanted > header.sectionSize(i) or \
                    header.sectionSizeFromContents(i).width() > header.sectionSize(i):
                out.append(f"{type(view.parent()).__name__}: {title}")
    return out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_header_cut_short_and_tabs_fit(lang: str, desk: Desk, qtbot: QtBot,
                                          request) -> None:
    if lang == "en":
        request.getfixturevalue("english")
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(5)
    dialog = window.open_task(_tasks(desk)[0].uuid)
    assert dialog is not None
    qtbot.wait(5)
    assert _clipped(window) == []
    assert _clipped(dialog) == []
    bar = dialog.tabs.tabBar()
    assert bar.sizeHint().width() <= dialog.tabs.width()
    dialog.tabs.setCurrentWidget(dialog.lists["effect"])
    shot(dialog, "task-effects-headers")
    window.tabs.setCurrentWidget(window.petitions)
    qtbot.wait(5)
    panel = window.petitions.findChild(QScrollArea)
    assert panel.width() >= panel.widget().minimumSizeHint().width()
    shot(window, "petitions-pane")
    dialog.close()


def test_city_ledger_headers_fit(qtbot: QtBot, tmp_path, monkeypatch) -> None:
    from tests.ui.conftest import small_city

    city = small_city(tmp_path, monkeypatch, tasks=6)  # three counties are enough
    desk = next(city)
    window = MainWindow(desk)
    qtbot.addWidget(window)
    window.show()
    qtbot.wait(5)
    assert _clipped(window) == []
    window.close()
    next(city, None)  # the rest of the generator: the desk closes


def test_from_the_month_report_a_task_opens_on_its_progress(desk: Desk, qtbot: QtBot) -> None:
    window = MainWindow(desk)
    qtbot.addWidget(window)
    uuid = _tasks(desk)[0].uuid
    window.report.open_task.emit(uuid)
    dialog = window.task_windows[uuid]
    assert dialog.tabs.currentWidget() is dialog.lists["progress"]
    window.ledger.open_task.emit(uuid)  # from the ledger: as it was
    dialog.close()
