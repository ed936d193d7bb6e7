"""Pieces of issue 14 in the window: 帮助 → 关于, the unexpected-error dialog and the
log behind it, Qt's messages in the log, a packet file given on the command line,
the hidden quit-after-first-frame option, and a data folder on a network share."""

from __future__ import annotations

import shutil
import types
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, qInfo, qInstallMessageHandler
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from desktop import __version__, cli, logs, netshare
from desktop.i18n import Msg, UserError
from desktop.ui import app as ui_app
from desktop.ui import messages
from desktop.ui.about import AboutDialog, libraries
from desktop.ui.desk import Desk
from desktop.ui.mainwindow import MainWindow
from desktop.ui.packets.import_dialog import ImportDialog
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


@pytest.fixture
def logged(tmp_path: Path):  # type: ignore[no-untyped-def]
    path = logs.install(tmp_path / "data")
    yield path
    logs.uninstall()


def test_about_dialog(desk: Desk, qtbot: QtBot) -> None:
    w = MainWindow(desk)
    qtbot.addWidget(w)
    titles = [a.text() for a in w.menuBar().actions()]
    assert "帮助(&H)" in titles
    dialog = w.open_about()
    assert isinstance(dialog, AboutDialog)
    text = dialog.head.text()
    assert __version__ in text and str(desk.ctx.paths.home) in text
    assert "LGPL 3.0" in text and "Apache License 2.0" in text and "文泉驿" in text
    names = [dialog.table.item(r, 0).text().lower() for r in range(dialog.table.rowCount())]
    assert {"sqlalchemy", "reportlab", "openpyxl", "pyside6_essentials"} & set(
        n.replace("-", "_") for n in names)
    shot(dialog, "about", QSize(720, 640))
    dialog.close()


def test_libraries_name_their_licences() -> None:
    libs = {name.lower(): lic for name, _v, lic in libraries()}
    assert "mit" in libs["sqlalchemy"].lower()
    assert "lgpl" in libs.get("pyside6_essentials", libs.get("pyside6-essentials", "")).lower()


def test_unexpected_error_is_logged_and_shown_with_copy(logged: Path, qtbot: QtBot) -> None:
    try:
        {}["missing"]  # a bug, not a refusal
    except KeyError as e:
        box = messages.error_box(None, e)
    qtbot.addWidget(box)
    assert "意外错误" in box.text() and str(logged) in box.text()
    copy = next(b for b in box.buttons() if b.text() == "复制详细信息")
    copy.click()
    copied = QApplication.clipboard().text()
    assert "Traceback" in copied and "KeyError" in copied and str(logged) in copied
    assert "Traceback" in logged.read_text(encoding="utf-8")
    shot(box, "unexpected-error")


def test_refusal_is_not_called_unexpected(logged: Path, qtbot: QtBot) -> None:
    box = messages.error_box(None, UserError(Msg("任务编号已存在。", "exists")))
    qtbot.addWidget(box)
    assert box.text() == "任务编号已存在。"
    assert [b.text() for b in box.buttons()] == ["OK"] or len(box.buttons()) == 1


def test_error_raised_in_a_slot_reaches_log_and_dialog(
        logged: Path, dialogs, monkeypatch: pytest.MonkeyPatch) -> None:
    # What PySide does with an error raised in a slot: sys.excepthook, which in the
    # window is the dialog hook wrapped around the logging hook.
    monkeypatch.setattr(logs, "_previous_excepthook", lambda *a: None)
    hook = ui_app.error_dialog_hook(logs._excepthook)
    try:
        raise RuntimeError("boom in a slot")
    except RuntimeError as e:
        hook(type(e), e, e.__traceback__)
    assert dialogs.shown == [("error", "boom in a slot")]
    text = logged.read_text(encoding="utf-8")
    assert "uncaught error" in text and "RuntimeError: boom in a slot" in text


def test_qt_messages_go_to_the_log(logged: Path) -> None:
    ui_app.qt_message.previous = qInstallMessageHandler(ui_app.qt_message)
    try:
        qInfo("a message from Qt")
    finally:
        qInstallMessageHandler(ui_app.qt_message.previous)
        ui_app.qt_message.previous = None
    assert "a message from Qt" in logged.read_text(encoding="utf-8")


def test_packet_path_on_the_command_line_opens_the_import_preview(
        desk: Desk, qtbot: QtBot, tmp_path: Path) -> None:
    args = cli.parse(["--home", "x", str(tmp_path / "130602-2026-10.rdpkt")])
    assert args.handler is None and args.packet == tmp_path / "130602-2026-10.rdpkt"
    assert cli.parse(["--home", "x"]).packet is None
    w = MainWindow(desk)
    qtbot.addWidget(w)
    w.packet_to_open = args.packet
    loaded: list[list[Path]] = []
    original = ImportDialog.load
    ImportDialog.load = lambda self, files: loaded.append(files)  # type: ignore[method-assign]
    try:
        ui_app.desk_opened(w)
        qtbot.waitUntil(lambda: bool(loaded), timeout=5000)
    finally:
        ImportDialog.load = original  # type: ignore[method-assign]
    assert loaded == [[args.packet]]
    assert isinstance(w.packet_dialog, ImportDialog) and w.packet_dialog.isVisible()
    w.packet_dialog.close()


def test_quit_after_first_frame(county_home: Path, qtbot: QtBot,
                                capsys: pytest.CaptureFixture[str]) -> None:
    args = types.SimpleNamespace(home=str(county_home), today=None, demo=False,
                                 quit_after_first_frame=True)
    assert ui_app.run(args) == 0
    assert capsys.readouterr().out.split() == ["painted", "opened"]


def test_window_refuses_a_folder_on_a_share(county_home: Path, tmp_path: Path, dialogs,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    desk_dir = (tmp_path / "share" / "desk").resolve()
    shutil.copytree(county_home, desk_dir)
    fake = tmp_path / "mountinfo"
    fake.write_text(f"1 0 8:1 / / rw - ext4 /dev/sda1 rw\n"
                    f"2 1 0:9 / {desk_dir.parent} rw - nfs4 server:/x rw\n", encoding="utf-8")
    monkeypatch.setattr(netshare, "MOUNTINFO", fake)
    monkeypatch.setattr(netshare.sys, "platform", "linux")
    args = types.SimpleNamespace(home=str(desk_dir), today=None, demo=False)
    assert ui_app.run(args) == 1
    kind, text = dialogs.shown[0]
    assert kind == "error" and "网络共享" in text and "本机磁盘" in text


def test_about_dialog_in_english(english: None, desk: Desk, qtbot: QtBot) -> None:
    """Every label of 关于 is translated: no Chinese left but the font's own name."""
    import re

    w = MainWindow(desk)
    qtbot.addWidget(w)
    dialog = w.open_about()
    texts = [dialog.windowTitle(), dialog.head.text()]
    texts += [dialog.table.horizontalHeaderItem(c).text() for c in range(3)]
    texts += [label.text() for label in dialog.findChildren(QLabel)]
    cjk = [t for t in texts if re.search(r"[\u4e00-\u9fff]", t)]
    assert not cjk, cjk
    shot(dialog, "about", QSize(720, 640))
    dialog.close()
