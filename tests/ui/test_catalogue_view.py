"""The city's catalogue view: the plan's workbook imported from the window (preview,
then all rows through the door), one row per numbered task with its units."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.services.desk import init_desk
from desktop.ui.catalogue_view import CatalogueView
from desktop.ui.desk import Desk
from tests.plan.test_catalogue_cli import ROWS
from tests.plan.workbooks import published
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


def test_catalogue_view_imports_the_plan(tmp_path: Path, qtbot: QtBot, dialogs) -> None:
    ctx = init_desk(tmp_path / "city", "city", "130600", "保定市整改办")
    for code, name, kind in (("130602", "保定市竞秀区", "county"),
                             ("130606", "保定市莲池区", "county"),
                             ("130671", "保定市生态环境局", "department")):
        ctx.ledger.add_unit(code=code, name=name, kind=kind)
    ctx.ledger.add_round(name="第二轮省级督察", kind="provincial", feedback_date=date(2020, 3, 5),
                         plan_issued=date(2020, 4, 22))
    desk = Desk(ctx)
    view = CatalogueView(desk)
    qtbot.addWidget(view)
    view.reload()
    assert view.table.rowCount() == 0 and view.import_button.isEnabled()
    bad = [list(r) for r in ROWS]
    bad[1][6] = "满城区"
    assert not view.import_path(published(tmp_path / "bad.xlsx", bad), confirm=False)
    assert "满城区" in dialogs.shown[-1][1] and view.table.rowCount() == 0
    assert view.import_path(published(tmp_path / "plan.xlsx", ROWS), confirm=False)
    view.reload()
    t = view.table
    assert t.rowCount() == 4
    assert [t.item(0, c).text() for c in (0, 4, 6, 7)] == [
        "1", "保定市竞秀区、保定市莲池区", "2020年底前", "2"]
    shot(view, "catalogue-view", view.size().expandedTo(view.minimumSizeHint()) * 1.4)
    desk.deleteLater()
    ctx.close()
