"""At the county, after the city's packet took it out of a task it had worked on, the
ledger table shows the kept copy greyed as 不再适用 with the reason; it is not in the
counts by light, no light or status filter picks it, and the count says it apart."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QSize, Qt
from pytestqt.qtbot import QtBot

from desktop.ui.desk import Desk
from desktop.ui.ledger_model import COLUMNS
from desktop.ui.ledger_view import LedgerView
from desktop.ui.style import LIGHT_COLOURS
from tests.packets.conftest import (  # noqa: F401 - fixtures used by name
    CITY,
    COUNTY_A,
    Desks,
    _fast_keys,
    desk_templates,
    desks,
)
from tests.packets.test_withdrawn_at_county import NUMBER, Withdrawn, take_out
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


@pytest.fixture
def withdrawn(desks: Desks) -> Iterator[Withdrawn]:  # noqa: F811
    city, county = desks.open(CITY), desks.open(COUNTY_A)
    try:
        yield take_out(city, county, desks.tmp / "usb")
    finally:
        county.close()
        city.close()


def _row_of(view: LedgerView, uuid: str) -> int:
    return next(r for r in range(view.proxy.rowCount()) if view.proxy.row_uuid(r) == uuid)


def test_the_county_ledger_shows_its_withdrawn_copy(withdrawn: Withdrawn, qtbot: QtBot) -> None:
    desk = Desk(withdrawn.county)
    view = LedgerView(desk)
    qtbot.addWidget(view)
    counts: list[dict[str, int]] = []
    view.counts_changed.connect(counts.append)
    view.reload()
    total = view.proxy.rowCount()
    row = _row_of(view, withdrawn.task_uuid)

    def cell(column: str, role: Qt.ItemDataRole = Qt.ItemDataRole.DisplayRole) -> object:
        return view.proxy.index(row, COLUMNS.index(column)).data(role)

    assert cell("number") == str(NUMBER)
    assert cell("status") == "不再适用"
    assert cell("light") == "" and cell("days_left") == ""
    assert cell("light", Qt.ItemDataRole.DecorationRole) is None  # no lamp, never red
    assert withdrawn.reason in str(cell("title", Qt.ItemDataRole.ToolTipRole))
    assert withdrawn.reason in str(cell("status", Qt.ItemDataRole.ToolTipRole))
    assert cell("title", Qt.ItemDataRole.ForegroundRole) == LIGHT_COLOURS["none"]  # greyed
    # Not counted: the counts by light and the line under the table leave it out.
    assert sum(counts[-1].values()) == total - 1
    assert view.shown.text() == f"显示 {total - 1} / {total - 1} 项任务；另有 1 项不再适用（灰色）"
    # No light or status filter picks it (it has neither).
    for light in ("red", "yellow", "green", "none"):
        view.set_light(light)
        assert withdrawn.task_uuid not in {view.proxy.row_uuid(r)
                                           for r in range(view.proxy.rowCount())}
    view.clear_filters()
    for i in range(1, view.status_box.count()):
        view.status_box.setCurrentIndex(i)
        assert withdrawn.task_uuid not in {view.proxy.row_uuid(r)
                                           for r in range(view.proxy.rowCount())}
    view.clear_filters()
    # Sorted by status or light, it comes after every task that applies.
    for column in ("status", "light"):
        view.table.sortByColumn(COLUMNS.index(column), Qt.SortOrder.AscendingOrder)
        assert view.proxy.row_uuid(view.proxy.rowCount() - 1) == withdrawn.task_uuid
    view.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    view.table.clearSelection()  # the grey shows unselected
    shot(view, "ledger-withdrawn-copy", QSize(1200, 420))
    desk.undo.clear()
    desk.deleteLater()


def test_in_english(withdrawn: Withdrawn, qtbot: QtBot, english: None) -> None:
    desk = Desk(withdrawn.county)
    view = LedgerView(desk)
    qtbot.addWidget(view)
    view.reload()
    row = _row_of(view, withdrawn.task_uuid)
    assert view.proxy.index(row, COLUMNS.index("status")).data() == "No longer applies"
    assert "1 no longer applies" in view.shown.text()
    desk.undo.clear()
    desk.deleteLater()
