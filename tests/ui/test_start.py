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
    monkeypatch.setattr(ui_app.FirstRunDialog, "exec", lambda self: 0)
    assert ui_app.run(args(tmp_path / "empty")) == 1


def test_first_run_creates_county_desk(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                       qtbot: QtBot) -> None:
    def accept(dialog: ui_app.FirstRunDialog) -> int:
        dialog.unit.setCurrentIndex(2)
        shot(dialog, "first-run")
        return 1
    monkeypatch.setattr(ui_app.FirstRunDialog, "exec", accept)

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
