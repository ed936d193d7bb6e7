"""Files on the PC, in the window: evidence is handed to the system's viewer only as
a recognised document or picture under a safe name; a backup of another desk is
restored only after a confirmation naming the change; a foreign file at the ledger's
path stops the window's start untouched."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path
from typing import Any, ClassVar

import pytest
from pytestqt.qtbot import QtBot

from desktop.i18n import UserError
from desktop.services import backups, evidence
from desktop.services.demo import png_bytes
from desktop.services.desk import init_desk
from desktop.ui import app as ui_app
from desktop.ui import evidence_tab, messages
from desktop.ui.desk import Desk
from desktop.ui.evidence_tab import UUID_ROLE, EvidenceTab
from desktop.ui.settings_dialog import SettingsDialog
from tests.ui.conftest import Dialogs, shot

pytestmark = pytest.mark.qt

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


class Opener:
    """Stands in for QDesktopServices: records what the system would have opened."""

    opened: ClassVar[list[Path]] = []

    @staticmethod
    def openUrl(url: Any) -> bool:
        Opener.opened.append(Path(url.toLocalFile()))
        return True


@pytest.fixture
def opener(monkeypatch: pytest.MonkeyPatch) -> type[Opener]:
    Opener.opened = []
    monkeypatch.setattr(evidence_tab, "QDesktopServices", Opener)
    return Opener


def _task(desk: Desk) -> str:
    from desktop.services.ledger import task_rows

    rows = desk.fetch(lambda s: task_rows(s, desk.today, desk.ctx.settings))
    return next(r.uuid for r in rows if r.number == 1)


@pytest.fixture
def tab(desk: Desk, qtbot: QtBot) -> EvidenceTab:
    task = _task(desk)
    with desk.ctx.store.write() as s:
        for name, data in (("payload.bat", b"@echo off\r\ndel /q *.*\r\n"),
                           ("invoice\u202efdp.exe", EXE),
                           ("report.pdf", EXE + b"pretends to be a PDF"),
                           ("photo.exe", png_bytes("site"))):
            evidence.add_bytes(s, desk.ctx.paths, desk.ctx.code, name, data, task_uuid=task)
    t = EvidenceTab(desk, task)
    qtbot.addWidget(t)
    return t


def _select(tab: EvidenceTab, name: str) -> dict[str, Any]:
    for i in range(tab.list.count()):
        item = tab.list.item(i)
        row = tab.rows[item.data(UUID_ROLE)]
        if row["name"] == name:
            tab.list.setCurrentItem(item)
            return row
    raise AssertionError(name)


def test_recognised_types_open_under_a_safe_name(tab: EvidenceTab, opener: type[Opener],
                                                 dialogs: Dialogs) -> None:
    row = _select(tab, "photo.exe")
    tab.open_external()
    row_bat = _select(tab, "payload.bat")
    tab.open_external()
    assert [p.name for p in opener.opened] == [row["sha256"][:16] + ".png",
                                               row_bat["sha256"][:16] + ".txt"]
    assert opener.opened[0].read_bytes() == png_bytes("site")
    assert dialogs.shown == []


@pytest.mark.parametrize("name", ["invoice\u202efdp.exe", "report.pdf"])
def test_anything_else_is_only_offered_as_save_as(
    tab: EvidenceTab, opener: type[Opener], dialogs: Dialogs, name: str,
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    _select(tab, name)
    dialogs.answer = False
    tab.open_external()
    assert opener.opened == []
    assert dialogs.shown[-1][0] == "confirm" and "不能直接打开" in dialogs.shown[-1][1]
    assert "\u202e" not in dialogs.shown[-1][1]

    suggested: list[str] = []
    target = tmp_path / "saved.bin"
    monkeypatch.setattr(messages, "save_file",
                        lambda _p, _t, start="", filters="": suggested.append(start) or target)
    dialogs.answer = True
    tab.open_external()
    assert opener.opened == []
    assert target.read_bytes().startswith(b"MZ")
    assert suggested and "\u202e" not in suggested[0]
    shot(tab, "evidence-save-as")


def test_restore_of_another_desks_backup_names_the_change(
    desk: Desk, dialogs: Dialogs, qtbot: QtBot, tmp_path: Path
) -> None:
    with init_desk(tmp_path / "city", "city", "130600", "保定市整改办") as city:
        made = backups.make_backup(city)
    foreign = desk.ctx.paths.backups / "ledger-20990101-000000.sqlite3"
    foreign.parent.mkdir(exist_ok=True)
    foreign.write_bytes(made.read_bytes())
    dialog = SettingsDialog(desk)
    qtbot.addWidget(dialog)
    dialog.list_backups()
    dialog.backup_list.setCurrentRow(0)
    from PySide6.QtCore import Qt

    assert dialog.backup_list.currentItem().data(Qt.ItemDataRole.UserRole) == foreign.name
    before = desk.ctx.paths.database.read_bytes()
    dialogs.answer = False
    assert dialog.restore_selected() is None
    kind, text = dialogs.shown[-1]
    assert kind == "confirm" and "属于另一个台账" in text
    assert "130602" in text and "130600 保定市整改办（市级）" in text
    assert desk.ctx.paths.database.read_bytes() == before

    dialogs.answer = True
    op = dialog.restore_selected()
    assert op is not None
    with qtbot.waitSignal(op.finished, timeout=10_000) as blocker:
        pass
    assert blocker.args[0] is True, dialogs.shown
    conn = sqlite3.connect(desk.ctx.paths.database)
    assert conn.execute("SELECT code, role FROM desk").fetchone() == ("130600", "city")
    conn.close()


def test_window_start_refuses_a_foreign_file_untouched(tmp_path: Path) -> None:
    home = tmp_path / "desk"
    home.mkdir()
    db = home / "ledger.sqlite3"
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE x (a)")
    conn.commit()
    conn.close()
    before = db.read_bytes()
    with pytest.raises(UserError, match="不是整改台账的数据文件"):
        ui_app.open_window_desk(home, argparse.Namespace())
    assert db.read_bytes() == before
    db.write_bytes(b"")
    with pytest.raises(UserError, match="不是整改台账的数据文件"):
        ui_app.open_window_desk(home, argparse.Namespace())
    assert db.read_bytes() == b""
