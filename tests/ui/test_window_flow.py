"""Window-level flows: language switch, restore and reopen, long work and its errors."""

from __future__ import annotations

import gc
import xml.etree.ElementTree as ET

import pytest
import shiboken6
from PySide6.QtCore import QThreadPool
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.i18n import Msg, UserError
from desktop.ui import app as ui_app
from desktop.ui import operations, translations
from desktop.ui.mainwindow import MainWindow

pytestmark = pytest.mark.qt


def test_english_catalogue_is_complete() -> None:
    ts = ET.parse(translations.i18n_dir() / "rectdesk_en.ts")
    unfinished = [m.find("source").text for m in ts.iter("message")
                  if m.find("translation").get("type") == "unfinished"]
    assert unfinished == []
    assert (translations.i18n_dir() / "rectdesk_en.qm").is_file()


def test_language_change_rebuilds_window_in_english(desk, qtbot: QtBot, monkeypatch) -> None:
    monkeypatch.delenv("RECTDESK_LANG")
    w = MainWindow(desk)
    qtbot.addWidget(w)
    ui_app.connect_rebuild(w)
    dialog = w.open_settings()
    dialog.language.setCurrentIndex(dialog.language.findData("en"))
    assert dialog.save()
    new = QApplication.instance().property("rectdesk_window")
    qtbot.addWidget(new)
    assert new is not w and new.tabs.tabText(0) == "Ledger"
    assert desk.ctx.settings.language == "en"
    translations.install("zh")


def test_first_painted_ledger_brings_the_area_menus(desk, qtbot: QtBot) -> None:
    w = MainWindow(desk)
    qtbot.addWidget(w)
    menus = len(w.menuBar().actions())
    with qtbot.waitSignal(w.first_painted, timeout=5000):
        w.show()
    assert w.ledger.table.isVisible() and w.ledger.proxy.rowCount() == 55
    # The other areas' menus are imported off the GUI thread and added after the paint.
    qtbot.waitUntil(lambda: len(w.menuBar().actions()) > menus, timeout=10_000)


def test_window_gone_before_its_menus_arrive(desk, qtbot: QtBot) -> None:
    w = MainWindow(desk)
    w.install_area_menus()  # imports in the background…
    shiboken6.delete(w)  # …while the window is closed (or rebuilt in English)
    QThreadPool.globalInstance().waitForDone()
    qtbot.wait(100)  # the result arrives to no window: nothing raised in the event loop


def test_restore_reopens_the_desk(desk, qtbot: QtBot) -> None:
    w = MainWindow(desk)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.rebuild, timeout=20_000):
        w.reopen()
    assert desk.ctx.store is not None
    assert desk.fetch(lambda s: 1) == 1  # the new context reads


def test_backup_from_menu_and_errors_reach_the_clerk(desk, qtbot: QtBot, dialogs) -> None:
    w = MainWindow(desk)
    qtbot.addWidget(w)
    op = w.backup_now()
    with qtbot.waitSignal(op.finished, timeout=10_000) as done:
        pass
    assert done.args[0] is True
    assert "已备份到" in w.statusBar().currentMessage()

    def fail(_cancel: operations.Cancel) -> None:
        raise UserError(Msg("磁盘已满。", "Disk full."))

    op = operations.run(w, "…", fail)
    with qtbot.waitSignal(op.finished, timeout=10_000) as done:
        pass
    assert done.args[0] is False
    assert dialogs.shown[-1] == ("error", "磁盘已满。")


def test_cancel_is_offered_and_honoured(qtbot: QtBot) -> None:
    seen: list[object] = []

    def work(cancel: operations.Cancel) -> str:
        cancel.set()  # as if the clerk pressed Cancel
        if cancel.requested:
            return "stopped"
        return "finished"

    op = operations.run(None, "…", work, seen.append)
    with qtbot.waitSignal(op.finished, timeout=10_000):
        pass
    assert op.cancelled and seen == []  # a cancelled result is not applied


def test_progress_reported_by_the_work_moves_the_bar(qtbot: QtBot) -> None:
    """Work that says how far it is gets a percentage, not just a busy bar; only whole
    percent steps are passed on, however often it reports."""
    import threading

    step = threading.Event()
    go_on = threading.Event()

    def work(cancel: operations.Cancel) -> str:
        for row in range(1, 1001):
            cancel.progress(row, 4000)  # a quarter of the way, row by row
        step.set()
        go_on.wait(10)
        return "done"

    op = operations.run(None, "…", work)
    passed: list[int] = []
    op.job.signals.progress.connect(lambda done, _total: passed.append(done))
    assert op.dialog.maximum() == 0  # busy until the work reports
    qtbot.waitUntil(step.is_set, timeout=10_000)
    qtbot.waitUntil(lambda: op.dialog.value() == 25, timeout=10_000)
    assert op.dialog.maximum() == 100
    assert passed == list(range(26))  # 1,000 reports, one per whole percent (0 … 25)
    go_on.set()
    with qtbot.waitSignal(op.finished, timeout=10_000):
        pass


def test_collector_held_off_while_a_large_result_is_built() -> None:
    assert gc.isenabled()
    with operations.collection_held():
        with operations.collection_held():  # two workers at once
            assert not gc.isenabled()
        assert not gc.isenabled()  # the other is still building
        built = [[i] for i in range(1000)]
    assert gc.isenabled() and gc.get_freeze_count() >= len(built)


@pytest.mark.parametrize("machine_has_one", [True, False])
def test_the_window_font_writes_chinese(qapp: QApplication, monkeypatch: pytest.MonkeyPatch,
                                        machine_has_one: bool) -> None:
    if not machine_has_one:  # no Chinese family installed: the bundled file is read
        monkeypatch.setattr(QFontDatabase, "families", staticmethod(lambda *_a: []))
    family = translations.register_fonts(qapp)
    assert family and qapp.font().family() == family
    assert QFontDatabase.WritingSystem.SimplifiedChinese in QFontDatabase.writingSystems(family)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_window_fits_an_office_laptop_screen(desk, qtbot: QtBot, request: pytest.FixtureRequest,
                                             lang: str) -> None:
    """1366 × 768 with a taskbar: no view may force the window taller or wider (the
    petition form once made it at least 771 pixels high)."""
    if lang == "en":
        request.getfixturevalue("english")
    w = MainWindow(desk)
    qtbot.addWidget(w)
    assert w.tabs.count() == 6  # every view is built (a county: no catalogue or plan tab)
    least = w.minimumSizeHint()
    assert least.width() <= 1300 and least.height() <= 650, least
