"""The real entry path: ``rectdesk --home T`` → desktop.ui.app.run(args)."""

from __future__ import annotations

import types
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from desktop.services.desk import open_desk
from desktop.ui import app as ui_app
from desktop.ui.firstrun import FirstRunDialog
from desktop.ui.packets.key_dialog import KeyCreateDialog
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


def args(home: Path, demo: bool = False) -> types.SimpleNamespace:
    return types.SimpleNamespace(home=str(home), today=None, demo=demo)


def close_soon(seen: dict[str, object]) -> None:
    tries = [0]

    def check() -> None:
        window = QApplication.instance().property("rectdesk_window")
        tries[0] += 1
        if tries[0] > 250:  # never hang the suite: give up after about five seconds
            QApplication.instance().quit()
            return
        if window is None or not window.banner.isVisible():
            QTimer.singleShot(20, check)
            return
        seen["title"] = window.windowTitle()
        seen["rows"] = window.ledger.proxy.rowCount()
        seen["banner"] = window.banner.isVisible()
        seen["line"] = window.desk_label.text()
        shot(window, "start")
        window.close()
    QTimer.singleShot(0, check)


def test_start_on_demo_folder(county_home: Path, qtbot: QtBot) -> None:
    seen: dict[str, object] = {}
    close_soon(seen)
    assert ui_app.run(args(county_home)) == 0
    assert seen["rows"] == 55 and seen["banner"] is True
    assert "竞秀区" in str(seen["title"])


def test_demo_flag_builds_demo_in_empty_folder(tmp_path: Path, qtbot: QtBot) -> None:
    seen: dict[str, object] = {}
    close_soon(seen)
    assert ui_app.run(args(tmp_path / "new", demo=True)) == 0
    assert seen["rows"] == 55


def test_second_instance_told_in_clerks_words(county_home: Path, dialogs) -> None:
    with open_desk(county_home, lock=True):
        assert ui_app.run(args(county_home)) == 1
    kind, text = dialogs.shown[0]
    assert kind == "error" and "已在使用这个数据文件夹" in text


def test_first_run_cancelled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(FirstRunDialog, "exec", lambda self: 0)
    assert ui_app.run(args(tmp_path / "empty")) == 1


def test_first_run_creates_county_desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       qtbot: QtBot) -> None:
    def accept(dialog: FirstRunDialog) -> int:
        dialog.unit.setCurrentIndex(2)
        shot(dialog, "first-run")
        return 1
    monkeypatch.setattr(FirstRunDialog, "exec", accept)

    def make_key(dialog: KeyCreateDialog) -> int:  # the offer that follows a new desk
        dialog.passphrase.setText("县整改办口令2026")
        dialog.again.setText("县整改办口令2026")
        dialog.create()
        return 1
    monkeypatch.setattr(KeyCreateDialog, "exec", make_key)
    seen: dict[str, object] = {}
    close_soon(seen)
    assert ui_app.run(args(tmp_path / "fresh")) == 0
    assert "满城区整改办" in str(seen["title"]) and seen["rows"] == 0
    assert (tmp_path / "fresh" / "keys" / "identity.key").exists()


def test_window_paints_from_a_peek_then_opens(county_home: Path, qtbot: QtBot) -> None:
    """The ledger is on screen before the data layer is attached; the other views and
    the reminder follow, and the full context then owns the lock."""
    seen: dict[str, object] = {}

    def first_paint() -> None:
        window = QApplication.instance().property("rectdesk_window")
        if window is None:
            QTimer.singleShot(5, first_paint)
            return
        seen["open_at_first_check"] = window.desk.is_open
        seen["tabs_at_first_check"] = window.tabs.count()
        seen["rows_at_first_check"] = window.ledger.proxy.rowCount()
        seen["settings_enabled"] = window.open_desk_actions[0].isEnabled()
        seen["line_at_first_check"] = window.desk_label.text()
    QTimer.singleShot(0, first_paint)
    close_soon(seen)
    assert ui_app.run(args(county_home)) == 0
    assert seen["open_at_first_check"] is False
    assert seen["rows_at_first_check"] == 55 and seen["tabs_at_first_check"] == 1
    assert seen["settings_enabled"] is False
    assert str(seen["line_at_first_check"]).endswith("正在打开台账…")
    assert seen["rows"] == 55 and seen["banner"] is True
    assert "正在打开台账" not in str(seen["line"])
    with open_desk(county_home, lock=True):  # the lock was released on the way out
        pass


def test_closed_while_opening_releases_the_lock(county_home: Path, qtbot: QtBot) -> None:
    def close_at_once() -> None:
        window = QApplication.instance().property("rectdesk_window")
        if window is None:
            QTimer.singleShot(1, close_at_once)
            return
        window.close()
    QTimer.singleShot(0, close_at_once)
    assert ui_app.run(args(county_home)) == 0
    with open_desk(county_home, lock=True):  # neither the peek nor a late open holds it
        pass


def test_task_asked_for_while_opening_opens_when_ready(county_home: Path,
                                                      qtbot: QtBot) -> None:
    seen: dict[str, object] = {}

    def ask() -> None:
        window = QApplication.instance().property("rectdesk_window")
        if window is None:
            QTimer.singleShot(1, ask)
            return
        seen["uuid"] = uuid = window.ledger.proxy.row_uuid(0)
        seen["early"] = window.open_task(uuid)  # not open yet: remembered

        def check() -> None:
            if not window.desk.is_open:
                QTimer.singleShot(20, check)
                return
            seen["opened"] = list(window.task_windows)
            window.close()
        check()
    QTimer.singleShot(0, ask)
    assert ui_app.run(args(county_home)) == 0
    assert seen["early"] is None
    assert seen["opened"] == [seen["uuid"]]


def test_newer_database_refused_on_the_full_path(county_home: Path, dialogs) -> None:
    """No peek at a schema this program does not know: the full open refuses it in
    the clerk's words and leaves the file as it was."""
    import sqlite3

    db = county_home / "ledger.sqlite3"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.close()
    before = db.read_bytes()
    assert ui_app.run(args(county_home)) == 1
    kind, text = dialogs.shown[0]
    assert kind == "error" and "更新版本" in text
    assert db.read_bytes() == before


FIRST_PAINT_PROBE = r"""
import sys
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMainWindow

class Probe(QObject):
    done = False
    def eventFilter(self, obj, event):
        if (not self.done and event.type() == QEvent.Type.Paint
                and hasattr(obj, "window") and isinstance(obj.window(), QMainWindow)):
            self.done = True
            window = obj.window()
            print("sqlalchemy" in sys.modules, window.ledger.proxy.rowCount(), flush=True)
            QTimer.singleShot(0, window.close)
        return False

app = QApplication(sys.argv[:1])
probe = Probe(); app.installEventFilter(probe)
from desktop.cli import main
sys.exit(main(["--home", sys.argv[1]]))
"""


def test_first_paint_needs_no_sqlalchemy(county_home: Path) -> None:
    """What makes the start quick: the ledger is painted from plain sqlite3 before
    SQLAlchemy (most of a cold start) is imported.  Timings: tests/benchmarks."""
    import os
    import subprocess
    import sys

    out = subprocess.run([sys.executable, "-c", FIRST_PAINT_PROBE, str(county_home)],
                         capture_output=True, text=True, timeout=60,
                         env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["False", "55"]


def test_read_only_folder_said_before_any_window(county_home: Path, dialogs,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    import tempfile

    def refuse(*_a: object, **_k: object) -> object:
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(tempfile, "TemporaryFile", refuse)
    assert ui_app.run(args(county_home)) == 1
    assert QApplication.instance().property("rectdesk_window") is None
    kind, text = dialogs.shown[0]
    assert kind == "error" and "不可写入" in text
