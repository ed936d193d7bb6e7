"""Petitions: the list, a form to register or edit one, its linked tasks and revisits.
Complainant details stay hidden unless the clerk ticks the box."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop import logs
from desktop.services import petitions
from desktop.services.records import FieldError
from desktop.ui import commands
from desktop.ui.desk import Desk
from desktop.ui.petition_case_panel import PetitionCasePanel
from desktop.ui.petitions_model import PetitionsModel
from desktop.ui.style import ERROR_STYLE, INVALID_EDITOR, fit_headers

DATE_FIELDS = ("received_date", "handed_over_date")


class PetitionsView(QWidget):
    def __init__(self, desk: Desk, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.desk = desk
        self.model = PetitionsModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.setWordWrap(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.show_private = QCheckBox(self.tr("显示信访人信息"), self)
        self.show_private.toggled.connect(lambda _on: self.reload())
        new = QPushButton(self.tr("登记新信访件"), self)
        new.clicked.connect(self.new_petition)
        top = QHBoxLayout()
        top.addWidget(new)
        top.addStretch(1)
        top.addWidget(self.show_private)

        # The form: one editor per field, each with its message beside it.
        self.editors: dict[str, QLineEdit | QPlainTextEdit | QComboBox] = {}
        self.errors: dict[str, QLabel] = {}
        form = QFormLayout()
        for name, label in (("case_no", self.tr("案件编号 *")),
                            ("received_date", self.tr("受理日期")),
                            ("handed_over_date", self.tr("交办日期")),
                            ("location", self.tr("地点")), ("category", self.tr("类别"))):
            self._line(form, name, label)
        self._text(form, "content", self.tr("反映问题"))
        self._choice(form, "substantiated", self.tr("是否属实"),
                     [(self.tr("（未核实）"), ""), (self.tr("属实"), "属实"),
                      (self.tr("部分属实"), "部分属实"), (self.tr("不属实"), "不属实")])
        self._text(form, "result", self.tr("办理结果"))
        self._choice(form, "rectification_status", self.tr("整改情况"),
                     [(self.tr("办理中"), "in_progress"), (self.tr("已办结"), "done")])
        self._line(form, "tasks", self.tr("关联任务编号"))
        self.editors["tasks"].setPlaceholderText(self.tr("如 23、24"))
        self.private_rows = []
        for name, label in (("complainant_name", self.tr("信访人")),
                            ("complainant_phone", self.tr("联系电话")),
                            ("complainant_id", self.tr("身份证号"))):
            self._line(form, name, label)
            self.private_rows.append(name)
        self.save_button = QPushButton(self.tr("保存"), self)
        self.save_button.clicked.connect(self.save)
        self.revisits = QLabel(self)
        self.revisits.setWordWrap(True)
        self.revisit_date = QLineEdit(self)
        self.revisit_date.setPlaceholderText("2026-05-01")
        add_revisit = QPushButton(self.tr("安排回头看"), self)
        add_revisit.clicked.connect(self.add_revisit)
        self.general = QLabel(self)
        self.general.setStyleSheet(ERROR_STYLE)
        self.general.setWordWrap(True)
        rv = QHBoxLayout()
        rv.addWidget(self.revisit_date)
        rv.addWidget(add_revisit)
        # The result of a revisit that was due: findings, and whether the problem is back.
        self.revisit_due = QComboBox(self)
        self.revisit_findings = QLineEdit(self)
        self.revisit_findings.setPlaceholderText(self.tr("核查结果"))
        self.revisit_rebound = QCheckBox(self.tr("问题反弹"), self)
        record_revisit = QPushButton(self.tr("记录结果"), self)
        record_revisit.clicked.connect(self.record_revisit)
        rr = QHBoxLayout()
        rr.addWidget(self.revisit_due)
        rr.addWidget(self.revisit_findings, 1)
        rr.addWidget(self.revisit_rebound)
        rr.addWidget(record_revisit)

        panel = QWidget(self)
        pv = QVBoxLayout(panel)
        pv.addLayout(form)
        pv.addWidget(self.save_button)
        pv.addWidget(self.general)
        self.case_panel = PetitionCasePanel(desk, panel)
        pv.addWidget(self.case_panel)
        pv.addWidget(QLabel(self.tr("回头看："), panel))
        pv.addWidget(self.revisits)
        pv.addLayout(rv)
        pv.addLayout(rr)
        pv.addStretch(1)
        # Scrolls rather than setting the window's least height: the form is tall, and
        # an office laptop's screen is 768 pixels high.
        scroll = QScrollArea(self)
        scroll.setWidget(panel)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        # The form keeps the room its labels and editors need; the list gives way.
        scroll.setMinimumWidth(panel.minimumSizeHint().width()
                               + scroll.verticalScrollBar().sizeHint().width())
        split = QSplitter(self)
        split.addWidget(self.table)
        split.addWidget(scroll)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([3000, 2000])  # the list gets the larger share from the start
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(split, 1)

        self.current: petitions.PetitionRow | None = None
        self.table.selectionModel().currentRowChanged.connect(lambda cur, _p: self._pick(cur.row()))
        desk.reload_on_change(self, self.reload,
                              tables=frozenset({"petition", "revisit", "evidence", "task"}))
        self._set_private_visible(False)

    # --- form building ---
    def _with_error(self, form: QFormLayout, name: str, label: str, editor: QWidget) -> None:
        error = QLabel(self)
        error.setStyleSheet(ERROR_STYLE)
        error.setObjectName(f"error_{name}")
        row = QHBoxLayout()
        row.addWidget(editor, 3)
        row.addWidget(error, 2)
        form.addRow(label, row)
        self.errors[name] = error
        self.labels = getattr(self, "labels", {})
        self.labels[name] = form.labelForField(row)

    def _line(self, form: QFormLayout, name: str, label: str) -> None:
        editor = QLineEdit(self)
        if name in DATE_FIELDS:
            editor.setPlaceholderText("2026-05-01")
        editor.textChanged.connect(lambda _t, n=name: self.validate(n))
        self.editors[name] = editor
        self._with_error(form, name, label, editor)

    def _text(self, form: QFormLayout, name: str, label: str) -> None:
        editor = QPlainTextEdit(self)
        editor.setFixedHeight(self.fontMetrics().height() * 3 + 12)
        self.editors[name] = editor
        self._with_error(form, name, label, editor)

    def _choice(self, form: QFormLayout, name: str, label: str,
                items: list[tuple[str, str]]) -> None:
        box = QComboBox(self)
        for text, data in items:
            box.addItem(text, data)
        self.editors[name] = box
        self._with_error(form, name, label, box)

    def _set_private_visible(self, on: bool) -> None:
        for name in self.private_rows:
            self.editors[name].setVisible(on)
            self.errors[name].setVisible(on)
            self.labels[name].setVisible(on)

    # --- data ---
    def reload(self) -> None:
        show = self.show_private.isChecked()
        desk = self.desk
        rows = desk.fetch(lambda s: petitions.list_petitions(s, desk.today, show_private=show))
        keep = self.current.uuid if self.current else None
        self.model.set_rows(rows, show)
        self._set_private_visible(show)
        em = self.fontMetrics().horizontalAdvance("中")
        for col, width in enumerate((10, 6, 16, 5, 5, 5, 6, 5, 5)):
            self.table.horizontalHeader().resizeSection(col, width * em + 12)
        fit_headers(self.table.horizontalHeader())
        for i, r in enumerate(rows):
            if r.uuid == keep or (keep is None and i == 0):
                self.table.selectRow(i)
                return
        self._fill(None)

    def _pick(self, row: int) -> None:
        self._fill(self.model.rows[row] if 0 <= row < len(self.model.rows) else None)

    def _fill(self, row: petitions.PetitionRow | None) -> None:
        self.current = row
        for name, editor in self.editors.items():
            value: Any = getattr(row, name, "") if row else ""
            if name == "tasks":
                value = "、".join(str(n) for n in row.task_numbers) if row else ""
            if isinstance(value, date):
                value = value.isoformat()
            if isinstance(editor, QComboBox):
                editor.setCurrentIndex(max(0, editor.findData(value or "")))
            elif isinstance(editor, QPlainTextEdit):
                editor.setPlainText(value or "")
            else:
                editor.setText(value or "")
        for e in self.errors.values():
            e.setText("")
        self.general.setText("")
        self.save_button.setText(self.tr("保存修改") if row else self.tr("登记"))
        self.revisit_due.clear()
        self.case_panel.show_case(row.uuid if row else None)
        if row is None:
            self.revisits.setText("")
            return
        rvs = self.desk.fetch(lambda s: petitions.revisits(s, row.uuid))
        lines = []
        for r in rvs:
            if r["done_date"]:
                result = self.tr("反弹") if r["rebound"] else self.tr("未反弹")
                lines.append(f"{r['due_date']}  " + self.tr("已完成") + f"（{result}）"
                             + (f"：{r['findings']}" if r["findings"] else ""))
            else:
                lines.append(f"{r['due_date']}  " + self.tr("待进行"))
                if r["owner"] == self.desk.code:  # another desk records its own results
                    self.revisit_due.addItem(r["due_date"].isoformat(), r["uuid"])
        self.revisits.setText("\n".join(lines) or self.tr("尚未安排"))

    def new_petition(self) -> None:
        self.table.clearSelection()
        self._fill(None)
        self.editors["case_no"].setFocus()

    def value(self, name: str) -> Any:
        editor = self.editors[name]
        if isinstance(editor, QComboBox):
            return editor.currentData()
        if isinstance(editor, QPlainTextEdit):
            return editor.toPlainText()
        return editor.text()

    def validate(self, name: str) -> bool:
        from desktop.services.petitions import check_field

        try:
            if name != "tasks":
                check_field(name, self.value(name))
            error = ""
        except FieldError as e:
            error = str(e)
        self.errors[name].setText(error)
        self.editors[name].setStyleSheet(INVALID_EDITOR if error else "")
        return not error

    def _task_uuids(self) -> list[str]:
        text = self.value("tasks").replace("，", ",").replace("、", ",").replace(" ", ",")
        wanted = [t for t in text.split(",") if t.strip()]
        choices = {str(n): u for u, n, _t in self.desk.fetch(petitions.task_choices)}
        missing = [t for t in wanted if t.strip() not in choices]
        if missing:
            raise FieldError("tasks", _msg_no_task(", ".join(missing)))
        return [choices[t.strip()] for t in wanted]

    def save(self) -> None:
        fields = [n for n in self.editors if n != "tasks"]
        if not all([self.validate(n) for n in fields]):
            return
        values = {n: self.value(n) for n in fields}
        if not self.show_private.isChecked():
            for n in self.private_rows:  # masked, never written back
                values.pop(n)
        try:
            task_uuids = self._task_uuids()
            if self.current is None:
                values["task_uuids"] = task_uuids
                self._register(values)
            else:
                self._update(values, task_uuids)
        except FieldError as e:
            if e.field in self.errors:
                self.errors[e.field].setText(str(e))
            else:
                self.general.setText(str(e))
        except Exception as e:
            logs.caught(e)  # the traceback stays in the log
            self.general.setText(str(e))

    def _register(self, values: dict[str, Any]) -> None:
        tasks = values.pop("task_uuids")
        values = {k: v for k, v in values.items() if v not in ("", None)}
        values.setdefault("case_no", "")
        self.desk.push(commands.register_petition(self.desk, values, tasks,
                                                  self.tr("登记信访件")))

    def _update(self, values: dict[str, Any], task_uuids: list[str]) -> None:
        row = self.current
        assert row is not None
        new, old = {}, {}
        for k, v in values.items():
            before = getattr(row, k)
            before_text = before.isoformat() if isinstance(before, date) else (before or "")
            if str(v).strip() != str(before_text):
                new[k], old[k] = v, before
        if task_uuids != row.task_uuids:
            new["task_uuids"], old["task_uuids"] = task_uuids, row.task_uuids
        if new:
            self.desk.push(commands.update_petition(self.desk, row.uuid, new, old,
                                                    self.tr("修改信访件 %1")
                                                    .replace("%1", row.case_no)))

    def add_revisit(self) -> None:
        if self.current is None:
            self.general.setText(self.tr("请先选中一件信访件。"))
            return
        try:
            self.desk.push(commands.add_petition_revisit(
                self.desk, self.current.uuid, self.revisit_date.text(), self.tr("安排回头看")))
        except Exception as e:
            logs.caught(e)  # the traceback stays in the log
            self.general.setText(str(e))
            return
        self.revisit_date.clear()


    def record_revisit(self) -> None:
        """Deliberate, like a task's revisit: a rebound sends the case back to handling."""
        uuid = self.revisit_due.currentData()
        if self.current is None or not uuid:
            self.general.setText(self.tr("没有待进行的回头看。"))
            return
        desk = self.desk
        try:
            desk.ledger.record_revisit(
                uuid, done_date=desk.today, inspector=desk.ctx.name,
                findings=self.revisit_findings.text().strip(),
                rebound=self.revisit_rebound.isChecked())
        except Exception as e:
            logs.caught(e)  # the traceback stays in the log
            self.general.setText(str(e))
            return
        self.revisit_findings.clear()
        self.revisit_rebound.setChecked(False)
        desk.changed.emit("")


def _msg_no_task(numbers: str) -> Any:
    from desktop.i18n import Msg

    return Msg(f"没有编号为 {numbers} 的任务。", f"No task numbered {numbers}.")
