from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from pytestqt.qtbot import QtBot

from desktop.services.petitions import MASK
from desktop.ui.petitions_view import PetitionsView
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


@pytest.fixture
def view(desk, qtbot: QtBot) -> PetitionsView:
    v = PetitionsView(desk)
    qtbot.addWidget(v)
    v.reload()
    return v


def test_model_and_private_details_hidden(view: PetitionsView, qtmodeltester) -> None:
    qtmodeltester.check(view.model)
    assert view.model.rowCount() == 3
    assert view.model.columnCount() == 8  # no complainant columns
    assert all(r.complainant_name in ("", MASK) for r in view.model.rows)
    assert view.editors["complainant_name"].isHidden()
    shot(view, "petitions", QSize(1000, 560))
    view.show_private.setChecked(True)
    assert view.model.columnCount() == 10
    assert any(r.complainant_name not in ("", MASK) for r in view.model.rows)
    assert not view.editors["complainant_name"].isHidden()
    qtmodeltester.check(view.model)


def test_edit_substantiation_undo_redo(view: PetitionsView, desk, qtbot: QtBot) -> None:
    view.table.selectRow(0)
    case = view.current.case_no
    box = view.editors["substantiated"]
    box.setCurrentIndex(box.findData("部分属实"))
    view.save()
    qtbot.wait(5)
    row = next(r for r in view.model.rows if r.case_no == case)
    assert row.substantiated == "部分属实"
    desk.undo.undo()
    qtbot.wait(5)
    row = next(r for r in view.model.rows if r.case_no == case)
    assert row.substantiated != "部分属实"
    desk.undo.redo()
    qtbot.wait(5)
    assert next(r for r in view.model.rows if r.case_no == case).substantiated == "部分属实"


def test_register_with_validation_link_and_revisit(view: PetitionsView, desk,
                                                    qtbot: QtBot) -> None:
    view.new_petition()
    view.save()
    assert "不能为空" in view.errors["case_no"].text()
    view.editors["case_no"].setText("BD-2026-101")
    view.editors["received_date"].setText("2026年13月1日")
    assert "不是有效日期" in view.errors["received_date"].text()
    shot(view, "petitions-validation")
    view.editors["received_date"].setText("2026年11月1日")
    view.editors["content"].setPlainText("河道有人倾倒建筑垃圾。")
    view.editors["tasks"].setText("99")
    view.save()
    assert "没有编号为 99 的任务" in view.errors["tasks"].text()
    view.editors["tasks"].setText("23、24")
    view.save()
    qtbot.wait(5)
    new = next(r for r in view.model.rows if r.case_no == "BD-2026-101")
    assert new.task_numbers == [23, 24]
    view.table.selectRow(view.model.rows.index(new))
    view.revisit_date.setText("2027-05-01")
    view.add_revisit()
    qtbot.wait(5)
    assert "2027-05-01" in view.revisits.text()
    # The revisit's result: the problem is back, so the case goes back to handling.
    view.table.selectRow(view.model.rows.index(new))
    assert view.revisit_due.count() == 1
    view.revisit_findings.setText("夜间仍有倾倒")
    view.revisit_rebound.setChecked(True)
    view.record_revisit()
    qtbot.wait(5)
    assert "已完成（反弹）：夜间仍有倾倒" in view.revisits.text()
    assert view.revisit_due.count() == 0
    from db.models import Petition

    assert desk.fetch(lambda s: s.get(Petition, new.uuid).rectification_status) == "in_progress"


def test_petitions_in_english(desk, qtbot: QtBot, english) -> None:
    v = PetitionsView(desk)
    qtbot.addWidget(v)
    v.reload()
    assert v.show_private.text() == "Show complainant details"
    shot(v, "petitions", QSize(1000, 560))
