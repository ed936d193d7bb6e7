"""The city's plan grid: tasks down, units across, lights in the cells; a unit a task
does not apply to has an empty cell; double-click opens the copy."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.domain.plan import Deadline
from desktop.services.catalogue import CatalogueTask
from desktop.services.desk import init_desk
from desktop.ui.desk import Desk
from desktop.ui.plan_view import PlanView
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


def test_plan_grid(tmp_path: Path, qtbot: QtBot) -> None:
    ctx = init_desk(tmp_path / "city", "city", "130600", "保定市整改办")
    units = [("130602", "保定市竞秀区"), ("130606", "保定市莲池区"), ("130607", "保定市满城区")]
    for code, name in units:
        ctx.ledger.add_unit(code=code, name=name, kind="county")
    rid = ctx.ledger.add_round(name="第二轮", kind="provincial",
                               feedback_date=date(2020, 3, 5)).value.uuid
    with ctx.ledger.batch():
        for n, (deadline, applies) in enumerate(
                ((date(2020, 12, 31), ("130602", "130606", "130607")),
                 (date(2027, 6, 30), ("130602",)), (None, ("130606", "130607"))), start=1):
            ctx.ledger.save_catalogue_task(rid, CatalogueTask(
                n, f"第{n}项任务", f"第{n}项问题。", "目标", "措施", "", applies, "",
                Deadline(deadline, deadline is None), "", applies))
    desk = Desk(ctx)
    view = PlanView(desk)
    qtbot.addWidget(view)
    view.reload()
    t = view.table
    assert (t.rowCount(), t.columnCount()) == (3, 6)
    assert t.item(0, 2).text() == "3/0/0"  # task 1 red at all three units
    assert t.item(1, 4) is None and t.item(1, 5) is None  # task 2 applies to 竞秀区 only
    assert t.horizontalHeaderItem(3).text() == "保定市竞秀区"
    shot(view, "plan-grid", view.size().expandedTo(view.minimumSizeHint()))
    with qtbot.waitSignal(view.open_task) as opened:
        view._open(1, 3)
    assert opened.args and len(opened.args[0]) == 36
    desk.deleteLater()
    ctx.close()
