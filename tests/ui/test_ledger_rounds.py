"""The window's ledger view with two inspection rounds: a 督察轮次 column beside the
number and a round selector, neither shown when the ledger holds one round."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from desktop.services.desk import DeskContext, open_desk
from desktop.ui.desk import Desk
from desktop.ui.ledger_model import COLUMNS
from desktop.ui.ledger_view import LedgerView
from tests.plan import two_rounds
from tests.plan.two_rounds import CENTRAL, PROVINCIAL
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt

CENTRAL_TITLE = f"{CENTRAL}（中央督察）"
PROVINCIAL_TITLE = f"{PROVINCIAL}（省级督察）"


def test_ledger_view_round_column_and_selector(tmp_path_factory: pytest.TempPathFactory,
                                               tmp_path: Path, county_demo: DeskContext,
                                               qtbot: QtBot) -> None:
    _city, county, ids = two_rounds.copy(tmp_path_factory.mktemp("two-rounds"),
                                         tmp_path / "two-rounds")
    ctx = open_desk(county, lock=True)
    desk = Desk(ctx)
    try:
        view = LedgerView(desk)
        qtbot.addWidget(view)
        view.reload()
        round_col = COLUMNS.index("round")
        assert not view.table.isColumnHidden(round_col)
        assert view.table.horizontalHeader().visualIndex(round_col) == 1  # beside the number
        assert view.round_box.isVisibleTo(view)
        assert [view.round_box.itemText(i) for i in range(view.round_box.count())] == [
            "全部督察轮次", CENTRAL_TITLE, PROVINCIAL_TITLE]
        assert [view.proxy.index(r, round_col).data() for r in range(view.proxy.rowCount())] \
            == [CENTRAL_TITLE, CENTRAL_TITLE, PROVINCIAL_TITLE]
        shot(view, "ledger-two-rounds-all", QSize(1100, 300))
        view.round_box.setCurrentIndex(view.round_box.findData(ids["provincial"]))
        assert view.proxy.rowCount() == 1
        assert view.proxy.index(0, COLUMNS.index("title")).data() == "省级一号河道清理"
        shot(view, "ledger-two-rounds", QSize(1100, 300))
        view.clear_filters()
        assert view.proxy.rowCount() == 3
    finally:
        desk.undo.clear()
        desk.deleteLater()
        ctx.close()
    # One round: neither the selector nor the column.
    single = LedgerView(Desk(county_demo))
    qtbot.addWidget(single)
    single.reload()
    assert not single.round_box.isVisibleTo(single)
    assert single.table.isColumnHidden(COLUMNS.index("round"))
    assert single.proxy.rowCount() == 55
