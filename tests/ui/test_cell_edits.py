"""Every editable cell of every record table, edited as a clerk edits it: select the
cell, F2, type, Enter (a tick box: Space).  A valid value is saved (read back from
the database); a wrong one is explained beside the table and on the cell, and the
database keeps what it had.  No edit snaps back in silence."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from desktop.services.taskdetail import child_rows
from desktop.ui import commands
from desktop.ui.columns import SPECS
from desktop.ui.desk import Desk
from desktop.ui.record_table import RecordTable
from desktop.ui.task_dialog import TaskDialog
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt

# A value each kind of cell accepts, and what the database then holds.
VALID: dict[str, tuple[str, Any]] = {
    "text": ("新填写的内容", "新填写的内容"),
    "long": ("第一行\n第二行", "第一行\n第二行"),
    "date": ("2027年3月1日", date(2027, 3, 1)),
    "number": ("42.5", 42.5),
    "percent": ("55", 55.0),
}
# A value each kind refuses (free text has no wrong value unless it is required).
INVALID = {"date": "2026-02-30", "number": "很多", "percent": "120"}


def _task_with_own(desk: Desk, kind: str) -> str:
    """A task holding a record of ``kind`` this desk owns (added if there is none)."""
    from desktop.services.ledger import task_rows

    rows = desk.fetch(lambda s: task_rows(s, desk.today, desk.ctx.settings))
    for r in rows:
        own = [c for c in desk.fetch(lambda s, u=r.uuid: child_rows(s, kind, u))
               if _editable(c, desk)]
        if own:
            return r.uuid
    task = rows[0].uuid
    values = {"extension": {"requested_on": desk.today, "new_deadline": date(2028, 6, 30),
                            "reason": "施工季节"},
              "revisit": {"due_date": date(2027, 6, 1)}}[kind]
    desk.push(commands.add_child(desk, kind, task, values, "test"))
    return task


def _editable(row: dict[str, Any], desk: Desk) -> bool:
    """The desk's own row, and not an extension the city has decided (that stands)."""
    return row["owner"] == desk.code and not row.get("decided_on")


def _own_row(table: RecordTable, desk: Desk) -> int:
    return next(i for i, r in enumerate(table.model.rows) if _editable(r, desk))


def _stored(desk: Desk, table: RecordTable, uuid: str) -> dict[str, Any]:
    rows = desk.fetch(lambda s: child_rows(s, table.kind, table.task_uuid))
    return next(r for r in rows if r["uuid"] == uuid)


def _type_into(qtbot: QtBot, table: RecordTable, row: int, col: int, text: str) -> None:
    """F2 on the cell, select what is there, type, Enter: as a clerk does."""
    view = table.view
    index = table.model.index(row, col)
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_F2)
    editor = view.indexWidget(index)
    assert isinstance(editor, QLineEdit), f"no editor for {table.kind}/{col}"
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    if text:
        # Key clicks for what a keyboard types; Chinese comes from the input method
        # (QTest has no keys for it) and a line break from a paste: both insert text.
        if not text.isascii() or "\n" in text:
            editor.insert(text)
        else:
            qtbot.keyClicks(editor, text)
    else:
        qtbot.keyClick(editor, Qt.Key.Key_Delete)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    QApplication.processEvents()


@pytest.mark.parametrize("kind", list(SPECS))
def test_every_editable_cell_saves_or_says_why(kind: str, desk: Desk, qtbot: QtBot) -> None:
    task = _task_with_own(desk, kind)
    dialog = TaskDialog(desk, task)
    qtbot.addWidget(dialog)
    dialog.show()
    table = dialog.lists[kind]
    dialog.tabs.setCurrentWidget(table)
    qtbot.wait(5)
    row = _own_row(table, desk)
    uuid = table.model.uuid_at(row)
    edited = 0
    for col, column in enumerate(table.model.columns):
        flags = table.model.flags(table.model.index(row, col))
        if column.kind == "bool":
            if not flags & Qt.ItemFlag.ItemIsUserCheckable:
                continue
            before = _stored(desk, table, uuid)[column.field]
            table.view.setCurrentIndex(table.model.index(row, col))
            qtbot.keyClick(table.view, Qt.Key.Key_Space)
            qtbot.wait(5)
            assert _stored(desk, table, uuid)[column.field] is (not before), column.field
            edited += 1
            continue
        if not flags & Qt.ItemFlag.ItemIsEditable:
            continue
        edited += 1
        # A wrong value: explained under the table and on the cell, nothing stored.
        wrong = "" if column.required else INVALID.get(column.kind)
        if wrong is not None:
            before = _stored(desk, table, uuid)
            _type_into(qtbot, table, row, col, wrong)
            assert table.error.text(), f"{kind}.{column.field}: refused without a word"
            assert column.title() in table.error.text()
            assert table.model.index(row, col).data(Qt.ItemDataRole.ToolTipRole)
            assert table.model.index(row, col).data(Qt.ItemDataRole.BackgroundRole) is not None
            if kind == "effect" and column.field == "achieved":
                shot(table.window(), "task-cell-refused")
            assert _stored(desk, table, uuid) == before, f"{kind}.{column.field} changed"
        # A good value: saved, and the message goes away.
        text, stored = VALID[column.kind]
        if column.field == "new_deadline":
            text, stored = "2028年9月30日", date(2028, 9, 30)
        _type_into(qtbot, table, row, col, text)
        assert table.error.text() == "", f"{kind}.{column.field}: {table.error.text()}"
        assert _stored(desk, table, uuid)[column.field] == stored, f"{kind}.{column.field}"
        qtbot.wait(5)  # the deferred reload
        row = next(i for i, r in enumerate(table.model.rows) if r["uuid"] == uuid)
        assert not table.model.index(row, col).data(Qt.ItemDataRole.ToolTipRole) \
            or column.kind == "long"
    assert edited, f"{kind}: no editable column"


def test_percent_and_achieved_edit_in_place(desk: Desk, qtbot: QtBot) -> None:
    """The two edits the issue saw fail: 完成比例 in 月度进展, 实际值 in 效果清单."""
    task = _task_with_own(desk, "effect")
    dialog = TaskDialog(desk, task)
    qtbot.addWidget(dialog)
    for kind, field, text, stored in (("progress", "percent", "77", 77.0),
                                      ("effect", "achieved", "91.5", 91.5)):
        table = dialog.lists[kind]
        col = [c.field for c in table.model.columns].index(field)
        row = _own_row(table, desk)
        _type_into(qtbot, table, row, col, text)
        assert _stored(desk, table, table.model.uuid_at(row))[field] == stored
        qtbot.wait(5)
        assert table.model.index(row, col).data() == text
