"""A second start on the same data folder brings the running window to the front
and exits 0; only when nobody answers does it explain (today's refusal)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMainWindow
from pytestqt.qtbot import QtBot

from desktop import paths
from desktop.services import desk_peek
from desktop.ui import app as ui_app
from desktop.ui import single

pytestmark = pytest.mark.qt
ROOT = Path(__file__).resolve().parents[2]


def _start(home: Path) -> subprocess.Popen[str]:
    """`rectdesk --home HOME` in another process, headless."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "RECTDESK_HOME": str(home)}
    return subprocess.Popen([sys.executable, "-m", "desktop", "--home", str(home)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def test_names_follow_the_folder(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    assert single.server_name(a) == single.server_name(a)
    assert single.server_name(a) != single.server_name(b)
    assert len(single.server_name(a)) < 40


def test_second_start_raises_the_running_window(county_home: Path, qtbot: QtBot,
                                                dialogs) -> None:
    lock = desk_peek.take_lock(paths.DeskPaths(county_home))  # "the running program"
    window = QMainWindow()
    qtbot.addWidget(window)
    window.showMinimized()
    app = QApplication.instance()
    app.setProperty("rectdesk_window", window)
    listener = ui_app.start_listener(county_home)
    try:
        second = _start(county_home)
        with qtbot.waitSignal(listener.raised, timeout=20_000):
            pass  # the event loop runs here, so the listener can answer
        qtbot.waitUntil(lambda: second.poll() is not None, timeout=20_000)
        _out, err = second.communicate()
        assert second.returncode == 0, err
        assert err == ""
        assert not window.isMinimized() and window.isVisible()
    finally:
        listener.close()
        app.setProperty("rectdesk_window", None)
        lock.release()


def test_nobody_answering_still_explains(county_home: Path, qtbot: QtBot, dialogs) -> None:
    lock = desk_peek.take_lock(paths.DeskPaths(county_home))  # locked, but no listener
    try:
        assert not single.ask_running(county_home, timeout_ms=200)
        code = ui_app.run(__import__("types").SimpleNamespace(
            home=str(county_home), today=None, demo=False))
    finally:
        lock.release()
    assert code == ui_app.EXIT_REJECTED
    assert dialogs.shown and "已在使用这个数据文件夹" in dialogs.shown[0][1]
