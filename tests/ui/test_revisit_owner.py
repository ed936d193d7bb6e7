"""The task window and the petitions view offer to record results only of this desk's
revisits: another desk's revisit is listed but is that desk's to fill in."""

from __future__ import annotations

from datetime import date

from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Petition, Revisit, Task
from desktop.domain.status import Status
from desktop.ui.desk import Desk
from desktop.ui.petitions_view import PetitionsView
from desktop.ui.task_dialog import TaskDialog

CITY = "130600"


def _add(desk: Desk, owner: str, **on: str) -> str:
    def add(s):  # type: ignore[no-untyped-def]
        rv = Revisit(due_date=date(2027, 6, 30), owner=owner, **on)
        s.add(rv)
        s.flush()
        return rv.uuid

    return desk.ledger.run(add).value


def test_task_window_offers_only_own_revisits(desk: Desk, qtbot: QtBot) -> None:
    task = desk.fetch(lambda s: s.scalars(select(Task.uuid).where(
        Task.status == Status.CLOSED_OUT)).first())
    mine = _add(desk, desk.code, task_uuid=task)
    cities = _add(desk, CITY, task_uuid=task)
    d = TaskDialog(desk, task)
    qtbot.addWidget(d)
    offered = [d.closeout.revisit_due.itemData(i) for i in range(d.closeout.revisit_due.count())]
    assert mine in offered and cities not in offered


def test_petitions_view_offers_only_own_revisits(desk: Desk, qtbot: QtBot) -> None:
    pet = desk.fetch(lambda s: s.scalars(select(Petition.uuid).order_by(Petition.case_no)).first())
    cities = _add(desk, CITY, petition_uuid=pet)
    view = PetitionsView(desk)
    qtbot.addWidget(view)
    view.reload()
    view.table.selectRow(next(i for i, r in enumerate(view.model.rows) if r.uuid == pet))
    assert "2027-06-30" in view.revisits.text()  # listed…
    offered = [view.revisit_due.itemData(i) for i in range(view.revisit_due.count())]
    assert cities not in offered  # …but not offered
