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


def _city(tmp_path: Path) -> tuple[object, str]:
    ctx = init_desk(tmp_path / "city", "city", "130600", "保定市整改办")
    for code, name, kind in (("130602", "保定市竞秀区", "county"),
                             ("130606", "保定市莲池区", "county"),
                             ("130671", "保定市生态环境局", "department")):
        ctx.ledger.add_unit(code=code, name=name, kind=kind)
    rid = ctx.ledger.add_round(name="第二轮省级督察", kind="provincial",
                               feedback_date=date(2020, 3, 5)).value.uuid
    return ctx, rid


def _audit(desk: Desk) -> int:
    from sqlalchemy import func, select

    from db.models import AuditEntry

    return int(desk.fetch(lambda s: s.scalar(select(func.count()).select_from(AuditEntry))))


def test_catalogue_form_adds_edits_and_undoes(tmp_path: Path, qtbot: QtBot, dialogs) -> None:
    from PySide6.QtCore import Qt

    ctx, rid = _city(tmp_path)
    desk = Desk(ctx)
    view = CatalogueView(desk)
    qtbot.addWidget(view)
    view.reload()
    assert view.add_button.isEnabled()
    form = view._open(rid, None, show=False)
    qtbot.addWidget(form)
    # Wrong: said in the form, in Chinese; the form stays open and nothing is written.
    form.number.setText("1")
    form.deadline.setText("尽快")
    form.submit()
    shot(form, "catalogue-form-errors")
    assert "问题不能为空" in form.error.text() and "整改时限“尽快”无法识别" in form.error.text()
    assert form.result() == 0 and view.desk.fetch(
        lambda s: __import__("desktop.services.catalogue", fromlist=["x"]).entry_of(
            s, rid, 1)) is None
    form.feedback.setPlainText("部分河道垃圾清理不及时。")
    form.target.setPlainText("河道清洁")
    form.measures.setPlainText("清理垃圾\n建立巡查制度")
    form.lead.setCurrentIndex(form.lead.findData("130671"))
    form.responsible.check({"130671"})
    form.official.setText("张三")
    form.deadline.setText("2027年6月底前")
    form.category.setText("水")
    form.all_units.setChecked(True)
    form.error.clear()
    shot(form, "catalogue-form")
    form.submit()
    assert form.error.text() == "" and form.result() == 1
    view.reload()
    t = view.table
    assert t.rowCount() == 1
    assert [t.item(0, c).text() for c in (0, 3, 6, 7)] == ["1", "保定市生态环境局",
                                                          "2027年6月底前", "2"]
    # Enter on the row opens the form with the task in it; an unchanged form writes nothing.
    t.setCurrentCell(0, 0)
    before = _audit(desk)
    qtbot.keyClick(t, Qt.Key.Key_Return)
    edit = view.dialog
    assert edit is not None and edit is not form and edit.number.isReadOnly()
    assert edit.measures.toPlainText() == "清理垃圾\n建立巡查制度"
    edit.submit()
    assert edit.result() == 1 and _audit(desk) == before
    edit.close()
    # An edit: one unit taken out, a measure added; undo and redo.
    edit = view.edit_row(0)
    assert edit is not None
    edit.units.item(1).setCheckState(Qt.CheckState.Unchecked)  # 保定市莲池区
    edit.measures.setPlainText("清理垃圾\n建立巡查制度\n公开整改情况")
    edit.submit()
    edit.close()
    view.reload()
    assert t.item(0, 7).text() == "1" and "保定市莲池区" in t.item(0, 8).text()
    assert "不再适用" in t.item(0, 8).text()
    shot(view, "catalogue-tab", view.size().expandedTo(view.minimumSizeHint()) * 1.4)
    desk.undo.undo()
    view.reload()
    assert t.item(0, 7).text() == "2" and t.item(0, 8).text() == ""
    desk.undo.redo()
    view.reload()
    assert t.item(0, 7).text() == "1"
    desk.undo.undo()
    desk.undo.undo()  # the creation: every copy withdrawn, nothing counted
    view.reload()
    assert t.item(0, 7).text() == "0"
    desk.undo.redo()
    view.reload()
    assert t.item(0, 7).text() == "2"
    desk.deleteLater()
    ctx.close()
