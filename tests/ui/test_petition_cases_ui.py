"""The petitions view's case panel: the handling unit records reply, follow-up, 举一反三
and evidence and closes the case; an overdue case is red; the city hands a case over."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSize, Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from db.models import Petition
from desktop.ui.desk import Desk
from desktop.ui.petitions_view import PetitionsView
from desktop.ui.style import LIGHT_COLOURS
from tests.packets.conftest import (  # noqa: F401 - fixtures used by name
    CITY,
    Desks,
    _fast_keys,
    desk_templates,
    desks,
)
from tests.ui.conftest import Dialogs, shot

pytestmark = pytest.mark.qt


@pytest.fixture
def city_desk(desks: Desks) -> Iterator[Desk]:  # noqa: F811
    ctx = desks.open(CITY)
    d = Desk(ctx)
    yield d
    d.undo.clear()
    d.deleteLater()
    ctx.close()


def test_county_handles_a_case_in_the_window(desk: Desk, qtbot: QtBot, dialogs: Dialogs,
                                             tmp_path: Path) -> None:
    view = PetitionsView(desk)
    qtbot.addWidget(view)
    view.reload()
    rows = view.model.rows
    late = next(i for i, r in enumerate(rows) if r.overdue)
    index = view.model.index(late, 0)
    assert view.model.data(index, Qt.ItemDataRole.ForegroundRole) == LIGHT_COLOURS["red"]
    assert "已超期" in view.model.data(index, Qt.ItemDataRole.ToolTipRole)
    view.table.selectRow(late)
    panel = view.case_panel
    assert panel.isVisibleTo(view) and "已超期未办结" in panel.state.text()
    uuid = rows[late].uuid
    shot(view, "petition-case-overdue", QSize(1100, 900))

    # 举一反三 with more fixed than found is refused, naming why; nothing written.
    panel.similar_found.setValue(1)
    panel.similar_fixed.setValue(2)
    panel.save()
    assert "举一反三整改数不能多于发现数" in panel.error.text()
    panel.similar_fixed.setValue(1)
    panel.similar_note.setText("排查同类点位5处，发现1处并整改。")
    panel.reply.setPlainText("已当面答复举报人。")
    panel.satisfaction.setCurrentIndex(panel.satisfaction.findData("满意"))
    panel.save()
    assert panel.error.text() == ""
    photo = tmp_path / "现场.png"
    photo.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 32)
    dialogs.files = [photo]
    panel.add_evidence()
    view.editors["substantiated"].setCurrentIndex(view.editors["substantiated"].findData("属实"))
    view.editors["result"].setPlainText("已责令整改到位。")
    view.save()
    panel.close_case()
    assert panel.error.text() == "", panel.error.text()
    got = desk.fetch(lambda s: (lambda p: (p.closed_on, p.rectification_status, p.satisfaction,
                                           p.similar_found, p.similar_fixed, p.replied_on))(
        s.get(Petition, uuid)))
    assert got == (desk.today, "done", "满意", 1, 1, desk.today)
    view.reload()
    assert panel.evidence.count() == 1 and "现场.png" in panel.evidence.item(0).text()
    assert not view.model.rows[late].overdue
    shot(view, "petition-case", QSize(1100, 900))


def test_city_hands_over_in_the_window(city_desk: Desk, qtbot: QtBot) -> None:
    desk = city_desk
    desk.ledger.register_petition({"case_no": "市信2026-960", "content": "河道垃圾。"})
    case = desk.fetch(lambda s: s.scalars(select(Petition.uuid).where(
        Petition.case_no == "市信2026-960")).one())
    view = PetitionsView(desk)
    qtbot.addWidget(view)
    view.reload()
    row = next(i for i, r in enumerate(view.model.rows) if r.uuid == case)
    view.table.selectRow(row)
    panel = view.case_panel
    assert panel.handover_row.isVisibleTo(view) and "尚未交办" in panel.state.text()
    panel.unit.setCurrentIndex(panel.unit.findData("130602"))
    panel.due.setText("2020-01-01")
    panel.handover()
    assert "早于今天" in panel.error.text()
    panel.due.setText("2026-12-31")
    panel.handover()
    assert panel.error.text() == ""
    got = desk.fetch(lambda s: (lambda p: (p.unit_code, p.due_date))(s.get(Petition, case)))
    assert got == ("130602", date(2026, 12, 31))
    shot(view, "petition-handover", QSize(1100, 900))
