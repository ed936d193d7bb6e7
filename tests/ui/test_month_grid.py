"""The month grid (月报), the check before the packet leaves and the key session,
played as a clerk would: key presses into the widgets, counted."""

from __future__ import annotations

import json
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint, QSize, Qt
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Progress
from desktop.packets import manifest as mf
from desktop.packets.verify import _open_items as open_items_of
from desktop.services import keys, precheck, reporting
from desktop.services.desk import DeskContext
from desktop.ui import key_session
from desktop.ui.desk import Desk
from desktop.ui.mainwindow import MainWindow
from desktop.ui.month_grid_model import NARRATIVE, PERCENT
from desktop.ui.packets.export_dialog import ExportDialog
from desktop.ui.packets.import_dialog import ImportDialog
from desktop.ui.report_view import ReportView
from tests.packets.conftest import (  # noqa: F401 - fixtures used by name
    CITY,
    COUNTY_A,
    Desks,
    Packets,
    _fast_keys,
    desk_templates,
    desks,
    enrol_file,
    packets,
)
from tests.ui.conftest import Dialogs, shot

pytestmark = pytest.mark.qt


def send_text(widget: QWidget, text: str) -> None:
    """Key events carrying ``text`` (QTest only types ASCII; Chinese comes from the
    input method as committed text)."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown,
                                                 Qt.KeyboardModifier.NoModifier, text))


class Clerk:
    """Presses keys into whatever has the focus and counts interactions: a typed
    value is one, the Enter or Tab after it is another, and so is each key press that
    moves, each shortcut and each click."""

    def __init__(self, qtbot: QtBot) -> None:
        self.qtbot = qtbot
        self.count = 0
        self.log: list[str] = []

    def _focus(self) -> QWidget:
        w = QApplication.focusWidget()
        assert w is not None
        return w

    def type(self, text: str, then: Qt.Key | None = None) -> None:
        """Type a whole value into the focused cell (the first key opens the editor)."""
        self.count += 1
        self.log.append(f"type {text[:10]}")
        send_text(self._focus(), text[0])  # opens the editor, which gets the key
        if len(text) > 1:
            send_text(self._focus(), text[1:])
        if then is not None:
            self.count += 1
            QTest.keyClick(self._focus(), then)
        QApplication.processEvents()  # Enter commits from the event loop

    def key(self, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
            ) -> None:
        self.count += 1
        self.log.append(f"key {key}")
        QTest.keyClick(self._focus(), key, modifier)
        QApplication.processEvents()

    def click(self, widget: QWidget, pos: QPoint | None = None) -> None:
        self.count += 1
        self.log.append(f"click {type(widget).__name__}")
        if pos is None:
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton)
        else:
            QTest.mouseClick(widget, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                             pos)
        QApplication.processEvents()


@pytest.fixture
def view(desk: Desk, qtbot: QtBot) -> ReportView:
    v = ReportView(desk)
    qtbot.addWidget(v)
    v.resize(1300, 640)
    v.show()
    v.reload()
    v.table.setFocus()
    return v


def progress_rows(desk: Desk, period: str) -> dict[str, Progress]:
    with desk.read() as s:
        rows = {p.task_uuid: p for p in s.scalars(select(Progress).where(
            Progress.period == period))}
        s.expunge_all()
        return rows


def test_opens_on_the_month_whose_report_is_due(county_demo, qtbot: QtBot,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    # On 4 December the November report is due on the 5th: everything starts on 2026-11.
    monkeypatch.setenv("RECTDESK_TODAY", "2026-12-04")
    desk = Desk(county_demo)
    w = MainWindow(desk)
    qtbot.addWidget(w)
    assert w.report.period == "2026-11"
    assert w.report.report is not None and w.report.report.period == "2026-11"
    dialog = ExportDialog(county_demo, w)
    qtbot.addWidget(dialog)
    assert dialog.period == "2026-11"
    from desktop.ui.record_table import RecordTable

    task = w.report.model.rows[0].task_uuid
    table = RecordTable(desk, "progress", task, "月度进展")
    qtbot.addWidget(table)
    assert table.defaults()["period"] == "2026-11"  # the 添加 dialog's month
    # Once the 5th has passed, December is the month due.
    monkeypatch.setenv("RECTDESK_TODAY", "2026-12-06")
    assert ReportView(desk).period == "2026-12"
    desk.undo.clear()


def test_unfilled_rows_stand_out_and_filter(view: ReportView, qtmodeltester) -> None:
    qtmodeltester.check(view.model)
    r = view.report
    assert r is not None and r.period == "2026-11" and len(r.missing) == 47
    first = view.model.index(0, 0)
    assert first.data().endswith("未填")
    assert first.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert first.data(Qt.ItemDataRole.DecorationRole) is not None
    view.only_missing.setChecked(True)
    assert view.model.rowCount() == 47
    view.only_missing.setChecked(False)
    assert view.model.rowCount() == len(r.lines)


def test_typing_saves_with_undo_and_moves(view: ReportView, desk: Desk, qtbot: QtBot) -> None:
    clerk = Clerk(qtbot)
    view.table.setCurrentIndex(view.model.index(0, PERCENT))
    task = view.model.rows[0].task_uuid
    clerk.type("65", Qt.Key.Key_Tab)
    assert view.table.currentIndex().column() == NARRATIVE  # Tab: next column
    clerk.type("已完成路面硬化", Qt.Key.Key_Return)
    qtbot.wait(5)
    # Enter after a run of Tabs: the next row, in the column the run began in.
    assert (view.table.currentIndex().row(), view.table.currentIndex().column()) == (1, PERCENT)
    saved = progress_rows(desk, "2026-11")[task]
    assert (saved.percent, saved.narrative) == (65.0, "已完成路面硬化")
    clerk.type("30", Qt.Key.Key_Return)
    assert view.table.currentIndex().row() == 2 and view.table.currentIndex().column() == PERCENT
    desk.undo.undo()
    desk.undo.undo()  # Ctrl+Z undoes cell by cell
    qtbot.wait(5)
    saved = progress_rows(desk, "2026-11")[task]
    assert (saved.percent, saved.narrative) == (65.0, "")
    desk.undo.undo()
    qtbot.wait(5)
    assert task not in progress_rows(desk, "2026-11")
    assert view.model.index(0, 0).data().endswith("未填")


def test_invalid_values_show_why_and_save_nothing(view: ReportView, desk: Desk,
                                                  qtbot: QtBot) -> None:
    clerk = Clerk(qtbot)
    before = progress_rows(desk, "2026-11")
    view.table.setCurrentIndex(view.model.index(0, PERCENT))
    clerk.type("150", Qt.Key.Key_Return)
    qtbot.wait(5)
    assert (view.table.currentIndex().row(), view.table.currentIndex().column()) == (0, PERCENT)
    note = view.table.note  # type: ignore[attr-defined]
    assert note.isVisible() and "0到100" in note.text()
    assert "0到100" in view.error.text()
    cell = view.model.index(0, PERCENT)
    assert cell.data(Qt.ItemDataRole.ToolTipRole) and "0到100" in cell.data(
        Qt.ItemDataRole.ToolTipRole)
    assert note.geometry().top() >= view.table.visualRect(cell).bottom()  # under the cell
    shot(view, "month-grid-refused", QSize(1366, 640))
    # Too long a text, pasted: refused the same way.
    view.table.setCurrentIndex(view.model.index(1, NARRATIVE))
    view.table.paste("字" * 2001)  # type: ignore[attr-defined]
    assert "太长" in view.error.text()
    assert progress_rows(desk, "2026-11").keys() == before.keys()
    assert desk.undo.count() == 0
    # The same cell, typed right, saves and the note goes away.
    view.table.setCurrentIndex(view.model.index(0, PERCENT))
    clerk.type("80", Qt.Key.Key_Return)
    qtbot.wait(5)
    assert not note.isVisible()
    assert progress_rows(desk, "2026-11")[view.model.rows[0].task_uuid].percent == 80


def test_ctrl_d_and_paste_a_block(view: ReportView, desk: Desk, qtbot: QtBot) -> None:
    clerk = Clerk(qtbot)
    rows = view.model.rows
    view.table.setCurrentIndex(view.model.index(0, PERCENT))
    clerk.key(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # last month's percent
    clerk.key(Qt.Key.Key_Right)
    clerk.key(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # editor on last month's text
    clerk.type("；本月继续推进", Qt.Key.Key_Return)
    qtbot.wait(5)
    saved = progress_rows(desk, "2026-11")[rows[0].task_uuid]
    assert saved.percent == rows[0].previous_percent
    assert saved.narrative == rows[0].previous_narrative + "；本月继续推进"
    # Two rows by three columns from Excel, the second row's percent wrong.
    QGuiApplication.clipboard().setText("70\t完成一半\t资金不足\n150\t完成\t无\n")
    view.table.setCurrentIndex(view.model.index(1, PERCENT))
    count = desk.undo.count()
    clerk.key(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(5)
    saved = progress_rows(desk, "2026-11")
    one = saved[rows[1].task_uuid]
    assert (one.percent, one.narrative, one.difficulties) == (70, "完成一半", "资金不足")
    assert rows[2].task_uuid not in saved  # refused as a whole row: nothing half-saved
    assert "0到100" in view.error.text()
    assert desk.undo.count() == count + 1  # the paste undoes as one step
    qtbot.wait(5)
    shot(view, "month-grid-some-filled", QSize(1366, 640))
    view.only_missing.setChecked(True)
    assert view.model.rowCount() == 47 - 2
    shot(view, "month-grid-unfilled-only", QSize(1366, 640))


@pytest.mark.slow
def test_play_the_month(county_demo, qtbot: QtBot, dialogs: Dialogs, tmp_path: Path,
                        capsys: pytest.CaptureFixture[str]) -> None:
    """Every task without November progress filled through the grid, then the packet
    exported; interactions counted (goal: at most 3 per task on average)."""
    start = time.perf_counter()
    desk = Desk(county_demo)
    w = MainWindow(desk)
    qtbot.addWidget(w)
    w.resize(1366, 768)
    w.show()
    clerk = Clerk(qtbot)
    clerk.click(w.tabs.tabBar(), w.tabs.tabBar().tabRect(w.tabs.indexOf(w.report)).center())
    view = w.report
    assert view.period == "2026-11"
    clerk.click(view.only_missing)
    grid = view.table
    tasks = [ln for ln in view.model.rows]
    n = len(tasks)
    assert n == 47 and all(not ln.has_progress for ln in tasks)
    clerk.click(grid.viewport(), grid.visualRect(view.model.index(0, PERCENT)).center())
    # This month's percent, typed row after row (each typed value ends with Enter).
    for i, ln in enumerate(tasks):
        clerk.type(str(min(100, int(ln.previous_percent or 0) + 5 + i % 3)), Qt.Key.Key_Return)
    qtbot.wait(5)
    # The narratives, difficulties and next steps come from the departments' Excel sheet.
    lines = [f"第{ln.number}项本月推进中\t暂无\t继续推进" for ln in tasks]
    QGuiApplication.clipboard().setText("\n".join(lines) + "\n")
    clerk.click(grid.viewport(), grid.visualRect(view.model.index(0, NARRATIVE)).center())
    clerk.key(Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    # Three tasks start from last month's narrative and add a sentence (Ctrl+D).
    for row in (3, 10, 20):
        clerk.click(grid.viewport(), grid.visualRect(view.model.index(row, NARRATIVE)).center())
        clerk.key(Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        clerk.type("；本月已完成验收准备", Qt.Key.Key_Return)
    qtbot.wait(10)
    entered = progress_rows(desk, "2026-11")
    for ln in tasks:
        p = entered[ln.task_uuid]
        assert p.percent > 0 and p.narrative and p.next_steps == "继续推进"
    assert view.report is not None and not view.report.missing
    shot(view, "month-grid-filled", QSize(1366, 700))
    # The packet: open the dialog, type the passphrase, export (the check lists the rest).
    dialog = ExportDialog(desk.ctx, w)
    qtbot.addWidget(dialog)
    clerk.count += 1  # opening it from the menu
    assert not any(i.kind == "progress" for i in dialog.items)
    dialog.folder.setText(str(tmp_path / "usb"))
    dialog.show()
    dialog.activateWindow()
    dialog.passphrase.setFocus()
    qtbot.waitUntil(dialog.passphrase.hasFocus)
    clerk.type(keys.DEMO_PASSPHRASE)
    clerk.click(dialog.export_button)
    qtbot.waitUntil(lambda: dialog.result_path is not None or bool(dialogs.shown),
                    timeout=30_000)
    assert not dialogs.shown
    seconds = time.perf_counter() - start
    per_task = clerk.count / n
    with capsys.disabled():
        print(f"\nmonth played: {n} tasks, {clerk.count} interactions "
              f"({per_task:.2f} per task), {seconds:.1f} s")
    (tmp_path / "month-count.txt").write_text(f"{n} {clerk.count} {seconds:.1f}\n")
    assert per_task <= 3
    desk.undo.clear()


def test_export_check_lists_records_and_declares(county_demo, qtbot: QtBot, dialogs: Dialogs,
                                                 tmp_path: Path) -> None:
    desk = Desk(county_demo)
    w = MainWindow(desk)
    qtbot.addWidget(w)
    view = w.report
    dialog = ExportDialog(county_demo, w)
    qtbot.addWidget(dialog)
    kinds = {i.kind for i in dialog.items}
    assert kinds == {"progress", "measure", "effect"}
    missing = [i for i in dialog.items if i.kind == "progress"]
    assert len(missing) == 47
    assert "未填进展 47 项" in dialog.check_title.text()
    assert dialog.export_button.text() == "仍然导出"
    shot(dialog, "export-check", QSize(900, 620))
    # "No change" for two chosen tasks: their progress rows appear, undoably.
    rows = [r for r in range(dialog.check_list.count())
            if dialog.check_list.item(r).data(Qt.ItemDataRole.UserRole).kind == "progress"][:2]
    for row in rows:
        dialog.check_list.item(row).setSelected(True)
    chosen = {dialog.check_list.item(r).data(Qt.ItemDataRole.UserRole).task_uuid for r in rows}
    dialog.declare_tasks.click()
    entered = progress_rows(desk, "2026-11")
    assert chosen <= entered.keys() and all(entered[t].no_change for t in chosen)
    assert sum(1 for i in dialog.items if i.kind == "progress") == 45
    # The month's declaration: one stored switch for the dialog and the 月报 tab.
    dialog.no_change.click()
    qtbot.wait(5)
    assert view.no_change.isChecked()
    assert not any(i.kind == "progress" for i in dialog.items)
    dialog.no_change.click()
    qtbot.wait(5)
    assert not view.no_change.isChecked()
    view.no_change.setChecked(True)
    view.note.setText("本月各项均无新进展")
    view.save_declaration()
    dialog.refresh()
    assert dialog.no_change.isChecked()
    dialog.no_change.click()  # off in the dialog: the tab's note is kept
    qtbot.wait(5)
    assert not view.no_change.isChecked() and view.note.text() == "本月各项均无新进展"
    dialog.no_change.click()
    qtbot.wait(5)
    assert view.no_change.isChecked()
    view.no_change.setChecked(False)
    view.save_declaration()
    dialog.refresh()
    # Sent anyway: the list travels in the packet and the city's preview reads it.
    dialog.folder.setText(str(tmp_path / "usb"))
    dialog.passphrase.setText(keys.DEMO_PASSPHRASE)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result_path is not None, timeout=30_000)
    assert dialog.result_path is not None
    with zipfile.ZipFile(dialog.result_path) as z:
        data = json.loads(z.read(mf.DATA_ENTRY))
    assert len(data["open_items"]) == len(dialog.items)
    assert sum(1 for i in data["open_items"] if i["kind"] == "progress") == 45
    # What the city's verifier keeps of it (text only, never merged).
    kept = open_items_of(data)
    assert len(kept) == len(dialog.items) and kept[0]["zh"] and "task_uuid" not in kept[0]
    # Double-click an item: the dialog closes and the task opens on the right tab.
    dialog.show()
    item = next(dialog.check_list.item(r) for r in range(dialog.check_list.count())
                if dialog.check_list.item(r).data(Qt.ItemDataRole.UserRole).kind == "measure")
    it = item.data(Qt.ItemDataRole.UserRole)
    dialog.check_list.itemActivated.emit(item)
    qtbot.waitUntil(lambda: it.task_uuid in w.task_windows)
    task_window = w.task_windows[it.task_uuid]
    assert task_window.tabs.currentWidget() is task_window.lists["measure"]
    desk.undo.clear()


def test_key_stays_unlocked_for_the_session(county_demo, qtbot: QtBot, dialogs: Dialogs,
                                            tmp_path: Path) -> None:
    holder = key_session.session()
    assert holder.timer.interval() == 15 * 60 * 1000
    first = ExportDialog(county_demo)
    qtbot.addWidget(first)
    first.folder.setText(str(tmp_path / "usb"))
    first.passphrase.setText(keys.DEMO_PASSPHRASE)
    first.start()
    qtbot.waitUntil(lambda: first.result_path is not None, timeout=30_000)
    assert holder.unlocked
    second = ExportDialog(county_demo)
    qtbot.addWidget(second)
    assert second.passphrase.isHidden() and not second.unlocked.isHidden()
    second.folder.setText(str(tmp_path / "usb"))
    second.start()  # no passphrase asked
    qtbot.waitUntil(lambda: second.result_path is not None, timeout=30_000)
    assert not dialogs.shown
    assert holder.timer.isActive()
    holder.timer.timeout.emit()  # 15 idle minutes later
    assert not holder.unlocked
    third = ExportDialog(county_demo)
    qtbot.addWidget(third)
    third.start()
    assert dialogs.shown and "口令" in dialogs.shown[-1][1]


def test_key_session_locks_at_quit(county_demo) -> None:
    holder = key_session.session()
    holder.unlock(county_demo, keys.DEMO_PASSPHRASE)
    assert holder.unlocked
    app = QApplication.instance()
    assert app is not None
    app.aboutToQuit.emit()
    assert not holder.unlocked


def test_precheck_service(county_demo) -> None:
    from datetime import date

    with county_demo.store.read() as s:
        items = precheck.open_items(s, county_demo.code, "2026-11", date(2026, 11, 29))
        assert reporting.declaration(s, county_demo.code, "2026-11") == (False, "")
    assert [i for i in items if i.kind == "progress"]
    assert all(i.zh and i.en for i in items)
    numbers = [i.task_number for i in items]
    assert numbers == sorted(numbers)


@pytest.fixture
def city_with_a(desks: Desks, packets: Packets) -> Iterator[DeskContext]:  # noqa: F811
    ctx = desks.open(CITY)
    enrol_file(ctx, packets.enrol, COUNTY_A)
    yield ctx
    ctx.close()


def test_city_preview_shows_the_countys_open_items(qtbot: QtBot, city_with_a: DeskContext,
                                                   packets: Packets) -> None:  # noqa: F811
    dialog = ImportDialog(city_with_a)
    qtbot.addWidget(dialog)
    dialog.load([packets.seq[1]])
    qtbot.waitUntil(lambda: dialog.outcome is not None, timeout=20_000)
    assert dialog.outcome is not None
    items = dialog.outcome.packets[0].inspection.open_items
    assert items and all(i["zh"] for i in items)
    top = dialog.tree.topLevelItem(0)
    heads = [top.child(i) for i in range(top.childCount())
             if top.child(i).text(0) == "报送时未完成事项"]
    assert len(heads) == 1 and heads[0].childCount() == len(items)
    assert heads[0].child(0).text(2) == items[0]["zh"]
    shot(dialog, "packet-import-open-items", QSize(900, 600))


def test_month_grid_in_english(desk: Desk, qtbot: QtBot, english: None) -> None:
    v = ReportView(desk)
    qtbot.addWidget(v)
    v.reload()
    headers = [v.model.headerData(c, Qt.Orientation.Horizontal) for c in range(8)]
    assert headers[2:5] == ["Last %", "Last month", "This %"]
    assert v.only_missing.text() == "Only not filled"
    shot(v, "month-grid", QSize(1366, 640))


def test_double_click_opens_the_task_on_its_progress_tab(county_demo, qtbot: QtBot) -> None:
    desk = Desk(county_demo)
    w = MainWindow(desk)
    qtbot.addWidget(w)
    grid = w.report.table
    index = w.report.model.index(0, 1)
    grid.doubleClicked.emit(index)
    task = w.report.model.rows[0].task_uuid
    qtbot.waitUntil(lambda: task in w.task_windows)
    dialog = w.task_windows[task]
    assert dialog.tabs.currentWidget() is dialog.lists["progress"]
    desk.undo.clear()
