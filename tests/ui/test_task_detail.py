from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSize, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from desktop.services import demo
from desktop.ui.desk import Desk
from desktop.ui.task_dialog import TaskDialog
from tests.ui.conftest import shot

pytestmark = pytest.mark.qt


def task_uuid(desk: Desk, number: int) -> str:
    from desktop.services.ledger import task_rows

    rows = desk.fetch(lambda s: task_rows(s, desk.today, desk.ctx.settings))
    return next(r.uuid for r in rows if r.number == number)


@pytest.fixture
def dialog(desk: Desk, qtbot: QtBot) -> TaskDialog:
    d = TaskDialog(desk, task_uuid(desk, 1))
    qtbot.addWidget(d)
    d.show()
    return d


def settle(qtbot: QtBot) -> None:
    qtbot.wait(5)  # let the deferred reloads run


def test_list_models_pass_the_model_tester(dialog: TaskDialog, qtmodeltester) -> None:
    for table in dialog.lists.values():
        qtmodeltester.check(table.model)
    qtmodeltester.check(dialog.history.model)


def test_edit_undo_redo_a_measure(dialog: TaskDialog, desk: Desk, qtbot: QtBot) -> None:
    measures = dialog.lists["measure"]
    col = [c.field for c in measures.model.columns].index("done_date")
    index = measures.model.index(0, col)
    assert index.data() == ""
    assert measures.model.setData(index, "2026年11月20日")
    settle(qtbot)
    assert measures.model.index(0, col).data() == "2026-11-20"
    status = measures.model.index(0, len(measures.model.columns) - 1).data()
    assert status == "已完成"  # a done date completes the measure
    desk.undo.undo()
    settle(qtbot)
    assert measures.model.index(0, col).data() == ""
    desk.undo.redo()
    settle(qtbot)
    assert measures.model.index(0, col).data() == "2026-11-20"
    dialog.tabs.setCurrentWidget(measures)
    shot(dialog, "task-measures")


def test_keyboard_undo_in_the_task_window(dialog: TaskDialog, desk: Desk, qtbot: QtBot) -> None:
    problems = dialog.lists["problem"]
    assert problems.model.setData(problems.model.index(0, 1), "某工业园区")
    settle(qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert problems.model.index(0, 1).data() != "某工业园区"
    qtbot.keyClick(dialog, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    settle(qtbot)
    assert problems.model.index(0, 1).data() == "某工业园区"


def test_validation_message_next_to_the_cell(dialog: TaskDialog, qtbot: QtBot) -> None:
    measures = dialog.lists["measure"]
    dialog.tabs.setCurrentWidget(measures)
    col = [c.field for c in measures.model.columns].index("planned_date")
    index = measures.model.index(0, col)
    measures.view.edit(index)
    editor = measures.view.findChild(QLineEdit)
    assert editor is not None
    editor.setText("2026-02-30")
    assert "不是有效日期" in measures.error.text()
    shot(dialog, "task-validation")
    editor.setText("2026-03-01")
    assert measures.error.text() == ""


def test_add_form_checks_as_typed_and_adds(dialog: TaskDialog, desk: Desk, qtbot: QtBot) -> None:
    effects = dialog.lists["effect"]
    before = effects.model.rowCount()
    form = effects.start_add()
    rows = form.rows
    rows["achieved"].set_text("很多")
    assert "应为数字" in rows["achieved"].message.text()
    rows["indicator"].set_text("")
    assert not form.try_accept()
    assert "不能为空" in rows["indicator"].message.text()
    shot(form, "task-add-form")
    rows["indicator"].set_text("河道黑臭水体消除比例")
    rows["achieved"].set_text("80")
    assert form.try_accept()
    settle(qtbot)
    assert effects.model.rowCount() == before + 1
    desk.undo.undo()
    settle(qtbot)
    assert effects.model.rowCount() == before
    desk.undo.redo()
    settle(qtbot)
    assert effects.model.rowCount() == before + 1


def test_progress_for_this_month_and_percent_checked(dialog: TaskDialog, qtbot: QtBot) -> None:
    progress = dialog.lists["progress"]
    form = progress.start_add()
    assert form.rows["period"].text() == "2026-11"
    form.rows["percent"].set_text("120")
    assert "0到100" in form.rows["percent"].message.text()
    form.rows["percent"].set_text("95")
    form.rows["narrative"].set_text("本月完成专题会议。")
    assert form.try_accept()
    settle(qtbot)
    assert progress.model.index(0, 0).data() == "2026-11"
    again = progress.start_add()  # the month exists: said beside the month, nothing lost
    again.rows["percent"].set_text("99")
    assert not again.try_accept()
    assert "已有进展" in again.rows["period"].message.text()
    again.reject()


def test_delete_and_undo(dialog: TaskDialog, desk: Desk, qtbot: QtBot) -> None:
    problems = dialog.lists["problem"]
    n = problems.model.rowCount()
    problems.view.selectRow(0)
    problems.delete_selected()
    settle(qtbot)
    assert problems.model.rowCount() == n - 1
    desk.undo.undo()
    settle(qtbot)
    assert problems.model.rowCount() == n


def test_refused_edit_is_explained_and_not_in_history(desk: Desk, qtbot: QtBot) -> None:
    from desktop.services.ledger import task_rows
    from desktop.services.taskdetail import child_rows

    rows = desk.fetch(lambda s: task_rows(s, desk.today, desk.ctx.settings))
    with_ext = next(r.uuid for r in rows
                    if desk.fetch(lambda s, u=r.uuid: child_rows(s, "extension", u)))
    d = TaskDialog(desk, with_ext)
    qtbot.addWidget(d)
    extensions = d.lists["extension"]
    count = desk.undo.count()
    # The city approved this extension: the county's request stands as decided.
    assert not extensions.model.setData(extensions.model.index(0, 3), "改个理由")
    assert "市级已经审核，不能再修改" in extensions.error.text()
    assert desk.undo.count() == count


def test_evidence_added_by_dialog_and_by_drop(dialog: TaskDialog, desk: Desk, dialogs,
                                              tmp_path: Path, qtbot: QtBot) -> None:
    tab = dialog.evidence
    dialog.tabs.setCurrentWidget(tab)
    photo = tmp_path / "现场照片.png"
    photo.write_bytes(demo.png_bytes("x", 160, 100))
    dialogs.files = [photo]
    tab.choose_files()
    settle(qtbot)
    assert tab.list.count() == 1
    tab.list.setCurrentRow(0)
    assert tab.stack.currentWidget() is tab.image  # previewed inside the program
    assert not tab.image.pixmap().isNull()
    shot(dialog, "task-evidence")

    pdf = tmp_path / "监测报告.pdf"
    pdf.write_bytes(_tiny_pdf())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(pdf))])
    drop = QDropEvent(QPointF(5, 5), Qt.DropAction.CopyAction, mime,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    tab.dropEvent(drop)
    settle(qtbot)
    assert tab.list.count() == 2
    row = next(i for i in range(2) if "监测报告" in tab.list.item(i).text())
    tab.list.setCurrentRow(row)
    assert tab.stack.currentWidget() is tab.pdf_view
    desk.undo.undo()
    settle(qtbot)
    assert tab.list.count() == 1


def test_closeout_refused_with_unmet_conditions_named(dialog: TaskDialog, qtbot: QtBot) -> None:
    tab = dialog.closeout
    dialog.tabs.setCurrentWidget(tab)
    items = [tab.checklist.item(i).text() for i in range(tab.checklist.count())]
    assert any("措施未完成" in t for t in items)
    assert any("尚未进行验收" in t for t in items)
    tab.request_button.click()
    assert tab.refusal.text().startswith("不能申请销号")
    assert "措施未完成：制定市、县、乡三级党委" in tab.refusal.text()
    assert "效果缺少佐证材料" in tab.refusal.text()
    shot(dialog, "task-closeout")


def test_acceptance_recorded_validated_and_undone(dialog: TaskDialog, desk: Desk,
                                                  qtbot: QtBot) -> None:
    tab = dialog.closeout
    tab.checked_on.setText("2026-13-01")
    assert "不是有效日期" in tab.date_error.text()
    tab.checked_on.setText("2026-11-28")
    tab.record_acceptance()
    assert "验收人" in tab.acc_error.text()  # inspector required, said by the service
    tab.inspector.setText("区验收组")
    tab.passed.setChecked(False)
    tab.record_acceptance()
    settle(qtbot)
    assert "区验收组" in tab.acceptances.text()
    assert any("最近一次验收未通过" in tab.checklist.item(i).text()
               for i in range(tab.checklist.count()))
    desk.undo.undo()
    settle(qtbot)
    assert "尚无验收记录" in tab.acceptances.text()


def test_history_shows_edits_of_children(dialog: TaskDialog, qtbot: QtBot) -> None:
    problems = dialog.lists["problem"]
    problems.model.setData(problems.model.index(0, 2), "严重")
    settle(qtbot)
    dialog.tabs.setCurrentWidget(dialog.history)  # the log is read when its tab shows
    settle(qtbot)
    model = dialog.history.model
    assert model.rowCount() > 0
    top = [model.index(0, c).data() for c in range(model.columnCount())]
    assert top[2] == "问题清单" and top[3] == "修改" and top[6] == "严重"
    shot(dialog, "task-history")


def test_task_window_in_english(desk: Desk, qtbot: QtBot, english) -> None:
    d = TaskDialog(desk, task_uuid(desk, 1))
    qtbot.addWidget(d)
    assert d.tabs.tabText(0) == "Problems"
    d.closeout.request_button.click()
    assert d.closeout.refusal.text().startswith("Close-out cannot be requested")
    d.tabs.setCurrentWidget(d.closeout)
    shot(d, "task-closeout")
    d.tabs.setCurrentWidget(d.lists["measure"])
    shot(d, "task-measures")


def _tiny_pdf() -> bytes:
    """A one-page PDF with correct cross-reference offsets."""
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 120] >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1,
                                                                             xref)
    return bytes(out)


def test_dates_are_today(desk: Desk) -> None:
    assert desk.today == date(2026, 11, 29)


def test_revisit_rebound_reopens_and_keeps_closeout(desk: Desk, qtbot: QtBot, dialogs) -> None:
    from db.models import CloseoutDecision, Revisit, Task
    from desktop.services.ledger import task_rows

    def closed_with_pending_revisit(s):  # type: ignore[no-untyped-def]
        for r in task_rows(s, desk.today, desk.ctx.settings, status_filter="closed_out"):
            if s.query(Revisit).filter_by(task_uuid=r.uuid, done_date=None).count():
                return r.uuid
        return None

    uuid = desk.fetch(closed_with_pending_revisit)
    assert uuid is not None
    d = TaskDialog(desk, uuid)
    qtbot.addWidget(d)
    tab = d.closeout
    d.tabs.setCurrentWidget(tab)
    assert tab.revisit_button.isEnabled()
    tab.rebound.setChecked(True)
    tab.record_revisit()
    assert "核查人" in tab.revisit_error.text()
    tab.revisit_inspector.setText("区回头看核查组")
    tab.revisit_findings.setText("堆场苫盖破损，扬尘问题反弹")
    dialogs.answer = False  # the clerk thinks again
    tab.record_revisit()
    assert desk.fetch(lambda s: s.get(Task, uuid).status) == "closed_out"
    dialogs.answer = True
    tab.record_revisit()
    settle(qtbot)
    assert desk.fetch(lambda s: s.get(Task, uuid).status) == "reopened"
    assert desk.fetch(lambda s: s.query(CloseoutDecision).filter_by(
        task_uuid=uuid, approved=True).count()) == 1
    assert "反弹重启" in tab.status.text()
    items = [tab.checklist.item(i).text() for i in range(tab.checklist.count())]
    assert any("问题反弹后尚未重新验收" in t for t in items)
    shot(d, "task-revisit-rebound")


def test_closeout_procedure_line(desk: Desk, qtbot: QtBot) -> None:
    """The task window shows the close-out steps with their dates and who acted: all
    done for a closed-out task, the city's acceptance next for a requested one."""
    closed = TaskDialog(desk, task_uuid(desk, 2))
    qtbot.addWidget(closed)
    closed.tabs.setCurrentWidget(closed.closeout)
    boxes = [b.text() for b in closed.closeout.procedure.boxes]
    assert [b.split("\n")[0] for b in boxes[:5]] == [
        "✓ 自查", "✓ 申请销号", "✓ 市级验收", "✓ 公示", "✓ 销号"]
    assert "市整改办验收组" in boxes[2] and "市整改办" in boxes[4]
    assert all(len(b.split("\n")) >= 2 for b in boxes[:5])  # each with its date
    assert "2026年" in closed.closeout.procedure.boxes[3].toolTip()  # the notice period
    shot(closed, "task-closeout-procedure", QSize(1100, 700))
    requested = TaskDialog(desk, task_uuid(desk, 7))
    qtbot.addWidget(requested)
    steps = [b.text().split("\n")[0] for b in requested.closeout.procedure.boxes]
    assert steps[:3] == ["✓ 自查", "✓ 申请销号", "▶ 市级验收"]


def test_an_edit_refreshes_only_what_shows_it(dialog: TaskDialog, desk: Desk,
                                              qtbot: QtBot) -> None:
    """The door says which tables a change touched: a measure's date reloads the measure
    list (and the close-out checklist, the heading), not the problem or evidence lists."""
    resets: dict[str, int] = {}
    for kind in ("problem", "measure", "responsibility", "effect", "progress"):
        model = dialog.lists[kind].model
        resets[kind] = 0
        model.modelReset.connect(lambda k=kind: resets.__setitem__(k, resets[k] + 1))
    measures = dialog.lists["measure"]
    col = [c.field for c in measures.model.columns].index("planned_date")
    assert measures.model.setData(measures.model.index(0, col), "2027-01-15")
    settle(qtbot)
    assert resets["measure"] == 1
    assert resets["problem"] == resets["responsibility"] == resets["effect"] == 0
    assert resets["progress"] == 0
    desk.undo.undo()  # undo announces the same tables
    settle(qtbot)
    assert resets["measure"] == 2 and resets["problem"] == 0
